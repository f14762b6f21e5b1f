// Plain-text dumps of rendered Wikipedia pages. The dump flattens the page: the whole navigation
// (menus, table of contents, language list, tools) is one first line ending in "From Wikipedia,
// the free encyclopedia", then the short description, hatnotes, banners, infobox and sidebars run
// into the lead; headings are glued between a citation group and "[ edit ]"; every inline element
// is spaced on both sides ("smuggling , which"); wherever a text run ending in ".", "!" or "?" meets
// an element boundary the dump writes a blank line instead of a space (so paragraphs split before
// "[ 12 ]" markers and after abbreviations like "U.N."); captions, legends, tables and navboxes
// sit where their element was, glued to the prose around them. The rules below key on that
// structure (header line, table-of-contents numbering, "[ edit ]", "v t e", marker forms, blank
// lines, capitalisation), never on one article's words.
//
// Every scan is bounded: detectors look at a window of fixed size from a boundary and a boundary
// is only visited once, so the cost is linear in the input.
import type { DraftBlock, DraftReference, ProfiledDoc, RemovedSpan } from '../pipeline/types.ts';
import type { SourceProfile, StripResult } from './profile.ts';
import { lowerBound } from '../util/search.ts';

const HEADER_END = 'From Wikipedia, the free encyclopedia';
const EDIT = /\[ edit \]/g;
const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';

/** Words that end inline maintenance tags: "[ citation needed ]", "[ dubious – discuss ]", "[ permanent dead link ]". */
const TAG_WORDS =
  'needed|discuss|links?|sources?|citations?|verification|verify|given|specify|clarify|research|update|unreliable|dubious|vague|ambiguous|inconsistent|disputed|irrelevant|opinion|obsolete|quantify|promotional|peacock|weasel|anchor|expand|explain|examples|definition|contradictory|neutrality';
const MARKER_INNER = `(?:\\d{1,4}|[a-z]{1,2}|[ivxl]{3,5}|[A-Z]|(?:note|nb|n|fn|Note|NB|N|lower-alpha|upper-alpha|lower-roman) ?\\d{1,3}|[a-z][a-z'’ ,/–—-]{0,45}?(?:${TAG_WORDS})\\??|[a-z][a-z'’ ,/–—-]{0,45}\\?)`;
/**
 * Page numbers after a citation ("[ 12 ] : 37", the rp template) belong to the marker. A marker is
 * never glued to the letter after it: "[T]he" in a quotation is an editorial capital, not a note.
 */
