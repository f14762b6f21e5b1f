// Passages of one changed document, old against new: identical text is unchanged; the rest pair up
// by word-set similarity (modified), and a passage whose text mostly sits inside one passage of
// the other side joins that passage's change (a paragraph split in two, or two merged): without
// that a re-segmented article would read as text deleted and written again.
import type { PassageRecord } from '../schemas.ts';
import type { PassageChange, PassageRef, PassageWithText, RemovedPassage } from './schema.ts';
import { candidatePairs, compactWordDiff, greedyMatch, jaccard, shingleSet, wordSet, type ScoredPair } from './text.ts';
import { lowerBound } from '../util/search.ts';

export interface PassageMatchOptions {
  /** Word-set Jaccard at or above which two passages are one passage modified. */
  similarity: number;
  /** Share of a passage's word 3-shingles found in a passage of the other side to join its change. */
  containment: number;
}

export const DEFAULT_PASSAGE_MATCH: PassageMatchOptions = { similarity: 0.5, containment: 0.5 };

// Fewer shingles than this is too little text to say where it went.
const MIN_SHINGLES_TO_JOIN = 3;
const SIMILARITY_CANDIDATES = 8;

/** Rank of each candidate among those of its old passage and among those of its new passage (the lower), by shared shingles. */
function shingleRank(cands: Array<{ i: number; j: number; shared: number }>): number[] {
  const rank = new Array<number>(cands.length).fill(0);
  for (const side of ['i', 'j'] as const) {
    const groups = new Map<number, number[]>();
    cands.forEach((c, k) => {
      const g = groups.get(c[side]);
      if (g) g.push(k);
      else groups.set(c[side], [k]);
    });
    for (const ks of groups.values()) {
      ks.sort((x, y) => cands[y]!.shared - cands[x]!.shared || x - y);
      ks.forEach((k, r) => (rank[k] = side === 'i' ? r : Math.min(rank[k]!, r)));
    }
  }
  return rank;
}

export interface PassageDiff {
  unchanged: number;
  modified: PassageChange[];
  added: PassageWithText[];
  removed: RemovedPassage[];
}

export const passageRef = (p: PassageRecord): PassageRef => ({ id: p.id, index: p.index, section: p.section, start: p.start, end: p.end });
const withText = (p: PassageRecord): PassageWithText => ({ ...passageRef(p), text: p.text });

