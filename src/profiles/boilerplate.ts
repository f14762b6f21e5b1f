// A generic boilerplate classifier for blocks of plain text, after what proven removers do
// (shared/anchors.md): jusText's block classes from length and stop-word density, re-labelled from
// their neighbours; C4's terminal punctuation and chrome vocabulary; runs of short Title Case items
// (menus, which HTML extractors see as link density); number- and symbol-only lines; lines
// repeated within the document or across the corpus (Gopher, CCNet). Every decision keeps its rule
// and the features behind it, so `corpus clean --explain` can show why.
//
// Everything here is linear in the input: features are counted in one pass per block, contexts
// are found with precomputed neighbour arrays, and vocabulary patterns only run on short blocks.
import type { DraftBlock, RemovedSpan } from '../pipeline/types.ts';
import { NO_CONTEXT, type StripContext } from './profile.ts';

/** English function words (jusText's thresholds assume a list of this breadth). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above across after afterwards again against all almost alone along already also although always am among amongst an and another any ' +
    'anyhow anyone anything anyway anywhere are around as at back be became because become becomes becoming been before beforehand behind being ' +
    'below beside besides between beyond both but by can cannot could did do does doing done down due during each either else elsewhere enough ' +
    'even ever every everyone everything everywhere except few for former formerly from further had has have having he hence her here hereafter ' +
    'hereby herein hers herself him himself his how however i if in indeed into is it its itself just last latter latterly least less made make ' +
    'many may me meanwhile might mine more moreover most mostly much must my myself namely neither never nevertheless next no nobody none ' +
    'noone nor not nothing now nowhere of off often on once one only onto or other others otherwise our ours ourselves out over own per perhaps ' +
    'quite rather really same several she should since so some somehow someone something sometime sometimes somewhere still such than that the ' +
    'their theirs them themselves then thence there thereafter thereby therefore therein thereupon these they this those though through ' +
    'throughout thru thus to together too toward towards under until up upon us very via was we well were what whatever when whence whenever ' +
    'where whereafter whereas whereby wherein whereupon wherever whether which while whither who whoever whole whom whose why will with within ' +
    'without would yet you your yours yourself yourselves also said says say like get got can\'t don\'t doesn\'t didn\'t isn\'t aren\'t wasn\'t ' +
    "weren't won't wouldn't it's that's there's they're we're you're i'm i've we've they've let's"
  ).split(/\s+/),
);

// jusText's defaults (length_low, length_high, stopwords_low, stopwords_high, max_heading_distance).
export const LENGTH_LOW = 70;
export const LENGTH_HIGH = 200;
export const STOPWORDS_LOW = 0.3;
export const STOPWORDS_HIGH = 0.32;
export const MAX_HEADING_DISTANCE = 200;
/** Below this stop-word density over the whole document the text is not English: stop words say nothing. */
const LANGUAGE_MIN_DENSITY = 0.12;
/** Vocabulary and symbol rules look at blocks up to this length only: a long block is never chrome by one phrase. */
const VOCABULARY_MAX_CHARS = 300;

export type Label = 'good' | 'near-good' | 'short' | 'bad';

export interface Features {
  chars: number;
  words: number;
  /** Share of words that are stop words. */
  stop: number;
  /** Share of words that start with a capital letter. */
  caps: number;
  /** Ends in terminal punctuation (C4: . ? ! " ' and their typographic kin). */
  terminal: boolean;
  /** Share of non-space characters that are neither letters nor digits. */
  symbols: number;
  /** Share of non-space characters that are digits. */
  digits: number;
  letters: number;
}

