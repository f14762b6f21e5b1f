// The dataset's version and card: bumped by the build from what changed, kept when nothing did.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { build } from '../src/build.ts';
import { licenceId, sizeCategory } from '../src/output/dataset-card.ts';
import { nextVersion, versionFacts } from '../src/output/dataset-version.ts';
import { ManifestSchema, type Manifest } from '../src/schemas.ts';
import { RAW, SEEDS } from './helpers.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'corpus-version-'));
const manifestOf = (dir: string): Manifest => ManifestSchema.parse(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')));

/** An input folder with some of the seeds (and their sources.json), optionally edited. */
function inputs(name: string, ids: string[], edit?: (id: string, text: string) => string): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(path.join(RAW, 'sources.json'), path.join(dir, 'sources.json'));
  for (const id of ids) {
    const text = readFileSync(path.join(RAW, `${id}.txt`), 'utf8');
    writeFileSync(path.join(dir, `${id}.txt`), edit ? edit(id, text) : text);
  }
  return dir;
}

describe('dataset version across rebuilds of one out/ folder', () => {
  const out = path.join(tmp, 'out');
  const versions: Manifest['dataset'][] = [];
  let first = '';
  let rebuilt = '';
  beforeAll(async () => {
    const two = inputs('two', [SEEDS.essay, SEEDS.policy]);
    await build({ inDir: two, outDir: out });
    versions.push(manifestOf(out).dataset);
    first = readFileSync(path.join(out, 'manifest.json'), 'utf8');
    await build({ inDir: two, outDir: out });
    versions.push(manifestOf(out).dataset);
    rebuilt = readFileSync(path.join(out, 'manifest.json'), 'utf8');
    // A new document: minor.
    await build({ inDir: inputs('three', [SEEDS.essay, SEEDS.policy, SEEDS.wikiOld]), outDir: out });
    versions.push(manifestOf(out).dataset);
    // A changed source: patch.
    await build({ inDir: inputs('edited', [SEEDS.essay, SEEDS.policy, SEEDS.wikiOld], (id, t) => (id === SEEDS.essay ? t.replace('coercion', 'force') : t)), outDir: out });
    versions.push(manifestOf(out).dataset);
    // A document gone: major.
    await build({ inDir: inputs('fewer', [SEEDS.policy, SEEDS.wikiOld]), outDir: out });
    versions.push(manifestOf(out).dataset);
  }, 120_000);

  it('starts at 1.0.0 and keeps the version, byte for byte, when nothing changed', () => {
    expect(versions[0]).toMatchObject({ version: '1.0.0', previous: null, change: 'initial' });
    expect(versions[1]).toEqual(versions[0]);
    expect(rebuilt).toBe(first);
  });

  it('bumps minor for new documents, patch for changed content, major for removed documents', () => {
    expect(versions.slice(2).map((v) => [v.version, v.previous, v.change])).toEqual([
      ['1.1.0', '1.0.0', 'minor'],
      ['1.1.1', '1.1.0', 'patch'],
      ['2.0.0', '1.1.1', 'major'],
    ]);
    expect(versions[2]!.reasons).toEqual([`1 document added: ${SEEDS.wikiOld}`]);
    expect(versions[3]!.reasons).toEqual([`1 source changed: ${SEEDS.essay}`]);
    expect(versions[4]!.reasons).toEqual([`1 document removed: ${SEEDS.essay}`]);
  });

  it('writes a dataset card whose front matter and counts match the manifest', () => {
    const card = readFileSync(path.join(out, 'README.md'), 'utf8');
    const front = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(card)![1]!) as Record<string, unknown>;
    const manifest = manifestOf(out);
    expect(front.dataset_version).toBe('2.0.0');
    expect(front.language).toEqual(['en']);
    expect(front.size_categories).toEqual(['n<1K']);
    expect(front.license).toEqual(['other', 'unknown']);
    expect((front.configs as { data_files: string }[]).map((c) => c.data_files)).toEqual(manifest.outputs.filter((o) => o.path.endsWith('.jsonl')).map((o) => o.path));
    const passages = manifest.outputs.find((o) => o.path === 'passages.jsonl')!.records;
    expect(card).toContain(`| passages.jsonl | ${passages} |`);
    expect(card).toContain(`| \`${SEEDS.wikiOld}\` | Human trafficking | Wikipedia | CC BY-SA |`);
    expect(card).toContain('- 1 document removed');
    expect(manifest.outputs.find((o) => o.path === 'README.md')?.bytes).toBe(Buffer.byteLength(card));
  });
});

describe('version rules', () => {
  const facts = (docs: Record<string, string>, outputs: Record<string, string>, version: string | null = '1.2.3', configHash = 'c') =>
    versionFacts({ dataset: version ? { version, previous: null, change: 'initial', reasons: [] } : undefined, pipeline: { configHash }, inputs: Object.entries(docs).map(([docId, sha256]) => ({ docId, sha256, status: 'processed' })), outputs: Object.entries(outputs).map(([p, sha256]) => ({ path: p, sha256 })) })!;
  it('takes a schema change for major, a changed output or configuration for patch', () => {
    const before = facts({ a: '1' }, { 'schema/passages.json': 's1', 'passages.jsonl': 'p1' });
    expect(nextVersion(before, facts({ a: '1' }, { 'schema/passages.json': 's2', 'passages.jsonl': 'p1' })).version).toBe('2.0.0');
    expect(nextVersion(before, facts({ a: '1' }, { 'schema/passages.json': 's1', 'passages.jsonl': 'p2' })).change).toBe('patch');
    expect(nextVersion(before, facts({ a: '1' }, { 'schema/passages.json': 's1', 'passages.jsonl': 'p1' }, null, 'd')).reasons).toEqual(['pipeline configuration changed']);
  });
  it('treats a manifest without a version as no previous version', () => {
    expect(nextVersion(facts({ a: '1' }, {}, null), facts({ a: '1' }, {})).version).toBe('1.0.0');
    expect(versionFacts({ not: 'a manifest' })).toBeNull();
  });
  it('maps licences and sizes to Hugging Face identifiers', () => {
    expect(['CC BY-SA 4.0', 'CC BY-SA', 'cc-by 3.0', null, 'CC0', 'site terms'].map(licenceId)).toEqual(['cc-by-sa-4.0', 'other', 'cc-by-3.0', 'unknown', 'cc0-1.0', 'other']);
    expect([0, 999, 1000, 250_000].map(sizeCategory)).toEqual(['n<1K', 'n<1K', '1K<n<10K', '100K<n<1M']);
  });
});
