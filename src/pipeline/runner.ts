// The runner (the coordinator of a build): resolves a declared pipeline against the stage
// registry, checks that the stages chain, has every input run through the per-document stages and
// hands the result to the corpus-wide ones, keeping each stage's counters and time. It knows no
// stage's internals.
//
// Where the work runs is the executor's business (RunOptions.executor: this thread, worker
// threads, a queue): each input is a `document` task (src/pipeline/document.ts, which also holds
// the per-document cache logic); corpus stages hand their own heavy work to env.executor. Inputs
// are pulled as workers free up; results come back in any order and are put back in input order
// (counters added up, warnings and rejections listed, in input order), so the dataset does not
// depend on the executor or the number of workers. With a cache, the coordinator first tries
// each input from the cache alone (every stage a hit) and sends only the others to workers.
//
// Memory: corpus-wide facts that document stages need (strip's repeated lines) are computed once
// here, streaming over the inputs (a stage's prepare hook), and handed to workers as a compact
// table in a file. Each document's whole result (raw text, cleaned text, blocks, removed spans,
// references) is written by the worker to a spill folder beside the output (v8, one file per
// document, and its cleaned text alone beside it); the coordinator keeps only the light part
// (provenance, title, passage offsets) and what corpus stages asked of each document (their
// `features` hook, computed on the worker: dedupe's fingerprints). Stages read text back one
// document at a time (CorpusDocs.load, CorpusDocs.text).
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { serialize } from 'node:v8';
import type { SourceEntry, SourcesFile, StageStats } from '../schemas.ts';
import { sha256 } from '../util/hash.ts';
import { cacheKey, type BuildCache, type CacheReport } from './cache.ts';
import { configHash, type PipelineConfig } from './config.ts';
import {
  createDocumentContext,
  readSpill,
  readSpillText,
  runDocument,
  spillFile,
  writeBlobs,
  writeSpill,
  writeSpillBytes,
  type DocumentResult,
  type DocumentSpec,
  type DocumentTask,
} from './document.ts';
import type { TaskExecutor } from './executor.ts';
import { InlineExecutor } from './inline-executor.ts';
import { docIdOf, listInputFiles, loadSourcesCached, readSources, type ResolvedStage } from './resolve.ts';
import type { BuildEnv, ProgressUpdate, StageContext } from './stage.ts';
import { toCorpusDoc, type CorpusDoc, type CorpusDocs, type RejectedInput, type SegmentedDoc } from './types.ts';

export { DOCUMENTS, RAW_INPUT, SEGMENTED, SOURCES_FILE, docIdOf, listInputs, resolveStages, type ResolvedStage } from './resolve.ts';

export interface StageTiming {
  name: string;
  ms: number;
}

export interface RunResult<T = unknown> {
  output: T;
  stats: StageStats[];
  /** Time per stage; for document stages, the sum over documents of the time spent in each (on every worker). */
  timings: StageTiming[];
  warnings: string[];
  rejected: RejectedInput[];
  /** Hits and misses of the build cache (null without a cache). Not part of the manifest. */
  cache: CacheReport | null;
}

/** How far the build is, for a progress display. */
export interface ProgressEvent {
  /** The stage running: a stage's name, or DOCUMENT_STAGES while inputs go through the document stages. */
  stage: string;
  /** What the stage is doing ("counting repeated lines", "tagging", "writing"...). */
  phase: string;
  /** Items of this phase done and in all (0 of 0 when the phase does not count any). */
  done: number;
  total: number;
  unit: string;
  /** Bytes of this phase done and in all (input bytes for documents, characters for passages; 0 when not counted). */
  bytesDone: number;
  bytesTotal: number;
  /** Inputs through the document stages, of all inputs. */
  documentsDone: number;
  documentsTotal: number;
}

/** ProgressEvent.stage while the inputs go through the document stages. */
export const DOCUMENT_STAGES = 'documents';

/** The default time guard of one input's document stages (on worker threads or a queue). */
export const DEFAULT_DOCUMENT_TIMEOUT_MS = 5 * 60_000;

