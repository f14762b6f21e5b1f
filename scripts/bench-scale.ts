// Scale: on synthetic corpora of given sizes (src/synth/corpus.ts), compromise's tagging alone
// (the floor) against the whole build with 1 worker, with 2 workers, and through a Redis queue
// with 2 `corpus worker` processes. Each run is a child process of its own, so its peak RSS
// (process.resourceUsage().maxRSS, worker threads included) is that run's alone.
//
// The build runs are `corpus build --in IN --out OUT --no-cache --quiet` with `--workers 1`,
// `--workers 2`, or `--queue URL`, made here through build() (src/build.ts) with the options the
// CLI passes, because the CLI prints no stage timings under --quiet. The queue workers are the
// CLI itself (`corpus worker --queue URL --exit-when-idle 900 --quiet`, through main() in
// src/cli.ts) wrapped to report their peak RSS; they are stopped with SIGTERM once the
// coordinator is done (the idle exit is only a safety net: the coordinator's dedupe can leave the
// queue empty for minutes on a large corpus). The redis-server is started on a free loopback port
// and stopped after.
//
// The children run with Node's default heap limit, as `corpus` does (NODE_OPTIONS, e.g.
// --max-old-space-size, is passed on to them); a run that fails is a row of the table.
// On 2 cores, tagging runs at about 0.1 MB/s per worker: 10 MB takes some 7 minutes for the four
// runs, 100 MB over an hour, 500 MB several hours.
//
//   bench-scale [--sizes 10,100,500] [--seed N] [--runs tag,one,two,queue] [--paired]   the table (also `npm run bench -- --only scale --sizes ... --runs ... --paired`)
//   --paired: tagging alone and the 1-worker build at the same time, each pinned to a core (see benchScale)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { hasRedisServer, startLocalRedis } from '../src/queue/local-redis.ts';
import { writeSyntheticCorpus, type SynthCorpusResult } from '../src/synth/corpus.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SELF = import.meta.filename;
const RESULT = 'BENCH-SCALE-RESULT ';
/** The datasets compared between runs. */
const COMPARED = ['passages.jsonl', 'entities.jsonl', 'statistics.jsonl', 'manifest.json'];

interface BuildReport {
  wallMs: number;
  timings: { name: string; ms: number }[];
  rssMb: number;
  /** CPU seconds of the process (all threads) from its start to the end of the build. */
  cpuS: number;
  /** This process's heap after a forced collection as each stage starts and after the build (its largest, and where). */
  liveMb: number;
  liveAt: string;
  documents: number;
  rejected: number;
  passages: number;
  duplicates: number;
  /** Hash of src/, pipelines/ and the package files when the run started and when it ended. */
  code: string[];
  /** Pauses of this process's main thread for garbage collection during the build, in ms: full (mark-compact) and young-generation. */
  gcMs?: { major: number; minor: number };
}
interface TagReport {
  wallMs: number;
  cpuS: number;
  passages: number;
  chars: number;
  rssMb: number;
}
interface WorkerReport {
  rssMb: number;
  cpuS: number;
  exitCode: number;
}

const rssMb = () => process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
/** CPU seconds this process has used (user + system, all its threads). */
const cpuS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

// ---------------------------------------------------------------- child processes

/**
 * A hash of the code and pipelines as they are now (src/queue's codeFingerprint is computed once
 * per process): builds made while someone edits the tree may differ for that reason alone.
 */
function codeNow(): string {
  const h = createHash('sha256');
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(ROOT, rel)).sort()) {
      const r = `${rel}/${name}`;
      if (statSync(path.join(ROOT, r)).isDirectory()) walk(r);
      else h.update(`${r}\0`).update(readFileSync(path.join(ROOT, r))).update('\0');
    }
  };
  walk('src');
  walk('pipelines');
  for (const f of ['package.json', 'package-lock.json']) if (existsSync(path.join(ROOT, f))) h.update(readFileSync(path.join(ROOT, f)));
  return h.digest('hex').slice(0, 12);
}