const TERMINAL_END = /[.!?…"'”’)\]]$/;

// Words are runs of letters and digits, with apostrophe-joined letter runs ("don't", "O’Brien"):
// /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/u, scanned by hand because that pattern tries Unicode classes at
// every offset. A code unit's classes are looked up once and kept in a table.
const KNOWN = 1;
const LETTER = 2;
const NUMBER = 4;
const MARK = 8;
const IS_LETTER = /^\p{L}$/u;
const IS_NUMBER = /^\p{N}$/u;
const IS_MARK = /^\p{M}$/u;
/** Classes of the BMP code units (a lone surrogate is none of them), filled on first sight. */
const BMP_CLASSES = new Uint8Array(0x10000);
function classesOf(cp: number): number {
  let k = cp < 0x10000 ? BMP_CLASSES[cp]! : 0;
  if (k === 0) {
    const ch = String.fromCodePoint(cp);
    k = KNOWN | (IS_LETTER.test(ch) ? LETTER : 0) | (IS_NUMBER.test(ch) ? NUMBER : 0) | (IS_MARK.test(ch) ? MARK : 0);
    if (cp < 0x10000) BMP_CLASSES[cp] = k;
  }
  return k;
}
const isApostrophe = (c: number) => c === 39 || c === 0x2019;
/** Which hashes a stop word has, as features() hashes a word (its ASCII lower case, code unit by code unit). */
const STOP_HASHES = new Uint8Array(0x10000);
for (const w of STOP_WORDS) {
  let h = 0;
  for (let k = 0; k < w.length; k++) h = (h * 31 + w.charCodeAt(k)) & 0xffff;
  STOP_HASHES[h] = 1;
}

export function features(text: string): Features {
  let words = 0;
  let stop = 0;
  let caps = 0;
  const n = text.length;
  for (let i = 0; i < n; ) {
    let cp = text.codePointAt(i)!;
    if (!(classesOf(cp) & (LETTER | NUMBER))) {
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    do i += cp > 0xffff ? 2 : 1;
    while (i < n && classesOf((cp = text.codePointAt(i)!)) & (LETTER | NUMBER));
    // Apostrophe-joined runs of letters (digits do not continue them).
    while (i + 1 < n && isApostrophe(text.charCodeAt(i))) {
      let j = i + 1;
      cp = text.codePointAt(j)!;
      if (!(classesOf(cp) & LETTER)) break;
      do j += cp > 0xffff ? 2 : 1;
      while (j < n && classesOf((cp = text.codePointAt(j)!)) & LETTER);
      i = j;
    }
    words++;
    // The stop-word test; an ASCII word whose lower-case hash is no stop word's is not one, so no
    // string is built for it.
    let h = 0;
    let ascii = true;
    for (let k = start; k < i && ascii; k++) {
      const u = text.charCodeAt(k);
      if (u >= 128) ascii = false;
      else h = (h * 31 + (u >= 65 && u <= 90 ? u + 32 : u)) & 0xffff;
    }
    if (!ascii || STOP_HASHES[h] === 1) {
      const lower = text.slice(start, i).toLowerCase();
      if (STOP_WORDS.has(lower.includes('’') ? lower.replace(/’/g, "'") : lower)) stop++;
    }
    const c = text.codePointAt(start)!;
    // ASCII letters and digits answer the capital test without building a string.
    if (c < 128) {
      if (c >= 65 && c <= 90) caps++;
    } else {
      const ch = String.fromCodePoint(c);
      if (ch !== ch.toLowerCase() && ch === ch.toUpperCase()) caps++;
    }
  }
  let letters = 0;
  let digits = 0;
  let nonSpace = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 160) continue;
    nonSpace++;
    if (c >= 48 && c <= 57) digits++;
    // Per code unit, as /\p{L}|\p{M}/u on text[i]: half of a surrogate pair is no letter.
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c > 127 && classesOf(c) & (LETTER | MARK))) letters++;
  }
  const trimmed = text.trimEnd();
  return {
    chars: text.length,
    words,
    stop: words ? stop / words : 0,
    caps: words ? caps / words : 0,
    terminal: TERMINAL_END.test(trimmed) && /[.!?…]["'”’)\]]*$/.test(trimmed.slice(-4)),
    symbols: nonSpace ? (nonSpace - letters - digits) / nonSpace : 0,
    digits: nonSpace ? digits / nonSpace : 0,
    letters,
  };
}

/** The stop-word share of a text (jusText's main feature). */
export const stopWordDensity = (text: string): number => features(text).stop;

/**
 * Vocabulary of page chrome, by family (C4's list and its kin). Each pattern is anchored or bounded,
 * so none can backtrack over a long line; they run on short blocks only.
 */
