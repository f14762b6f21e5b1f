// Named entities with compromise: people, organisations, places, as mentions with offsets into
// the passage. compromise's matches are cleaned (trailing punctuation, possessives, titles) with
// offsets adjusted, and junk it is known to produce (lower-case common nouns) is dropped.
import nlp from 'compromise';
import lexicon from './lexicon.json' with { type: 'json' };
import type { EntityType } from '../schemas.ts';

let extended = false;
/** Teaches compromise the domain's organisations (data in lexicon.json). */
export function ensureLexicon(): void {
  if (extended) return;
  extended = true;
  const words: Record<string, string> = {};
  for (const org of lexicon.organizations) words[org.toLowerCase()] = 'Organization';
  nlp.addWords(words);
}

export interface RawMention {
  type: EntityType;
  start: number;
  end: number;
  /** As written (after trimming what is not part of the name). */
  text: string;
}

interface MatchJson {
  text: string;
  offset: { start: number; length: number };
}

const TITLES = /^(?:(?:Dr|Mr|Mrs|Ms|Prof|Sir|Dame|Rev|Gen|Sen|Rep|Gov|President|Prime Minister|Minister|Secretary-General|Judge|Justice|Pope|Rabbi|Sheikh|Shri|Datuk|Bishop|Archbishop|Chief|King|Queen|Prince|Princess)\.?\s+)+/;
const NOT_ENTITIES = new Set(lexicon.notEntities.map((w) => w.toLowerCase()));

/** Trims a compromise match to the name itself; null when nothing name-like is left. */
export function cleanMention(text: string, start: number): { text: string; start: number; end: number } | null {
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
  if (NOT_ENTITIES.has(t.toLowerCase())) return null;
  return { text: t, start: s, end: s + t.length };
}

export function extractMentions(doc: ReturnType<typeof nlp>, text: string): RawMention[] {
  const out: RawMention[] = [];
  const views: [EntityType, { json(opts: object): unknown }][] = [
    ['person', doc.people()],
    ['organization', doc.organizations()],
    ['place', doc.places()],
  ];
  const taken = new Set<string>();
  for (const [type, view] of views) {
    for (const m of view.json({ offset: true }) as MatchJson[]) {
      const cleaned = cleanMention(m.text, m.offset.start);
      if (!cleaned) continue;
      // compromise's offsets are checked against the text; a mismatch is dropped, never guessed.
      if (text.slice(cleaned.start, cleaned.end) !== cleaned.text) continue;
      const key = `${cleaned.start}:${cleaned.end}`;
      if (taken.has(key)) continue;
      taken.add(key);
      out.push({ type, ...cleaned });
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
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
  // Every letter appears in the initials in order (function words may be skipped or counted).
  let i = 0;
  for (const ch of initials) if (ch === letters[i]) i++;
  return i === letters.length;
}
