// compromise computes character offsets on request; the entity and statistics extractors both read
// them from the same document, so they are computed once, by whichever runs first.
import type nlp from 'compromise';

/** The document with offsets on its terms (computed unless they are already there). */
export function withOffsets<D extends ReturnType<typeof nlp>>(doc: D): D {
  if (!(doc.docs[0]?.[0] as { offset?: unknown } | undefined)?.offset) doc.compute('offset');
  return doc;
}
