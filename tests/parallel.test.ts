// Builds on worker threads: the dataset is byte-identical whatever runs the tasks (this thread or
// a pool of workers, with or without the cache), and the time guard stops a task that never ends
// (its worker is replaced, the input or passage is reported, the build goes on). No timings are
// asserted: the hanging tasks never end, so any guard stops them.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.ts';
import { loadPipeline, type PipelineConfig } from '../src/pipeline/config.ts';
import { InlineExecutor } from '../src/pipeline/inline-executor.ts';
import type { ProgressEvent } from '../src/pipeline/runner.ts';
import { ThreadExecutor } from '../src/pipeline/thread-executor.ts';
import type { TaskOutcome } from '../src/pipeline/executor.ts';
import type { PassageRecord } from '../src/schemas.ts';
import { validateDataset } from '../src/validate.ts';
import { SPIN_DOCUMENT, SPIN_PASSAGE } from './fixtures/parallel/spin-stage.ts';
import { expectSameTree, listFiles, RAW, SEEDS } from './helpers.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'corpus-parallel-'));
const seedFiles = Object.values(SEEDS).map((id) => `${id}.txt`);
let n = 0;
const out = () => path.join(tmp, `out-${n++}`);

function inputDir(name: string, files: string[], extra: Record<string, string> = {}): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir);
  for (const f of [...files, 'sources.json']) copyFileSync(path.join(RAW, f), path.join(dir, f));
  for (const [f, text] of Object.entries(extra)) writeFileSync(path.join(dir, f), text);
  return dir;
}

const readJsonl = <T>(dir: string, name: string): T[] =>
  readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);

/** A plain-text document of ordinary prose paragraphs, one of them carrying a marker. */
const prose = (marker: string) =>
  [
    'A Report on Labour Migration',
    '',
    'The International Labour Organization estimated in 2021 that 27.6 million people were in forced labour, and the report was discussed in Geneva by many governments.',
    '',
    `This paragraph is an ordinary sentence of the test document, and it carries the marker ${marker} in the middle of its text, which is long enough to be kept.`,
    '',
    'Researchers in Vienna and Lagos said that most victims were recruited through debt, deception and threats, and that few cases ever reached a court of law.',
  ].join('\n');

// One pool for the file (a worker's start-up, loading every stage and the tagger, is not free).
let pool: ThreadExecutor;
beforeAll(() => {
  pool = new ThreadExecutor({ workers: 2, preload: [path.resolve(import.meta.dirname, 'fixtures/parallel/spin-worker.ts')] });
});
afterAll(async () => {
  await pool.close();
});

describe('executors', () => {
  const collect = async (it: AsyncIterable<[number, TaskOutcome<unknown>]>) => {
    const got: [number, TaskOutcome<unknown>][] = [];
    for await (const x of it) got.push(x);
    return got.sort((a, b) => a[0] - b[0]).map(([, o]) => o);
  };

  it('threads: every input gets one outcome with its index; a failure is an outcome; a task over its guard is stopped and its worker replaced', async () => {
    const outcomes = await collect(pool.run('test-double', [1, 'fail', 'spin', 4, 5], { timeoutMs: 500 }));
    expect(outcomes[0]).toEqual({ ok: true, value: 2 });
    expect(outcomes[1]).toMatchObject({ ok: false, timedOut: false, error: expect.stringMatching(/asked to fail/) });
    expect(outcomes[2]).toMatchObject({ ok: false, timedOut: true });
    expect(outcomes.slice(3)).toEqual([
      { ok: true, value: 8 },
      { ok: true, value: 10 },
    ]);
    expect(pool.stopped).toBe(1);
    // The pool goes on: a new worker takes the stopped one's place. Threads start on demand, so a
    // loaded machine may have run everything on one thread before the stop: every thread the pool
    // ever started (counted from its creation: it may start one before this test begins) is either
    // alive or the stopped one.
    expect(await collect(pool.run('test-double', [3, 6, 9, 12]))).toEqual([6, 12, 18, 24].map((value) => ({ ok: true, value })));
    // piscina lists a thread before it reports it created: give its bookkeeping a moment to settle.
    for (let i = 0; i < 50 && pool.started !== pool.threadIds().length + pool.stopped; i++) await new Promise((r) => setTimeout(r, 100));
    const alive = pool.threadIds().length;
    expect(alive).toBeGreaterThanOrEqual(1);
    expect(alive).toBeLessThanOrEqual(2);
    expect(pool.started).toBe(alive + pool.stopped);
  });

  it('inline: the same outcomes in input order (no time guard in this thread)', async () => {
    const inline = new InlineExecutor();
    const got: [number, TaskOutcome<unknown>][] = [];
    for await (const x of inline.run('document', [{}])) got.push(x);
    expect(got).toHaveLength(1);
    expect(got[0]![1]).toMatchObject({ ok: false, timedOut: false });
    await inline.close();
  });
});

