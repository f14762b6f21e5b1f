// A pipeline is declared as data: an ordered list of stage names with their options. The
// declaration is validated here; each stage validates its own options when it is created.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { stableStringify } from '../util/json.ts';

export const PipelineSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  description: z.string().default(''),
  stages: z
    .array(
      z.object({
        use: z.string().describe('stage name from the stage registry'),
        options: z.record(z.string(), z.unknown()).default({}),
      }),
    )
    .min(1),
});
export type PipelineConfig = z.infer<typeof PipelineSchema>;
export type PipelineInput = z.input<typeof PipelineSchema>;

/** Typed identity for pipeline files: `export default definePipeline({...})`. */
export const definePipeline = (config: PipelineInput): PipelineInput => config;

export const PIPELINES_DIR = path.resolve(import.meta.dirname, '../../pipelines');

/** Loads pipelines/NAME.ts (or a path to a pipeline module) and validates it. */
export async function loadPipeline(nameOrPath: string): Promise<PipelineConfig> {
  const file = /[\\/]|\.[cm]?[jt]s$/.test(nameOrPath)
    ? path.resolve(nameOrPath)
    : path.join(PIPELINES_DIR, `${nameOrPath}.ts`);
  if (!existsSync(file)) throw new Error(`${file}: no such pipeline`);
  const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  const parsed = PipelineSchema.safeParse(mod.default);
  if (!parsed.success) {
    throw new Error(`${file}: invalid pipeline: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  }
  return parsed.data;
}

export function configHash(config: unknown): string {
  return createHash('sha256').update(stableStringify(config)).digest('hex').slice(0, 16);
}
