// Passage deduplication: exact duplicates (same normalised text), near duplicates (MinHash + LSH,
// verified by exact Jaccard of word shingles), and contained passages (most sentences found in a
// longer passage of another document). Duplicates form clusters; each cluster keeps one canonical
// passage, chosen by a deterministic policy; nothing is dropped.
import { z } from 'zod';
import { containmentsOfKeys, sentenceKeys } from './containment.ts';
import { jaccard, keyShingleSet, MinHasher } from './minhash.ts';
import { bandKeys, nearPairs, optimalBands } from './lsh.ts';
import { shortHash } from '../util/hash.ts';

export const CANONICAL_CRITERIA = ['newest', 'longest', 'profile', 'first'] as const;

export const DedupOptionsSchema = z.object({
  /** Passages with fewer characters of normalised text are never marked as duplicates. */
  minChars: z.number().int().nonnegative().default(40),
  /** Word shingle size for MinHash. */
  shingleSize: z.number().int().min(1).max(20).default(5),
  numHashes: z.number().int().min(8).max(1024).default(128),
  /** Jaccard similarity at or above which two passages are near duplicates. */
  threshold: z.number().min(0.05).max(1).default(0.7),
  /** LSH banding; chosen from numHashes and threshold when not given. */
  bands: z.number().int().positive().optional(),
  rows: z.number().int().positive().optional(),
  /** Share of a passage's sentences found in another passage that makes it contained. */
  containment: z.number().min(0.5).max(1).default(0.8),
  /** Canonical member of a cluster: criteria in order, ties broken by the next. */
  canonical: z.array(z.enum(CANONICAL_CRITERIA)).default(['newest', 'longest', 'profile', 'first']),
  /** For the "profile" criterion: profiles whose text needed fewer heuristics come first. */
  profileOrder: z.array(z.string()).default(['markdown', 'plain-text', 'html-article', 'wikipedia-dump', 'essay-site']),
});
export type DedupOptions = z.infer<typeof DedupOptionsSchema>;

export interface DedupItem {
  docId: string;
  index: number;
  text: string;
  sentences: string[];
  /** Exact-duplicate key (normalised text). */
  exactKey: string;
  /** Date of the source (ISO), for the "newest" criterion. */
  date: string | null;
  profile: string;
}

/**
 * What deduplication needs of one passage besides its band keys, shingles and sentence keys
 * (FingerprintData): a few numbers and short strings, so that a corpus's passages fit in memory
 * whatever their length.
 */
export interface Fingerprint {
  docId: string;
  index: number;
  /** Digest of the exact-duplicate key (normalised text): equal digests, equal texts. */
  key: string;
  /** Length of the exact-duplicate key (passages shorter than minChars are never duplicates). */
  keyChars: number;
  /** Length of the passage's text (the "longest" criterion). */
  chars: number;
  date: string | null;
  profile: string;
}

/** The variable-length part of each passage's fingerprint, by item index. */
export interface FingerprintData {
  /** LSH band keys (bands of the banding in use). */
  bands(i: number): Uint32Array;
  /** Sorted distinct word-shingle hashes of the exact-duplicate key. */
  shingles(i: number): Uint32Array;
  /** Distinct keys of the passage's sentences of five words or more (containment). */
  sentences(i: number): ArrayLike<number>;
}

/** Bands and rows for options. */
export const bandingOf = (opts: DedupOptions): { bands: number; rows: number } =>
  opts.bands && opts.rows ? { bands: opts.bands, rows: opts.rows } : optimalBands(opts.numHashes, opts.threshold);

/** Computes passages' fingerprints for one set of options (one MinHasher, reused). */
export function fingerprinter(opts: DedupOptions) {
  const banding = bandingOf(opts);
  const hasher = new MinHasher(banding.bands * banding.rows);
  const scratch = new Uint32Array(banding.bands * banding.rows);
  return {
    banding,
    /** exactKey: the normalised text (dedupeKey); sentences: the passage's sentences as text. */
    of(exactKey: string, textChars: number, sentences: readonly string[]) {
      const shingles = keyShingleSet(exactKey, opts.shingleSize);
      const bands = new Uint32Array(banding.bands);
      bandKeys(hasher.signature(shingles, scratch), banding.bands, banding.rows, bands, 0, shingles.length === 0);
      return { key: shortHash(exactKey), keyChars: exactKey.length, chars: textChars, shingles, bands, sentences: sentenceKeys(sentences) };
    },
  };
}

export type DuplicateKind = 'exact' | 'near' | 'contained';

export interface Assignment {
  duplicateOf: number | null;
  kind: DuplicateKind | null;
  similarity: number | null;
}

export interface DedupResult {
  assignments: Assignment[];
  /** Verified near pairs (item indices, a < b) with their Jaccard similarity. */
  nearPairs: { a: number; b: number; similarity: number }[];
  stats: { candidates: number; verifiedNear: number; exactPairs: number; clusters: number; contained: number; bands: number; rows: number };
}

function comparator(items: readonly Fingerprint[], opts: DedupOptions) {
  const profileRank = (p: string) => {
    const i = opts.profileOrder.indexOf(p);
    return i === -1 ? opts.profileOrder.length : i;
  };
  return (a: number, b: number): number => {
    const x = items[a]!;
    const y = items[b]!;
    for (const c of opts.canonical) {
      let d = 0;
      if (c === 'newest') {
        const dx = x.date ?? '';
        const dy = y.date ?? '';
        d = dx === dy ? 0 : dx > dy ? -1 : 1;
      }
      else if (c === 'longest') d = y.chars - x.chars;
      else if (c === 'profile') d = profileRank(x.profile) - profileRank(y.profile);
      else d = x.docId < y.docId ? -1 : x.docId > y.docId ? 1 : x.index - y.index;
      if (d !== 0) return d;
    }
    return a - b;
  };
}

