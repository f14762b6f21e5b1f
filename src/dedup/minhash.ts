// MinHash signatures over word shingles: the estimate of Jaccard similarity that LSH buckets on.
import { fmix32, fnv1a32, seeds } from './hash.ts';

/** Words of already normalised text (see dedupeKey: lower case, letters and digits, single spaces). */
export const keyWords = (key: string): string[] => (key ? key.split(' ') : []);

/** Words of any text (lower case, letters and digits). */
export function words(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Distinct hashes of the word k-shingles, sorted ascending (a set, cheap to intersect). Each word
 * is hashed once and a shingle's hash combines its words' hashes, so no shingle strings are built.
 */
export function shingleSet(wordList: readonly string[], k: number): Uint32Array {
  const n = wordList.length;
  if (n === 0) return new Uint32Array(0);
  const wh = new Uint32Array(n);
  for (let i = 0; i < n; i++) wh[i] = fnv1a32(wordList[i]!);
  const count = n < k ? 1 : n - k + 1;
  const span = Math.min(k, n);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let h = 0x2545f491;
    for (let j = 0; j < span; j++) h = Math.imul(h ^ wh[i + j]!, 0x01000193);
    out[i] = fmix32(h);
  }
  out.sort();
  let m = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[i - 1]) out[m++] = out[i]!;
  return out.subarray(0, m);
}

/** Exact Jaccard similarity of two sorted hash sets. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return inter / (a.length + b.length - inter);
}

export class MinHasher {
  private readonly mul: Uint32Array;
  private readonly add: Uint32Array;
  constructor(readonly numHashes: number, seed = 0x5eed) {
    // h_i(x) = a_i * x + b_i (mod 2^32) over already well-mixed shingle hashes: two instructions per
    // hash function, with a_i odd so each h_i is a permutation of the 32-bit values.
    this.mul = seeds(numHashes, seed).map((a) => (a | 1) >>> 0);
    this.add = seeds(numHashes, seed ^ 0xa5a5a5a5);
  }

  /** Signature into `out` (length numHashes): for each hash function, the minimum over the set. */
  signature(set: Uint32Array, out = new Uint32Array(this.numHashes)): Uint32Array {
    out.fill(0xffffffff);
    const { mul, add, numHashes } = this;
    for (let i = 0; i < set.length; i++) {
      const x = set[i]!;
      for (let h = 0; h < numHashes; h++) {
        const v = (Math.imul(x, mul[h]!) + add[h]!) >>> 0;
        if (v < out[h]!) out[h] = v;
      }
    }
    return out;
  }
}
