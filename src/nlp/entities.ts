// Named entities: people, organisations, places and laws, as mentions with offsets into the
// passage. Three sources, in order of trust: the domain lexicon (lexicon.json: canonical names and
// aliases, extendable per pipeline), a structural rule for named laws and visas ("... Act of 2000",
// "Convention on the Rights of the Child", "T visa"), and compromise's people/organizations/places,
// cleaned (punctuation, possessives, titles) and filtered (a name is capitalised throughout).
import nlp from 'compromise';
import baseLexicon from './lexicon.json' with { type: 'json' };
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
  const matcher = surfaces.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${surfaces.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'gu') : null;
  const notEntities = new Set([...baseLexicon.notEntities, ...(extra.notEntities ?? [])].map((w) => w.toLowerCase()));
  return { bySurface, byKey, matcher, notEntities };
}

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
}

export interface RawMention {
  type: EntityType;
  start: number;
  end: number;
  /** As written (after trimming what is not part of the name). */
  text: string;
  /** The lexicon's canonical name, when the lexicon knows this entity. */
  canonical: string | null;
}

interface MatchJson {
  text: string;
  offset: { start: number; length: number };
}

const TITLES =
  /^(?:(?:Dr|Mr|Mrs|Ms|Prof|Sir|Dame|Rev|Gen|Sen|Rep|Gov|President|Prime Minister|Minister|Secretary-General|Secretary|Judge|Justice|Pope|Rabbi|Sheikh|Shri|Datuk|Bishop|Archbishop|Chief|King|Queen|Prince|Princess|Scholar|Professor|Senator|Ambassador|Commissioner|Director|Chairman|Chair|Mayor|General|Colonel|Captain|Officer|Detective|Inspector|Sergeant|Constable|Superintendent|Superintendant|Prosecutor|Attorney|Deputy|Assistant|Agent)\.?\s+)+/;
