// Stage 6 (corpus-wide): duplicates within and across documents: exact (same normalised text),
// near (MinHash/LSH candidates verified by exact Jaccard), and contained (most sentences inside a
// longer passage of another document). Nothing is dropped: every passage keeps its record, and a
// duplicate points at its cluster's canonical passage with the kind of match and the similarity.
// With a cache, the result for the exact same passages and options is reused (a rebuild with no
// change); any change to any passage runs it again over all of them.
import { createHash } from 'node:crypto';
import { cacheKey, type StageCache } from '../pipeline/cache.ts';
import { corpusStage } from '../pipeline/stage.ts';
import type { CorpusDocs, DedupedCorpus } from '../pipeline/types.ts';
import type { PassageRecord } from '../schemas.ts';
import { deduplicate, DedupOptionsSchema, type DedupItem, type DedupOptions as DedupOptionsType, type DedupResult } from '../dedup/index.ts';
import { shortHash } from '../util/hash.ts';

/** The exact-duplicate key: case, punctuation and white space do not matter. */
export function dedupeKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export const DedupeOptions = DedupOptionsSchema;

export const dedupe = corpusStage({
  name: 'dedupe',
  description: 'exact, near (MinHash LSH) and contained duplicate passages, clustered with a canonical member',
  scope: 'corpus',
  consumes: 'documents',
  produces: 'deduplicated',
  options: DedupeOptions,
  create: (options, env) => (corpus: CorpusDocs, ctx): DedupedCorpus => {
    const documents = [...corpus.documents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const passages: PassageRecord[] = [];
    const items: DedupItem[] = [];
    for (const doc of documents) {
      const seen = new Map<string, number>();
      for (const p of doc.passages) {
        const occurrence = seen.get(p.text) ?? 0;
        seen.set(p.text, occurrence + 1);
        const key = dedupeKey(p.text);
        passages.push({
          id: shortHash(doc.id, p.text, String(occurrence)),
          docId: doc.id,
          index: p.index,
          section: p.section,
          type: p.type,
          text: p.text,
          textHash: shortHash(key),
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
          text: p.text,
          // Sentence offsets are into the document text; a passage's text is the document text from p.start.
          sentences: p.sentences.map((s) => p.text.slice(s.start - p.start, s.end - p.start)),
          exactKey: key,
          date: doc.provenance?.date ?? null,
          profile: doc.profile,
        });
      }
    }
    const { assignments, stats } = cachedDeduplicate(items, options, env.cache ?? null);
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

function cachedDeduplicate(items: DedupItem[], options: DedupOptionsType, cache: StageCache | null): DedupResult {
  if (!cache) return deduplicate(items, options);
  // Item by item: one JSON string of every passage would outgrow V8's string limit on a large corpus.
  const h = createHash('sha256');
  for (const item of items) h.update(JSON.stringify(item)).update('\n');
  const key = cacheKey('dedupe', options, h.digest('hex'));
  const hit = cache.get<DedupResult>(key);
  const ok = hit !== undefined && Array.isArray(hit.assignments) && hit.assignments.length === items.length && typeof hit.stats === 'object';
  cache.record('dedupe', ok);
  if (ok) return hit;
  const result = deduplicate(items, options);
  cache.set(key, result);
  return result;
}
