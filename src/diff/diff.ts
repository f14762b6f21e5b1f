// diffCorpora: what changed between two builds, as a DiffReport. Pure: it works on snapshots of
// the two datasets (see load.ts for reading them from folders or revisions).
import type { DatasetInfo } from '../dataset/read.ts';
import type { DocumentRecord, PassageRecord, ReferenceRecord, StatisticRecord } from '../schemas.ts';
import { sha256 } from '../util/hash.ts';
import { diffEntities, summariseEntity, type EntitySummary } from './entities.ts';
import { DEFAULT_PASSAGE_MATCH, diffPassages, type PassageMatchOptions } from './passages.ts';
import { diffReferences } from './references.ts';
import {
  DIFF_SCHEMA_VERSION,
  type DiffReport,
  type DiffSide,
  type DocumentBrief,
  type DocumentChange,
  type ReferenceBrief,
  type StatisticBrief,
  type StatisticChange,
} from './schema.ts';
import { DEFAULT_STATISTIC_MATCH, diffStatistics, type StatisticMatchOptions } from './statistics.ts';

/** A document without its text and blocks: hashes stand for them. */
export interface DocumentSummary {
  id: string;
  title: string | null;
  source: DocumentRecord['source'];
  stats: DocumentRecord['stats'];
  textHash: string;
  /** Hash of the document's passage texts in order; null when not computed. */
  passagesHash: string | null;
}

export interface CorpusSnapshot {
  side: DiffSide;
  documents: DocumentSummary[];
  /** Passages by document id; needed at least for every document that changed. */
  passages: ReadonlyMap<string, PassageRecord[]>;
  entities: EntitySummary[];
  statistics: StatisticRecord[];
  references: ReferenceRecord[];
}

export interface DiffOptions {
  passages?: Partial<PassageMatchOptions>;
  statistics?: Partial<StatisticMatchOptions>;
}

export function summariseDocument(d: DocumentRecord, passagesHash: string | null = null): DocumentSummary {
  return { id: d.id, title: d.title, source: d.source, stats: d.stats, textHash: sha256(d.text), passagesHash };
}

export const NO_PASSAGES_HASH = '0:0';

/**
 * Per-document fingerprint of the passages (index, offsets, text) as they stream by, in constant
 * memory per document: an XOR of per-passage hashes does not depend on the order they come in.
 */
export class PassageHasher {
  private readonly acc = new Map<string, { xor: bigint; n: number }>();
  add(p: PassageRecord): void {
    const h = BigInt(`0x${sha256(`${p.index}\u0000${p.start}\u0000${p.end}\u0000${p.text}`).slice(0, 16)}`);
    const a = this.acc.get(p.docId);
    if (a) {
      a.xor ^= h;
      a.n++;
    } else this.acc.set(p.docId, { xor: h, n: 1 });
  }
  hashes(): Map<string, string> {
    return new Map([...this.acc].map(([docId, a]) => [docId, `${a.n}:${a.xor.toString(16)}`]));
  }
}

export function sideOf(label: string, info: DatasetInfo, location: { kind: 'folder' } | { kind: 'revision'; commit: string }): DiffSide {
  return {
    label,
    kind: location.kind,
    commit: location.kind === 'revision' ? location.commit : null,
    schemaVersion: info.schemaVersion,
    toolVersion: info.toolVersion,
    datasetVersion: info.datasetVersion,
    pipeline: info.pipeline,
    configHash: info.configHash,
    documents: info.documents,
  };
}

/** A snapshot from records held in memory (tests, small corpora). */
export function snapshotFromRecords(
  side: DiffSide,
  records: {
    documents: DocumentRecord[];
    passages: PassageRecord[];
    entities: Parameters<typeof summariseEntity>[0][];
    statistics: StatisticRecord[];
    references: ReferenceRecord[];
  },
): CorpusSnapshot {
  const hasher = new PassageHasher();
  const passages = new Map<string, PassageRecord[]>();
  for (const p of records.passages) {
    hasher.add(p);
    const list = passages.get(p.docId);
    if (list) list.push(p);
    else passages.set(p.docId, [p]);
  }
  const hashes = hasher.hashes();
  return {
    side,
    documents: records.documents.map((d) => summariseDocument(d, hashes.get(d.id) ?? NO_PASSAGES_HASH)),
    passages,
    entities: records.entities.map(summariseEntity),
    statistics: records.statistics,
    references: records.references,
  };
}

