// Stage 6 (corpus-wide): exact duplicates of normalised passages, within and across documents.
// Nothing is dropped: the first occurrence (documents in id order, passages in reading order) is
// canonical and every other copy keeps its record with `duplicateOf` pointing at it.
import { z } from 'zod';
import { corpusStage } from '../pipeline/stage.ts';
import type { CorpusDocs, DedupedCorpus } from '../pipeline/types.ts';
import type { PassageRecord } from '../schemas.ts';
import { shortHash } from '../util/hash.ts';

export const DedupeOptions = z.object({
  /** Passages shorter than this (after normalisation) are never marked as duplicates. */
  minChars: z.number().int().nonnegative().default(40),
});

/** The exact-duplicate key: case, punctuation and white space do not matter. */
export function dedupeKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export const dedupe = corpusStage({
  name: 'dedupe',
  description: 'mark exact duplicate passages (normalised text) across and within documents',
  scope: 'corpus',
  consumes: 'documents',
  produces: 'deduplicated',
  options: DedupeOptions,
  create: (options) => (corpus: CorpusDocs, ctx): DedupedCorpus => {
    const documents = [...corpus.documents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const firstByKey = new Map<string, PassageRecord>();
    const pairCounts = new Map<string, number>();
    const passages: PassageRecord[] = [];
    for (const doc of documents) {
      const seen = new Map<string, number>();
      for (const p of doc.passages) {
        const occurrence = seen.get(p.text) ?? 0;
        seen.set(p.text, occurrence + 1);
        const key = dedupeKey(p.text);
        const record: PassageRecord = {
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
        };
        const first = key.length >= options.minChars ? firstByKey.get(key) : undefined;
        if (first) {
          record.duplicateOf = first.id;
          record.duplicateKind = 'exact';
          ctx.count('duplicates:exact');
          const pair = [first.docId, doc.id].sort().join('\u0000');
          pairCounts.set(pair, (pairCounts.get(pair) ?? 0) + 1);
        } else if (key.length >= options.minChars) {
          firstByKey.set(key, record);
        }
        passages.push(record);
      }
    }
    ctx.count('passages', passages.length);
    ctx.count('canonical', passages.filter((p) => p.duplicateOf === null).length);
    const pairs = [...pairCounts.entries()]
      .map(([k, exact]) => {
        const [docA, docB] = k.split('\u0000') as [string, string];
        return { docA, docB, exact };
      })
      .sort((a, b) => (a.docA + a.docB < b.docA + b.docB ? -1 : 1));
    return { ...corpus, documents, passages, pairs };
  },
});
