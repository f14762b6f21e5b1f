// Queue builds against a real Redis server (Debian's redis-server, started here on a free loopback
// port): the dataset a coordinator and `corpus worker` processes write must be byte-identical to a
// local build's, also when a worker is SIGKILLed mid-job and when the coordinator is restarted.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskExecutor, TaskOutcome } from '../src/pipeline/executor.ts';
import { KEY_PREFIX } from '../src/queue/common.ts';
import { QueueExecutor } from '../src/queue/executor.ts';
import { hasRedisServer, startLocalRedis } from '../src/queue/local-redis.ts';
import { runQueueWorker } from '../src/queue/worker.ts';
import { RAW, ROOT } from './helpers.ts';

const hasRedis = hasRedisServer();
const inCI = Boolean(process.env.CI);
if (!hasRedis && !inCI) {
  process.stderr.write('tests/queue.test.ts: skipped: redis-server is not installed (apt-get install redis-server; CI installs it)\n');
}
// The worker to be killed holds its jobs' locks for 2 s, and every worker looks for stalled jobs
// every second (one check per interval runs, whoever scheduled it), so its job moves on within
// seconds; the others' locks are long enough that a loaded machine cannot make a live worker's job
// look stalled.
const DOOMED = ['--lock-duration', '2000', '--stalled-interval', '1000'];
const RESCUERS = ['--lock-duration', '10000', '--stalled-interval', '1000'];

interface Child {
  proc: ChildProcess;
  lines: string[];
  stderr: string[];
  exited: Promise<number | null>;
  /** Resolves with the first stdout line matching re (already printed or to come). */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
}

const children = new Set<ChildProcess>();

