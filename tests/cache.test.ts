// The build cache on the seed documents: outputs byte-identical whether the cache is cold, warm or
// off; a rebuild redoes exactly what a change affects. Hits and misses come from the build's cache
// report (never timings).
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.ts';
import { DiskCache } from '../src/pipeline/cache.ts';
import { loadPipeline, type PipelineConfig } from '../src/pipeline/config.ts';
import { LineFrequency, normaliseLine } from '../src/pipeline/line-frequency.ts';
import type { CacheReport } from '../src/pipeline/cache.ts';
import { expectSameTree, listFiles, RAW, SEEDS } from './helpers.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'corpus-cache-'));
const DOC_STAGES = ['ingest', 'profile', 'strip', 'normalise', 'segment'];
const seedFiles = Object.values(SEEDS).map((id) => `${id}.txt`);

/** A fresh input folder with the seeds and their provenance. */
function seedDir(name: string): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir);
  for (const f of [...seedFiles, 'sources.json']) copyFileSync(path.join(RAW, f), path.join(dir, f));
  return dir;
}

const counts = (c: CacheReport | null, stage: string) => c?.stages[stage] ?? { hits: 0, misses: 0 };

let n = 0;
const out = () => path.join(tmp, `out-${n++}`);

describe('build cache', () => {
  const inDir = path.join(tmp, 'seeds');
  const cache = path.join(tmp, 'cache');
  let def: PipelineConfig;
  let plainOut: string;
  let coldOut: string;
  let cold: Awaited<ReturnType<typeof build>>;

  beforeAll(async () => {
    mkdirSync(inDir);
    for (const f of [...seedFiles, 'sources.json']) copyFileSync(path.join(RAW, f), path.join(inDir, f));
    def = await loadPipeline('default');
    plainOut = out();
    await build({ inDir, outDir: plainOut, pipeline: def });
    coldOut = out();
    cold = await build({ inDir, outDir: coldOut, pipeline: def, cache });
  });

  it('a cold build misses everything and writes the same dataset as a build without cache', () => {
    expect(cold.cache).not.toBeNull();
    for (const s of DOC_STAGES) expect(counts(cold.cache, s), s).toEqual({ hits: 0, misses: 4 });
    expect(counts(cold.cache, 'extract').hits).toBe(0);
    expectSameTree(plainOut, coldOut);
  });

  it('a warm rebuild takes every document stage and every passage from the cache, and writes the same bytes', async () => {
    const dir = out();
    const warm = await build({ inDir, outDir: dir, pipeline: def, cache });
    for (const s of DOC_STAGES) expect(counts(warm.cache, s), s).toEqual({ hits: 4, misses: 0 });
    const canonical = warm.output.manifest.stages.find((s) => s.name === 'dedupe')!.counters.canonical!;
    expect(canonical).toBeGreaterThan(100);
    // Zero tagging calls: every canonical passage came from the cache.
    expect(counts(warm.cache, 'extract')).toEqual({ hits: canonical, misses: 0 });
    expect(counts(warm.cache, 'dedupe')).toEqual({ hits: 1, misses: 0 });
    expect(warm.cache!.writes).toBe(0);
    // The manifest too: hits and misses are reported by the build, not written.
    expectSameTree(plainOut, dir);
  });
});

