// MinHash signatures over word shingles: the estimate of Jaccard similarity that LSH buckets on.
import { Buffer } from 'node:buffer';
import { fmix32, fnv1a32, seeds } from './hash.ts';

/** Words of already normalised text (see dedupeKey: lower case, letters and digits, single spaces). */
export const keyWords = (key: string): string[] => (key ? key.split(' ') : []);

/** Words of any text (lower case, letters and digits). */
export function words(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** In SIMPLE: a code unit that only separates words. */
export const SEP = 0;
/** In SIMPLE: a code unit that needs the general path (NFKC, Unicode case and classes). */
export const SLOW = 1;

/**
 * The fast path of normalisation (NFKC, lower case, runs of letters and digits), by code unit below
 * SIMPLE.length: the lower-case ASCII letter or digit it stands for, SEP or SLOW. Besides ASCII, SEP
 * covers the common typographic marks (no-break space, dashes, quotes, ellipsis): each is its own
 * NFKC form or ASCII punctuation next to any character, and none is a letter or digit. Text made
 * of these code units only normalises code unit by code unit, so no regular expression is needed.
 */
export const SIMPLE = new Uint8Array(0x2027).fill(SLOW);
for (let c = 0; c < 0x80; c++) SIMPLE[c] = SEP;
for (let c = 0x30; c <= 0x39; c++) SIMPLE[c] = c;
for (let c = 0x61; c <= 0x7a; c++) SIMPLE[c] = SIMPLE[c - 0x20] = c;
for (const c of [0xa0, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2018, 0x2019, 0x201a, 0x201b, 0x201c, 0x201d, 0x201e, 0x201f, 0x2026]) SIMPLE[c] = SEP;

let keyBytes = Buffer.allocUnsafe(1 << 16);

/**
 * words(text).join(' ') when every code unit of text is in the fast path (see SIMPLE), else null.
 * Building the key in a byte buffer is about twice as fast as a regular expression replace.
 */
export function simpleKey(text: string): string | null {
  const n = text.length;
  if (keyBytes.length < n) keyBytes = Buffer.allocUnsafe(n * 2);
  const out = keyBytes;
  let len = 0;
  let gap = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const v = c < SIMPLE.length ? SIMPLE[c]! : SLOW;
    if (v === SLOW) return null;
    if (v === SEP) gap = true;
    else {
      if (gap && len > 0) out[len++] = 0x20;
      gap = false;
      out[len++] = v;
    }
  }
  return out.toString('latin1', 0, len);
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
  return shinglesOfWords(wh, n, k);
}

let wordHashes = new Uint32Array(1024);

/**
 * shingleSet(keyWords(key), k), with each word's FNV-1a hash (as fnv1a32) read straight off the
 * key between spaces: no word strings are built.
 */
export function keyShingleSet(key: string, k: number): Uint32Array {
  if (!key) return new Uint32Array(0);
  // split(' ') gives one more word than there are spaces, so key.length + 1 is always enough.
  if (wordHashes.length <= key.length) wordHashes = new Uint32Array(key.length * 2 + 1);
  const wh = wordHashes;
  let n = 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c === 0x20) {
      wh[n++] = h;
      h = 0x811c9dc5;
    } else h = Math.imul(h ^ c, 0x01000193);
  }
  wh[n++] = h;
  return shinglesOfWords(wh, n, k);
}

/** The sorted distinct shingle hashes of n words, given their hashes wh[0 .. n). */
function shinglesOfWords(wh: Uint32Array, n: number, k: number): Uint32Array {
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
    const { mul, add, numHashes } = this;
    const n = set.length;
    // Four hash functions per pass over the set, their minima in locals (registers) rather than
    // in `out`: about 2.4 times faster than one pass per shingle over all functions.
    let h = 0;
    for (; h + 4 <= numHashes; h += 4) {
      const m0 = mul[h]!, a0 = add[h]!, m1 = mul[h + 1]!, a1 = add[h + 1]!;
      const m2 = mul[h + 2]!, a2 = add[h + 2]!, m3 = mul[h + 3]!, a3 = add[h + 3]!;
      let min0 = 0xffffffff, min1 = 0xffffffff, min2 = 0xffffffff, min3 = 0xffffffff;
      for (let i = 0; i < n; i++) {
        const x = set[i]!;
        const v0 = (Math.imul(x, m0) + a0) >>> 0;
        if (v0 < min0) min0 = v0;
        const v1 = (Math.imul(x, m1) + a1) >>> 0;
        if (v1 < min1) min1 = v1;
        const v2 = (Math.imul(x, m2) + a2) >>> 0;
        if (v2 < min2) min2 = v2;
        const v3 = (Math.imul(x, m3) + a3) >>> 0;
        if (v3 < min3) min3 = v3;
      }
      out[h] = min0;
      out[h + 1] = min1;
      out[h + 2] = min2;
      out[h + 3] = min3;
    }
    for (; h < numHashes; h++) {
      const m = mul[h]!, a = add[h]!;
      let min = 0xffffffff;
      for (let i = 0; i < n; i++) {
        const v = (Math.imul(set[i]!, m) + a) >>> 0;
        if (v < min) min = v;
      }
      out[h] = min;
    }
    return out;
  }
}
