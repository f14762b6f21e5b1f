// Where consumers in other languages find the record schemas: every built dataset carries them in
// schema/<name>.json (written by the build from the zod schemas); jsonSchemas() gives the same
// documents from code.
import path from 'node:path';
import { DATASETS } from '../schemas.ts';

export { jsonSchemas } from '../output/json-schema.ts';

/** Names of the published JSON Schemas: one per JSONL dataset, plus the manifest and sources.json. */
export const JSON_SCHEMA_NAMES: readonly string[] = [...Object.keys(DATASETS).map((f) => f.replace(/\.jsonl$/, '')), 'manifest', 'sources'];

/** The JSON Schema files inside a dataset folder (default: this package's committed out/), by name. */
export function jsonSchemaFiles(datasetDir: string = path.resolve(import.meta.dirname, '../../out')): Record<string, string> {
  return Object.fromEntries(JSON_SCHEMA_NAMES.map((name) => [name, path.join(datasetDir, 'schema', `${name}.json`)]));
}
