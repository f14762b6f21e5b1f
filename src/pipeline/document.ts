// One input through every per-document stage: the `document` task, run wherever the executor runs
// tasks (this thread, a worker thread, a queue worker). Everything the chain needs comes with the
// task (DocumentSpec: the resolved stages, the cache folder, the facts the stages prepared), so a
// fresh process can rebuild its context; a worker keeps one context per spec id.
//
// With a cache, each document stage's output is stored under a key chained from the input's hash
// (bytes, provenance, path) through each stage's name and resolved options (and its context key,
// for a stage whose output depends on corpus-wide facts). Keys need no stage to run (a stage with
// a context key needs its input: the output before it, read from the cache), so a rebuild looks
// for the longest cached prefix of each document's chain and resumes from there. An entry keeps
// the counters and warnings of the stages it covers, replayed on a hit, so the manifest is the
// same whether a value was computed or read. The cache is a folder: every worker opens it (writes
// are a temporary file renamed into place) and hands its use of it back (CacheJournal).
//
// The result carries the document's counters and warnings per stage (the coordinator adds them up
// in input order). With a spill folder, the whole segmented document is written there (v8) and
// only its light part (CorpusDoc: no raw text, cleaned text, blocks, removed spans) goes back.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { SourceEntry } from '../schemas.ts';
import { sha256 } from '../util/hash.ts';
import { cacheKey, DiskCache, type CacheJournal } from './cache.ts';
import { docIdOf, readSources, resolveStages, type ResolvedStage } from './resolve.ts';
import { isRejection, type AnyStage, type BuildEnv, type DocumentFeatures, type DocumentStage, type StageContext } from './stage.ts';
import { toCorpusDoc, type RawInput, type SegmentedDoc } from './types.ts';

/** What every document task of one build shares. */
export interface DocumentSpec {
  /** A hash of everything below: workers keep one context per id. */
  id: string;
  /** The document stages, options resolved (defaults filled in). */
  stages: { use: string; options: Record<string, unknown> }[];
  pipelineName: string;
  /** The whole pipeline as it runs (env.pipelineConfig) and its hash. */
  pipelineConfig: unknown;
  configHash: string;
  inDir: string;
  outDir: string;
  toolVersion: string;
  /** Inputs come with their bytes (no input folder, no provenance file). */
  memory: boolean;
  cache: { dir: string; namespace: string } | null;
  /** The stages' prepared facts ([stage name, facts]): inline, or in a v8 file beside the output. */
  prepared: { file: string } | { entries: [string, unknown][] } | null;
  /** Where each document's whole result is written (v8), or null to send it back whole. */
  spillDir: string | null;
  /**
   * With no spill folder: send the whole document back already serialised, for the coordinator to
   * write to its own spill as is (a queue's workers). It then never rebuilds the document's objects
   * only to serialise them again (less work; it did not lower the coordinator's peak RSS).
   */
  packWhole?: boolean;
  /** Corpus stages that compute per-document features (CorpusStage.features), options resolved. */
  features: { use: string; options: Record<string, unknown> }[];
}

/** One document task. */
export interface DocumentTask {
  spec: DocumentSpec;
  /** The input's position in the build (names its spill file). */
  index: number;
  relPath: string;
  absPath: string;
  provenance: SourceEntry | null;
  /** The input's content, for in-memory builds (else read from absPath). */
  bytes?: Buffer;
}

export interface DocumentResult {
  /** The light document (when spilled), the last stage's whole output, or null when rejected. */
  doc: unknown;
  /** The spill file of the whole document. */
  spill: string | null;
  /**
   * The corpus stages' features of the document, by stage name (null when rejected). With a spill
   * folder each blob is written beside the spill file (blobFile) instead of being sent back.
   */
  features: Record<string, ReturnedFeatures> | null;
  rejection: { stage: string; reason: string; sha256: string | null; byteLength: number } | null;
  /** Per document stage (in order): this document's counters and warnings, and the time spent. */
  counts: [string, number][][];
  warnings: string[][];
  ms: number[];
  /** This document's use of the cache (null without one). */
  cache: CacheJournal | null;
  /** The whole document serialised (v8) and its cleaned text, when the spec asks (packWhole); doc is then the light one. */
  packed?: { doc: Uint8Array; text: string };
}

