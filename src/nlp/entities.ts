// Named entities: people, organisations, places and laws, as mentions with offsets into the
// passage. Sources, in order of trust: the domain lexicon (lexicon.json: canonical names and
// aliases, extendable per pipeline); shape rules for named laws, visas, organisations and
// programmes ("... Act of 2000", "T visa", "Law No. 241 of ...", "Acme Ltd"), places named by their
// context ("X, 52, of Pharr", "the districts of A and B", datelines), cues for people that do not depend on knowing the name
// (roles, titles, ages, reporting verbs) and the place gazetteer (places.json, read only where the
// context says place); and compromise's people/organizations/places, cleaned (punctuation,
// possessives, titles) and filtered (a name is capitalised throughout). A surname written alone is
// linked to the full name (here within a passage, by linkSurnames across a document), and so is
// an organisation's or law's short form ("the National Committee") to its one full name (by
// linkShortForms, across a document).
import nlp from 'compromise';
import type { Term } from 'compromise/misc';
import baseLexicon from './lexicon.json' with { type: 'json' };
import { withOffsets } from './offsets.ts';
import placeData from './places.json' with { type: 'json' };
import type { EntityType } from '../schemas.ts';

export interface LexiconEntry {
  name: string;
  type: EntityType;
  aliases: string[];
}

export interface LexiconInput {
  entities?: LexiconEntry[];
  notEntities?: string[];
}

