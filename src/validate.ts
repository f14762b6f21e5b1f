// Checks a built dataset: the manifest against its schema, every output file against the hash
// and record count the manifest gives, and every JSONL line against its record schema.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DATASETS, ManifestSchema, type DatasetName } from './schemas.ts';
import { sha256 } from './util/hash.ts';

export interface ValidationReport {
  problems: string[];
  files: number;
  records: number;
}

export function validateDataset(dir: string): ValidationReport {
  const problems: string[] = [];
  let records = 0;
  const manifestPath = path.join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) return { problems: [`${manifestPath}: missing`], files: 0, records: 0 };
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (err) {
    return { problems: [`${manifestPath}: not JSON (${(err as Error).message})`], files: 0, records: 0 };
  }
  const manifest = ManifestSchema.safeParse(manifestJson);
  if (!manifest.success) return { problems: [`${manifestPath}: ${z.prettifyError(manifest.error).replace(/\n/g, '; ')}`], files: 0, records: 0 };
  for (const name of Object.keys(DATASETS)) {
    if (!manifest.data.outputs.some((o) => o.path === name)) problems.push(`${manifestPath}: does not list ${name}`);
  }
  for (const out of manifest.data.outputs) {
    const file = path.join(dir, out.path);
    if (!existsSync(file)) {
      problems.push(`${file}: listed in the manifest but missing`);
      continue;
    }
    const content = readFileSync(file);
    if (sha256(content) !== out.sha256) problems.push(`${file}: sha256 differs from the manifest`);
    const schema = DATASETS[out.path as DatasetName];
    if (!schema) continue;
    const lines = content.toString('utf8').split('\n').filter((l) => l !== '');
    if (lines.length !== out.records) problems.push(`${file}: ${lines.length} records, the manifest says ${out.records}`);
    lines.forEach((line, i) => {
      records++;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        problems.push(`${file}:${i + 1}: not JSON`);
        return;
      }
      const r = schema.safeParse(value);
      if (!r.success) problems.push(`${file}:${i + 1}: ${z.prettifyError(r.error).replace(/\n/g, '; ')}`);
    });
  }
  return { problems, files: manifest.data.outputs.length + 1, records };
}