async function childBuild(a: { inDir: string; outDir: string; workers?: number; queue?: string; queueName?: string }): Promise<BuildReport> {
  const codeAtStart = codeNow();
  // As `corpus build` does before it builds.
  (await import('../src/util/heap.ts')).boundHeapGrowth();
  const { build } = await import('../src/build.ts');
  type Executor = NonNullable<Parameters<typeof build>[0]['executor']>;
  let queue: (Executor & { removeCollected(): Promise<number> }) | undefined;
  if (a.queue) {
    // As the CLI's `build --queue`: check Redis, then a QueueExecutor with the default options.
    const { checkRedis } = await import('../src/queue/common.ts');
    await checkRedis(a.queue);
    const { QueueExecutor } = await import('../src/queue/executor.ts');
    queue = new QueueExecutor(a.queue, { queueName: a.queueName, log: () => {} });
  }
  // What the process keeps alive, as opposed to what it has allocated and not yet collected (peak
  // RSS): the heap after a forced collection as each stage starts. The child runs with
  // --expose-gc; a collection takes well under a second even at 500 MB.
  const gc = (globalThis as { gc?: () => void }).gc;
  let live = { mb: 0, at: '–' };
  let lastStage = '';
  const sample = (at: string) => {
    if (!gc) return;
    gc();
    const mb = process.memoryUsage().heapUsed / 1048576;
    if (mb > live.mb) live = { mb, at };
  };
  // Where the main thread paused for the collector (a large live heap makes each full collection long).
  const { PerformanceObserver, constants } = await import('node:perf_hooks');
  const pauses = { major: 0, minor: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const detail = (e as PerformanceEntry & { detail?: { kind?: number; flags?: number } }).detail;
      if ((detail?.flags ?? 0) & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) continue; // our own samples of the live heap
      const kind = detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) pauses.major += e.duration;
      else if (kind === constants.NODE_PERFORMANCE_GC_MINOR) pauses.minor += e.duration;
    }
  });
  const t0 = performance.now();
  observer.observe({ entryTypes: ['gc'] });
  let result: Awaited<ReturnType<typeof build>>;
  let gcMs = 0;
  try {
    result = await build({
      inDir: a.inDir,
      outDir: a.outDir,
      cache: false,
      workers: a.workers ?? 1,
      executor: queue,
      onProgress: (e) => {
        if (e.stage === lastStage) return;
        lastStage = e.stage;
        const g0 = performance.now();
        sample(e.stage);
        gcMs += performance.now() - g0;
      },
    });
    await queue?.removeCollected();
  } finally {
    await queue?.close();
  }
  const wallMs = performance.now() - t0 - gcMs;
  observer.disconnect();
  sample('end (the build\'s result in hand)');
  const dedupe = result.stats.find((s) => s.name === 'dedupe')?.counters ?? {};
  return {
    wallMs,
    timings: result.timings,
    rssMb: rssMb(),
    cpuS: cpuS(),
    liveMb: live.mb,
    liveAt: live.at,
    documents: result.output.manifest.inputs.length,
    rejected: result.rejected.length,
    passages: dedupe.passages ?? 0,
    duplicates: (dedupe.passages ?? 0) - (dedupe.canonical ?? 0),
    code: [codeAtStart, codeNow()],
    gcMs: pauses,
  };
}

