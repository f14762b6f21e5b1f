// The contract every stage implements. A stage is a small pure transform: options are checked
// when the pipeline is loaded (bad options fail at once), and the returned function turns one
// typed input into one typed output while counting what it did in its own statistics.
import type { z } from 'zod';
import type { SourcesFile, StageStats } from '../schemas.ts';

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
  /** Every input file of the build (absolute paths), for stages that need corpus-wide features. */
  inputPaths: readonly string[];
  /** Statistics of the stages that have finished, in pipeline order. */
  stageStats(): StageStats[];
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
}

export interface CorpusStage<I, O, Opts = Record<string, never>> extends StageBase<Opts> {
  scope: 'corpus';
  create(options: Opts, env: BuildEnv): (input: I, ctx: StageContext) => O | Promise<O>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStage = DocumentStage<any, any, any> | CorpusStage<any, any, any>;

/** Identity helpers that keep each stage's generic types while it is declared. */
export const documentStage = <I, O, Opts>(s: DocumentStage<I, O, Opts>) => s;
export const corpusStage = <I, O, Opts>(s: CorpusStage<I, O, Opts>) => s;
