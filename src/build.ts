// Library entry points behind the CLI: build a dataset, clean single files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadPipeline, type PipelineConfig } from './pipeline/config.ts';
import { resolveStages, runPipeline, type RunResult } from './pipeline/runner.ts';
import type { RejectedInput, SegmentedDoc } from './pipeline/types.ts';
import { STAGES } from './stages/index.ts';
import type { WriteResult } from './stages/write.ts';

export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8')) as { version: string }
).version;

export interface BuildOptions {
  inDir: string;
  outDir: string;
  pipeline?: string | PipelineConfig;
  onDocument?: (relPath: string, rejected: RejectedInput | null) => void;
}

export async function build(options: BuildOptions): Promise<RunResult<WriteResult> & { pipeline: PipelineConfig }> {
  const pipeline = typeof options.pipeline === 'object' ? options.pipeline : await loadPipeline(options.pipeline ?? 'default');
  const stages = resolveStages(pipeline, STAGES);
  if (stages[stages.length - 1]?.stage.name !== 'write') throw new Error(`pipeline ${pipeline.name}: a build pipeline must end with the write stage`);
  const result = await runPipeline<WriteResult>(pipeline, stages, {
    inDir: path.resolve(options.inDir),
    outDir: path.resolve(options.outDir),
    toolVersion: TOOL_VERSION,
    onDocument: options.onDocument,
  });
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