describe('what invalidates what', () => {
  let def: PipelineConfig;
  const cache = path.join(tmp, 'cache-b');
  const inDir = path.join(tmp, 'seeds-b');
  const withOptions = (stage: string, options: Record<string, unknown>): PipelineConfig => ({
    ...def,
    stages: def.stages.map((s) => (s.use === stage ? { ...s, options: { ...s.options, ...options } } : s)),
  });

  beforeAll(async () => {
    mkdirSync(inDir);
    for (const f of [...seedFiles, 'sources.json']) copyFileSync(path.join(RAW, f), path.join(inDir, f));
    def = await loadPipeline('default');
    await build({ inDir, outDir: out(), pipeline: def, cache });
  });

  it('one changed raw document reruns that document only', async () => {
    const dir = seedDir('changed');
    const file = path.join(dir, `${SEEDS.policy}.txt`);
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.length > 200);
    lines[at] = `${lines[at]} This sentence was added to test the cache.`;
    writeFileSync(file, lines.join('\n'));
    // Same file names and provenance in another folder: the other three are the same inputs.
    const cachedOut = out();
    const r = await build({ inDir: dir, outDir: cachedOut, pipeline: def, cache });
    for (const s of DOC_STAGES) {
      expect(counts(r.cache, s), s).toEqual({ hits: 3, misses: 1 });
      expect(r.cache!.missed[s], s).toEqual([`${SEEDS.policy}.txt`]);
    }
    // Only the changed passage is tagged again.
    expect(counts(r.cache, 'extract').misses).toBeGreaterThanOrEqual(1);
    expect(counts(r.cache, 'extract').misses).toBeLessThanOrEqual(2);
    const plainOut = out();
    await build({ inDir: dir, outDir: plainOut, pipeline: def });
    expectSameTree(plainOut, cachedOut);
  });

  it("segment's maxPassageChars reuses ingest to normalise and reruns segment", async () => {
    const p = withOptions('segment', { maxPassageChars: 1000 });
    const cachedOut = out();
    const r = await build({ inDir, outDir: cachedOut, pipeline: p, cache });
    for (const s of ['ingest', 'profile', 'strip', 'normalise']) expect(counts(r.cache, s), s).toEqual({ hits: 4, misses: 0 });
    expect(counts(r.cache, 'segment')).toEqual({ hits: 0, misses: 4 });
    // Passages not re-cut keep their tagging.
    expect(counts(r.cache, 'extract').hits).toBeGreaterThan(0);
    const plainOut = out();
    await build({ inDir, outDir: plainOut, pipeline: p });
    expectSameTree(plainOut, cachedOut);
  });

  it("strip's options rerun strip and the stages after it", async () => {
    const p = withOptions('strip', { minBodyChars: 2 });
    const cachedOut = out();
    const r = await build({ inDir, outDir: cachedOut, pipeline: p, cache });
    for (const s of ['ingest', 'profile']) expect(counts(r.cache, s), s).toEqual({ hits: 4, misses: 0 });
    for (const s of ['strip', 'normalise', 'segment']) expect(counts(r.cache, s), s).toEqual({ hits: 0, misses: 4 });
    // Same passages: nothing to tag.
    expect(counts(r.cache, 'extract').misses).toBe(0);
    const plainOut = out();
    await build({ inDir, outDir: plainOut, pipeline: p });
    expectSameTree(plainOut, cachedOut);
  });

  it('a corrupt or truncated cache file is a miss, not an error', async () => {
    const dir = path.join(tmp, 'cache-corrupt');
    const seeds = seedDir('corrupt-in');
    await build({ inDir: seeds, outDir: out(), pipeline: def, cache: dir });
    const objects = path.join(dir, 'objects');
    const files = listFiles(objects).map((f) => path.join(objects, f));
    expect(files.length).toBeGreaterThan(20);
    // Every entry damaged: one byte flipped in the payload, cut short, or emptied.
    files.forEach((f, i) => {
      const b = readFileSync(f);
      if (i % 3 === 0) b[b.length - 1] = b[b.length - 1]! ^ 0xff;
      writeFileSync(f, i % 3 === 1 ? b.subarray(0, b.length >> 1) : i % 3 === 2 ? Buffer.alloc(0) : b);
    });
    const cachedOut = out();
    const r = await build({ inDir: seeds, outDir: cachedOut, pipeline: def, cache: dir });
    expect(r.cache!.errors).toBeGreaterThan(0);
    for (const s of DOC_STAGES) expect(counts(r.cache, s).hits, s).toBe(0);
    expect(counts(r.cache, 'extract').hits).toBe(0);
    const plainOut = out();
    await build({ inDir: seeds, outDir: plainOut, pipeline: def });
    expectSameTree(plainOut, cachedOut);
    // The damaged entries were replaced: the next build hits.
    const again = await build({ inDir: seeds, outDir: out(), pipeline: def, cache: dir });
    for (const s of DOC_STAGES) expect(counts(again.cache, s), s).toEqual({ hits: 4, misses: 0 });
  });

  it('adding documents that repeat lines of one document invalidates strip for that document only', async () => {
    const dir = seedDir('added');
    // Two new documents share lines of 002 only (lines no other seed has), so those lines reach
    // the repeated-line threshold (3 documents) in 002, and in no other seed.
    const counted = (files: string[]) => LineFrequency.fromFiles(files.map((f) => path.join(dir, f)));
    const seedsOnly = counted(seedFiles);
    const policy = readFileSync(path.join(dir, `${SEEDS.policy}.txt`), 'utf8').split('\n');
    const shared = policy.filter((l) => {
      const t = normaliseLine(l);
      return t.length >= 12 && t.length <= 80 && seedsOnly.count(l) === 1;
    });
    expect(shared.length).toBeGreaterThan(3);
    const filler = (k: number) =>
      Array.from({ length: 6 }, (_, i) => `Paragraph ${i} of added document ${k}: the cache test needs body text of its own, written out at some length so that it is kept.`);
    writeFileSync(path.join(dir, 'x1.txt'), [...filler(1), ...shared].join('\n'));
    writeFileSync(path.join(dir, 'x2.txt'), [...shared, ...filler(2)].join('\n'));

    // Expected: the documents whose set of corpus-repeated lines changed.
    const all = counted([...seedFiles, 'x1.txt', 'x2.txt']);
    const repeated = (lf: LineFrequency, f: string) =>
      readFileSync(path.join(dir, f), 'utf8')
        .split('\n')
        .filter((l) => lf.count(l) >= 3)
        .map(normaliseLine)
        .sort()
        .join('\n');
    const changed = seedFiles.filter((f) => repeated(seedsOnly, f) !== repeated(all, f));
    expect(changed).toEqual([`${SEEDS.policy}.txt`]);

    const cachedOut = out();
    const r = await build({ inDir: dir, outDir: cachedOut, pipeline: def, cache });
    expect(counts(r.cache, 'ingest')).toEqual({ hits: 4, misses: 2 });
    expect(r.cache!.missed.strip).toEqual([`${SEEDS.policy}.txt`, 'x1.txt', 'x2.txt']);
    expect(counts(r.cache, 'strip')).toEqual({ hits: 3, misses: 3 });
    const plainOut = out();
    await build({ inDir: dir, outDir: plainOut, pipeline: def });
    expectSameTree(plainOut, cachedOut);
  });

  it('also when what becomes repeated is not a line of the document (a list item without its dash)', async () => {
    const dir = seedDir('added-items');
    // 002 has "- T Visa (United States)"; its profile asks about the item's text without the dash.
    const items = readFileSync(path.join(dir, `${SEEDS.policy}.txt`), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('- '))
      .map((l) => l.slice(2));
    expect(items).toContain('T Visa (United States)');
    const seedsOnly = LineFrequency.fromFiles(seedFiles.map((f) => path.join(dir, f)));
    for (const item of items) expect(seedsOnly.count(item), item).toBe(0);
    for (const k of [1, 2, 3]) {
      const body = Array.from({ length: 5 }, (_, i) => `Paragraph ${i} of list document ${k}: body text of its own, long enough to be kept as prose by the profile.`);
      writeFileSync(path.join(dir, `y${k}.txt`), [...body, ...items].join('\n'));
    }
    const cachedOut = out();
    const r = await build({ inDir: dir, outDir: cachedOut, pipeline: def, cache });
    expect(r.cache!.missed.strip).toEqual([`${SEEDS.policy}.txt`, 'y1.txt', 'y2.txt', 'y3.txt']);
    const plainOut = out();
    await build({ inDir: dir, outDir: plainOut, pipeline: def });
    expectSameTree(plainOut, cachedOut);
    // It mattered: 002's list items are now repeated boilerplate.
    const removed = readFileSync(path.join(plainOut, 'removed.jsonl'), 'utf8');
    expect(removed).toMatch(/"docId":"002_ff5b3b5c89c2e3fa","rule":"boilerplate:repeated"[^\n]*"text":"- T Visa \(United States\)"/);
  });
});

