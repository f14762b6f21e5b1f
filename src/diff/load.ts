// Reads two datasets for diffCorpora without holding either in memory whole: documents lose their
// text (a hash stands for it), entities their mentions, and only the passages of documents that
// changed are kept.
import type { Corpus } from '../dataset/read.ts';
import type { PassageRecord } from '../schemas.ts';
import {
  diffCorpora,
  documentChanged,
  NO_PASSAGES_HASH,
  PassageHasher,
  sideOf,
  summariseDocument,
  type CorpusSnapshot,
  type DiffOptions,
  type DocumentSummary,
} from './diff.ts';
import { summariseEntity } from './entities.ts';
import type { DiffReport } from './schema.ts';

export async function loadSnapshots(old: Corpus, nu: Corpus): Promise<{ old: CorpusSnapshot; new: CorpusSnapshot }> {
  const [oldDocs, newDocs] = await Promise.all([documentSummaries(old), documentSummaries(nu)]);
  const newById = new Map(newDocs.map((d) => [d.id, d]));
  const oldById = new Map(oldDocs.map((d) => [d.id, d]));
  const bothSides = (d: DocumentSummary) => oldById.has(d.id) && newById.has(d.id);
  const changedFromDocs = new Set(oldDocs.filter((d) => newById.has(d.id) && documentChanged(d, newById.get(d.id)!)).map((d) => d.id));

  // Passage hashes for every document; the passages themselves only for changed documents.
  const [oldPass, newPass] = await Promise.all([passagesOf(old, changedFromDocs), passagesOf(nu, changedFromDocs)]);
  const withHashes = (docs: DocumentSummary[], hashes: Map<string, string>) =>
    docs.map((d) => ({ ...d, passagesHash: hashes.get(d.id) ?? NO_PASSAGES_HASH }));
  const oldSummaries = withHashes(oldDocs, oldPass.hashes);
  const newSummaries = withHashes(newDocs, newPass.hashes);
  // Same text, different passages (segmentation changed): read those documents' passages too.
  const newSumById = new Map(newSummaries.map((d) => [d.id, d]));
  const late = new Set(
    oldSummaries.filter((d) => bothSides(d) && !changedFromDocs.has(d.id) && documentChanged(d, newSumById.get(d.id)!)).map((d) => d.id),
  );
  if (late.size) {
    const [o, n] = await Promise.all([passagesOf(old, late), passagesOf(nu, late)]);
    for (const [k, v] of o.kept) oldPass.kept.set(k, v);
    for (const [k, v] of n.kept) newPass.kept.set(k, v);
  }

  const snapshot = async (corpus: Corpus, documents: DocumentSummary[], passages: Map<string, PassageRecord[]>): Promise<CorpusSnapshot> => {
    const entities = [];
    for await (const e of corpus.entities()) entities.push(summariseEntity(e));
    return {
      side: sideOf(corpus.label, corpus.info, corpus.location),
      documents,
      passages,
      entities,
      statistics: await corpus.statistics().toArray(),
      references: await corpus.references().toArray(),
    };
  };
  const [o, n] = await Promise.all([snapshot(old, oldSummaries, oldPass.kept), snapshot(nu, newSummaries, newPass.kept)]);
  return { old: o, new: n };
}

async function documentSummaries(corpus: Corpus): Promise<DocumentSummary[]> {
  const out: DocumentSummary[] = [];
  for await (const d of corpus.documents()) out.push(summariseDocument(d));
  return out;
}

async function passagesOf(corpus: Corpus, keep: ReadonlySet<string>): Promise<{ hashes: Map<string, string>; kept: Map<string, PassageRecord[]> }> {
  const hasher = new PassageHasher();
  const kept = new Map<string, PassageRecord[]>();
  for await (const p of corpus.passages()) {
    hasher.add(p);
    if (!keep.has(p.docId)) continue;
    const list = kept.get(p.docId);
    if (list) list.push(p);
    else kept.set(p.docId, [p]);
  }
  for (const id of keep) if (!kept.has(id)) kept.set(id, []);
  return { hashes: hasher.hashes(), kept };
}

/** Reads both datasets and diffs them. */
export async function diffDatasets(old: Corpus, nu: Corpus, opts: DiffOptions = {}): Promise<DiffReport> {
  const s = await loadSnapshots(old, nu);
  return diffCorpora(s.old, s.new, opts);
}
