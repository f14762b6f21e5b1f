// The runner: resolves a declared pipeline against the stage registry, checks that the stages
// chain, feeds every input through the per-document stages and the result through the
// corpus-wide ones, and keeps each stage's counters and time. It knows no stage's internals.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SourcesFileSchema, type SourcesFile, type StageStats } from '../schemas.ts';
import { sha256 } from '../util/hash.ts';
import { configHash, type PipelineConfig } from './config.ts';
import { isRejection, type AnyStage, type BuildEnv, type StageContext } from './stage.ts';
import type { CorpusDocs, RawInput, RejectedInput } from './types.ts';

export const SOURCES_FILE = 'sources.json';
/** The data kind the runner feeds to the first stage. */
export const RAW_INPUT = 'raw-input';
/** The data kind the runner builds from the per-document results for the corpus stages. */
export const DOCUMENTS = 'documents';
/** The data kind the per-document stages must end with before corpus-wide stages start. */
export const SEGMENTED = 'segmented';

export interface ResolvedStage {
  stage: AnyStage;
  options: unknown;
}

export interface StageTiming {
  name: string;
  ms: number;
}

export interface RunResult<T = unknown> {
  output: T;
  stats: StageStats[];
  timings: StageTiming[];
  warnings: string[];
  rejected: RejectedInput[];
}

export interface RunOptions {
  inDir: string;
  outDir: string;
  /** Process these files (absolute paths) instead of the contents of inDir. */
  files?: string[];
  /** Process these in-memory documents instead (nothing is read from disk). */
  memory?: { relPath: string; bytes: Buffer }[];
  toolVersion: string;
  /** Called once per input when the per-document stages are done with it. */
  onDocument?: (relPath: string, rejected: RejectedInput | null) => void;
}