describe('cache store', () => {
  it('keeps Buffers, Maps and Dates, and prunes what a build did not use', () => {
    const dir = path.join(tmp, 'store');
    const a = new DiskCache(dir, 'test');
    const value = { b: Buffer.from([1, 2, 3]), m: new Map([['k', 1]]), d: new Date(0), s: 'text' };
    a.set('one', value);
    a.set('two', 2);
    expect(new DiskCache(dir, 'test').get('one')).toEqual(value);
    expect(new DiskCache(dir, 'other').get('one')).toBeUndefined();
    const b = new DiskCache(dir, 'test');
    expect(b.get('two')).toBe(2);
    expect(b.prune()).toBe(1);
    expect(new DiskCache(dir, 'test').get('one')).toBeUndefined();
    expect(new DiskCache(dir, 'test').get('two')).toBe(2);
    expect(statSync(path.join(dir, 'objects')).isDirectory()).toBe(true);
  });

  it("takes in a worker's use of the same folder (journal, absorb): the report and pruning see the whole build", () => {
    const dir = path.join(tmp, 'store-journal');
    new DiskCache(dir, 'test').set('stale', 0); // an earlier build's entry
    const coordinator = new DiskCache(dir, 'test');
    const worker = new DiskCache(dir, 'test');
    coordinator.set('mine', 1);
    worker.set('theirs', 2);
    const first = worker.journal(); // one task's share
    expect(first.used).toHaveLength(1);
    expect(worker.get('theirs')).toBe(2);
    worker.record('strip', false, 'a.txt');
    worker.record('strip', true);
    worker.set('new', 3);
    const second = worker.journal(); // the next task's
    expect(second.counts).toEqual([['strip', 1, 1]]);
    expect(second.missed).toEqual([['strip', ['a.txt']]]);
    expect(second.used).toHaveLength(1);
    expect(second.writes).toBe(1);
    expect(worker.journal()).toEqual({ counts: [], missed: [], used: [], writes: 0, errors: 0 });
    coordinator.absorb(first);
    coordinator.absorb(second);
    const r = coordinator.report();
    expect(r.stages.strip).toEqual({ hits: 1, misses: 1 });
    expect(r.missed.strip).toEqual(['a.txt']);
    expect(r.writes).toBe(3);
    expect(coordinator.prune()).toBe(1);
    const after = new DiskCache(dir, 'test');
    expect([after.get('mine'), after.get('theirs'), after.get('new'), after.get('stale')]).toEqual([1, 2, 3, undefined]);
  });
});
