// Synthetic passages for measuring deduplication: originals made from the seed corpus's sentences
// with enough word substitution that they are distinct from one another, and near duplicates of
// them with edits at known rates (word substitutions, insertions, deletions, sentence shuffles).
// Deterministic for a given seed.

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface EditRates {
  substitute: number;
  insert: number;
  delete: number;
  /** Probability that the sentence order is shuffled. */
  shuffle: number;
}

export interface SyntheticPassage {
  text: string;
  /** For a near duplicate: the index of the passage it was made from. */
  source: number | null;
  rates: EditRates | null;
}

export interface GenerateOptions {
  count: number;
  /** Share of the passages that are edited copies of earlier ones. */
  duplicateRate: number;
  /** Edit rates of the copies are drawn uniformly up to these maxima. */
  maxRates: EditRates;
  /** Share of each original's words replaced by random vocabulary words (makes originals distinct). */
  originalMutation: number;
  seed: number;
}

export const DEFAULT_GENERATE: Omit<GenerateOptions, 'count' | 'sentences'> = {
  duplicateRate: 0.2,
  maxRates: { substitute: 0.04, insert: 0.02, delete: 0.02, shuffle: 0.3 },
  originalMutation: 0.35,
  seed: 42,
};

/**
 * Sentences for shuffling: the text split after ".", "!" or "?" before white space. Nothing is
 * dropped: a full stop inside a word ("U.S.", "p.12") or one an abbreviation ends ("e.g." before
 * a space) at worst splits a sentence in two, which does not matter to a synthetic edit.
 */
const splitSentences = (text: string) => text.trim().split(/(?<=[.!?])\s+/).filter(Boolean);

export function edit(text: string, rates: EditRates, vocabulary: readonly string[], rand: () => number): string {
  let sentences = splitSentences(text);
  if (rand() < rates.shuffle && sentences.length > 1) {
    const i = Math.floor(rand() * sentences.length);
    const j = Math.floor(rand() * sentences.length);
    [sentences[i], sentences[j]] = [sentences[j]!, sentences[i]!];
  }
  sentences = sentences.map((s) => {
    const out: string[] = [];
    for (const w of s.split(' ')) {
      const r = rand();
      if (r < rates.delete) continue;
      if (r < rates.delete + rates.substitute) out.push(vocabulary[Math.floor(rand() * vocabulary.length)]!);
      else out.push(w);
      if (rand() < rates.insert) out.push(vocabulary[Math.floor(rand() * vocabulary.length)]!);
    }
    return out.join(' ');
  });
  return sentences.join(' ');
}

/** Passages built from a pool of seed sentences. */
export function generatePassages(sentencePool: readonly string[], opts: GenerateOptions): SyntheticPassage[] {
  const rand = prng(opts.seed);
  const vocabulary = [...new Set(sentencePool.join(' ').toLowerCase().match(/[a-z]{3,}/g) ?? [])].sort();
  const out: SyntheticPassage[] = [];
  const noMutation: EditRates = { substitute: opts.originalMutation, insert: 0, delete: 0, shuffle: 0 };
  for (let i = 0; i < opts.count; i++) {
    if (out.length > 0 && rand() < opts.duplicateRate) {
      // A copy of an earlier original, edited at rates drawn up to the maxima.
      let source = Math.floor(rand() * out.length);
      while (out[source]!.source !== null) source = out[source]!.source!;
      const m = opts.maxRates;
      const rates = { substitute: rand() * m.substitute, insert: rand() * m.insert, delete: rand() * m.delete, shuffle: m.shuffle };
      out.push({ text: edit(out[source]!.text, rates, vocabulary, rand), source, rates });
    } else {
      const n = 2 + Math.floor(rand() * 4);
      const parts: string[] = [];
      for (let k = 0; k < n; k++) parts.push(sentencePool[Math.floor(rand() * sentencePool.length)]!);
      out.push({ text: edit(parts.join(' '), noMutation, vocabulary, rand), source: null, rates: null });
    }
  }
  return out;
}
