// Plain-text dumps of rendered Wikipedia pages. The dump flattens the page: the whole navigation
// (menus, table of contents, language list, tools) is one first line ending in "From Wikipedia,
// the free encyclopedia" and the short description; banners, sidebars and navboxes ("... v t e")
// run into the lead; headings are glued between a citation group and "[ edit ]"; hatnotes and
// image captions are glued to the start of a section; the dump breaks a paragraph wherever a
// sentence ends at an element boundary (before "[ 12 ]" markers and after abbreviations like
// "U.N."). The rules below key on that structure, not on any article's words.
import type { DraftBlock, DraftReference, ProfiledDoc, RemovedSpan } from '../pipeline/types.ts';
import type { SourceProfile, StripResult } from './profile.ts';

const HEADER_END = 'From Wikipedia, the free encyclopedia';
const EDIT = /\[ edit \]/g;
/** Citation markers: "[ 12 ]", "[12]", "[ a ]", "[ citation needed ]", "[ permanent dead link ]"... */
export const CITATION_MARKER =
  /\[ ?(?:\d{1,4}|[a-z]{1,2}|note \d+|nb \d+|[a-z][a-z' ]{0,40}?(?:needed|link|source|update|dubious|discuss|why\?|who\?|when\?|where\?|which\?|how\?|whom\?|specify|clarify|verify|unreliable[a-z ]*|not in citation given|failed verification|self-published source|page needed|year needed|original research\??)|update|sic|\?) ?\]/g;
/** End sections: the body stops at the first of these headings. */
const END_SECTIONS =
  /^(?:see also|notes|references|further reading|external links|bibliography|sources|citations|footnotes|works cited|notes and references|references and notes|general references|explanatory notes|general and cited references|cited sources|primary sources|secondary sources)$/i;
const BIBLIOGRAPHY_SECTIONS = /^(?:references|notes|footnotes|citations|bibliography|sources|works cited|notes and references|references and notes|general references|explanatory notes|general and cited references|cited sources|further reading)$/i;
const HATNOTE =
  /^(?:main articles?|see also|further information|further reading|for more details|related|details|for (?:the|a|an|other|more)\b[^:]{0,120}?,\s*see|not to be confused with|this section is an excerpt from|["“]?[^"”\n]{1,80}["”]? redirects here)[^:]*?:?\s*/i;
const BANNER_START =
  /^(?:this|the) (?:article|section|list|paragraph|page|biography|subsection|template)\b.{0,200}?\b(?:needs?|does not|may|relies|has|is|contains|appears|possibly|lacks|uses|reads|requires|should|duplicates|includes)\b/i;
const BANNER_DATE = /\( (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4} \)/g;
const LEARN_HOW = /\( Learn how and when to remove (?:this|these) (?:message|template message|messages) \)/g;
const VTE = /(?:^|\s)v t e(?=\s|$)/g;
const COLOURS =
  '(?:(?:light|dark|pale|bright) )?(?:gr[ae]y|green|yellow|orange|red|blue|purple|violet|brown|black|white|pink|cyan|magenta|teal|maroon|navy|olive|beige|gold|silver|tan)';
/** Two or more "Colour: label" / "Colour – label" items in a row: a map or chart legend. */
const LEGEND = new RegExp(`\\b${COLOURS}\\s?(?::|–|—| - )\\s`, 'gi');
const CAPTION_CUE =
  /^(?:(?:a|an|the) )?(?:(?:world |political |schematic )?(?:map|diagram|chart|graph|photograph|photo|image|picture|illustration|poster|logo|flag|screenshot|schematic|infographic|painting|drawing|engraving|cartoon|sculpture|statue|plaque|banner|sign|timeline|table|figure|fig\.)s?)\b.{0,160}?\b(?:of|showing|shows|depicting|depicts|illustrating|from|at|in|with|by|on)\b/i;
const ABBREVIATION_END = /(?:\b(?:[A-Z]\.){1,4}|\b(?:Dr|Mr|Mrs|Ms|St|No|Nos|vs|Vol|pp|p|Jr|Sr|Inc|Ltd|Co|Corp|Gen|Gov|Sen|Rep|Rev|Prof|Mt|Ft|ed|eds|e\.g|i\.e|etc|cf|al)\.)$/;
const SENTENCE_END = /[.!?]["”')\]]*$/;

/** Capitalised words that start sentences, never continue a title (in Wikipedia sentence case). */
const SENTENCE_STARTERS = new Set(
  'The A An This These That Those There It Its Their They He She We According Although Though However Despite During While When Whereas After Before Since Most Many Some Several Few Each Every Both Other Such Following Unlike Like Because If Once Until Over Under Between Among Within Without Around About Approximately Nearly Almost Only'.split(' '),
);
const PREPOSITIONS = new Set('In On At By For From Of With To Into Through Across Throughout As Upon'.split(' '));
const STOPWORDS = new Set(
  'a an the of in on at by for from with to into and or but nor as is are was were be been being that which who whom whose this these those it its their his her not no than then so such via per over under about between among within without'.split(' '),
);

interface Token {
  text: string;
  start: number;
  end: number;
}

function tokens(s: string, from: number, to: number): Token[] {
  const out: Token[] = [];
  const re = /\S+/g;
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) && m.index < to) out.push({ text: m[0], start: m.index, end: Math.min(m.index + m[0].length, to) });
  return out;
}

const isCap = (w: string) => /^["“(]?\p{Lu}(?:\p{Ll}|$)/u.test(w);
const isLowerWord = (w: string) => /^["“(]?\p{Ll}/u.test(w) || /^\d/.test(w);
const endsClause = (w: string) => /[.,;:!?)\]"”]$/.test(w);

/**
 * Where a sentence starts inside text that begins with a non-sentence fragment (hatnote target,
 * caption). `mode` hatnote: titles are in sentence case, so any capitalised preposition or a
 * capitalised word after a lower-case content word starts the sentence. caption: captions may
 * be in Title Case, so a capitalised preposition counts only after a lower-case word.
 * Returns the offset of the sentence start, or -1 when none is found before the first sentence end.
 */
export function sentenceStartAfterFragment(s: string, from: number, to: number, mode: 'hatnote' | 'caption'): number {
  const toks = tokens(s, from, to);
  for (let i = 1; i < toks.length; i++) {
    const prev = toks[i - 1]!.text;
    const w = toks[i]!.text;
    if (SENTENCE_END.test(prev) && !ABBREVIATION_END.test(prev)) return -1;
    if (endsClause(prev) || !isCap(w)) continue;
    const bare = w.replace(/^["“(]/, '');
    const next = toks[i + 1]?.text ?? '';
    if (SENTENCE_STARTERS.has(bare)) return toks[i]!.start;
    if (PREPOSITIONS.has(bare)) {
      if (mode === 'hatnote' || !isCap(prev) || /^\d/.test(next)) return toks[i]!.start;
      continue;
    }
    const prevBare = prev.replace(/[^\p{L}\p{N}]/gu, '');
    // A capitalised common word right after a number: "... at just 15 Forced marriages have".
    // (After a lower-case word the capital is most often a proper noun: "the annual Trafficking
    // in Persons Report", so only hatnotes, whose targets are in sentence case, use that cue.)
    const afterLower = mode === 'hatnote' && isLowerWord(prev) && !STOPWORDS.has(prevBare.toLowerCase());
    if ((/^\d+$/.test(prevBare) || afterLower) && /^\p{Lu}\p{Ll}+$/u.test(bare) && /^\p{Ll}/u.test(next)) {
      return toks[i]!.start;
    }
  }
  return -1;
}

/** Parses the table of contents of the navigation line: "(Top) 1 Definition 2 Prevalence 2.1 ...". */
export function parseToc(header: string): { number: string; title: string; depth: number }[] {
  const start = header.indexOf('(Top)');
  if (start === -1) return [];
  let end = header.indexOf('Toggle the table of contents', start);
  if (end === -1) end = header.length;
  const body = header.slice(start + 5, end).replace(/Toggle [^\n]*? subsection/g, ' ');
  const toks = body.split(/\s+/).filter(Boolean);
  const entries: { number: string; title: string; depth: number }[] = [];
  // Walk expecting the next number in sequence, so digits inside titles are not taken for numbers.
  let expected = new Set(['1']);
  let cur: { number: string; words: string[] } | null = null;
  for (const t of toks) {
    if (expected.has(t)) {
      if (cur) entries.push({ number: cur.number, title: cur.words.join(' '), depth: cur.number.split('.').length + 1 });
      cur = { number: t, words: [] };
      expected = nextNumbers(t);
    } else cur?.words.push(t);
  }
  if (cur) entries.push({ number: cur.number, title: cur.words.join(' '), depth: cur.number.split('.').length + 1 });
  return entries.filter((e) => e.title.length > 0);
}

function nextNumbers(n: string): Set<string> {
  const parts = n.split('.').map(Number);
  const out = new Set<string>([[...parts, 1].join('.')]);
  for (let k = parts.length; k >= 1; k--) {
    const p = parts.slice(0, k);
    p[k - 1]! += 1;
    out.add(p.join('.'));
  }
  return out;
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

interface Piece {
  kind: 'text' | 'heading';
  start: number;
  end: number;
  depth?: number;
  title?: string;
  /** The text piece continues the paragraph before it (the dump split it). */
  continues?: boolean;
}

class Cleaner {
  readonly removed: RemovedSpan[] = [];
  readonly blocks: DraftBlock[] = [];
  readonly references: DraftReference[] = [];
  constructor(readonly s: string) {}

  remove(rule: string, start: number, end: number): void {
    if (end > start) this.removed.push({ rule, rawStart: start, rawEnd: end });
  }

  /** Skips white space and citation markers from pos; returns the new position. */
  skipMarkers(pos: number, end: number): number {
    for (;;) {
      while (pos < end && /\s/.test(this.s[pos]!)) pos++;
      const m = matchAt(CITATION_MARKER, this.s, pos);
      if (!m || pos + m.length > end) return pos;
      this.remove('wiki:citation-marker', pos, pos + m.length);
      pos += m.length;
    }
  }

  /**
   * Peels the chrome that the dump glues before a section's first sentence: banners, sidebars and
   * navboxes, hatnotes, captions and legends. Returns where the prose starts.
   */
  skipZone(pos: number, end: number, afterHeading = false): number {
    for (let guard = 0; guard < 50; guard++) {
      pos = this.skipMarkers(pos, end);
      if (pos >= end) return end;
      const rest = this.s.slice(pos, Math.min(end, pos + 4000));
      let m: RegExpExecArray | null;
      if (BANNER_START.test(rest) || /^Please help\b/.test(rest)) {
        pos = this.skipBanner(pos, end);
        continue;
      }
      if ((m = /^\( (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4} \)/.exec(rest)) || (m = /^\( Learn how and when to remove [^)]*\)/.exec(rest))) {
        this.remove('wiki:banner', pos, pos + m[0].length);
        pos += m[0].length;
        continue;
      }
      const vte = this.navboxEnd(pos, end);
      if (vte !== -1) {
        this.remove('wiki:navbox', pos, vte);
        pos = vte;
        continue;
      }
      if ((m = HATNOTE.exec(rest))) {
        const targetFrom = pos + m[0].length;
        let stop = sentenceStartAfterFragment(this.s, targetFrom, end, 'hatnote');
        const dot = this.s.slice(targetFrom, end).search(/ \.(?:\s|$)/);
        if (dot !== -1 && (stop === -1 || targetFrom + dot + 2 <= stop)) stop = targetFrom + dot + 2;
        if (stop === -1) stop = end;
        this.remove('wiki:hatnote', pos, stop);
        pos = stop;
        afterHeading = true;
        continue;
      }
      const legendEnd = this.legendAt(pos, end);
      if (legendEnd !== -1) {
        this.remove('wiki:legend', pos, legendEnd);
        pos = legendEnd;
        continue;
      }
      const cap = this.captionAt(pos, end, afterHeading);
      if (cap !== -1) {
        this.remove('wiki:caption', pos, cap);
        pos = cap;
        continue;
      }
      return pos;
    }
    return pos;
  }

  skipBanner(pos: number, end: number): number {
    const limit = Math.min(end, pos + 1500);
    const window = this.s.slice(pos, limit);
    BANNER_DATE.lastIndex = 0;
    const date = BANNER_DATE.exec(window);
    let stop: number;
    if (date) stop = pos + date.index + date[0].length;
    else {
      const learn = /\( Learn how and when to remove [^)]*\)/.exec(window);
      const nl = window.indexOf('\n');
      stop = learn ? pos + learn.index + learn[0].length : nl === -1 ? limit : pos + nl;
    }
    const after = /^\s*\( Learn how and when to remove [^)]*\)/.exec(this.s.slice(stop, end));
    if (after) stop += after[0].length;
    this.remove('wiki:banner', pos, stop);
    return stop;
  }

  /** When a sidebar or navbox starts at pos: the end of its last "v t e", else -1. */
  navboxEnd(pos: number, end: number): number {
    const window = this.s.slice(pos, end);
    // The links before the first "v t e" may run over several dump lines ("U.K.\n\nU.S."), but a
    // sidebar is not longer than a few thousand characters.
    VTE.lastIndex = 0;
    const first = VTE.exec(window);
    if (!first) return -1;
    // Only link titles stand between pos and "v t e": no sentence of prose.
    if (hasProse(window.slice(0, first.index))) return -1;
    let stop = first.index + first[0].length;
    // Navboxes come in chains: "... v t e Sex and the law ... v t e Prose starts".
    for (;;) {
      VTE.lastIndex = stop;
      const next = VTE.exec(window);
      if (!next || hasProse(window.slice(stop, next.index))) break;
      stop = next.index + next[0].length;
    }
    return pos + stop;
  }

  /** A legend ("Gray: No data Green: ..." or "No data <0.10 0.10–0.5 ...") at pos: its end, or -1. */
  legendAt(pos: number, end: number): number {
    const window = this.s.slice(pos, Math.min(end, pos + 2000));
    const numeric = /^No data(?:\s+[<>≤≥]?\d[\d.,]*(?:\s?[–-]\s?\d[\d.,]*)?%?)+/.exec(window);
    if (numeric) return pos + numeric[0].length;
    LEGEND.lastIndex = 0;
    const items: number[] = [];
    let m: RegExpExecArray | null;
    while ((m = LEGEND.exec(window))) items.push(m.index);
    if (items.length < 2 || items[0]! > 0) return -1;
    // Consecutive items close together; the legend ends where a sentence starts after the last one.
    let last = items[0]!;
    for (const at of items.slice(1)) {
      if (at - last > 160) break;
      last = at;
    }
    const tailFrom = pos + last;
    const markerAt = this.s.slice(tailFrom, end).search(/\[ ?\d+ ?\]|\n/);
    const limit = markerAt === -1 ? end : tailFrom + markerAt;
    const colon = this.s.slice(tailFrom, limit).search(/(?::|–|—| - )\s/);
    const labelFrom = colon === -1 ? tailFrom : tailFrom + colon + 2;
    const start = sentenceStartAfterFragment(this.s, labelFrom, limit, 'caption');
    return start === -1 ? limit : start;
  }

  /** An image caption glued before prose at pos: the offset where the prose starts, or -1. */
  captionAt(pos: number, end: number, afterHeading = false): number {
    const segEnd = this.s.indexOf('\n', pos);
    const lineEnd = segEnd === -1 || segEnd > end ? end : segEnd;
    const line = this.s.slice(pos, lineEnd);
    // A whole short line followed by a legend is that figure's caption; one that reads like a
    // caption ("Diagram showing ...") is one also when the figure's own "[1]" note follows.
    if (line.split(/\s+/).length <= 45) {
      const nextStart = this.skipMarkersQuietly(lineEnd, end);
      if (this.legendAt(nextStart, end) !== -1) return lineEnd;
      if (CAPTION_CUE.test(line)) {
        if (/^\[\d+\]/.test(this.s.slice(this.skipBlank(lineEnd, end), lineEnd + 12))) return lineEnd;
        const start = sentenceStartAfterFragment(this.s, pos, lineEnd, 'caption');
        if (start !== -1) return start;
      }
    }
    const logicalEnd = paragraphEnd(this.s, pos, end);
    // A fragment without a sentence end, ended by the start of a sentence: "Sena from Zambia, who
    // was forced to marry at just 15 Forced marriages have been described ...".
    // Only trusted right after a heading or hatnote: elsewhere proper nouns make it misfire.
    if (afterHeading) {
      const start = sentenceStartAfterFragment(this.s, pos, logicalEnd, 'caption');
      if (start !== -1 && this.s.slice(pos, start).split(/\s+/).length <= 25) return start;
      // A caption placed before a hatnote: "Preity Zinta at ACT (...) Main article: ...".
      const hat = /\s(?:Main articles?|See also|Further information):/.exec(this.s.slice(pos, Math.min(lineEnd, pos + 300)));
      if (hat && !/[.!?]\s/.test(this.s.slice(pos, pos + hat.index))) return pos + hat.index + 1;
    }
    // A fragment that a legend follows is that figure's caption.
    const legend = this.findLegendAhead(pos, lineEnd);
    if (legend !== -1) return legend;
    return -1;
  }

  /** Position after white space and citation markers, without recording anything. */
  skipMarkersQuietly(pos: number, end: number): number {
    for (;;) {
      pos = this.skipBlank(pos, end);
      const m = matchAt(CITATION_MARKER, this.s, pos);
      if (!m || pos + m.length > end) return pos;
      pos += m.length;
    }
  }

  skipBlank(pos: number, end: number): number {
    while (pos < end && /\s/.test(this.s[pos]!)) pos++;
    return pos;
  }

  /** A legend that begins later in this fragment (before any sentence end), or -1. */
  findLegendAhead(pos: number, end: number): number {
    const window = this.s.slice(pos, end);
    LEGEND.lastIndex = 0;
    const m = LEGEND.exec(window);
    if (!m) return -1;
    const before = window.slice(0, m.index);
    if (/[.!?]\s/.test(before.replace(/\b(?:[A-Z]\.)+/g, ''))) return -1;
    return this.legendAt(pos + m.index, end) === -1 ? -1 : pos + m.index;
  }
}

function matchAt(re: RegExp, s: string, pos: number): string | null {
  re.lastIndex = pos;
  const m = re.exec(s);
  return m && m.index === pos ? m[0] : null;
}

/** Prose: a sentence of at least 6 words with stop words in it, ended by punctuation. */
function hasProse(text: string): boolean {
  for (const sentence of text.split(/(?<=[.!?])\s+/)) {
    if (!/[.!?]$/.test(sentence)) continue;
    const words = sentence.split(/\s+/).filter(Boolean);
    if (words.length < 6) continue;
    // Runs of link titles have stop words too ("Slavery in the Abbasid Caliphate"), but most of
    // their words are capitalised; prose is mostly lower case.
    const stops = words.filter((w) => STOPWORDS.has(w.toLowerCase())).length;
    const caps = words.filter((w) => /^\p{Lu}/u.test(w)).length;
    if (stops / words.length >= 0.2 && caps / words.length < 0.45) return true;
  }
  return false;
}

export function stripWikipediaDump(doc: ProfiledDoc): StripResult {
  const s = doc.raw;
  const c = new Cleaner(s);
  const firstNl = s.indexOf('\n');
  const header = firstNl === -1 ? s : s.slice(0, firstNl);
  const headerEnd = header.indexOf(HEADER_END);
  const toc = parseToc(header);

  // Title: the navigation repeats it before the language count; else the permalink; else sources.json.
  const fromNav = /Toggle the table of contents (.+?) (?:\d+ languages?|Add languages)/.exec(s);
  const permalink = /Retrieved from " ?https?:\/\/[^/]+\/w\/index\.php\?title=([^&"\s]+)/.exec(s);
  const title =
    fromNav?.[1]?.trim() ??
    (permalink ? decodeURIComponent(permalink[1]!).replace(/_/g, ' ') : null) ??
    doc.provenance?.title ??
    null;

  let bodyStart = 0;
  if (headerEnd !== -1) {
    c.remove('wiki:navigation', 0, headerEnd + HEADER_END.length);
    bodyStart = headerEnd + HEADER_END.length;
    // The short description follows, then hatnotes; both end the header line or yield to prose.
    const descEnd = sentenceStartAfterFragment(s, bodyStart, firstNl === -1 ? s.length : firstNl, 'caption');
    const hat = HATNOTE.exec(s.slice(bodyStart).trimStart());
    const lineEnd = firstNl === -1 ? s.length : firstNl;
    let stop = descEnd === -1 ? lineEnd : descEnd;
    if (hat) stop = lineEnd;
    c.remove('wiki:short-description', bodyStart, stop);
    bodyStart = stop;
  }

  // The body ends at the first end-section heading ("See also [ edit ]", "References [ edit ]" ...).
  const headings = findHeadings(s, bodyStart, toc);
  let bodyEnd = s.length;
  const endIdx = headings.findIndex((h) => END_SECTIONS.test(h.title));
  if (endIdx !== -1) bodyEnd = headings[endIdx]!.start;
  else {
    const footer = s.slice(bodyStart).search(/\bRetrieved from " ?https?:|NewPP limit report|\bThis page was last edited on\b/);
    if (footer !== -1) bodyEnd = bodyStart + footer;
  }
  const bodyHeadings = endIdx === -1 ? headings : headings.slice(0, endIdx);

  // End sections: bibliographies become references; the rest (and the footer) is removed.
  if (endIdx !== -1) collectEndSections(c, headings.slice(endIdx), s);
  else c.remove('wiki:footer', bodyEnd, s.length);

  // Walk the body: text between headings, each region starting with a zone of chrome.
  const pieces: Piece[] = [];
  let pos = bodyStart;
  let inZone = true;
  for (const h of [...bodyHeadings, null]) {
    const regionEnd = h ? h.start : bodyEnd;
    walkRegion(c, pos, regionEnd, inZone, pieces, pos !== bodyStart);
    trimCaptionBeforeHeading(c, pieces, regionEnd, !!h);
    if (!h) break;
    pieces.push({ kind: 'heading', start: h.titleStart, end: h.titleEnd, depth: h.depth, title: h.title });
    c.remove('wiki:edit-link', h.editStart, h.end);
    pos = h.end;
    inZone = true;
  }

  const blocks: DraftBlock[] = [];
  if (title) blocks.push({ type: 'title', text: title, rawStart: 0, rawEnd: 0, depth: 1 });
  for (const p of pieces) {
    if (p.kind === 'heading') {
      blocks.push({ type: 'heading', text: p.title!, rawStart: p.start, rawEnd: p.end, depth: p.depth ?? 2 });
      continue;
    }
    const text = removeMarkers(c, p.start, p.end);
    if (!text.trim()) continue;
    blocks.push({ type: 'paragraph', text, rawStart: p.start, rawEnd: p.end, depth: null, continuesPrevious: p.continues ?? false });
  }
  // A heading with no prose under it before the next heading of the same or higher level is kept
  // (sub-sections follow); a trailing empty heading is dropped.
  while (blocks.length && blocks[blocks.length - 1]!.type === 'heading') blocks.pop();
  return { title, metadata: {}, blocks, removed: c.removed, references: c.references };
}

interface Heading {
  title: string;
  start: number;
  titleStart: number;
  titleEnd: number;
  editStart: number;
  end: number;
  depth: number;
}

/** Headings are the words glued before "[ edit ]"; the table of contents says which words. */
function findHeadings(s: string, from: number, toc: ReturnType<typeof parseToc>): Heading[] {
  const out: Heading[] = [];
  let tocIdx = 0;
  EDIT.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = EDIT.exec(s))) {
    const editStart = m.index;
    const before = s.slice(Math.max(from, editStart - 300), editStart).replace(/\s+$/, '');
    const beforeStart = editStart - (s.slice(Math.max(from, editStart - 300), editStart).length);
    let title: string | null = null;
    let depth = 2;
    // Prefer the table of contents: the next entry (or one a little further) whose title ends here.
    for (let k = tocIdx; k < Math.min(toc.length, tocIdx + 6); k++) {
      const entry = toc[k]!;
      if (norm(before).endsWith(norm(entry.title))) {
        title = entry.title;
        depth = entry.depth;
        tocIdx = k + 1;
        break;
      }
    }
    if (!title) title = trailingHeading(before);
    if (!title) continue;
    const titleEnd = beforeStart + before.length;
    const titleStart = titleEnd - title.length;
    out.push({ title, start: titleStart, titleStart, titleEnd, editStart, end: editStart + m[0].length, depth });
  }
  return out;
}

/** Without a table of contents: the words after the last citation marker or sentence end. */
function trailingHeading(before: string): string | null {
  const cut = Math.max(
    before.lastIndexOf(']') + 1,
    before.lastIndexOf('\n') + 1,
    ...[...before.matchAll(/[.!?]\s/g)].map((m) => m.index! + 2),
  );
  const t = before.slice(cut).trim();
  if (!t || t.split(/\s+/).length > 10) return null;
  return t;
}

/**
 * A paragraph runs to the next line break that is a real break: not one followed by a citation
 * group (the dump splits there), not one after an abbreviation, not one before lower case.
 */
function paragraphEnd(s: string, pos: number, to: number): number {
  let end = pos;
  for (;;) {
    const nl = s.indexOf('\n', end);
    if (nl === -1 || nl >= to) return to;
    let next = nl;
    while (next < to && /\s/.test(s[next]!)) next++;
    const lineText = s.slice(pos, nl).trimEnd();
    const nextText = s.slice(next, next + 12);
    const artifact =
      /^\[ ?\d/.test(nextText) || /^\p{Ll}/u.test(nextText) || ABBREVIATION_END.test(lineText) || /,$/.test(lineText);
    if (!artifact) return nl;
    end = next;
  }
}

/** Regions between headings: chrome zone first, then prose pieces split at real paragraph breaks. */
function walkRegion(c: Cleaner, from: number, to: number, zone: boolean, pieces: Piece[], afterHeading: boolean): void {
  const s = c.s;
  let pos = from;
  let continues = false;
  while (pos < to) {
    if (zone) {
      pos = c.skipZone(pos, to, pos === from && afterHeading);
      zone = false;
      if (pos >= to) break;
    }
    const end = paragraphEnd(s, pos, to);
    // Legends and captions can also sit mid-paragraph: after a citation group, before prose.
    const { keptEnd, resume } = trimTrailingFigure(c, pos, end);
    pieces.push({ kind: 'text', start: pos, end: keptEnd, continues });
    continues = false;
    pos = resume;
    if (resume < end) {
      // A figure was cut out mid-paragraph; what follows continues the same paragraph.
      continues = true;
      pos = c.skipZone(resume, end);
      if (pos < end) pieces.push({ kind: 'text', start: pos, end, continues: true });
      pos = end;
    }
    pos = c.skipBlank(pos, to);
    zone = startsWithChrome(c, pos, to);
  }
}

/**
 * The dump puts a figure at the end of a section right before the next heading: "[ 69 ] Convicts
 * leased to harvest timber Organ trade [ edit ]". A last fragment without a sentence end, after
 * the last citation marker or sentence end, is that figure's caption.
 */
function trimCaptionBeforeHeading(c: Cleaner, pieces: Piece[], regionEnd: number, beforeHeading: boolean): void {
  if (!beforeHeading) return;
  const last = pieces[pieces.length - 1];
  if (!last || last.kind !== 'text' || last.end !== regionEnd) return;
  const text = c.s.slice(last.start, last.end);
  const trimmed = text.replace(/\s+$/, '');
  if (SENTENCE_END.test(trimmed) || /\]$/.test(trimmed)) return;
  let cut = 0;
  for (const m of trimmed.matchAll(/\[ ?[^\]]{1,40} ?\]\s*|[.!?]["”')]*\s+/g)) cut = m.index! + m[0].length;
  const fragment = trimmed.slice(cut);
  if (fragment.split(/\s+/).length > 20) return;
  c.remove('wiki:caption', last.start + cut, last.start + trimmed.length);
  last.end = last.start + cut;
  if (last.end <= last.start) pieces.pop();
}

/** Whether the next paragraph opens with chrome that skipZone should peel. */
function startsWithChrome(c: Cleaner, pos: number, to: number): boolean {
  const rest = c.s.slice(pos, Math.min(to, pos + 400));
  return (
    BANNER_START.test(rest) ||
    /^Please help\b/.test(rest) ||
    /^\( (?:Learn how|(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4})/.test(rest) ||
    HATNOTE.test(rest) ||
    c.legendAt(pos, to) !== -1 ||
    (CAPTION_CUE.test(rest) && c.captionAt(pos, to) !== -1) ||
    /(?:^|\s)v t e(?:\s|$)/.test(rest.slice(0, 400)) && c.navboxEnd(pos, to) !== -1
  );
}

/**
 * Looks for a legend inside [from, end): a figure caption before it (back to the last citation
 * marker or sentence end) and the legend itself are removed. Returns where kept text ends and
 * where to resume.
 */
function trimTrailingFigure(c: Cleaner, from: number, end: number): { keptEnd: number; resume: number } {
  const window = c.s.slice(from, end);
  LEGEND.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = LEGEND.exec(window))) {
    const at = from + m.index;
    const legendEnd = c.legendAt(at, end);
    if (legendEnd === -1) continue;
    // The caption runs back to the previous citation marker or sentence end; when the figure's
    // own citation sits right before the legend, back to the marker before that, if short.
    const before = c.s.slice(from, at);
    const ownMarker = /\[ ?\d+ ?\]\s*$/.exec(before);
    const scan = ownMarker ? before.slice(0, ownMarker.index) : before;
    let capStart = from;
    let lastMarker = from;
    for (const mm of scan.matchAll(/\[ ?\d+ ?\]\s*|[.!?]\s+(?=\p{Lu})/gu)) {
      capStart = from + mm.index! + mm[0].length;
      if (mm[0].startsWith('[')) lastMarker = capStart;
    }
    if (ownMarker && c.s.slice(lastMarker, at).split(/\s+/).length <= 45) capStart = lastMarker;
    if (c.s.slice(capStart, at).trim().split(/\s+/).length > 60) capStart = at;
    c.remove('wiki:caption', capStart, at);
    c.remove('wiki:legend', at, legendEnd);
    return { keptEnd: capStart, resume: legendEnd };
  }
  return { keptEnd: end, resume: end };
}

/** Text of [start, end) without citation markers (each recorded as removed). */
function removeMarkers(c: Cleaner, start: number, end: number): string {
  const seg = c.s.slice(start, end);
  return seg.replace(CITATION_MARKER, (m, offset: number) => {
    c.remove('wiki:citation-marker', start + offset, start + offset + m.length);
    return ' ';
  });
}

function collectEndSections(c: Cleaner, headings: Heading[], s: string): void {
  for (let i = 0; i < headings.length; i++) {
    const h = headings[i]!;
    let end = i + 1 < headings.length ? headings[i + 1]!.start : s.length;
    const rule = `wiki:section:${h.title.toLowerCase().replace(/\s+/g, '-')}`;
    if (BIBLIOGRAPHY_SECTIONS.test(h.title)) {
      // A reference list ends where a navbox or the footer begins.
      const tail = s.slice(h.end, end).search(/(?:^|\s)v t e\s|\bRetrieved from " ?https?:|NewPP limit report/);
      const listEnd = tail === -1 ? end : h.end + tail;
      const refs = parseCaretEntries(s, h.end, listEnd);
      c.references.push(...refs);
      c.remove(rule, h.start, listEnd);
      if (listEnd < end) {
        c.remove('wiki:footer', listEnd, s.length);
        return;
      }
    } else if (/external links/i.test(h.title)) {
      c.remove(rule, h.start, s.length);
      return;
    } else {
      c.remove(rule, h.start, end);
    }
    if (i + 1 === headings.length) end = s.length;
  }
}

/** Reference lists: each entry starts with "^" (followed by back-link letters for shared notes). */
function parseCaretEntries(s: string, from: number, to: number): DraftReference[] {
  const out: DraftReference[] = [];
  const re = /\^\s/g;
  re.lastIndex = from;
  const starts: number[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) && m.index < to) starts.push(m.index);
  if (starts.length === 0) {
    // A bibliography without carets: one entry per line.
    for (const line of s.slice(from, to).split('\n')) {
      const t = line.replace(/\s+/g, ' ').trim();
      if (t.length > 10) {
        const at = s.indexOf(line.trim(), from);
        out.push({ raw: t, rawStart: at, rawEnd: at + line.trim().length });
      }
    }
    return out;
  }
  for (let i = 0; i < starts.length; i++) {
    const a = starts[i]!;
    const b = i + 1 < starts.length ? starts[i + 1]! : to;
    const raw = s
      .slice(a + 1, b)
      .replace(/\s+/g, ' ')
      .replace(/^(?:[a-z]{1,2} )+(?=\S)/, (x) => (/^(?:[a-z] )+$/.test(x) ? '' : x))
      .trim();
    if (raw) out.push({ raw, rawStart: a, rawEnd: b - (s.slice(a, b).length - s.slice(a, b).trimEnd().length) });
  }
  return out;
}

export const wikipediaDump: SourceProfile = {
  name: 'wikipedia-dump',
  description: 'plain-text dump of a rendered Wikipedia page (navigation line, "[ edit ]", "v t e", "^" references)',
  formats: ['text'],
  detect(doc) {
    const s = doc.raw;
    let score = 0;
    if (s.slice(0, 20000).includes(HEADER_END)) score += 0.6;
    const edits = (s.match(EDIT) ?? []).length;
    if (edits >= 2) score += 0.3;
    if (/Retrieved from " ?https?:\/\/[a-z-]+\.wikipedia\.org/.test(s)) score += 0.2;
    return Math.min(1, score);
  },
  strip: stripWikipediaDump,
};