/** Tags each canonical passage (tagAlone, as benchExtract in scripts/bench.ts does); only the tagging is timed. Streams the file (it outgrows a string at 500 MB). */
async function childTag(a: { outDir: string }): Promise<TagReport> {
  const { tagAlone, prepareTagger } = await import('./tag-alone.ts');
  prepareTagger();
  tagAlone('Warm up the tagger in Geneva with 12 people.'); // the lexicon's first use is not the corpus's cost
  let ms = 0;
  let passages = 0;
  let chars = 0;
  const lines = createInterface({ input: createReadStream(path.join(a.outDir, 'passages.jsonl'), 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    const p = JSON.parse(line) as { text: string; duplicateOf: string | null };
    if (p.duplicateOf) continue;
    const t0 = performance.now();
    tagAlone(p.text);
    ms += performance.now() - t0;
    passages++;
    chars += p.text.length;
  }
  return { wallMs: ms, cpuS: cpuS(), passages, chars, rssMb: rssMb() };
}

/** `corpus worker ARGS` in this process, then its peak RSS. */
async function childWorker(a: { args: string[] }): Promise<WorkerReport> {
  const { main } = await import('../src/cli.ts');
  const exitCode = await main(['worker', ...a.args]);
  return { rssMb: rssMb(), cpuS: cpuS(), exitCode };
}

async function childMain(mode: string, json: string): Promise<void> {
  const args = JSON.parse(json);
  const report = mode === 'build' ? await childBuild(args) : mode === 'tag' ? await childTag(args) : mode === 'worker' ? await childWorker(args) : null;
  if (!report) throw new Error(`bench-scale: unknown child mode ${mode}`);
  // Exit at once: a lingering handle (a pool, a Redis connection) must not hold the run open.
  process.stdout.write(`${RESULT}${JSON.stringify(report)}\n`, () => process.exit(0));
}

interface Child<T> {
  proc: ChildProcess;
  /** The end of what the child wrote to stderr (npm's warnings left out). */
  stderr(): string;
  /** The child's report and its whole life in ms (spawn to exit). */
  done: Promise<{ report: T; processMs: number }>;
}

/** Whether `taskset` can pin a process to a core here (util-linux; a container may forbid it). */
const canPin = (() => {
  let ok: boolean | null = null;
  return () => (ok ??= spawnSync('taskset', ['-c', '0', 'true']).status === 0);
})();

/** A child process of this script in MODE; with `cpu`, pinned to that core (its threads too) when taskset works. */
function startChild<T>(mode: string, args: unknown, cpu?: number): Child<T> {
  const t0 = performance.now();
  const flags = mode === 'build' ? ['--expose-gc'] : [];
  const node = [process.execPath, ...flags, '--import', 'tsx', SELF, '--child', mode, JSON.stringify(args)];
  const argv = cpu !== undefined && canPin() ? ['taskset', '-c', String(cpu), ...node] : node;
  const proc = spawn(argv[0]!, argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  proc.stderr!.setEncoding('utf8').on('data', (s: string) => (err = (err + s).slice(-4000)));
  const done = new Promise<{ report: T; processMs: number }>((resolve, reject) => {
    proc.on('error', reject);
    // 'close', not 'exit': the report may still sit in the pipe when the process has exited.
    proc.on('close', (code, signal) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT));
      if (line) resolve({ report: JSON.parse(line.slice(RESULT.length)) as T, processMs: performance.now() - t0 });
      else reject(new Error(`${mode} child exited with ${signal ?? code}: ${stderr() || 'no output'}`));
    });
  });
  const stderr = () => err.trim().split('\n').filter((l) => l && !/npm warn/i.test(l)).slice(-3).join(' / ');
  return { proc, stderr, done };
}

/** Stops a child this bench started (by its own handle) and waits for it, SIGKILL after graceMs. */
async function stopChild(proc: ChildProcess, graceMs: number): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------- Redis