/** Looks every declared stage up and validates its options; throws one line per problem. */
export function resolveStages(config: PipelineConfig, registry: ReadonlyMap<string, AnyStage>): ResolvedStage[] {
  const resolved: ResolvedStage[] = [];
  let kind = RAW_INPUT;
  let seenCorpus = false;
  for (const [i, entry] of config.stages.entries()) {
    const stage = registry.get(entry.use);
    if (!stage) {
      throw new Error(`pipeline ${config.name}: stage ${i + 1} "${entry.use}" is unknown (known: ${[...registry.keys()].join(', ')})`);
    }
    if (stage.scope === 'corpus' && !seenCorpus) {
      if (kind !== SEGMENTED) {
        throw new Error(`pipeline ${config.name}: corpus stage "${stage.name}" needs segmented documents, but the stages before it produce "${kind}"`);
      }
      seenCorpus = true;
      kind = DOCUMENTS;
    } else if (stage.scope === 'document' && seenCorpus) {
      throw new Error(`pipeline ${config.name}: document stage "${stage.name}" cannot follow a corpus-wide stage`);
    }
    if (stage.consumes !== kind) {
      throw new Error(`pipeline ${config.name}: stage "${stage.name}" consumes "${stage.consumes}" but receives "${kind}"`);
    }
    const parsed = stage.options.safeParse(entry.options ?? {});
    if (!parsed.success) {
      throw new Error(`pipeline ${config.name}: options of stage "${stage.name}": ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
    }
    resolved.push({ stage, options: parsed.data });
    kind = stage.produces;
  }
  return resolved;
}

/** Every regular file under dir except the provenance file and dot-files, in a stable order. */
export function listInputs(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      if (name.startsWith('.')) continue;
      const relPath = rel ? `${rel}/${name}` : name;
      const st = statSync(path.join(dir, relPath));
      if (st.isDirectory()) walk(relPath);
      else if (st.isFile() && relPath !== SOURCES_FILE) out.push(relPath);
    }
  };
  walk('');
  return out;
}

const sourcesCache = new Map<string, SourcesFile>();
function loadSourcesCached(inDir: string): SourcesFile {
  const hit = sourcesCache.get(inDir);
  if (hit) return hit;
  const value = readSources(inDir);
  sourcesCache.set(inDir, value);
  return value;
}

function readSources(inDir: string): SourcesFile {
  const file = path.join(inDir, SOURCES_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const parsed = SourcesFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  return parsed.data;
}

/** A document's id is its file stem (the path without extension, for files in sub-folders). */
export const docIdOf = (relPath: string): string => relPath.replace(/\.[^./]+$/, '');

class Counters {
  readonly counters: Record<string, number> = {};
  constructor(readonly warnings: string[], readonly stageName: string) {}
  readonly ctx: StageContext = {
    count: (counter, n = 1) => {
      this.counters[counter] = (this.counters[counter] ?? 0) + n;
    },
    warn: (message) => {
      this.warnings.push(message);
    },
  };
}

export async function runPipeline<T = unknown>(config: PipelineConfig, stages: ResolvedStage[], opts: RunOptions): Promise<RunResult<T>> {
  const sources = opts.memory ? {} : readSources(opts.inDir);
  const warnings: string[] = [];
  const counters = stages.map((s) => new Counters(warnings, s.stage.name));
  const times = stages.map(() => 0);
  const finished: StageStats[] = [];
  const inputs: { relPath: string; absPath: string; sources: SourcesFile; bytes?: Buffer }[] = opts.memory
    ? opts.memory.map((m) => ({ relPath: m.relPath, absPath: '', sources: {}, bytes: m.bytes }))
    : opts.files
      ? opts.files.map((absPath) => ({ relPath: path.basename(absPath), absPath, sources: loadSourcesCached(path.dirname(absPath)) }))
      : listInputs(opts.inDir).map((relPath) => ({ relPath, absPath: path.join(opts.inDir, relPath), sources }));
  // The configuration as it runs: every stage's options with their defaults filled in, so that a
  // changed default changes the hash too.
  const resolvedConfig = { name: config.name, description: config.description, stages: stages.map((s) => ({ use: s.stage.name, options: s.options })) };
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
  };
  const fns = stages.map((s) => s.stage.create(s.options, env) as (input: unknown, ctx: StageContext) => unknown);
  const firstCorpus = stages.findIndex((s) => s.stage.scope === 'corpus');
  const docStageCount = firstCorpus === -1 ? stages.length : firstCorpus;

  const documents: unknown[] = [];
  const rejected: RejectedInput[] = [];
  for (const { relPath, absPath, sources: provenance, bytes: inMemory } of inputs) {
    let bytes: Buffer;
    try {
      bytes = inMemory ?? readFileSync(absPath);
    } catch (err) {
      const reason = `unreadable: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
      const rejection = { id: docIdOf(relPath), relPath, sha256: null, byteLength: 0, stage: 'read', reason };
      rejected.push(rejection);
      opts.onDocument?.(relPath, rejection);
      continue;
    }
    const id = docIdOf(relPath);
    let value: unknown = { id, relPath, absPath, bytes, provenance: provenance[id] ?? null } satisfies RawInput;
    let rejection: RejectedInput | null = null;
    for (let i = 0; i < docStageCount; i++) {
      const t0 = performance.now();
      const c = counters[i]!;
      c.ctx.count('in');
      try {
        value = fns[i]!(value, c.ctx);
      } catch (err) {
        // A stage that breaks on one input must not stop the build: the input is rejected.
        value = { rejected: true, reason: `${stages[i]!.stage.name} failed: ${(err as Error).message}` };
      }
      times[i]! += performance.now() - t0;
      if (isRejection(value)) {
        c.ctx.count('rejected');
        rejection = { id, relPath, sha256: sha256(bytes), byteLength: bytes.length, stage: stages[i]!.stage.name, reason: value.reason };
        rejected.push(rejection);
        break;
      }
      c.ctx.count('out');
    }
    if (!rejection) documents.push(value);
    opts.onDocument?.(relPath, rejection);
  }
  for (let i = 0; i < docStageCount; i++) finished.push(statsOf(stages[i]!, counters[i]!));

  let value: unknown = { documents: documents as CorpusDocs['documents'], rejected } satisfies CorpusDocs;
  for (let i = docStageCount; i < stages.length; i++) {
    const t0 = performance.now();
    value = await fns[i]!(value, counters[i]!.ctx);
    times[i]! += performance.now() - t0;
    finished.push(statsOf(stages[i]!, counters[i]!));
  }
  return {
    output: value as T,
    stats: finished,
    timings: stages.map((s, i) => ({ name: s.stage.name, ms: times[i]! })),
    warnings,
    rejected,
  };
}

function statsOf(s: ResolvedStage, c: Counters): StageStats {
  const sorted = Object.fromEntries(Object.entries(c.counters).sort(([a], [b]) => a.localeCompare(b)));
  return { name: s.stage.name, scope: s.stage.scope, counters: sorted };
}
