// Library entry points behind the CLI: build a dataset, clean single files.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { DiskCache } from './pipeline/cache.ts';
import { loadPipeline, type PipelineConfig } from './pipeline/config.ts';
import type { TaskExecutor } from './pipeline/executor.ts';
import { InlineExecutor } from './pipeline/inline-executor.ts';
import { resolveStages, runPipeline, type ProgressEvent, type RunResult } from './pipeline/runner.ts';
import { listInputFiles } from './pipeline/resolve.ts';
import { ThreadExecutor } from './pipeline/thread-executor.ts';
import type { RejectedInput, SegmentedDoc } from './pipeline/types.ts';
import { STAGES } from './stages/index.ts';
import type { WriteResult } from './stages/write.ts';

import { DEFAULT_CACHE_DIR, TOOL_VERSION } from './version.ts';

export { DEFAULT_CACHE_DIR, TOOL_VERSION };

export interface BuildOptions {
  inDir: string;
  outDir: string;
  pipeline?: string | PipelineConfig;
  onDocument?: (relPath: string, rejected: RejectedInput | null) => void;
  /**
   * Folder of the build cache (see src/pipeline/cache.ts), or false / absent for none: a
   * programmatic build shares no cache unless asked to (the CLI defaults to .corpus-cache).
   */
  cache?: string | false;
  /** After the build, remove every cache entry this build did not use. */
  cachePrune?: boolean;
  /**
   * Worker threads for the per-document stages and tagging (0 or 1: this thread; default 1). The
   * dataset is the same for any number. 'auto': one per core, but at most one per BYTES_PER_WORKER
   * of input (a worker takes a second or two to start, which a small input does not repay).
   */
  workers?: number | 'auto';
  /** Where tasks run, instead of `workers` (a pool or queue shared by several builds): not closed by build(). */
  executor?: TaskExecutor;
  /** How far the build is (see ProgressEvent; src/progress.ts displays it). */
  onProgress?: (event: ProgressEvent) => void;
  /** Time guard of one input's document stages (see RunOptions.documentTimeoutMs). */
  documentTimeoutMs?: number;
}

/** Input per worker thread below which 'auto' uses fewer workers. */
export const BYTES_PER_WORKER = 1024 * 1024;

/** The number of workers 'auto' means for an input folder. */
export function autoWorkers(inDir: string): number {
  let bytes = 0;
  try {
    for (const f of listInputFiles(inDir)) bytes += f.bytes;
  } catch {
    return 1; // the runner reports the folder
  }
  return Math.max(1, Math.min(availableParallelism(), Math.floor(bytes / BYTES_PER_WORKER)));
}

/** An executor for a number of workers: this thread for 0 or 1, else a pool of worker threads. */
export function executorFor(workers: number): TaskExecutor {
  return workers > 1 ? new ThreadExecutor({ workers }) : new InlineExecutor();
}

export async function build(options: BuildOptions): Promise<RunResult<WriteResult> & { pipeline: PipelineConfig }> {
  const pipeline = typeof options.pipeline === 'object' ? options.pipeline : await loadPipeline(options.pipeline ?? 'default');
  const stages = resolveStages(pipeline, STAGES);
  if (stages[stages.length - 1]?.stage.name !== 'write') throw new Error(`pipeline ${pipeline.name}: a build pipeline must end with the write stage`);
  const cache = options.cache ? new DiskCache(path.resolve(options.cache)) : null;
  const workers = options.workers === 'auto' ? autoWorkers(path.resolve(options.inDir)) : (options.workers ?? 1);
  const executor = options.executor ?? executorFor(workers);
  let result: RunResult<WriteResult>;
  try {
    result = await runPipeline<WriteResult>(pipeline, stages, {
      inDir: path.resolve(options.inDir),
      outDir: path.resolve(options.outDir),
      toolVersion: TOOL_VERSION,
      onDocument: options.onDocument,
      onProgress: options.onProgress,
      documentTimeoutMs: options.documentTimeoutMs,
      cache,
      executor,
    });
  } finally {
    if (!options.executor) await executor.close();
  }
  if (cache) {
    if (options.cachePrune) cache.prune();
    cache.finish();
    result.cache = cache.report();
  }
  return { ...result, pipeline };
}

async function documentStagesOf(pipelineName: string | PipelineConfig) {
  const pipeline = typeof pipelineName === 'object' ? pipelineName : await loadPipeline(pipelineName);
  const docStages = { ...pipeline, stages: pipeline.stages.filter((s) => STAGES.get(s.use)?.scope === 'document') };
  return { docStages, stages: resolveStages(docStages, STAGES) };
}

/** Runs the per-document stages on one in-memory document (name gives the format by extension). */
export async function cleanString(text: string | Buffer, name = 'document.txt', pipelineName: string | PipelineConfig = 'default'): Promise<SegmentedDoc | RejectedInput> {
  const { docStages, stages } = await documentStagesOf(pipelineName);
  const result = await runPipeline<{ documents: SegmentedDoc[] }>(docStages, stages, {
    inDir: '',
    outDir: '',
    memory: [{ relPath: name, bytes: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8') }],
    toolVersion: TOOL_VERSION,
  });
  return result.output.documents[0] ?? result.rejected[0]!;
}

/** Runs the per-document stages of a pipeline on the given files (no corpus stages, nothing written). */
export async function cleanFiles(
  files: string[],
  pipelineName: string | PipelineConfig = 'default',
): Promise<{ documents: SegmentedDoc[]; rejected: RejectedInput[] }> {
  const { docStages, stages } = await documentStagesOf(pipelineName);
  const abs = files.map((f) => path.resolve(f));
  const result = await runPipeline<{ documents: SegmentedDoc[] }>(docStages, stages, {
    inDir: path.dirname(abs[0] ?? '.'),
    outDir: '',
    files: abs,
    toolVersion: TOOL_VERSION,
  });
  const byPath = new Map(abs.map((f, i) => [path.basename(f), i]));
  const documents = [...result.output.documents].sort((a, b) => (byPath.get(a.relPath) ?? 0) - (byPath.get(b.relPath) ?? 0));
  return { documents, rejected: result.rejected };
}