function corpus(args: string[]): Child {
  const proc = spawn(process.execPath, [path.join(ROOT, 'bin/corpus.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  const lines: string[] = [];
  const stderr: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  let buf = '';
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) if (w.re.test(line)) waiters.splice(waiters.indexOf(w), 1), w.resolve(line);
    }
  });
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = new Promise<number | null>((resolve) =>
    proc.on('exit', (code, signal) => {
      children.delete(proc);
      resolve(signal ? null : code);
    }),
  );
  return {
    proc,
    lines,
    stderr,
    exited,
    waitFor(re, timeoutMs = 60_000) {
      const hit = lines.find((l) => re.test(l));
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no line matching ${re} in ${timeoutMs} ms; stdout: ${lines.join(' | ')}; stderr: ${stderr.join('')}`)), timeoutMs);
        waiters.push({ re, resolve: (l) => (clearTimeout(t), resolve(l)) });
      });
    },
  };
}

/** Every file under dir, by relative path, as its sha256. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(dir, r)).isDirectory()) walk(r);
      else out[r] = createHash('sha256').update(readFileSync(path.join(dir, r))).digest('hex');
    }
  };
  walk('');
  return out;
}

/** The seed documents: one `document` job each. */
const DOCUMENTS = readdirSync(RAW).filter((f) => f !== 'sources.json').length;
const documentJobs = (ids: string[]) => ids.filter((id) => id.startsWith('document-')).length;

/** Job ids a worker reported done (one line per job). */
const doneIds = (c: Child) => c.lines.map((l) => /^corpus worker: done (\S+)/.exec(l)?.[1]).filter((x): x is string => Boolean(x));

describe.skipIf(!hasRedis && !inCI)('queue builds (redis-server)', () => {
  let redis: ChildProcess | undefined;
  let url = '';
  let client: Redis;
  let tmp = '';
  let local: Record<string, string> = {};
  let pipeline = '';

  beforeAll(async () => {
    if (!hasRedis) throw new Error('redis-server is not installed: .ci/run installs it with apt-get (CI must run the queue tests)');
    ({ url, proc: redis } = await startLocalRedis());
    client = new Redis(url, { maxRetriesPerRequest: 1 });
    tmp = mkdtempSync(path.join(tmpdir(), 'corpus-queue-'));
    // The default pipeline with a time guard no loaded machine reaches: tagging cut by time depends
    // on the machine's speed, not on where it ran, and these builds share two cores.
    pipeline = path.join(tmp, 'pipeline.mts');
    writeFileSync(
      pipeline,
      `import base from ${JSON.stringify(path.join(ROOT, 'pipelines/default.ts'))};\n` +
        `export default { ...base, name: 'queue-test', stages: base.stages.map((s) => (s.use === 'extract' ? { ...s, options: { ...s.options, timeBudgetMs: 300000 } } : s)) };\n`,
    );
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/corpus.mjs'), 'build', '--in', RAW, '--out', path.join(tmp, 'local'), '--pipeline', pipeline, '--no-cache', '--quiet'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    local = tree(path.join(tmp, 'local'));
  });

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    client?.disconnect();
    redis?.kill('SIGKILL');
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const build = (name: string) =>
    corpus(['build', '--in', RAW, '--out', path.join(tmp, name), '--pipeline', pipeline, '--no-cache', '--quiet', '--queue', url, '--queue-name', name]);
  const worker = (name: string, args: string[] = []) => corpus(['worker', '--queue', url, '--queue-name', name, ...args]);
  /** Jobs of a queue still in Redis (job hashes: TASK-<40 hex digits>). */
  const jobsLeft = async (name: string) => (await client.keys(`${KEY_PREFIX}:${name}:*`)).filter((k) => /:[\w]+-[0-9a-f]{40}$/.test(k));

  it('two workers build the same dataset as a local build, and the jobs are removed after', async () => {
    const workers = [worker('q1'), worker('q1')];
    const coordinator = build('q1');
    expect(await coordinator.exited, coordinator.stderr.join('')).toBe(0);
    expect(tree(path.join(tmp, 'q1'))).toEqual(local);

    const ids = workers.flatMap(doneIds);
    expect(new Set(ids).size).toBe(ids.length); // no job ran twice
    expect(documentJobs(ids)).toBe(DOCUMENTS);
    expect(await jobsLeft('q1')).toEqual([]);

    // SIGTERM: a worker finishes what it runs and exits cleanly.
    for (const w of workers) w.proc.kill('SIGTERM');
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
  });

  it('a worker SIGKILLed mid-job: its job runs elsewhere, once, and the dataset is identical', async () => {
    const first = worker('q2', DOOMED);
    const coordinator = build('q2');
    const started = await first.waitFor(/^corpus worker: start /);
    first.proc.kill('SIGKILL');
    const killedJob = /^corpus worker: start (\S+)/.exec(started)![1]!;
    expect(await first.exited).toBeNull();
    const workers = [worker('q2', RESCUERS), worker('q2', RESCUERS)];
    expect(await coordinator.exited, coordinator.stderr.join('')).toBe(0);
    expect(tree(path.join(tmp, 'q2'))).toEqual(local);

    const ids = [...doneIds(first), ...workers.flatMap(doneIds)];
    expect(new Set(ids).size).toBe(ids.length); // every job done once
    expect(documentJobs(ids)).toBe(DOCUMENTS);
    // Killed mid-job (the usual case), one of the new workers ran it once its lock expired.
    expect(ids.filter((id) => id === killedJob)).toHaveLength(1);
    for (const w of workers) w.proc.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
  });

  it('a coordinator restarted mid-build resumes from the finished jobs', async () => {
    const w1 = worker('q3');
    const first = build('q3');
    await w1.waitFor(/^corpus worker: done /);
    first.proc.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const doneBefore = doneIds(w1).length;

    const w2 = worker('q3');
    const second = build('q3');
    expect(await second.exited, second.stderr.join('')).toBe(0);
    expect(tree(path.join(tmp, 'q3'))).toEqual(local);

    // Jobs finished before the restart were collected from Redis, not run again.
    const ids = [...doneIds(w1), ...doneIds(w2)];
    expect(doneBefore).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    expect(documentJobs(ids)).toBe(DOCUMENTS); // under the same job ids, or they would have run twice
    for (const w of [w1, w2]) w.proc.kill('SIGTERM');
    await Promise.all([w1.exited, w2.exited]);
  });

  /** Every outcome of a run, in input order. */
  async function collect<I, O>(ex: QueueExecutor, task: string, inputs: I[], options = {}): Promise<TaskOutcome<O>[]> {
    const out: TaskOutcome<O>[] = [];
    for await (const [i, o] of ex.run<I, O>(task, inputs, options)) out[i] = o as TaskOutcome<O>;
    return out;
  }

  it('executor: outcomes by index, one job per distinct input, errors as outcomes, finished jobs reused', async () => {
    const calls: number[] = [];
    const runTask = async (_task: string, input: unknown) => {
      const n = input as number;
      calls.push(n);
      if (n === 3) throw new Error('three is refused');
      return { n, square: n * n, bytes: Buffer.from([n]) };
    };
    const w = await runQueueWorker(url, { queueName: 'unit', runTask });
    const first = new QueueExecutor(url, { queueName: 'unit' });
    const out = await collect<number, { n: number; square: number; bytes: Buffer }>(first, 'square', [1, 2, 3, 2, 4]);
    expect(out.map((o) => (o.ok ? o.value.square : o.error))).toEqual([1, 4, 'three is refused', 4, 16]);
    expect(out[0]!.ok && Buffer.isBuffer(out[0]!.value.bytes)).toBe(true);
    expect(calls.sort()).toEqual([1, 2, 3, 4]); // the repeated input ran once
    await first.close();
    // A new coordinator with the same inputs collects the finished jobs: nothing runs again.
    const second = new QueueExecutor(url, { queueName: 'unit' });
    expect((await collect<number, { square: number }>(second, 'square', [4, 1, 5])).map((o) => o.ok && o.value.square)).toEqual([16, 1, 25]);
    expect(calls.sort()).toEqual([1, 2, 3, 4, 5]);
    await second.removeCollected();
    await second.close();
    await w.close();
    // Each coordinator removes what it collected: the jobs only the first one took (2 and 3) stay.
    expect(await jobsLeft('unit')).toHaveLength(2);
  });

  it('executor: a job with no result past its time limit is reported as timed out', async () => {
    // A worker whose task never ends (and that cannot stop it): the coordinator's deadline ends the wait.
    const hung: TaskExecutor = {
      kind: 'inline',
      concurrency: 1,
      run: () => ({ [Symbol.asyncIterator]: () => ({ next: () => new Promise<never>(() => {}) }) }),
      close: async () => {},
    };
    const w = await runQueueWorker(url, { queueName: 'hung', executor: hung });
    const ex = new QueueExecutor(url, { queueName: 'hung', graceMs: 500 });
    const [outcome] = await collect(ex, 'sleep', ['forever'], { timeoutMs: 300 });
    expect(outcome).toEqual({ ok: false, error: 'sleep timed out after 300 ms', timedOut: true });
    await ex.close();
    await w.close(true);
  });

  it('rejects a URL that is not redis:// with a usage error', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/corpus.mjs'), 'worker', '--queue', 'http://localhost:1'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/redis:\/\/HOST:PORT/);
  });
});
