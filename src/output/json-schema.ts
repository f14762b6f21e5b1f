// JSON Schemas for consumers in other languages, generated from the zod schemas.
import { z } from 'zod';
import { DATASETS, ManifestSchema, SourcesFileSchema } from '../schemas.ts';

export function jsonSchemas(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [file, schema] of Object.entries(DATASETS)) out[file.replace(/\.jsonl$/, '')] = z.toJSONSchema(schema);
  out.manifest = z.toJSONSchema(ManifestSchema);
  out.sources = z.toJSONSchema(SourcesFileSchema);
  return out;
}
