// Locality-sensitive hashing over MinHash signatures: b bands of r rows; two items whose
// signatures agree on every row of some band become a candidate pair, with probability
// 1 - (1 - s^r)^b for Jaccard similarity s. Candidates are verified by exact Jaccard.
import { fmix32 } from './hash.ts';
import { jaccard } from './minhash.ts';

export const candidateProbability = (s: number, bands: number, rows: number): number => 1 - (1 - s ** rows) ** bands;

/**
 * Bands and rows for numHashes: the most rows per band (fewest false candidates) that still make a
 * pair at the threshold a candidate with probability >= minRecall. A missed pair is lost for good,
 * while a false candidate only costs one exact Jaccard check.
 */
export function optimalBands(numHashes: number, threshold: number, minRecall = 0.995): { bands: number; rows: number } {
  let best = { bands: numHashes, rows: 1 };
  for (let rows = 1; rows <= numHashes; rows++) {
    const bands = Math.floor(numHashes / rows);
    if (bands < 1) break;
    if (candidateProbability(threshold, bands, rows) >= minRecall) best = { bands, rows };
  }
  return best;
}

/** One 32-bit key per band of a signature (0 is reserved for "never matches"). */
export function bandKeys(signature: Uint32Array, bands: number, rows: number, out: Uint32Array, offset: number, empty: boolean): void {
  for (let b = 0; b < bands; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < rows; r++) h = Math.imul(h ^ signature[b * rows + r]!, 0x01000193);
    const key = fmix32(h);
    out[offset + b] = empty ? 0 : key === 0 ? 1 : key;
  }
}

export interface NearPair {
  a: number;
  b: number;
  similarity: number;
}

export interface LshStats {
  candidates: number;
  verified: number;
  oversizedBuckets: number;
}

/**
 * Pairs (a < b) whose exact Jaccard is at least threshold, among LSH candidates. `keys` holds
 * n x bands band keys; buckets are formed one band at a time by sorting, so the extra memory is a
 * few bytes per item. A bucket larger than maxBucket (text shared by very many passages) is
 * compared star-wise to its first member only, keeping the work linear.
 */
export function nearPairs(
  keys: Uint32Array,
  n: number,
  bands: number,
  setOf: (i: number) => Uint32Array,
  opts: { threshold: number; maxBucket?: number },
): { pairs: NearPair[]; stats: LshStats } {
  const maxBucket = opts.maxBucket ?? 64;
  const seen = new Set<number>();
  const pairs: NearPair[] = [];
  const stats: LshStats = { candidates: 0, verified: 0, oversizedBuckets: 0 };
  const verify = (x: number, y: number) => {
    const a = Math.min(x, y);
    const b = Math.max(x, y);
    const key = a * n + b;
    if (seen.has(key)) return;
    seen.add(key);
    stats.candidates++;
    const similarity = jaccard(setOf(a), setOf(b));
    if (similarity >= opts.threshold) {
      stats.verified++;
      pairs.push({ a, b, similarity });
    }
  };
  // Items in order of (band key, item). Up to 2^21 items, the pair packs exactly into one double,
  // key * 2^21 + item (below 2^53), and a native numeric sort is several times faster than a sort
  // with a comparator; beyond that, item indices are sorted by key through a comparator.
  const bandKey = new Uint32Array(n);
  const order = new Uint32Array(n);
  const ITEMS = 0x200000;
  const packed = n <= ITEMS ? new Float64Array(n) : null;
  for (let bi = 0; bi < bands; bi++) {
    for (let i = 0; i < n; i++) bandKey[i] = keys[i * bands + bi]!;
    if (packed) {
      for (let i = 0; i < n; i++) packed[i] = bandKey[i]! * ITEMS + i;
      packed.sort();
      for (let i = 0; i < n; i++) order[i] = packed[i]! % ITEMS;
    } else {
      for (let i = 0; i < n; i++) order[i] = i;
      order.sort((x, y) => bandKey[x]! - bandKey[y]! || x - y);
    }
    let start = 0;
    for (let k = 1; k <= n; k++) {
      if (k < n && bandKey[order[k]!] === bandKey[order[start]!]) continue;
      const size = k - start;
      if (size > 1 && bandKey[order[start]!] !== 0) {
        if (size > maxBucket) {
          stats.oversizedBuckets++;
          for (let m = start + 1; m < k; m++) verify(order[start]!, order[m]!);
        } else {
          for (let x = start; x < k; x++) for (let y = x + 1; y < k; y++) verify(order[x]!, order[y]!);
        }
      }
      start = k;
    }
  }
  pairs.sort((p, q) => p.a - q.a || p.b - q.b);
  return { pairs, stats };
}
