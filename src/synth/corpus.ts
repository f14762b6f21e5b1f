// A synthetic corpus of a given size for scale measurements: documents of 20-80 KB whose bodies
// are the seed corpus's cleaned passages, recombined by sentence and edited (word substitutions),
// wrapped in the page chrome of three source kinds so that each profile's stripping runs:
// Wikipedia dumps (chrome cut from raw/004), essay-site pages (chrome from raw/000) and HTML
// pages (nav, header, article or main, aside, footer). A known share of passages are lightly
// edited copies of passages of other documents, for dedupe to find.
//
// Deterministic for a seed and the committed out/passages.jsonl and raw/ seeds. Documents are
// written one at a time: memory stays bounded (one document and a fixed reservoir of passages to
// copy), whatever the size asked for.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { prng, type EditRates } from './generate.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export type SynthLayout = 'wikipedia-dump' | 'essay-site' | 'html-article';
const LAYOUTS: readonly SynthLayout[] = ['wikipedia-dump', 'essay-site', 'html-article'];

export interface SynthCorpusOptions {
  /** Approximate size of the corpus in MB (10^6 bytes). */
  mb: number;
  seed?: number;
  /** Share of passages that are lightly edited copies of a passage of another document (default 0.15). */
  nearDuplicateRate?: number;
  /** Document sizes are drawn uniformly in [minDocBytes, maxDocBytes] (default 20,000-80,000). */
  minDocBytes?: number;
  maxDocBytes?: number;
  /** Cleaned passages to draw from (default: the committed out/passages.jsonl). */
  passagesFile?: string;
  /** Folder of the seed documents whose chrome is copied (default: raw/). */
  rawDir?: string;
}

export interface SynthCorpusResult {
  documents: number;
  bytes: number;
  /** Body passages written (paragraphs), near duplicates included. */
  passages: number;
  /** Passages that are lightly edited copies of a passage in another document. */
  nearDuplicates: number;
  layouts: Record<SynthLayout, number>;
  /** File names written, in order. */
  files: string[];
}

/** Originals: a quarter of the words replaced, so two made from the same seed passage are not near duplicates (Jaccard of 5-shingles ~0.1). */
const ORIGINAL_RATES: EditRates = { substitute: 0.25, insert: 0, delete: 0, shuffle: 0 };
/** Below segment's maxPassageChars (1200), with room for the copies' edits: a passage is never cut into parts, so copies line up with their originals. */
const MAX_PASSAGE_CHARS = 1100;
const MIN_PASSAGE_CHARS = 250;
/** Originals kept as copy sources: bounded memory, and copies land near their originals, as in a crawl. */
const RESERVOIR = 2000;

interface Material {
  /** Seed passages: sentences, each split into words. */
  passages: string[][][];
  vocabulary: string[];
  headings: string[];
  wiki: { navPrefix: string; languages: string; navSuffix: string; banner: string; seeAlso: string; references: string[]; tail: string };
  essay: { title: string; worksCited: string[]; siteBlock: string };
}

