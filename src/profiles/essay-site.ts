// Essay-site pages (AssignZen, IvyPanda, StudyCorgi, GradesFixer and their kin): a header (title,
// word and page counts, "Updated:", a table of contents), the essay, often a bibliography, then the
// site's block: the citation repeated in several styles, copy buttons, "This essay on ... was
// written and submitted by ...", a removal request, "Need a custom essay ...", related essays.
// The rules key on that block's structure and vocabulary family, not on any one site's words: the
// block is where the essay's prose has ended and the family's lines begin; the site cites the page
// by its own title, which is how its citations are told from the essay's bibliography.
import type { DraftBlock, ProfiledDoc, RemovedSpan } from '../pipeline/types.ts';
import { chromeVocabulary, classifyBlocks, features, isMenuLine } from './boilerplate.ts';
import { findBibliography, isCitationLike, lineBlocks, linesOf, promoteTitle, titleFromBlocks } from './plain-text.ts';
import { NO_CONTEXT, type SourceProfile, type StripContext, type StripResult } from './profile.ts';

export type EssayFamily =
  | 'cite-header'
  | 'style-label'
  | 'copy'
  | 'submitted'
  | 'removal'
  | 'custom-essay'
  | 'sample-notice'
  | 'ad'
  | 'related'
  | 'toc'
  | 'meta';

const STYLE = '(?:apa|mla|chicago|harvard|turabian|ieee|vancouver|asa|ama|oscola|cse|bibtex)';
const KIND = '(?:essay|report|paper|research paper|term paper|thesis|dissertation|work|coursework|assignment|sample|case study|article|review|speech|proposal|critical writing|analysis)';
const META_KEY =
  '(?:words?|pages?|updated|published|subjects?|topics?|type|category|categories|level|academic level|language|downloads?|views?|school|course|discipline|essay type|paper type|document type|length|sources?|read(?:ing)? time|wordcount|word count)';

/** Lines of the essay-site family, by kind. Each pattern is anchored and bounded (no backtracking over long lines). */
const FAMILY_LINES: readonly [EssayFamily, RegExp][] = [
  ['cite-header', new RegExp(`^(?:cite this(?: ${KIND}| page| document)?|reference this(?: ${KIND})?|how to cite(?: this ${KIND})?|citation|cite)\\s*[:?]?$`, 'i')],
  ['cite-header', /^(?:select|choose|pick) (?:a |your |the )?(?:referencing|citation|reference) (?:style|format)\b/i],
  ['cite-header', /^to export a reference to this\b/i],
  ['style-label', new RegExp(`^${STYLE}(?:[- ]?\\d{1,2}(?:th|st|nd|rd)?(?: ed(?:\\.|ition))?)?(?: \\([^)]{1,20}\\))?(?: style| format)?:?$`, 'i')],
  // Singular labels only: "References", "Works Cited" and "Bibliography" head the essay's own list.
  ['style-label', /^(?:reference|work cited|in-text citations?|footnotes?|bibliography entry):?$|^references? copied(?: to clipboard)?\.?$/i],
  ['copy', /^(?:click to copy|copy to clipboard|copy citation|copy reference|copy|copied!?|copy link)$/i],
  // The notice names who submitted it (a student, a user, "our database"): an essay's own sentence does not.
  ['submitted', new RegExp(`^(?:disclaimer:\\s*)?this ${KIND}\\b.{0,300}?\\b(?:was|has been) (?:written|submitted|created|contributed|donated|uploaded|provided)\\b.{0,80}?\\b(?:students?|fellow|users?|members?|contributors?|our (?:database|website|site))\\b`, 'i')],
  ['submitted', /^you are free to use (?:it|this (?:sample|essay|paper)) for research and reference purposes\b/i],
  ['removal', /^(?:removal request|request (?:the )?removal|request removal)\b|^if you are the (?:original )?(?:creator|author|writer|copyright (?:owner|holder)|owner) of this\b/i],
  ['removal', /^(?=.{0,80}$).{0,40}?\b(?:removal request|request (?:the )?removal)\b/i],
  ['custom-essay', new RegExp(`^(?:need|get|order|want|looking for|buy|hire)\\b.{0,60}?\\b(?:custom|original|unique|plagiarism[- ]free)\\s+(?:${KIND}|writing)\\b`, 'i')],
  ['custom-essay', new RegExp(`^(?:get (?:a )?(?:custom|original) ${KIND}|get custom essay|order (?:now|original essay)|hire (?:a )?writer|check (?:the )?price|get (?:your )?price|learn more|write my ${KIND})\\b.{0,40}$`, 'i')],
  ['sample-notice', /^(?:remember!?\s*)?this is (?:just )?a sample\b/i],
  ['ad', /^(?:download(?: (?:pdf|paper|essay|doc|docx|full paper|sample))?|print|save(?: to (?:my )?(?:list|library))?|add to (?:my )?(?:library|list|favou?rites)|\d+ (?:certified |professional |expert )?writers? online)$/i],
  ['related', new RegExp(`^(?:related|similar|more|other|popular|recommended|free)\\s+(?:${KIND}s?|essays?|papers?|samples?|topics?|posts?)(?: on [^.]{1,60}| examples?| samples?)?:?$`, 'i')],
  ['toc', /^(?:table of contents|contents|outline)$/i],
  ['meta', new RegExp(`^${META_KEY}\\s*:\\s*\\S.{0,110}$|^(?:[\\p{L} ]{1,15}:\\s*)?\\d[\\d,]*\\s+(?:words|pages)\\b.{0,40}$`, 'iu')],
];

