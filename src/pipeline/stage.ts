// The contract every stage implements. A stage is a small pure transform: options are checked
// when the pipeline is loaded (bad options fail at once), and the returned function turns one
// typed input into one typed output while counting what it did in its own statistics.
import type { z } from 'zod';
import type { SourcesFile, StageStats } from '../schemas.ts';
import type { StageCache } from './cache.ts';
import type { TaskExecutor } from './executor.ts';
import type { SegmentedDoc } from './types.ts';

export interface StageContext {
  /** Adds n to one of this stage's counters (reported in the manifest and the build summary). */
  count(counter: string, n?: number): void;
  /** A problem worth telling the user about that does not stop the build. */
  warn(message: string): void;
}

/** What a document stage returns to drop its input: recorded in the manifest, never silent. */
export interface Rejection {
  rejected: true;
  reason: string;
}

export const reject = (reason: string): Rejection => ({ rejected: true, reason });
export const isRejection = (value: unknown): value is Rejection =>
  typeof value === 'object' && value !== null && (value as Rejection).rejected === true;

/** Facts about the build run that some stages need (where to write, what the others reported). */
export interface BuildEnv {
  inDir: string;
  outDir: string;
  sources: SourcesFile;
  pipelineName: string;
  pipelineConfig: unknown;
  configHash: string;
  toolVersion: string;
  /**
   * Every input file of the build (absolute paths), for stages that need corpus-wide features. In
   * the coordinator only (a document stage's prepare, the corpus stages): document stages run on
   * workers, where this is empty; what they need of the corpus comes from prepare (env.prepared).
   */
  inputPaths: readonly string[];
  /**
   * What the document stages' prepare hooks computed, by stage name (on workers and in the
   * coordinator alike). Absent when no stage prepares anything.
   */
  prepared?: ReadonlyMap<string, unknown>;
  /**
   * Where CPU-heavy work runs (this thread, worker threads, a queue): a corpus stage hands it named
   * tasks (src/pipeline/tasks.ts). Absent when a stage is driven directly (tests): run inline.
   */
  executor?: TaskExecutor;
  /** Tells the user how far a long phase of a stage is (see ProgressUpdate). */
  progress?(update: ProgressUpdate): void;
  /** Statistics of the stages that have finished, in pipeline order. */
  stageStats(): StageStats[];
  /**
   * The build cache, for stages that cache their own sub-results (absent or null: no cache). What
   * a stage stores must be a function of its key alone, and the build's output must not depend on
   * whether a value came from the cache.
   */
  cache?: StageCache | null;
}

/** A stage's report on a long phase (items and bytes done of all, when known). */
export interface ProgressUpdate {
  phase: string;
  done?: number;
  total?: number;
  /** What the items are ("documents", "passages", "files"). */
  unit?: string;
  bytesDone?: number;
  bytesTotal?: number;
}

interface StageBase<Opts> {
  name: string;
  description: string;
  /** Data kinds chained by the runner: a stage's `consumes` must equal its predecessor's `produces`. */
  consumes: string;
  produces: string;
  options: z.ZodType<Opts>;
}

export interface DocumentStage<I, O, Opts = Record<string, never>> extends StageBase<Opts> {
  scope: 'document';
  create(options: Opts, env: BuildEnv): (input: I, ctx: StageContext) => O | Rejection;
  /**
   * For a stage whose output depends on more than its input and options (corpus-wide facts): a
   * string that changes whenever those facts change for this input, folded into the cache key of
   * the stage's output. Without it the runner assumes the output is a function of the input and
   * options alone. Called before the stage runs (to look its output up) and, when it had to run,
   * once more after (the output is stored under that answer), so a stage may learn while it runs
   * what its output depended on, and keep that in env.cache for the next build.
   */
  contextKey?(input: I, options: Opts, env: BuildEnv): string;
  /**
   * Corpus-wide facts the stage needs (independent of its options), computed once by the
   * coordinator before any document runs, reading what it needs from env.inputPaths as a stream;
   * handed to every worker as env.prepared.get(stage name). Must be plain data (structured clone,
   * v8 serialisation) and compact: it is loaded by every worker.
   */
  prepare?(env: BuildEnv): unknown;
}

export interface CorpusStage<I, O, Opts = Record<string, never>> extends StageBase<Opts> {
  scope: 'corpus';
  create(options: Opts, env: BuildEnv): (input: I, ctx: StageContext) => O | Promise<O>;
  /**
   * The compact data this stage needs of each document (hashes, signatures), computed where the
   * document stages run (on workers, in parallel) from the whole segmented document, and handed
   * to the stage as doc.features[stage name], so that the coordinator need not hold or re-read
   * the corpus's text. A function of the document and options alone (it is cached with the
   * document); plain data (structured clone, v8 serialisation).
   */
  features?(doc: SegmentedDoc, options: Opts): DocumentFeatures;
}

/** What a corpus stage's features hook returns for one document. */
export interface DocumentFeatures {
  /** Held by the coordinator for the whole build (doc.features[stage name]): keep it compact. */
  data: unknown;
  /**
   * Bytes the stage reads back only in part (CorpusDocs.blob), such as the shingle hashes of
   * passages that turn out to be candidates: kept on disk beside the document, not in memory.
   */
  blob?: Uint8Array;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStage = DocumentStage<any, any, any> | CorpusStage<any, any, any>;

/** Identity helpers that keep each stage's generic types while it is declared. */
export const documentStage = <I, O, Opts>(s: DocumentStage<I, O, Opts>) => s;
export const corpusStage = <I, O, Opts>(s: CorpusStage<I, O, Opts>) => s;