export function deduplicate(items: readonly DedupItem[], opts: DedupOptions): DedupResult {
  const f = fingerprinter(opts);
  const prints = items.map((it) => f.of(it.exactKey, it.text.length, it.sentences));
  return deduplicateFingerprints(
    items.map((it, i) => ({ docId: it.docId, index: it.index, key: prints[i]!.key, keyChars: prints[i]!.keyChars, chars: prints[i]!.chars, date: it.date, profile: it.profile })),
    { bands: (i) => prints[i]!.bands, shingles: (i) => prints[i]!.shingles, sentences: (i) => prints[i]!.sentences },
    opts,
  );
}

/** Deduplication from passages' fingerprints (the same result as from their texts). */
export function deduplicateFingerprints(items: readonly Fingerprint[], data: FingerprintData, opts: DedupOptions): DedupResult {
  const n = items.length;
  const eligible = items.map((it) => it.keyChars >= opts.minChars);
  let exactPairs = 0;

  // Exact duplicates first: cheapest, and they need no signature.
  const firstByKey = new Map<string, number>();
  items.forEach((it, i) => {
    if (!eligible[i]) return;
    const first = firstByKey.get(it.key);
    if (first === undefined) firstByKey.set(it.key, i);
    else exactPairs++;
  });

  // Near duplicates among the distinct texts, by their band keys; candidates verified on their shingles.
  const reps = [...firstByKey.values()].sort((a, b) => a - b);
  const banding = bandingOf(opts);
  const keys = new Uint32Array(reps.length * banding.bands);
  reps.forEach((i, k) => keys.set(data.bands(i), k * banding.bands));
  const setOf = (k: number) => data.shingles(reps[k]!);
  const { pairs, stats } = nearPairs(keys, reps.length, banding.bands, setOf, { threshold: opts.threshold });

  // Exact groups: every distinct text with the passages that carry it, best member first.
  const better = comparator(items, opts);
  const groupOf = new Map<number, number[]>(reps.map((r) => [r, [] as number[]]));
  items.forEach((_, i) => {
    if (eligible[i]) groupOf.get(firstByKey.get(items[i]!.key)!)!.push(i);
  });
  const groups = reps.map((r) => groupOf.get(r)!.sort(better));
  // Clusters grow around centres, not by chaining: distinct texts are taken in canonical order;
  // one not yet clustered becomes a centre and takes its unclustered near neighbours. So every
  // member is within the threshold of its canonical passage (no A~B~C chain joins A to a far C).
  const neighbours = reps.map(() => [] as { k: number; similarity: number }[]);
  for (const p of pairs) {
    neighbours[p.a]!.push({ k: p.b, similarity: p.similarity });
    neighbours[p.b]!.push({ k: p.a, similarity: p.similarity });
  }
  const order = reps.map((_, k) => k).sort((x, y) => better(groups[x]![0]!, groups[y]![0]!));
  const centreOf = new Int32Array(reps.length).fill(-1);
  const assignments: Assignment[] = items.map(() => ({ duplicateOf: null, kind: null, similarity: null }));
  let clusters = 0;
  for (const k of order) {
    if (centreOf[k] !== -1) continue;
    centreOf[k] = k;
    const canonical = groups[k]![0]!;
    let size = groups[k]!.length;
    for (const m of groups[k]!.slice(1)) assignments[m] = { duplicateOf: canonical, kind: 'exact', similarity: 1 };
    const taken: number[] = [k];
    for (const { k: nk, similarity } of neighbours[k]!) {
      if (centreOf[nk] !== -1) continue;
      // Every pair inside a cluster stays above 0.9 x threshold, not only each member with the centre.
      if (taken.some((t) => t !== k && jaccard(setOf(t), setOf(nk)) < 0.9 * opts.threshold)) continue;
      taken.push(nk);
      centreOf[nk] = k;
      for (const m of groups[nk]!) {
        assignments[m] = { duplicateOf: canonical, kind: 'near', similarity: Math.round(similarity * 1000) / 1000 };
        size++;
      }
    }
    if (size > 1) clusters++;
  }

  // Contained passages: only those not already in a cluster, pointed at their container's canonical.
  const isCanonicalOf = new Set(assignments.map((a) => a.duplicateOf).filter((x): x is number => x !== null));
  const inCluster = (i: number) => assignments[i]!.duplicateOf !== null || isCanonicalOf.has(i);
  const contained = containmentsOfKeys(n, (i) => data.sentences(i), {
    threshold: opts.containment,
    sameDocument: (a, b) => items[a]!.docId === items[b]!.docId,
  }).filter((c) => eligible[c.passage] && !inCluster(c.passage));
  for (const c of contained) {
    assignments[c.passage] = { duplicateOf: c.container, kind: 'contained', similarity: Math.round(c.share * 1000) / 1000 };
  }
  // Point every duplicate at a canonical passage (a container may itself be a duplicate).
  for (let i = 0; i < n; i++) {
    const seen = new Set<number>([i]);
    let target = assignments[i]!.duplicateOf;
    while (target !== null && assignments[target]!.duplicateOf !== null && !seen.has(target)) {
      seen.add(target);
      target = assignments[target]!.duplicateOf;
    }
    if (target !== null && seen.has(target)) assignments[i] = { duplicateOf: null, kind: null, similarity: null };
    else assignments[i]!.duplicateOf = target;
  }
  return {
    assignments,
    nearPairs: pairs.map((p) => ({ a: reps[p.a]!, b: reps[p.b]!, similarity: p.similarity })),
    stats: { candidates: stats.candidates, verifiedNear: stats.verified, exactPairs, clusters, contained: contained.length, ...banding },
  };
}