/** The family a line belongs to, or null. Long lines never do: the family is buttons and notices. */
export function essayFamily(text: string): EssayFamily | null {
  const t = text.trim();
  if (t.length === 0 || t.length > 600) return null;
  for (const [family, re] of FAMILY_LINES) if (re.test(t)) return family;
  return null;
}

/** Kept for callers that ask yes/no. */
export const isBoilerplateLine = (text: string): boolean => {
  const f = essayFamily(text);
  return f !== null && f !== 'toc' && f !== 'meta';
};

/** Families that only essay sites show (a journal's "Cite this article" + "Copy" is not one). */
const ESSAY_SPECIFIC: ReadonlySet<EssayFamily> = new Set(['submitted', 'removal', 'custom-essay', 'sample-notice']);

const STYLE_START = new RegExp(`^${STYLE}\\b`, 'i');
const ESSAY_WORD = /\b(?:essay|paper|report|sample|assignment)\b/i;

function detectScore(raw: string): number {
  const families = new Set<EssayFamily>();
  let styles = 0;
  let essayCite = false;
  let wordCount = false;
  for (const line of linesOf(raw)) {
    const fam = essayFamily(line.text);
    if (!fam) continue;
    families.add(fam);
    if (fam === 'style-label' && STYLE_START.test(line.text)) styles++;
    if (fam === 'cite-header' && ESSAY_WORD.test(line.text)) essayCite = true;
    if (fam === 'meta' && /\b(?:words?|pages?)\b\s*:?\s*\d|\d\s+(?:words|pages)\b/i.test(line.text)) wordCount = true;
  }
  let specific = [...families].filter((f) => ESSAY_SPECIFIC.has(f)).length;
  if (styles >= 2) specific++;
  if (essayCite) specific++;
  if (wordCount) specific++;
  const generic = families.size;
  if (specific >= 2 || (specific >= 1 && generic >= 3)) return 0.95;
  if (specific >= 1 && generic >= 2) return 0.75;
  return 0;
}

/** A block that is the essay's prose: a sentence with its function words, outside the family. */
function isProse(b: DraftBlock, family: EssayFamily | null): boolean {
  if (family) return false;
  const f = features(b.text);
  return f.terminal && f.words >= 6 && f.stop >= 0.2;
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/^(?:\d+(?:\.\d+)*|[ivx]+)[.)]?\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

interface Cut {
  rule: string;
  detail?: string;
}

/** A module constant: the transpiler turns a literal with \p{L} outside a class into a `new RegExp` per evaluation. */
const WORDS_WITH_SPACE = /\p{L}.*\s\S/u;