async function startRedis(): Promise<{ url: string; proc: ChildProcess; peakMb: () => Promise<number | null>; cpuS: () => Promise<number | null> }> {
  const { url, proc } = await startLocalRedis();
  const info = async (section: string, read: (text: string) => number | null) => {
    const { Redis } = await import('ioredis');
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await client.connect();
      return read(await client.info(section));
    } catch {
      return null;
    } finally {
      client.disconnect();
    }
  };
  const peakMb = () =>
    info('memory', (t) => {
      const m = /used_memory_peak:(\d+)/.exec(t);
      return m ? Number(m[1]) / 1048576 : null;
    });
  // Redis serves one build per bench size: its CPU since start is the build's.
  const cpuS = () =>
    info('cpu', (t) => {
      const sys = /used_cpu_sys:([\d.]+)/.exec(t);
      const user = /used_cpu_user:([\d.]+)/.exec(t);
      return sys && user ? Number(sys[1]) + Number(user[1]) : null;
    });
  return { url, proc, peakMb, cpuS };
}

// ---------------------------------------------------------------- the bench

async function hashFile(file: string): Promise<string> {
  if (!existsSync(file)) return 'missing';
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}
const hashOutputs = async (dir: string) => Promise.all(COMPARED.map((f) => hashFile(path.join(dir, f))));
/** "yes", or "no: FILES differ" against the reference hashes. */
const sameAs = (reference: string[] | null, hashes: string[]) => {
  if (!reference) return 'not compared (no build output to compare with)';
  const differ = COMPARED.filter((_, i) => hashes[i] !== reference[i]);
  return differ.length ? `no: ${differ.join(', ')} differ` : 'yes';
};

interface Row {
  run: string;
  wallMs: number | null;
  processMs: number | null;
  rssMb: number | null;
  workerRssMb: number | null;
  /** CPU seconds of every process of the run (coordinator, workers, Redis). */
  cpuS: number | null;
  liveMb: number | null;
  passages: number | null;
  stages: string;
  note: string;
}

interface SizeResult {
  mb: number;
  corpus: SynthCorpusResult;
  generateMs: number;
  rows: Row[];
  identical: string;
  dedupe: string;
  redisPeakMb: number | null;
}

/** The coordinator's main-thread collection pauses (the forced collections that sample the live heap left out). */
const gcNote = (r: BuildReport) => (r.gcMs ? `main-thread GC pauses ${(r.gcMs.major / 1000).toFixed(1)} s full, ${(r.gcMs.minor / 1000).toFixed(1)} s young` : '');
const fmt = (x: number | null, digits = 1) => (x === null ? '–' : x.toFixed(digits));
const stageList = (t: { name: string; ms: number }[]) => t.map((s) => `${s.name} ${(s.ms / 1000).toFixed(2)}`).join(', ');
/** The machine's load when a run starts: other work on a shared machine skews wall times. */
const loadNow = () => `load ${loadavg()[0]!.toFixed(1)} at start`;
const log = (line: string) => process.stderr.write(`bench-scale: ${line}\n`);