export interface RunOptions {
  inDir: string;
  outDir: string;
  /** Process these files (absolute paths) instead of the contents of inDir. */
  files?: string[];
  /** Process these in-memory documents instead (nothing is read from disk). */
  memory?: { relPath: string; bytes: Buffer }[];
  toolVersion: string;
  /** Called once per input when the per-document stages are done with it (in completion order). */
  onDocument?: (relPath: string, rejected: RejectedInput | null) => void;
  /** Cache for document stage outputs and stages' own sub-results (none when absent). */
  cache?: BuildCache | null;
  /** Where tasks run (default: this thread). The runner does not close an executor it is given. */
  executor?: TaskExecutor;
  /** Progress of the build: called often (a display should throttle). */
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Time guard of one input's document stages, where the executor can enforce it (worker threads,
   * a queue): an input over it is rejected (stage "time-guard"), its worker replaced, and the
   * build goes on. Default DEFAULT_DOCUMENT_TIMEOUT_MS.
   */
  documentTimeoutMs?: number;
}

class Counters {
  readonly counters: Record<string, number> = {};
  constructor(readonly warnings: string[]) {}
  readonly ctx: StageContext = {
    count: (counter, n = 1) => {
      this.counters[counter] = (this.counters[counter] ?? 0) + n;
    },
    warn: (message) => {
      this.warnings.push(message);
    },
  };
}

interface Input {
  relPath: string;
  absPath: string;
  provenance: SourceEntry | null;
  bytes?: Buffer;
  size: number;
  mtimeMs: number;
}

let workSeq = 0;

