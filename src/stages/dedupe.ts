// Stage 6 (corpus-wide): duplicates within and across documents: exact (same normalised text),
// near (MinHash/LSH candidates verified by exact Jaccard), and contained (most sentences inside a
// longer passage of another document). Nothing is dropped: every passage keeps its record, and a
// duplicate points at its cluster's canonical passage with the kind of match and the similarity.
// The text-heavy part (normalising, shingling, MinHash, sentence keys) is the stage's per-document
// `features`, computed where the document stages run (worker threads, queue workers); the
// coordinator clusters on those fingerprints and never holds the passages' text. With a cache,
// the result for the exact same passages and options is reused (a rebuild with no change); any
// change to any passage runs it again over all of them.
import { createHash } from 'node:crypto';
import { cacheKey, type StageCache } from '../pipeline/cache.ts';
import { corpusStage } from '../pipeline/stage.ts';
import type { CorpusDoc, CorpusDocs, DedupedCorpus, PassageRow, SegmentedDoc } from '../pipeline/types.ts';
import {
  bandingOf,
  deduplicateFingerprints,
  DedupOptionsSchema,
  fingerprinter,
  type DedupOptions as DedupOptionsType,
  type DedupResult,
  type Fingerprint,
  type FingerprintData,
} from '../dedup/index.ts';
import { simpleKey } from '../dedup/minhash.ts';
import { shortHash } from '../util/hash.ts';

