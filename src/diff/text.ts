// Word sets, similarity and candidate search shared by the passage and statistics matchers, and the
// compact word-level diff.
import { diffWords } from 'diff';
import type { WordDiffPart } from './schema.ts';

export const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

export const wordSet = (text: string): Set<string> => new Set(words(text));

/** Word k-shingles; a text shorter than k words is one shingle. */
export function shingleSet(text: string, k = 3): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  if (w.length < k) {
    if (w.length) out.add(w.join(' '));
    return out;
  }
  for (let i = 0; i + k <= w.length; i++) out.add(w.slice(i, i + k).join(' '));
  return out;
}

const STOP = new Set(
  'the a an and or of in on at to for from by with as is are was were be been being that this these those it its which who whom whose than then there their they them he she his her has have had not no but also into over under about after before between during per such most more less other some any all each both only can could may might will would should said says according estimated estimates reported report reports around approximately nearly almost least year years'.split(' '),
);

/** The words that say what a sentence is about: no numbers, no stop words. */
export const keyWords = (sentence: string): Set<string> =>
  new Set(words(sentence).filter((w) => w.length > 2 && !/\d/.test(w) && !STOP.has(w)));

export function intersectionSize<T>(a: Set<T>, b: Set<T>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const x of small) if (large.has(x)) n++;
  return n;
}

export function jaccard<T>(a: Set<T>, b: Set<T>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const i = intersectionSize(a, b);
  return i / (a.size + b.size - i);
}

/** Share of the smaller set found in the other (1 when one contains the other). */
export function overlap<T>(a: Set<T>, b: Set<T>): number {
  const m = Math.min(a.size, b.size);
  return m === 0 ? 0 : intersectionSize(a, b) / m;
}

/**
 * Pairs (i, j) of old and new sets that share at least one token, with the number they share,
 * found through an inverted index over the new sets rather than by comparing all pairs. Tokens
 * held by more than `maxPosting` new sets are too common to tell anything apart: they neither
 * propose candidates nor count (so `shared` can fall short of the true intersection).
 */
export function candidatePairs(
  olds: readonly Set<string>[],
  news: readonly Set<string>[],
  opts: { maxPosting?: number; bucketOld?: (i: number) => string; bucketNew?: (j: number) => string } = {},
): Array<{ i: number; j: number; shared: number }> {
  const maxPosting = opts.maxPosting ?? 64;
  const index = new Map<string, number[]>();
  news.forEach((set, j) => {
    const bucket = opts.bucketNew?.(j) ?? '';
    for (const t of set) {
      const key = `${bucket}\u0000${t}`;
      const list = index.get(key);
      if (list) list.push(j);
      else index.set(key, [j]);
    }
  });
  const pairs: Array<{ i: number; j: number; shared: number }> = [];
  olds.forEach((set, i) => {
    const bucket = opts.bucketOld?.(i) ?? '';
    const shared = new Map<number, number>();
    for (const t of set) {
      const list = index.get(`${bucket}\u0000${t}`);
      if (!list || list.length > maxPosting) continue;
      for (const j of list) shared.set(j, (shared.get(j) ?? 0) + 1);
    }
    for (const j of [...shared.keys()].sort((a, b) => a - b)) pairs.push({ i, j, shared: shared.get(j)! });
  });
  return pairs;
}

export interface ScoredPair {
  i: number;
  j: number;
  score: number;
  /** Lower wins among equal scores, before the indices decide. */
  tie?: number;
}

/** One-to-one matching, best score first; ties go to the smaller tie value, then old index, then new index. */
export function greedyMatch(pairs: ScoredPair[], usedOld: Set<number> = new Set(), usedNew: Set<number> = new Set()): ScoredPair[] {
  const sorted = [...pairs].sort((a, b) => b.score - a.score || (a.tie ?? 0) - (b.tie ?? 0) || a.i - b.i || a.j - b.j);
  const out: ScoredPair[] = [];
  for (const p of sorted) {
    if (usedOld.has(p.i) || usedNew.has(p.j)) continue;
    usedOld.add(p.i);
    usedNew.add(p.j);
    out.push(p);
  }
  return out;
}

const CONTEXT_WORDS = 4;
// Beyond this many edits the texts have little in common; a plain replace says as much.
const MAX_EDIT_LENGTH = 2000;

const squash = (s: string) => s.replace(/\s+/g, ' ');

/**
 * Word-level diff with unchanged runs cut to a few words either side of each change. Parts keep
 * their white space (squashed), so equal + removed parts read as the old text and equal + added
 * parts as the new one, a `skip` standing for the unchanged words left out.
 */
export function compactWordDiff(oldText: string, newText: string): { parts: WordDiffPart[]; wordsAdded: number; wordsRemoved: number } {
  const changes = diffWords(oldText, newText, { maxEditLength: MAX_EDIT_LENGTH }) ?? [
    { value: oldText, removed: true, added: false, count: 0 },
    { value: newText, removed: false, added: true, count: 0 },
  ];
  const merged: WordDiffPart[] = [];
  let wordsAdded = 0;
  let wordsRemoved = 0;
  for (const c of changes) {
    const op = c.added ? 'added' : c.removed ? 'removed' : 'equal';
    if (op !== 'equal' && !c.value.trim()) continue; // a change of white space only
    const text = squash(c.value);
    if (op === 'added') wordsAdded += words(text).length;
    if (op === 'removed') wordsRemoved += words(text).length;
    const last = merged[merged.length - 1];
    if (last && last.op === op) last.text += text;
    else merged.push({ op, text });
  }
  const parts: WordDiffPart[] = [];
  merged.forEach((part, k) => {
    if (part.op !== 'equal') return parts.push(part);
    const toks = part.text.trim().split(' ');
    const keepHead = k === 0 ? 0 : CONTEXT_WORDS;
    const keepTail = k === merged.length - 1 ? 0 : CONTEXT_WORDS;
    if (toks.length <= keepHead + keepTail + 1) return parts.push(part);
    const lead = part.text.startsWith(' ') ? ' ' : '';
    const trail = part.text.endsWith(' ') ? ' ' : '';
    if (keepHead) parts.push({ op: 'equal', text: `${lead}${toks.slice(0, keepHead).join(' ')} ` });
    parts.push({ op: 'skip', words: toks.length - keepHead - keepTail });
    if (keepTail) parts.push({ op: 'equal', text: ` ${toks.slice(toks.length - keepTail).join(' ')}${trail}` });
  });
  return { parts, wordsAdded, wordsRemoved };
}
