// Partial overlaps: a passage whose sentences mostly occur in another passage (a paragraph that
// a later revision split in two, or extended by a sentence). Sentences are compared by a hash of
// their normalised text; runs of equal hashes are found by sorting, not by a map of every sentence.
import { key53 } from './hash.ts';
import { SEP, SIMPLE, SLOW, words } from './minhash.ts';

export interface ContainedIn {
  /** The passage that is contained. */
  passage: number;
  /** The passage that contains it. */
  container: number;
  /** Share of the passage's sentences found in the container. */
  share: number;
}

/** Sentences shorter than this many words ("It can take different forms.") are too generic to count. */
const MIN_SENTENCE_WORDS = 5;

/** Keys of a passage's sentences that count (five words or more), each once. */
export function sentenceKeys(sentences: readonly string[]): number[] {
  const mine = new Set<number>();
  for (const s of sentences) {
    const key = sentenceKey(s);
    if (key >= 0) mine.add(key);
  }
  return [...mine];
}

/** key53(words(s).join(' ')), or -1 when s has fewer than MIN_SENTENCE_WORDS words. */
function sentenceKey(s: string): number {
  // Fast path (see SIMPLE): key53's two hashes run over the normalised words, spaces between, as
  // they are read, with no strings built; any other code unit takes the general path.
  let h1 = 0x811c9dc5;
  let h2 = 5381;
  let count = 0;
  let gap = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < SIMPLE.length ? SIMPLE[c]! : SLOW;
    if (v === SLOW) {
      const w = words(s);
      return w.length < MIN_SENTENCE_WORDS ? -1 : key53(w.join(' '));
    }
    if (v === SEP) {
      gap = true;
      continue;
    }
    if (gap) {
      if (count > 0) {
        h1 = Math.imul(h1 ^ 0x20, 0x01000193);
        h2 = (Math.imul(h2, 33) ^ 0x20) >>> 0;
      }
      count++;
      gap = false;
    }
    h1 = Math.imul(h1 ^ v, 0x01000193);
    h2 = (Math.imul(h2, 33) ^ v) >>> 0;
  }
  return count < MIN_SENTENCE_WORDS ? -1 : (h1 >>> 0) * 0x200000 + (h2 & 0x1fffff);
}

export function containments(
  passageSentences: readonly string[][],
  opts: { threshold: number; sameDocument: (a: number, b: number) => boolean },
): ContainedIn[] {
  return containmentsOfKeys(passageSentences.length, (p) => sentenceKeys(passageSentences[p]!), opts);
}

/** As containments, from each passage's distinct sentence keys (sentenceKeys). */
export function containmentsOfKeys(
  n: number,
  keysOf: (p: number) => ArrayLike<number>,
  opts: { threshold: number; sameDocument: (a: number, b: number) => boolean },
): ContainedIn[] {
  const keyList: number[] = [];
  const owner: number[] = [];
  const counted = new Uint32Array(n);
  for (let p = 0; p < n; p++) {
    const mine = keysOf(p);
    counted[p] = mine.length;
    for (let k = 0; k < mine.length; k++) {
      keyList.push(mine[k]!);
      owner.push(p);
    }
  }
  const keys = Float64Array.from(keyList);
  const order = Uint32Array.from(keys.keys()).sort((x, y) => keys[x]! - keys[y]! || owner[x]! - owner[y]!);
  // Shared sentence counts per ordered pair (p, q): p's sentences found in q.
  const shared = new Map<number, number>();
  let start = 0;
  for (let k = 1; k <= order.length; k++) {
    if (k < order.length && keys[order[k]!] === keys[order[start]!]) continue;
    if (k - start > 1 && k - start <= 50) {
      for (let x = start; x < k; x++) {
        for (let y = start; y < k; y++) {
          const p = owner[order[x]!]!;
          const q = owner[order[y]!]!;
          if (p === q) continue;
          const key = p * n + q;
          shared.set(key, (shared.get(key) ?? 0) + 1);
        }
      }
    }
    start = k;
  }
  const best = new Map<number, ContainedIn>();
  for (const [key, count] of shared) {
    const p = Math.floor(key / n);
    const q = key % n;
    if (opts.sameDocument(p, q)) continue;
    const share = count / counted[p]!;
    if (share < opts.threshold) continue;
    // p is contained in q only when q holds more than p does: mutual containment is a near or
    // exact duplicate, which MinHash handles.
    const reverse = (shared.get(q * n + p) ?? 0) / Math.max(1, counted[q]!);
    if (counted[q]! <= counted[p]! && reverse >= opts.threshold) continue;
    const prev = best.get(p);
    if (!prev || share > prev.share || (share === prev.share && q < prev.container)) best.set(p, { passage: p, container: q, share });
  }
  return [...best.values()].sort((a, b) => a.passage - b.passage);
}