const MARKER_SRC = `\\[ ?${MARKER_INNER} ?\\](?![\\p{L}\\p{N}])(?: ?: ?\\d{1,4}(?:[–-]\\d{1,4})?(?:, ?\\d{1,4}(?:[–-]\\d{1,4})?)*(?![\\d.,]))?`;
/** Citation markers: "[ 12 ]", "[12]", "[ a ]", "[ note 3 ]", "[ citation needed ]", "[ when? ]"... ("[ sic ]", "[...]" and editorial insertions are text). */
export const CITATION_MARKER = new RegExp(MARKER_SRC, 'gu');
const MARKER_AT = new RegExp(MARKER_SRC, 'yu');
const SPACED_MARKER_AT = /\[ (?:\d{1,4}|[a-z]{1,2}|(?:note|nb) \d{1,3}|[a-z][a-z'’ ,/–—-]{0,45}?(?:needed|discuss|\?)) \]/y;

/** End sections: the body stops at the first of these headings. */
const END_SECTIONS =
  /^(?:see also|notes|references|further reading|external links|bibliography|sources|citations|footnotes|works cited|notes and references|references and notes|general references|explanatory notes|general and cited references|cited sources|primary sources|secondary sources|sources and further reading|references and further reading|notes and citations|literature cited|cited works|related pages)$/i;
const BIBLIOGRAPHY_SECTIONS =
  /^(?:references|notes|footnotes|citations|bibliography|sources|works cited|notes and references|references and notes|general references|explanatory notes|general and cited references|cited sources|further reading|primary sources|secondary sources|sources and further reading|references and further reading|notes and citations|literature cited|cited works)$/i;

/** Hatnote openings; the target (a link title) or a sentence follows. */
const HATNOTE_OPENINGS = [
    '(?:Main articles?|See also|Further information|Further details|More information|Related articles?|For (?:more )?details|Details)(?: on [^:\\n]{1,60})?:\\s*',
    'For (?:the|a|an|other|more|further|related|information|usage|use|uses)\\b[^:.\\n]{0,150}?,?\\s*see\\s+',
    'Not to be confused with\\s+',
    'This (?:article|page|section|list) is about\\s+',
    'This (?:section|article) is an excerpt from\\s+',
    '["“][^"”\\n]{1,80}["”](?: and ["“][^"”\\n]{1,80}["”])? redirects? here\\.\\s*',
    '\\p{Lu}[^.\\n"“]{0,59} redirects here\\.\\s*',
];
const HATNOTE_AT = new RegExp(HATNOTE_OPENINGS.join('|'), 'uy');
/**
 * The same without the two "... redirects here." openings, for where no "redirect" follows closely:
 * those alternatives, tried last, cannot match there, and they are the costly ones (a capital and
 * up to 59 characters before the phrase). Their "redirect" starts at most 330 UTF-16 units after
 * the opening (two quoted titles of 80 code points each, a code point up to two units).
 */
const HATNOTE_SHORT_AT = new RegExp(HATNOTE_OPENINGS.slice(0, -2).join('|'), 'uy');
const REDIRECT_REACH = 400;
/** Whether an element (hatnote, banner, sidebar) starts at pos: a cheap test of the first letter before the regexes. */
function elementAt(c: Cleaner, pos: number): boolean {
  const s = c.s;
  const ch = s[pos];
  if (ch === undefined || !/["“A-Z]/.test(ch)) return false;
  return !!(c.hatnoteAt(pos) || matchAt(BANNER_AT, s, pos) || matchAt(SIDEBAR_AT, s, pos));
}

/** Maintenance banners: "This article needs ...", "This section is empty", "The neutrality of this ...". */
const BANNER_AT =
  /(?:(?:This|The) (?:article|section|list|paragraph|page|biography(?: of a living person)?|subsection|template|table)(?:'s|’s| or section)? [^\n]{0,200}?\b(?:needs?|does not|may|relies|has|is|contains|appears|possibly|lacks|uses|reads|requires|should|duplicates|includes|deals?|consists)\b|The (?:neutrality|factual accuracy|accuracy|tone|examples and perspective|verifiability) (?:of|in) this|It has been suggested that|Some of this (?:article|section)(?:'s|’s)|Please help (?:improve|update|expand))/y;
const DATE_TAG = new RegExp(`\\( (?:${MONTHS}) \\d{4} \\)`, 'g');
const DATE_AT = new RegExp(`\\( (?:${MONTHS}) \\d{4} \\)`, 'y');
const LEARN = /\( Learn how and when to remove (?:this|these) (?:template )?messages? \)/g;
const LEARN_AT = /\( Learn how and when to remove (?:this|these) (?:template )?messages? \)/y;
const SIDEBAR_AT = /(?:This article is part|Part) of (?:a|the) (?:series|[\p{Lu}][^\n]{0,60}? series)\b/uy;
const COORDS_AT = /Coordinates\s*:\s*/y;
const STUB_AT = /(?:Stub icon\s+)?This [^.\n]{0,150}? is a stub\b/y;
const VTE = /(?<!\S)v t e(?!\S)/g;
const COLOURS =
  '(?:(?:light|dark|pale|bright) )?(?:gr[ae]y|green|yellow|orange|red|blue|purple|violet|brown|black|white|pink|cyan|magenta|teal|maroon|navy|olive|beige|gold|silver|tan)';
/** Two or more "Colour: label" / "Colour – label" items in a row: a map or chart legend. */
const LEGEND_SRC = `(?<![\\p{L}])${COLOURS}\\s?(?::|–|—| - )\\s`;
const LEGEND_STICKY = new RegExp(LEGEND_SRC, 'iuy');
/**
 * How far a legend item starts before its separator: at most 14 characters of colour ("bright
 * magenta"), a space, then " - " (the "-" one further on). Kept with a margin.
 */
const LEGEND_REACH = 24;
const LEGEND_AT = new RegExp(`${COLOURS}\\s?(?::|–|—| - )\\s`, 'iy');
const NUMERIC_LEGEND_AT = /No data(?:\s+[<>≤≥]?\d[\d.,]*%?(?:\s?[–-]\s?\d[\d.,]*%?)?)+/y;
const CAPTION_CUE =
  /^(?:(?:a|an|the) )?(?:[\p{L}-]+ ){0,2}(?:maps?|diagrams?|charts?|graphs?|photographs?|photos?|images?|pictures?|illustrations?|posters?|logos?|screenshots?|schematics?|infographics?|paintings?|drawings?|engravings?|lithographs?|cartoons?|sculptures?|statues?|plaques?|timelines?|figures?|portraits?|micrographs?|plans?)\b.{0,160}?\b(?:of|showing|shows|depicting|depicts|illustrating|from|at|in|with|by|on)\b/iu;
const ABBREVIATION_END =
  /(?:\b(?:[A-Z]\.){1,4}|(?<![\p{L}])[a-z]\.|\b(?:Dr|Mr|Mrs|Ms|St|No|Nos|vs|Vol|pp|Jr|Sr|Inc|Ltd|Co|Corp|Gen|Gov|Sen|Rep|Rev|Prof|Mt|Ft|ed|eds|e\.g|i\.e|etc|cf|al|ca|fl|approx|Lt|Col|Capt|Sgt|Adm|Hon|Esq)\.)$/u;
const SENTENCE_END = /[.!?]["”')\]]*$/;

/** Words that start sentences and never end or continue a title. */
const STARTERS = new Set(
  'The This These Those There It Its Their They He She We His Her Our According Although Though However Despite During While When Whereas After Before Since Most Many Some Several Few Each Every Both Because If Once Until Unlike Following Approximately Nearly Almost Only Together Today Currently Originally Initially Later Meanwhile Additionally Furthermore Moreover Nevertheless Thus Therefore Instead'.split(' '),
);
/** Capitalised prepositions: sentence starts in sentence case, but parts of Title Case captions. */
const PREPOSITIONS = new Set('In On At By For From With To Into Through Throughout Across As Upon Over Under Between Among Within Without Around About After Before'.split(' '));
/** Openings of an adverbial ("In 1850", "After the war"): the fragment is the start of a sentence. */
const ADVERBIAL = new Set([...PREPOSITIONS, 'During', 'Following', 'Since', 'Until', 'Despite', 'Unlike', 'According', 'Because', 'While', 'When', 'Although', 'Once', 'Like']);
const PRONOUN_OPENERS = new Set('They He She We It There Many Most Some Several Few Each Both Such His Her Their Its'.split(' '));
const STOPWORDS = new Set(
  'a an the of in on at by for from with to into and or but nor as is are was were be been being that which who whom whose this these those it its their his her not no than then so such via per over under about between among within without'.split(' '),
);
/** Lower-case words that continue a proper name or title ("Trafficking in Persons", "Siege of Oxford"). */
const NAME_CONT = new Set('of in and for the on de del della di da von van der den du la le les at to upon under y e am an auf bin ibn al or by &'.split(' '));
const AUX = new Set('is are was were be been has have had can could will would may might must shall should do does did'.split(' '));
const COPULA = new Set('is was are were has had have refers'.split(' '));
const RELATIVES = new Set('who whom whose which that where when while as after before because since until if'.split(' '));
const PRONOUNS = new Set('he she they it we i you there this these'.split(' '));

interface Tok {
  text: string;
  start: number;
  end: number;
}

const isSpaceCode = (c: number) =>
  c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;

/** The token at or after `from` within s[from, to), or null. */
function nextToken(s: string, from: number, to: number): Tok | null {
  const end = Math.min(to, s.length);
  let i = from;
  while (i < end && isSpaceCode(s.charCodeAt(i))) i++;
  if (i >= end) return null;
  const start = i;
  while (i < end && !isSpaceCode(s.charCodeAt(i))) i++;
  return { text: s.slice(start, i), start, end: i };
}

/** Up to `max` white-space separated tokens of s[from, to), cut at `to`: nothing past the window is read. */
function tokens(s: string, from: number, to: number, max = Infinity): Tok[] {
  const out: Tok[] = [];
  const end = Math.min(to, s.length);
  let i = from;
  while (i < end && out.length < max) {
    while (i < end && isSpaceCode(s.charCodeAt(i))) i++;
    if (i >= end) break;
    const start = i;
    while (i < end && !isSpaceCode(s.charCodeAt(i))) i++;
    out.push({ text: s.slice(start, i), start, end: i });
  }
  return out;
}

// Patterns with \p{Lu} or \p{Ll} are module constants: the transpiler turns such a literal into a
// `new RegExp` call, which inside a function would build (and look up) the pattern on every call.
const STARTS_UPPER = /^\p{Lu}/u;
const STARTS_LOWER = /^\p{Ll}/u;
const WORD_EDGE = /^[\p{L}\p{N}]$/u;
const isAsciiLetter = (c: number) => (c | 32) >= 97 && (c | 32) <= 122;
/** Whether the code unit at i of w is a letter or digit; ASCII is answered without the pattern. */
const isWordEdge = (w: string, i: number) => {
  const c = w.charCodeAt(i);
  return c < 128 ? isAsciiLetter(c) || (c >= 48 && c <= 57) : WORD_EDGE.test(w[i] ?? '');
};
/** What a bare word may end with: [\p{L}\p{N}'’-]. */
const WORD_END = /^[\p{L}\p{N}'’-]$/u;
const keepsAtEnd = (cp: number) => (cp < 128 ? isAsciiLetter(cp) || (cp >= 48 && cp <= 57) || cp === 39 || cp === 45 : WORD_END.test(String.fromCodePoint(cp)));
/**
 * A word without the quotes, brackets and punctuation around it: w.replace(/^["“‘'(\[]+/, '')
 * .replace(/[^\p{L}\p{N}'’-]+$/u, ''), by hand (the second pattern is tried at every offset).
 */
const bareWord = (w: string) => {
  if (isWordEdge(w, 0) && isWordEdge(w, w.length - 1)) return w;
  let a = 0;
  for (let c = w.charCodeAt(a); c === 34 || c === 0x201c || c === 0x2018 || c === 39 || c === 40 || c === 91; c = w.charCodeAt(a)) a++;
  // Code points from the end, a surrogate pair as one.
  let e = w.length;
  while (e > a) {
    let cp = w.charCodeAt(e - 1);
    let size = 1;
    if (cp >= 0xdc00 && cp <= 0xdfff && e - 2 >= a) {
      const high = w.charCodeAt(e - 2);
      if (high >= 0xd800 && high <= 0xdbff) {
        cp = (high - 0xd800) * 0x400 + (cp - 0xdc00) + 0x10000;
        size = 2;
      }
    }
    if (keepsAtEnd(cp)) break;
    e -= size;
  }
  return w.slice(a, e);
};
const CAP_WORD = /^["“(]?\p{Lu}(?:[\p{Ll}'’]|$)/u;
const LOWER_WORD = /^["“(]?\p{Ll}/u;
// An ASCII first character other than '"' and '(' must itself be the capital (A-Z) or the
// lower-case letter (a-z): most words are answered without the patterns.
const isCap = (w: string) => {
  const c = w.charCodeAt(0);
  if (c < 128 && c !== 34 && c !== 40 && !(c >= 65 && c <= 90)) return false;
  return CAP_WORD.test(w);
};
const isLower = (w: string) => {
  const c = w.charCodeAt(0);
  if (c < 128 && c !== 34 && c !== 40) return c >= 97 && c <= 122;
  return LOWER_WORD.test(w);
};
const isNum = (w: string) => /^[(\[]?[<>≤≥±+−-]?\d/.test(w);
const endsClause = (w: string) => /[,;:]$/.test(w);
/** . ! ? " ” ' ) ]: the characters a sentence end can finish with. */
const endsLikeSentence = (c: number) => c === 46 || c === 33 || c === 63 || c === 34 || c === 0x201d || c === 39 || c === 41 || c === 93;
const isSentenceEnd = (w: string) => endsLikeSentence(w.charCodeAt(w.length - 1)) && SENTENCE_END.test(w) && !ABBREVIATION_END.test(w.replace(/["”')\]]+$/, ''));
const isStop = (w: string) => STOPWORDS.has(bareWord(w).toLowerCase());
const isVerbish = (w: string) => {
  const b = bareWord(w).toLowerCase();
  return AUX.has(b) || (STARTS_LOWER.test(w) && /[a-z]{2}ed$/.test(b));
};
const ADJECTIVES = new Set('modern new old early late great small large major main former local national young first second third last other same whole entire annual current present original ancient medieval upper lower northern southern eastern western central'.split(' '));
const ADJECTIVE_SUFFIX = /^\p{Ll}[\p{Ll}-]+(?:ical|ic|ive|ous|ful|less|able|ible|ern|ese|ish|ian|ary)$/u;
const isAdjective = (w: string) => ADJECTIVES.has(w.toLowerCase()) || ADJECTIVE_SUFFIX.test(w);
const DETERMINERS = new Set('the a an his her their its this that these those our my your some any each every no'.split(' '));
const LINKING = new Set('upon on in to with from into at by for of over about against across through the a an his her their its this that these those'.split(' '));
const S_VERB = /^\p{Ll}+(?:es|s)$/u;
/** A finite verb: an auxiliary or a pronoun subject, or a noun followed by an "-s" verb and its object ("criticism touches upon"). */
function hasFiniteVerb(toks: Tok[]): boolean {
  for (let i = 0; i < toks.length; i++) {
    const b = bareWord(toks[i]!.text).toLowerCase();
    if (AUX.has(b) || PRONOUNS.has(b)) return true;
    if (i === 0 || !S_VERB.test(b) || /(?:ss|us|is)$/.test(b)) continue;
    const prev = bareWord(toks[i - 1]!.text).toLowerCase();
    const next = bareWord(toks[i + 1]?.text ?? '').toLowerCase();
    // (After a verb the "-s" word is a noun: "showing causes of".)
    if (!DETERMINERS.has(prev) && !STOPWORDS.has(prev) && !isAdjective(prev) && !/(?:ing|ed)$/.test(prev) && LINKING.has(next)) return true;
  }
  return false;
}
/** A unit after a number ("51 g", "1,160 kJ"). */
const UNIT_WORD = /^\p{Ll}{1,3}\.?$/u;
const CELL = /^[(\[]?[<>≤≥±+−–—-]?\d[\d.,:%–—\/×x-]*(?:st|nd|rd|th)?[)\]]?%?$/;
const isDigitAt = (w: string, i: number) => {
  const c = w.charCodeAt(i);
  return c >= 48 && c <= 57;
};
/** A table cell: a number (a digit among its first three characters, which most words fail at once) or a dash. */
const isCellToken = (w: string) => ((isDigitAt(w, 0) || isDigitAt(w, 1) || isDigitAt(w, 2)) && CELL.test(w)) || w === '–' || w === '—' || w === '-';
/** No letter or digit in w; an ASCII one answers before the pattern runs. */
const isPunct = (w: string) => {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 128) return !/[\p{L}\p{N}]/u.test(w);
    if (isAsciiLetter(c) || (c >= 48 && c <= 57)) return false;
  }
  return true;
};

export type FragmentMode = 'hatnote' | 'caption';
/** Whether a verb-like word is among toks[from, to). */
function verbWithin(toks: Tok[], from: number, to: number): boolean {
  for (let k = from; k < Math.min(toks.length, to); k++) if (isVerbish(toks[k]!.text)) return true;
  return false;
}
const HAS_UPPER = /["“(]?\p{Lu}/u;

/**
 * Where a sentence starts inside tokens that begin with a fragment (a hatnote target, a caption, a
 * short description, the tail of a table): the index of its first token, or -1 when the fragment
 * runs into a sentence end first. Hatnote targets are link titles in sentence case, so a capital
 * followed by lower case starts the sentence; captions may be in Title Case, so a capital starts
 * it only after a lower-case word or a number, with a verb close behind.
 */
function fragmentSplit(toks: Tok[], mode: FragmentMode, titleWords: Set<string>, stopAtSentenceEnd = true, minFragment = 2): number {
  // Only a capital can start the sentence: without one after the first word there is nothing to find.
  let anyCap = false;
  for (let k = 1; k < toks.length && !anyCap; k++) anyCap = HAS_UPPER.test(toks[k]!.text.slice(0, 2));
  if (!anyCap) return -1;
  const first = bareWord(toks[0]?.text ?? '');
  // "In 1850 Nightingale visited ..." is a sentence from its first word, not a caption.
  const adverbialOpening =
    (ADVERBIAL.has(first) && toks.length > 1 && (isNum(toks[1]!.text) || isLower(toks[1]!.text))) || PRONOUN_OPENERS.has(first);
  // Facts about the prefix toks[0, i), kept up to date as i grows (the loop must stay linear).
  let auxAt = Infinity; // first auxiliary not inside a relative clause
  let clauseAt = Infinity; // first ", and" / ", which" ...
  let titleCaseUntil = 0; // toks[0, titleCaseUntil) are all capitalised, numbers or stop words
  let relativeSeen = false;
  for (let i = 1; i < toks.length; i++) {
    let prevStop: boolean;
    {
      const k = i - 1;
      const t = toks[k]!.text;
      const b = bareWord(t).toLowerCase();
      prevStop = STOPWORDS.has(b); // isStop(prev)
      if (RELATIVES.has(b)) relativeSeen = true;
      if (auxAt === Infinity && AUX.has(b) && !relativeSeen) auxAt = k;
      if (clauseAt === Infinity && t.endsWith(',') && /^(?:and|but|or|which|while|whereas)$/.test(toks[i]!.text)) clauseAt = k;
      if (titleCaseUntil === k && (isCap(t) || isNum(t) || STOPWORDS.has(b))) titleCaseUntil = k + 1;
    }
    const prev = toks[i - 1]!.text;
    const w = toks[i]!.text;
    const next = toks[i + 1]?.text ?? '';
    if (stopAtSentenceEnd && isSentenceEnd(prev)) return -1;
    // A parenthesis ("(GaN)") never starts a sentence.
    if (endsClause(prev) || !isCap(w) || prevStop || /^\(/.test(w)) continue;
    const bare = bareWord(w);
    const nextLower = isLower(next) && !/^\(/.test(next) && !NAME_CONT.has(bareWord(next).toLowerCase());
    if (mode === 'hatnote') {
      if (STARTERS.has(bare) || PREPOSITIONS.has(bare) || bare === 'A' || bare === 'An') return i;
      if (nextLower || (/['’]s$/.test(bare) && isLower(next))) return i;
      // Targets are in sentence case: a capital after a lower-case content word starts something new.
      if (isLower(prev) && !/\)$/.test(prev) && !NAME_CONT.has(bareWord(prev).toLowerCase())) return i;
      if (titleWords.has(bare) && verbWithin(toks, i + 1, i + 4)) return i;
      continue;
    }
    // caption (Title Case allowed)
    if (adverbialOpening || i < minFragment) continue;
    // What follows must read as a sentence, not two words before a full stop ("just off The Mall .").
    const rest = toks.slice(i + 1, i + 8);
    const restEnd = rest.findIndex((t) => isSentenceEnd(t.text));
    const restToks = restEnd === -1 ? rest : rest.slice(0, restEnd + 1);
    if ((restEnd !== -1 && restEnd < 3) || (restToks.length >= 5 && restToks.filter((t) => isLower(t.text)).length < 2)) continue;
    // "The seven principles are: ...": a clause, not a caption ("Sena, who was forced ..." is one).
    if (auxAt < i) continue;
    if (/ed$/.test(bareWord(prev)) && isLower(prev)) continue; // "released The Wall": a title after a verb
    if (STARTERS.has(bare)) return i;
    if ((bare === 'A' || bare === 'An') && isLower(next)) return i;
    if (PREPOSITIONS.has(bare)) {
      if (isCap(prev) && !isNum(next) && !/^(?:the|a|an)$/.test(next)) continue; // "Trafficking In Persons"
      if (!(isNum(next) || isLower(next))) continue;
      // "The Orlík Dam In 2015 The reservoirs are ...", "... Gallium In 1871 In 1871, the ...":
      // a stronger start right behind wins.
      for (let k = i + 1; k < Math.min(toks.length, i + 4); k++) {
        if (endsClause(toks[k - 1]!.text)) break;
        const b = bareWord(toks[k]!.text);
        if (!isCap(toks[k]!.text)) continue;
        if (STARTERS.has(b) || (PREPOSITIONS.has(b) && (isNum(toks[k + 1]?.text ?? '') || isLower(toks[k + 1]?.text ?? '')))) return k;
      }
      return i;
    }
    // (Computed only here, where the rules below need them.)
    const verbSoon = verbWithin(toks, i + 1, i + 4);
    const prevBare = bareWord(prev);
    const afterNumber = isNum(prev) || /\)$/.test(prev);
    // "the modern Czech name": an adjective before a proper noun is no caption's last word.
    const afterLower = isLower(prev) && !STOPWORDS.has(prevBare.toLowerCase()) && !isAdjective(prevBare);
    const lowerRun = i + 2 < toks.length && isLower(toks[i + 1]!.text) && isLower(toks[i + 2]!.text);
    const clause = clauseAt < i;
    if (nextLower && i >= 3 && ((afterNumber && (verbSoon || lowerRun)) || (afterLower && verbSoon && !clause))) return i;
    if (titleWords.has(bare) && i >= 3 && (!isCap(prev) || i >= 6) && !RELATIVES.has(prevBare.toLowerCase()) && (nextLower || isVerbish(next)) && (verbSoon || /['’]s$/.test(bare))) return i;
    // "A Cathole Trowel Human waste should be ...": a Title Case caption, then a sentence whose
    // subject is a noun phrase (the verb right after a capital continues a name: "Valley Marathon is").
    if (nextLower && i >= 3 && !isVerbish(next) && toks.slice(i + 2, i + 4).some((t) => AUX.has(bareWord(t.text).toLowerCase())) && titleCaseUntil >= i) return i;
  }
  return -1;
}

/**
 * Where a sentence starts inside text that begins with a non-sentence fragment (hatnote target,
 * caption). Returns the offset of the sentence start, or -1 when none is found before the first
 * sentence end.
 */
export function sentenceStartAfterFragment(s: string, from: number, to: number, mode: FragmentMode, titleWords = new Set<string>()): number {
  const toks = tokens(s, from, to, 80);
  const i = fragmentSplit(toks, mode, titleWords);
  return i === -1 ? -1 : toks[i]!.start;
}

/** Parses the table of contents of the navigation line: "(Top) 1 Definition 2 Prevalence 2.1 ...". */
export function parseToc(header: string): { number: string; title: string; depth: number }[] {
  const start = header.indexOf('(Top)');
  if (start === -1) return [];
  let end = header.indexOf('Toggle the table of contents', start);
  if (end === -1) end = header.length;
  const body = header.slice(start + 5, end).replace(/Toggle \S[^\n]{0,200}? subsection/g, ' ');
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

function matchAt(re: RegExp, s: string, pos: number): string | null {
  re.lastIndex = pos;
  const m = re.exec(s);
  return m ? m[0] : null;
}

/** The first match of a global regex in s[from, to) (offsets into s), or null; only the window is scanned. */
function searchIn(re: RegExp, s: string, from: number, to: number): { index: number; text: string } | null {
  re.lastIndex = 0;
  const m = re.exec(s.slice(from, to));
  return m ? { index: from + m.index, text: m[0] } : null;
}


/** Start offsets of every match of a global regex, in one pass. */
function allStarts(re: RegExp, s: string, ends?: number[]): number[] {
  const out: number[] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    out.push(m.index);
    ends?.push(m.index + m[0].length);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

/**
 * Where legend items start: allStarts(new RegExp(LEGEND_SRC, 'giu'), s), without trying the
 * pattern's Unicode look-behind and case-insensitive alternatives at every offset. A match has a
 * separator (":", "–", "—", "-") within LEGEND_REACH characters of its start, so only the offsets
 * before one are tried, in order, skipping those inside the previous match as the global scan does.
 */
function legendStarts(s: string): number[] {
  const out: number[] = [];
  let next = 0; // offsets below this were tried, or lie inside a match
  for (let q = 0; q < s.length; q++) {
    const c = s.charCodeAt(q);
    if (c !== 58 && c !== 45 && c !== 0x2013 && c !== 0x2014) continue;
    for (let p = Math.max(next, q - LEGEND_REACH); p < q; p++) {
      // A colour starts with a letter, and not after an ASCII letter (the look-behind): no need to
      // run the pattern elsewhere.
      const first = s.charCodeAt(p);
      if (first < 128 && !((first | 32) >= 97 && (first | 32) <= 122)) continue;
      const before = p > 0 ? s.charCodeAt(p - 1) | 32 : 0;
      if (before >= 97 && before <= 122) continue;
      LEGEND_STICKY.lastIndex = p;
      const m = LEGEND_STICKY.exec(s);
      if (m) {
        out.push(p);
        p += m[0].length - 1;
        next = p + 1;
      }
    }
    next = Math.max(next, q);
  }
  return out;
}

const MAX_STOPWORD = Math.max(...[...STOPWORDS].map((w) => w.length));

/** Prose: a sentence of at least 6 words with stop words in it, ended by punctuation. */
function isProseSentence(sentence: string): boolean {
  return isProseIn(sentence, 0, sentence.length);
}

/** isProseSentence(s.slice(from, to)), read in place: no slices of the sentence or its words. */
function isProseIn(s: string, from: number, to: number): boolean {
  // Ends in . ! or ? and any closing quotes or brackets (/[.!?]["”')]*$/).
  let e = to;
  for (let c = s.charCodeAt(e - 1); e > from && (c === 34 || c === 0x201d || c === 39 || c === 41); c = s.charCodeAt(e - 1)) e--;
  const last = e > from ? s.charCodeAt(e - 1) : 0;
  if (last !== 46 && last !== 33 && last !== 63) return false;
  // Runs of link titles have stop words too ("Slavery in the Abbasid Caliphate"), but most of
  // their words are capitalised; prose is mostly lower case.
  let words = 0;
  let stops = 0;
  let caps = 0;
  for (let i = from; ; ) {
    while (i < to && isSpaceCode(s.charCodeAt(i))) i++;
    if (i >= to) break;
    const start = i;
    let ascii = true;
    for (; i < to && !isSpaceCode(s.charCodeAt(i)); i++) if (s.charCodeAt(i) >= 128) ascii = false;
    words++;
    // Lower case keeps the length of ASCII: a longer ASCII word is no stop word.
    if ((!ascii || i - start <= MAX_STOPWORD) && STOPWORDS.has(s.slice(start, i).toLowerCase())) stops++;
    const c = s.charCodeAt(start);
    if ((c >= 65 && c <= 90) || (c > 127 && s[start] !== s[start]!.toLowerCase())) caps++;
  }
  if (words < 6) return false;
  return stops / words >= 0.2 && caps / words < 0.45;
}

/** The end of s[from, to) without its trailing white space. */
function trimmedEnd(s: string, from: number, to: number): number {
  while (to > from && isSpaceCode(s.charCodeAt(to - 1))) to--;
  return to;
}

/** Sorted start/end offsets of the prose sentences of the whole text, to ask "is there prose in [a, b)?" in O(log n). */
class ProseIndex {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  constructor(private readonly s: string) {
    // Only sentence ends are visited; a sentence runs from the previous end (or line break) to this one.
    const re = /[.!?]+["”')\]]*(?=\s|$)/g;
    let m: RegExpExecArray | null;
    let from = 0;
    while ((m = re.exec(s))) {
      const end = m.index + m[0].length;
      // Abbreviations do not end sentences ("U.N. Secretary-General").
      if (m[0] === '.' && end < s.length && s[end] !== '\n' && ABBREVIATION_END.test(lastToken(s, Math.max(from, end - 40), end))) continue;
      const a = Math.max(from, end - 3000);
      // The sentence starts after the last line break before its end (a bounded scan back).
      let start = a;
      for (let q = end - 1; q >= a; q--) {
        if (s.charCodeAt(q) === 10) {
          start = q + 1;
          break;
        }
      }
      // (Leading white space makes no word: only the end needs trimming.)
      if (end - start >= 20 && isProseIn(s, start, trimmedEnd(s, start, end))) {
        this.starts.push(start);
        this.ends.push(end);
      }
      from = end;
    }
  }
  /** Index of the first prose sentence that ends after a and whose part after a is still prose, or -1. */
  firstFrom(a: number): number {
    for (let k = lowerBound(this.ends, a + 1), n = 0; k < this.starts.length && n < 2; k++, n++) {
      if (this.starts[k]! < a && !isProseIn(this.s, a, trimmedEnd(this.s, a, this.ends[k]!))) continue;
      return k;
    }
    return -1;
  }
  /** Whether a prose sentence lies within [a, b). */
  has(a: number, b: number): boolean {
    const k = this.firstFrom(a);
    return k !== -1 && this.ends[k]! <= b;
  }
}

interface Heading {
  title: string;
  start: number;
  titleStart: number;
  titleEnd: number;
  editStart: number;
  end: number;
  depth: number;
  fromToc: boolean;
}

/** How the text before a boundary ended, which decides whether the next unit continues its paragraph. */
type Join = 'new' | 'continue';

interface Unit {
  start: number;
  end: number;
  join: Join;
  item?: boolean;
}

class Cleaner {
  readonly removed: RemovedSpan[] = [];
  readonly references: DraftReference[] = [];
  readonly vte: number[];
  readonly vteEnds: number[] = [];
  readonly prose: ProseIndex;
  /** Positions found in one pass, so that no scan from a boundary runs to the end of the text. */
  readonly newlines: number[];
  readonly markerStarts: number[];
  readonly legendStarts: number[];
  readonly digitRuns: number[];
  /** Offsets of "redirect", for hatnoteAt. */
  readonly redirects: number[] = [];
  constructor(
    readonly s: string,
    readonly title: string | null,
  ) {
    this.vte = allStarts(VTE, s, this.vteEnds);
    this.newlines = [];
    for (let at = s.indexOf('\n'); at !== -1; at = s.indexOf('\n', at + 1)) this.newlines.push(at);
    this.markerStarts = allStarts(CITATION_MARKER, s);
    this.legendStarts = legendStarts(s);
    this.digitRuns = allStarts(/\d+/g, s);
    for (let at = s.indexOf('redirect'); at !== -1; at = s.indexOf('redirect', at + 1)) this.redirects.push(at);
    this.prose = new ProseIndex(s);
    this.titleWords = titleWordsOf(title);
  }
  readonly titleWords: Set<string>;

  remove(rule: string, start: number, end: number, detail?: string): void {
    if (end > start) this.removed.push(detail ? { rule, rawStart: start, rawEnd: end, detail } : { rule, rawStart: start, rawEnd: end });
  }

  skipBlank(pos: number, end: number): number {
    while (pos < end && isSpaceCode(this.s.charCodeAt(pos))) pos++;
    return pos;
  }

  /** Skips white space and citation markers from pos (recording them when `record`); returns the new position. */
  skipMarkers(pos: number, end: number, record = true): number {
    for (;;) {
      pos = this.skipBlank(pos, end);
      const m = matchAt(MARKER_AT, this.s, pos);
      if (!m || pos + m.length > end) return pos;
      if (record) this.remove('wiki:citation-marker', pos, pos + m.length);
      pos += m.length;
    }
  }

  /** The hatnote opening at pos (HATNOTE_AT's match), or null. */
  hatnoteAt(pos: number): string | null {
    const k = lowerBound(this.redirects, pos);
    const near = k < this.redirects.length && this.redirects[k]! <= pos + REDIRECT_REACH;
    return matchAt(near ? HATNOTE_AT : HATNOTE_SHORT_AT, this.s, pos);
  }

  /** The first "v t e" at or after pos, as an index into this.vte, or -1. */
  nextVte(pos: number): number {
    const k = lowerBound(this.vte, pos);
    return k < this.vte.length ? k : -1;
  }

  /** The first line break at or after pos, or the text's length. */
  nextNewline(pos: number): number {
    const k = lowerBound(this.newlines, pos);
    return k < this.newlines.length ? this.newlines[k]! : this.s.length;
  }

  /** Like lineEnd, but over the dump's breaks after an abbreviation before lower case ("for G.I.\n\nby ..."). */
  logicalLineEnd(pos: number, end: number, max = 1200): number {
    let e = this.lineEnd(pos, end, max);
    for (let n = 0; n < 3 && e < end; n++) {
      const lastTok = lastToken(this.s, Math.max(pos, e - 40), e);
      const after = this.skipBlank(e, end);
      if (!(ABBREVIATION_END.test(lastTok) && STARTS_LOWER.test(this.s.slice(after, after + 2)))) break;
      e = this.lineEnd(after, end, max);
    }
    return e;
  }

  /** The line that starts at pos: its end (exclusive, before "\n"), at most `max` characters on. */
  lineEnd(pos: number, end: number, max = 4000): number {
    return Math.min(end, pos + max, this.nextNewline(pos));
  }

  /**
   * Chrome that starts at a boundary: banners, their dates, hatnotes, sidebars and navboxes,
   * stub notices, legends, tables and captions. Returns where it ends, or -1 when prose starts here.
   */
  chromeAt(pos: number, end: number, slot: Slot): number {
    const s = this.s;
    let m: string | null;
    if ((m = matchAt(DATE_AT, s, pos)) || (m = matchAt(LEARN_AT, s, pos))) return this.cut('wiki:banner', pos, pos + m.length);
    if ((m = this.hatnoteAt(pos))) return this.cut('wiki:hatnote', pos, this.hatnoteEnd(pos, pos + m.length, end));
    if (matchAt(BANNER_AT, s, pos)) {
      const stop = this.bannerEnd(pos, end);
      if (stop !== -1) return this.cut('wiki:banner', pos, stop);
    }
    if ((m = matchAt(STUB_AT, s, pos))) {
      const stop = /^[^\n]*?expanding it\s*\.|^[^\n]*?[.!?](?=\s)/.exec(s.slice(pos, Math.min(end, pos + 400)));
      return this.cut('wiki:stub', pos, stop ? pos + stop[0].length : this.lineEnd(pos, end, 400));
    }
    if ((m = matchAt(COORDS_AT, s, pos))) return this.cut('wiki:coordinates', pos, this.coordinatesEnd(pos + m.length, end));
    const nav = this.navboxEnd(pos, end);
    if (nav !== -1) return this.cut('wiki:navbox', pos, nav);
    if (slot.top) return -1;
    const legend = this.legendAt(pos, end);
    if (legend !== -1) return this.cut('wiki:legend', pos, legend);
    const table = this.tableAt(pos, end);
    if (table !== -1) return this.cut('wiki:table', pos, table);
    const cap = this.captionAt(pos, end, slot);
    if (cap !== -1) return cap;
    return -1;
  }

  cut(rule: string, start: number, stop: number): number {
    this.remove(rule, start, stop);
    return stop;
  }

  /** A banner runs to its "( Month YYYY )" date and "( Learn how and when to remove ... )" links; without either it is not a banner. */
  bannerEnd(pos: number, end: number): number {
    const limit = Math.min(end, pos + 1500);
    const date = searchIn(DATE_TAG, this.s, pos, limit);
    const learn = searchIn(LEARN, this.s, pos, limit);
    let stop: number;
    if (date && (!learn || date.index < learn.index)) stop = date.index + date.text.length;
    else if (learn) stop = learn.index + learn.text.length;
    else return -1;
    for (;;) {
      const at = this.skipBlank(stop, end);
      const more = matchAt(LEARN_AT, this.s, at) ?? matchAt(DATE_AT, this.s, at);
      if (!more) return stop;
      stop = at + more.length;
    }
  }

  /** A hatnote's target ends where a sentence (or another element) starts. */
  hatnoteEnd(pos: number, targetFrom: number, end: number): number {
    const s = this.s;
    // "... redirects here." and "This article is about ... ." are sentences of their own.
    if (targetFrom > pos && /\.\s*$/.test(s.slice(Math.max(pos, targetFrom - 3), targetFrom))) return targetFrom;
    const lineEnd = this.logicalLineEnd(targetFrom, end, 600);
    // Tokens are read one at a time: most hatnotes end after a few words.
    const toks: Tok[] = [];
    let sentenceEnd = -1;
    for (let i = 0, at = targetFrom; i < 60; i++) {
      const t = nextToken(s, at, lineEnd);
      if (!t) break;
      toks.push(t);
      at = t.end;
      // Another element starts: a hatnote, a banner, a sidebar.
      if (i > 0 && elementAt(this, t.start)) {
        const split = fragmentSplit(toks.slice(0, i + 1), 'hatnote', this.titleWords);
        return split !== -1 && split < i ? toks[split]!.start : t.start;
      }
      if (t.text === '.' || (isSentenceEnd(t.text) && i > 0)) {
        sentenceEnd = i;
        break;
      }
    }
    if (toks.length === 0) return lineEnd;
    // "For other uses, see X (disambiguation) ." ends with its full stop, unless a sentence starts first.
    const split = fragmentSplit(sentenceEnd === -1 ? toks : toks.slice(0, sentenceEnd + 1), 'hatnote', this.titleWords, false);
    if (split !== -1) return toks[split]!.start;
    if (sentenceEnd !== -1) return toks[sentenceEnd]!.end;
    // No sentence start: the target is the capitalised run before the first lower-case word.
    if (toks.length <= 12) return lineEnd;
    for (let i = 1; i < toks.length; i++) {
      if (isCap(toks[i]!.text) && isLower(toks[i - 1]!.text) && !isStop(toks[i - 1]!.text)) return toks[i]!.start;
    }
    for (let i = 1; i < toks.length; i++) {
      if (isLower(toks[i]!.text) && !NAME_CONT.has(toks[i]!.text)) {
        let j = i - 1;
        while (j > 1 && isCap(toks[j - 1]!.text) && isCap(toks[j]!.text)) j--;
        return toks[Math.max(1, j)]!.start;
      }
    }
    return toks[Math.min(toks.length - 1, 8)]!.start;
  }

  coordinatesEnd(pos: number, end: number): number {
    const toks = tokens(this.s, pos, Math.min(end, pos + 400), 30);
    let stop = pos;
    for (const t of toks) {
      if (!/^(?:[\d.,;°′″'"NSEWnsew\/()•-]+|[NSEW]|\/)$/.test(t.text) && !/[°′″]/.test(t.text)) break;
      stop = t.end;
    }
    return stop;
  }

  /**
   * Sidebars end in "v t e" ("Part of a series on ... v t e"); navboxes start with it ("v t e
   * Tributaries of the Elbe ..."). Chains of them are followed. Returns the end, or -1.
   */
  navboxEnd(pos: number, end: number): number {
    let stop = pos;
    for (let guard = 0; guard < 1000; guard++) {
      const at = this.skipBlank(stop, end);
      const k = this.nextVte(at);
      if (k === -1 || this.vte[k]! >= end) break;
      const v = this.vte[k]!;
      if (v === at) {
        // A navbox: "v t e" then its title and groups of links, up to the next element or prose.
        stop = this.navboxBodyEnd(this.vteEnds[k]!, end);
        continue;
      }
      // Only link titles between here and "v t e": no sentence of prose, not too far; a short run
      // must be mostly capitalised ("It was demolished in 1960." before a navbox is prose).
      if (v - at > 20000 || this.prose.has(at, v)) break;
      const head = tokens(this.s, at, v, 40);
      if (head.length < 40 && head.filter((t) => isCap(t.text) || isNum(t.text)).length < head.length / 2) break;
      stop = this.vteEnds[k]!;
    }
    return stop > pos ? stop : -1;
  }

  /** After a navbox's "v t e": the links run to the next "v t e", the end of the line or the first sentence of prose. */
  navboxBodyEnd(from: number, end: number): number {
    const lineEnd = this.lineEnd(from, end, 20000);
    const k = this.nextVte(from);
    const limit = k !== -1 && this.vte[k]! < lineEnd ? this.vte[k]! : lineEnd;
    const p = this.prose.firstFrom(from);
    if (p === -1 || this.prose.ends[p]! > limit + 1) return limit;
    // The prose sentence holds the navbox's last links, then the sentence.
    const a = Math.max(from, this.prose.starts[p]!);
    const toks = tokens(this.s, a, this.prose.ends[p]!, 400);
    const split = fragmentSplit(toks, 'caption', this.titleWords);
    if (split !== -1) return toks[split]!.start;
    return a > from ? a : limit;
  }

  /** A legend ("Gray: No data Green: ..." or "No data <0.10 0.10–0.5 ...") at pos: its end, or -1. */
  legendAt(pos: number, end: number): number {
    const s = this.s;
    const numeric = matchAt(NUMERIC_LEGEND_AT, s, pos);
    if (numeric) return pos + numeric.length;
    if (!matchAt(LEGEND_AT, s, pos)) return -1;
    const windowEnd = Math.min(end, pos + 2000);
    const items: number[] = [];
    for (let k = lowerBound(this.legendStarts, pos); k < this.legendStarts.length && this.legendStarts[k]! < windowEnd; k++) {
      const at = this.legendStarts[k]!;
      if (items.length && at - items[items.length - 1]! > 160) break;
      items.push(at);
    }
    if (items.length < 2) return -1;
    // The legend ends where a sentence starts after the last item's label.
    const tailFrom = items[items.length - 1]!;
    const markerAt = /\[ ?\d+ ?\]|\n/.exec(s.slice(tailFrom, windowEnd));
    const limit = markerAt ? tailFrom + markerAt.index : windowEnd;
    const colon = s.slice(tailFrom, limit).search(/(?::|–|—| - )\s/);
    const labelFrom = colon === -1 ? tailFrom : tailFrom + colon + 2;
    const labelToks = tokens(s, labelFrom, limit, 80);
    const split = fragmentSplit(labelToks, 'caption', this.titleWords, true, 1);
    return split === -1 ? limit : labelToks[split]!.start;
  }

  /** A legend that begins later in s[pos, to), before any sentence end: its start, or -1. */
  legendAhead(pos: number, to: number): number {
    const s = this.s;
    const candidates: number[] = [];
    const k = lowerBound(this.legendStarts, pos);
    if (k < this.legendStarts.length && this.legendStarts[k]! < to) candidates.push(this.legendStarts[k]!);
    const ndAt = s.slice(pos, Math.min(to, pos + 2000)).indexOf('No data');
    const nd = ndAt === -1 ? -1 : pos + ndAt;
    if (nd !== -1 && /^No data\s+[<>≤≥]?\d/.test(s.slice(nd, nd + 12))) candidates.push(nd);
    for (const c of candidates.sort((a, b) => a - b)) {
      const before = s.slice(pos, c);
      if (/[.!?]\s/.test(before.replace(/\b(?:[A-Z]\.)+/g, ''))) continue;
      if (this.legendAt(c, to) !== -1) return c;
    }
    return -1;
  }

  /**
   * A table flattened into text: a run dense in numeric cells with few stop words. It runs to the
   * first sentence start after which the text reads as prose, or to the end of its line.
   */
  tableAt(pos: number, end: number): number {
    const s = this.s;
    // Cheap test first: a table has numbers close together (counted from the precomputed runs of digits).
    const w = Math.min(end, pos + 300);
    const runs = lowerBound(this.digitRuns, w) - lowerBound(this.digitRuns, pos);
    const markers = lowerBound(this.markerStarts, w) - lowerBound(this.markerStarts, pos);
    if (runs - markers < 5) return -1;
    const head = tokens(s, pos, Math.min(end, pos + 800), 40);
    if (head.length < 12) return -1;
    const words = head.filter((t) => !isPunct(t.text) || isCellToken(t.text));
    // A unit after a number belongs to its cell ("51 g", "1,160 kJ", "14.10 h").
    const isCell = words.map((t) => isCellToken(t.text));
    const cells = words.filter((t, k) => isCell[k] || (k > 0 && isCell[k - 1] && UNIT_WORD.test(t.text))).length;
    if (cells < 6 || cells / words.length < 0.2) return -1;
    const stops = words.filter((t) => STOPWORDS.has(t.text.toLowerCase())).length;
    if (stops / words.length >= 0.15) return -1;
    // A prose sentence inside the first 15 tokens means this is prose full of numbers.
    if (head.slice(0, 15).some((t, i) => isSentenceEnd(t.text) && i >= 5 && this.prose.has(pos, t.end + 1))) return -1;
    return this.proseStartAfter(tokens(s, pos, Math.min(end, pos + 4000), 400), end);
  }

  /** In chrome tokens (a table, an infobox), the start of the first stretch of prose; else the end of the line. */
  proseStartAfter(toks: Tok[], end: number): number {
    const s = this.s;
    for (let i = 1; i < toks.length; i++) {
      const t = toks[i]!;
      if (!isCap(t.text)) continue;
      const gap = s.slice(toks[i - 1]!.end, t.start);
      const after = toks.slice(i + 1, i + 13);
      if (after.filter((x) => isCellToken(x.text)).length > 1) continue;
      if (after.slice(0, 6).filter((x) => isLower(x.text)).length < 3) continue;
      // Right after the last cell: "... 2:36:18 Runners from Kenya have won ...".
      const prev = toks[i - 1]!.text;
      if ((isCellToken(prev) || /\)$/.test(prev)) && isLower(after[0]?.text ?? '')) return t.start;
      // A prose sentence right behind the cells: "... 73 Ge Gallium-67 and gallium-68 are used in ...".
      if (isLower(after[0]?.text ?? '') && toks.slice(Math.max(0, i - 6), i).filter((x) => isCellToken(x.text)).length >= 2) {
        const endIdx = toks.findIndex((x, k) => k >= i && isSentenceEnd(x.text));
        if (endIdx !== -1 && isProseSentence(s.slice(t.start, toks[endIdx]!.end))) return t.start;
      }
      if (gap.includes('\n') || fragmentSplit(toks.slice(Math.max(0, i - 4), i + 6), 'caption', this.titleWords, false) === Math.min(i, 4)) return t.start;
    }
    const last = toks[toks.length - 1];
    if (!last) return -1;
    return this.lineEnd(toks[0]!.start, Math.min(end, last.end + 1), 20000);
  }

  /** An image caption at pos (a figure the dump glued where it stood): the offset where prose resumes, or -1. */
  captionAt(pos: number, end: number, slot: Slot): number {
    const s = this.s;
    // A caption continues over a line the dump broke after an abbreviation ("for G.I.\n\nby ...").
    const lineEnd = this.logicalLineEnd(pos, end, 1200);
    // A "line" cut by the window, not by a line break, is no line: only a fragment can be a caption.
    const wholeLine = lineEnd === end || s.charCodeAt(lineEnd) === 10;
    // The first sentence's tokens (for fragments, at most 60), and the line's when it is short (for
    // whole-line rules, at most 46). For a whole line one reading gives both: the first is a prefix.
    let sentenceToks: Tok[] = [];
    let toks: Tok[];
    if (wholeLine) {
      const lineToks = tokens(s, pos, lineEnd, 60);
      const sentenceEnd = lineToks.findIndex((t) => isSentenceEnd(t.text));
      sentenceToks = sentenceEnd === -1 ? lineToks : lineToks.slice(0, sentenceEnd + 1);
      toks = lineToks.length > 46 ? lineToks.slice(0, 46) : lineToks;
    } else {
      for (let at = pos; sentenceToks.length < 60; ) {
        const t = nextToken(s, at, lineEnd);
        if (!t) break;
        sentenceToks.push(t);
        at = t.end;
        if (isSentenceEnd(t.text)) break;
      }
      toks = sentenceToks;
    }
    if (sentenceToks.length === 0) return -1;
    const line = s.slice(pos, lineEnd);
    const short = toks.length <= 45 && wholeLine;
    const next = this.skipBlank(lineEnd, end);
    // A whole short line followed by a legend is that figure's caption.
    if (short && this.legendAt(this.skipMarkers(lineEnd, end, false), end) !== -1) return this.cut('wiki:caption', pos, lineEnd);
    // A fragment that a legend follows on the same line.
    const legend = this.legendAhead(pos, lineEnd);
    if (legend !== -1 && legend > pos) return this.cut('wiki:caption', pos, legend);
    // "Diagram showing ...", "Map of ...": captions by their wording (unless a sentence starts inside).
    if (short && CAPTION_CUE.test(line)) {
      const split = fragmentSplit(toks, 'caption', this.titleWords);
      if (split !== -1) return this.cut('wiki:caption', pos, toks[split]!.start);
      if (isSentenceEnd(toks[toks.length - 1]!.text) && !hasFiniteVerb(toks) && (toks.length <= 30 || /^\[\d+\]/.test(s.slice(next, next + 8)))) {
        return this.cut('wiki:caption', pos, lineEnd);
      }
    }
    // A short verbless line with a full stop, standing between paragraphs where a figure goes.
    const lastWord = toks[toks.length - 1]!.text;
    if (
      short &&
      slot.figure &&
      !slot.afterColon &&
      toks.length <= 16 &&
      isSentenceEnd(lastWord) &&
      !/["”]$/.test(lastWord) &&
      !hasFiniteVerb(toks) &&
      !matchAt(SPACED_MARKER_AT, s, next) &&
      !STARTS_LOWER.test(s.slice(next, next + 2))
    ) {
      return this.cut('wiki:caption', pos, lineEnd);
    }
    // A fragment without a sentence end, ended by the start of a sentence or of another element.
    for (let i = 1; i < sentenceToks.length; i++) {
      const at = sentenceToks[i]!.start;
      if (elementAt(this, at)) {
        if (i <= 40 && !sentenceToks.slice(0, i).some((t) => isSentenceEnd(t.text))) return this.cut('wiki:caption', pos, at);
        break;
      }
    }
    const split = fragmentSplit(sentenceToks, 'caption', this.titleWords);
    if (split !== -1 && split <= 40) return this.cut('wiki:caption', pos, sentenceToks[split]!.start);
    return -1;
  }
}

/** Where a figure can stand: after a citation group that closed a paragraph, after a heading or other chrome. */
interface Slot {
  figure: boolean;
  afterColon: boolean;
  /** Above the lead: infobox and lead images are left to the lead finder. */
  top?: boolean;
}

function titleWordsOf(title: string | null): Set<string> {
  const out = new Set<string>();
  if (!title) return out;
  const words = title.replace(/\s*\([^)]*\)\s*$/, '').split(/\s+/).filter((w) => STARTS_UPPER.test(w) && w.length >= 4 && !STOPWORDS.has(w.toLowerCase()));
  const last = words[words.length - 1];
  if (last) {
    out.add(last);
    out.add(`${last}s`);
    out.add(`${last}'s`);
    out.add(`${last}’s`);
  }
  return out;
}

/**
 * The lead starts where the article's title does (the first sentence names its subject in bold),
 * after the infobox and lead images that the dump put before it. Returns its offset, or `pos`.
 */
let leadPattern = { source: '', re: /$^/gu };
function findLead(c: Cleaner, pos: number, end: number, title: string | null): { start: number; byTitle: boolean } {
  const s = c.s;
  const limit = Math.min(end, pos + 12000);
  const name = title?.replace(/\s*\([^)]*\)\s*$/, '').trim();
  const toks = tokens(s, pos, limit, 2500);
  if (toks.length === 0) return { start: pos, byTitle: false };
  const occurrences: number[] = [];
  if (name && name.length >= 2) {
    const esc = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const words = name.split(/\s+/);
    // A name in Title Case may carry middle names in the lead ("Amara Chidinma Okafor" for "Amara Okafor").
    const middle = words.length >= 2 && words.every((w) => STARTS_UPPER.test(w)) ? `|${esc(words[0]!)}(?: \\p{Lu}[\\p{L}.'’-]*){1,3} ${esc(words.slice(1).join(' '))}` : '';
    const source = `(?<![\\p{L}\\p{N}])(?:${esc(name)}${middle})(?:s|es)?(?![\\p{L}\\p{N}])`;
    // Copies of a page share their title: the pattern is compiled again only for a new one.
    if (leadPattern.source !== source) leadPattern = { source, re: new RegExp(source, 'gu') };
    const re = leadPattern.re;
    re.lastIndex = 0;
    const hay = s.slice(pos, limit);
    let m: RegExpExecArray | null;
    while ((m = re.exec(hay))) occurrences.push(pos + m.index);
  }
  // Walk sentence by sentence; in the first sentence that holds prose, the lead starts at the last
  // occurrence of the title that only chrome precedes.
  let i = 0;
  while (i < toks.length) {
    let j = i;
    while (j < toks.length - 1 && !isSentenceEnd(toks[j]!.text)) j++;
    const a = toks[i]!.start;
    const b = toks[j]!.end;
    const inside = occurrences.filter((o) => o >= a && o < b);
    let pick = -1;
    let segStart = a;
    for (const o of inside) {
      const seg = tokens(s, segStart, o, 400);
      const last = seg[seg.length - 1]?.text ?? '';
      // A copula or a stop word before the title: the title is already inside the lead ("In mathematics, a Foo is").
      if (seg.some((t) => COPULA.has(t.text)) || (seg.length > 0 && isStop(last) && isLower(last))) break;
      pick = o;
      segStart = o;
    }
    const sentence = s.slice(a, b);
    if (pick !== -1) {
      const rest = tokens(s, pick, b, 40);
      if (rest.length >= 4 && (rest.some((t) => COPULA.has(t.text) || isVerbish(t.text)) || isProseSentence(s.slice(pick, b).trim()))) {
        // "The Vltava is ...": the article belongs to the lead.
        const before = /(?:^|\s)(The|A|An)\s+$/.exec(s.slice(Math.max(pos, pick - 5), pick));
        return { start: before ? pick - before[0].trimStart().length : pick, byTitle: true };
      }
    }
    if (isProseSentence(sentence.trim())) return { start: a, byTitle: false };
    i = j + 1;
  }
  return { start: pos, byTitle: false };
}

/** The short description under the title: a sentence-case fragment that the next element or the lead follows. */
function shortDescriptionEnd(c: Cleaner, pos: number, end: number, title: string | null): number {
  const s = c.s;
  const lineEnd = c.lineEnd(pos, end, 600);
  const toks = tokens(s, pos, lineEnd, 30);
  if (toks.length === 0) return pos;
  const name = title?.replace(/\s*\([^)]*\)\s*$/, '').trim() ?? '';
  const startsElement = (at: number) =>
    c.hatnoteAt(at) || matchAt(BANNER_AT, s, at) || matchAt(SIDEBAR_AT, s, at) || matchAt(COORDS_AT, s, at) || matchAt(DATE_AT, s, at) ||
    s.startsWith('v t e', at) || (name && s.startsWith(name, at));
  if (startsElement(toks[0]!.start)) return pos;
  for (let i = 1; i < Math.min(toks.length, 20); i++) {
    if (startsElement(toks[i]!.start)) return toks[i]!.start;
    if (isSentenceEnd(toks[i - 1]!.text)) break;
  }
  const split = fragmentSplit(toks.slice(0, 20), 'hatnote', c.titleWords);
  if (split !== -1) return toks[split]!.start;
  // A whole short line is the description; a long one is already the article.
  return toks.length <= 15 ? lineEnd : pos;
}

export function stripWikipediaDump(doc: ProfiledDoc): StripResult {
  const s = doc.raw;
  const headerFound = s.indexOf(HEADER_END);
  const headerAt = headerFound !== -1 && headerFound < 200000 ? headerFound : -1;
  const firstNl = s.indexOf('\n');
  const navEnd = headerAt === -1 ? 0 : headerAt;
  const nav = s.slice(0, Math.min(navEnd, 100000));
  const toc = parseToc(nav);

  // Title: the navigation repeats it before the language count; else the permalink; else sources.json.
  const fromNav =
    /Toggle the table of contents ([^\n]{1,300}?) (?:\d+ languages?|Add languages)/.exec(nav) ??
    /Contributions Talk (?:CentralNotice )?([^\n]{1,300}?) (?:\d+ languages?|Add languages)/.exec(nav);
  const footerFrom = Math.max(0, s.length - 200000);
  const retrievedAt = s.indexOf('Retrieved from', footerFrom);
  const permalink = retrievedAt === -1 ? null : /^Retrieved from " ?https?:\/\/[^/\s]+\/w\/index\.php\?title=([^&"\s]+)/.exec(s.slice(retrievedAt, retrievedAt + 600));
  let title = fromNav?.[1]?.trim() ?? null;
  if (!title && permalink) {
    try {
      title = decodeURIComponent(permalink[1]!).replace(/_/g, ' ');
    } catch {
      title = permalink[1]!.replace(/_/g, ' ');
    }
  }
  title ??= doc.provenance?.title ?? null;

  const c = new Cleaner(s, title);
  let bodyStart = 0;
  if (headerAt !== -1) {
    c.remove('wiki:navigation', 0, headerAt + HEADER_END.length);
    bodyStart = headerAt + HEADER_END.length;
  } else if (firstNl !== -1 && nav.length === 0 && /^Jump to content\b/.test(s)) {
    c.remove('wiki:navigation', 0, firstNl);
    bodyStart = firstNl;
  }

  // The body ends at the first end-section heading ("See also [ edit ]", "References [ edit ]" ...).
  const headings = findHeadings(s, bodyStart, toc);
  const endIdx = headings.findIndex((h) => END_SECTIONS.test(h.title));
  let bodyEnd = s.length;
  if (endIdx !== -1) bodyEnd = headings[endIdx]!.start;
  else {
    const footer = footerStart(s, bodyStart);
    if (footer !== -1) bodyEnd = footer;
  }
  const bodyHeadings = endIdx === -1 ? headings : headings.slice(0, endIdx);
  if (endIdx !== -1) collectEndSections(c, headings.slice(endIdx), s);
  else c.remove('wiki:footer', bodyEnd, s.length);

  // The top: short description, hatnotes, banners, sidebars, infobox and lead images, then the lead.
  const firstRegionEnd = bodyHeadings[0]?.start ?? bodyEnd;
  let pos = c.skipBlank(bodyStart, firstRegionEnd);
  if (headerAt !== -1) {
    const desc = shortDescriptionEnd(c, pos, firstRegionEnd, title);
    c.remove('wiki:short-description', pos, desc);
    pos = desc;
  }
  pos = peelZone(c, pos, firstRegionEnd, { figure: true, afterColon: false, top: true });
  const lead = findLead(c, pos, firstRegionEnd, title);
  if (lead.start > pos) {
    const zone = tokens(s, pos, lead.start, 60);
    c.remove(zone.length >= 25 || zone.filter((t) => isCellToken(t.text)).length >= 3 ? 'wiki:infobox' : 'wiki:caption', pos, lead.start);
    pos = lead.start;
  }

  // Walk the body: text between headings, each region starting with a zone of chrome.
  const blocks: DraftBlock[] = [];
  if (title) blocks.push({ type: 'title', text: title, rawStart: 0, rawEnd: 0, depth: 1, decision: fromNav ? 'wiki:title (navigation)' : 'wiki:title' });
  const emit = (units: Unit[], decision: string) => {
    for (const u of units) {
      const text = removeMarkers(c, u.start, u.end);
      if (!text.trim()) continue;
      if (u.item) blocks.push({ type: 'list-item', text, rawStart: u.start, rawEnd: u.end, depth: null, continuesPrevious: false, decision: 'wiki:list-item (items after a colon)' });
      else blocks.push({ type: 'paragraph', text, rawStart: u.start, rawEnd: u.end, depth: null, continuesPrevious: u.join === 'continue', decision });
    }
  };
  // A caption can stand right before any heading, an end section's too.
  const headingAfter = (k: number) => k < bodyHeadings.length || endIdx !== -1;
  emit(walkRegion(c, pos, firstRegionEnd, headingAfter(0), false, lead.byTitle), 'wiki:lead');
  for (let k = 0; k < bodyHeadings.length; k++) {
    const h = bodyHeadings[k]!;
    blocks.push({ type: 'heading', text: h.title, rawStart: h.titleStart, rawEnd: h.titleEnd, depth: h.depth, decision: h.fromToc ? 'wiki:heading (table of contents)' : 'wiki:heading ([ edit ])' });
    c.remove('wiki:edit-link', h.editStart, h.end);
    const regionEnd = k + 1 < bodyHeadings.length ? bodyHeadings[k + 1]!.start : bodyEnd;
    emit(walkRegion(c, h.end, regionEnd, headingAfter(k + 1), true), 'wiki:prose');
  }
  // A trailing heading with nothing under it is dropped.
  while (blocks.length && blocks[blocks.length - 1]!.type === 'heading') blocks.pop();
  return { title, metadata: {}, blocks, removed: c.removed, references: c.references };
}

/** Where the page footer starts when no end section precedes it. */
function footerStart(s: string, from: number): number {
  const tailFrom = Math.max(from, s.length - 300000);
  const cands: number[] = [];
  for (const needle of ['NewPP limit report', 'Retrieved from "', 'Retrieved from " ', 'This page was last edited on', '\nParsed by mw']) {
    const at = s.indexOf(needle, tailFrom);
    if (at !== -1) cands.push(at);
  }
  return cands.length ? Math.min(...cands) : -1;
}

/** Peels the chrome at the start of a region (after a heading, at the top). Returns where prose starts. */
function peelZone(c: Cleaner, pos: number, end: number, slot: Slot): number {
  for (let guard = 0; guard < 200; guard++) {
    pos = c.skipMarkers(pos, end);
    if (pos >= end) return end;
    const next = c.chromeAt(pos, end, slot);
    if (next === -1 || next <= pos) return pos;
    pos = next;
    slot = { figure: true, afterColon: false, top: slot.top };
  }
  return pos;
}

/** Headings are the words glued before "[ edit ]"; the table of contents says which words. */
function findHeadings(s: string, from: number, toc: ReturnType<typeof parseToc>): Heading[] {
  const out: Heading[] = [];
  let tocIdx = 0;
  const maxTitle = Math.max(40, ...toc.map((e) => e.title.length)) + 20;
  EDIT.lastIndex = from;
  let m: RegExpExecArray | null;
  let prevEnd = from;
  while ((m = EDIT.exec(s))) {
    const editStart = m.index;
    const windowStart = Math.max(prevEnd, editStart - Math.max(maxTitle, 160));
    const raw = s.slice(windowStart, editStart);
    const before = raw.trimEnd();
    const beforeNorm = norm(before);
    let title: string | null = null;
    let depth = 2;
    let fromToc = false;
    // Prefer the table of contents: the next entry (or one a little further) whose title ends here.
    for (let k = tocIdx; k < Math.min(toc.length, tocIdx + 6); k++) {
      const entry = toc[k]!;
      const t = norm(entry.title);
      if (beforeNorm.endsWith(t) && (beforeNorm.length === t.length || /[\s\]\n.!?"”)]/.test(beforeNorm[beforeNorm.length - t.length - 1]!))) {
        title = entry.title;
        depth = entry.depth;
        tocIdx = k + 1;
        fromToc = true;
        break;
      }
    }
    if (!title) title = trailingHeading(before);
    prevEnd = editStart + m[0].length;
    if (!title) continue;
    const titleEnd = windowStart + before.length;
    // The raw title may differ in white space from the table of contents; find its start in the raw text.
    const wordCount = title.split(/\s+/).length;
    const rawToks = tokens(s, windowStart, titleEnd);
    const titleStart = rawToks.length >= wordCount ? rawToks[rawToks.length - wordCount]!.start : titleEnd - title.length;
    out.push({ title, start: titleStart, titleStart, titleEnd, editStart, end: editStart + m[0].length, depth, fromToc });
  }
  return out;
}

/** Without a table of contents: the words after the last citation marker, line break or sentence end. */
function trailingHeading(before: string): string | null {
  let cut = Math.max(before.lastIndexOf(']') + 1, before.lastIndexOf('\n') + 1);
  const re = /[.!?]["”')]*\s/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(before))) if (m.index + m[0].length > cut) cut = m.index + m[0].length;
  const t = before.slice(cut).trim();
  if (!t || t.split(/\s+/).length > 10) return null;
  return t;
}

/** The next boundary from pos: the end of the unit, where scanning resumes, and how the text after it joins. */
interface Boundary {
  unitEnd: number;
  resume: number;
  join: Join;
  /** A figure may stand at the resume point. */
  figure: boolean;
}

/**
 * Units end at real line breaks (not one before a citation group, after an abbreviation or comma,
 * or before lower case: the dump's artifacts) and at citation groups that follow a sentence end on
 * the same line (where a figure can be glued).
 */
function nextBoundary(c: Cleaner, pos: number, to: number): Boundary {
  const s = c.s;
  let nl = Math.min(c.nextNewline(pos), to);
  let k = lowerBound(c.markerStarts, pos);
  for (let guard = 0; guard < 10_000_000; guard++) {
    const mkAt = k < c.markerStarts.length && c.markerStarts[k]! < to ? c.markerStarts[k]! : to;
    if (nl <= mkAt) {
      if (nl >= to) return { unitEnd: to, resume: to, join: 'new', figure: true };
      const after = c.skipBlank(nl, to);
      const lastTok = lastToken(s, pos, nl);
      if (after < to && matchAt(MARKER_AT, s, after)) {
        const resume = c.skipMarkers(after, to);
        return { unitEnd: nl, resume, join: 'continue', figure: true };
      }
      const nextCh = s.slice(after, after + 2);
      if (after >= to || !(STARTS_LOWER.test(nextCh) || ABBREVIATION_END.test(lastTok) || /,$/.test(lastTok))) {
        return { unitEnd: nl, resume: after, join: 'new', figure: false };
      }
      // An artifact line break inside a sentence: keep going.
      nl = Math.min(c.nextNewline(after), to);
      k = lowerBound(c.markerStarts, after);
      continue;
    }
    // A citation marker before the line break: a boundary when it closes a sentence.
    const lastTok = lastToken(s, Math.max(pos, mkAt - 60), mkAt);
    if (mkAt > pos && isSentenceEnd(lastTok)) {
      const resume = c.skipMarkers(mkAt, to);
      if (resume < nl && resume < to) return { unitEnd: mkAt, resume, join: 'continue', figure: true };
    }
    k++;
  }
  return { unitEnd: to, resume: to, join: 'new', figure: false };
}

function lastToken(s: string, from: number, to: number): string {
  let e = to;
  while (e > from && isSpaceCode(s.charCodeAt(e - 1))) e--;
  let b = e;
  while (b > from && e - b < 60 && !isSpaceCode(s.charCodeAt(b - 1))) b--;
  return s.slice(b, e);
}

/** A region between headings: chrome at each boundary is cut, the prose between is kept in units. */
function walkRegion(c: Cleaner, from: number, to: number, beforeHeading: boolean, afterHeading: boolean, trustedStart = false): Unit[] {
  const s = c.s;
  const units: Unit[] = [];
  let pos = afterHeading ? peelZone(c, from, to, { figure: true, afterColon: false }) : c.skipMarkers(from, to);
  let join: Join = 'new';
  let slot: Slot = { figure: true, afterColon: false };
  let guard = 0;
  let trusted = trustedStart;
  while (pos < to && guard++ < 10_000_000) {
    // Chrome at this boundary (not where the lead was found to start).
    const chrome = trusted ? -1 : c.chromeAt(pos, to, slot);
    trusted = false;
    if (chrome !== -1 && chrome > pos) {
      pos = c.skipMarkers(chrome, to);
      slot = { figure: true, afterColon: false };
      continue;
    }
    const b = nextBoundary(c, pos, to);
    // Legends and captions also sit inside a unit, after a citation group: "... Report [ 155 ] Blue – Tier 1 ...".
    const fig = trailingFigure(c, pos, b.unitEnd);
    if (fig) {
      if (fig.keptEnd > pos) units.push({ start: pos, end: fig.keptEnd, join });
      join = 'continue';
      pos = c.skipMarkers(fig.resume, to);
      slot = { figure: true, afterColon: false };
      continue;
    }
    units.push({ start: pos, end: b.unitEnd, join });
    const unitText = s.slice(Math.max(pos, b.unitEnd - 3), b.unitEnd);
    join = b.join;
    slot = { figure: b.figure, afterColon: /:\s*$/.test(unitText) };
    pos = b.resume;
  }
  if (beforeHeading) trimCaptionBeforeHeading(c, units, to);
  return markListUnits(c, units);
}

/**
 * The dump puts a figure at the end of a section right before the next heading: "[ 69 ] Convicts
 * leased to harvest timber Organ trade [ edit ]". A last fragment without a sentence end, after
 * the last citation marker or sentence end, is that figure's caption.
 */
function trimCaptionBeforeHeading(c: Cleaner, units: Unit[], regionEnd: number): void {
  const last = units[units.length - 1];
  if (!last) return;
  const s = c.s;
  if (s.slice(last.end, regionEnd).trim()) return;
  const from = Math.max(last.start, last.end - 2000);
  const trimmed = s.slice(from, last.end).trimEnd();
  if (SENTENCE_END.test(trimmed) || /\]$/.test(trimmed) || /:$/.test(trimmed)) return;
  let cut = 0;
  for (const m of trimmed.matchAll(/\[ ?[^\]]{1,40} ?\]\s*|[.!?]["”')]*\s+/g)) cut = m.index! + m[0].length;
  const fragment = trimmed.slice(cut);
  if (fragment.split(/\s+/).length > 20) return;
  // A list that a colon introduced ("include: [ 36 ] A B C") is body.
  if (/:\s*(?:\[[^\]]{1,40}\]\s*)*$/.test(trimmed.slice(0, cut))) return;
  c.remove('wiki:caption', from + cut, from + trimmed.length);
  last.end = from + cut;
  if (!s.slice(last.start, last.end).trim()) units.pop();
}

/**
 * Looks for a legend inside [from, end): a figure caption before it (back to the last citation
 * marker or sentence end) and the legend itself are removed. Returns where kept text ends and
 * where to resume, or null.
 */
/** Where a caption may start: after a citation marker, or a sentence end before a capital (matchAll copies it). */
const CAPTION_BREAK = /\[ ?\d+ ?\]\s*|[.!?]\s+(?=\p{Lu})/gu;
function trailingFigure(c: Cleaner, from: number, end: number): { keptEnd: number; resume: number } | null {
  const s = c.s;
  const limit = Math.min(end, from + 20000);
  let tries = 0;
  for (let k = lowerBound(c.legendStarts, from); k < c.legendStarts.length && c.legendStarts[k]! < limit && tries++ < 50; k++) {
    const at = c.legendStarts[k]!;
    const legendEnd = c.legendAt(at, end);
    if (legendEnd === -1) continue;
    // The caption runs back to the previous citation marker or sentence end; when the figure's
    // own citation sits right before the legend, back to the marker before that, if short.
    const beforeFrom = Math.max(from, at - 2000);
    const before = s.slice(beforeFrom, at);
    const ownMarker = /\[ ?\d+ ?\]\s*$/.exec(before);
    const scan = ownMarker ? before.slice(0, ownMarker.index) : before;
    let capStart = beforeFrom;
    let lastMarker = beforeFrom;
    for (const mm of scan.matchAll(CAPTION_BREAK)) {
      capStart = beforeFrom + mm.index! + mm[0].length;
      if (mm[0].startsWith('[')) lastMarker = capStart;
    }
    if (ownMarker && s.slice(lastMarker, at).split(/\s+/).length <= 45) capStart = lastMarker;
    if (s.slice(capStart, at).trim().split(/\s+/).length > 60) capStart = at;
    c.remove('wiki:caption', capStart, at);
    c.remove('wiki:legend', at, legendEnd);
    return { keptEnd: capStart, resume: legendEnd };
  }
  return null;
}

/**
 * Lists the dump flattened: items ending in a full stop come out as lines of their own, the first
 * one glued to its introduction ("The key aims of the portal are: Aid in ... ramifications.").
 * After such an introduction, short lines in a row are its items; the list ends before a line
 * the dump continued (its citation group closed the list) or one that breaks the items' pattern.
 */
function markListUnits(c: Cleaner, units: Unit[]): Unit[] {
  const s = c.s;
  const words = (u: Unit) => tokens(s, u.start, u.end, 61).length;
  const label = (at: number) => /^[\p{Lu}][\p{L}' -]{0,40}:\s/u.test(s.slice(at, at + 45));
  const out: Unit[] = [];
  for (let k = 0; k < units.length; k++) {
    const u = units[k]!;
    out.push(u);
    if (u.item || k + 2 >= units.length || u.end - u.start > 20000) continue;
    // The introduction: the last colon (and citation group) before a capital, with a short tail.
    const text = s.slice(u.start, u.end);
    const m = /:\s+(?:\[[^\]\n]{1,40}\]\s*)*(?=[\p{Lu}"“])/gu;
    let cut = -1;
    let x: RegExpExecArray | null;
    while ((x = m.exec(text))) cut = x.index + x[0].length;
    if (cut === -1) continue;
    const first: Unit = { start: u.start + cut, end: u.end, join: 'new', item: true };
    if (words(first) > 40 || !/[.!?]["”')]*$/.test(text.trimEnd())) continue;
    const labelled = label(first.start);
    let j = k + 1;
    while (j < units.length && units[j]!.join === 'new' && words(units[j]!) <= 40 && label(units[j]!.start) === labelled) j++;
    if (j - (k + 1) < 1 || (!labelled && j < units.length && units[j]!.join !== 'continue')) continue;
    u.end = u.start + text.slice(0, cut).trimEnd().length;
    c.skipMarkers(u.end, first.start); // the introduction's citation group, recorded as removed
    out.push(first);
    for (let q = k + 1; q < j; q++) out.push({ ...units[q]!, item: true });
    // What the dump continued after the last item starts a paragraph of its own.
    if (j < units.length) units[j]!.join = 'new';
    k = j - 1;
  }
  return out;
}

/** Text of [start, end) without citation markers (each recorded as removed). */
function removeMarkers(c: Cleaner, start: number, end: number): string {
  const seg = c.s.slice(start, end);
  return seg.replace(CITATION_MARKER, (m, offset: number) => {
    c.remove('wiki:citation-marker', start + offset, start + offset + m.length);
    return ' ';
  });
}

/** Where a reference list ends: a navbox, a stub notice, the authority-control box or the footer. */
const LIST_END = /(?<!\S)v t e(?!\S)|\bRetrieved from " ?https?:|NewPP limit report|\nParsed by mw|\bThis page was last edited on\b|\bAuthority control(?: databases)?\b|(?:Stub icon\s+)?\bThis [^.\n]{0,150}? is a stub\b/;

function collectEndSections(c: Cleaner, headings: Heading[], s: string): void {
  for (let i = 0; i < headings.length; i++) {
    const h = headings[i]!;
    const end = i + 1 < headings.length ? headings[i + 1]!.start : s.length;
    const rule = `wiki:section:${h.title.toLowerCase().replace(/\s+/g, '-')}`;
    const tailAt = searchIn(LIST_END, s, h.end, end);
    const listEnd = tailAt ? tailAt.index : end;
    if (BIBLIOGRAPHY_SECTIONS.test(h.title)) for (const r of parseEntries(s, h.end, listEnd)) c.references.push(r);
    c.remove(rule, h.start, listEnd);
    if (listEnd < end || /external links/i.test(h.title)) {
      // A stub notice ("This ... article is a stub. You can help Wikipedia by expanding it.") closes the article.
      let footerFrom = listEnd;
      if (matchAt(STUB_AT, s, listEnd)) {
        const stop = /^[^\n]*?expanding it\s*\.|^[^\n]*?[.!?](?=\s)/.exec(s.slice(listEnd, Math.min(s.length, listEnd + 400)));
        footerFrom = stop ? listEnd + stop[0].length : listEnd;
        c.remove('wiki:stub', listEnd, footerFrom);
      }
      c.remove('wiki:footer', footerFrom, s.length);
      return;
    }
  }
}

/** Reference lists: each entry starts with "^" (followed by back-link letters for shared notes); bibliographies have one entry per item. */
function parseEntries(s: string, from: number, to: number): DraftReference[] {
  const out: DraftReference[] = [];
  const re = /(?<!\S)\^\s/g;
  re.lastIndex = from;
  const starts: number[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) && m.index < to) starts.push(m.index);
  if (starts.length === 0) return bibliographyEntries(s, from, to);
  for (let i = 0; i < starts.length; i++) {
    const a = starts[i]!;
    const b = i + 1 < starts.length ? starts[i + 1]! : to;
    const raw = s
      .slice(a + 1, b)
      .replace(/\s+/g, ' ')
      .replace(/^ ?(?:[a-z]{1,2} )+(?=\S)/, (x) => (/^ ?(?:[a-z] )+$/.test(x) ? '' : x))
      .trim();
    if (raw) out.push({ raw, rawStart: a, rawEnd: b - (s.slice(a, b).length - s.slice(a, b).trimEnd().length) });
  }
  return out;
}

/**
 * A bibliography without carets: the dump breaks an entry into lines wherever a full stop meets a
 * link, so an entry starts at a line that opens with an author ("Surname, Given") or follows a
 * line that closed an entry (an identifier, a retrieval date, a page range).
 */
function bibliographyEntries(s: string, from: number, to: number): DraftReference[] {
  const out: DraftReference[] = [];
  const lines: { start: number; end: number; text: string }[] = [];
  let at = from;
  while (at < to) {
    let nl = s.indexOf('\n', at);
    if (nl === -1 || nl > to) nl = to;
    const text = s.slice(at, nl).trim();
    if (text) {
      const start = at + (s.slice(at, nl).length - s.slice(at, nl).trimStart().length);
      lines.push({ start, end: start + text.length, text });
    }
    at = nl + 1;
  }
  const AUTHOR = /^(?:[\p{Lu}][\p{L}'’.-]+(?: [\p{Lu}][\p{L}'’.-]+){0,3}|[a-z]{1,3} [\p{Lu}][\p{L}'’.-]+), (?:[\p{Lu}]|Sir |Dame )/u;
  const CLOSES = /(?:ISBN\s[\dX -]+|OCLC\s\d+|doi\s?:\s?\S+|ISSN\s[\dX-]+|PMID\s\d+|Retrieved\s[^.]+|pp?\.\s?[\d–-]+)\s?\.?$/;
  // Identifiers and archive notes continue the entry before them.
  const CONTINUES = /^(?:ISBN|OCLC|ISSN|doi|PMID|PMC|S2CID|JSTOR|Bibcode|hdl|arXiv|LCCN|Archived|Retrieved|Vol\.|pp?\.|\d|\[)/;
  let cur: { start: number; end: number; parts: string[] } | null = null;
  let prevClosed = true;
  for (const line of lines) {
    const newEntry = !cur || AUTHOR.test(line.text) || (prevClosed && /^["“\p{Lu}]/u.test(line.text) && !CONTINUES.test(line.text));
    if (newEntry) {
      if (cur) out.push({ raw: cur.parts.join(' ').replace(/\s+/g, ' ').trim(), rawStart: cur.start, rawEnd: cur.end });
      cur = { start: line.start, end: line.end, parts: [line.text] };
    } else {
      cur!.parts.push(line.text);
      cur!.end = line.end;
    }
    prevClosed = CLOSES.test(line.text);
  }
  if (cur) out.push({ raw: cur.parts.join(' ').replace(/\s+/g, ' ').trim(), rawStart: cur.start, rawEnd: cur.end });
  return out.filter((r) => r.raw.length > 10);
}

export const wikipediaDump: SourceProfile = {
  name: 'wikipedia-dump',
  description: 'plain-text dump of a rendered Wikipedia page (navigation line, "[ edit ]", "v t e", "^" references)',
  formats: ['text'],
  detect(doc) {
    const s = doc.raw;
    let score = 0;
    if (s.slice(0, 20000).includes(HEADER_END)) score += 0.6;
    EDIT.lastIndex = 0;
    let edits = 0;
    while (edits < 2 && EDIT.exec(s)) edits++;
    if (edits >= 2) score += 0.3;
    if (/Retrieved from " ?https?:\/\/[a-z-]+\.wikipedia\.org/.test(s.slice(Math.max(0, s.length - 300000)))) score += 0.2;
    return Math.min(1, score);
  },
  strip: stripWikipediaDump,
};
