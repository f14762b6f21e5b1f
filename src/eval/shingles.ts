// The cleaning metric of the project (cleaning-rules.md): word 4-gram shingles of the cleaned and
// the reference text, precision and recall over the shingle multisets per document, averaged over
// documents, F1 from the two averages. Tokens are runs of letters, digits and underscores, case kept.
export const SHINGLE_SIZE = 4;

export function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}\p{M}_]+/gu) ?? [];
}

export function shingles(text: string, n = SHINGLE_SIZE): Map<string, number> {
  const toks = tokens(text);
  const out = new Map<string, number>();
  if (toks.length === 0) return out;
  if (toks.length < n) {
    out.set(toks.join(' '), 1);
    return out;
  }
  for (let i = 0; i + n <= toks.length; i++) {
    const key = toks.slice(i, i + n).join(' ');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

export interface DocScore {
  precision: number | null;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

export function scoreDocument(predicted: string, reference: string): DocScore {
  const p = shingles(predicted);
  const g = shingles(reference);
  let tp = 0;
  let predTotal = 0;
  let goldTotal = 0;
  for (const [k, c] of p) {
    predTotal += c;
    tp += Math.min(c, g.get(k) ?? 0);
  }
  for (const c of g.values()) goldTotal += c;
  const fp = predTotal - tp;
  const fn = goldTotal - tp;
  const precision = predTotal === 0 ? null : tp / predTotal;
  const recall = goldTotal === 0 ? (predTotal === 0 ? 1 : 0) : tp / goldTotal;
  const pr = precision ?? 0;
  const f1 = pr + recall === 0 ? 0 : (2 * pr * recall) / (pr + recall);
  return { precision, recall, f1, tp, fp, fn };
}

export interface AggregateScore {
  documents: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Averages per-document precision (documents with output only) and recall; F1 of the averages. */
export function aggregate(scores: DocScore[]): AggregateScore {
  const withOutput = scores.filter((s) => s.precision !== null);
  const precision = withOutput.length ? withOutput.reduce((n, s) => n + s.precision!, 0) / withOutput.length : 0;
  const recall = scores.length ? scores.reduce((n, s) => n + s.recall, 0) / scores.length : 0;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { documents: scores.length, precision, recall, f1 };
}