/** The exact-duplicate key: case, punctuation and white space do not matter. */
export function dedupeKey(text: string): string {
  // Most text takes the fast path (ASCII and common typographic marks), with the same result.
  return simpleKey(text) ?? text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export const DedupeOptions = DedupOptionsSchema;

/**
 * What dedupe needs of one document, computed where the document stages run (in parallel, on
 * workers): per passage its record id, exact-key digest, lengths, LSH band keys and sentence keys,
 * in flat typed arrays. The shingle hashes, needed only to verify candidate pairs, are the blob
 * (kept on disk; shingleStart gives each passage's range, in hashes).
 */
export interface DedupeFeatures {
  ids: string[];
  textHashes: string[];
  keyChars: number[];
  chars: number[];
  /** passages x bands band keys. */
  bands: Uint32Array;
  /** Shingle hashes of passage j: hashes shingleStart[j] .. shingleStart[j + 1] of the blob. */
  shingleStart: Uint32Array;
  /** Sentence keys of passage j: sentenceKeys[sentenceStart[j] .. sentenceStart[j + 1]). */
  sentenceKeys: Float64Array;
  sentenceStart: Uint32Array;
}

export function dedupeFeatures(doc: SegmentedDoc, options: DedupOptionsType): { data: DedupeFeatures; blob: Uint8Array } {
  const f = fingerprinter(options);
  const B = f.banding.bands;
  const n = doc.passages.length;
  const out: DedupeFeatures = {
    ids: [],
    textHashes: [],
    keyChars: [],
    chars: [],
    bands: new Uint32Array(n * B),
    shingleStart: new Uint32Array(n + 1),
    sentenceKeys: new Float64Array(0),
    sentenceStart: new Uint32Array(n + 1),
  };
  const shingles: Uint32Array[] = [];
  const sentences: number[] = [];
  const seen = new Map<string, number>();
  doc.passages.forEach((p, j) => {
    const occurrence = seen.get(p.text) ?? 0;
    seen.set(p.text, occurrence + 1);
    const key = dedupeKey(p.text);
    // Sentence offsets are into the document text; a passage's text is the document text from p.start.
    const print = f.of(key, p.text.length, p.sentences.map((s) => p.text.slice(s.start - p.start, s.end - p.start)));
    out.ids.push(shortHash(doc.id, p.text, String(occurrence)));
    out.textHashes.push(print.key);
    out.keyChars.push(print.keyChars);
    out.chars.push(print.chars);
    out.bands.set(print.bands, j * B);
    shingles.push(print.shingles);
    out.shingleStart[j + 1] = out.shingleStart[j]! + print.shingles.length;
    sentences.push(...print.sentences);
    out.sentenceStart[j + 1] = sentences.length;
  });
  const all = new Uint32Array(out.shingleStart[n]!);
  shingles.forEach((set, j) => all.set(set, out.shingleStart[j]!));
  out.sentenceKeys = Float64Array.from(sentences);
  return { data: out, blob: new Uint8Array(all.buffer) };
}

export const dedupe = corpusStage({
  name: 'dedupe',
  description: 'exact, near (MinHash LSH) and contained duplicate passages, clustered with a canonical member',
  scope: 'corpus',
  consumes: 'documents',
  produces: 'deduplicated',
  options: DedupeOptions,
  features: dedupeFeatures,
  create: (options, env) => (corpus: CorpusDocs, ctx): DedupedCorpus => {
    const documents = [...corpus.documents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const passages: PassageRow[] = [];
    const items: Fingerprint[] = [];
    /** Item i's document, its features and its passage's index in them. */
    const where: { doc: CorpusDoc; f: DedupeFeatures; j: number }[] = [];
    for (const doc of documents) {
      const f = doc.features.dedupe as DedupeFeatures | undefined;
      if (!f) throw new Error(`dedupe: document ${doc.id} came without its fingerprints`);
      doc.passages.forEach((p, j) => {
        passages.push({
          id: f.ids[j]!,
          docId: doc.id,
          index: p.index,
          section: p.section,
          type: p.type,
          textHash: f.textHashes[j]!,
          start: p.start,
          end: p.end,
          sentences: p.sentences,
          duplicateOf: null,
          duplicateKind: null,
          similarity: null,
        });
        items.push({
          docId: doc.id,
          index: p.index,
          key: f.textHashes[j]!,
          keyChars: f.keyChars[j]!,
          chars: f.chars[j]!,
          date: doc.provenance?.date ?? null,
          profile: doc.profile,
        });
        where.push({ doc, f, j });
      });
    }
    const B = bandingOf(options).bands;
    // Shingles are read from disk for the passages LSH makes candidates, the recent ones kept.
    const recent = new Map<number, Uint32Array>();
    const shingles = (i: number): Uint32Array => {
      let set = recent.get(i);
      if (set) return set;
      const { doc, f, j } = where[i]!;
      const bytes = corpus.blob(doc, 'dedupe', f.shingleStart[j]! * 4, f.shingleStart[j + 1]! * 4);
      // A view needs 4-byte alignment; bytes from a deserialised blob may not have it.
      set = bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4) : new Uint32Array(bytes.slice().buffer);
      if (recent.size >= 8192) recent.delete(recent.keys().next().value!);
      recent.set(i, set);
      return set;
    };
    const data: FingerprintData = {
      bands: (i) => where[i]!.f.bands.subarray(where[i]!.j * B, (where[i]!.j + 1) * B),
      shingles,
      sentences: (i) => where[i]!.f.sentenceKeys.subarray(where[i]!.f.sentenceStart[where[i]!.j]!, where[i]!.f.sentenceStart[where[i]!.j + 1]!),
    };
    const { assignments, stats } = cachedDeduplicate(items, data, passages, options, env.cache ?? null);
    const pairCounts = new Map<string, { exact: number; near: number; contained: number }>();
    assignments.forEach((a, i) => {
      if (a.duplicateOf === null || a.kind === null) return;
      const p = passages[i]!;
      const canonical = passages[a.duplicateOf]!;
      p.duplicateOf = canonical.id;
      p.duplicateKind = a.kind;
      p.similarity = a.similarity;
      ctx.count(`duplicates:${a.kind}`);
      const key = [p.docId, canonical.docId].sort().join('\u0000');
      const c = pairCounts.get(key) ?? { exact: 0, near: 0, contained: 0 };
      c[a.kind]++;
      pairCounts.set(key, c);
    });
    ctx.count('passages', passages.length);
    ctx.count('canonical', passages.filter((p) => p.duplicateOf === null).length);
    ctx.count('clusters', stats.clusters);
    ctx.count('lsh:candidates', stats.candidates);
    ctx.count('lsh:verified', stats.verifiedNear);
    const pairs = [...pairCounts.entries()]
      .map(([k, c]) => {
        const [docA, docB] = k.split('\u0000') as [string, string];
        return { docA, docB, ...c };
      })
      .sort((a, b) => (a.docA < b.docA ? -1 : a.docA > b.docA ? 1 : a.docB < b.docB ? -1 : a.docB > b.docB ? 1 : 0));
    return { ...corpus, documents, passages, pairs };
  },
});

function cachedDeduplicate(items: Fingerprint[], data: FingerprintData, passages: PassageRow[], options: DedupOptionsType, cache: StageCache | null): DedupResult {
  if (!cache) return deduplicateFingerprints(items, data, options);
  // The result is a function of the options and, per passage, of its id (a hash of its document,
  // text and occurrence), the sentences it was split into, and its document's date and profile.
  const h = createHash('sha256');
  items.forEach((item, i) => h.update(JSON.stringify([passages[i]!.id, passages[i]!.start, passages[i]!.sentences, item.date, item.profile])).update('\n'));
  const key = cacheKey('dedupe', options, h.digest('hex'));
  const hit = cache.get<DedupResult>(key);
  const ok = hit !== undefined && Array.isArray(hit.assignments) && hit.assignments.length === items.length && typeof hit.stats === 'object';
  cache.record('dedupe', ok);
  if (ok) return hit;
  const result = deduplicateFingerprints(items, data, options);
  cache.set(key, result);
  return result;
}