/** Open files of blobs, the most recently used kept open (stages read many small ranges). */
class FdCache {
  private readonly fds = new Map<string, number>();
  constructor(private readonly max = 64) {}
  open(file: string): number {
    let fd = this.fds.get(file);
    if (fd !== undefined) {
      this.fds.delete(file);
      this.fds.set(file, fd);
      return fd;
    }
    if (this.fds.size >= this.max) {
      const [oldest, oldFd] = this.fds.entries().next().value!;
      closeSync(oldFd);
      this.fds.delete(oldest);
    }
    fd = openSync(file, 'r');
    this.fds.set(file, fd);
    return fd;
  }
  closeAll(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}

export async function runPipeline<T = unknown>(config: PipelineConfig, stages: ResolvedStage[], opts: RunOptions): Promise<RunResult<T>> {
  const sources = opts.memory ? {} : readSources(opts.inDir);
  const blobFds = new FdCache();
  const warnings: string[] = [];
  const counters = stages.map(() => new Counters(warnings));
  const times = stages.map(() => 0);
  const finished: StageStats[] = [];
  const inputs: Input[] = opts.memory
    ? opts.memory.map((m) => ({ relPath: m.relPath, absPath: '', provenance: null, bytes: m.bytes, size: m.bytes.length, mtimeMs: 0 }))
    : opts.files
      ? opts.files.map((absPath) => {
          const relPath = path.basename(absPath);
          const provenance: SourcesFile = loadSourcesCached(path.dirname(absPath));
          let st = { size: 0, mtimeMs: 0 };
          try {
            st = statSync(absPath);
          } catch {
            // unreadable: the document task says so
          }
          return { relPath, absPath, provenance: provenance[docIdOf(relPath)] ?? null, size: st.size, mtimeMs: st.mtimeMs };
        })
      : listInputFiles(opts.inDir).map((f) => ({
          relPath: f.relPath,
          absPath: path.join(opts.inDir, f.relPath),
          provenance: sources[docIdOf(f.relPath)] ?? null,
          size: f.bytes,
          mtimeMs: f.mtimeMs,
        }));
  const inputBytes = inputs.reduce((n, i) => n + i.size, 0);
  // The configuration as it runs: every stage's options with their defaults filled in, so that a
  // changed default changes the hash too.
  const resolvedConfig = { name: config.name, description: config.description, stages: stages.map((s) => ({ use: s.stage.name, options: s.options })) };
  const executor = opts.executor ?? new InlineExecutor();
  const cache = opts.cache ?? null;

  let current = DOCUMENT_STAGES;
  let preparing = false;
  let documentsDone = 0;
  const emit = (u: ProgressUpdate) =>
    opts.onProgress?.({
      stage: current,
      phase: u.phase,
      done: u.done ?? 0,
      total: u.total ?? 0,
      unit: u.unit ?? '',
      bytesDone: u.bytesDone ?? 0,
      // A document stage's prepare reads the inputs: their bytes in all, unless it says otherwise.
      bytesTotal: u.bytesTotal ?? (preparing && u.bytesDone !== undefined ? inputBytes : 0),
      documentsDone,
      documentsTotal: inputs.length,
    });
  const env: BuildEnv = {
    inDir: opts.inDir,
    inputPaths: inputs.filter((i) => i.absPath).map((i) => i.absPath),
    outDir: opts.outDir,
    sources,
    pipelineName: config.name,
    pipelineConfig: resolvedConfig,
    configHash: configHash(resolvedConfig),
    toolVersion: opts.toolVersion,
    stageStats: () => finished,
    cache,
    executor,
    progress: emit,
  };
  const firstCorpus = stages.findIndex((s) => s.stage.scope === 'corpus');
  const docStageCount = firstCorpus === -1 ? stages.length : firstCorpus;
  const hasCorpus = docStageCount < stages.length;
  // Document stages are created where they run (document.ts); corpus stages here.
  const corpusFns = stages.map((s, i) => (i >= docStageCount ? (s.stage.create(s.options, env) as (input: unknown, ctx: StageContext) => unknown) : null));

  // Beside the output: the prepared facts and the spilled documents, removed when the build ends.
  const workDir = hasCorpus && opts.outDir ? `${path.resolve(opts.outDir)}.work-${process.pid}-${workSeq++}` : null;
  if (workDir) removeStaleWorkDirs(path.resolve(opts.outDir));
  try {
    // Corpus-wide facts for the document stages, once, here.
    const prepared: [string, unknown][] = [];
    for (let i = 0; i < docStageCount; i++) {
      const s = stages[i]!.stage;
      if (s.scope !== 'document' || !s.prepare || prepared.some(([name]) => name === s.name)) continue;
      current = s.name;
      preparing = true;
      emit({ phase: 'preparing' });
      const t0 = performance.now();
      prepared.push([s.name, await s.prepare(env)]);
      times[i]! += performance.now() - t0;
      preparing = false;
    }
    current = DOCUMENT_STAGES;
    if (prepared.length) env.prepared = new Map(prepared);
    if (workDir) mkdirSync(workDir, { recursive: true });
    // A queue's workers may be on other machines: they get the facts inline and send whole documents back.
    const local = executor.kind !== 'queue';
    let preparedSpec: DocumentSpec['prepared'] = null;
    let preparedDigest = '';
    if (prepared.length) {
      const buf = serialize(prepared);
      preparedDigest = sha256(buf);
      if (workDir && local) {
        const file = path.join(workDir, 'prepared.v8');
        writeFileSync(file, buf);
        preparedSpec = { file };
      } else preparedSpec = { entries: prepared };
    }
    const spillDir = workDir && local ? path.join(workDir, 'docs') : null;
    // Corpus stages that want compact data of each document get it computed with the document.
    const featureStages = stages.slice(docStageCount).filter((s) => s.stage.scope === 'corpus' && s.stage.features);
    const base: Omit<DocumentSpec, 'id'> = {
      stages: stages.slice(0, docStageCount).map((s) => ({ use: s.stage.name, options: s.options as Record<string, unknown> })),
      pipelineName: config.name,
      pipelineConfig: resolvedConfig,
      configHash: env.configHash,
      inDir: opts.inDir,
      outDir: opts.outDir,
      toolVersion: opts.toolVersion,
      memory: Boolean(opts.memory),
      cache: cache ? { dir: cache.dir, namespace: cache.namespace } : null,
      prepared: preparedSpec,
      spillDir,
      packWhole: Boolean(workDir) && !local,
      features: featureStages.map((s) => ({ use: s.stage.name, options: s.options as Record<string, unknown> })),
    };
    const spec: DocumentSpec = { id: cacheKey('document-spec', { ...base, prepared: preparedDigest }), ...base };
    const results: DocumentResult[] = new Array(inputs.length);
    let bytesDone = 0;
    const rejectionOf = (input: Input, r: DocumentResult): RejectedInput | null =>
      r.rejection ? { id: docIdOf(input.relPath), relPath: input.relPath, ...r.rejection } : null;
    const finish = (i: number, r: DocumentResult) => {
      const input = inputs[i]!;
      if (hasCorpus && !r.rejection && !r.spill && workDir) {
        // Sent back whole (a queue worker): spilled here, as the worker serialised it when it did.
        const file = spillFile(path.join(workDir, 'docs'), i);
        if (r.packed) {
          writeSpillBytes(file, r.packed.doc, r.packed.text);
          delete r.packed;
        } else {
          writeSpill(file, r.doc as SegmentedDoc);
          r.doc = toCorpusDoc(r.doc as SegmentedDoc, r.features ?? {});
        }
        if (r.features) writeBlobs(file, r.features);
        r.spill = file;
      }
      results[i] = r;
      documentsDone++;
      bytesDone += input.size;
      emit({ phase: 'document stages', done: documentsDone, total: inputs.length, unit: 'documents', bytesDone, bytesTotal: inputBytes });
      opts.onDocument?.(input.relPath, rejectionOf(input, r));
    };
    // With a cache and workers elsewhere, a document whose every stage is cached is read here:
    // an unchanged corpus wakes no worker.
    const quick = cache && executor.kind !== 'inline' ? createDocumentContext(spec, stages.slice(0, docStageCount), env.prepared, featureStages) : null;
    /** Input index of each task handed to the executor (they are numbered in the order handed). */
    const dispatched: number[] = [];
    // Tasks are made as the executor pulls them: a queue's workers, which may not see this
    // machine's files, get each input's bytes, read here one task at a time.
    function* tasks(): Iterable<DocumentTask> {
      for (const [index, input] of inputs.entries()) {
        if (quick) {
          const hit = runDocument(quick, { spec, index, relPath: input.relPath, absPath: input.absPath, provenance: input.provenance, ...(input.bytes ? { bytes: input.bytes } : {}) }, true);
          if (hit) {
            finish(index, hit);
            continue;
          }
        }
        dispatched.push(index);
        let bytes = input.bytes;
        if (!bytes && !local) {
          try {
            bytes = readFileSync(input.absPath);
          } catch {
            // the worker reports it unreadable
          }
        }
        yield { spec, index, relPath: input.relPath, absPath: input.absPath, provenance: input.provenance, ...(bytes ? { bytes } : {}) };
      }
    }
    const timeoutMs = opts.documentTimeoutMs ?? DEFAULT_DOCUMENT_TIMEOUT_MS;
    const keyOf = (t: DocumentTask) => {
      const input = inputs[t.index]!;
      return cacheKey('document', spec.id, t.relPath, input.bytes ? sha256(input.bytes) : [input.size, input.mtimeMs]);
    };
    emit({ phase: 'document stages', done: 0, total: inputs.length, unit: 'documents', bytesDone: 0, bytesTotal: inputBytes });
    for await (const [k, outcome] of executor.run<DocumentTask, DocumentResult>('document', tasks(), { timeoutMs, keyOf })) {
      const i = dispatched[k]!;
      const input = inputs[i]!;
      const r: DocumentResult = outcome.ok
        ? outcome.value
        : {
            doc: null,
            spill: null,
            features: null,
            rejection: {
              stage: outcome.timedOut ? 'time-guard' : 'worker',
              reason: outcome.timedOut ? `document stages took over ${timeoutMs} ms; stopped by the time guard` : `worker failed: ${outcome.error}`,
              sha256: hashOf(input),
              byteLength: input.size,
            },
            counts: [],
            warnings: [],
            ms: [],
            cache: null,
          };
      finish(i, r);
    }

    // Input order from here: what each document did, added up.
    const documents: CorpusDoc[] = [];
    const rejected: RejectedInput[] = [];
    const spills = new Map<string, string>();
    /** Whole documents kept in memory (a build with nowhere to spill them: no output folder). */
    const whole = new Map<string, SegmentedDoc>();
    /** Corpus stages' blobs of each document: a file, or the bytes (nowhere to spill them). */
    const blobs = new Map<string, string | Uint8Array>();
    const blobKey = (relPath: string, stage: string) => `${relPath}\u0000${stage}`;
    for (const [i, r] of results.entries()) {
      r.counts.forEach((list, s) => {
        for (const [name, n] of list) counters[s]!.ctx.count(name, n);
      });
      r.warnings.forEach((list, s) => {
        for (const w of list) counters[s]!.ctx.warn(w);
      });
      r.ms.forEach((ms, s) => (times[s]! += ms));
      if (r.cache) cache?.absorb(r.cache);
      const rejection = rejectionOf(inputs[i]!, r);
      if (rejection) rejected.push(rejection);
      else {
        const relPath = (r.doc as CorpusDoc).relPath;
        for (const [name, f] of Object.entries(r.features ?? {})) {
          const where = f.blobFile ?? f.blob;
          if (where) blobs.set(blobKey(relPath, name), where);
        }
      }
      if (rejection) continue;
      if (r.spill) {
        documents.push(r.doc as CorpusDoc);
        spills.set((r.doc as CorpusDoc).relPath, r.spill);
      } else {
        const doc = r.doc as SegmentedDoc;
        documents.push(hasCorpus ? toCorpusDoc(doc, r.features ?? {}) : (doc as unknown as CorpusDoc));
        whole.set(doc.relPath, doc);
      }
    }
    for (let i = 0; i < docStageCount; i++) finished.push(statsOf(stages[i]!, counters[i]!));

    const load = (doc: CorpusDoc): SegmentedDoc => {
      const file = spills.get(doc.relPath);
      return file ? readSpill(file) : whole.get(doc.relPath)!;
    };
    const text = (doc: CorpusDoc): string => {
      const file = spills.get(doc.relPath);
      return file ? readSpillText(file) : whole.get(doc.relPath)!.text;
    };
    const blob = (doc: CorpusDoc, stage: string, start: number, end: number): Uint8Array => {
      const where = blobs.get(blobKey(doc.relPath, stage));
      if (where === undefined) throw new Error(`no ${stage} blob for ${doc.relPath}`);
      if (typeof where !== 'string') return where.subarray(start, end);
      const out = new Uint8Array(end - start);
      readSync(blobFds.open(where), out, 0, out.length, start);
      return out;
    };
    let value: unknown = { documents, rejected, load, text, blob } satisfies CorpusDocs;
    for (let i = docStageCount; i < stages.length; i++) {
      current = stages[i]!.stage.name;
      emit({ phase: 'running' });
      const t0 = performance.now();
      value = await corpusFns[i]!(value, counters[i]!.ctx);
      times[i]! += performance.now() - t0;
      finished.push(statsOf(stages[i]!, counters[i]!));
    }
    return {
      output: value as T,
      stats: finished,
      timings: stages.map((s, i) => ({ name: s.stage.name, ms: times[i]! })),
      warnings,
      rejected,
      cache: cache?.report() ?? null,
    };
  } finally {
    blobFds.closeAll();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
    if (!opts.executor) await executor.close();
  }
}

/** Work folders of builds into the same output that died (their process is gone). */
function removeStaleWorkDirs(outDir: string): void {
  const dir = path.dirname(outDir);
  const prefix = `${path.basename(outDir)}.work-`;
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(prefix));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^(\d+)-\d+$/.exec(name.slice(prefix.length))?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  }
}

function hashOf(input: Input): string | null {
  try {
    return sha256(input.bytes ?? readFileSync(input.absPath));
  } catch {
    return null;
  }
}

function statsOf(s: ResolvedStage, c: Counters): StageStats {
  const sorted = Object.fromEntries(Object.entries(c.counters).sort(([a], [b]) => a.localeCompare(b)));
  return { name: s.stage.name, scope: s.stage.scope, counters: sorted };
}
