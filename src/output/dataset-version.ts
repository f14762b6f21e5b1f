// The dataset's semantic version, bumped by the build from what changed since the dataset it
// replaces: a schema change or a removed document is breaking (major), new documents are
// additions (minor), changed content or a changed pipeline is a fix (patch). A rebuild that changes
// nothing keeps the version, so the same inputs over the same dataset stay byte-identical.
import { DatasetVersionSchema, type DatasetVersion, type VersionChange } from '../schemas.ts';

/** What a version decision needs from a dataset: read leniently, since older manifests lack fields. */
export interface VersionFacts {
  version: string | null;
  /** The manifest's whole version record, carried over unchanged by a build that changes nothing. */
  record: DatasetVersion | null;
  configHash: string | null;
  /** docId -> sha256 of the source. */
  documents: Map<string, string | null>;
  /** output path -> sha256 (the manifest and the dataset card excluded). */
  outputs: Map<string, string>;
}

/** Files that describe the dataset rather than hold it; they change with the version itself. */
export const isDescriptiveOutput = (p: string): boolean => p === 'manifest.json' || p === 'README.md';

/** Facts from a manifest as JSON (any version of the tool); null when it is not a manifest. */
export function versionFacts(manifest: unknown): VersionFacts | null {
  const m = manifest as {
    dataset?: { version?: unknown };
    pipeline?: { configHash?: unknown };
    inputs?: { docId?: unknown; sha256?: unknown; status?: unknown }[];
    outputs?: { path?: unknown; sha256?: unknown }[];
  } | null;
  if (!m || typeof m !== 'object' || !Array.isArray(m.inputs) || !Array.isArray(m.outputs)) return null;
  const version = typeof m.dataset?.version === 'string' && /^\d+\.\d+\.\d+$/.test(m.dataset.version) ? m.dataset.version : null;
  const documents = new Map<string, string | null>();
  for (const i of m.inputs) if (i.status === 'processed' && typeof i.docId === 'string') documents.set(i.docId, typeof i.sha256 === 'string' ? i.sha256 : null);
  const outputs = new Map<string, string>();
  for (const o of m.outputs) if (typeof o.path === 'string' && typeof o.sha256 === 'string' && !isDescriptiveOutput(o.path)) outputs.set(o.path, o.sha256);
  const record = DatasetVersionSchema.safeParse(m.dataset);
  return { version, record: record.success ? record.data : null, configHash: typeof m.pipeline?.configHash === 'string' ? m.pipeline.configHash : null, documents, outputs };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The next version: from the previous dataset's facts (null when there is none) and this build's. */
export function nextVersion(previous: VersionFacts | null, current: VersionFacts): DatasetVersion {
  if (!previous?.version) return { version: '1.0.0', previous: null, change: 'initial', reasons: ['first versioned build of this dataset'] };
  const reasons: Record<Exclude<VersionChange, 'initial' | 'none'>, string[]> = { major: [], minor: [], patch: [] };
  const schemaChanged = [...new Set([...previous.outputs.keys(), ...current.outputs.keys()])]
    .filter((p) => p.startsWith('schema/') && previous.outputs.get(p) !== current.outputs.get(p))
    .sort();
  if (schemaChanged.length) reasons.major.push(`record schema changed: ${schemaChanged.join(', ')}`);
  const removed = [...previous.documents.keys()].filter((id) => !current.documents.has(id)).sort();
  if (removed.length) reasons.major.push(`${plural(removed.length, 'document')} removed: ${removed.join(', ')}`);
  const added = [...current.documents.keys()].filter((id) => !previous.documents.has(id)).sort();
  if (added.length) reasons.minor.push(`${plural(added.length, 'document')} added: ${added.join(', ')}`);
  const changedSources = [...current.documents].filter(([id, sha]) => previous.documents.has(id) && previous.documents.get(id) !== sha).map(([id]) => id).sort();
  if (changedSources.length) reasons.patch.push(`${plural(changedSources.length, 'source')} changed: ${changedSources.join(', ')}`);
  const changedData = [...new Set([...previous.outputs.keys(), ...current.outputs.keys()])].filter(
    (p) => !p.startsWith('schema/') && previous.outputs.get(p) !== current.outputs.get(p),
  );
  if (changedData.length && !changedSources.length && !added.length && !removed.length) reasons.patch.push(`content changed in ${plural(changedData.length, 'file')}`);
  if (previous.configHash !== current.configHash) reasons.patch.push('pipeline configuration changed');

  const change: VersionChange = reasons.major.length ? 'major' : reasons.minor.length ? 'minor' : reasons.patch.length ? 'patch' : 'none';
  // Nothing changed: the record stays as it was, so the rebuilt manifest is byte-identical.
  if (change === 'none' && previous.record) return previous.record;
  const [major, minor, patch] = previous.version.split('.').map(Number) as [number, number, number];
  const version =
    change === 'major' ? `${major + 1}.0.0` : change === 'minor' ? `${major}.${minor + 1}.0` : change === 'patch' ? `${major}.${minor}.${patch + 1}` : previous.version;
  return { version, previous: previous.version, change, reasons: change === 'none' ? [] : [...reasons.major, ...reasons.minor, ...reasons.patch] };
}