async function benchSize(mb: number, seed: number, runs: ReadonlySet<Run>, paired: boolean): Promise<SizeResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-scale-'));
  try {
    const inDir = path.join(dir, 'in');
    const g0 = performance.now();
    const corpus = writeSyntheticCorpus(inDir, { mb, seed });
    const generateMs = performance.now() - g0;
    log(`${mb} MB: ${corpus.documents} documents generated in ${(generateMs / 1000).toFixed(1)} s`);
    const rows: Row[] = [];
    const outs = { one: path.join(dir, 'out-1'), two: path.join(dir, 'out-2'), queue: path.join(dir, 'out-queue') };

    const codes = new Set<string>();
    const emptyRow = (run: string, note: string): Row => ({ run, wallMs: null, processMs: null, rssMb: null, workerRssMb: null, cpuS: null, liveMb: null, passages: null, stages: '–', note });
    const failRow = (run: string, err: unknown) => {
      log(`${mb} MB: ${run}: ${(err as Error).message}`);
      return emptyRow(run, `failed: ${(err as Error).message.slice(0, 200)}`);
    };
    /** A build in its own process: its row and its outputs' hashes (null: it failed; the row says why). */
    const buildRow = async (run: string, args: Parameters<typeof childBuild>[0], cpu?: number): Promise<{ row: Row; report: BuildReport | null; hashes: string[] | null }> => {
      log(`${mb} MB: ${run}${cpu !== undefined ? ` (core ${cpu})` : ''}`);
      const load = loadNow();
      try {
        const { report, processMs } = await startChild<BuildReport>('build', args, cpu).done;
        for (const c of report.code) codes.add(c);
        const note = [load, cpu !== undefined && canPin() ? `pinned to core ${cpu}` : '', report.rejected ? `${report.rejected} rejected` : '', `largest live heap at ${report.liveAt}`, gcNote(report)].filter(Boolean).join('; ');
        const row: Row = { run, wallMs: report.wallMs, processMs, rssMb: report.rssMb, workerRssMb: null, cpuS: report.cpuS, liveMb: report.liveMb, passages: report.passages, stages: stageList(report.timings), note };
        return { row, report, hashes: await hashOutputs(args.outDir) };
      } catch (err) {
        return { row: failRow(run, err), report: null, hashes: null };
      }
    };
    const tagRun = 'compromise tagging alone';
    /** Tagging alone on the canonical passages of a build's output. */
    const tagRow = async (outDir: string, cpu?: number): Promise<Row> => {
      log(`${mb} MB: ${tagRun}${cpu !== undefined ? ` (core ${cpu})` : ''}`);
      try {
        const load = loadNow();
        const { report, processMs } = await startChild<TagReport>('tag', { outDir }, cpu).done;
        const pinned = cpu !== undefined && canPin() ? `pinned to core ${cpu}; ` : '';
        return {
          run: tagRun,
          wallMs: report.wallMs,
          processMs,
          rssMb: report.rssMb,
          workerRssMb: null,
          cpuS: report.cpuS,
          liveMb: null,
          passages: report.passages,
          stages: '–',
          note: `${load}; ${pinned}${report.passages} canonical passages, ${(report.chars / 1e6).toFixed(1)} M chars`,
        };
      } catch (err) {
        return failRow(tagRun, err);
      }
    };

    // The table's order whatever order the runs go in.
    const tableRows = new Map<Run, Row>();
    // Set inside settle(): `as` keeps TypeScript from narrowing it to null for good.
    let reference = null as { dir: string; hashes: string[]; run: string } | null;
    let dedupe = '–';
    const same: string[] = [];
    /** The first successful build is the reference (what tagging alone reads, what the others are compared with). */
    const settle = (key: Run, outDir: string, b: Awaited<ReturnType<typeof buildRow>>) => {
      tableRows.set(key, b.row);
      if (!b.report || !b.hashes) return;
      if (!reference) {
        reference = { dir: outDir, hashes: b.hashes, run: b.row.run };
        dedupe = `${b.report.duplicates} of ${b.report.passages} passages marked duplicates (${corpus.nearDuplicates} near duplicates planted)`;
      } else {
        same.push(`${b.row.run} ${sameAs(reference.hashes, b.hashes)}`);
        rmSync(outDir, { recursive: true, force: true }); // disk: each output is ~6x the input
      }
    };
    const oneArgs = { inDir, outDir: outs.one, workers: 1 };
    const twoArgs = { inDir, outDir: outs.two, workers: 2 };
    if (paired) {
      // The 2-worker build first (its output is the reference), then tagging alone and the
      // 1-worker build at the same time, each pinned to a core of its own: both single-threaded
      // work, measured under the same conditions, in half the time.
      if (runs.has('two')) settle('two', outs.two, await buildRow('whole build, 2 workers', twoArgs));
      const tagging = runs.has('tag') && reference ? tagRow(reference.dir, 0) : null;
      const one = runs.has('one') ? buildRow('whole build, 1 worker', oneArgs, 1) : null;
      if (one) settle('one', outs.one, await one);
      if (tagging) tableRows.set('tag', await tagging);
      else if (runs.has('tag')) {
        // No 2-worker output to read: tagging alone reads the 1-worker build's, after it.
        tableRows.set('tag', reference ? await tagRow(reference.dir) : emptyRow(tagRun, 'skipped: no build output to tag (runs one or two)'));
      }
    } else {
      // The builds first (1 worker, then 2): the first output is what tagging alone tags and what
      // the others are compared with. A run that fails (a heap limit reached at 500 MB, say) is a
      // row of the table, not the end of the bench.
      if (runs.has('one')) settle('one', outs.one, await buildRow('whole build, 1 worker', oneArgs));
      if (runs.has('two')) settle('two', outs.two, await buildRow('whole build, 2 workers', twoArgs));
      if (runs.has('tag')) {
        tableRows.set('tag', reference ? await tagRow(reference.dir) : emptyRow(tagRun, 'skipped: no build output to tag (runs one or two)'));
      }
    }

    let redisPeakMb: number | null = null;
    const queueRun = 'queue, 2 worker processes';
    if (!runs.has('queue')) {
      // not asked for
    } else if (!hasRedisServer()) {
      tableRows.set('queue', emptyRow(queueRun, 'skipped: redis-server is not installed (apt-get install redis-server)'));
    } else {
      log(`${mb} MB: ${queueRun}`);
      const redis = await startRedis().catch((err: Error) => {
        tableRows.set('queue', failRow(queueRun, new Error(`redis-server did not start: ${err.message}`)));
        return null;
      });
      if (redis) {
        const queueName = `bench-scale-${mb}`;
        const workers = [0, 1].map(() =>
          startChild<WorkerReport>('worker', { args: ['--queue', redis.url, '--queue-name', queueName, '--exit-when-idle', '900', '--quiet'] }),
        );
        const load = loadNow();
        // Workers that all stop early (code that changed under them, Redis trouble) would leave the
        // coordinator waiting for ever: it is stopped then, with the workers' reasons.
        const workersGone = Promise.allSettled(workers.map((w) => w.done));
        const coordinator = startChild<BuildReport>('build', { inDir, outDir: outs.queue, queue: redis.url, queueName });
        coordinator.done.catch(() => {}); // awaited below, or abandoned when the workers are gone
        try {
          const first = await Promise.race([coordinator.done, workersGone.then(() => null)]);
          if (!first) {
            await stopChild(coordinator.proc, 10_000);
            throw new Error(`both workers stopped before the build finished: ${workers.map((w) => w.stderr() || `exit ${w.proc.exitCode}`).join(' | ')}`);
          }
          const { report, processMs } = first;
          for (const c of report.code) codes.add(c);
          redisPeakMb = await redis.peakMb();
          const redisCpuS = await redis.cpuS();
          await Promise.all(workers.map((w) => stopChild(w.proc, 60_000)));
          const reports = await Promise.allSettled(workers.map((w) => w.done));
          const rss = reports.map((r) => (r.status === 'fulfilled' ? r.value.report.rssMb : null)).filter((x): x is number => x !== null);
          tableRows.set('queue', {
            run: queueRun,
            wallMs: report.wallMs,
            processMs,
            rssMb: report.rssMb,
            workerRssMb: rss.length ? Math.max(...rss) : null,
            cpuS: report.cpuS + reports.reduce((n, r) => n + (r.status === 'fulfilled' ? r.value.report.cpuS : 0), 0) + (redisCpuS ?? 0),
            liveMb: report.liveMb,
            passages: report.passages,
            stages: stageList(report.timings),
            note: [load, report.rejected ? `${report.rejected} rejected` : '', `largest live heap at ${report.liveAt}`, gcNote(report), rss.length < 2 ? `${2 - rss.length} worker(s) gave no report` : ''].filter(Boolean).join('; '),
          });
          same.push(`queue ${sameAs(reference?.hashes ?? null, await hashOutputs(outs.queue))}`);
        } catch (err) {
          tableRows.set('queue', failRow(queueRun, err));
        } finally {
          await Promise.all(workers.map((w) => stopChild(w.proc, 10_000)));
          await stopChild(redis.proc, 10_000);
        }
        rmSync(outs.queue, { recursive: true, force: true });
      }
    }
    const edited = codes.size > 1 ? ' [src/ or pipelines/ changed while these builds ran: a difference may come from the edits, not from the executor]' : '';
    const identical = same.length === 0 ? 'not compared' : `${same.every((s) => s.endsWith('yes')) ? 'yes' : reference ? 'no' : 'not compared'} (${same.join('; ')})${edited}`;
    for (const key of RUNS) {
      const row = tableRows.get(key);
      if (row) rows.push(row);
    }
    return { mb, corpus, generateMs, rows, identical, dedupe, redisPeakMb };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The runs of a size: tagging alone, the build with 1 and 2 workers, the queue. */
export const RUNS = ['tag', 'one', 'two', 'queue'] as const;
export type Run = (typeof RUNS)[number];

/** Parses --runs ("one,two": a subset of RUNS). */
export function parseRuns(list: string): Set<Run> {
  const runs = list.split(',').map((r) => r.trim());
  const bad = runs.filter((r) => !(RUNS as readonly string[]).includes(r));
  if (bad.length || !runs.length) throw new Error(`--runs: a comma-separated subset of ${RUNS.join(',')}, not ${list}`);
  return new Set(runs as Run[]);
}

/**
 * The scale table. `paired`: tagging alone and the 1-worker build run at the same time, each
 * pinned to a core, after the 2-worker build (the four runs in about 60% of the time; on a machine
 * of two cores the 2-worker and queue runs still run alone).
 */
export async function benchScale(sizesMb: number[], seed = 1, runs: ReadonlySet<Run> = new Set(RUNS), paired = false): Promise<string> {
  const results: SizeResult[] = [];
  for (const mb of sizesMb) results.push(await benchSize(mb, seed, runs, paired));

  const lines: string[] = [
    `## Scale: synthetic corpora of ${sizesMb.join(', ')} MB (tagging alone, 1 and 2 workers, queue with 2 worker processes)`,
    '',
    '| corpus | run | wall s | process s | MB/s | documents/s | peak RSS MB (coordinator) | peak RSS MB (largest worker process) | CPU s (all processes) | live heap MB (coordinator, largest) | live heap KB per passage | time per stage (s) | note |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const mb = r.corpus.bytes / 1e6;
    const corpus = `${mb.toFixed(1)} MB, ${r.corpus.documents} docs`;
    for (const row of r.rows) {
      const s = row.wallMs === null ? null : row.wallMs / 1000;
      lines.push(
        `| ${corpus} | ${row.run} | ${fmt(s, 2)} | ${fmt(row.processMs === null ? null : row.processMs / 1000, 2)} | ${fmt(s ? mb / s : null, 3)} | ${fmt(s ? r.corpus.documents / s : null, 2)} | ${fmt(row.rssMb, 0)} | ${fmt(row.workerRssMb, 0)} | ${fmt(row.cpuS, 1)} | ${fmt(row.liveMb, 0)} | ${fmt(row.liveMb !== null && row.passages ? (row.liveMb * 1024) / row.passages : null, 2)} | ${row.stages} | ${row.note} |`,
      );
    }
  }
  lines.push('');
  const wall = (r: SizeResult, run: string) => r.rows.find((x) => x.run.startsWith(run))?.wallMs ?? null;
  const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? `${(a / b).toFixed(2)}x` : '–');
  for (const r of results) {
    const tag = wall(r, 'compromise');
    const one = wall(r, 'whole build, 1');
    const two = wall(r, 'whole build, 2');
    const queue = wall(r, 'queue');
    lines.push(
      `- ${r.mb} MB (${r.corpus.documents} documents, ${r.corpus.passages} passages, generated in ${(r.generateMs / 1000).toFixed(1)} s): ` +
        `speedup of 2 workers over 1 (1-worker wall / 2-worker wall) ${ratio(one, two)}; wall time of the whole build (1 worker) / tagging alone ${ratio(one, tag)}; ` +
        `wall time of the queue / local 2 workers ${ratio(queue, two)}; identical to the first build's output: ${r.identical}; dedupe: ${r.dedupe}` +
        `${r.redisPeakMb !== null ? `; Redis peak memory ${r.redisPeakMb.toFixed(0)} MB` : ''}.`,
    );
  }
  // Peak RSS from size to size: MB of RSS per MB of input between consecutive sizes.
  if (results.length > 1) {
    const runs = results[0]!.rows.map((x) => x.run);
    const parts = runs.map((run) => {
      const pts = results.map((r) => ({ mb: r.corpus.bytes / 1e6, row: r.rows.find((x) => x.run === run) }));
      const rss = pts.map((p) => `${fmt(p.row?.rssMb ?? null, 0)}`).join(' → ');
      const slopes = pts.slice(1).map((p, i) => {
        const a = pts[i]!;
        return a.row?.rssMb != null && p.row?.rssMb != null ? ((p.row.rssMb - a.row.rssMb) / (p.mb - a.mb)).toFixed(2) : '–';
      });
      const workers = pts.some((p) => p.row?.workerRssMb != null) ? ` (largest worker ${pts.map((p) => fmt(p.row?.workerRssMb ?? null, 0)).join(' → ')})` : '';
      return `${run}: ${rss} MB${workers}, ${slopes.join(', ')} MB of RSS per MB of input`;
    });
    lines.push(`- Peak RSS from ${sizesMb.join(' → ')} MB: ${parts.join('; ')}.`);
  } else {
    lines.push('- Peak RSS: one size only, so no trend (run with --sizes 10,100,500 to see how it grows).');
  }
  lines.push(
    '',
    'wall s: the build() call (or the tagging calls alone) inside its child process; process s: the child from spawn to exit ' +
      '(tsx start, module loading; for tagging, reading passages.jsonl too). MB/s and documents/s are of the whole corpus over wall s. ' +
      'Peak RSS: the process\'s maxRSS, its worker threads included (with 2 workers the coordinator holds both threads). ' +
      'CPU s: user + system seconds of the run\'s processes from their start (module loading included; for the queue: coordinator, both workers and Redis), ' +
      'steadier than wall time on a shared machine. ' +
      'Live heap: the coordinator\'s JavaScript heap after a forced collection as each stage starts and after the build, the largest of these ' +
      '(with 1 worker its heap is also the tagger\'s); per passage: over all passages, duplicates included. ' +
      'Document stages (ingest to segment) are timed per document where they ran and added up over documents, on every worker, ' +
      'so with 2 workers or the queue they are worker time, not wall time; dedupe, extract (which waits for the tagging tasks) ' +
      'and write are the coordinator\'s wall time. Identical: passages, entities, statistics and manifest sha256 equal to the first build\'s output (1 worker; 2 workers when paired). ' +
      (paired ? 'Paired: tagging alone and the 1-worker build ran at the same time, each pinned to one core (taskset), after the 2-worker build.' : ''),
  );
  return lines.join('\n');
}

if (process.argv[2] === '--child') {
  await childMain(process.argv[3]!, process.argv[4]!);
} else if (import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10' }, seed: { type: 'string', default: '1' }, runs: { type: 'string', default: RUNS.join(',') }, paired: { type: 'boolean', default: false } } });
  const sizes = values.sizes.split(',').map(Number);
  if (sizes.some((s) => !(s > 0))) throw new Error(`--sizes: positive numbers of MB, not ${values.sizes}`);
  process.stdout.write(`${await benchScale(sizes, Number(values.seed), parseRuns(values.runs), values.paired)}\n`);
}