/** Sentences: a split after terminal punctuation before a capital, not after an initial ("U.S.") or a common abbreviation. */
const splitSentences = (text: string): string[] =>
  text
    .split(/(?<=[.!?]["”’')\]]*)(?<!(?:^|[\s.])[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|St|No|vs|al|Inc|Jr|Sr|Gen|Prof)\.)\s+(?=["“‘(]?[A-Z0-9])/)
    .map((s) => s.trim())
    .filter(Boolean);

function seedFile(rawDir: string, prefix: string): string {
  const name = readdirSync(rawDir).sort().find((f) => f.startsWith(prefix) && f.endsWith('.txt'));
  if (!name) throw new Error(`synthetic corpus: no ${prefix}*.txt in ${rawDir} to take chrome from`);
  return readFileSync(path.join(rawDir, name), 'utf8').replace(/\r\n/g, '\n');
}

function between(s: string, from: string, to: string | null, what: string): string {
  const a = s.indexOf(from);
  const b = to === null ? s.length : s.indexOf(to, a + from.length);
  if (a === -1 || b === -1) throw new Error(`synthetic corpus: ${what}: "${from}" … "${to}" not found in the seed`);
  return s.slice(a + from.length, b);
}

const materialCache = new Map<string, Material>();

function loadMaterial(passagesFile: string, rawDir: string): Material {
  const key = `${passagesFile}\u0000${rawDir}`;
  const hit = materialCache.get(key);
  if (hit) return hit;
  const records = readFileSync(passagesFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { text: string; type: string; section: string | null; duplicateOf: string | null });
  // Canonical paragraphs of some length: prose worth recombining (list items and stubs are not).
  const texts = records.filter((r) => !r.duplicateOf && r.type === 'paragraph' && r.text.length >= 200).map((r) => r.text);
  if (texts.length < 10) throw new Error(`synthetic corpus: ${passagesFile}: too few passages to draw from (${texts.length})`);
  const passages = texts.map((t) => splitSentences(t).map((sentence) => sentence.split(/\s+/))).filter((p) => p.length > 0);
  const vocabulary = [...new Set(texts.join(' ').toLowerCase().match(/[a-z]{3,}/g) ?? [])].sort();
  // Section titles as headings: plain words only (quotes, digits and slashes would disturb the
  // dump's table-of-contents numbering), never an end-section name.
  const headings = [...new Set(records.map((r) => r.section).filter((s): s is string => !!s && /^[A-Z][A-Za-z ,'–-]{2,60}$/.test(s)))]
    .filter((h) => !/^(?:see also|notes|references|further reading|external links|bibliography|sources|works cited)$/i.test(h))
    .sort();

  const wikiRaw = seedFile(rawDir, '004_');
  const nav = wikiRaw.slice(0, wikiRaw.indexOf('\n'));
  const HEADER_END = 'From Wikipedia, the free encyclopedia';
  const toc = nav.indexOf('(Top)');
  const langs = /Toggle the table of contents .+? (\d+ languages .*?) Edit links /.exec(nav);
  if (toc === -1 || !langs || !nav.includes(HEADER_END)) throw new Error('synthetic corpus: the navigation line of raw/004_* has changed');
  const endSections = between(wikiRaw, 'See also [ edit ] ', 'External links [ edit ]', 'end sections');
  const refStart = endSections.indexOf(' References [ edit ] ');
  if (refStart === -1) throw new Error('synthetic corpus: no References section in raw/004_*');
  const references = endSections
    .slice(refStart + ' References [ edit ] '.length)
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean);
  const wiki = {
    navPrefix: nav.slice(0, toc),
    languages: langs[1]!,
    navSuffix: nav.slice(nav.indexOf('Edit links '), nav.indexOf(HEADER_END) + HEADER_END.length),
    // The maintenance banner and its date, as the dump prints them before the lead (the series sidebar after them is left out).
    banner: between(wikiRaw, '\n\n', 'Part of a series', 'banner').trim(),
    seeAlso: endSections.slice(0, refStart),
    references,
    tail: `External links [ edit ]${between(wikiRaw, 'External links [ edit ]', null, 'footer')}`,
  };

  const essayRaw = seedFile(rawDir, '000_');
  const title = essayRaw.slice(0, essayRaw.indexOf('\n')).trim();
  const essay = {
    title,
    worksCited: between(essayRaw, '\nWorks Cited\n', '\nCite this paper\n', 'works cited').split(/\n+/).map((l) => l.trim()).filter(Boolean),
    siteBlock: `Cite this paper\n${between(essayRaw, '\nCite this paper\n', null, 'site block')}`,
  };
  const material: Material = { passages, vocabulary, headings, wiki, essay };
  materialCache.set(key, material);
  return material;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A sentence-like passage: capital first, terminal punctuation last (profiles look for both in prose). */
function tidy(text: string): string {
  let t = text.trim();
  t = t.charAt(0).toUpperCase() + t.slice(1);
  if (!/[.!?]["”’')\]]*$/.test(t)) t = `${t.replace(/[,;:]+$/, '')}.`;
  return t;
}

/**
 * generate.ts's edit() per word (deletions, substitutions, insertions at the given rates; no
 * sentence shuffle), on words already split. Not edit() itself: its sentence matcher skips text
 * before a period inside a word ("In 2007, the U.S. Senate" loses "In 2007, the U."; "14.2
 * million" likewise), and splitting sentences on every call was most of the generation time.
 */
function editWords(words: readonly string[], rates: EditRates, vocabulary: readonly string[], rand: () => number): string[] {
  const out: string[] = [];
  for (const w of words) {
    const r = rand();
    if (r < rates.delete) continue;
    out.push(r < rates.delete + rates.substitute ? vocabulary[Math.floor(rand() * vocabulary.length)]! : w);
    if (rates.insert > 0 && rand() < rates.insert) out.push(vocabulary[Math.floor(rand() * vocabulary.length)]!);
  }
  return out;
}

/** Cut at the last sentence end (else word) before max. */
function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const end = Math.max(head.lastIndexOf('. '), head.lastIndexOf('? '), head.lastIndexOf('! '));
  if (end >= MIN_PASSAGE_CHARS) return head.slice(0, end + 1);
  return head.slice(0, head.lastIndexOf(' '));
}

interface Body {
  title: string;
  /** Paragraphs before the first heading, then sections. */
  lead: string[];
  sections: { heading: string; paragraphs: string[] }[];
}

/**
 * Writes a synthetic corpus into outDir (created if missing; it must not hold files already, so
 * that corpora do not mix). Returns what was written.
 */
export function writeSyntheticCorpus(outDir: string, options: SynthCorpusOptions): SynthCorpusResult {
  const seed = options.seed ?? 1;
  const dupRate = options.nearDuplicateRate ?? 0.15;
  const minDoc = options.minDocBytes ?? 20_000;
  const maxDoc = options.maxDocBytes ?? 80_000;
  if (!(options.mb > 0)) throw new Error(`synthetic corpus: size must be > 0 MB, not ${options.mb}`);
  if (!(minDoc > 0 && maxDoc >= minDoc)) throw new Error('synthetic corpus: bad document size range');
  const m = loadMaterial(options.passagesFile ?? path.join(ROOT, 'out', 'passages.jsonl'), options.rawDir ?? path.join(ROOT, 'raw'));
  if (existsSync(outDir) && readdirSync(outDir).length > 0) throw new Error(`synthetic corpus: ${outDir} is not empty`);
  mkdirSync(outDir, { recursive: true });

  const rand = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const reservoir: { doc: number; text: string }[] = [];
  let reservoirNext = 0;
  const result: SynthCorpusResult = { documents: 0, bytes: 0, passages: 0, nearDuplicates: 0, layouts: { 'wikipedia-dump': 0, 'essay-site': 0, 'html-article': 0 }, files: [] };

  /** A new passage: a run of sentences of one seed passage, sometimes with sentences of another spliced in, then edited. */
  const original = (): string => {
    let src = pick(m.passages);
    let at = int(0, Math.max(0, src.length - 2));
    const sentences: string[][] = [];
    let len = 0;
    for (let k = int(2, 6); (k > 0 || len < MIN_PASSAGE_CHARS) && len < MAX_PASSAGE_CHARS; k--) {
      if (at >= src.length) {
        // Ran off the end: go on with another passage.
        src = pick(m.passages);
        at = 0;
      }
      const s = src[at++]!;
      sentences.push(s);
      for (const w of s) len += w.length + 1;
    }
    if (sentences.length > 2 && rand() < 0.3) sentences.splice(int(1, sentences.length - 1), 0, pick(pick(m.passages)));
    const words = editWords(sentences.flat(), ORIGINAL_RATES, m.vocabulary, rand);
    return tidy(cap(words.join(' '), MAX_PASSAGE_CHARS));
  };

  const passageFor = (doc: number): string => {
    result.passages++;
    if (reservoir.length > 0 && rand() < dupRate) {
      // A copy of a passage of another document: word substitutions, a few insertions and
      // deletions, at most 3% of the words, so the Jaccard similarity of 5-word shingles stays
      // above dedupe's 0.7 (about (1 - r)^5 / (2 - (1 - r)^5) for an edit rate r: 0.75 at 3%).
      for (let tries = 0; tries < 8; tries++) {
        const r = pick(reservoir);
        if (r.doc === doc) continue;
        result.nearDuplicates++;
        const rates: EditRates = { substitute: rand() * 0.02, insert: rand() * 0.005, delete: rand() * 0.005, shuffle: 0 };
        return tidy(editWords(r.text.split(' '), rates, m.vocabulary, rand).join(' '));
      }
    }
    const text = original();
    if (reservoir.length < RESERVOIR) reservoir.push({ doc, text });
    else reservoir[reservoirNext++ % RESERVOIR] = { doc, text };
    return text;
  };

  const target = options.mb * 1e6;
  for (let doc = 0; result.bytes < target; doc++) {
    const layout = LAYOUTS[doc % LAYOUTS.length]!;
    const docBytes = Math.max(minDoc, Math.min(int(minDoc, maxDoc), target - result.bytes));
    // Chrome takes part of the size: the wiki's navigation, references and footer are ~15 KB.
    const chrome = layout === 'wikipedia-dump' ? 15_000 : layout === 'essay-site' ? 2_500 : 2_000;
    const bodyBytes = Math.max(4_000, docBytes - chrome);
    const title = `${pick(m.headings)} and ${pick(m.vocabulary)} ${pick(m.vocabulary)}`.replace(/\s+/g, ' ');
    const body: Body = { title, lead: [], sections: [] };
    const headings = [...m.headings];
    let size = 0;
    let current = body.lead;
    let untilHeading = int(1, 3);
    while (size < bodyBytes) {
      if (untilHeading-- === 0 && headings.length > 0) {
        // Headings without repeats inside a document (the dump's table of contents is matched in order).
        const h = headings.splice(Math.floor(rand() * headings.length), 1)[0]!;
        body.sections.push({ heading: h, paragraphs: [] });
        current = body.sections[body.sections.length - 1]!.paragraphs;
        untilHeading = int(2, 6);
      }
      const p = passageFor(doc);
      current.push(p);
      size += p.length + 2;
    }
    const text = layout === 'wikipedia-dump' ? renderWiki(body, m, rand) : layout === 'essay-site' ? renderEssay(body, m, rand) : renderHtml(body, rand, doc);
    const name = `${String(doc).padStart(6, '0')}-${layout === 'wikipedia-dump' ? 'wiki' : layout === 'essay-site' ? 'essay' : 'page'}.${layout === 'html-article' ? 'html' : 'txt'}`;
    writeFileSync(path.join(outDir, name), text);
    result.documents++;
    result.bytes += Buffer.byteLength(text);
    result.layouts[layout]++;
    result.files.push(name);
  }
  return result;
}

/** The rendered dump: navigation line with the table of contents, banner, lead, sections glued before "[ edit ]", end sections, footer. */
function renderWiki(body: Body, m: Material, rand: () => number): string {
  const w = m.wiki;
  let marker = 1;
  const cite = (p: string): string => {
    // Citation markers where the dump has them: after a word mid-paragraph and after the last sentence.
    const words = p.split(' ');
    if (words.length > 8 && rand() < 0.5) {
      const at = 3 + Math.floor(rand() * (words.length - 6));
      if (/[A-Za-z]$/.test(words[at]!)) words[at] = `${words[at]} [ ${marker++} ]`;
    }
    let out = words.join(' ');
    if (rand() < 0.4) out += ` [ ${marker++} ]`;
    return out;
  };
  const toc = body.sections.map((s, i) => `${i + 1} ${s.heading}`);
  const n = body.sections.length;
  toc.push(`${n + 1} See also`, `${n + 2} References`, `${n + 3} External links`);
  const parts: string[] = [
    `${w.navPrefix}(Top) ${toc.join(' ')} Toggle the table of contents ${body.title} ${w.languages} ${w.navSuffix} Topic in social policy`,
  ];
  if (rand() < 0.4) parts.push(w.banner);
  parts.push(...body.lead.map(cite));
  for (const s of body.sections) {
    s.paragraphs.forEach((p, i) => parts.push(i === 0 ? `${s.heading} [ edit ] ${cite(p)}` : cite(p)));
  }
  // End sections: See also, a run of the seed's reference entries (each from its "^"), External links and the footer.
  const refs = w.references;
  const starts = refs.map((l, i) => (l.startsWith('^') ? i : -1)).filter((i) => i >= 0);
  const from = starts[Math.floor(rand() * starts.length)] ?? 0;
  const count = 10 + Math.floor(rand() * 30);
  parts.push(`See also [ edit ] ${w.seeAlso.trim()} References [ edit ] ${refs.slice(from, from + count).join('\n\n')}`);
  parts.push(w.tail.trim());
  return `${parts.join('\n\n')}\n`;
}

/** An essay-site page: title, word and page counts, the essay with its headings, Works Cited, the site's cite-this-paper block. */
function renderEssay(body: Body, m: Material, rand: () => number): string {
  const e = m.essay;
  const words = [...body.lead, ...body.sections.flatMap((s) => s.paragraphs)].reduce((n, p) => n + p.split(' ').length, 0);
  const parts: string[] = [body.title, ''];
  if (rand() < 0.5) parts.push(`Words: ${words}`, `Pages: ${Math.ceil(words / 275)}`);
  parts.push(...body.lead);
  for (const s of body.sections) parts.push(s.heading, ...s.paragraphs);
  const cited = e.worksCited.filter(() => rand() < 0.8);
  parts.push('Works Cited', ...(cited.length ? cited : e.worksCited));
  parts.push(e.siteBlock.split(e.title).join(body.title).trim());
  return `${parts.join('\n\n')}\n`;
}

const SITE_NAMES = ['Policy Review', 'The Migration Desk', 'Open Society Notes', 'Rights Monitor'];
const NAV_ITEMS = ['Home', 'News', 'Analysis', 'Topics', 'Reports', 'About us', 'Contact', 'Subscribe'];

/** An HTML article page: header with navigation, the article (in <article> or in <main>), a related-links aside, a footer. */
function renderHtml(body: Body, rand: () => number, doc: number): string {
  const site = SITE_NAMES[Math.floor(rand() * SITE_NAMES.length)]!;
  const p = (t: string) => `<p>${escapeHtml(t)}</p>`;
  const content = [
    `<h1>${escapeHtml(body.title)}</h1>`,
    `<p class="byline">By Staff Writer · ${1 + Math.floor(rand() * 28)} March 2024</p>`,
    ...body.lead.map(p),
    ...body.sections.flatMap((s) => [`<h2>${escapeHtml(s.heading)}</h2>`, ...s.paragraphs.map(p)]),
  ].join('\n');
  const nav = `<nav class="menu"><ul>${NAV_ITEMS.map((n) => `<li><a href="/${n.toLowerCase().replace(/ /g, '-')}">${n}</a></li>`).join('')}</ul></nav>`;
  const related = `<aside class="related"><h3>Related stories</h3><ul>${[1, 2, 3, 4].map((k) => `<li><a href="/story/${doc}-${k}">More on ${escapeHtml(body.sections[k % Math.max(1, body.sections.length)]?.heading ?? 'this topic')}</a></li>`).join('')}</ul></aside>`;
  const main = doc % 2 === 0 ? `<main>\n<article>\n${content}\n</article>\n${related}\n</main>` : `<main id="content">\n${content}\n</main>\n${related}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${escapeHtml(body.title)} | ${site}</title><meta name="description" content="${escapeHtml(body.lead[0]?.slice(0, 150) ?? '')}"></head>`,
    '<body>',
    `<header class="site-header"><a class="logo" href="/">${site}</a>${nav}<form class="search"><input type="search" placeholder="Search"></form></header>`,
    `<div class="cookie-banner">We use cookies to improve your experience. <a href="/privacy">Learn more</a> <button>Accept</button></div>`,
    main,
    `<footer><p>© 2024 ${site}. All rights reserved.</p><nav><a href="/terms">Terms</a> <a href="/privacy">Privacy</a> <a href="/contact">Contact</a></nav></footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
