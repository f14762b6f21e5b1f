// Bibliography entries, old against new within each document: by DOI, then URL, then title and
// year, then the raw entry, each normalised.
import type { ReferenceRecord } from '../schemas.ts';
import type { ReferenceBrief } from './schema.ts';

export interface ReferenceDiff {
  added: ReferenceBrief[];
  removed: ReferenceBrief[];
  unchanged: number;
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
const url = (u: string) => u.trim().toLowerCase().replace(/^https?:\/\/(www\.)?/, '').replace(/[/#?]+$/, '');

const KEYS: Array<(r: ReferenceRecord) => string | null> = [
  (r) => (r.doi ? `doi:${r.doi.trim().toLowerCase()}` : null),
  (r) => (r.url ? `url:${url(r.url)}` : null),
  (r) => (r.title ? `title:${fold(r.title)}|${r.year ?? ''}` : null),
  (r) => `raw:${fold(r.raw)}`,
];

export const briefReference = (r: ReferenceRecord): ReferenceBrief => ({
  id: r.id,
  docId: r.docId,
  index: r.index,
  raw: r.raw,
  title: r.title,
  year: r.year,
  doi: r.doi,
  url: r.url,
});

/** References of one document (or of a document only one side has). */
export function diffReferences(oldRefs: ReferenceRecord[], newRefs: ReferenceRecord[]): ReferenceDiff {
  const byIndex = (a: ReferenceRecord, b: ReferenceRecord) => a.index - b.index;
  let olds = [...oldRefs].sort(byIndex);
  let news = [...newRefs].sort(byIndex);
  let unchanged = 0;
  for (const key of KEYS) {
    const index = new Map<string, number[]>();
    news.forEach((r, j) => {
      const k = key(r);
      if (k === null) return;
      const q = index.get(k);
      if (q) q.push(j);
      else index.set(k, [j]);
    });
    const matched = new Set<number>();
    olds = olds.filter((r) => {
      const k = key(r);
      const j = k === null ? undefined : index.get(k)?.shift();
      if (j === undefined) return true;
      matched.add(j);
      unchanged++;
      return false;
    });
    news = news.filter((_, j) => !matched.has(j));
  }
  return { added: news.map(briefReference), removed: olds.map(briefReference), unchanged };
}