export function diffPassages(oldPassages: PassageRecord[], newPassages: PassageRecord[], opts: PassageMatchOptions = DEFAULT_PASSAGE_MATCH): PassageDiff {
  const olds = [...oldPassages].sort((a, b) => a.index - b.index);
  const news = [...newPassages].sort((a, b) => a.index - b.index);

  // Identical text, first come first served (a moved paragraph is unchanged).
  const byText = new Map<string, number[]>();
  news.forEach((p, j) => {
    const q = byText.get(p.text);
    if (q) q.push(j);
    else byText.set(p.text, [j]);
  });
  const restOld: number[] = [];
  const matchedNew = new Set<number>();
  const unchangedPairs: Array<[number, number]> = [];
  olds.forEach((p, i) => {
    const j = byText.get(p.text)?.shift();
    if (j === undefined) restOld.push(i);
    else {
      matchedNew.add(j);
      unchangedPairs.push([p.index, news[j]!.index]);
    }
  });
  const restNew = news.map((_, j) => j).filter((j) => !matchedNew.has(j));

  const oldShingles = restOld.map((i) => shingleSet(olds[i]!.text));
  const newShingles = restNew.map((j) => shingleSet(news[j]!.text));
  const oldWords = restOld.map((i) => wordSet(olds[i]!.text));
  const newWords = restNew.map((j) => wordSet(news[j]!.text));

  const similar: ScoredPair[] = [];
  const oldInNew: ScoredPair[] = [];
  const newInOld: ScoredPair[] = [];
  const candidates = candidatePairs(oldShingles, newShingles);
  const rank = shingleRank(candidates);
  for (const [k, { i: a, j: b, shared }] of candidates.entries()) {
    const [wa, wb] = [oldWords[a]!, newWords[b]!];
    // Word Jaccard for the few candidates sharing the most shingles (a passage's old version is
    // among them), and only when the sizes allow the threshold.
    if (rank[k]! < SIMILARITY_CANDIDATES && Math.min(wa.size, wb.size) >= opts.similarity * Math.max(wa.size, wb.size)) {
      const score = jaccard(wa, wb);
      if (score >= opts.similarity) similar.push({ i: a, j: b, score });
    }
    if (oldShingles[a]!.size >= MIN_SHINGLES_TO_JOIN) oldInNew.push({ i: a, j: b, score: shared / oldShingles[a]!.size });
    if (newShingles[b]!.size >= MIN_SHINGLES_TO_JOIN) newInOld.push({ i: a, j: b, score: shared / newShingles[b]!.size });
  }

  // Edges of a bipartite graph (old a, new b); its connected components are the changes.
  const edges: Array<[number, number]> = greedyMatch(similar).map((p) => [p.i, p.j]);
  const pairedOld = new Set(edges.map(([a]) => a));
  const pairedNew = new Set(edges.map(([, b]) => b));
  const best = (pairs: ScoredPair[], key: (p: ScoredPair) => number, skip: Set<number>) => {
    const out = new Map<number, ScoredPair>();
    for (const p of pairs) {
      if (p.score < opts.containment || skip.has(key(p))) continue;
      const cur = out.get(key(p));
      if (!cur || p.score > cur.score || (p.score === cur.score && (p.i < cur.i || p.j < cur.j))) out.set(key(p), p);
    }
    return out;
  };
  for (const p of best(oldInNew, (p) => p.i, pairedOld).values()) edges.push([p.i, p.j]);
  for (const p of best(newInOld, (p) => p.j, pairedNew).values()) edges.push([p.i, p.j]);

  // Union-find over old nodes 0..n-1 and new nodes n..n+m-1.
  const n = restOld.length;
  const parent = Array.from({ length: n + restNew.length }, (_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]!]!;
    return k;
  };
  for (const [a, b] of edges) parent[find(a)] = find(n + b);

  const groups = new Map<number, { old: PassageRecord[]; new: PassageRecord[] }>();
  const groupOf = (k: number) => {
    const root = find(k);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { old: [], new: [] }));
    return g;
  };
  restOld.forEach((i, a) => groupOf(a).old.push(olds[i]!));
  restNew.forEach((j, b) => groupOf(n + b).new.push(news[j]!));

  const modified: PassageChange[] = [];
  const added: PassageWithText[] = [];
  const removed: PassageRecord[] = [];
  const changes: Array<{ old: PassageRecord[]; new: PassageRecord[] }> = [];
  for (const g of groups.values()) {
    if (!g.old.length) added.push(...g.new.map(withText));
    else if (!g.new.length) removed.push(...g.old);
    else changes.push({ old: g.old.sort(byIndex), new: g.new.sort(byIndex) });
  }
  changes.sort((a, b) => a.new[0]!.index - b.new[0]!.index || a.old[0]!.index - b.old[0]!.index);

  // Neighbouring changes merge when together they change fewer words: a sentence that moved
  // across a passage boundary is then no change at all.
  const changedWords = (c: PassageChange) => c.wordsAdded + c.wordsRemoved;
  let prev: { old: PassageRecord[]; new: PassageRecord[]; change: PassageChange } | null = null;
  for (const g of changes) {
    const change = describeChange(g.old, g.new);
    if (prev && g.old[0]!.index === prev.old.at(-1)!.index + 1 && g.new[0]!.index === prev.new.at(-1)!.index + 1) {
      const merged = describeChange([...prev.old, ...g.old], [...prev.new, ...g.new]);
      if (changedWords(merged) < changedWords(prev.change) + changedWords(change)) {
        prev = { old: [...prev.old, ...g.old], new: [...prev.new, ...g.new], change: merged };
        modified[modified.length - 1] = merged;
        continue;
      }
    }
    prev = { ...g, change };
    modified.push(change);
  }

  // Where each removed passage stood, as the new passage now before that place.
  const newIndexOfOld = new Map<number, number>();
  for (const [o, nw] of unchangedPairs) newIndexOfOld.set(o, nw);
  for (const c of modified) for (const o of c.old) newIndexOfOld.set(o.index, c.new.at(-1)!.index);
  const matchedOldIndices = [...newIndexOfOld.keys()].sort((a, b) => a - b);
  const removedAt = removed.sort(byIndex).map((p): RemovedPassage => {
    const before = lastBelow(matchedOldIndices, p.index);
    return { ...withText(p), afterNewIndex: before === null ? null : newIndexOfOld.get(before)! };
  });
  return { unchanged: unchangedPairs.length, modified, added: added.sort(byIndex), removed: removedAt };
}

const byIndex = (a: { index: number }, b: { index: number }) => a.index - b.index;

function lastBelow(sorted: number[], x: number): number | null {
  const lo = lowerBound(sorted, x);
  return lo > 0 ? sorted[lo - 1]! : null;
}

function describeChange(olds: PassageRecord[], news: PassageRecord[]): PassageChange {
  const oldText = olds.map((p) => p.text).join('\n\n');
  const newText = news.map((p) => p.text).join('\n\n');
  const { parts, wordsAdded, wordsRemoved } = compactWordDiff(oldText, newText);
  return {
    kind: olds.length > 1 && news.length > 1 ? 'regrouped' : olds.length > 1 ? 'merged' : news.length > 1 ? 'split' : 'modified',
    textChanged: wordsAdded + wordsRemoved > 0,
    old: olds.map(passageRef),
    new: news.map(passageRef),
    similarity: round(jaccard(wordSet(oldText), wordSet(newText))),
    wordsRemoved,
    wordsAdded,
    diff: parts,
  };
}

export const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;