/** A corpus stage's features of a document as they come back from its task. */
export interface ReturnedFeatures extends DocumentFeatures {
  /** Where the blob was written (then blob is absent). */
  blobFile?: string;
}

export interface DocumentContext {
  stages: ResolvedStage[];
  fns: ((input: unknown, ctx: StageContext) => unknown)[];
  env: BuildEnv;
  stageKeys: string[];
  hooks: (DocumentStage<unknown, unknown, unknown>['contextKey'] | undefined)[];
  /** Corpus stages' per-document features, in spec order. */
  features: { name: string; compute: (doc: SegmentedDoc) => DocumentFeatures }[];
  featuresKey: string;
  cache: DiskCache | null;
}

/** A cached document stage output with the counters and warnings of every stage up to it, per stage. */
interface DocEntry {
  value: unknown;
  counts: [string, number][][];
  warnings: string[][];
}

const isDocEntry = (e: unknown, stages: number): e is DocEntry =>
  typeof e === 'object' && e !== null && 'value' in e && Array.isArray((e as DocEntry).counts) && (e as DocEntry).counts.length === stages &&
  Array.isArray((e as DocEntry).warnings) && (e as DocEntry).warnings.length === stages;

/** The facts stages prepared, as a worker reads them. */
export function loadPrepared(prepared: DocumentSpec['prepared']): Map<string, unknown> | undefined {
  if (!prepared) return undefined;
  const entries = 'file' in prepared ? (deserialize(readFileSync(prepared.file)) as [string, unknown][]) : prepared.entries;
  return new Map(entries);
}

const contexts = new Map<string, DocumentContext>();
/** Contexts kept per thread (builds at once in one process, e.g. tests). */
const MAX_CONTEXTS = 4;

/** The document stages of a spec, created once per thread and spec. */
export function documentContext(spec: DocumentSpec, registry: ReadonlyMap<string, AnyStage>): DocumentContext {
  const hit = contexts.get(spec.id);
  if (hit) return hit;
  const stages = resolveStages({ name: spec.pipelineName, description: '', stages: spec.stages }, registry);
  const features = spec.features.map((f) => {
    const stage = registry.get(f.use);
    if (!stage || stage.scope !== 'corpus' || !stage.features) throw new Error(`stage ${f.use} computes no document features`);
    return { stage, options: f.options };
  });
  const ctx = createDocumentContext(spec, stages, undefined, features);
  if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value!);
  contexts.set(spec.id, ctx);
  return ctx;
}

/**
 * The document stages of a spec (resolved), with their own cache handle (prepared: the facts, if
 * at hand), and the corpus stages that compute features of each document (resolved).
 */
export function createDocumentContext(
  spec: DocumentSpec,
  stages: ResolvedStage[],
  prepared: ReadonlyMap<string, unknown> | undefined,
  featureStages: { stage: AnyStage; options: unknown }[],
): DocumentContext {
  const cache = spec.cache ? new DiskCache(spec.cache.dir, spec.cache.namespace) : null;
  const env: BuildEnv = {
    inDir: spec.inDir,
    outDir: spec.outDir,
    sources: spec.memory ? {} : readSources(spec.inDir),
    pipelineName: spec.pipelineName,
    pipelineConfig: spec.pipelineConfig,
    configHash: spec.configHash,
    toolVersion: spec.toolVersion,
    inputPaths: [],
    prepared: prepared ?? loadPrepared(spec.prepared),
    stageStats: () => [],
    cache,
  };
  const ctx: DocumentContext = {
    stages,
    fns: stages.map((s) => s.stage.create(s.options, env) as (input: unknown, ctx: StageContext) => unknown),
    env,
    stageKeys: stages.map((s) => cacheKey('document-stage', spec.toolVersion, s.stage.name, s.options)),
    hooks: stages.map((s) => (s.stage.scope === 'document' ? (s.stage.contextKey as DocumentContext['hooks'][number]) : undefined)),
    features: featureStages.map(({ stage, options }) => {
      const compute = stage.scope === 'corpus' ? stage.features : undefined;
      if (!compute) throw new Error(`stage ${stage.name} computes no document features`);
      return { name: stage.name, compute: (doc: SegmentedDoc) => compute(doc, options) };
    }),
    featuresKey: cacheKey('document-features', spec.toolVersion, spec.features),
    cache,
  };
  return ctx;
}

