// Markdown documents, read with remark-parse: YAML front matter becomes metadata, mdast blocks
// become blocks. What is not prose is recorded as removed, each with its rule: link definitions,
// HTML comments and raw HTML blocks, code, badges (paragraphs of images or linked images), tables
// of contents (lists of links to in-page anchors), "back to top" links, navigation lists (lists of
// bare links), footnote definitions and markers, data tables; and short paragraphs in the chrome
// vocabulary of ./boilerplate.ts. Tables whose cells are prose keep one paragraph per row.
import type { Html, List, ListItem, Nodes, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import YAML from 'yaml';
import type { DraftBlock, ProfiledDoc, RemovedSpan } from '../pipeline/types.ts';
import { chromeVocabulary, features } from './boilerplate.ts';
import { NO_CONTEXT, type SourceProfile, type StripContext, type StripResult } from './profile.ts';
import { lowerBound } from '../util/search.ts';

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml', 'toml']);

export function parseMarkdown(text: string): Root {
  return parser.parse(text);
}

const span = (n: Nodes) => ({ rawStart: n.position?.start.offset ?? 0, rawEnd: n.position?.end.offset ?? 0 });

/** "[^1]" left in the text: GFM footnote markers, which CommonMark reads as plain text. */
const FOOTNOTE_MARKER = /\[\^[^\]\s]{1,30}\]/g;

interface TextOut {
  text: string;
  /** Characters of the text inside links (link density, as HTML extractors use it). */
  linkChars: number;
  /** Links seen, and how many of them point into the page (#anchor). */
  links: number;
  anchorLinks: number;
  images: number;
  /** Raw spans of footnote markers found in text nodes. */
  markers: { rawStart: number; rawEnd: number }[];
}

/**
 * The prose of phrasing content: text and inline code, links by their text; images, inline HTML and
 * footnote markers leave nothing (an image's alt text is not the author's sentence).
 */
function inlineText(nodes: readonly Nodes[], raw: string): TextOut {
  const out: TextOut = { text: '', linkChars: 0, links: 0, anchorLinks: 0, images: 0, markers: [] };
  const walk = (list: readonly Nodes[], inLink: boolean) => {
    for (const node of list) {
      switch (node.type) {
        case 'text': {
          const start = node.position?.start.offset;
          const value = node.value.replace(FOOTNOTE_MARKER, (m, idx: number) => {
            if (start !== undefined && raw.startsWith(m, start + idx)) out.markers.push({ rawStart: start + idx, rawEnd: start + idx + m.length });
            return '';
          });
          out.text += value;
          if (inLink) out.linkChars += value.trim().length;
          break;
        }
        case 'inlineCode':
          out.text += node.value;
          if (inLink) out.linkChars += node.value.length;
          break;
        case 'break':
          out.text += ' ';
          break;
        case 'image':
        case 'imageReference':
          out.images++;
          break;
        case 'html':
          // Inline HTML (<br>, <sup>) leaves a space, never glued words.
          out.text += ' ';
          break;
        case 'link':
        case 'linkReference': {
          out.links++;
          if (node.type === 'link' && node.url.startsWith('#')) out.anchorLinks++;
          walk(node.children as Nodes[], true);
          break;
        }
        default:
          if ('children' in node) walk(node.children as Nodes[], inLink);
      }
    }
  };
  walk(nodes, false);
  out.text = out.text.replace(/\s+/g, ' ').trim();
  return out;
}

const hasProse = (t: TextOut) => t.text.replace(/[\s\p{P}\p{S}]+/gu, '').length > 0;

/** A list is a table of contents when every item is only links to anchors of this page. */
function isTocList(list: List, raw: string): boolean {
  let anchors = 0;
  const itemOk = (item: ListItem): boolean =>
    item.children.every((child) => {
      if (child.type === 'list') return child.children.every(itemOk);
      if (child.type !== 'paragraph') return false;
      const t = inlineText(child.children, raw);
      anchors += t.anchorLinks;
      return t.links > 0 && t.links === t.anchorLinks && t.linkChars >= t.text.replace(/[\s\p{P}]+/gu, '').length * 0.8;
    });
  return list.children.length > 0 && list.children.every(itemOk) && anchors >= 2;
}

/**
 * Navigation: three or more items, each nothing but a link (a menu, related articles, a list of
 * bare links, which the rules drop as they drop "External links").
 */