const CHROME_VOCABULARY: readonly [family: string, re: RegExp, maxChars: number][] = [
  ['cookies', /\b(?:we|this (?:site|website)|our (?:site|website)|site) uses? cookies\b|\b(?:accept|allow|reject|manage|enable) (?:all )?cookies\b|\bcookie (?:policy|settings|preferences|notice|consent|banner)\b|\buse of cookies\b/i, 400],
  ['legal', /\bprivacy (?:policy|notice|statement|settings|choices)\b|\bterms (?:of (?:use|service)|and conditions|& conditions)\b|\ball rights reserved\b|^©|©\s*\d{4}|\bcopyright\s*(?:©|\(c\)|\d{4})|\bdo not sell my\b|\baccessibility statement\b/i, 300],
  ['javascript', /\b(?:enable|turn on|requires?) javascript\b|\bjavascript (?:is )?(?:disabled|required|must be enabled)\b/i, 300],
  ['account', /^(?:sign|log) ?(?:in|up|out)\b|^(?:register|create (?:an |a free )?account|my account|forgot (?:your )?password)\b/i, 60],
  ['newsletter', /^(?:subscribe|sign up for|get (?:our|the) (?:free )?newsletter|join (?:our )?(?:newsletter|mailing list))\b|\bsubscribe to (?:our|the) (?:newsletter|channel|podcast)\b|^newsletter\b/i, 200],
  ['share', /^(?:share|share (?:this|on|via|article|story|page|post)|tweet|email|e-mail|print|pin it|copy link|facebook|twitter|x \(formerly twitter\)|linkedin|whatsapp|pinterest|reddit|telegram)\b[^.!?]{0,40}$/i, 60],
  ['more-links', /^(?:read more|continue reading|read next|read also|see (?:more|also)|show more|load more|view (?:all|more)|click here|more (?:from|on|stories|news|articles)|you (?:may|might) (?:also )?(?:like|enjoy)|related(?: (?:articles?|posts?|stories|news|content|topics|links|reading|coverage))?|recommended(?: for you)?|popular(?: posts| stories| now)?|trending(?: now)?|most (?:read|popular|viewed)|latest (?:news|stories|posts)|editor'?s picks)\b[^.!?]{0,60}$/i, 120],
  ['comments', /^(?:\d+\s+)?(?:comments?|replies|reply|quote|report|like|likes|permalink|leave a (?:reply|comment)|add (?:a )?comment|post (?:a )?comment|join the (?:discussion|conversation)|show comments|\d+ (?:views|likes|replies))$|^(?:joined|posts|reputation|member since|last seen|location):\s*\S/i, 80],
  ['navigation', /^(?:skip to (?:main )?(?:content|navigation)|skip navigation|jump to (?:navigation|search|content)|back to top|go to top|top of page|main menu|open menu|close menu|toggle navigation|navigation|menu|search|search this site|breadcrumbs?|you are here:?|home page|sitemap|site map|edit this page|edit on github|improve this page|suggest (?:an )?edits?|view (?:page )?source|print this page)$/i, 40],
  ['byline', /^(?:posted|published|updated|last updated|first published|last modified|written|reviewed)(?: (?:on|by|at))?\s*:?\s+\S[^.]{0,80}$|\b\d+\s*(?:-\s*)?min(?:ute)?s?\s+read\b/i, 120],
  // Case matters here: "By Maria Lopez" is a byline, "By land and sea" is not.
  ['byline', /^(?:By|BY|by)\s+\p{Lu}[\p{L}.'-]*(?:\s+\p{Lu}[\p{L}.'-]*){0,3}\s*(?:[,|·•–-].{0,60})?$/u, 120],
  ['taxonomy', /^(?:tags?|tagged(?: with)?|categories|category|filed under|posted in|labels?)\s*:?\s+\S[^.!?]{0,150}$/i, 200],
  ['credit', /^(?:photo|photograph|image|picture|illustration|video|graphic)(?:\s+credit)?\s*(?::|by\b)|^(?:credit|source):\s|\b(?:photo|photograph|image|picture|illustration)(?: credit)?\s*:\s*\p{Lu}[^.!?]{0,60}$|\b(?:getty images|shutterstock|istock(?:photo)?)\b/iu, 200],
  ['government', /\bofficial website of\b|^here'?s how you know\b|\bwebsites? use (?:\.gov|https)\b|^a \.gov website\b|^was this (?:page|article|information|content) (?:helpful|useful)\b|^page last (?:reviewed|updated)\b|\breport a problem with this page\b|^(?:yes|no)$|^help us improve\b/i, 200],
  ['email', /^view (?:this email|it|this newsletter) in (?:your|a) (?:web )?browser\b|^forward (?:this email )?to a friend$|\bunsubscribe\b|\bupdate your (?:email )?preferences\b|^you (?:are receiving|received) this (?:email|message|newsletter)\b|^our mailing address is:?$/i, 200],
  ['pagination', /^(?:previous|next|prev|older|newer)(?: (?:post|article|page|story|chapter|entry))?\s*[:«»‹›<>←→]|^[«‹←]\s*(?:previous|prev|older)\b|\b(?:next|newer)\s*[»›→]$|^page \d+ of \d+$/i, 120],
  ['advert', /^(?:advertisement|advertising|sponsored(?: content)?|promoted|ad|ads by \S+|story continues below(?: advertisement)?)$/i, 60],
];

/**
 * Families of chrome that sit inside an article (bylines, dates, share buttons, credits, advert
 * labels): they are removed, but like jusText's short blocks they are not a boundary of the text
 * around them. Menus, footers, legal lines and link lists are.
 */
const TRANSPARENT_FAMILIES: ReadonlySet<string> = new Set(['byline', 'share', 'credit', 'advert', 'taxonomy']);

/** Families of the site's own chrome around an article (header, footer): the edge of the article. */
const SITE_FAMILIES: ReadonlySet<string> = new Set(['cookies', 'legal', 'javascript', 'account', 'newsletter', 'more-links', 'navigation', 'government', 'email', 'pagination']);

/** The chrome family a short block belongs to by its words, or null. */
export function chromeVocabulary(text: string): string | null {
  const t = text.trim();
  if (t.length === 0 || t.length > 400) return null;
  for (const [family, re, max] of CHROME_VOCABULARY) if (t.length <= max && re.test(t)) return family;
  return null;
}

const MONTH_OR_DAY =
  /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|am|pm|gmt|utc|[ecmp][sd]t|bst|cet|ago|at|on|of|the|updated|published|posted|hours?|hrs?|minutes?|mins?|days?|weeks?|months?|years?|yesterday|today|\d+(?:st|nd|rd|th|h|m|d)?)$/i;

/**
 * A line that is only a date or a time ("12 March 2024", "3 hours ago", "Mar 2, 2024, 10:32 AM GMT"),
 * or a dateline: a short label and a date between separators ("Monthly Bulletin | June 2024").
 */
export function isDateLine(text: string): boolean {
  const t = text.trim();
  if (t.length <= 80 && /\s[|•·–—]\s/.test(t)) {
    const parts = t.split(/\s[|•·–—]\s/);
    if (parts.length <= 4 && parts.some((p) => isBareDate(p)) && parts.every((p) => p.trim().split(/\s+/).length <= 5)) return true;
  }
  return isBareDate(t);
}

function isBareDate(text: string): boolean {
  const t = text.trim();
  if (t.length === 0 || t.length > 60 || !/\d/.test(t) && !/\bago\b|yesterday|today/i.test(t)) return false;
  const words = t.split(/[\s,/.:|–-]+/).filter(Boolean);
  return words.length > 0 && words.every((w) => MONTH_OR_DAY.test(w));
}

/** A one-line menu or breadcrumb: three or more short items between separators. */
export function isMenuLine(text: string): boolean {
  const t = text.trim();
  if (t.length > 300) return false;
  const parts = t.split(/\s+[|•·»›>/]\s+|\s*\|\s*|\t+|\s{3,}/).filter((p) => p.trim() !== '');
  if (parts.length >= 3 && parts.every((p) => p.length <= 40 && p.split(/\s+/).length <= 5 && !/[.!?]$/.test(p))) return true;
  // "Home News Sport Business Culture Travel": many capitalised words, no function word, no sentence.
  const words = t.split(/\s+/);
  return words.length >= 6 && !/[.!?:,;]$/.test(t) && words.every((w) => /^[\p{Lu}\p{N}&]/u.test(w) && !STOP_WORDS.has(w.toLowerCase()));
}

/** A short line that stands alone without final punctuation (a question may head a thread or article). */
function isTitleLike(text: string, f: Features): boolean {
  return f.chars > 0 && f.chars <= 100 && f.words <= 14 && !/[.!:;,…]$/.test(text.trim()) && /^["“'(]?[\p{Lu}\p{N}]/u.test(text.trim());
}

export interface Classified {
  block: DraftBlock;
  features: Features;
  /** Context-free class (jusText's cf_class). */
  cf: Label;
  /** A strong signal that no neighbour can overrule: the rule that fires, or null. */
  hard: string | null;
  hardWhy: string;
  /** The hard rule came from the profile, not from this classifier. */
  preset: boolean;
  /** Chrome inside an article (byline, date, share buttons): neighbours look through it. */
  transparent: boolean;
  /** Chrome of the site around the article (menus, account links, footers): a title never reaches past it. */
  siteChrome: boolean;
  heading: boolean;
  /** Class after the neighbours were heard. */
  label: Label;
  why: string;
}

export interface ClassifyResult {
  kept: DraftBlock[];
  removed: RemovedSpan[];
  classified: Classified[];
}

const fmt = (n: number) => n.toFixed(2);

export function describeFeatures(f: Features): string {
  return `len=${f.chars} words=${f.words} stop=${fmt(f.stop)} caps=${fmt(f.caps)} punct=${f.terminal ? 'yes' : 'no'} sym=${fmt(f.symbols)} digits=${fmt(f.digits)}`;
}

const normaliseKey = (text: string) => text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Classifies blocks as content or boilerplate. Blocks are in reading order; list items, quotes and
 * headings take part like paragraphs (a heading is a short line that looks like one).
 */
export function classifyBlocks(
  blocks: readonly DraftBlock[],
  context: StripContext = NO_CONTEXT,
  /** Decisions a profile already made (its own chrome rules): such blocks are bad, and their neighbours see them so. */
  preset: readonly ({ rule: string; detail: string } | null)[] = [],
): ClassifyResult {
  const n = blocks.length;
  const feats = blocks.map((b) => features(b.text));

  // Is the stop-word list any use here? Over the longer blocks of a non-English text it is not.
  let longWords = 0;
  let longStop = 0;
  for (const f of feats) {
    if (f.words >= 10) {
      longWords += f.words;
      longStop += f.stop * f.words;
    }
  }
  const languageKnown = longWords === 0 || longStop / longWords >= LANGUAGE_MIN_DENSITY;

  // Lines repeated within the document (Gopher): count normalised short lines.
  const inDoc = new Map<string, number>();
  const keys = new Array<string | undefined>(n);
  for (let i = 0; i < n; i++) {
    const b = blocks[i]!;
    if (b.text.length > LENGTH_HIGH) continue;
    const k = (keys[i] = normaliseKey(b.text));
    inDoc.set(k, (inDoc.get(k) ?? 0) + 1);
  }

  const out: Classified[] = blocks.map((block, i) => {
    const f = feats[i]!;
    const text = block.text.trim();
    const heading = block.type === 'heading' || block.type === 'title' || (block.type === 'paragraph' && isTitleLike(text, f));
    let hard: string | null = null;
    let hardWhy = '';
    let transparent = false;
    let siteChrome = false;
    const short = f.chars <= VOCABULARY_MAX_CHARS;
    const given = preset[i];
    if (given) {
      hard = given.rule;
      hardWhy = given.detail;
    } else if (f.letters === 0 || (short && f.symbols + f.digits > 0.6 && f.chars < 100)) {
      hard = 'boilerplate:symbols';
    } else if (short && isMenuLine(text)) {
      hard = 'boilerplate:menu';
      siteChrome = true;
    } else if (short && isDateLine(text)) {
      hard = 'boilerplate:date';
      transparent = true;
    } else if (short) {
      const family = chromeVocabulary(text);
      if (family) {
        hard = 'boilerplate:vocabulary';
        hardWhy = `family=${family}`;
        transparent = TRANSPARENT_FAMILIES.has(family);
        siteChrome = SITE_FAMILIES.has(family);
      }
    }
    if (!hard && f.chars <= 400 && !(f.chars > LENGTH_HIGH && f.stop >= STOPWORDS_HIGH)) {
      // A long prose block found elsewhere too is a quotation or a syndicated paragraph: dedupe marks it.
      const docs = context.lineDocumentCount(text);
      if (docs >= context.repeatedLineMinDocs) {
        siteChrome = true;
        hard = 'boilerplate:repeated';
        hardWhy = `documents=${docs}`;
      }
    }
    if (!hard && f.chars <= LENGTH_HIGH && !heading) {
      // (The key of the trimmed text: the one counted above when trimming changed nothing.)
      const times = inDoc.get(text === block.text ? keys[i]! : normaliseKey(text)) ?? 0;
      if (times >= 3) {
        hard = 'boilerplate:repeated-in-doc';
        hardWhy = `times=${times}`;
      }
    }
    let cf: Label;
    if (hard) cf = 'bad';
    else if (f.chars < LENGTH_LOW) cf = 'short';
    else if (languageKnown) {
      if (f.stop >= STOPWORDS_HIGH && f.chars > LENGTH_HIGH) cf = 'good';
      else if (f.stop >= STOPWORDS_LOW) cf = 'near-good';
      // C4: a sentence with terminal punctuation is prose even when names thin its function words.
      else if (f.terminal && f.words >= 6 && f.stop >= 0.1) cf = f.chars > LENGTH_HIGH && f.stop >= 0.24 ? 'good' : 'near-good';
      else cf = 'bad';
    } else cf = f.terminal && f.chars > LENGTH_HIGH ? 'good' : f.terminal ? 'near-good' : 'bad';
    return { block, features: f, cf, hard, hardWhy, preset: Boolean(given), transparent, siteChrome, heading, label: cf, why: `cf=${cf}` };
  });

  markLinkRuns(out);

  // --- jusText's context-sensitive pass, linear: neighbour arrays instead of walks. ---
  /**
   * Characters between each block and the next good block after it (Infinity if none, or if
   * something that is not part of an article stands between). For a section heading only
   * transparent chrome (a byline, a date) may stand between; a document's title may also be
   * separated from its text by other recognised furniture (thread or essay metadata, a disclaimer),
   * but never by a menu or a link run.
   */
  const distanceToGood = (forTitle: boolean) => {
    const dist = new Array<number>(n).fill(Infinity);
    let acc = Infinity;
    for (let i = n - 1; i >= 0; i--) {
      dist[i] = acc;
      const c = out[i]!;
      if (c.label === 'good') acc = 0;
      else if (!c.hard) acc += c.features.chars;
      else if (c.transparent) continue;
      else if (!forTitle || c.siteChrome) acc = Infinity;
    }
    return dist;
  };
  const headingPromote = (which: (c: Classified) => boolean, to: Label, note: string) => {
    const dist = distanceToGood(false);
    for (let i = 0; i < n; i++) {
      const c = out[i]!;
      if (which(c) && dist[i]! <= MAX_HEADING_DISTANCE) {
        c.label = to;
        c.why = note;
      }
    }
  };
  // Headings close before good text become near-good.
  headingPromote((c) => c.heading && !c.hard && c.label === 'short', 'near-good', 'heading: good block within 200 chars');

  // Neighbours: the nearest good/bad block on each side, skipping short (and near-good when asked)
  // and transparent chrome; the document's edges count as bad.
  const neighbours = (skipNearGood: boolean) => {
    const prev = new Array<Label>(n);
    const next = new Array<Label>(n);
    let last: Label = 'bad';
    const counts = (c: Classified) => !c.transparent && (c.label === 'good' || c.label === 'bad' || (!skipNearGood && c.label === 'near-good'));
    for (let i = 0; i < n; i++) {
      prev[i] = last;
      if (counts(out[i]!)) last = out[i]!.label;
    }
    last = 'bad';
    for (let i = n - 1; i >= 0; i--) {
      next[i] = last;
      if (counts(out[i]!)) last = out[i]!.label;
    }
    return { prev, next };
  };

  // Short blocks take their class from their neighbours.
  {
    const strict = neighbours(true);
    const loose = neighbours(false);
    const relabel: [number, Label, string][] = [];
    for (let i = 0; i < n; i++) {
      const c = out[i]!;
      if (c.label !== 'short') continue;
      const p = strict.prev[i]!;
      const q = strict.next[i]!;
      let to: Label;
      if (p === 'good' && q === 'good') to = 'good';
      else if (p === 'bad' && q === 'bad') to = 'bad';
      else if ((p === 'bad' && loose.prev[i] === 'near-good') || (q === 'bad' && loose.next[i] === 'near-good')) to = 'good';
      else to = 'bad';
      relabel.push([i, to, `short, neighbours ${p}/${q}`]);
    }
    for (const [i, to, why] of relabel) {
      out[i]!.label = to;
      out[i]!.why = why;
    }
  }
  // Near-good blocks are good unless bad text surrounds them.
  {
    const strict = neighbours(true);
    for (let i = 0; i < n; i++) {
      const c = out[i]!;
      if (c.label !== 'near-good') continue;
      const both = strict.prev[i] === 'bad' && strict.next[i] === 'bad';
      c.label = both ? 'bad' : 'good';
      c.why = `${c.why === 'cf=near-good' ? 'near-good' : c.why}, neighbours ${strict.prev[i]}/${strict.next[i]}`;
    }
  }
  // More good headings: a heading that was not bad by itself, close before good text.
  headingPromote((c) => c.heading && !c.hard && c.label === 'bad' && c.cf !== 'bad', 'good', 'heading: good block within 200 chars');

  // The title: the first heading before the first good block that reaches it past page furniture.
  {
    const firstGood = out.findIndex((c) => c.label === 'good');
    const dist = distanceToGood(true);
    for (let i = 0; i < firstGood; i++) {
      const c = out[i]!;
      if (!c.heading || c.hard || c.cf === 'bad' || dist[i]! > MAX_HEADING_DISTANCE) continue;
      if (c.label !== 'good') {
        c.label = 'good';
        c.why = 'title: first heading before the text, within 200 chars past page furniture';
      }
      break;
    }
  }

  // Nothing good at all: a short or unusual document is not all boilerplate. Fall back to keeping
  // everything that no strong signal condemns (trafilatura falls back the same way).
  if (!out.some((c) => c.label === 'good')) {
    for (const c of out) {
      if (!c.hard) {
        c.label = 'good';
        c.why = `fallback: no good block in the document (cf=${c.cf})`;
      }
    }
  }

  const kept: DraftBlock[] = [];
  const removed: RemovedSpan[] = [];
  for (const c of out) {
    const detail = `${describeFeatures(c.features)}${languageKnown ? '' : ' lang=unknown'}`;
    if (c.label === 'good') {
      kept.push({ ...c.block, decision: `boilerplate:keep (${c.why}; ${detail})` });
    } else {
      const rule = c.hard ?? `boilerplate:${c.cf}`;
      removed.push({ rule, rawStart: c.block.rawStart, rawEnd: c.block.rawEnd, detail: `${c.hardWhy ? `${c.hardWhy} ` : ''}${c.why}; ${detail}` });
    }
  }
  return { kept, removed, classified: out };
}

/**
 * Menus and link lists in a text dump: three or more short Title Case lines in a row (menu items
 * are a few words each), not announced by a line ending in a colon (which would make them a list
 * of the body). A run's last line right before prose is that prose's heading, not a menu item.
 */
function markLinkRuns(out: Classified[]): void {
  // Lines already condemned ("Sign in", a profile's own chrome) may sit inside a menu: they extend the run.
  const linkLike = (c: Classified) => {
    const f = c.features;
    const t = c.block.text.trim();
    return (
      f.chars <= 40 &&
      f.words >= 1 &&
      f.words <= 4 &&
      !/[.!?:;,…]$/.test(t) &&
      /^["“'(]?[\p{Lu}\p{N}]/u.test(t) &&
      (f.caps >= 0.6 || f.words <= 2)
    );
  };
  let i = 0;
  while (i < out.length) {
    if (!linkLike(out[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j < out.length && linkLike(out[j]!)) j++;
    const announced = i > 0 && /:\s*$/.test(out[i - 1]!.block.text);
    const next = out[j];
    const end = next && (next.cf === 'good' || next.cf === 'near-good') ? j - 1 : j;
    let fresh = 0;
    for (let k = i; k < end; k++) if (!out[k]!.hard) fresh++;
    // Three items of its own make a menu; lines already condemned only extend one.
    if (fresh >= 3 && !announced) {
      for (let k = i; k < end; k++) {
        const c = out[k]!;
        if (c.hard) continue;
        c.hard = 'boilerplate:link-run';
        c.siteChrome = true;
        c.hardWhy = `run=${end - i}`;
        c.cf = 'bad';
        c.label = 'bad';
        c.why = 'cf=bad';
      }
    }
    i = j;
  }
}
