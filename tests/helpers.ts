import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import path from 'node:path';
import { isRejection, type DocumentStage } from '../src/pipeline/stage.ts';
import type { IngestedDoc, ProfiledDoc } from '../src/pipeline/types.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const RAW = path.join(ROOT, 'raw');
export const SEEDS = {
  essay: '000_fabdf6038ec78e08',
  policy: '002_ff5b3b5c89c2e3fa',
  wikiOld: '003_7c6e312bb8215d43',
  wikiDump: '004_b80f684bde9cb13c',
} as const;

export function seedText(id: string): string {
  return readFileSync(path.join(RAW, `${id}.txt`), 'utf8');
}

/** A seed document as the ingest stage would hand it on. */
export function seedDoc(id: string, profile = ''): ProfiledDoc {
  const raw = seedText(id);
  const doc: IngestedDoc = { id, relPath: `${id}.txt`, sha256: '', byteLength: raw.length, format: 'text', raw, provenance: null };
  return { ...doc, profile };
}

export function docFrom(raw: string, format: IngestedDoc['format'] = 'text', id = 'fixture'): ProfiledDoc {
  return { id, relPath: `${id}.txt`, sha256: '', byteLength: raw.length, format, raw, provenance: null, profile: '' };
}

/** Cleaned text as one string (blocks joined by newlines). */
export const joined = (blocks: { text: string }[]) => blocks.map((b) => b.text).join('\n');


/** Runs one document stage on one input; a rejection fails the test with its reason. */
export function runStage<I, O, Opts>(stage: DocumentStage<I, O, Opts>, options: unknown, input: I): O {
  const fn = stage.create(stage.options.parse(options ?? {}), {} as never);
  const out = fn(input, { count: () => {}, warn: () => {} });
  if (isRejection(out)) throw new Error(`${stage.name} rejected: ${out.reason}`);
  return out;
}

/** Every file under dir, as paths relative to it, sorted. */
export function listFiles(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(dir, path.join(rel, e.name)) : [path.join(rel, e.name)]))
    .sort();
}

/** Two folders hold the same files with the same bytes. */
export function expectSameTree(a: string, b: string): void {
  const files = listFiles(a);
  expect(listFiles(b)).toEqual(files);
  for (const f of files) expect(readFileSync(path.join(b, f)).equals(readFileSync(path.join(a, f))), f).toBe(true);
}