/**
 * Runs one input through the document stages (a stage that throws rejects the input; the chain
 * goes on with the next input). cacheOnly: the result only if every stage's output is in the
 * cache (else null, and nothing recorded), so that a coordinator need not wake a worker for it.
 */
export function runDocument(c: DocumentContext, task: DocumentTask): DocumentResult;
export function runDocument(c: DocumentContext, task: DocumentTask, cacheOnly: boolean): DocumentResult | null;
export function runDocument(c: DocumentContext, task: DocumentTask, cacheOnly = false): DocumentResult | null {
  const { stages, fns, env, stageKeys, hooks } = c;
  const cache = c.cache;
  const n = stages.length;
  const counts: Map<string, number>[] = stages.map(() => new Map());
  const warnings: string[][] = stages.map(() => []);
  const ms = stages.map(() => 0);
  const result = (doc: unknown, spill: string | null, rejection: DocumentResult['rejection'], features: DocumentResult['features'] = null): DocumentResult => ({
    doc,
    spill,
    rejection,
    features,
    counts: counts.map((m) => [...m]),
    warnings,
    ms,
    cache: cache ? cache.journal() : null,
  });
  const { relPath, absPath } = task;
  if (cacheOnly && !cache) return null;
  let bytes: Buffer;
  try {
    bytes = task.bytes ?? readFileSync(absPath);
  } catch (err) {
    if (cacheOnly) return null;
    const reason = `unreadable: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
    return result(null, null, { stage: 'read', reason, sha256: null, byteLength: 0 });
  }
  const id = docIdOf(relPath);
  const raw: RawInput = { id, relPath, absPath, bytes, provenance: task.provenance };
  let value: unknown = raw;
  const stageCtx = (i: number): StageContext => ({
    count: (counter, k = 1) => counts[i]!.set(counter, (counts[i]!.get(counter) ?? 0) + k),
    warn: (message) => void warnings[i]!.push(message),
  });
  const rejectAt = (i: number, reason: string) => result(null, null, { stage: stages[i]!.stage.name, reason, sha256: sha256(bytes), byteLength: bytes.length });
  let prevKey: string | null = cache ? cacheKey('input', sha256(bytes), raw.provenance, relPath, id) : null;
  let i = 0;
  while (i < n) {
    const hook = hooks[i];
    const options = stages[i]!.options;
    const t0 = performance.now();
    if (cache && prevKey !== null) {
      // Keys of this stage and the next ones, up to a stage that needs its input to know its key.
      const keys: string[] = [];
      try {
        let k = prevKey;
        for (let s = i; s < n && (s === i || !hooks[s]); s++) {
          k = cacheKey(stageKeys[s], k, s === i && hook ? hook(value, options, env) : '');
          keys.push(k);
        }
      } catch {
        prevKey = null; // a context that cannot be told: this document runs uncached from here
      }
      let hit = -1;
      let entry: DocEntry | undefined;
      for (let t = keys.length - 1; t >= 0 && hit < 0; t--) {
        const e = cache.get(keys[t]!);
        if (isDocEntry(e, i + t + 1)) [hit, entry] = [t, e];
      }
      if (entry) {
        for (let s = i; s <= i + hit; s++) {
          counts[s] = new Map(entry.counts[s]);
          warnings[s] = [...entry.warnings[s]!];
          cache.record(stages[s]!.stage.name, true);
          if (s < i + hit) cache.keep(keys[s - i]!);
        }
        value = entry.value;
        prevKey = keys[hit]!;
        i += hit + 1;
        ms[i - 1]! += performance.now() - t0;
        if (isRejection(value)) return rejectAt(i - 1, value.reason);
        continue;
      }
    }
    if (cacheOnly) {
      cache?.journal(); // the hits so far are the worker's to record
      return null;
    }
    cache?.record(stages[i]!.stage.name, false, relPath);
    const ctx = stageCtx(i);
    ctx.count('in');
    const input = value;
    let failed = false;
    try {
      value = fns[i]!(input, ctx);
    } catch (err) {
      // A stage that breaks on one input must not stop the build: the input is rejected.
      value = { rejected: true, reason: `${stages[i]!.stage.name} failed: ${(err as Error).message}` };
      failed = true;
    }
    if (isRejection(value)) ctx.count('rejected');
    else ctx.count('out');
    if (cache && prevKey !== null) {
      // A failure is not cached (it may not be the input's fault); a rejection is.
      try {
        prevKey = failed ? null : cacheKey(stageKeys[i], prevKey, hook ? hook(input, options, env) : '');
      } catch {
        prevKey = null;
      }
      if (prevKey !== null) {
        const entry: DocEntry = { value, counts: counts.slice(0, i + 1).map((m) => [...m]), warnings: warnings.slice(0, i + 1) };
        cache.set(prevKey, entry);
      }
    }
    ms[i]! += performance.now() - t0;
    if (isRejection(value)) return rejectAt(i, value.reason);
    i++;
  }
  const doc = value as SegmentedDoc;
  const features: Record<string, ReturnedFeatures> = documentFeatures(c, doc, prevKey);
  if (task.spec.spillDir) {
    const file = spillFile(task.spec.spillDir, task.index);
    writeSpill(file, doc);
    writeBlobs(file, features);
    return result(toCorpusDoc(doc, features), file, null, features);
  }
  if (task.spec.packWhole) return { ...result(toCorpusDoc(doc, features), null, null, features), packed: { doc: serialize(doc), text: doc.text } };
  return result(doc, null, null, features);
}

/** Where a corpus stage's blob of a spilled document is. */
export const blobFile = (spill: string, stage: string): string => `${spill}.${stage}.bin`;

/** Writes the features' blobs beside a spill file (each feature then says where its blob is). */
export function writeBlobs(spill: string, features: Record<string, ReturnedFeatures>): void {
  for (const [name, f] of Object.entries(features)) {
    if (!f.blob) continue;
    const file = blobFile(spill, name);
    writeFileSync(file, f.blob);
    features[name] = { data: f.data, blobFile: file };
  }
}

/** The corpus stages' features of a document, from the cache when its last stage's output was keyed. */
function documentFeatures(c: DocumentContext, doc: SegmentedDoc, docKey: string | null): Record<string, DocumentFeatures> {
  if (!c.features.length) return {};
  const key = c.cache && docKey !== null ? cacheKey(c.featuresKey, docKey) : null;
  if (key) {
    const hit = c.cache!.get<[string, DocumentFeatures][]>(key);
    const ok = Array.isArray(hit) && hit.length === c.features.length && hit.every((e, i) => Array.isArray(e) && e[0] === c.features[i]!.name);
    c.cache!.record('features', ok);
    if (ok) return Object.fromEntries(hit);
  }
  const entries = c.features.map((f) => [f.name, f.compute(doc)] as [string, DocumentFeatures]);
  if (key) c.cache!.set(key, entries);
  return Object.fromEntries(entries);
}

export const spillFile = (dir: string, index: number): string => path.join(dir, `${index}.v8`);

let spillDirsMade = new Set<string>();
export function writeSpill(file: string, doc: SegmentedDoc): void {
  writeSpillBytes(file, serialize(doc), doc.text);
}

/** Writes a spill file from the document already serialised (writeSpill, or a queue worker's packed result). */
export function writeSpillBytes(file: string, serialised: Uint8Array, text: string): void {
  const dir = path.dirname(file);
  if (!spillDirsMade.has(dir)) {
    mkdirSync(dir, { recursive: true });
    if (spillDirsMade.size > 16) spillDirsMade = new Set();
    spillDirsMade.add(dir);
  }
  writeFileSync(file, serialised);
  // The cleaned text alone as well: what stages read back most (passage text), without the rest.
  writeFileSync(`${file}.txt`, text);
}

export const readSpill = (file: string): SegmentedDoc => deserialize(readFileSync(file)) as SegmentedDoc;
export const readSpillText = (file: string): string => readFileSync(`${file}.txt`, 'utf8');
