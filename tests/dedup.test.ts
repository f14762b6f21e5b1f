import { describe, expect, it } from 'vitest';
import { containments } from '../src/dedup/containment.ts';
import { deduplicate, DedupOptionsSchema, type DedupItem } from '../src/dedup/index.ts';
import { candidateProbability, optimalBands } from '../src/dedup/lsh.ts';
import { jaccard, keyWords, MinHasher, shingleSet } from '../src/dedup/minhash.ts';
import { splitSentences } from '../src/nlp/sentences.ts';
import { dedupeKey } from '../src/stages/dedupe.ts';
import { evaluate, seedItems, syntheticItems } from '../scripts/eval-dedup.ts';

const opts = DedupOptionsSchema.parse({});
const item = (docId: string, index: number, text: string, date: string | null = null): DedupItem => ({
  docId,
  index,
  text,
  sentences: splitSentences(text).map((s) => text.slice(s.start, s.end)),
  exactKey: dedupeKey(text),
  date,
  profile: 'plain-text',
});

// Real passages of the two Wikipedia revisions (003 older, 004 newer).
const OLD =
  'According to the International Labour Organization (ILO), forced labour alone (one component of human trafficking) generates an estimated $150 billion in profits per annum as of 2014. In 2012, the ILO estimated that 21 million victims are trapped in modern-day slavery.';
const NEW =
  'According to the International Labour Organization (ILO), forced labour alone (one component of human trafficking) generates an estimated $150 billion in profits per annum as of 2014. In 2012, the ILO estimated that 21 million victims were trapped in modern-day slavery.';
const EXTENDED = `${OLD} Of these, 14.2 million (68%) were exploited for labour, 4.5 million (22%) were sexually exploited, and 2.2 million (10%) were exploited in state-imposed forced labour. The International Labour Organization has reported that child workers, minorities, and irregular migrants are at considerable risk.`;
const UNRELATED = 'Human traffickers operate in secrecy, thus making it difficult for the NGOs to gather sufficient information about the schemes they run and the people they exploit.';

describe('MinHash', () => {
  it('estimates Jaccard similarity', () => {
    const a = shingleSet(keyWords(dedupeKey(OLD)), 5);
    const b = shingleSet(keyWords(dedupeKey(NEW)), 5);
    const exact = jaccard(a, b);
    expect(exact).toBeGreaterThan(0.7); // one word changed in 45 breaks 5 shingles
    expect(exact).toBeLessThan(1);
    const h = new MinHasher(512);
    const sa = h.signature(a);
    const sb = h.signature(b);
    const estimate = sa.filter((v, i) => v === sb[i]).length / 512;
    expect(Math.abs(estimate - exact)).toBeLessThan(0.06);
  });

  it('chooses bands that find pairs at the threshold with probability >= 99.5%', () => {
    const { bands, rows } = optimalBands(128, 0.7);
    expect(bands * rows).toBeLessThanOrEqual(128);
    expect(candidateProbability(0.7, bands, rows)).toBeGreaterThanOrEqual(0.995);
    expect(candidateProbability(0.2, bands, rows)).toBeLessThan(0.06);
  });
});

describe('deduplicate', () => {
  it('clusters exact and near copies around the canonical passage, and leaves unrelated passages alone', () => {
    const items = [item('003', 0, OLD), item('003', 1, UNRELATED), item('004', 0, NEW, '2025-08-17'), item('004', 1, EXTENDED, '2025-08-17'), item('009', 0, OLD, '2024-01-01')];
    const { assignments } = deduplicate(items, opts);
    // The newest document wins: 004's edited paragraph is canonical; both copies of the old text are
    // near duplicates of it. EXTENDED holds OLD plus two sentences: Jaccard below the threshold, so
    // it stays a passage of its own.
    expect(assignments[2]).toEqual({ duplicateOf: null, kind: null, similarity: null });
    expect(assignments[0]).toMatchObject({ duplicateOf: 2, kind: 'near' });
    expect(assignments[4]).toMatchObject({ duplicateOf: 2, kind: 'near' });
    expect(assignments[0]!.similarity).toBeGreaterThanOrEqual(0.7);
    expect(assignments[1]!.duplicateOf).toBeNull();
    expect(assignments[3]!.duplicateOf).toBeNull();
  });

  it('marks exact copies with similarity 1', () => {
    const { assignments } = deduplicate([item('a', 0, OLD, '2020-01-01'), item('b', 0, OLD.toUpperCase(), '2025-01-01')], opts);
    expect(assignments[0]).toEqual({ duplicateOf: 1, kind: 'exact', similarity: 1 });
  });

  it('marks a passage contained in a longer one of another document', () => {
    const { assignments } = deduplicate([item('a', 0, OLD, '2020-01-01'), item('b', 0, EXTENDED, '2025-01-01')], opts);
    expect(assignments[0]).toEqual({ duplicateOf: 1, kind: 'contained', similarity: 1 });
    expect(assignments[1]!.duplicateOf).toBeNull();
  });

  it('keeps one canonical passage per cluster by policy, overridable', () => {
    const items = [item('a', 0, OLD, '2020-01-01'), item('b', 0, NEW, '2025-01-01')];
    expect(deduplicate(items, opts).assignments.map((a) => a.duplicateOf)).toEqual([1, null]);
    const firstWins = DedupOptionsSchema.parse({ canonical: ['first'] });
    expect(deduplicate(items, firstWins).assignments.map((a) => a.duplicateOf)).toEqual([null, 0]);
    const near = deduplicate(items, opts).assignments[0]!;
    expect(near.kind).toBe('near');
    expect(near.similarity).toBeGreaterThan(0.7);
  });

  it('finds a paragraph that a later revision split in two (sentence containment)', () => {
    const first = 'Trafficking in organs is a form of human trafficking that takes many forms. In some cases, the victim is compelled into giving up an organ against their will.';
    const second = 'In other cases, the victim agrees to sell an organ in exchange for money or goods, but is not paid. Finally, the victim may have the organ removed without their knowledge.';
    const whole = `${first} ${second}`;
    const c = containments(
      [first, second, whole].map((t) => splitSentences(t).map((s) => t.slice(s.start, s.end))),
      { threshold: 0.8, sameDocument: (a, b) => (a < 2) === (b < 2) },
    );
    expect(c).toEqual([
      { passage: 0, container: 2, share: 1 },
      { passage: 1, container: 2, share: 1 },
    ]);
  });
});

describe('LSH against brute force', () => {
  it('finds at least 98% of the pairs above the threshold and no duplicate below 0.9 x threshold (seeds)', async () => {
    const r = evaluate('seeds', await seedItems(), opts);
    expect(r.pairsAbove).toBeGreaterThan(10);
    expect(r.recall).toBeGreaterThanOrEqual(0.98);
    expect(r.duplicateBelow).toBe(0);
    expect(r.mergedBelow).toBe(0);
  });

  it('does the same on a synthetic corpus with edits at known rates', async () => {
    const pool = (await seedItems()).flatMap((it) => it.sentences).filter((s) => s.split(' ').length >= 6);
    const r = evaluate('synthetic', syntheticItems(pool, 800, 11), opts);
    expect(r.pairsAbove).toBeGreaterThan(30);
    expect(r.recall).toBeGreaterThanOrEqual(0.98);
    expect(r.duplicateBelow).toBe(0);
    expect(r.mergedBelow).toBe(0);
  });
});
