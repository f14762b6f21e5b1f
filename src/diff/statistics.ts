// Statistics, old against new, within each document. A figure's subject is its kind and unit and
// the key words of its sentence: the same figure in a reworded sentence is unchanged; a different
// value for the same subject is a changed value (the change a researcher must not miss).
import type { StatisticRecord } from '../schemas.ts';
import type { StatisticBrief, StatisticChange, StatisticField } from './schema.ts';
import { candidatePairs, greedyMatch, intersectionSize, keyWords, overlap, type ScoredPair } from './text.ts';
import { round } from './passages.ts';

// Sentences are compared by the share of the shorter one's key words found in the other: a
// sentence often gains a clause between revisions, which Jaccard would punish.
export interface StatisticMatchOptions {
  /** Key-word overlap at or above which the same value, kind and unit is the same figure. */
  sameValue: number;
  /** Key-word overlap at or above which a different value of the same kind and unit is that figure changed. */
  changedValue: number;
  /** The same for a figure without a unit: its sentence is then all that says what it measures. */
  changedValueNoUnit: number;
  /** Fewest shared key words for any of them. */
  minSharedWords: number;
}

export const DEFAULT_STATISTIC_MATCH: StatisticMatchOptions = { sameValue: 0.5, changedValue: 0.6, changedValueNoUnit: 0.8, minSharedWords: 3 };

export interface StatisticDiff {
  appeared: StatisticBrief[];
  disappeared: StatisticBrief[];
  changed: StatisticChange[];
  unchanged: number;
}

const FIELDS: StatisticField[] = ['value', 'valueMax', 'kind', 'unit', 'qualifier', 'year', 'source'];

export function briefStatistic(s: StatisticRecord, entityNames: ReadonlyMap<string, string>): StatisticBrief {
  return {
    id: s.id,
    docId: s.docId,
    passageId: s.passageId,
    text: s.text,
    value: s.value,
    valueMax: s.valueMax,
    kind: s.kind,
    unit: s.unit,
    qualifier: s.qualifier,
    year: s.year,
    source: s.source,
    sourceName: s.source ? (entityNames.get(s.source) ?? null) : null,
    sentence: s.sentence,
  };
}

/** Statistics of one document (or of a document only one side has). Inputs in any order. */
export function diffStatistics(
  oldStats: StatisticRecord[],
  newStats: StatisticRecord[],
  names: { old: ReadonlyMap<string, string>; new: ReadonlyMap<string, string> },
  opts: StatisticMatchOptions = DEFAULT_STATISTIC_MATCH,
): StatisticDiff {
  const order = (a: StatisticRecord, b: StatisticRecord) => a.docStart - b.docStart || a.start - b.start || a.id.localeCompare(b.id);
  const olds = [...oldStats].sort(order);
  const news = [...newStats].sort(order);
  const usedOld = new Set<number>();
  const usedNew = new Set<number>();
  const pairs: ScoredPair[] = [];

  // 1. The same figure in the same sentence: same value, or the same words read differently
  // (kind, unit or value can change with the extractor while the text stays).
  const sentenceOf = (s: StatisticRecord) => s.sentence.replace(/\s+/g, ' ').trim();
  for (const key of [(s: StatisticRecord) => JSON.stringify([s.value, s.valueMax, sentenceOf(s)]), (s: StatisticRecord) => JSON.stringify([s.text, sentenceOf(s)])]) {
    const exact = new Map<string, number[]>();
    news.forEach((s, j) => {
      if (usedNew.has(j)) return;
      const k = key(s);
      const q = exact.get(k);
      if (q) q.push(j);
      else exact.set(k, [j]);
    });
    olds.forEach((s, i) => {
      if (usedOld.has(i)) return;
      const j = exact.get(key(s))?.shift();
      if (j === undefined) return;
      usedOld.add(i);
      usedNew.add(j);
      pairs.push({ i, j, score: 1 });
    });
  }

  // 2. The same value, kind and unit in a similar sentence; 3. the same kind and unit, another value.
  const oldKeys = olds.map((s) => keyWords(s.sentence));
  const newKeys = news.map((s) => keyWords(s.sentence));
  const rank = ordinalsInSentence(olds);
  const rankNew = ordinalsInSentence(news);
  const subject = (s: StatisticRecord) => JSON.stringify([s.kind, s.unit]);
  const sameValue = (s: StatisticRecord) => JSON.stringify([s.kind, s.unit, s.value, s.valueMax]);
  for (const [bucket, thresholdOf] of [
    [sameValue, () => opts.sameValue],
    [subject, (s: StatisticRecord) => (s.unit === null ? opts.changedValueNoUnit : opts.changedValue)],
  ] as const) {
    const scored: ScoredPair[] = [];
    const cands = candidatePairs(oldKeys, newKeys, { bucketOld: (i) => bucket(olds[i]!), bucketNew: (j) => bucket(news[j]!) });
    for (const { i, j } of cands) {
      if (usedOld.has(i) || usedNew.has(j)) continue;
      if (intersectionSize(oldKeys[i]!, newKeys[j]!) < opts.minSharedWords) continue;
      const score = overlap(oldKeys[i]!, newKeys[j]!);
      // Among figures of one sentence, the first pairs with the first.
      if (score >= thresholdOf(olds[i]!)) scored.push({ i, j, score, tie: Math.abs(rank[i]! - rankNew[j]!) });
    }
    pairs.push(...greedyMatch(scored, usedOld, usedNew));
  }

  const changed: StatisticChange[] = [];
  let unchanged = 0;
  for (const p of pairs.sort((a, b) => a.j - b.j)) {
    const o = olds[p.i]!;
    const nw = news[p.j]!;
    const fields = FIELDS.filter((f) => o[f] !== nw[f]);
    if (!fields.length) unchanged++;
    else changed.push({ old: briefStatistic(o, names.old), new: briefStatistic(nw, names.new), fields, similarity: round(overlap(oldKeys[p.i]!, newKeys[p.j]!)) });
  }
  return {
    appeared: news.filter((_, j) => !usedNew.has(j)).map((s) => briefStatistic(s, names.new)),
    disappeared: olds.filter((_, i) => !usedOld.has(i)).map((s) => briefStatistic(s, names.old)),
    changed,
    unchanged,
  };
}

/** Position of each figure among the figures of its sentence (input sorted by position). */
function ordinalsInSentence(stats: StatisticRecord[]): number[] {
  const seen = new Map<string, number>();
  return stats.map((s) => {
    const k = `${s.passageId}\u0000${s.sentence}`;
    const r = seen.get(k) ?? 0;
    seen.set(k, r + 1);
    return r;
  });
}