export function stripEssaySite(doc: ProfiledDoc, context: StripContext = NO_CONTEXT): StripResult {
  const raw = doc.raw;
  const all = lineBlocks(raw, 0, raw.length, { firstIsTitle: false });
  const n = all.length;
  const fam = all.map((b) => essayFamily(b.text));
  const prose = all.map((b, i) => isProse(b, fam[i]!));
  const proseBefore = new Array<number>(n + 1).fill(0);
  for (let i = 0; i < n; i++) proseBefore[i + 1] = proseBefore[i]! + (prose[i] ? all[i]!.text.length : 0);
  const totalProse = proseBefore[n]!;
  const firstProse = prose.indexOf(true);
  const cuts = new Array<Cut | null>(n).fill(null);
  const metadata: Record<string, unknown> = {};

  // The page's title: the first short line that is no family line. The site cites the page by it.
  const titleIdx = all.findIndex((b, i) => !fam[i] && b.text.length <= 200 && !prose[i] && WORDS_WITH_SPACE.test(b.text) && !isMenuLine(b.text) && !chromeVocabulary(b.text));
  const titleKey = titleIdx >= 0 && titleIdx < (firstProse === -1 ? n : firstProse) ? norm(all[titleIdx]!.text.replace(/^(?:essay|paper|research paper|essay sample|essay example|sample|example)\s*:\s*/i, '')) : '';
  const citesPage = (b: DraftBlock) => titleKey.length >= 8 && isCitationLike(b.text) && norm(b.text).includes(titleKey) && norm(b.text) !== titleKey;

  // 1. The trailing block: the first family line after which (almost) no essay prose follows.
  let cut = -1;
  if (firstProse !== -1) {
    for (let i = firstProse + 1; i < n; i++) {
      if (!fam[i] || fam[i] === 'toc') continue;
      const after = totalProse - proseBefore[i]!;
      let familyFromHere = 0;
      for (let j = i; j < n && familyFromHere < 2; j++) if (fam[j]) familyFromHere++;
      if (after <= 0.25 * proseBefore[i]! && familyFromHere >= 2) {
        cut = i;
        break;
      }
    }
    // The block may open with the page's own citation or a style label just before the first button.
    while (cut > firstProse + 1 && (fam[cut - 1] === 'style-label' || citesPage(all[cut - 1]!))) cut--;
  }
  const end = cut === -1 ? n : cut;

  // 2. The header: word counts and dates become metadata; a table of contents is dropped.
  const headerEnd = firstProse === -1 ? end : firstProse;
  for (let i = 0; i < headerEnd; i++) {
    if (fam[i] !== 'toc') continue;
    // The contents list ends where its first entry comes back as the essay's first heading.
    const first = i + 1 < headerEnd ? norm(all[i + 1]!.text) : '';
    let j = i + 1;
    while (j < headerEnd && !(j > i + 1 && norm(all[j]!.text) === first)) j++;
    for (let k = i; k < j; k++) cuts[k] = { rule: 'essay-site:toc' };
    i = j - 1;
  }
  for (let i = 0; i < end; i++) {
    if (cuts[i]) continue;
    const b = all[i]!;
    if (fam[i] === 'meta') {
      readMeta(b.text, metadata);
      cuts[i] = { rule: 'essay-site:meta' };
    } else if (fam[i] === 'related' && i > firstProse && firstProse !== -1 && proseBefore[i]! >= 0.5 * totalProse) {
      // A related-essays list late in the page runs to the next family line.
      let j = i + 1;
      while (j < end && !fam[j]) j++;
      for (let k = i; k < j; k++) cuts[k] = { rule: 'essay-site:related' };
      i = j - 1;
    } else if (fam[i]) {
      cuts[i] = { rule: `essay-site:${fam[i]}` };
    } else if (citesPage(b) && !prose[i]) {
      cuts[i] = { rule: 'essay-site:self-citation' };
    }
  }

  // An advertisement is a cluster of family lines; a line caught between two of them is part of it
  // ("Remember! This is just a sample." / "You can get your custom paper ..." / "Get custom essay").
  for (let i = 1; i + 1 < end; i++) {
    if (!cuts[i] && !prose[i] && fam[i - 1] && fam[i + 1] && fam[i - 1] !== 'toc' && fam[i + 1] !== 'toc') {
      cuts[i] = { rule: 'essay-site:ad', detail: 'between two essay-site family lines' };
    }
  }

  // 3. The bibliography (before the site's block) becomes references.
  const pre = all.slice(0, end);
  const preCuts = cuts.slice(0, end);
  const bib = findBibliography(pre, (b) => essayFamily(b.text) !== null);
  const removed: RemovedSpan[] = [];
  const references = bib ? pre.slice(bib.heading + 1, bib.end).map((b) => ({ raw: b.text, rawStart: b.rawStart, rawEnd: b.rawEnd })) : [];
  if (bib) {
    removed.push({ rule: 'bibliography', rawStart: pre[bib.heading]!.rawStart, rawEnd: pre[bib.end - 1]!.rawEnd, detail: `entries=${bib.end - bib.heading - 1}` });
  }

  // 4. The rest goes through the generic classifier, with the family lines preset as boilerplate
  // so that their neighbours see them as such.
  const classify = (from: number, to: number) => {
    const blocks = pre.slice(from, to);
    const preset = preCuts.slice(from, to).map((c) => (c ? { rule: c.rule, detail: c.detail ?? 'essay-site family line' } : null));
    return classifyBlocks(blocks, context, preset);
  };
  const head = classify(0, bib ? bib.heading : end);
  const tail = bib && bib.end < end ? classify(bib.end, end) : { kept: [], removed: [] };
  const kept = [...head.kept, ...tail.kept];
  // Loops, not push(...spread): a page of a million lines would overflow the call stack.
  for (const r of head.removed) removed.push(r);
  for (const r of tail.removed) removed.push(r);
  if (cut !== -1) {
    removed.push({ rule: 'essay-site:citation-block', rawStart: all[cut]!.rawStart, rawEnd: raw.trimEnd().length, detail: `from line "${all[cut]!.text.slice(0, 40)}"` });
  }

  // A title line that carries the site's label ("Essay Sample: ...") loses the label.
  const first = kept[0];
  const label = first ? /^(?:essay|paper|research paper|essay sample|essay example|sample|example)\s*:\s*/i.exec(first.text) : null;
  if (first && label && first.text.length > label[0].length) {
    removed.push({ rule: 'essay-site:title-label', rawStart: first.rawStart, rawEnd: first.rawStart + label[0].length });
    kept[0] = { ...first, text: first.text.slice(label[0].length), rawStart: first.rawStart + label[0].length, type: 'heading', depth: 2 };
  }
  const last = kept[kept.length - 1];
  if (last?.type === 'heading' && kept.length > 1) kept[kept.length - 1] = { ...last, type: 'paragraph', depth: null };
  promoteTitle(kept);
  removed.sort((a, b) => a.rawStart - b.rawStart || a.rawEnd - b.rawEnd);
  return { title: titleFromBlocks(kept, doc), metadata, blocks: kept, removed, references };
}