describe('builds on worker threads', () => {
  let def: PipelineConfig;
  let inlineOut: string;
  let inline: Awaited<ReturnType<typeof build>>;
  const events: ProgressEvent[] = [];
  const seeds = path.join(tmp, 'seeds');
  const cache = path.join(tmp, 'cache');

  beforeAll(async () => {
    def = await loadPipeline('default');
    mkdirSync(seeds);
    for (const f of [...seedFiles, 'sources.json']) copyFileSync(path.join(RAW, f), path.join(seeds, f));
    inlineOut = out();
    inline = await build({ inDir: seeds, outDir: inlineOut, pipeline: def, workers: 1, onProgress: (e) => events.push(e) });
  });

  it('reports progress: documents done of all, then each corpus stage', () => {
    const docs = events.filter((e) => e.stage === 'documents');
    expect(docs.at(-1)).toMatchObject({ done: 4, total: 4, unit: 'documents', documentsDone: 4, documentsTotal: 4 });
    expect(docs.at(-1)!.bytesDone).toBe(docs.at(-1)!.bytesTotal);
    expect([...new Set(events.map((e) => e.stage))]).toEqual(['strip', 'documents', 'dedupe', 'extract', 'write']);
    const tagging = events.filter((e) => e.phase === 'tagging');
    expect(tagging.at(-1)!.done).toBe(tagging.at(-1)!.total);
  });

  it('2 workers with a cold cache write the same bytes as 1 without; a warm rebuild in this thread takes everything from the cache', async () => {
    const threadsOut = out();
    const threads = await build({ inDir: seeds, outDir: threadsOut, pipeline: def, executor: pool, cache });
    expectSameTree(inlineOut, threadsOut);
    expect(threads.stats).toEqual(inline.stats);
    expect(threads.warnings).toEqual(inline.warnings);
    for (const s of ['ingest', 'profile', 'strip', 'normalise', 'segment']) expect(threads.cache!.stages[s], s).toEqual({ hits: 0, misses: 4 });
    expect(threads.cache!.missed.strip).toEqual(seedFiles);
    expect(threads.cache!.writes).toBeGreaterThan(100);
    const warmOut = out();
    const warm = await build({ inDir: seeds, outDir: warmOut, pipeline: def, workers: 1, cache });
    for (const s of ['ingest', 'profile', 'strip', 'normalise', 'segment']) expect(warm.cache!.stages[s], s).toEqual({ hits: 4, misses: 0 });
    expect(warm.cache!.stages.extract!.misses).toBe(0);
    expect(warm.cache!.writes).toBe(0);
    expectSameTree(inlineOut, warmOut);
    // Through the pool, a warm rebuild is read from the cache by the coordinator: no task runs.
    const started = pool.started;
    const idle = await build({ inDir: seeds, outDir: out(), pipeline: def, executor: pool, cache });
    expect(idle.cache!.writes).toBe(0);
    expect(pool.started).toBe(started);
    expect(idle.stats).toEqual(inline.stats);
    // No work files are left beside the output.
    expect(readdirSync(tmp).filter((f) => /\.(work|tmp)-/.test(f))).toEqual([]);
  });

  it('a document whose stages never end is stopped by the time guard and rejected; the others are built', async () => {
    const dir = inputDir('spin-doc', [`${SEEDS.essay}.txt`, `${SEEDS.policy}.txt`], { 'spin.txt': prose(SPIN_DOCUMENT) });
    const textOnly = await loadPipeline('text-only');
    const pipeline: PipelineConfig = { ...textOnly, stages: textOnly.stages.flatMap((s) => (s.use === 'segment' ? [s, { use: 'test-spin', options: {} }] : [s])) };
    const stopped = pool.stopped;
    const dirOut = out();
    const r = await build({ inDir: dir, outDir: dirOut, pipeline, executor: pool, documentTimeoutMs: 5000 });
    expect(r.rejected).toEqual([expect.objectContaining({ relPath: 'spin.txt', stage: 'time-guard', reason: expect.stringMatching(/time guard/) })]);
    expect(r.output.manifest.inputs.map((i) => [i.path, i.status])).toEqual([
      [`${SEEDS.essay}.txt`, 'processed'],
      [`${SEEDS.policy}.txt`, 'processed'],
      ['spin.txt', 'rejected'],
    ]);
    expect(validateDataset(dirOut).problems).toEqual([]);
    expect(pool.stopped).toBe(stopped + 1);
  });

  it('a passage that makes the tagger hang is cut and reported; the other passages are tagged', async () => {
    const dir = inputDir('spin-passage', [`${SEEDS.policy}.txt`], { 'spin.txt': prose(SPIN_PASSAGE) });
    const pipeline: PipelineConfig = { ...def, stages: def.stages.map((s) => (s.use === 'extract' ? { ...s, options: { ...s.options, timeBudgetMs: 1000 } } : s)) };
    const dirOut = out();
    const stopped = pool.stopped;
    const r = await build({ inDir: dir, outDir: dirOut, pipeline, executor: pool });
    expect(r.rejected).toEqual([]);
    // The batch with the passage, then the passage alone.
    expect(pool.stopped).toBe(stopped + 2);
    const extract = r.stats.find((s) => s.name === 'extract')!.counters;
    expect(extract['passages:cut-by-time-guard']).toBe(1);
    const passages = readJsonl<PassageRecord>(dirOut, 'passages.jsonl');
    const spun = passages.find((p) => p.text.includes(SPIN_PASSAGE))!;
    expect(r.warnings.filter((w) => w.includes('time guard'))).toEqual([expect.stringContaining(spun.id)]);
    // Nothing found in the cut passage; the passages around it, in the same document, are tagged.
    const entities = readJsonl<{ mentions: { passageId: string; docId: string }[] }>(dirOut, 'entities.jsonl').flatMap((e) => e.mentions);
    expect(entities.filter((m) => m.passageId === spun.id)).toEqual([]);
    expect(entities.filter((m) => m.docId === 'spin').length).toBeGreaterThan(0);
    expect(entities.filter((m) => m.docId === SEEDS.policy).length).toBeGreaterThan(0);
    expect(validateDataset(dirOut).problems).toEqual([]);
  });
});
