import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.ts';
import { DATASETS, ManifestSchema, type DocumentRecord, type EntityRecord, type PassageRecord, type RemovedRecord, type StatisticRecord } from '../src/schemas.ts';
import { sha256 } from '../src/util/hash.ts';
import { validateDataset } from '../src/validate.ts';
import { RAW, ROOT, SEEDS } from './helpers.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'corpus-e2e-'));
const outA = path.join(tmp, 'a');
const outB = path.join(tmp, 'b');
const readJsonl = <T>(dir: string, name: string): T[] =>
  readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);

function listFiles(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(dir, path.join(rel, e.name)) : [path.join(rel, e.name)],
  ).sort();
}

beforeAll(async () => {
  // A build replaces a dataset and versions itself from it: both start from the committed
  // manifest, as a rebuild of out/ does.
  for (const dir of [outA, outB]) {
    mkdirSync(dir, { recursive: true });
    copyFileSync(path.join(ROOT, 'out', 'manifest.json'), path.join(dir, 'manifest.json'));
  }
  await build({ inDir: RAW, outDir: outA });
  await build({ inDir: RAW, outDir: outB });
});

describe('build of the seeds', () => {
  it('writes a dataset that validates against its schemas and manifest', () => {
    const report = validateDataset(outA);
    expect(report.problems).toEqual([]);
    expect(report.records).toBeGreaterThan(500);
    for (const name of Object.keys(DATASETS)) expect(existsSync(path.join(outA, name))).toBe(true);
    for (const id of Object.values(SEEDS)) expect(existsSync(path.join(outA, 'markdown', `${id}.md`))).toBe(true);
    expect(readdirSync(path.join(outA, 'schema')).sort()).toEqual([
      'documents.json', 'entities.json', 'manifest.json', 'passages.json', 'references.json', 'removed.json', 'sources.json', 'statistics.json',
    ]);
  });

  it('is deterministic: a second build is byte-identical', () => {
    const files = listFiles(outA);
    expect(listFiles(outB)).toEqual(files);
    for (const f of files) expect(readFileSync(path.join(outB, f)).equals(readFileSync(path.join(outA, f))), f).toBe(true);
  });

  it('equals the committed out/ (a rebuild of out/ changes nothing, its version included)', () => {
    const committed = path.join(ROOT, 'out');
    expect(listFiles(committed)).toEqual(listFiles(outA));
    for (const f of listFiles(outA)) expect(readFileSync(path.join(committed, f)).equals(readFileSync(path.join(outA, f))), `out/${f} is stale: run npm run build:corpus`).toBe(true);
  });

  it('lists every input with its hash and status, and per-stage statistics', () => {
    const manifest = ManifestSchema.parse(JSON.parse(readFileSync(path.join(outA, 'manifest.json'), 'utf8')));
    expect(manifest.inputs.map((i) => [i.path, i.status])).toEqual(Object.values(SEEDS).map((id) => [`${id}.txt`, 'processed']));
    for (const i of manifest.inputs) expect(i.sha256).toBe(sha256(readFileSync(path.join(RAW, i.path))));
    expect(manifest.stages.map((s) => s.name)).toEqual(['ingest', 'profile', 'strip', 'normalise', 'segment', 'dedupe', 'extract', 'write']);
    expect(manifest.pipeline.name).toBe('default');
    expect(manifest.pipeline.configHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('keeps provenance: every offset points at the text it names', () => {
    const docs = new Map(readJsonl<DocumentRecord>(outA, 'documents.jsonl').map((d) => [d.id, d]));
    const passages = readJsonl<PassageRecord>(outA, 'passages.jsonl');
    const byId = new Map(passages.map((p) => [p.id, p]));
    expect(byId.size).toBe(passages.length);
    for (const d of docs.values()) {
      const raw = readFileSync(path.join(RAW, d.source.path), 'utf8');
      for (const b of d.blocks) {
        expect(d.text.slice(b.start, b.end)).toBe(b.text);
        expect(b.rawEnd).toBeLessThanOrEqual(raw.length);
      }
    }
    for (const p of passages) expect(docs.get(p.docId)!.text.slice(p.start, p.end)).toBe(p.text);
    for (const e of readJsonl<EntityRecord>(outA, 'entities.jsonl')) {
      for (const m of e.mentions) {
        expect(byId.get(m.passageId)!.text.slice(m.start, m.end)).toBe(m.text);
        expect(docs.get(m.docId)!.text.slice(m.docStart, m.docEnd)).toBe(m.text);
      }
    }
    for (const s of readJsonl<StatisticRecord>(outA, 'statistics.jsonl')) {
      expect(docs.get(s.docId)!.text.slice(s.docStart, s.docEnd)).toBe(s.text);
      expect(s.sentence).toContain(s.text);
    }
    for (const r of readJsonl<RemovedRecord>(outA, 'removed.jsonl')) {
      const raw = readFileSync(path.join(RAW, `${r.docId}.txt`), 'utf8');
      expect(raw.slice(r.rawStart, r.rawEnd)).toBe(r.text);
    }
  });

  it('finds the overlap of the two Wikipedia revisions, and nothing between unrelated documents', () => {
    const passages = readJsonl<PassageRecord>(outA, 'passages.jsonl');
    const byId = new Map(passages.map((p) => [p.id, p]));
    const dups = passages.filter((p) => p.duplicateOf);
    const kinds = new Map<string, number>();
    for (const d of dups) {
      const canonical = byId.get(d.duplicateOf!)!;
      expect(canonical.duplicateOf).toBeNull();
      expect([canonical.docId, d.docId].sort()).toEqual([SEEDS.wikiOld, SEEDS.wikiDump]);
      if (d.duplicateKind === 'exact') expect(canonical.textHash).toBe(d.textHash);
      if (d.duplicateKind === 'near') expect(d.similarity).toBeGreaterThanOrEqual(0.7);
      kinds.set(d.duplicateKind!, (kinds.get(d.duplicateKind!) ?? 0) + 1);
    }
    for (const kind of ['exact', 'near', 'contained']) expect(kinds.get(kind) ?? 0, kind).toBeGreaterThan(3);
    const manifest = ManifestSchema.parse(JSON.parse(readFileSync(path.join(outA, 'manifest.json'), 'utf8')));
    expect(manifest.duplicates).toEqual([{ docA: SEEDS.wikiOld, docB: SEEDS.wikiDump, exact: kinds.get('exact'), near: kinds.get('near'), contained: kinds.get('contained') }]);
  });

  it('leaves duplicates out of the Markdown and text views, and extracts from canonical passages only', () => {
    const passages = readJsonl<PassageRecord>(outA, 'passages.jsonl');
    const text = readFileSync(path.join(outA, 'text', `${SEEDS.wikiOld}.txt`), 'utf8');
    const canonical = passages.filter((p) => p.docId === SEEDS.wikiOld && !p.duplicateOf);
    expect(text).toBe(canonical.map((p) => `${p.text}\n`).join('\n'));
    const md = readFileSync(path.join(outA, 'markdown', `${SEEDS.wikiOld}.md`), 'utf8');
    for (const p of passages.filter((x) => x.docId === SEEDS.wikiOld && x.duplicateOf)) expect(md).not.toContain(p.text);
    const dupIds = new Set(passages.filter((p) => p.duplicateOf).map((p) => p.id));
    for (const s of readJsonl<StatisticRecord>(outA, 'statistics.jsonl')) expect(dupIds.has(s.passageId)).toBe(false);
  });

  it('extracts entities without punctuation or lower-case junk, and the ILO statistics', () => {
    const entities = readJsonl<EntityRecord>(outA, 'entities.jsonl');
    for (const e of entities) {
      expect(e.name).not.toMatch(/[,;:]$|^[\p{Ll}]/u);
      expect(e.mentionCount).toBe(e.mentions.length);
    }
    const ilo = entities.find((e) => e.name === 'International Labour Organization')!;
    expect(ilo.aliases).toContain('ILO');
    const stats = readJsonl<StatisticRecord>(outA, 'statistics.jsonl');
    expect(stats.some((s) => s.value === 21_000_000 && s.unit === 'victims')).toBe(true);
    expect(stats.some((s) => s.value === 150e9 && s.kind === 'money')).toBe(true);
    expect(stats.every((s) => !(s.value >= 1800 && s.value <= 2100 && /^\d{4}$/.test(s.text)))).toBe(true);
  });

  it('writes references for 000 and 004 and the Markdown view through mdast', () => {
    const refs = readJsonl<{ docId: string; title: string | null }>(outA, 'references.jsonl');
    expect(refs.filter((r) => r.docId === SEEDS.essay)).toHaveLength(5);
    expect(refs.filter((r) => r.docId === SEEDS.wikiDump).length).toBeGreaterThan(200);
    const md = readFileSync(path.join(outA, 'markdown', `${SEEDS.wikiDump}.md`), 'utf8');
    expect(md).toMatch(/^---\nid: 004_b80f684bde9cb13c\ntitle: Human trafficking\n/);
    expect(md).toContain('\n# Human trafficking\n');
    expect(md).toContain('\n## Definition\n');
    expect(md).toContain('licence: CC BY-SA 4.0');
  });
});

describe('bad input', () => {
  it('rejects empty, binary and invalid UTF-8 files with reasons and builds the rest', async () => {
    const dir = path.join(tmp, 'bad-in');
    mkdirSync(dir);
    copyFileSync(path.join(RAW, `${SEEDS.policy}.txt`), path.join(dir, `${SEEDS.policy}.txt`));
    writeFileSync(path.join(dir, 'empty.txt'), '');
    writeFileSync(path.join(dir, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    writeFileSync(path.join(dir, 'latin1.txt'), Buffer.from('Caf\xe9 au lait', 'latin1'));
    const out = path.join(tmp, 'bad-out');
    const seen: string[] = [];
    const result = await build({ inDir: dir, outDir: out, onDocument: (p, r) => r && seen.push(`${p}: ${r.reason}`) });
    expect(seen.sort()).toEqual(['binary.txt: binary file (contains NUL bytes)', 'empty.txt: empty file', 'latin1.txt: invalid UTF-8 at byte 3']);
    const manifest = result.output.manifest;
    expect(manifest.inputs.map((i) => [i.path, i.status, i.stage])).toEqual([
      [`${SEEDS.policy}.txt`, 'processed', null],
      ['binary.txt', 'rejected', 'ingest'],
      ['empty.txt', 'rejected', 'ingest'],
      ['latin1.txt', 'rejected', 'ingest'],
    ]);
    expect(validateDataset(out).problems).toEqual([]);
  });
});
