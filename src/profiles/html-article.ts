// HTML pages: find the article body and emit its headings, paragraphs, list items and quotes.
// Parsing uses cheerio's htmlparser2 back end (fast, with source offsets); the extraction itself
// works on a flat array of the elements (./html/), linear in the page size and without recursion.
import * as cheerio from 'cheerio';
import type { DraftBlock, ProfiledDoc, RemovedSpan } from '../pipeline/types.ts';
import { ATTEMPTS, Page, selectArticle, textOf, type Selection } from './html/extract.ts';
import { bestMatch, coverage, grams, jsonLdBody } from './html/hint.ts';
import { emitBlocks, recordOutside, spanOf } from './html/emit.ts';
import { filterBlocks } from './html/filter.ts';
import { capNesting } from './html/depth.ts';
import type { SourceProfile, StripResult } from './profile.ts';

export function loadHtml(html: string) {
  return cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true, withStartIndices: true, withEndIndices: true } });
}

export function extractHtml(html: string, fallbackTitle: string | null): StripResult {
  const $ = loadHtml(capNesting(html));
  const page = new Page($.root()[0]!);
  const { nodes } = page;
  const metadata: Record<string, unknown> = {};
  let ogTitle: string | null = null;
  let titleTag: { text: string; i: number } | null = null;
  for (let i = 0; i < nodes.length; i++) {
    const x = nodes[i]!;
    const a = x.el.attribs;
    if (x.tag === 'meta') {
      const key = (a.property ?? a.name ?? '').toLowerCase();
      const content = a.content?.trim();
      if (!content) continue;
      if (key === 'og:title' && !ogTitle) ogTitle = content;
      else if (key === 'description' && !metadata.description) metadata.description = content;
      else if (key === 'author' && !metadata.author) metadata.author = content;
      else if (key === 'article:published_time' && !metadata.published) metadata.published = content;
    } else if (x.tag === 'link' && a.rel === 'canonical' && a.href && !metadata.canonical) metadata.canonical = a.href.trim();
    else if (x.tag === 'title' && !titleTag) titleTag = { text: textOf(x.el), i };
  }

  let sel = selectArticle(page);
  const first = render(page, sel);

  // The title: the article's own <h1>, else og:title, another <h1>, <title> without the site's
  // name, the caller's.
  const h1 = first.emitted.find((b) => b.type === 'heading' && b.depth === 2);
  const otherH1 = nodes.find((x) => x.tag === 'h1' && !x.cut);
  const tagTitle = titleTag ? withoutSiteName(titleTag.text) : '';
  const title = h1?.text || ogTitle || (otherH1 ? textOf(otherH1.el) : '') || tagTitle || fallbackTitle || null;
  const titleSpan = h1
    ? { rawStart: h1.rawStart, rawEnd: h1.rawEnd }
    : !ogTitle && otherH1
      ? spanOf(otherH1.el)
      : titleTag
        ? spanOf(nodes[titleTag.i]!.el)
        : { rawStart: 0, rawEnd: 0 };
  const titles = [title, ogTitle, titleTag?.text].filter((t): t is string => !!t);
  let out = { ...first, ...filterBlocks(page, first.emitted, titles, first.removed) };

  // When the page's JSON-LD articleBody is mostly missing from what was chosen, the element that
  // matches it best is taken instead, if it holds nearly all of it.
  const ld = jsonLdBody(page);
  const hint = ld ? grams(ld) : null;
  if (hint && hint.size >= HINT_MIN_TRIGRAMS) {
    const had = coverage(out.kept.map((b) => b.text).join('\n'), hint);
    const match = had < 0.5 ? bestMatch(page, hint) : -1;
    for (const flags of match >= 0 ? ATTEMPTS : []) {
      const alt = page.selectRoot(match, flags, 'matches the JSON-LD articleBody');
      if (!alt) continue;
      const r = render(page, alt);
      const next = { ...r, ...filterBlocks(page, r.emitted, titles, r.removed) };
      const got = coverage(next.kept.map((b) => b.text).join('\n'), hint);
      if (got >= 0.8 && got >= had + 0.4) {
        sel = alt;
        out = next;
        break;
      }
    }
  }

  const blocks: DraftBlock[] = [];
  if (title) blocks.push({ type: 'title', text: title, ...titleSpan, depth: 1, decision: 'html:title' });
  for (const b of out.kept) blocks.push({ type: b.type, text: b.text, rawStart: b.rawStart, rawEnd: b.rawEnd, depth: b.depth, decision: sel.why });
  return { title, metadata, blocks, removed: outermost(out.removed), references: out.references };
}

/** "Story title | Site" -> "Story title": the longest part between title separators. */
function withoutSiteName(title: string): string {
  const parts = title.split(/\s+[|–—•·-]\s+/);
  return parts.reduce((a, b) => (b.length > a.length ? b : a), '');
}

/** Removed spans without those inside another (a marker inside a dropped end section): each cut counted once. */
function outermost(spans: RemovedSpan[]): RemovedSpan[] {
  const sorted = [...spans].sort((a, b) => a.rawStart - b.rawStart || b.rawEnd - a.rawEnd);
  const out: RemovedSpan[] = [];
  let reach = -1;
  for (const s of sorted) {
    if (s.rawEnd <= reach && out.length > 0) continue;
    out.push(s);
    reach = Math.max(reach, s.rawEnd);
  }
  return out;
}

/** A JSON-LD body shorter than this (in word trigrams) says too little to overrule the structure. */
const HINT_MIN_TRIGRAMS = 100;

function render(page: Page, sel: Selection) {
  const removed: RemovedSpan[] = [];
  const emitted = emitBlocks(page, sel, removed);
  recordOutside(page, sel, removed);
  return { emitted, removed };
}

export const htmlArticle: SourceProfile = {
  name: 'html-article',
  description: 'HTML page: main-content extraction with cheerio',
  formats: ['html'],
  detect: (doc) => (doc.format === 'html' ? 0.5 : 0),
  strip: (doc: ProfiledDoc) => extractHtml(doc.raw, doc.provenance?.title ?? null),
};
