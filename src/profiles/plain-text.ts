// Plain text of unknown origin: lines and blank lines are the only structure there is. This
// module also holds the line-to-block reading that other text profiles build on; what is chrome
// is decided by the generic classifier in ./boilerplate.ts.
import type { DraftBlock, DraftReference, IngestedDoc, ProfiledDoc, RemovedSpan } from '../pipeline/types.ts';
import { chromeVocabulary, classifyBlocks, isMenuLine } from './boilerplate.ts';
import { NO_CONTEXT, type SourceProfile, type StripContext, type StripResult } from './profile.ts';

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

/** Function words a hard wrap often leaves at a line's end (a heading or link title rarely ends so). */
/** A module constant: the transpiler turns a literal with \p{Ll} into a `new RegExp` per evaluation. */
const STARTS_LOWER = /^\p{Ll}/u;
const WRAP_END = /(?:^|\s)(?:a|an|the|of|to|in|on|and|or|for|with|by|at|from|as|that|is|are|was|were|be|its|their|his|her|this|which)$/i;

/**
 * Lines that a hard wrap made: the block is one paragraph, not one block per line. Besides the
 * width, most breaks must fall inside a sentence (the next line starts in lower case, or the line
 * ends with a comma, hyphen or function word): a stack of headlines of similar width is not prose.
 */
function isHardWrapped(group: Line[]): boolean {
  if (group.length < 2) return false;
  if (!group.slice(0, -1).every((l) => l.text.length >= 40 && l.text.length <= 100)) return false;
  let inside = 0;
  for (let i = 0; i + 1 < group.length; i++) {
    const cur = group[i]!.text;
    const next = group[i + 1]!.text;
    if (STARTS_LOWER.test(next) || /[,;\-–(]$/.test(cur) || WRAP_END.test(cur)) inside++;
  }
  return inside * 2 >= group.length - 1;
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
  // The raw span of a list item or quote includes its marker: the marker is neither kept text nor
  // lost text, it is the block's syntax.
  const list = LIST_MARKER.exec(line.text);
  if (list) {
    return { type: 'list-item', text: line.text.slice(list[0].length), rawStart: line.start, rawEnd: line.end, depth: null };
  }
  const quote = QUOTE_MARKER.exec(line.text);
  if (quote) {
    return { type: 'quote', text: line.text.slice(quote[0].length), rawStart: line.start, rawEnd: line.end, depth: null };
  }
  if (isHeadingLike(line.text)) return { type: 'heading', text: line.text, rawStart: line.start, rawEnd: line.end, depth: 2 };
  return { type: 'paragraph', text: line.text, rawStart: line.start, rawEnd: line.end, depth: null };
}

/** Headings that open a bibliography: what follows them is references, not body. */
export const BIBLIOGRAPHY_HEADING =
  /^(?:works? cited|references?|bibliography|sources|literature cited|reference list|citations|notes and references|further reading)$/i;

/** A year, a DOI, a URL, or volume/page notation: what a citation carries and prose rarely does. */
const CITATION_CUE = /\((?:1[5-9]|20)\d\d[a-z]?\)|\b(?:1[5-9]|20)\d\d\b.{0,200}?\b(?:vol\.|pp?\.|no\.)|doi|https?:\/\/|\b(?:1[5-9]|20)\d\d[.,]/i;

export const isCitationLike = (text: string): boolean => CITATION_CUE.test(text.length > 2000 ? text.slice(0, 2000) : text);

/** The bibliography section found by findBibliography: blocks[heading] names it, entries run to blocks[end - 1]. */
export interface BibliographySpan {
  heading: number;
  end: number;
}

/**
 * Finds a closing bibliography: the last heading that names one, then its entries up to the end or
 * up to the first line that cannot be an entry (a heading-like line, page chrome). Only a section
 * whose entries are mostly citation-like is a bibliography: a "Sources" heading over prose is body.
 * `stop` tells page chrome that may follow the list (footer lines) apart from entries.
 */
export function findBibliography(blocks: readonly DraftBlock[], stop: (b: DraftBlock) => boolean = () => false): BibliographySpan | null {
  let at = -1;
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i]!;
    if ((b.type === 'heading' || b.type === 'paragraph') && b.text.length < 40 && BIBLIOGRAPHY_HEADING.test(b.text.trim())) {
      at = i;
      break;
    }
  }
  if (at === -1) return null;
  let end = at + 1;
  let citationLike = 0;
  while (end < blocks.length) {
    const b = blocks[end]!;
    const cue = isCitationLike(b.text);
    if (!cue && (b.type === 'heading' || stop(b))) break;
    if (cue) citationLike++;
    end++;
  }
  const entries = end - at - 1;
  if (entries === 0 || citationLike < entries / 2) return null;
  return { heading: at, end };
}

