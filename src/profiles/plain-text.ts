// Plain text of unknown origin: lines and blank lines are the only structure there is. This
// module also holds the line-to-block reading that other text profiles build on.
import type { DraftBlock, DraftReference, IngestedDoc, ProfiledDoc, RemovedSpan } from '../pipeline/types.ts';
import type { SourceProfile, StripResult } from './profile.ts';

export interface Line {
  text: string;
  start: number;
  end: number;
}

/** Lines of raw[from, to) with their offsets, trimmed; blank lines kept as empty text. */
export function linesOf(raw: string, from = 0, to = raw.length): Line[] {
  const out: Line[] = [];
  let pos = from;
  while (pos <= to) {
    let nl = raw.indexOf('\n', pos);
    if (nl === -1 || nl > to) nl = to;
    const text = raw.slice(pos, nl);
    const lead = text.length - text.trimStart().length;
    const trimmed = text.trim();
    out.push({ text: trimmed, start: pos + lead, end: pos + lead + trimmed.length });
    if (nl >= to) break;
    pos = nl + 1;
  }
  return out;
}

const LIST_MARKER = /^(?:[-*•–]\s+|\d{1,3}[.)]\s+)/;
const QUOTE_MARKER = /^>\s?/;
const TERMINAL = /[.!?:;,…"”']$/;

/** A short line without final punctuation that stands alone: a heading (or a title if first). */
export function isHeadingLike(text: string): boolean {
  if (text.length === 0 || text.length > 100 || TERMINAL.test(text)) return false;
  const words = text.split(/\s+/).length;
  if (words > 14) return false;
  return /^["“'(]?[\p{Lu}\p{N}]/u.test(text);
}

/** Lines that a hard wrap made: the block is one paragraph, not one block per line. */
function isHardWrapped(group: Line[]): boolean {
  if (group.length < 2) return false;
  return group.slice(0, -1).every((l) => l.text.length >= 40 && l.text.length <= 100);
}

/**
 * Reads blocks from plain text: blank-line groups of hard-wrapped lines become one paragraph,
 * otherwise each line is a block; "- " lines are list items, "> " lines quotes, short unpunctuated
 * lines headings. The first block becomes the title when it looks like one.
 */
export function lineBlocks(raw: string, from = 0, to = raw.length, opts: { firstIsTitle?: boolean } = {}): DraftBlock[] {
  const lines = linesOf(raw, from, to);
  const groups: Line[][] = [];
  let cur: Line[] = [];
  for (const line of lines) {
    if (line.text === '') {
      if (cur.length) groups.push(cur);
      cur = [];
    } else cur.push(line);
  }
  if (cur.length) groups.push(cur);

  const blocks: DraftBlock[] = [];
  for (const group of groups) {
    const hasMarkers = group.some((l) => LIST_MARKER.test(l.text) || QUOTE_MARKER.test(l.text));
    if (!hasMarkers && isHardWrapped(group)) {
      const first = group[0]!;
      const last = group[group.length - 1]!;
      blocks.push({
        type: 'paragraph',
        text: group.map((l) => l.text).join(' '),
        rawStart: first.start,
        rawEnd: last.end,
        depth: null,
      });
      continue;
    }
    for (const line of group) blocks.push(lineBlock(line));
  }
  // A heading needs something after it: a short last line is a paragraph.
  const last = blocks[blocks.length - 1];
  if (last?.type === 'heading' && blocks.length > 1) {
    last.type = 'paragraph';
    last.depth = null;
  }
  if (opts.firstIsTitle !== false && blocks[0] && blocks[0].type === 'heading') {
    blocks[0].type = 'title';
    blocks[0].depth = 1;
  }
  return blocks;
}

function lineBlock(line: Line): DraftBlock {
  const list = LIST_MARKER.exec(line.text);
  if (list) {
    return { type: 'list-item', text: line.text.slice(list[0].length), rawStart: line.start + list[0].length, rawEnd: line.end, depth: null };
  }
  const quote = QUOTE_MARKER.exec(line.text);
  if (quote) {
    return { type: 'quote', text: line.text.slice(quote[0].length), rawStart: line.start + quote[0].length, rawEnd: line.end, depth: null };
  }
  if (isHeadingLike(line.text)) return { type: 'heading', text: line.text, rawStart: line.start, rawEnd: line.end, depth: 2 };
  return { type: 'paragraph', text: line.text, rawStart: line.start, rawEnd: line.end, depth: null };
}

/** Headings that open a bibliography: what follows them is references, not body. */
export const BIBLIOGRAPHY_HEADING =
  /^(?:works? cited|references?|bibliography|sources|literature cited|reference list|citations|notes and references|further reading)$/i;

/** A year, a DOI, a URL, or volume/page notation: what a citation carries and prose rarely does. */
const CITATION_CUE = /\((?:1[5-9]|20)\d\d[a-z]?\)|\b(?:1[5-9]|20)\d\d\b.*\b(?:vol\.|pp?\.|no\.)|doi|https?:\/\/|\b(?:1[5-9]|20)\d\d[.,]/i;

/**
 * Splits off a bibliography: the last heading that names one, up to `end`. Its entries (one per
 * block) become draft references and the section is recorded as removed.
 */
export function takeBibliography(blocks: DraftBlock[], end: number): {
  body: DraftBlock[];
  references: DraftReference[];
  removed: RemovedSpan[];
} {
  let at = -1;
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i]!;
    if ((b.type === 'heading' || b.type === 'paragraph') && BIBLIOGRAPHY_HEADING.test(b.text.trim())) {
      at = i;
      break;
    }
  }
  if (at === -1) return { body: blocks, references: [], removed: [] };
  const entries = blocks.slice(at + 1);
  // Only a closing section of citation-like entries is a bibliography; a "Sources" heading
  // followed by prose or further sections is body.
  const citationLike = entries.filter((b) => CITATION_CUE.test(b.text)).length;
  if (entries.length === 0 || entries.some((b) => b.type === 'heading') || citationLike < entries.length / 2) {
    return { body: blocks, references: [], removed: [] };
  }
  return {
    body: blocks.slice(0, at),
    references: entries.map((b) => ({ raw: b.text, rawStart: b.rawStart, rawEnd: b.rawEnd })),
    removed: [{ rule: 'bibliography', rawStart: blocks[at]!.rawStart, rawEnd: Math.max(end, blocks[at]!.rawEnd) }],
  };
}

export function titleFromBlocks(blocks: DraftBlock[], doc: IngestedDoc): string | null {
  const first = blocks[0];
  if (first?.type === 'title') return first.text;
  return doc.provenance?.title ?? null;
}

export const plainText: SourceProfile = {
  name: 'plain-text',
  description: 'plain text of unknown origin: blocks from lines and blank lines',
  formats: ['text'],
  detect: () => 0.1,
  strip(doc: ProfiledDoc): StripResult {
    const all = lineBlocks(doc.raw);
    const { body, references, removed } = takeBibliography(all, doc.raw.length);
    return { title: titleFromBlocks(body, doc), metadata: {}, blocks: body, removed, references };
  },
};
