// Small, fast, deterministic integer hashes for shingles and signatures (no crypto needed here).

/** FNV-1a over the UTF-16 code units of a string, 32 bits. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's 32-bit finaliser: a good bit mixer, used as a family of hash functions by seeding. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Deterministic pseudo-random 32-bit seeds (splitmix32). */
export function seeds(count: number, seed = 0x9e3779b9): Uint32Array {
  const out = new Uint32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    out[i] = (z ^ (z >>> 16)) >>> 0;
  }
  return out;
}

/**
 * A 53-bit key from two independent 32-bit hashes: collisions negligible up to billions of items.
 * containment.ts's sentenceKey computes the same key on the fly: change both or neither.
 */
export function key53(s: string): number {
  let h2 = 5381;
  for (let i = 0; i < s.length; i++) h2 = (Math.imul(h2, 33) ^ s.charCodeAt(i)) >>> 0;
  return fnv1a32(s) * 0x200000 + (h2 & 0x1fffff);
}