/**
 * Splits off a bibliography: the last heading that names one, up to `end`. Its entries (one per
 * block) become draft references and the section is recorded as removed.
 */
export function takeBibliography(blocks: DraftBlock[], end: number): {
  body: DraftBlock[];
  references: DraftReference[];
  removed: RemovedSpan[];
} {
  const bib = findBibliography(blocks);
  if (!bib || bib.end !== blocks.length) return { body: blocks, references: [], removed: [] };
  const entries = blocks.slice(bib.heading + 1, bib.end);
  return {
    body: blocks.slice(0, bib.heading),
    references: entries.map((b) => ({ raw: b.text, rawStart: b.rawStart, rawEnd: b.rawEnd })),
    removed: [{ rule: 'bibliography', rawStart: blocks[bib.heading]!.rawStart, rawEnd: Math.max(end, blocks[bib.heading]!.rawEnd) }],
  };
}

export function titleFromBlocks(blocks: DraftBlock[], doc: IngestedDoc): string | null {
  const first = blocks[0];
  if (first?.type === 'title') return first.text;
  return doc.provenance?.title ?? null;
}

/**
 * The first kept block is the title when it looks like one: a short line without final punctuation
 * standing before the body. A document that opens with prose has no title line.
 */
export function promoteTitle(blocks: DraftBlock[]): void {
  const first = blocks[0];
  if (!first || first.type === 'list-item' || first.type === 'quote') return;
  // A question can head a thread or an article ("Can my employer keep my passport?").
  const question = /\?$/.test(first.text) && isHeadingLike(first.text.slice(0, -1));
  if (first.type === 'heading' || (first.type === 'paragraph' && (isHeadingLike(first.text) || question) && blocks.length > 1)) {
    first.type = 'title';
    first.depth = 1;
  }
}

/** Kept blocks keep the structure lineBlocks gave them; a heading left without its section is text. */
function settleHeadings(blocks: DraftBlock[]): void {
  const last = blocks[blocks.length - 1];
  if (last?.type === 'heading' && blocks.length > 1) {
    last.type = 'paragraph';
    last.depth = null;
  }
}

/**
 * Cleans line-structured text of unknown origin: blocks from lines, a closing bibliography taken
 * as references, and the rest through the boilerplate classifier (./boilerplate.ts).
 */
export function stripPlainText(doc: ProfiledDoc, context: StripContext = NO_CONTEXT, from = 0, to = doc.raw.length): StripResult {
  const blocks = lineBlocks(doc.raw, from, to, { firstIsTitle: false });
  // Footer chrome after the list ends the bibliography; it is the classifier's to remove.
  const bib = findBibliography(blocks, (b) => chromeVocabulary(b.text) !== null || isMenuLine(b.text));
  const before = bib ? blocks.slice(0, bib.heading) : blocks;
  const entries = bib ? blocks.slice(bib.heading + 1, bib.end) : [];
  const after = bib ? blocks.slice(bib.end) : [];
  // The bibliography separates body from footer: each side is classified on its own, edges as bad.
  const head = classifyBlocks(before, context);
  const tail = after.length ? classifyBlocks(after, context) : { kept: [], removed: [] };
  const kept = [...head.kept, ...tail.kept];
  const removed: RemovedSpan[] = [...head.removed, ...tail.removed];
  if (bib) {
    const h = blocks[bib.heading]!;
    removed.push({ rule: 'bibliography', rawStart: h.rawStart, rawEnd: blocks[bib.end - 1]!.rawEnd, detail: `entries=${entries.length}` });
  }
  settleHeadings(kept);
  promoteTitle(kept);
  return {
    title: titleFromBlocks(kept, doc),
    metadata: {},
    blocks: kept,
    removed,
    references: entries.map((b) => ({ raw: b.text, rawStart: b.rawStart, rawEnd: b.rawEnd })),
  };
}

export const plainText: SourceProfile = {
  name: 'plain-text',
  description: 'plain text of unknown origin: blocks from lines, boilerplate classified jusText-style',
  formats: ['text'],
  detect: () => 0.1,
  strip: (doc: ProfiledDoc, context?: StripContext): StripResult => stripPlainText(doc, context),
};