/** Whether a document present on both sides changed, judged from its summaries alone. */
export function documentChanged(o: DocumentSummary, n: DocumentSummary): boolean {
  return (
    o.source.sha256 !== n.source.sha256 ||
    o.textHash !== n.textHash ||
    o.title !== n.title ||
    (o.passagesHash !== null && n.passagesHash !== null && o.passagesHash !== n.passagesHash)
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}

export function diffCorpora(old: CorpusSnapshot, nu: CorpusSnapshot, opts: DiffOptions = {}): DiffReport {
  const passageOpts = { ...DEFAULT_PASSAGE_MATCH, ...opts.passages };
  const statOpts = { ...DEFAULT_STATISTIC_MATCH, ...opts.statistics };
  const oldDocs = new Map(old.documents.map((d) => [d.id, d]));
  const newDocs = new Map(nu.documents.map((d) => [d.id, d]));
  const ids = [...new Set([...oldDocs.keys(), ...newDocs.keys()])].sort(cmp);

  const brief = (d: DocumentSummary): DocumentBrief => ({ id: d.id, title: d.title, sha256: d.source.sha256, passages: d.stats.passages, words: d.stats.words });
  const added: DocumentBrief[] = [];
  const removed: DocumentBrief[] = [];
  const changed: DocumentChange[] = [];
  const unchanged: string[] = [];
  const passageCounts = { added: 0, removed: 0, modified: 0, resegmented: 0, unchanged: 0 };
  for (const id of ids) {
    const o = oldDocs.get(id);
    const n = newDocs.get(id);
    if (!o) {
      added.push(brief(n!));
      passageCounts.added += n!.stats.passages;
    } else if (!n) {
      removed.push(brief(o));
      passageCounts.removed += o.stats.passages;
    } else if (!documentChanged(o, n)) {
      unchanged.push(id);
      passageCounts.unchanged += n.stats.passages;
    } else {
      const oldPassages = old.passages.get(id);
      const newPassages = nu.passages.get(id);
      if (!oldPassages || !newPassages) throw new Error(`diff: passages of changed document ${id} were not loaded`);
      const passages = diffPassages(oldPassages, newPassages, passageOpts);
      passageCounts.added += passages.added.length;
      passageCounts.removed += passages.removed.length;
      passageCounts.modified += passages.modified.filter((m) => m.textChanged).length;
      passageCounts.resegmented += passages.modified.filter((m) => !m.textChanged).length;
      passageCounts.unchanged += passages.unchanged;
      const version = (d: DocumentSummary) => ({
        sha256: d.source.sha256,
        bytes: d.source.bytes,
        profile: d.source.profile,
        url: d.source.url,
        revision: d.source.revision,
        date: d.source.date,
      });
      changed.push({
        id,
        title: { old: o.title, new: n.title },
        sourceChanged: o.source.sha256 !== n.source.sha256,
        textChanged: o.textHash !== n.textHash,
        source: { old: version(o), new: version(n) },
        stats: { old: o.stats, new: n.stats },
        passages,
      });
    }
  }

  const entities = diffEntities(old.entities, nu.entities);

  const names = { old: new Map(old.entities.map((e) => [e.id, e.name])), new: new Map(nu.entities.map((e) => [e.id, e.name])) };
  const oldStats = groupBy(old.statistics, (s) => s.docId);
  const newStats = groupBy(nu.statistics, (s) => s.docId);
  const statistics = { appeared: [] as StatisticBrief[], disappeared: [] as StatisticBrief[], changed: [] as StatisticChange[], unchanged: 0 };
  for (const docId of [...new Set([...oldStats.keys(), ...newStats.keys()])].sort(cmp)) {
    const d = diffStatistics(oldStats.get(docId) ?? [], newStats.get(docId) ?? [], names, statOpts);
    statistics.appeared.push(...d.appeared);
    statistics.disappeared.push(...d.disappeared);
    statistics.changed.push(...d.changed);
    statistics.unchanged += d.unchanged;
  }

  const oldRefs = groupBy(old.references, (r) => r.docId);
  const newRefs = groupBy(nu.references, (r) => r.docId);
  const references = { added: [] as ReferenceBrief[], removed: [] as ReferenceBrief[], unchanged: 0 };
  for (const docId of [...new Set([...oldRefs.keys(), ...newRefs.keys()])].sort(cmp)) {
    const d = diffReferences(oldRefs.get(docId) ?? [], newRefs.get(docId) ?? []);
    references.added.push(...d.added);
    references.removed.push(...d.removed);
    references.unchanged += d.unchanged;
  }

  const summary = {
    changed: false,
    documents: { added: added.length, removed: removed.length, changed: changed.length, unchanged: unchanged.length },
    passages: passageCounts,
    entities: { appeared: entities.appeared.length, disappeared: entities.disappeared.length, changed: entities.changed.length, unchanged: entities.unchanged },
    statistics: {
      appeared: statistics.appeared.length,
      disappeared: statistics.disappeared.length,
      changed: statistics.changed.length,
      unchanged: statistics.unchanged,
    },
    references: { added: references.added.length, removed: references.removed.length, unchanged: references.unchanged },
  };
  summary.changed =
    added.length + removed.length + changed.length > 0 ||
    entities.appeared.length + entities.disappeared.length + entities.changed.length > 0 ||
    statistics.appeared.length + statistics.disappeared.length + statistics.changed.length > 0 ||
    references.added.length + references.removed.length > 0;

  return {
    diffSchemaVersion: DIFF_SCHEMA_VERSION,
    old: old.side,
    new: nu.side,
    summary,
    documents: { added, removed, changed, unchanged },
    entities: { appeared: entities.appeared, disappeared: entities.disappeared, changed: entities.changed },
    statistics: { appeared: statistics.appeared, disappeared: statistics.disappeared, changed: statistics.changed },
    references: { added: references.added, removed: references.removed },
  };
}