/** Words that may stay lower case inside a name ("Organization for Security and Co-operation in Europe"). */
const NAME_CONNECTORS = new Set(['of', 'for', 'and', 'the', 'on', 'in', 'against', 'de', 'la', 'le', 'del', 'des', 'du', 'von', 'van', 'der', 'den', 'to', 'at', 'al', 'bin', 'da', 'dos', 'y', '&']);

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
  const abbrev = /(?:\b\p{Lu}\.){2,}$/u.exec(t.replace(/['’]s$/u, '').replace(/[\s,;:!?]+$/u, ''));
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
  if (t.length < 2 || !/^[\p{Lu}\p{N}]/u.test(t) || !/\p{L}/u.test(t)) return null;
  if ((notEntities ?? DEFAULT_NOT_ENTITIES).has(t.toLowerCase())) return null;
  return { text: t, start: s, end: s + t.length };
}
const DEFAULT_NOT_ENTITIES = new Set(baseLexicon.notEntities.map((w) => w.toLowerCase()));

const LAW_HEAD = /^(?:Act|Acts|Convention|Protocol|Treaty|Directive|Declaration|Charter|Covenant|Amendment|Statute|Accord|Ordinance|Regulation|Code)$/;
const LAW_CONNECTOR = new Set(['of', 'on', 'for', 'and', 'against', 'the', 'to', 'in', 'from', 'with']);
/** Capitalised words that open a sentence or clause rather than a name. */
const LAW_STOP = new Set(['The', 'However', 'Moreover', 'Furthermore', 'In', 'On', 'At', 'By', 'For', 'From', 'A', 'An', 'This', 'These', 'That', 'Under', 'According', 'After', 'Before', 'Since', 'During', 'While', 'When', 'Although', 'Its', 'Their', 'Both', 'Each', 'And', 'But', 'Also']);

/** Named laws, treaties and conventions by their shape: capitalised words around a law word. */
/** Named things by their shape: capitalised words around a head word that says what they are. */
export function headedNames(
  text: string,
  head: RegExp,
  minCapitalised = 2,
  rightConnectors: ReadonlySet<string> = LAW_CONNECTOR,
  leftConnectors: ReadonlySet<string> = LAW_CONNECTOR,
): { start: number; end: number; text: string }[] {
  const toks = [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu)].map((m) => ({ t: m[0].replace(/[.]$/, ''), s: m.index!, e: m.index! + m[0].replace(/[.]$/, '').length }));
  const out: { start: number; end: number; text: string }[] = [];
  const cap = (i: number) => i >= 0 && i < toks.length && /^[\p{Lu}]/u.test(toks[i]!.t);
  const gapOk = (a: number, b: number) => /^\s*$/.test(text.slice(toks[a]!.e, toks[b]!.s));
  const commaGap = (a: number, b: number) => /^,\s*$/.test(text.slice(toks[a]!.e, toks[b]!.s));
  for (let i = 0; i < toks.length; i++) {
    if (!head.test(toks[i]!.t)) continue;
    // Left: capitalised words, with connectors between capitalised words.
    let l = i;
    while (l - 1 >= 0 && gapOk(l - 1, l)) {
      const w = toks[l - 1]!.t;
      // A possessive ends the name to its left: "the Department of State's Office to ...".
      if (cap(l - 1) && !LAW_STOP.has(w) && !/['’]s$/.test(w)) l--;
      else if (leftConnectors.has(w) && cap(l - 2) && !LAW_STOP.has(toks[l - 2]!.t) && !/['’]s$/.test(toks[l - 2]!.t) && gapOk(l - 2, l - 1)) l -= 2;
      else break;
    }
    // Right: "of/on/against (the) Capitalised ..." and a year or "(No. 29)".
    let r = i;
    for (;;) {
      const n1 = toks[r + 1];
      if (!n1 || !gapOk(r, r + 1)) break;
      // A sentence opener ends the name: "... Traffic in Minors In countermeasures ...".
      if (cap(r + 1) && !LAW_STOP.has(n1.t)) {
        r++;
        continue;
      }
      if (rightConnectors.has(n1.t)) {
        let k = r + 2;
        // "and" joins two capitalised words of one name ("Monitor and Combat"), never "and the X".
        if (toks[k]?.t === 'the' && n1.t !== 'and' && gapOk(r + 1, k)) k++;
        if (n1.t === 'and' && /^[\p{Lu}\d.&-]+$/u.test(toks[k]?.t ?? '')) break;
        if (cap(k) && gapOk(k - 1, k)) {
          r = k;
          continue;
        }
        // "Protocol of 2014 to the Forced Labour Convention": a year after "of" continues the name.
        if (n1.t === 'of' && /^(?:1[89]|20)\d\d$/.test(toks[r + 2]?.t ?? '') && gapOk(r + 1, r + 2)) {
          r += 2;
          continue;
        }
      }
      if (/^(?:1[89]|20)\d\d$/.test(n1.t)) {
        r++;
        continue;
      }
      break;
    }
    // "Forced Labour Convention, 1930": a year after a comma belongs to the name.
    if (toks[r + 1] && commaGap(r, r + 1) && /^(?:1[89]|20)\d\d$/.test(toks[r + 1]!.t)) r++;
    const capitalised = toks.slice(l, r + 1).filter((x) => /^[\p{Lu}]/u.test(x.t)).length;
    if (capitalised < minCapitalised || (l === i && r === i)) continue;
    const start = toks[l]!.s;
    const end = toks[r]!.e;
    if (out.length && out[out.length - 1]!.end >= start) continue;
    out.push({ start, end, text: text.slice(start, end) });
    i = r;
  }
  return out.sort((a, b) => a.start - b.start);
}

export function extractMentions(doc: ReturnType<typeof nlp>, text: string, lexicon: CompiledLexicon): RawMention[] {
  // Candidates from every source; where they overlap the longest span wins ("United Nations
  // Convention on the Rights of the Child" over "United Nations"), then the more trusted source.
  const candidates: (RawMention & { trust: number })[] = [];
  if (lexicon.matcher) {
    for (const m of text.matchAll(lexicon.matcher)) {
      const e = lexicon.bySurface.get(m[0])!;
      candidates.push({ type: e.type, start: m.index!, end: m.index! + m[0].length, text: m[0], canonical: e.name, trust: 3 });
    }
  }
  for (const [type, found] of [
    ['law', lawMentions(text)],
    ['law', programmeMentions(text)],
    ['organization', orgMentions(text)],
    ['person', citedAuthors(text)],
    ['person', cuedPersons(text)],
  ] as const) {
    for (const m of found) {
      const known = lookup(lexicon, m.text);
      candidates.push({ type: known?.type ?? type, ...m, canonical: known?.name ?? null, trust: 2 });
    }
  }
  const views: [EntityType, { json(opts: object): unknown }][] = [
    ['person', doc.people()],
    ['organization', doc.organizations()],
    ['place', doc.places()],
  ];
  for (const [type, view] of views) {
    for (const whole of view.json({ offset: true }) as MatchJson[]) {
      // compromise returns lists as one match ("Sri Lanka, Ethiopia and the Philippines"): each
      // item is its own mention.
      for (const m of splitList(whole)) {
        const cleaned = cleanMention(m.text, m.offset.start, lexicon.notEntities);
        if (!cleaned || !looksLikeName(cleaned.text)) continue;
        // compromise's offsets are checked against the text; a mismatch is dropped, never guessed.
        if (text.slice(cleaned.start, cleaned.end) !== cleaned.text) continue;
        // "Stockholm syndrome": a listed phrase that starts with the mention is not an entity.
        const following = /^\s+[\p{L}-]+/u.exec(text.slice(cleaned.end, cleaned.end + 30));
        if (following && lexicon.notEntities.has(`${cleaned.text}${following[0]}`.toLowerCase().replace(/\s+/g, ' '))) continue;
        const known = lookup(lexicon, cleaned.text);
        candidates.push({ type: known?.type ?? type, ...cleaned, canonical: known?.name ?? null, trust: known ? 3 : 1 });
      }
    }
  }
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || b.trust - a.trust || a.start - b.start);
  const out: RawMention[] = [];
  for (const c of candidates) {
    if (out.some((m) => m.start < c.end && c.start < m.end)) continue;
    out.push({ type: c.type, start: c.start, end: c.end, text: c.text, canonical: c.canonical });
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Named laws, treaties, conventions and protocols, and named visas ("T visa", "H-2A visas"). */
export function lawMentions(text: string): { start: number; end: number; text: string }[] {
  const out = headedNames(text, LAW_HEAD);
  // EU acts by number: "Directive 2011/92/EU", "Regulation (EU) 2016/679".
  for (const m of text.matchAll(/\b(?:Directive|Regulation|Decision)\s+(?:\((?:EU|EC)\)\s+)?(?:No\.?\s*)?\d{2,4}\/\d{1,4}(?:\/(?:EU|EC|EEC|JHA))?/g)) {
    const start = m.index!;
    const end = start + m[0].length;
    const overlapping = out.findIndex((o) => o.start < end && start < o.end);
    if (overlapping === -1) out.push({ start, end, text: m[0] });
  }
  // Named visas: "T visa", "H-2A visas", "U-Visa".
  for (const m of text.matchAll(/(?<![\p{L}\p{N}])([A-Z](?:-\d[A-Z]?)?)[- ]([Vv]isas?)\b/gu)) {
    const start = m.index!;
    const end = start + m[1]!.length + 1 + m[2]!.replace(/s$/, '').length;
    if (!out.some((o) => o.start < end && start < o.end)) out.push({ start, end, text: text.slice(start, end) });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Organisations by their head word: "Committee of Ministers", "Permanent Mission of ... to the United Nations". */
const ORG_HEAD =
  /^(?:Office|Committee|Council|Commission|Court|Mission|Fund|School|University|Institute|Foundation|Agency|Ministry|Department|Bureau|Center|Centre|Congress|Senate|Parliament|Assembly|Police|Organization|Organisation|Association|Society|Network|Alliance|Coalition|Union|Board|Authority|Directorate|Secretariat|Tribunal|Journal|Post|Times|Herald|Tribune|Gazette|Chronicle|Corporation|Company|Bank|Party|Army|Navy|Church|Services)$/;
/** Campaigns, programmes and mechanisms, which the field counts with laws and policies. */
const PROGRAMME_HEAD = /^(?:Campaign|Initiative|Programme|Program|Scheme|Mechanism|Strategy|Plan)$/;

/** After an organisation's head word only "of", "for", "to", "on", "against" continue the name
 * ("Office of the Special Representative for ..."); "and"/"in" more often start the next phrase. */
const ORG_RIGHT = new Set(['of', 'for', 'to', 'on', 'against', 'the', 'and']);

/** To the left of an organisation's head only "and" joins words of the name ("Gangmasters and
 * Labour Abuse Authority"); "of" there is a person's affiliation ("Claire Whitmore of Lincolnshire Police"). */
const ORG_LEFT = new Set(['and', '&']);

/** Organisations named after a word that says what they are: "the charity After Exploitation". */
const ORG_CUE = /(?<![\p{L}])(?:charity|charities|NGO|non-profit|nonprofit|non-governmental organi[sz]ation|campaign group|advocacy group|pressure group|think tank|think-tank|union|trade union|watchdog|the firm|the company|recruitment agency|agency)\s+((?:[\p{Lu}][\p{L}'’&-]*)(?:\s+(?:for|of|and|&|the|on|against)?\s*[\p{Lu}][\p{L}'’&-]*){0,5})/gu;

export function orgMentions(text: string): { start: number; end: number; text: string }[] {
  const out = headedNames(text, ORG_HEAD, 2, ORG_RIGHT, ORG_LEFT);
  for (const m of text.matchAll(ORG_CUE)) {
    const name = m[1]!.replace(/\s+(?:for|of|and|&|the|on|against)$/, '');
    const start = m.index! + m[0].length - m[1]!.length;
    const end = start + name.length;
    if (NOT_NAME_WORDS.has(name) || out.some((o) => o.start < end && start < o.end)) continue;
    out.push({ start, end, text: name });
  }
  return out.sort((a, b) => a.start - b.start);
}

export function programmeMentions(text: string): { start: number; end: number; text: string }[] {
  return headedNames(text, PROGRAMME_HEAD);
}

/**
 * Authors named by in-text citations: "(Efrat 46)", "(Hernandez and Rudolph 127)", "Ahn et al.".
 * compromise does not know most surnames; the citation says they are people.
 */
export function citedAuthors(text: string): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  const name = "[\\p{Lu}][\\p{Ll}'’]+(?:-[\\p{Lu}][\\p{Ll}'’]+)?";
  const push = (m: RegExpMatchArray, group: number) => {
    const g = m[group];
    if (!g) return;
    const start = m.index! + m[0].indexOf(g, group === 2 ? m[0].indexOf(m[1]!) + m[1]!.length : 0);
    out.push({ start, end: start + g.length, text: g });
  };
  for (const m of text.matchAll(new RegExp(`\\((${name})(?:\\s+(?:and|&)\\s+(${name}))?(?:\\s+et al\\.?)?,?\\s+\\d{1,4}(?:[-–]\\d{1,4})?\\)`, 'gu'))) {
    push(m, 1);
    push(m, 2);
  }
  for (const m of text.matchAll(new RegExp(`(?<![\\p{L}])(${name})(?:\\s+(?:and|&)\\s+(${name}))?\\s+et al\\.`, 'gu'))) {
    push(m, 1);
    push(m, 2);
  }
  return out;
}

const PERSON_WORD = "(?:[\\p{Lu}][\\p{Ll}'’]+(?:-[\\p{Lu}]?[\\p{Ll}'’]+)*|(?:al|el|bin|ibn)-[\\p{Lu}][\\p{Ll}'’]+)";
/** Capitalised words that are not given names or surnames, though they follow the same cues. */
const NOT_NAME_WORDS = new Set(
  'Global National International United Nations State States Department Report Reports Estimates Index Project Protocol Convention Act Court Council Office Committee Union Government Ministry Commission Organization Organisation Institute University School Foundation Agency Center Centre Police Army Church Human Rights Trafficking Persons Women Children World Day Campaign Programme Program Initiative Strategy Plan Law Review Journal News Times Post Guardian Europe European America American Africa African Asia Asian The This That These Those In On At By For From A An Article Section'.split(' '),
);

/**
 * People named with a cue that says they are people: a role or title before the name ("scholar
 * Zbigniew Dumienski", "according to Laura Agustin"), or a reporting verb after it ("Meena Seshu
 * suggest"). compromise knows mostly English given names; these cues do not depend on the name.
 */
export function cuedPersons(text: string): { start: number; end: number; text: string }[] {
  const name = `(${PERSON_WORD}(?:\\s+${PERSON_WORD}){1,3})`;
  const before = new RegExp(
    `(?<![\\p{L}])(?:[Aa]ccording to|[Ss]cholars?|[Rr]esearchers?|[Aa]uthors?|[Pp]rofessor|[Jj]ournalist|[Aa]ctivist|[Ll]awyer|[Ee]conomist|[Ss]ociologist|[Aa]nalyst|[Cc]olumnist|[Ff]ounder|[Dd]irector|[Ss]pokes(?:wo)?man|[Ss]pokesperson|[Pp]rosecutor|[Jj]udge|Justice|(?:Detective\s+)?(?:Chief\s+)?(?:Inspector|Sergeant|Constable|Superintendent)|Secretary-General|President|Senator|Pope|Rabbi|Sheikh|Imam|Grand Ayatollah|Ayatollah|Archbishop|Bishop|Dr\\.|Mr\\.|Mrs\\.|Ms\\.|[Bb]y)\\s+${name}`,
    'gu',
  );
  const after = new RegExp(`${name}\\s+(?:argues|argued|claims|claimed|says|said|suggests|suggested|writes|wrote|notes|noted|explains|explained|contends|contended|found|reports|reported|has suggested|has argued)\\b`, 'gu');
  const out: { start: number; end: number; text: string }[] = [];
  for (const re of [before, after]) {
    for (const m of text.matchAll(re)) {
      const g = m[1]!;
      const words = g.split(/\s+/);
      if (words.some((w) => NOT_NAME_WORDS.has(w))) continue;
      const start = m.index! + m[0].indexOf(g);
      if (!out.some((o) => o.start === start)) out.push({ start, end: start + g.length, text: g });
    }
  }
  return out;
}

/** The lexicon entry for a name, also when it is prefixed with "United Nations" / "UN". */
export function lookup(lexicon: CompiledLexicon, name: string): LexiconEntry | undefined {
  const key = entityKey(name);
  return lexicon.byKey.get(key) ?? lexicon.byKey.get(key.replace(/^(?:united nations|un|u n)\s+/, ''));
}

/** The key mentions of one entity share: case, punctuation and a leading article do not matter. */
export function entityKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/['’]s\b/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

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
    .filter((w) => /^\p{Lu}/u.test(w))
    .map((w) => w[0]!.toUpperCase())
    .join('');
  if (letters.length < 2) return false;
  let i = 0;
  for (const ch of initials) if (ch === letters[i]) i++;
  return i === letters.length;
}