const META_PAIR = new RegExp(`\\b(${META_KEY})\\s*:\\s*(.+?)(?=\\s+${META_KEY}\\s*:|$)`, 'gi');

/** "Words: 1184 Pages: 4" -> { words: 1184, pages: 4 }; other keys keep their text. */
function readMeta(text: string, into: Record<string, unknown>): void {
  const t = text.trim();
  if (t.length > 200) return;
  for (const m of t.matchAll(/(\d[\d,]*)\s+(words|pages?)\b/gi)) into[m[2]!.toLowerCase().replace(/^page$/, 'pages')] = Number(m[1]!.replace(/,/g, ''));
  for (const m of t.matchAll(META_PAIR)) {
    const key = m[1]!.toLowerCase().replace(/\s+/g, '-');
    const value = m[2]!.trim();
    const both = /^(\d+)\s*\((\d[\d,]*)\s+words\)$/i.exec(value);
    if (both && /^pages?$/.test(key)) {
      into.pages = Number(both[1]);
      into.words = Number(both[2]!.replace(/,/g, ''));
      continue;
    }
    const num = /^\d[\d,]*$/.test(value) ? Number(value.replace(/,/g, '')) : null;
    into[key] = num ?? value;
  }
}

export const essaySite: SourceProfile = {
  name: 'essay-site',
  description: 'student-essay sites: header, essay, bibliography, then a cite-this-paper block',
  formats: ['text'],
  detect: (doc) => detectScore(doc.raw),
  strip: (doc: ProfiledDoc, context?: StripContext): StripResult => stripEssaySite(doc, context),
};