function isLinkList(list: List, raw: string): boolean {
  if (list.children.length < 3) return false;
  return list.children.every((item) => {
    const paras = item.children.filter((c): c is Paragraph => c.type === 'paragraph');
    if (paras.length !== 1 || item.children.length !== 1) return false;
    const t = inlineText(paras[0]!.children, raw);
    return t.links >= 1 && t.text.split(/\s+/).length <= 15 && t.linkChars >= t.text.replace(/[\s\p{P}]+/gu, '').length * 0.8;
  });
}

const TOC_HEADING = /^(?:table of contents|contents|toc|on this page|in this article)$/i;
const BACK_TO_TOP = /\b(?:back to top|to top|top of page|back|return to top|go to top)\b|^[↑⬆▲^]+$/i;

/** GFM table syntax (not parsed by CommonMark): a header row, a delimiter row, body rows. */
const DELIMITER_ROW = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

function splitRow(line: string): string[] {
  let t = line.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|') && !t.endsWith('\\|')) t = t.slice(0, -1);
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (c === '\\' && t[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (c === '|') {
      cells.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  cells.push(cur.trim());
  return cells;
}

interface TableRows {
  header: string[];
  rows: { cells: string[]; rawStart: number; rawEnd: number }[];
}

function readTable(raw: string, start: number, end: number): TableRows | null {
  const text = raw.slice(start, end);
  const lines: { text: string; start: number }[] = [];
  let pos = 0;
  for (const l of text.split('\n')) {
    lines.push({ text: l, start: start + pos });
    pos += l.length + 1;
  }
  if (lines.length < 2 || !lines[0]!.text.includes('|') || lines[1]!.text.length > 2000 || !DELIMITER_ROW.test(lines[1]!.text)) return null;
  const header = splitRow(lines[0]!.text);
  const rows = lines.slice(2).filter((l) => l.text.trim()).map((l) => ({ cells: splitRow(l.text), rawStart: l.start, rawEnd: l.start + l.text.length }));
  return { header, rows };
}

/** A cell's prose: the cell read as Markdown, so links and emphasis leave their text (plain cells need no parse). */
const cellText = (cell: string, raw: string) => {
  if (!/[[\]`*_<>\\!&]/.test(cell)) return cell.trim();
  const tree = parser.parse(cell);
  return tree.children.map((c) => ('children' in c ? inlineText(c.children as Nodes[], raw).text : '')).join(' ').trim();
};

/** A row is prose when one of its cells is a sentence, not a label or a figure. */
function isProseRow(cells: string[]): boolean {
  return cells.some((c) => {
    const f = features(c);
    return (f.words >= 6 && f.stop >= 0.2) || (f.words >= 4 && f.terminal && f.stop > 0);
  });
}

export function stripMarkdown(doc: ProfiledDoc, context: StripContext = NO_CONTEXT): StripResult {
  const raw = doc.raw;
  const tree = parseMarkdown(raw);
  const blocks: DraftBlock[] = [];
  const removed: RemovedSpan[] = [];
  let metadata: Record<string, unknown> = {};
  /** Prose seen yet? Badges are the images before it. */
  let seenProse = false;

  const paragraph = (node: Paragraph, type: DraftBlock['type'], decision: string) => {
    const s = span(node);
    const table = readTable(raw, s.rawStart, s.rawEnd);
    if (table) {
      // Decided by the rules: a table is not prose, so it goes, unless its cells are sentences a
      // reader would want (then each row is one paragraph, its cells joined; the header row is labels).
      let kept = 0;
      for (const row of table.rows) {
        const cells = row.cells.map((c) => cellText(c, raw)).filter(Boolean);
        if (isProseRow(cells)) {
          kept++;
          blocks.push({ type: 'paragraph', text: cells.join('; '), rawStart: row.rawStart, rawEnd: row.rawEnd, depth: null, decision: 'markdown:table-row (a cell is prose)' });
        } else removed.push({ rule: 'markdown:table', rawStart: row.rawStart, rawEnd: row.rawEnd, detail: `row of ${cells.length} cells without prose` });
      }
      const headEnd = table.rows[0]?.rawStart ?? s.rawEnd;
      removed.push({ rule: 'markdown:table', rawStart: s.rawStart, rawEnd: Math.max(s.rawStart, headEnd - 1), detail: `header and delimiter rows (${table.header.length} columns, ${kept}/${table.rows.length} rows kept)` });
      if (kept) seenProse = true;
      return;
    }
    const t = inlineText(node.children, raw);
    const head = raw.slice(s.rawStart, s.rawStart + 200);
    // MDX documentation pages open with ES module lines: code, not prose.
    if (/^(?:import|export)\s[^\n]{0,150}?(?:\sfrom\s+['"]|=)/.test(head)) {
      removed.push({ rule: 'markdown:mdx', ...s, detail: 'MDX import/export statement' });
      return;
    }
    // Admonition fences (":::tip" ... ":::", "!!! note") frame prose: the fences go, the prose stays.
    t.text = t.text.replace(/^(?::{3,}|!{3})\s*[\w-]*(?:\s+|$)/, '').replace(/\s*:{3,}$/, '').trim();
    if (/^\[\^[^\]\s]{1,30}\]:/.test(head)) {
      removed.push({ rule: 'markdown:footnote', ...s, detail: 'footnote definition' });
      return;
    }
    if (!hasProse(t)) {
      if (t.images > 0) {
        removed.push({ rule: seenProse ? 'markdown:image' : 'markdown:badges', ...s, detail: `${t.images} images, no text` });
      } else if (t.links > 0) {
        removed.push({ rule: 'markdown:links', ...s, detail: `${t.links} links, no text` });
      } else if (s.rawEnd > s.rawStart) {
        removed.push({ rule: 'markdown:symbols', ...s });
      }
      return;
    }
    const letters = t.text.replace(/[\s\p{P}]+/gu, '').length;
    // Links to this page and nothing else: "back to top", "↑ Contents".
    if (t.links > 0 && t.links === t.anchorLinks && t.linkChars >= letters * 0.8) {
      removed.push({ rule: BACK_TO_TOP.test(t.text) ? 'markdown:back-to-top' : 'markdown:anchor-links', ...s, detail: `${t.links} in-page links` });
      return;
    }
    // "[Home](/) | [Blog](/blog) | [About](/about)", "[Previous](a) [Next](b)": a menu line.
    if (t.links >= 2 && t.linkChars >= letters * 0.8 && t.text.split(/\s+/).length <= t.links * 4) {
      removed.push({ rule: 'markdown:link-line', ...s, detail: `${t.links} links, link density ${(t.linkChars / Math.max(1, letters)).toFixed(2)}` });
      return;
    }
    const family = t.text.length <= 300 ? chromeVocabulary(t.text) : null;
    if (family) {
      removed.push({ rule: 'boilerplate:vocabulary', ...s, detail: `family=${family}` });
      return;
    }
    if (t.text.length <= 300) {
      const docs = context.lineDocumentCount(raw.slice(s.rawStart, s.rawEnd));
      if (docs >= context.repeatedLineMinDocs) {
        removed.push({ rule: 'boilerplate:repeated', ...s, detail: `documents=${docs}` });
        return;
      }
    }
    // A task list's "[ ]" / "[x]" is a checkbox, not text (no GFM here).
    const text = type === 'list-item' ? t.text.replace(/^\[[ xX]\]\s+/, '') : t.text;
    for (const m of t.markers) removed.push({ rule: 'markdown:footnote-marker', ...m });
    blocks.push({ type, text, ...s, depth: null, decision });
    seenProse = true;
  };

  const listItems = (list: List, inQuote: boolean) => {
    for (const item of list.children) {
      for (const child of item.children) {
        if (child.type === 'paragraph') paragraph(child, inQuote ? 'quote' : 'list-item', 'markdown:list-item');
        else if (child.type === 'list') list_(child, inQuote);
        else walk([child], inQuote);
      }
    }
  };
  const list_ = (list: List, inQuote: boolean) => {
    if (isTocList(list, raw)) removed.push({ rule: 'markdown:toc', ...span(list), detail: 'every item links to an anchor of this page' });
    else if (isLinkList(list, raw)) removed.push({ rule: 'markdown:link-list', ...span(list), detail: `${list.children.length} items, each only a link` });
    else listItems(list, inQuote);
  };

  const walk = (nodes: readonly RootContent[], inQuote: boolean) => {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      switch (node.type) {
        case 'yaml': {
          try {
            const parsed = YAML.parse(node.value) as unknown;
            if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) metadata = parsed as Record<string, unknown>;
          } catch {
            // Broken front matter is kept out of the text but not fatal.
          }
          removed.push({ rule: 'markdown:front-matter', ...span(node) });
          break;
        }
        case 'heading': {
          const t = inlineText(node.children, raw);
          const next = nodes[i + 1];
          if (TOC_HEADING.test(t.text) && next?.type === 'list' && isTocList(next, raw)) {
            removed.push({ rule: 'markdown:toc', ...span(node), detail: 'heading of a table of contents' });
            break;
          }
          if (!hasProse(t)) {
            removed.push({ rule: t.images ? 'markdown:badges' : 'markdown:symbols', ...span(node) });
            break;
          }
          const family = chromeVocabulary(t.text);
          if (family) {
            removed.push({ rule: 'boilerplate:vocabulary', ...span(node), detail: `family=${family}` });
            break;
          }
          for (const m of t.markers) removed.push({ rule: 'markdown:footnote-marker', ...m });
          blocks.push({ type: 'heading', text: t.text, ...span(node), depth: node.depth + 1, decision: `markdown:heading h${node.depth}` });
          break;
        }
        case 'paragraph': {
          // "On this page" / "Contents" as a plain line over a table of contents goes with it.
          const next = nodes[i + 1];
          if (next?.type === 'list' && isTocList(next, raw) && TOC_HEADING.test(inlineText(node.children, raw).text.replace(/:$/, ''))) {
            removed.push({ rule: 'markdown:toc', ...span(node), detail: 'label of a table of contents' });
            break;
          }
          paragraph(node, inQuote ? 'quote' : 'paragraph', inQuote ? 'markdown:blockquote' : 'markdown:paragraph');
          break;
        }
        case 'blockquote':
          walk(node.children, true);
          break;
        case 'list':
          list_(node, inQuote);
          break;
        case 'html':
          removed.push({ rule: 'markdown:html', ...span(node), detail: isComment(node) ? 'comment' : 'raw HTML block' });
          break;
        case 'definition':
          removed.push({ rule: 'markdown:link-definition', ...span(node) });
          break;
        case 'code':
          // Decided: the corpus is prose; code is recorded as removed, with its language.
          removed.push({ rule: 'markdown:code', ...span(node), detail: node.lang ? `lang=${node.lang}` : 'no language' });
          break;
        case 'thematicBreak':
          removed.push({ rule: 'markdown:thematic-break', ...span(node) });
          break;
        default:
          // TOML front matter is not in mdast's types; it is front matter all the same.
          if ((node.type as string) === 'toml') removed.push({ rule: 'markdown:front-matter', ...span(node), detail: 'TOML (not parsed)' });
          else if ('children' in node) walk(node.children as RootContent[], inQuote);
          else removed.push({ rule: `markdown:${node.type}`, ...span(node) });
      }
    }
  };
  walk(tree.children, false);

  dropEmptySections(blocks, removed, raw.length);

  const fmTitle = typeof metadata.title === 'string' && metadata.title.trim() ? metadata.title.trim() : null;
  // A first-level heading at the top is the title.
  const first = blocks[0];
  let title = fmTitle;
  if (first && first.type === 'heading' && first.depth === 2) {
    first.type = 'title';
    first.depth = 1;
    first.decision = 'markdown:title (first h1)';
    title ??= first.text;
  } else if (fmTitle) {
    blocks.unshift({ type: 'title', text: fmTitle, rawStart: 0, rawEnd: 0, depth: 1, decision: 'markdown:title (front matter)' });
  }
  removed.sort((a, b) => a.rawStart - b.rawStart || a.rawEnd - b.rawEnd);
  return { title: title ?? doc.provenance?.title ?? null, metadata, blocks: blocks.filter((b) => b.text.trim()), removed, references: [] };
}

/**
 * A heading whose whole section was removed (a data table, a link list, code) heads nothing a
 * reader will see: it goes too. A section that was empty in the source keeps its heading.
 */
function dropEmptySections(blocks: DraftBlock[], removed: RemovedSpan[], rawLength: number): void {
  const starts = removed.map((r) => r.rawStart).sort((a, b) => a - b);
  const removedWithin = (from: number, to: number) => {
    const k = lowerBound(starts, from);
    return k < starts.length && starts[k]! < to;
  };
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i]!;
    if (b.type !== 'heading') continue;
    const next = blocks[i + 1];
    const ends = !next || (next.type === 'heading' && (next.depth ?? 0) <= (b.depth ?? 0));
    if (ends && removedWithin(b.rawEnd, next ? next.rawStart : rawLength)) {
      removed.push({ rule: 'markdown:empty-section', rawStart: b.rawStart, rawEnd: b.rawEnd, detail: 'every block under this heading was removed' });
      blocks.splice(i, 1);
    }
  }
}

const isComment = (node: Html) => /^\s*<!--/.test(node.value);

export const markdown: SourceProfile = {
  name: 'markdown',
  description: 'Markdown through remark-parse: front matter as metadata, mdast blocks as blocks, chrome recorded as removed',
  formats: ['markdown'],
  detect: (doc) => (doc.format === 'markdown' ? 0.5 : 0),
  strip: (doc: ProfiledDoc, context?: StripContext): StripResult => stripMarkdown(doc, context),
};
