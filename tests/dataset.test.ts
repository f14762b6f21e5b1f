import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetError, JSON_SCHEMA_NAMES, jsonSchemaFiles, jsonSchemas, readCorpus } from '../src/index.ts';
import { DATASETS, type DatasetName } from '../src/schemas.ts';
import { ROOT } from './helpers.ts';

const OUT = path.join(ROOT, 'out');
const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');
const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
const headHasOut = (() => {
  try {
    git('cat-file', '-e', 'HEAD:out/manifest.json');
    return true;
  } catch {
    return false;
  }
})();

describe('readCorpus on a folder', () => {
  it('streams every dataset with validated, typed records', async () => {
    const corpus = await readCorpus(OUT);
    expect(corpus.location).toEqual({ kind: 'folder', dir: OUT });
    expect(corpus.info.documents).toBeGreaterThan(0);
    for (const name of Object.keys(DATASETS) as DatasetName[]) {
      const records = await corpus.records(name).toArray();
      expect(records.length, name).toBe(lines(readFileSync(path.join(OUT, name), 'utf8')).length);
    }
    const stats = await corpus.statistics().toArray();
    expect(stats.every((s) => typeof s.value === 'number' && typeof s.sentence === 'string')).toBe(true);
    let docs = 0;
    for await (const d of corpus.documents()) {
      expect(d.text.length).toBeGreaterThan(0);
      docs++;
    }
    expect(docs).toBe(corpus.info.documents);
  });

  it('reads a checkout folder through its out/ and stops early without reading on', async () => {
    const corpus = await readCorpus(ROOT);
    expect(corpus.location).toEqual({ kind: 'folder', dir: OUT });
    for await (const p of corpus.passages()) {
      expect(p.id).toBeTruthy();
      break;
    }
  });

  it('names the file and line of a record that fails its schema, or is not JSON', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'corpus-dataset-'));
    cpSync(OUT, dir, { recursive: true });
    const file = path.join(dir, 'statistics.jsonl');
    const rows = readFileSync(file, 'utf8').split('\n');
    rows[2] = rows[2]!.replace(/"value":[^,]+/, '"value":"many"');
    writeFileSync(file, rows.join('\n'));
    const corpus = await readCorpus(dir, { label: 'bad' });
    await expect(corpus.statistics().toArray()).rejects.toThrow(/^bad\/statistics\.jsonl:3: .*value/);
    rows[2] = '{not json';
    writeFileSync(file, rows.join('\n'));
    await expect(corpus.statistics().toArray()).rejects.toThrow('bad/statistics.jsonl:3: not JSON');
    await expect(corpus.passages().toArray()).resolves.toHaveLength(lines(readFileSync(path.join(OUT, 'passages.jsonl'), 'utf8')).length);
  });

  it('fails clearly on a missing folder, a folder that is not a dataset, and a bad revision', async () => {
    await expect(readCorpus('/no/such/folder', { repo: ROOT })).rejects.toThrow(DatasetError);
    await expect(readCorpus('/no/such/folder', { repo: ROOT })).rejects.toThrow('/no/such/folder: neither a dataset folder nor a git revision');
    await expect(readCorpus(path.join(ROOT, 'src'))).rejects.toThrow(/src: not a dataset folder \(no manifest\.json\)/);
    await expect(readCorpus('no-such-revision-xyz', { repo: ROOT })).rejects.toThrow(/no-such-revision-xyz: neither a dataset folder nor a git revision/);
  });
});

describe.skipIf(!headHasOut)('readCorpus on a git revision', () => {
  it("reads HEAD's committed out/ record for record", async () => {
    const corpus = await readCorpus('HEAD', { repo: ROOT });
    expect(corpus.location).toMatchObject({ kind: 'revision', rev: 'HEAD', commit: git('rev-parse', 'HEAD').trim(), path: 'out' });
    expect(corpus.label).toBe('HEAD:out');
    for (const name of Object.keys(DATASETS) as DatasetName[]) {
      const committed = lines(git('show', `HEAD:out/${name}`)).map((l) => (JSON.parse(l) as { id?: string; docId: string }));
      const read = (await corpus.records(name).toArray()) as Array<{ id?: string; docId?: string }>;
      expect(read.length, name).toBe(committed.length);
      expect(read.map((r) => r.id ?? r.docId), name).toEqual(committed.map((r) => r.id ?? r.docId));
    }
    expect(JSON.parse(await corpus.readText('manifest.json'))).toEqual(JSON.parse(git('show', 'HEAD:out/manifest.json')));
  });

  it('equals the folder out/ when the working tree has not changed it', async () => {
    const outUnchanged = git('status', '--porcelain', '--', 'out').trim() === '';
    const fromRev = await readCorpus('HEAD', { repo: ROOT });
    if (!outUnchanged) return; // someone is rebuilding out/: nothing to compare
    const fromDir = await readCorpus(OUT);
    for (const name of Object.keys(DATASETS) as DatasetName[]) {
      expect(await fromRev.records(name).toArray(), name).toEqual(await fromDir.records(name).toArray());
    }
  });

  it('stops the git reader when the consumer stops early', async () => {
    const corpus = await readCorpus('HEAD', { repo: ROOT });
    let n = 0;
    for await (const _ of corpus.passages()) if (++n === 2) break;
    expect(n).toBe(2);
  });

  it('says which revision lacks the dataset folder', async () => {
    await expect(readCorpus('HEAD', { repo: ROOT, path: 'no-such-dir' })).rejects.toThrow(/^HEAD: revision [0-9a-f]{12} has no no-such-dir\/manifest\.json$/);
  });
});

describe('JSON Schemas for other languages', () => {
  it('names one per dataset plus the manifest and sources, and out/schema has each', () => {
    expect(Object.keys(jsonSchemas()).sort()).toEqual([...JSON_SCHEMA_NAMES].sort());
    const files = jsonSchemaFiles();
    expect(Object.keys(files).sort()).toEqual([...JSON_SCHEMA_NAMES].sort());
    for (const [name, file] of Object.entries(files)) {
      expect(file).toBe(path.join(OUT, 'schema', `${name}.json`));
      expect(existsSync(file), file).toBe(true);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('$schema');
    }
  });
});

describe('examples/stats-by-organisation.ts', () => {
  it('loads the corpus through the package name and prints statistics by organisation', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'examples/stats-by-organisation.ts'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const ilo = r.stdout.split('\n').findIndex((l) => /^International Labour Organization \(\d+\)$/.test(l));
    expect(ilo).toBeGreaterThanOrEqual(0);
    expect(r.stdout).toMatch(/ {2}21,000,000 victims \[2012\] {2}\S+ {2}"In 2012, the ILO estimated that 21 million victims/);
    expect(r.stdout.trimEnd().split('\n').filter((l) => !l.startsWith('  ')).at(-1)).toMatch(/^\(no organisation named\) \(\d+\)$/);
  });

  it('reads a git revision given as argument', () => {
    if (!headHasOut) return;
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'examples/stats-by-organisation.ts', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^International Labour Organization \(\d+\)$/m);
  });
});