export interface CompiledLexicon {
  /** Canonical entry for each surface form (exact case). */
  bySurface: Map<string, LexiconEntry>;
  /** Canonical entry for each entity key (case and punctuation folded). */
  byKey: Map<string, LexiconEntry>;
  /** The surfaces, longest first (see lexiconMatches, which gives its matches). */
  matcher: RegExp | null;
  notEntities: Set<string>;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function compileLexicon(extra: LexiconInput = {}): CompiledLexicon {
  const entries = [...(baseLexicon.entities as LexiconEntry[]), ...(extra.entities ?? [])];
  const bySurface = new Map<string, LexiconEntry>();
  const byKey = new Map<string, LexiconEntry>();
  for (const e of entries) {
    for (const s of [e.name, ...e.aliases]) {
      bySurface.set(s, e);
      byKey.set(entityKey(s), e);
    }
  }
  const surfaces = [...bySurface.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  // "US$236 billion": a name right before "$" is a currency prefix. A name must also not follow a
  // letter or digit: lexiconMatches checks that, since a look-behind in front of the alternation
  // would keep the engine from skipping ahead to the names' first letters (four times slower).
  const matcher = surfaces.length ? new RegExp(`(?:${surfaces.map(escape).join('|')})(?![\\p{L}\\p{N}$])`, 'gu') : null;
  const notEntities = new Set([...baseLexicon.notEntities, ...(extra.notEntities ?? [])].map((w) => w.toLowerCase()));
  return { bySurface, byKey, matcher, notEntities };
}

/**
 * The lexicon's names in a text, as matchAll would give them with a look-behind for "no letter or
 * digit before": a match right after one is dropped and the search resumes one character on.
 */
function* lexiconMatches(text: string, lexicon: CompiledLexicon): Generator<RegExpExecArray> {
  const re = lexicon.matcher;
  if (!re) return;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index;
    // The code point before (a surrogate pair is one character to a /u look-behind).
    const low = text.charCodeAt(at - 1);
    const before = low >= 0xdc00 && low <= 0xdfff && at >= 2 ? text.slice(at - 2, at) : text.charAt(at - 1);
    if (before && LETTER_OR_DIGIT.test(before)) {
      re.lastIndex = at + 1;
      continue;
    }
    yield m;
  }
}
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

let taught = false;
/** Teaches compromise the lexicon's organisations, so that it does not split or mislabel them. */
export function teachCompromise(lexicon: CompiledLexicon): void {
  if (taught) return;
  taught = true;
  const words: Record<string, string> = {};
  for (const [surface, e] of lexicon.bySurface) {
    if (e.type === 'organization') words[surface.toLowerCase()] = 'Organization';
    else if (e.type === 'place') words[surface.toLowerCase()] = 'Place';
  }
  nlp.addWords(words);
  nameWordKinds.clear();
}

export interface RawMention {
  type: EntityType;
  start: number;
  end: number;
  /** As written (after trimming what is not part of the name). */
  text: string;
  /** The lexicon's canonical name, when the lexicon knows this entity; for a lone surname, the
   * full name it stands for ("Varga" after "Ionut Varga"). */
  canonical: string | null;
}

interface MatchJson {
  text: string;
  offset: { start: number; length: number };
}

const TITLES =
  /^(?:(?:Dr|Mr|Mrs|Ms|Prof|Sir|Dame|Rev|Gen|Sen|Rep|Gov|President|Prime Minister|Minister|Secretary-General|Secretary|Judge|Justice|Pope|Rabbi|Sheikh|Shri|Datuk|Bishop|Archbishop|Chief|King|Queen|Prince|Princess|Scholar|Professor|Senator|Ambassador|Commissioner|Director|Chairman|Chair|Mayor|General|Colonel|Captain|Officer|Detective|Inspector|Sergeant|Constable|Superintendent|Superintendant|Prosecutor|Attorney|Deputy|Assistant|Agent|Councillor|Cllr|Father|Sister|Brother|Patriarch|Metropolitan|Cardinal|Imam|Grand Imam|Ayatollah|Grand Ayatollah|Bhikkhuni|Venerable|Zen Master|Defendant|Victim|Survivor|Witness|Lawyer|Solicitor|Barrister|Spokesperson|Spokesman|Spokeswoman|Researcher|Scholar|Campaigner|Activist|Journalist|Reporter|Founder|Co-founder)\.?\s+)+/;
/** Words that may stay lower case inside a name ("Organization for Security and Co-operation in Europe"). */
const NAME_CONNECTORS = new Set(['of', 'for', 'and', 'the', 'on', 'in', 'against', 'de', 'la', 'le', 'del', 'des', 'du', 'von', 'van', 'der', 'den', 'to', 'at', 'al', 'bin', 'da', 'dos', 'y', 'e', '&']);

/** A name is capitalised throughout: every word but connectors starts with a capital or a digit. */
export function looksLikeName(text: string): boolean {
  const words = text.split(/\s+/);
  if (words.length === 0) return false;
  return words.every((w, i) => (i > 0 && NAME_CONNECTORS.has(w)) || /^["“(']?[\p{Lu}\p{N}]/u.test(w));
}

/** Splits a match that is a list ("A, B and C") into its items, with their offsets. */
function splitList(m: MatchJson): MatchJson[] {
  if (!/,\s|\s(?:and|or|&)\s/.test(m.text)) return [m];
  const out: MatchJson[] = [];
  const re = /,\s+(?:(?:and|or)\s+)?|\s+(?:and|or|&)\s+/g;
  let last = 0;
  for (const sep of m.text.matchAll(re)) {
    out.push({ text: m.text.slice(last, sep.index), offset: { start: m.offset.start + last, length: sep.index! - last } });
    last = sep.index! + sep[0].length;
  }
  out.push({ text: m.text.slice(last), offset: { start: m.offset.start + last, length: m.text.length - last } });
  return out.filter((x) => x.text.trim());
}

/** Trims a match to the name itself; null when nothing name-like is left. */
export function cleanMention(text: string, start: number, notEntities?: Set<string>): { text: string; start: number; end: number } | null {
  let s = start;
  let t = text;
  const lead = /^[\s"“'‘(\[]+/.exec(t);
  if (lead) {
    s += lead[0].length;
    t = t.slice(lead[0].length);
  }
  // A parenthetical or a list is not part of the name: "ILO (International ...", "Facebook, Twitter".
  const cut = t.search(/\s*\(|,\s/);
  if (cut > 0) t = t.slice(0, cut);
  const TRAIL = /[\s"”'’)\].,;:!?]+$/u;
  const abbrev = /(?:\b[\p{Lu}]\.){2,}$/u.exec(t.replace(/['’]s$/u, '').replace(/[\s,;:!?]+$/u, ''));
  t = t.replace(TRAIL, '').replace(/['’]s$/u, '').replace(TRAIL, '');
  if (abbrev) t += '.'; // "U.S." keeps its last full stop
  // "The" belongs to prose, not to the name ("the ILO").
  const the = /^the\s+/i.exec(t);
  if (the) {
    s += the[0].length;
    t = t.slice(the[0].length);
  }
  const title = TITLES.exec(t);
  if (title && title[0].length < t.length) {
    s += title[0].length;
    t = t.slice(title[0].length);
  }
  if (t.length < 2 || !/^[\p{Lu}\p{N}]/u.test(t) || !/[\p{L}]/u.test(t)) return null;
  if ((notEntities ?? DEFAULT_NOT_ENTITIES).has(t.toLowerCase())) return null;
  return { text: t, start: s, end: s + t.length };
}
const DEFAULT_NOT_ENTITIES = new Set(baseLexicon.notEntities.map((w) => w.toLowerCase()));

const LAW_HEAD = new Set('Act Acts Convention Protocol Treaty Directive Declaration Charter Covenant Amendment Statute Accord Ordinance Regulation Code'.split(' '));
const LAW_CONNECTOR = new Set(['of', 'on', 'for', 'and', 'against', 'the', 'to', 'in', 'from', 'with']);
/** Capitalised words that open a sentence or clause rather than a name. */
/** Clause openers that may stand before a company's name ("With Acme Ltd"); LAW_STOP has the rest. */
const OPENERS_LIGHT = new Set(['Then', 'Now', 'Only', 'Even', 'Like', 'Including', 'Against', 'With', 'Of', 'To', 'Into', 'Via', 'Between', 'Within']);
const LAW_STOP = new Set(['The', 'However', 'Moreover', 'Furthermore', 'In', 'On', 'At', 'By', 'For', 'From', 'A', 'An', 'This', 'These', 'That', 'Under', 'According', 'After', 'Before', 'Since', 'During', 'While', 'When', 'Although', 'Its', 'Their', 'Both', 'Each', 'And', 'But', 'Also']);

/** Possessives of office holders that are part of an office's name ("U.S. Attorney's Office"). */
const OFFICE_HOLDER_POSSESSIVE = /^(?:Attorney|Attorneys|Prosecutor|Prosecutors|General|Solicitor|Ombudsman|Ombudsperson|Sheriff|Coroner|Comptroller|Auditor|Mayor|Governor|Commissioner|Children|Women|People)['’]s?$/;
/** Words of an offence after which "in" goes on with the name ("Trafficking in Human Beings"). */
const IN_CONTINUES = /^(?:Trafficking|Traffic|Trade|Co-operation|Cooperation)$/;

/**
 * The words of a text with their offsets, for headedNames; the last text's are kept, since laws,
 * organisations and programmes are each looked for in the same passage in turn.
 */
const WORD_TOKEN_RE = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu;
const INITIALS_RE = /^(?:[\p{Lu}]\.){2,}$/u;
let lastTokens: WordTokens | null = null;
function wordTokens(text: string): WordTokens {
  if (lastTokens?.text === text) return lastTokens;
  const toks: { t: string; s: number; e: number }[] = [];
  WORD_TOKEN_RE.lastIndex = 0;
  for (let m = WORD_TOKEN_RE.exec(text); m; m = WORD_TOKEN_RE.exec(text)) {
    // "U.S." keeps its full stop, so that it joins the name after it ("U.S. District Court").
    const t = m[0].charCodeAt(m[0].length - 1) !== 46 || INITIALS_RE.test(m[0]) ? m[0] : m[0].slice(0, -1);
    toks.push({ t, s: m.index, e: m.index + t.length });
  }
  lastTokens = new WordTokens(text, toks);
  return lastTokens;
}

/** A text's words with the tests headedNames reads them with (methods, not closures made per call). */
class WordTokens {
  constructor(
    readonly text: string,
    readonly toks: readonly { t: string; s: number; e: number }[],
  ) {}
  cap(i: number): boolean {
    return i >= 0 && i < this.toks.length && isCap(this.toks[i]!.t);
  }
  /** Only white space between words a and b. */
  gapOk(a: number, b: number): boolean {
    return blank(this.text, this.toks[a]!.e, this.toks[b]!.s);
  }
  /** A comma and white space between words a and b. */
  commaGap(a: number, b: number): boolean {
    const e = this.toks[a]!.e;
    return this.text.charCodeAt(e) === 44 && blank(this.text, e + 1, this.toks[b]!.s);
  }
  possessive(i: number): boolean {
    const t = this.toks[i]!.t;
    return t.endsWith('s') && (t[t.length - 2] === "'" || t[t.length - 2] === '’');
  }
}

/** Whether text[i] is white space (what \s matches); ASCII without a regular expression. */
function spaceAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 32 || (c >= 9 && c <= 13) || (c >= 160 && /\s/.test(text[i]!));
}
/** Whether text[from, to) is all white space, read without slicing. */
function blank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!spaceAt(text, i)) return false;
  return true;
}

/** Named things by their shape: capitalised words around a head word that says what they are. */
export function headedNames(
  text: string,
  head: ReadonlySet<string>,
  minCapitalised = 2,
  rightConnectors: ReadonlySet<string> = LAW_CONNECTOR,
  leftConnectors: ReadonlySet<string> = LAW_CONNECTOR,
): { start: number; end: number; text: string }[] {
  const tk = wordTokens(text);
  const toks = tk.toks;
  const out: { start: number; end: number; text: string }[] = [];
  for (let i = 0; i < toks.length; i++) {
    // Heads are capitalised words: most words are skipped by their first letter.
    const first = toks[i]!.t.charCodeAt(0);
    if ((first >= 97 && first <= 122) || (first >= 48 && first <= 57)) continue;
    // "the Civil Rights Division's Human Trafficking Prosecution Unit": a head may be possessive.
    if (!head.has(tk.possessive(i) ? toks[i]!.t.slice(0, -2) : toks[i]!.t)) continue;
    // Left: capitalised words, with connectors between capitalised words.
    let l = i;
    while (l - 1 >= 0 && tk.gapOk(l - 1, l)) {
      const w = toks[l - 1]!.t;
      // A possessive ends the name to its left ("the Department of State's Office to ..."), but
      // an office holder's is part of it ("U.S. Attorney's Office", "Prosecutor's Office").
      if (tk.cap(l - 1) && !LAW_STOP.has(w) && (!/['’]s$/.test(w) || OFFICE_HOLDER_POSSESSIVE.test(w))) l--;
      else if (leftConnectors.has(w) && tk.cap(l - 2) && !LAW_STOP.has(toks[l - 2]!.t) && !/['’]s$/.test(toks[l - 2]!.t) && tk.gapOk(l - 2, l - 1)) l -= 2;
      else break;
    }
    // Right: "of/on/against (the) Capitalised ..." and a year or "(No. 29)".
    let r = i;
    for (;;) {
      // A possessive ends the name: "the U.S. Department of Labor's Wage and Hour Division".
      if (tk.possessive(r)) break;
      const n1 = toks[r + 1];
      if (!n1 || !tk.gapOk(r, r + 1)) break;
      // A sentence opener ends the name: "... Traffic in Minors In countermeasures ...".
      if (tk.cap(r + 1) && !LAW_STOP.has(n1.t)) {
        r++;
        continue;
      }
      // "Centre for Combating Trafficking in Persons": "in" after the name of the crime continues it.
      if (rightConnectors.has(n1.t) || (n1.t === 'in' && IN_CONTINUES.test(toks[r]!.t))) {
        let k = r + 2;
        // "and" joins two capitalised words of one name ("Monitor and Combat"), never "and the X".
        if (toks[k]?.t === 'the' && n1.t !== 'and' && tk.gapOk(r + 1, k)) k++;
        if (n1.t === 'and' && /^[\p{Lu}\d.&-]+$/u.test(toks[k]?.t ?? '')) break;
        if (tk.cap(k) && tk.gapOk(k - 1, k)) {
          r = k;
          continue;
        }
        // "Protocol of 2014 to the Forced Labour Convention": a year after "of" continues the name.
        if (n1.t === 'of' && /^(?:1[89]|20)\d\d$/.test(toks[r + 2]?.t ?? '') && tk.gapOk(r + 1, r + 2)) {
          r += 2;
          continue;
        }
      }
      if (/^(?:1[89]|20)\d\d$/.test(n1.t)) {
        r++;
        // "National Programme ... 2022–2026": a span of years.
        if (/^(?:1[89]|20)\d\d$/.test(toks[r + 1]?.t ?? '') && /^[–-]$/.test(text.slice(toks[r]!.e, toks[r + 1]!.s))) r++;
        continue;
      }
      break;
    }
    // "Forced Labour Convention, 1930": a year after a comma belongs to the name.
    if (toks[r + 1] && tk.commaGap(r, r + 1) && /^(?:1[89]|20)\d\d$/.test(toks[r + 1]!.t)) r++;
    const capitalised = toks.slice(l, r + 1).filter((x) => /^[\p{Lu}]/u.test(x.t)).length;
    if (capitalised < minCapitalised || (l === i && r === i)) continue;
    const start = toks[l]!.s;
    const end = toks[r]!.e - (tk.possessive(r) ? 2 : 0);
    if (out.length && out[out.length - 1]!.end >= start) continue;
    out.push({ start, end, text: text.slice(start, end) });
    i = r;
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Whether compromise tags a word of text[start, end) with tag ("Thomson Reuters said": an organisation). */
function tagged(text: string, tags: ReadonlyMap<number, ReadonlySet<string>>, start: number, end: number, tag: string): boolean {
  return [...text.slice(start, end).matchAll(/\S+/g)].some((w) => tags.get(start + w.index!)?.has(tag));
}

export function extractMentions(doc: ReturnType<typeof nlp>, text: string, lexicon: CompiledLexicon): RawMention[] {
  // Candidates from every source; where they overlap the longest span wins ("United Nations
  // Convention on the Rights of the Child" over "United Nations"), then the more trusted source.
  const candidates: (RawMention & { trust: number })[] = [];
  // compromise's matches first: their offsets are computed once for the whole document, and the
  // tags of its words are read with them.
  const views: [EntityType, MatchJson[]][] = [
    ['person', doc.people().json({ offset: true }) as MatchJson[]],
    ['organization', doc.organizations().json({ offset: true }) as MatchJson[]],
    ['place', doc.places().json({ offset: true }) as MatchJson[]],
  ];
  const terms = termsOf(doc);
  for (const m of lexiconMatches(text, lexicon)) {
    const e = lexicon.bySurface.get(m[0])!;
    candidates.push({ type: e.type, start: m.index, end: m.index + m[0].length, text: m[0], canonical: e.name, trust: 3 });
  }
  for (const [type, found] of [
    ['law', lawMentions(text)],
    ['law', programmeMentions(text)],
    ['organization', orgMentions(text)],
    ['person', citedAuthors(text)],
    ['person', cuedPersons(text)],
    ['place', cuedPlaces(text)],
  ] as const) {
    for (const m of found as CuedPerson[]) {
      const known = lookup(lexicon, m.text);
      if (type === 'person' && !known && tagged(text, terms.tags, m.start, m.end, 'Organization')) continue;
      // A lone word with a weak cue yields to any other reading of it ("Europol said": compromise's organisation).
      // A place by its context outranks a head word's guess ("Autonomous Territorial Unit of Gagauzia").
      candidates.push({ type: known?.type ?? type, start: m.start, end: m.end, text: m.text, canonical: known?.name ?? null, trust: m.weak ? 0.5 : type === 'place' ? 2.2 : 2 });
    }
  }
  for (const [type, matches] of views) {
    for (const whole of matches) {
      // compromise returns lists as one match ("Sri Lanka, Ethiopia and the Philippines"): each
      // item is its own mention.
      for (const m of splitList(whole)) {
        const cleaned = cleanMention(m.text, m.offset.start, lexicon.notEntities);
        if (!cleaned || !looksLikeName(cleaned.text)) continue;
        // compromise reads "District Judge" and "Trial Attorney Sun-Hee Park" as places, and
        // "Mekong" of "Safe Harbour Mekong": a title is no place, nor is part of a longer name.
        if (type === 'place' && !lexicon.bySurface.has(cleaned.text) && (cleaned.text.split(/\s+/).some((w) => TITLE_WORDS.has(w)) || inLongerName(text, cleaned.start))) continue;
        // compromise's offsets are checked against the text; a mismatch is dropped, never guessed.
        if (text.slice(cleaned.start, cleaned.end) !== cleaned.text) continue;
        // "Stockholm syndrome": a listed phrase that starts with the mention is not an entity.
        const following = /^\s+[\p{L}-]+/u.exec(text.slice(cleaned.end, cleaned.end + 30));
        if (following && lexicon.notEntities.has(`${cleaned.text}${following[0]}`.toLowerCase().replace(/\s+/g, ' '))) continue;
        const known = lookup(lexicon, cleaned.text);
        if (type === 'person' && !known) extendPersonName(text, cleaned, terms.tags);
        candidates.push({ type: known?.type ?? type, start: cleaned.start, end: cleaned.end, text: cleaned.text, canonical: known?.name ?? null, trust: known ? 3 : 1 });
      }
    }
  }
  // Gazetteer places, trusted like the shape rules: a known name where the context reads as a place.
  const personAt = (s: number, e: number) => terms.persons.some((p) => p.start < e && s < p.end);
  for (const m of gazetteerPlaces(text, personAt, candidates.filter((c) => c.type === 'place'))) {
    if (lexicon.notEntities.has(m.text.toLowerCase())) continue;
    const known = lookup(lexicon, m.text);
    // A cue ("in San Antonio said ...") outranks a reporting verb's guess at a person.
    candidates.push({ type: known?.type ?? 'place', start: m.start, end: m.end, text: m.text, canonical: known?.name ?? null, trust: m.cued ? 2.5 : 2 });
  }
  // Unknown names in a list with places found so far ("in Bangkok and Mae Sot").
  const notPlace = (s: number, e: number) => lookup(lexicon, text.slice(s, e)) !== undefined || tagged(text, terms.tags, s, e, 'Organization');
  for (const m of listedPlaces(text, candidates.filter((c) => c.type === 'place' && c.trust >= 2), notPlace)) {
    candidates.push({ type: 'place', start: m.start, end: m.end, text: m.text, canonical: null, trust: 1.5 });
  }
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || b.trust - a.trust || a.start - b.start);
  const out: RawMention[] = [];
  for (const c of candidates) {
    if (out.some((m) => m.start < c.end && c.start < m.end)) continue;
    out.push({ type: c.type, start: c.start, end: c.end, text: c.text, canonical: c.canonical });
  }
  linkSurnamesInText(text, out);
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Whether a capitalised word other than a clause opener stands right before offset at ("Safe Harbour Mekong"). */
function inLongerName(text: string, at: number): boolean {
  const prev = /(?:^|[^\p{L}])([\p{Lu}][\p{Ll}]+)[ \t]$/u.exec(text.slice(Math.max(0, at - 30), at));
  return prev !== null && !OPENERS.has(prev[1]!) && !sentenceStart(text, at - prev[1]!.length - 1);
}

/** A person's surname: the last word of a name of two words or more ("Ionut Varga" → "Varga"). */
const surnameOf = (name: string) => {
  const words = name.split(/\s+/);
  return words.length >= 2 ? words[words.length - 1]! : null;
};
/** What may stand alone for a name of two words or more: any of its words ("Nguyễn" of "Nguyễn Thị
 * Lan") and its shorter endings ("O'Connell Davidson" of "Julia O'Connell Davidson"). */
const nameParts = (name: string) => {
  const words = name.split(/\s+/);
  if (words.length < 2) return [];
  const out = words.filter((w) => w.length >= 3 && /^[\p{Lu}]/u.test(w));
  for (let i = 1; i < words.length - 1; i++) out.push(words.slice(i).join(' '));
  return out;
};
/** Adds word → name to a map; a word two names share maps to null (ambiguous). */
const claim = <V,>(map: Map<string, V | null>, word: string, name: V) => map.set(word, map.has(word) && map.get(word) !== name ? null : name);

/**
 * A surname written alone after the full name ("Varga's lawyer" after "Ionut Varga") is that
 * person: its mention gets the full name as canonical, so it merges with it. Mutates mentions.
 */
function linkSurnamesInText(text: string, mentions: RawMention[]): void {
  const full = new Map<string, string | null>(); // surname → full name, null when two people share it
  const part = new Map<string, string | null>(); // any word of a full name → the name
  for (const m of mentions) {
    if (m.type !== 'person') continue;
    const name = m.canonical ?? m.text;
    const sur = surnameOf(name);
    if (sur && sur.length >= 3) claim(full, sur, name);
    for (const w of nameParts(name)) claim(part, w, name);
  }
  if (!part.size) return;
  // A one-word person found by another source ("Nguyễn found ..."): any word of one full name.
  for (const m of mentions) {
    const name = part.get(m.text);
    if (name && m.type === 'person' && !m.canonical) m.canonical = name;
  }
  for (const [sur, name] of full) {
    if (!name) continue;
    for (let start = text.indexOf(sur); start !== -1; start = text.indexOf(sur, start + 1)) {
      const end = start + sur.length;
      // A whole word, not "Vargas" or "Popescu" for "Pop"; a possessive "'s" may follow.
      if (/[\p{L}\p{M}\p{N}]/u.test(text[start - 1] ?? '') || /^(?:[\p{L}\p{M}\p{N}]|['’](?![sS](?![\p{L}])))/u.test(text.slice(end, end + 3))) continue;
      if (mentions.some((m) => m.start < end && start < m.end)) continue;
      if (/^\s*\d/.test(text.slice(end, end + 3))) continue; // "May 2023"
      // Part of a longer name ("Varga Holdings", "Boston Doyle"), unless after a word that opens a clause.
      if (/^[ \t]+[\p{Lu}]/u.test(text.slice(end, end + 3))) continue;
      const before = /([\p{Lu}][\p{L}'’-]*)[ \t]+$/u.exec(text.slice(Math.max(0, start - 30), start));
      if (before && !OPENERS.has(before[1]!)) continue;
      mentions.push({ type: 'person', start, end, text: sur, canonical: name });
    }
  }
}

/**
 * Corpus-wide, per document: a person mention of one word that is a word (mostly the surname) of
 * exactly one person of two words or more in the same document gets that person's key, so that "Whitmore"
 * (said two paragraphs on) and "Claire Whitmore" are one entity. Mutates the mentions' keys.
 */
export function linkSurnames<M extends { type: EntityType; key: string; surface: string; canonical?: string | null; mention: { docId: string } }>(mentions: M[]): void {
  const byDoc = new Map<string, Map<string, string | null>>();
  const fullName = new Map<string, string>(); // key → the name as written, which names the entity
  for (const m of mentions) {
    if (m.type !== 'person') continue;
    const doc = byDoc.get(m.mention.docId) ?? new Map<string, string | null>();
    byDoc.set(m.mention.docId, doc);
    for (const w of nameParts(m.surface)) claim(doc, entityKey(w), m.key);
    if (/\s/.test(m.surface) && !fullName.has(m.key)) fullName.set(m.key, m.canonical ?? m.surface);
  }
  for (const m of mentions) {
    if (m.type !== 'person') continue;
    const target = byDoc.get(m.mention.docId)?.get(m.key);
    if (!target || target === m.key) continue;
    m.key = target;
    if (!m.canonical) m.canonical = fullName.get(target) ?? null;
  }
}

/**
 * Per document: an organisation or law written short after its full name ("the National Committee"
 * for "the National Committee for Combating Trafficking in Human Beings", "the National Programme"
 * for "... 2022–2026") is that entity, when exactly one full name of its type goes on from it with
 * "for", "of", "on" ... or a year. Names the lexicon knows ("United Nations") keep their own key.
 */
export function linkShortForms<M extends { type: EntityType; key: string; canonical?: string | null; mention: { docId: string } }>(mentions: M[]): void {
  const byDocType = new Map<string, Set<string>>();
  for (const m of mentions) {
    if (m.type === 'person' || m.type === 'place') continue;
    const k = `${m.mention.docId}\u0000${m.type}`;
    (byDocType.get(k) ?? byDocType.set(k, new Set()).get(k)!).add(m.key);
  }
  const target = new Map<string, string | null>();
  for (const [k, keys] of byDocType) {
    for (const short of keys) {
      if (!/\s/.test(short)) continue;
      for (const long of keys) {
        if (long.length > short.length && long.startsWith(`${short} `) && /^(?:for|of|on|against|to|in|(?:1[89]|20)\d\d)\b/.test(long.slice(short.length + 1))) claim(target, `${k}\u0000${short}`, long);
      }
    }
  }
  if (!target.size) return;
  for (const m of mentions) {
    if (m.canonical || m.type === 'person' || m.type === 'place') continue;
    const long = target.get(`${m.mention.docId}\u0000${m.type}\u0000${m.key}`);
    if (long) m.key = long;
  }
}

type OffsetTerm = Term & { offset?: { start: number; length: number } };
/** compromise's tags of each word in context, by the offset of its first character, and the spans
 * of the words it reads as (parts of) people's names. */
function termsOf(doc: ReturnType<typeof nlp>): { tags: Map<number, ReadonlySet<string>>; persons: { start: number; end: number }[] } {
  withOffsets(doc);
  const tags = new Map<number, ReadonlySet<string>>();
  const persons: { start: number; end: number }[] = [];
  for (const sentence of doc.docs) {
    for (const term of sentence as OffsetTerm[]) {
      // Only what the rules ask about: proper nouns and organisations; compromise tags every part
      // of a person's name (FirstName, LastName, ...) Person too.
      if (!term.offset || !term.tags || !(term.tags.has('ProperNoun') || term.tags.has('Organization') || term.tags.has('Person'))) continue;
      tags.set(term.offset.start, term.tags);
      if (term.tags.has('Person')) persons.push({ start: term.offset.start, end: term.offset.start + term.offset.length });
    }
  }
  return { tags, persons };
}

/**
 * Completes a person's name that compromise cut short (mutates m): a hyphenated surname ("El-" of
 * "El-Tayeb"), and one more capitalised word it tags as a proper noun at the end of the name
 * ("Abbas Abdalla Abbas" + "Soliman").
 */
function extendPersonName(text: string, m: { text: string; start: number; end: number }, terms: ReadonlyMap<number, ReadonlySet<string>>): void {
  const hyphen = /[\p{L}\p{M}]*(?:-[\p{L}\p{M}]+)*/uy;
  if (m.text.endsWith('-') || /^-?[\p{L}\p{M}]/u.test(text.slice(m.end, m.end + 2))) {
    hyphen.lastIndex = m.end;
    const ext = hyphen.exec(text);
    if (ext && ext[0]) m.end += ext[0].length;
    m.end -= /-$/.test(text.slice(m.start, m.end)) ? 1 : 0;
  }
  const next = /^[ \t]+([\p{Lu}][\p{Ll}\p{M}]+(?:-[\p{Lu}]?[\p{Ll}\p{M}]+)*)(?:['’]s)?(?![\p{L}-]|[ \t]+[\p{Lu}])/u.exec(text.slice(m.end, m.end + 40));
  if (next && m.text.split(/\s+/).length < 4) {
    const start = m.end + next[0].indexOf(next[1]!);
    const tags = terms.get(start);
    const word = next[1]!;
    if (tags?.has('ProperNoun') && !tags.has('Place') && !tags.has('Organization') && !NOT_NAME_WORDS.has(word) && !TITLE_WORDS.has(word) && !loadGazetteer().byKey.has(foldPlaceName(word))) m.end = start + word.length;
  }
  m.text = text.slice(m.start, m.end);
}

/** Named laws, treaties, conventions and protocols, and named visas ("T visa", "H-2A visas"). */
export function lawMentions(text: string): { start: number; end: number; text: string }[] {
  const out = headedNames(text, LAW_HEAD);
  // EU acts by number: "Directive 2011/92/EU", "Regulation (EU) 2016/679".
  if (text.includes('Directive') || text.includes('Regulation') || text.includes('Decision')) for (const m of text.matchAll(EU_ACT_RE)) {
    const start = m.index!;
    const end = start + m[0].length;
    const overlapping = out.findIndex((o) => o.start < end && start < o.end);
    if (overlapping === -1) out.push({ start, end, text: m[0] });
  }
  // Civil-law statutes by number: "Law No. 241 of 20 October 2005 on Preventing and Combating
  // Trafficking in Human Beings", "Decree-Law No. 4/2015", "Law 241/2005".
  if (NUMBERED_LAW_HINT.test(text)) for (const m of text.matchAll(NUMBERED_LAW_RE)) {
    const start = m.index!;
    const end = start + m[0].length;
    const i = out.findIndex((o) => o.start < end && start < o.end);
    if (i === -1) out.push({ start, end, text: m[0] });
    else if (out[i]!.end - out[i]!.start < end - start) out[i] = { start, end, text: m[0] };
  }
  // Named visas: "T visa", "H-2A visas", "U-Visa".
  for (const m of text.matchAll(/(?<![\p{L}\p{N}])([A-Z](?:-\d[A-Z]?)?)[- ]([Vv]isas?)\b/gu)) {
    const start = m.index!;
    const end = start + m[1]!.length + 1 + m[2]!.replace(/s$/, '').length;
    if (!out.some((o) => o.start < end && start < o.end)) out.push({ start, end, text: text.slice(start, end) });
  }
  return out.sort((a, b) => a.start - b.start);
}

const EU_ACT_RE = /\b(?:Directive|Regulation|Decision)\s+(?:\((?:EU|EC)\)\s+)?(?:No\.?\s*)?\d{2,4}\/\d{1,4}(?:\/(?:EU|EC|EEC|JHA))?/g;
const TITLE_CASE_RUN = "\\p{Lu}[\\p{L}'’-]*(?:\\s+(?:of|for|on|and|against|in|the|to)?\\s*\\p{Lu}[\\p{L}'’-]*)*";
/** A cheap test before the full pattern: most passages name no numbered law. */
const NUMBERED_LAW_HINT = /\b(?:Law|Decree|Decree-Law|Ordinance|Resolution|Order)\s+(?:No\.?\s*)?\d/;
const NUMBERED_LAW_RE = new RegExp(
  `(?<![\\p{L}])(?:Law|Decree|Decree-Law|Ordinance|Resolution|Order)\\s+(?:No\\.?\\s*)?\\d+(?:[/-]\\d+)*(?:\\s+of\\s+(?:\\d{1,2}\\s+\\p{Lu}\\p{Ll}+\\s+)?\\d{4})?(?:\\s+on\\s+(?:the\\s+)?${TITLE_CASE_RUN})?`,
  'gu',
);

/** Organisations by their head word: "Committee of Ministers", "Permanent Mission of ... to the United Nations". */
const ORG_HEAD = new Set(
  'Office Committee Council Commission Court Mission Fund School University Institute Foundation Agency Ministry Department Bureau Center Centre Congress Senate Parliament Assembly Police Organization Organisation Association Society Network Alliance Coalition Union Board Authority Directorate Secretariat Tribunal Journal Post Times Herald Tribune Gazette Chronicle Corporation Company Bank Party Army Navy Church Services Service Division Unit Inspectorate Guard'.split(' '),
);
/** Campaigns, programmes and mechanisms, which the field counts with laws and policies. */
const PROGRAMME_HEAD = new Set('Campaign Initiative Programme Program Scheme Mechanism Strategy Plan'.split(' '));

/** After an organisation's head word only "of", "for", "to", "on", "against" continue the name
 * ("Office of the Special Representative for ..."); "and"/"in" more often start the next phrase. */
const ORG_RIGHT = new Set(['of', 'for', 'to', 'on', 'against', 'the', 'and']);

/** To the left of an organisation's head only "and" joins words of the name ("Gangmasters and
 * Labour Abuse Authority"); "of" there is a person's affiliation ("Claire Whitmore of Lincolnshire Police"). */
const ORG_LEFT = new Set(['and', '&']);

/** Organisations named after a word that says what they are: "the charity After Exploitation". */
const ORG_CUE = /(?<![\p{L}])(?:charity|charities|NGO|non-profit|nonprofit|non-governmental organi[sz]ation|campaign group|advocacy group|pressure group|think tank|think-tank|union|trade union|watchdog|the firm|the company|recruitment agency|agency),?\s+((?:[\p{Lu}][\p{L}'’&-]*)(?:\s+(?:for|of|and|&|the|on|against)?\s*[\p{Lu}][\p{L}'’&-]*){0,5})/gu;

/** Cheap test before ORG_CUE: one of its cue words occurs. */
const ORG_CUE_HINT = /charit|NGO|non-?profit|non-governmental|group|think|union|watchdog|firm|company|agency/;

/** "Ministry of Social Affairs, Veterans and Youth Rehabilitation (MoSVY)": a name that lists its
 * fields goes on past a comma when an acronym in parentheses closes it. */
const ORG_LIST_TAIL = /^,\s+(?:[\p{Lu}][\p{L}-]*\s+){0,3}?(?:[\p{Lu}][\p{L}-]*,\s+(?:[\p{Lu}][\p{L}-]*\s+){0,3}?)*[\p{Lu}][\p{L}-]*\s+(?:and|&)\s+(?:[\p{Lu}][\p{L}-]*\s+){0,3}?[\p{Lu}][\p{L}-]*(?=\s+\([\p{Lu}][\p{L}]{1,10}\))/u;
/** Companies by their legal form: "Agro Sudoeste Lda", "Acme Farms, LLC". */
const LEGAL_FORM_RE = /\b(?:Lda|Ltda|LLC|Inc|Ltd|Limited|GmbH|gGmbH|AG|KG|S\.A\.|S\.L\.|S\.L\.U\.|SRL|S\.R\.L\.|S\.r\.l\.|S\.p\.A\.|SpA|s\.r\.o\.|d\.o\.o\.|Kft|Co|Corp|PLC|plc|LLP|Pty[ \t]+Ltd|Sdn[ \t]+Bhd|SARL|Sarl|SAS|B\.V\.|N\.V\.|A\/S|ApS|Oy|AB|e\.V\.)(?![\p{L}\p{N}-])/gu;
/** The capitalised words before a legal form: the company's name. */
const NAME_BEFORE_FORM = /(?:^|[^\p{L}\p{N}])((?:[\p{Lu}][\p{L}&'’-]*[ \t]+){1,4})$/u;

export function orgMentions(text: string): { start: number; end: number; text: string }[] {
  const out = headedNames(text, ORG_HEAD, 2, ORG_RIGHT, ORG_LEFT);
  for (const o of out) {
    const tail = ORG_LIST_TAIL.exec(text.slice(o.end, o.end + 120));
    if (tail) {
      o.end += tail[0].length;
      o.text = text.slice(o.start, o.end);
    }
  }
  // A publication named after its publisher is no organisation: "State Department Trafficking in Persons Report".
  for (let k = out.length - 1; k >= 0; k--) if (/\s(?:Report|Reports|Index|Review|Survey|Estimates|Yearbook)$/.test(out[k]!.text)) out.splice(k, 1);
  // Platforms and firms written in camel case: "TikTok", "MySpace", "WhatsApp" (not "McAllen", "DeShawn").
  for (const m of text.matchAll(/\b[A-Z][a-z]+[A-Z][a-z]+\b/g)) {
    if (/^(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|Del|Al|El)[A-Z]/.test(m[0]) || /[\p{L}'’-]/u.test(text[m.index! - 1] ?? '') || /[\p{L}'’-]/u.test(text[m.index! + m[0].length] ?? '')) continue;
    const start = m.index!;
    const end = start + m[0].length;
    if (!out.some((o) => o.start < end && start < o.end)) out.push({ start, end, text: m[0] });
  }
  for (const m of text.matchAll(LEGAL_FORM_RE)) {
    const before = NAME_BEFORE_FORM.exec(text.slice(Math.max(0, m.index! - 80), m.index!));
    if (!before) continue;
    const words = before[1]!.trim().split(/\s+/);
    // The name starts after a word that opens a clause ("In Acme Ltd ...").
    let k = 0;
    while (k < words.length && (LAW_STOP.has(words[k]!) || OPENERS_LIGHT.has(words[k]!))) k++;
    if (k >= words.length) continue;
    const name = `${words.slice(k).join(' ')} ${m[0]}`;
    const end = m.index! + m[0].length;
    const start = end - name.length;
    if (text.slice(start, end) !== name) continue; // words joined by other white space
    const i = out.findIndex((o) => o.start < end && start < o.end);
    if (i === -1) out.push({ start, end, text: name });
    else if (out[i]!.end - out[i]!.start < end - start) out[i] = { start, end, text: name };
  }

  if (ORG_CUE_HINT.test(text)) for (const m of text.matchAll(ORG_CUE)) {
    const name = m[1]!.replace(/\s+(?:for|of|and|&|the|on|against)$/, '');
    const start = m.index! + m[0].length - m[1]!.length;
    const end = start + name.length;
    if (NOT_NAME_WORDS.has(name) || out.some((o) => o.start < end && start < o.end)) continue;
    out.push({ start, end, text: name });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** "the Safe Return programme": capitalised words before a lower-case programme word, after a determiner. */
const LOWER_PROGRAMME_RE = /\b(?:programme|program|campaign|initiative|scheme)(?![\p{L}-])/gu;
/** The words before a lower-case programme word, read backwards from it. */
const PROGRAMME_NAME_BEFORE = /(?:^|[^\p{L}])(?:the|a|an|its|our|their|his|her|this|that)\s+((?:[\p{Lu}][\p{Ll}][\p{L}'’-]*\s+){1,4})$/u;
/** Cheap tests before the patterns that need them. */
const PROGRAMME_WORD = /\b(?:programme|program|campaign|initiative|scheme)\b/;
/** "our prevention campaign, Know Before You Go, reached": a title-case name in apposition. */
const NAMED_CAMPAIGN_RE = /\b(?:campaign|initiative|programme|program),?\s+(?:called\s+|named\s+|entitled\s+)?["“]?([\p{Lu}][\p{L}'’-]*(?:\s+[\p{Lu}][\p{L}'’-]*){1,5})["”]?(?=\s*[,.;:)])/gu;

export function programmeMentions(text: string): { start: number; end: number; text: string }[] {
  const out = headedNames(text, PROGRAMME_HEAD);
  const add = (start: number, end: number) => {
    if (!out.some((o) => o.start < end && start < o.end)) out.push({ start, end, text: text.slice(start, end) });
  };
  if (!PROGRAMME_WORD.test(text) && !text.includes('Referral')) return out;
  for (const p of text.matchAll(LOWER_PROGRAMME_RE)) {
    const m = PROGRAMME_NAME_BEFORE.exec(text.slice(Math.max(0, p.index! - 80), p.index!));
    if (!m) continue;
    const words = m[1]!.trim().split(/\s+/);
    // Not a country's, a body's or a month's programme ("the European Union programme").
    if (words.some((w) => NOT_NAME_WORDS.has(w) || /^[\p{Lu}]{2,}/u.test(w) || /(?:ian|ese|ish)$/.test(w) || loadGazetteer().byKey.has(foldPlaceName(w)))) continue;
    add(p.index! - m[1]!.length, p.index! + p[0].length);
  }
  for (const m of text.matchAll(NAMED_CAMPAIGN_RE)) {
    const name = m[1]!;
    if (name.split(/\s+/).some((w) => NOT_NAME_WORDS.has(w))) continue;
    const start = m.index! + m[0].indexOf(name);
    add(start, start + name.length);
  }
  // "National Referral System": the mechanism by which states refer victims to assistance.
  if (text.includes('Referral')) for (const m of text.matchAll(/\b(?:(?:National|Transnational|Regional)\s+)?Referral\s+(?:System|Mechanism)\b/g)) add(m.index!, m.index! + m[0].length);
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Authors named by in-text citations: "(Efrat 46)", "(Hernandez and Rudolph 127)", "Ahn et al.".
 * compromise does not know most surnames; the citation says they are people.
 */
export function citedAuthors(text: string): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  const push = (m: RegExpMatchArray, group: number) => {
    const g = m[group];
    if (!g) return;
    const start = m.index! + m[0].indexOf(g, group === 2 ? m[0].indexOf(m[1]!) + m[1]!.length : 0);
    out.push({ start, end: start + g.length, text: g });
  };
  if (text.includes('(')) {
    for (const m of text.matchAll(CITATION_RE)) {
      push(m, 1);
      push(m, 2);
    }
  }
  if (text.includes('et al.')) {
    for (const m of text.matchAll(ET_AL_RE)) {
      push(m, 1);
      push(m, 2);
    }
  }
  return out;
}
const CITED_NAME = "[\\p{Lu}][\\p{Ll}'’]+(?:-[\\p{Lu}][\\p{Ll}'’]+)?";
// Compiled once: a pattern built per call is compiled again whenever V8's regexp cache has been aged out.
const CITATION_RE = new RegExp(`\\((${CITED_NAME})(?:\\s+(?:and|&)\\s+(${CITED_NAME}))?(?:\\s+et al\\.?)?,?\\s+\\d{1,4}(?:[-–]\\d{1,4})?\\)`, 'gu');
const ET_AL_RE = new RegExp(`(?<![\\p{L}])(${CITED_NAME})(?:\\s+(?:and|&)\\s+(${CITED_NAME}))?\\s+et al\\.`, 'gu');

/** One word of a person's name: "Varga", "Nguyễn", "O'Connell", "McLennan", "Ross-Sheriff", "al-Sayed" (never a possessive "'s"). */
const PERSON_WORD = "(?:(?:\\p{Lu}['’])?\\p{Lu}[\\p{Ll}\\p{M}]+(?:['’][\\p{Ll}\\p{M}]{2,})?(?:\\p{Lu}[\\p{Ll}\\p{M}]+)?(?:-\\p{Lu}?[\\p{Ll}\\p{M}]+)*|(?:al|el|bin|ibn)-\\p{Lu}[\\p{Ll}\\p{M}]+)";
/** Lower-case particles inside a name: "Luis de Souza", "Rafael van der Berg". */
const NAME_PARTICLE = '(?:(?:de|da|do|dos|das|del|della|di|du|van|von|der|den|ter|le|la|bin|binti|ibn|al|el)\\s+)?';
/** Capitalised words that are not given names or surnames, though they follow the same cues. */
const NOT_NAME_WORDS = new Set(
  'Global National International United Nations State States Department Report Reports Estimates Index Project Protocol Convention Act Court Council Office Committee Union Government Ministry Commission Organization Organisation Institute University School Foundation Agency Center Centre Police Army Church Human Rights Trafficking Persons Women Children World Day Campaign Programme Program Initiative Strategy Plan Law Review Journal News Times Post Guardian Europe European America American Africa African Asia Asian The This That These Those In On At By For From A An Article Section Assembly Crown Laws General Operation Helpline Hotline Partnership Alliance Coalition Charity Service Services Authority Home Group Network Trust Unit Team Force Agreement Directive Mechanism Fund Bank Company Ltd Limited Inc Corporation Association Society Secretary Minister President Parliament Congress Senate Chamber Tribunal Others January February March April June July August September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday'.split(' '),
);
/** What a person is, lower case: "defendant Ionut Varga", "his nephew Marius Lazar", "Peter Doyle, a lawyer". */
const PERSON_ROLE_WORDS = new Set(
  'scholar scholars researcher researchers author authors professor journalist activist lawyer solicitor barrister attorney economist sociologist anthropologist criminologist psychologist historian analyst columnist reporter editor founder co-founder director spokesman spokeswoman spokesperson prosecutor judge defendant defendants co-defendant victim victims survivor survivors witness campaigner caseworker officer investigator detective inspector manager executive chair chairman chairwoman minister secretary commissioner coordinator head farmer businessman businesswoman policeman policewoman trafficker gangmaster smuggler nephew niece son daughter brother sister husband wife partner girlfriend boyfriend mother father uncle aunt cousin boss employer colleague friend neighbour neighbor student teacher doctor nurse priest pastor imam expert official envoy rapporteur ambassador mayor councillor senator governor worker labourer'.split(' '),
);
/** Roles that also stand capitalised, opening a sentence, before a name ("Researcher Ana Lima"); the
 * others only in lower case (a heading "Employer Accountability Laws" is no person). */
const ROLES_CASED = new Set('scholar scholars researcher researchers author authors professor journalist activist lawyer economist sociologist analyst columnist founder director spokesman spokeswoman spokesperson prosecutor judge defendant'.split(' '));
/** Capitalised titles and honorifics that may stand before a surname alone ("Detective Scaramucci", "Mr Varga"). */
const PERSON_TITLES =
  'Mr|Mrs|Ms|Mx|Dr|Prof|Professor|Judge|Justice|Attorney|Trial Attorney|District Judge|Detective|Inspector|Sergeant|Constable|Superintendent|Officer|Agent|Senator|President|Pope|Patriarch|Rabbi|Sheikh|Imam|Cardinal|Ayatollah|Archbishop|Bishop|Governor|Mayor|Ambassador|Chancellor|Prime Minister|Secretary-General|Captain|Colonel|Lieutenant|Commissioner|Councillor|Cllr|Prosecutor|Attorney General|Secretary of State|Home Secretary|Foreign Secretary|Foreign Minister|Interior Minister';
const TITLE_WORDS = new Set(PERSON_TITLES.split(/[|\s]/));
const TITLE_PHRASES = new Set(PERSON_TITLES.split('|'));
const REPORTING = 'argues?|argued|claims?|claimed|says|say|said|suggests?|suggested|writes?|wrote|notes?|noted|explains?|explained|contends?|contended|found|find|reports?|reported|has suggested|has argued|told|tells|added|adds|warned|warns|stated|states|testified|admitted|denied|insisted|acknowledged|describes|described|recalled|recalls|pleaded|was (?:sentenced|jailed|convicted|arrested|charged|acquitted|extradited|found guilty)';

export interface CuedPerson {
  start: number;
  end: number;
  text: string;
  /** A lone word with a weak cue (a reporting verb, a case title): other sources may overrule it. */
  weak?: boolean;
}

/**
 * People named with a cue that says they are people, whatever the name: a role or title before it
 * ("scholar Zbigniew Dumienski", "defendant Tomás Nguyễn", "Mr Varga"), an age or role in
 * apposition ("Ionut Varga, 44,", "Peter Doyle, a lawyer", "X, who ..."), or a reporting verb
 * before or after it ("said Peter Doyle", "Meena Seshu suggests", "As Quirk and Thibos write").
 * compromise knows mostly English given names; these cues do not depend on the name.
 */
export function cuedPersons(text: string): CuedPerson[] {
  const out: CuedPerson[] = [];
  const add = (start: number, end: number, weak: boolean) => {
    const i = out.findIndex((o) => o.start < end && start < o.end);
    const m = { start, end, text: text.slice(start, end), ...(weak ? { weak } : {}) };
    if (i === -1) out.push(m);
    else if (end - start > out[i]!.end - out[i]!.start || (!weak && out[i]!.weak)) out[i] = m;
  };
  // One pass over runs of capitalised words; the cues are read around each run's name.
  for (const run of text.matchAll(NAME_RUN_RE)) {
    const words = /\s/.test(run[0]) ? [...run[0].matchAll(/\S+/g)].map((w) => ({ t: w[0], s: run.index! + w.index!, e: run.index! + w.index! + w[0].length })) : [{ t: run[0], s: run.index!, e: run.index! + run[0].length }];
    // The name follows the run's last word that is no part of a name ("Detective Inspector Claire
    // Whitmore", "Scholars Aziza Ahmed"); a sentence's first word may be a common word ("Yesterday").
    let a = 0;
    for (let k = 0; k < words.length; k++) if (notNameWord(words[k]!.t, k === 0 ? text : null, words[k]!.s)) a = k + 1;
    while (a < words.length && /^[\p{Ll}]/u.test(words[a]!.t)) a++;
    const name = words.slice(a);
    const n = name.filter((w) => /^[\p{Lu}]/u.test(w.t)).length;
    if (n === 0 || n > 4) continue;
    const start = name[0]!.s;
    const end = name[name.length - 1]!.e;
    // The three words before the name, nearest first (none when the name is not after a space).
    const [w1, w2, w3] = wordsBefore(text, start);
    if (ARTICLES.has(w1)) continue; // "the Modern Slavery Helpline said": people take no article
    const after = text.slice(end, end + 80);
    const title = TITLE_PHRASES.has(w1.replace(/^[(\["“‘']+/, '').replace(/\.$/, '')) || TITLE_PHRASES.has(`${w2} ${w1}`) || TITLE_PHRASES.has(`${w3} ${w2} ${w1}`);
    if (title || (n >= 2 && (roleBefore(w1, w2) || saidBefore(w1, w2) || PERSON_AFTER.some((re) => re.test(after))))) add(start, end, false);
    else if ((/["”’],?$/.test(w1) && REPORTING_AFTER.test(after)) || CASE_TITLE_AFTER.test(after) || KIN_AFTER.test(after)) add(start, end, true);
  }
  // Authors named before a verb of writing: "As Quirk, Robinson, and Thibos write".
  if (text.includes('As')) for (const m of text.matchAll(AUTHOR_LIST_RE)) {
    const base = m.index! + m[0].indexOf(m[1]!);
    for (const w of m[1]!.matchAll(PERSON_WORD_RE)) if (!NOT_NAME_WORDS.has(w[0])) add(base + w.index!, base + w.index! + w[0].length, true);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A role before a name: "scholar", "Researcher", "by", "according to". */
const roleBefore = (w1: string, w2: string) =>
  PERSON_ROLE_WORDS.has(w1) || (/^[\p{Lu}]/u.test(w1) && ROLES_CASED.has(w1.toLowerCase())) || w1 === 'by' || w1 === 'By' || `${w2} ${w1}`.toLowerCase() === 'according to';
/** Inverted after a quotation: '"...," said Peter Doyle'. */
const saidBefore = (w1: string, w2: string) => SAID_WORDS.has(w1) && /[,"”]$/.test(w2);
const NAME_RUN_RE = new RegExp(`${PERSON_WORD}(?:[ \\t]+${NAME_PARTICLE}${PERSON_WORD})*`, 'gu');
const PERSON_WORD_RE = new RegExp(PERSON_WORD, 'gu');
const SAID_WORDS = new Set(['said', 'says', 'added', 'explained', 'warned']);
const ARTICLES = new Set(['the', 'The', 'a', 'A', 'an', 'An']);
/** compromise's classes of the common words that open sentences ("Yesterday", "Meanwhile", "Then"). */
const OPENER_TAGS = new Set('Adverb Determiner Preposition Conjunction Pronoun QuestionWord Adjective Expression Date Month WeekDay Modal Copula Negative Ordinal Cardinal TextValue Comparative Superlative PastTense PresentTense Infinitive Gerund'.split(' '));
const REPORTING_AFTER = new RegExp(`^\\s+(?:(?:too|also|has|had|then|later)\\s+)?(?:${REPORTING})\\b`, 'u');
/** After a name of two words or more: an age, "who", a role in apposition, a reporting verb. */
const PERSON_AFTER = [
  /^,\s+(?:aged\s+)?\d{1,3},/,
  /^,?\s+(?:an?\s+)?\d{1,3}-year-old/,
  /^\s+\(\d{1,3}\)/,
  /^,\s+(?:who|whose)\b/,
  new RegExp(`^,\\s+(?:an?|the|his|her|their)\\s+(?:[\\p{L}-]+\\s+){0,3}(?:${[...PERSON_ROLE_WORDS].join('|')})\\b`, 'u'),
  REPORTING_AFTER,
];
/** A person's own people: "Varga's lawyer", "Pop's husband". */
const KIN_AFTER = /^['’]s\s+(?:lawyers?|solicitors?|barristers?|attorneys?|wife|husband|partner|girlfriend|boyfriend|family|mother|father|sons?|daughters?|sisters?|brothers?|nephew|niece|uncle|aunt|cousin|children|parents|friends?|employer|boss|colleagues?|victims)\b/;
/** Parties of case titles: "Siliadin v. France". */
const CASE_TITLE_AFTER = /^\s+v\.?\s+[\p{Lu}]/u;
const AUTHOR_LIST_RE = new RegExp(`(?<![\\p{L}])As\\s+(${PERSON_WORD}(?:(?:,\\s+|,?\\s+and\\s+)${PERSON_WORD}){0,5})\\s+(?:write|argue|note|suggest|observe|explain|put it|contend|show)\\b`, 'gu');
const compromiseWords = (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;
/** A capitalised word that is no part of a person's name; opening a sentence (text given: the
 * run's first word, at offset at), also a known common word. */
function notNameWord(w: string, text: string | null, at: number): boolean {
  const kind = nameWordKind(w);
  return kind === NameWord.Never || (kind === NameWord.Opener && text !== null && sentenceStart(text, at));
}
/** What a capitalised word can be in a name: never part of one, not when it opens a sentence, or anything. */
const enum NameWord {
  Never,
  Opener,
  Any,
}
function nameWordKind(w: string): NameWord {
  return remember(nameWordKinds, w, () => {
    const low = w.toLowerCase();
    if (NOT_NAME_WORDS.has(w) || TITLE_WORDS.has(w) || LAW_STOP.has(w) || ROLES_CASED.has(low)) return NameWord.Never;
    const tags = compromiseWords[low];
    const list = tags === undefined ? [] : [tags].flat();
    return list.some((t) => OPENER_TAGS.has(t)) && !list.some((t) => PERSON_TAGS.includes(t) || t === 'ProperNoun') ? NameWord.Opener : NameWord.Any;
  });
}
/** nameWordKind's answers, which depend on compromise's lexicon: forgotten when it is taught words. */
const nameWordKinds = new Map<string, NameWord>();
/** The three whitespace-separated words before offset at, nearest first ('' for none). */
function wordsBefore(text: string, at: number): [string, string, string] {
  const out: [string, string, string] = ['', '', ''];
  let i = at - 1;
  if (i < 0 || !spaceAt(text, i)) return out;
  for (let k = 0; k < 3; k++) {
    while (i >= 0 && spaceAt(text, i)) i--;
    const end = i + 1;
    while (i >= 0 && !spaceAt(text, i)) i--;
    if (end === i + 1) break;
    out[k] = text.slice(i + 1, end);
  }
  return out;
}
const sentenceStart = (text: string, at: number) => /(?:^|[.!?:;"“”]\s*|\n\s*)$/.test(text.slice(Math.max(0, at - 4), at));

/** The lexicon entry for a name, also when it is prefixed with "United Nations" / "UN". */
export function lookup(lexicon: CompiledLexicon, name: string): LexiconEntry | undefined {
  const key = entityKey(name);
  return lexicon.byKey.get(key) ?? lexicon.byKey.get(key.replace(/^(?:united nations|un|u n)\s+/, ''));
}

/** The key mentions of one entity share: case, punctuation and a leading article do not matter. */
export function entityKey(name: string): string {
  // Names recur from passage to passage, and each is keyed several times.
  return remember(entityKeys, name, () =>
    name
      .normalize('NFKC')
      .toLowerCase()
      .replace(/^the\s+/, '')
      .replace(/['’]s\b/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim(),
  );
}
const entityKeys = new Map<string, string>();

/** "International Labour Organization (ILO)": the acronym in parentheses right after a mention. */
export function acronymAfter(text: string, end: number): string | null {
  const m = /^\s*\(([A-Z][A-Za-z&.-]{1,11})\)/.exec(text.slice(end, end + 16));
  return m ? m[1]! : null;
}

/** Whether an acronym plausibly abbreviates a name: its letters are the initials, in order. */
export function acronymMatches(acronym: string, name: string): boolean {
  const letters = acronym.replace(/[^A-Za-z]/g, '').toUpperCase();
  const initials = name
    .split(/[\s-]+/)
    .filter((w) => /^[\p{Lu}]/u.test(w))
    .map((w) => w[0]!.toUpperCase())
    .join('');
  if (letters.length < 2) return false;
  let i = 0;
  for (const ch of initials) if (ch === letters[i]) i++;
  return i === letters.length;
}

// ---------------------------------------------------------------- places by context

const PLACE_WORD = "\\p{Lu}[\\p{Ll}\\p{M}'’]+(?:-\\p{Lu}?[\\p{Ll}\\p{M}]+)*";
const PLACE_NAME = `${PLACE_WORD}(?:[ \\t]+${PLACE_WORD}){0,2}`;
const PLACE_NAME_RE = new RegExp(PLACE_NAME, 'gu');
/** Compass and other words that name a part, not a place ("the Eastern district"). */
const NOT_PLACE_NAME = /^(?:North|South|East|West|Northern|Southern|Eastern|Western|Central|Northeast|Northwest|Southeast|Southwest|Upper|Lower|Greater|Inner|Outer|Rural|Urban|Same|Other|Each|Every|Whole|Entire|Capital|Border|Coastal|Home|Federal|National|Local|Regional|Administrative|Special|Autonomous|Metropolitan|Municipal)$/;
const PLACE_CUES: RegExp[] = [
  // "Héctor Ramírez Ochoa, 52, of Pharr": a person's home town after the age.
  new RegExp(`,\\s*\\d{1,3},\\s+of\\s+(${PLACE_NAME})(?![\\p{L}])`, 'gu'),
  // "the districts of Ungheni and Orhei", "the town of Poipet".
  new RegExp(`\\b(?:towns?|city|cities|villages?|districts?|provinces?|regions?|municipalit(?:y|ies)|county|counties|communes?|oblasts?|governorates?|prefectures?|island|islands|port)\\s+of\\s+(${PLACE_NAME}(?:(?:,\\s+|,?\\s+and\\s+)${PLACE_NAME})*)`, 'gu'),
  // "in Nghe An province", "the Alentejo region", "the Odemira area", "the left bank of the Nistru".
  new RegExp(`\\b(?:the|in|of|from|to|and|across|throughout)\\s+(${PLACE_NAME})\\s+(?:province|region|district|county|municipality|prefecture|oblast|governorate|area|river)(?![\\p{L}])`, 'gu'),
  /\b(?:bank|banks|shore|shores|mouth|delta|basin|valley)\s+of\s+the\s+([\p{Lu}][\p{Ll}\p{M}]+)(?![\p{L}])/gu,
];
/** Cheap tests, one per cue: most passages have none of the words the cues need. */
const PLACE_CUE_HINTS = [/\d,\s+of\s/, /\bof\s+[\p{Lu}]/u, /\b(?:province|region|district|county|municipality|prefecture|oblast|governorate|area|river)\b/, /\bof\s+the\s+[\p{Lu}]/u];
/** "Autonomous Territorial Unit of Gagauzia", "Xinjiang Uyghur Autonomous Region". */
const AUTONOMOUS_RE = /(?<![\p{L}])(?:(?:[\p{Lu}][\p{L}]+\s+){0,2})(?:Autonomous|Special Administrative)\s+(?:[\p{Lu}][\p{L}]+\s+){0,2}?(?:Unit|Region|Republic|Community|Territory|Province|Okrug|Oblast|District|City)(?:\s+of\s+[\p{Lu}][\p{L}-]+(?:\s+[\p{Lu}][\p{L}-]+)?)?/gu;
/** A dateline: "HOUSTON –", "PHNOM PENH, 28 February 2025 –" at the start of a paragraph. */
const DATELINE_RE = /(?:^|\n)[ \t]*([\p{Lu}]{2,}(?:[ .'-]+[\p{Lu}]{2,}){0,2})(,\s+(?:[\p{Lu}][\p{L}.]*(?:\s+[\p{Lu}][\p{L}.]*)?,\s+)?(?:\d{1,2}\s+[\p{Lu}][\p{Ll}]+\.?\s+\d{4}|[\p{Lu}][\p{Ll}]+\.?\s+\d{1,2}(?:,\s+\d{4})?))?\s*[–—-]{1,2}\s/gu;

const DATELINE_START = /^[ \t]*[\p{Lu}]{2}/u;

/**
 * Places named with a context that says place, whether or not the gazetteer knows them (it holds
 * only the larger towns): "X, 52, of <town>", "the districts of A and B", "the X region", datelines.
 */
export function cuedPlaces(text: string): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  const add = (start: number, name: string) => {
    const end = start + name.length;
    if (!out.some((o) => o.start < end && start < o.end)) out.push({ start, end, text: name });
  };
  for (const [r, re] of PLACE_CUES.entries()) {
    if (!PLACE_CUE_HINTS[r]!.test(text)) continue;
    for (const m of text.matchAll(re)) {
      const base = m.index! + m[0].indexOf(m[1]!);
      for (const item of m[1]!.matchAll(PLACE_NAME_RE)) {
        let name = item[0];
        const words = name.split(/\s+/);
        if (words.some((w) => NOT_PLACE_NAME.test(w) || NOT_NAME_WORDS.has(w) || TITLE_WORDS.has(w))) continue;
        const at = base + item.index!;
        // "the Transnistrian region": an adjective names the place with its noun; a known word
        // ("the Arab region", "the Schengen area" is fine, "the Labour area" not) names none.
        if (r === 2 && words.length === 1) {
          const tags = compromiseWords[name.toLowerCase()];
          if (tags !== undefined && ![tags].flat().some((t) => /Place|Country|City|Region|ProperNoun/.test(t))) continue;
          if (/(?:ian|ean)$/.test(name)) name = m[0].slice(m[0].indexOf(name));
        }
        add(at, name);
      }
    }
  }
  if (text.includes('Autonomous') || text.includes('Special Administrative')) {
    for (const m of text.matchAll(AUTONOMOUS_RE)) {
      const opener = /^([\p{Lu}][\p{L}]*)\s+/u.exec(m[0]); // "The Autonomous ...": the article is prose
      const skip = opener && LAW_STOP.has(opener[1]!) ? opener[0].length : 0;
      add(m.index! + skip, m[0].slice(skip));
    }
  }
  // A dateline opens the text or a line, with a dash after it.
  if ((text.includes('\n') || DATELINE_START.test(text)) && /[–—-]\s/.test(text)) for (const m of text.matchAll(DATELINE_RE)) {
    const name = m[1]!;
    // A place in capitals: one the gazetteer knows, or any before a date ("PHNOM PENH, 28 February 2025 –").
    if (!m[2] && !loadGazetteer().byKey.has(foldPlaceName(name))) continue;
    add(m.index! + m[0].indexOf(name), name);
  }
  return out.sort((a, b) => a.start - b.start);
}

const LIST_ITEM_RE = new RegExp(`^(,[ \\t]*(?:(?:and|or)[ \\t]+)?|[ \\t]+(?:and|or)[ \\t]+)(${PLACE_NAME})(?=[,.;:)]|[ \\t]+(?:and|or)[ \\t]|\\s*$)`, 'u');
/**
 * Unknown names listed with known places are places too ("in Phnom Penh, Siem Reap, Battambang and
 * Poipet", "in Bangkok and Mae Sot"): each item a short capitalised name that ends at punctuation
 * or at the next item.
 */
function listedPlaces(text: string, places: readonly { start: number; end: number }[], taken: (s: number, e: number) => boolean): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  const item = LIST_ITEM_RE;
  for (const p of [...places].sort((a, b) => a.start - b.start)) {
    let end = p.end;
    for (let k = 0; k < 6; k++) {
      const m = item.exec(text.slice(end, end + 60));
      if (!m) break;
      const s = end + m[1]!.length;
      const e = s + m[2]!.length;
      const words = m[2]!.split(/\s+/);
      if (words.some((w) => NOT_NAME_WORDS.has(w) || TITLE_WORDS.has(w) || NOT_PLACE_NAME.test(w))) break;
      if (taken(s, e)) break;
      out.push({ start: s, end: e, text: m[2]! });
      end = e;
      // The item after "and"/"or" closes the list.
      if (/(?:and|or)[ \t]+$/.test(m[1]!)) break;
    }
  }
  return out;
}

// ---------------------------------------------------------------- place gazetteer

/**
 * How much context a gazetteer name needs to be read as a place: none (countries, cities of 1M+),
 * weak ("from X", a list with other places) or strong ("in X", "town of X", "X, <region>",
 * "X-based"): names that are also common words or people's names ("Reading", "Lincoln").
 */
const Need = { None: 0, Weak: 1, Strong: 2 } as const;
type Need = (typeof Need)[keyof typeof Need];
interface GazetteerEntry {
  kind: 'country' | 'region' | 'city';
  need: Need;
}

/** Letters without their diacritics, and the letters NFD does not decompose ("ß", "ø", "ł", "ı"). */
export const foldLetters = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\p{M}]/gu, '')
    .replace(/[ßẞ]/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .replace(/[đĐ]/g, 'd')
    .replace(/ı/g, 'i');

/** The key spellings of one place name share: case, diacritics, hyphens, full stops, "St" = "Saint". */
export function foldPlaceName(s: string): string {
  // Most names are plain ASCII: no Unicode normalisation needed.
  if (/^[\x20-\x7e]*$/.test(s)) return s.toLowerCase().replace(/\./g, '').replace(/[\s-]+/g, ' ').replace(/(^| )st(?= )/g, '$1saint').trim();
  return foldLetters(s)
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/\./g, '')
    .replace(/[\s-]+/g, ' ')
    .replace(/(^| )st(?= )/g, '$1saint')
    .trim();
}

/** memo's value for key, computed on first use; a memo is emptied when it reaches 50,000 keys (memory stays bounded). */
function remember<V>(memo: Map<string, V>, key: string, compute: () => V): V {
  let value = memo.get(key);
  if (value === undefined) {
    value = compute();
    if (memo.size >= 50_000) memo.clear();
    memo.set(key, value);
  }
  return value;
}

interface Gazetteer {
  byKey: Map<string, GazetteerEntry>;
  /** First words of the keys: a capitalised word not among them starts no place name. */
  firstWords: Set<string>;
  maxWords: number;
}
let gazetteer: Gazetteer | null = null;
/** places.json (scripts/build-gazetteer.ts) as one Map, built on first use. */
export function loadGazetteer(): Gazetteer {
  if (gazetteer) return gazetteer;
  const byKey = new Map<string, GazetteerEntry>();
  const firstWords = new Set<string>();
  let maxWords = 1;
  const kinds = [
    ['country', placeData.countries],
    ['region', placeData.regions],
    ['city', placeData.cities],
  ] as const;
  for (const [kind, byCountry] of kinds) {
    for (const names of Object.values(byCountry as Record<string, string>)) {
      for (const raw of names.split('|')) {
        const mark = raw[0];
        const name = mark === '*' || mark === '+' ? raw.slice(1) : raw;
        const key = foldPlaceName(name);
        if (byKey.has(key)) continue; // countries, then regions, then cities: the most general wins
        const need = mark === '*' ? Need.Strong : kind === 'country' || mark === '+' ? Need.None : Need.Weak;
        byKey.set(key, { kind, need });
        const words = key.split(' ');
        firstWords.add(words[0]!);
        if (words[0] === 'saint') firstWords.add('st'); // "St. Albans": the token alone folds to "st"
        maxWords = Math.max(maxWords, words.length);
      }
    }
  }
  gazetteer = { byKey, firstWords, maxWords: Math.min(maxWords, 5) };
  return gazetteer;
}

/** Prepositions that put a place after them; the first ones are safe even before "Reading" or "Lincoln". */
const PLACE_PREP_STRONG = new Set(['in', 'near', 'outside', 'across', 'throughout', 'around']);
const PLACE_PREP_WEAK = new Set(['from', 'to', 'into', 'via', 'towards', 'toward', 'within', 'between', 'through']);
/** Nouns before "of X" ("the town of X", "the mayor of X") and after X ("the X region") that make X a place. */
const PLACE_NOUN_OF = new Set(
  'town city village county province region state district capital suburb suburbs outskirts port municipality borough island islands governorate prefecture republic kingdom mayor residents citizens streets centre center north south east west parts area'.split(' '),
);
const PLACE_NOUN_AFTER = new Set('region province county district area town village municipality prefecture governorate oblast suburb suburbs countryside'.split(' '));
/** "Archbishop of Canterbury": a title of a place gives a place. */
const PLACE_TITLE = new Set('Archbishop Bishop Mayor Duke Duchess Earl Metropolitan Patriarch Governor Lord Baron Baroness Emir Sultan'.split(' '));
const PLACE_AFFIX = new Set(['based', 'born', 'registered', 'headquartered', 'bound']);
/** Capitalised words that open a sentence or clause: a place after them is not part of a longer name. */
const OPENERS = new Set([...LAW_STOP, 'To', 'Near', 'Outside', 'Across', 'Throughout', 'Around', 'Into', 'Via', 'Between', 'Within', 'Of', 'Or', 'Then', 'Now', 'Only', 'Even', 'Like', 'Unlike', 'Including']);
const PERSON_TAGS = ['Person', 'FirstName', 'LastName', 'MaleName', 'FemaleName', 'Honorific'];

interface Tok {
  t: string;
  s: number;
  e: number;
}
/** Words, without a possessive "'s" ("Boston's" gives Boston). */
const WORD_RE = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’](?![sS](?![\p{L}]))[\p{L}\p{M}]+)*/gu;
const isCap = (t: string) => {
  const c = t.charCodeAt(0);
  return (c >= 65 && c <= 90) || (c > 127 && /^[\p{Lu}]/u.test(t));
};

/** The text between tokens a and b. */
const gap = (text: string, toks: readonly Tok[], a: number, b: number) => text.slice(toks[a]!.e, toks[b]!.s);
/** A name's words are joined by spaces or hyphens, "St." by a full stop. */
const joins = (text: string, toks: readonly Tok[], a: number) =>
  /^(?:[ \t]+|-)$/.test(gap(text, toks, a, a + 1)) || (/^(?:St|Ste|Mt|Ft)$/.test(toks[a]!.t) && /^\.\s?$/.test(gap(text, toks, a, a + 1)));
const low = (text: string, toks: readonly Tok[], k: number) => (k >= 0 && k < toks.length ? toks[k]!.t.toLowerCase() : '');
/** Spaces or tabs only between tokens a and b. */
const ws = (text: string, toks: readonly Tok[], a: number, b: number) => a >= 0 && b < toks.length && /^[ \t]+$/.test(gap(text, toks, a, b));

/**
 * Places from the gazetteer: capitalised names of countries, regions and cities, each read as a
 * place only with the context its name needs (see Need) and never as part of a longer capitalised
 * name ("Lincoln Crown Court", "Palermo Protocol"). personAt says whether compromise tags the word at
 * an offset as a person's name; knownPlaces are places other sources found (lists join them).
 */
export function gazetteerPlaces(
  text: string,
  personAt: (start: number, end: number) => boolean = () => false,
  knownPlaces: readonly { start: number; end: number }[] = [],
): { start: number; end: number; text: string; cued: boolean }[] {
  const { byKey, firstWords, maxWords } = loadGazetteer();
  const toks: Tok[] = [];
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(text); m; m = WORD_RE.exec(text)) toks.push({ t: m[0], s: m.index, e: m.index + m[0].length });
  interface Match {
    i: number;
    j: number;
    entry: GazetteerEntry;
    strength: Need;
    blocked: boolean;
    accepted: boolean;
  }
  const matches: Match[] = [];
  for (let i = 0; i < toks.length; i++) {
    if (!isCap(toks[i]!.t)) continue;
    const first = toks[i]!.t;
    if (!firstWords.has(/^[A-Za-z]+$/.test(first) ? first.toLowerCase() : foldPlaceName(first))) continue;
    let run = i;
    while (run + 1 < toks.length && run - i + 1 < maxWords && joins(text, toks, run)) run++;
    for (let j = run; j >= i; j--) {
      if (!isCap(toks[j]!.t)) continue;
      const entry = byKey.get(foldPlaceName(text.slice(toks[i]!.s, toks[j]!.e)));
      if (!entry) continue;
      matches.push({ i, j, entry, strength: Need.None, blocked: false, accepted: false });
      i = j;
      break;
    }
  }
  if (!matches.length) return [];
  const byFirst = new Map(matches.map((m) => [m.i, m]));
  const byLast = new Map(matches.map((m) => [m.j, m]));
  for (const m of matches) {
    const { i, j } = m;
    // Part of a longer name: a capitalised word right before or after, with nothing between (an
    // acronym before is an organisation's office: "UNESCO Bangkok").
    if ((j + 1 < toks.length && isCap(toks[j + 1]!.t) && /^(?:[ \t]+|-)$/.test(gap(text, toks, j, j + 1))) || (i > 0 && isCap(toks[i - 1]!.t) && ws(text, toks, i - 1, i) && !OPENERS.has(toks[i - 1]!.t) && !/^[\p{Lu}]{2,}$/u.test(toks[i - 1]!.t))) {
      m.blocked = true;
      continue;
    }
    let strength: Need = Need.None;
    // The word before the name, past a "the": "in the Philippines".
    let p = i - 1;
    if (p >= 0 && low(text, toks, p) === 'the' && ws(text, toks, p, i)) p--;
    const before = p >= 0 && ws(text, toks, p, p + 1) ? low(text, toks, p) : '';
    if (PLACE_PREP_STRONG.has(before)) strength = Need.Strong;
    else if (PLACE_PREP_WEAK.has(before)) strength = Need.Weak;
    if (before === 'of' && p >= 1 && ws(text, toks, p - 1, p) && (PLACE_NOUN_OF.has(toks[p - 1]!.t) || PLACE_TITLE.has(toks[p - 1]!.t))) strength = Need.Strong;
    if (j + 1 < toks.length) {
      const after = gap(text, toks, j, j + 1);
      if (/^[ \t]+$/.test(after) && PLACE_NOUN_AFTER.has(toks[j + 1]!.t)) strength = Need.Strong;
      if (after === '-' && PLACE_AFFIX.has(toks[j + 1]!.t)) strength = Need.Strong;
      // "Spalding, Lincolnshire", "Bangkok, Thailand".
      const next = byFirst.get(j + 1);
      if (/^\s*,\s*$/.test(after) && next && next.entry.kind !== 'city' && next.entry.need !== Need.Strong) strength = Need.Strong;
    }
    const prev = byLast.get(i - 1);
    if (prev && m.entry.kind !== 'city' && /^\s*,\s*$/.test(gap(text, toks, i - 1, i)) && prev.entry.need !== Need.Strong && strength < Need.Weak) strength = Need.Weak;
    m.strength = strength;
    // compromise reads it as a person's name ("Mr Spalding said"): only a strong cue overrules it.
    if (strength < Need.Strong && personAt(toks[i]!.s, toks[j]!.e)) {
      m.blocked = true;
      continue;
    }
    m.accepted = strength >= m.entry.need;
  }
  // Lists: "Cambodia, Myanmar or Laos", "from Sri Lanka, Ethiopia and the Philippines".
  const LIST_GAP = /^\s*(?:,\s*(?:(?:and|or)\s+)?|\s(?:and|or|&)\s+)(?:the\s+)?$/;
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = 0; k < matches.length; k++) {
      const m = matches[k]!;
      if (m.accepted || m.blocked || m.entry.need > Need.Weak) continue;
      const s = toks[m.i]!.s;
      const e = toks[m.j]!.e;
      const prev = matches[k - 1];
      const next = matches[k + 1];
      const leftPlace = (prev?.accepted && LIST_GAP.test(text.slice(toks[prev.j]!.e, s))) || knownPlaces.some((o) => o.end <= s && s - o.end <= 12 && LIST_GAP.test(text.slice(o.end, s)));
      const rightPlace = (next?.accepted && LIST_GAP.test(text.slice(e, toks[next.i]!.s))) || knownPlaces.some((o) => o.start >= e && o.start - e <= 12 && LIST_GAP.test(text.slice(e, o.start)));
      if (leftPlace || rightPlace) {
        m.accepted = true;
        changed = true;
      }
    }
  }
  return matches.filter((m) => m.accepted).map((m) => ({ start: toks[m.i]!.s, end: toks[m.j]!.e, text: text.slice(toks[m.i]!.s, toks[m.j]!.e), cued: m.strength > Need.None }));
}
