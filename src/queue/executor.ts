// The coordinator's side of a queue build: a TaskExecutor that turns each task input into a
// BullMQ job on Redis, for `corpus worker` processes on any machine, and yields the outcomes as
// they come back.
//
// - Job ids are content addresses (task, the input's key, the code's fingerprint): adding a job
//   whose id exists is a no-op, so an input is queued once however often it is submitted, and a
//   restarted coordinator re-adds the same ids and collects the jobs that finished meanwhile.
// - Each job's outcome is taken once (the first completion of its id), so a job run twice (its
//   worker died and the stalled-job check gave it to another) still counts once.
// - Results stay in Redis (the inputs are dropped once collected) until removeCollected(), which
//   the CLI calls after the dataset is written: a coordinator killed before then loses nothing.
// - Completions arrive through QueueEvents; the state of every outstanding job is read again
//   after it is added and whenever nothing has arrived for a while, so a missed event only delays.
// - Inputs are queued through a window (jobs and bytes not yet collected), so Redis never holds
//   more than that many inputs at once, however large the corpus.
import v8 from 'node:v8';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { TaskExecutor, TaskOptions, TaskOutcome } from '../pipeline/executor.ts';
import { sha256 } from '../util/hash.ts';
import { portableInput } from './portable.ts';
import { checkRedis, redactUrl, codeFingerprint, connectionOf, unpack, DEFAULT_QUEUE_NAME, pack, jobIdOf, KEY_PREFIX, parseRedisUrl, toBase64, type JobData } from './common.ts';

export interface QueueExecutorOptions {
  queueName?: string;
  /** What the runner is told runs at once (it sizes batches by it); default 8. */
  concurrency?: number;
  /** Jobs queued and not yet collected, at most (default 1,000). */
  maxInFlightJobs?: number;
  /** Bytes of serialised inputs queued and not yet collected, at most (default 256 MiB). */
  maxInFlightBytes?: number;
  /** Job attempts for a worker that throws (a task's own error is an outcome, not a throw); default 3. */
  attempts?: number;
  /** A running job with a time limit is given up this long after the limit (default 60 s). */
  graceMs?: number;
  /** Outstanding jobs are re-read after this long without a completion (default 2 s). */
  reconcileMs?: number;
  /** Input files up to this size travel in the job (workers need no shared storage); larger ones by path (default 64 MiB). */
  inlineFileBytes?: number;
  /** Progress and hints (no worker connected, jobs re-queued), one line each. */
  log?: (line: string) => void;
}

type Encoded = string;

interface Pending {
  jobId: string;
  task: string;
  timeoutMs: number;
  indices: number[];
  bytes: number;
  /** The job as queued (kept until collected, to re-add it if it vanishes: bounded by the window). */
  data: JobData;
  /** When the coordinator last saw the job start (its clock), null while it waits. */
  activeSince: number | null;
}

class Run {
  readonly pending = new Map<string, Pending>();
  readonly outbox: [number, TaskOutcome<unknown>][] = [];
  inFlightBytes = 0;
  producerDone = false;
  stopped = false;
  error: Error | null = null;
  lastProgress = Date.now();
  /** Time without news before outstanding jobs are re-read: doubles while nothing comes (up to 30 s). */
  quietMs = 0;
  readonly started = Date.now();
  private wakeConsumer: (() => void) | null = null;
  private wakeProducer: (() => void) | null = null;

  wake(): void {
    this.wakeConsumer?.();
    this.wakeConsumer = null;
  }
  room(): void {
    this.wakeProducer?.();
    this.wakeProducer = null;
  }
  waitForNews(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wakeConsumer = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }
  waitForRoom(): Promise<void> {
    return new Promise((resolve) => {
      this.wakeProducer = resolve;
    });
  }
}

export class QueueExecutor implements TaskExecutor {
  readonly kind = 'queue' as const;
  readonly concurrency: number;
  /** Tasks of about a second of tagging rather than 0.2 s (10 MB corpus: 4% less CPU over all processes). */
  readonly taskScale = 5;
  readonly queueName: string;
  private readonly url: string;
  private readonly opts: Required<Omit<QueueExecutorOptions, 'queueName' | 'concurrency' | 'log'>> & { log: (line: string) => void };
  private readonly code = codeFingerprint();
  private queue: Queue<JobData, Encoded> | null = null;
  private events: QueueEvents | null = null;
  private redis: Redis | null = null;
  private ready: Promise<void> | null = null;
  private readonly runs = new Set<Run>();
  /** Jobs whose result was collected (removed by removeCollected) and jobs given up on. */
  private readonly collected = new Set<string>();
  private readonly abandoned = new Set<string>();
  private closed = false;
  private lastWorkerCheck = 0;

  constructor(url: string, options: QueueExecutorOptions = {}) {
    this.url = parseRedisUrl(url);
    this.queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
    this.concurrency = options.concurrency ?? 8;
    this.opts = {
      maxInFlightJobs: options.maxInFlightJobs ?? 1000,
      maxInFlightBytes: options.maxInFlightBytes ?? 256 * 1024 * 1024,
      attempts: options.attempts ?? 3,
      graceMs: options.graceMs ?? 60_000,
      reconcileMs: options.reconcileMs ?? 2000,
      inlineFileBytes: options.inlineFileBytes ?? 64 * 1024 * 1024,
      log: options.log ?? (() => {}),
    };
  }

  private init(): Promise<void> {
    this.ready ??= (async () => {
      const connection = connectionOf(this.url);
      // Fail fast when Redis is not there, rather than retrying forever.
      await checkRedis(this.url);
      this.redis = new Redis(this.url, { maxRetriesPerRequest: 3 });
      this.redis.on('error', (err) => this.opts.log(`redis: ${err.message}`));
      // Completion events carry the results: a short event stream keeps that copy small (an event
      // trimmed before it was read is found by the next re-read of the outstanding jobs).
      this.queue = new Queue<JobData, Encoded>(this.queueName, { connection, prefix: KEY_PREFIX, streams: { events: { maxLen: 2000 } } });
      this.queue.on('error', (err) => this.opts.log(`queue: ${err.message}`));
      await this.queue.waitUntilReady();
      // Listen from the stream's current end, read before anything is added: no completion of
      // ours can fall between the two.
      const last = (await this.redis.xrevrange(this.queue.keys.events!, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
      this.events = new QueueEvents(this.queueName, { connection, prefix: KEY_PREFIX, lastEventId: last, blockingTimeout: 1000 });
      this.events.on('completed', ({ jobId, returnvalue }) => this.onCompleted(jobId, returnvalue as unknown));
      this.events.on('failed', ({ jobId, failedReason }) => this.onFailed(jobId, failedReason));
      this.events.on('active', ({ jobId }) => this.forPending(jobId, (p) => (p.activeSince = Date.now())));
      // Back to waiting (a retry after a worker's error waits its backoff as delayed): no deadline
      // runs while a job waits for a worker.
      const waiting = ({ jobId }: { jobId: string }) => this.forPending(jobId, (p) => (p.activeSince = null));
      this.events.on('waiting', waiting);
      this.events.on('delayed', waiting);
      this.events.on('stalled', (e) => {
        waiting(e);
        this.opts.log(`job ${e.jobId}: its worker stopped; queued again`);
      });
      this.events.on('removed', ({ jobId }) =>
        this.forPending(jobId, (p, run) =>
          void this.requeue(run, [p]).catch((err: Error) => {
            run.error ??= err;
            run.wake();
          }),
        ),
      );
      this.events.on('error', (err) => this.opts.log(`queue events: ${err.message}`));
      await this.events.waitUntilReady();
      const workers = await this.queue.getWorkersCount().catch(() => -1);
      this.opts.log(`jobs go to queue ${this.queueName} on ${redactUrl(this.url)}${workers >= 0 ? ` (${workers} worker(s) connected)` : ''}`);
    })();
    return this.ready;
  }

  private forPending(jobId: string, fn: (p: Pending, run: Run) => void): void {
    for (const run of this.runs) {
      const p = run.pending.get(jobId);
      if (p) fn(p, run);
    }
  }

  async *run<I, O>(task: string, inputs: AsyncIterable<I> | Iterable<I>, options: TaskOptions<I> = {}): AsyncIterable<[index: number, outcome: TaskOutcome<O>]> {
    if (this.closed) throw new Error('QueueExecutor: closed');
    await this.init();
    const run = new Run();
    this.runs.add(run);
    const producer = this.produce(run, task, inputs, options).catch((err: Error) => {
      run.error = err;
      run.wake();
    });
    let lastMaintain = Date.now();
    try {
      for (;;) {
        if (run.error) throw run.error;
        if (Date.now() - lastMaintain >= 500) {
          await this.maintain(run);
          lastMaintain = Date.now();
        }
        const next = run.outbox.shift();
        if (next) {
          yield next as [number, TaskOutcome<O>];
          continue;
        }
        if (run.producerDone && run.pending.size === 0) break;
        await run.waitForNews(500);
      }
    } finally {
      run.stopped = true;
      run.room();
      this.runs.delete(run);
      void producer; // it stops at its next input (its errors are caught above)
    }
  }

  /** Serialises, keys and queues every input, a batch at a time, within the window. */
  private async produce<I>(run: Run, task: string, inputs: AsyncIterable<I> | Iterable<I>, options: TaskOptions<I>): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 0;
    let batch: Pending[] = [];
    let batchBytes = 0;
    const flush = async () => {
      if (!batch.length) return;
      const added = batch;
      batch = [];
      batchBytes = 0;
      await this.add(added);
      await this.reconcile(run, added);
    };
    let index = 0;
    for await (const input of inputs) {
      if (run.stopped) return;
      const i = index++;
      let buf: Buffer;
      try {
        buf = pack(portableInput(task, input, this.opts.inlineFileBytes));
      } catch (err) {
        run.outbox.push([i, { ok: false, error: `${task}: input ${i} cannot be serialised: ${(err as Error).message}`, timedOut: false }]);
        run.wake();
        continue;
      }
      const key = options.keyOf ? options.keyOf(input, i) : sha256(v8.serialize(input));
      const jobId = jobIdOf(this.code, task, key);
      const same = run.pending.get(jobId);
      if (same) {
        same.indices.push(i); // the same input twice: one job, one outcome per index
        continue;
      }
      const data: JobData = { v: 1, task, code: this.code, timeoutMs, input: toBase64(buf) };
      const p: Pending = { jobId, task, timeoutMs, indices: [i], bytes: buf.length, data, activeSince: null };
      run.pending.set(jobId, p);
      run.inFlightBytes += p.bytes;
      batch.push(p);
      batchBytes += p.bytes;
      if (batch.length >= 100 || batchBytes >= 16 * 1024 * 1024) await flush();
      const full = () => !run.stopped && (run.pending.size >= this.opts.maxInFlightJobs || run.inFlightBytes >= this.opts.maxInFlightBytes);
      if (full()) await flush();
      // Nothing can be delivered between the check and the wait (no await between them).
      while (full()) await run.waitForRoom();
    }
    await flush();
    run.producerDone = true;
    run.wake();
  }

  private async add(jobs: Pending[]): Promise<void> {
    await this.queue!.addBulk(
      jobs.map((p) => ({
        name: p.task,
        data: p.data,
        opts: {
          jobId: p.jobId,
          attempts: this.opts.attempts,
          backoff: { type: 'fixed', delay: 1000 },
          removeOnComplete: { age: 7 * 24 * 3600 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      })),
    );
  }

  /** Reads the state of outstanding jobs: collects finished ones, re-adds vanished ones. */
  private async reconcile(run: Run, jobs: Pending[]): Promise<void> {
    const queue = this.queue!;
    for (let s = 0; s < jobs.length; s += 500) {
      const chunk = jobs.slice(s, s + 500).filter((p) => run.pending.get(p.jobId) === p);
      const states = await Promise.all(chunk.map((p) => queue.getJobState(p.jobId)));
      const gone: Pending[] = [];
      await Promise.all(
        chunk.map(async (p, k) => {
          const state = states[k];
          if (state === 'completed' || state === 'failed') {
            const job = await queue.getJob(p.jobId);
            if (!job) return void gone.push(p);
            if (state === 'completed') return this.onCompleted(p.jobId, job.returnvalue);
            if (job.timestamp < run.started) {
              // Failed in an earlier build (a crashed worker, say): give it another go.
              await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true }).catch(() => {});
              return;
            }
            return this.onFailed(p.jobId, job.failedReason);
          }
          if (state === 'unknown') gone.push(p);
          else if (state === 'active') p.activeSince ??= Date.now();
          else p.activeSince = null;
        }),
      );
      if (gone.length) await this.requeue(run, gone);
    }
  }

  /** Adds again jobs that disappeared from Redis (another build removed or the age limit cleared them). */
  private async requeue(run: Run, jobs: Pending[]): Promise<void> {
    const still = jobs.filter((p) => run.pending.get(p.jobId) === p);
    if (!still.length) return;
    this.opts.log(`${still.length} job(s) vanished from the queue: queued again`);
    await this.add(still);
    await this.reconcile(run, still);
  }

  private onCompleted(jobId: string, returnvalue: unknown): void {
    let outcome: () => TaskOutcome<unknown>;
    if (typeof returnvalue === 'string') outcome = () => unpack<TaskOutcome<unknown>>(returnvalue);
    else outcome = () => ({ ok: false, error: `job ${jobId}: no result`, timedOut: false });
    const taken = this.deliver(jobId, outcome);
    if (taken) {
      this.collected.add(jobId);
      // The input is not needed any more (a restarted coordinator only reads the result); a job
      // removed meanwhile is not brought back as a stray key.
      const script = "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HSET', KEYS[1], 'data', ARGV[1]) end return 0";
      void this.redis!.eval(script, 1, this.queue!.toKey(jobId), JSON.stringify({ ...taken.data, input: null })).catch(() => {});
    }
  }

  private onFailed(jobId: string, failedReason: string): void {
    if (this.deliver(jobId, () => ({ ok: false, error: failedReason || `job ${jobId} failed`, timedOut: false }))) this.collected.add(jobId);
  }

  /** Hands a job's outcome to every run waiting for it; returns the job (null: nobody was waiting). */
  private deliver(jobId: string, outcome: () => TaskOutcome<unknown>): Pending | null {
    let taken: Pending | null = null;
    for (const run of this.runs) {
      const p = run.pending.get(jobId);
      if (!p) continue;
      taken = p;
      run.pending.delete(jobId);
      run.inFlightBytes -= p.bytes;
      for (const i of p.indices) {
        let o: TaskOutcome<unknown>;
        try {
          o = outcome(); // decoded per index: two indices never share objects
        } catch (err) {
          o = { ok: false, error: `job ${jobId}: unreadable result: ${(err as Error).message}`, timedOut: false };
        }
        run.outbox.push([i, o]);
      }
      run.lastProgress = Date.now();
      run.quietMs = this.opts.reconcileMs;
      run.wake();
      run.room();
    }
    return taken;
  }

  /** Deadlines of running jobs, and a re-read of every outstanding job when nothing has come back for a while. */
  private async maintain(run: Run): Promise<void> {
    const now = Date.now();
    for (const p of [...run.pending.values()]) {
      if (p.timeoutMs > 0 && p.activeSince !== null && now - p.activeSince > p.timeoutMs + this.opts.graceMs) {
        this.abandoned.add(p.jobId);
        this.opts.log(`job ${p.jobId} (${p.task}): no result ${p.timeoutMs + this.opts.graceMs} ms after it started: given up`);
        this.deliver(p.jobId, () => ({ ok: false, error: `${p.task} timed out after ${p.timeoutMs} ms`, timedOut: true }));
        void this.queue!.remove(p.jobId).catch(() => {}); // fails while a worker holds it; removeCollected tries again
      }
    }
    run.quietMs ||= this.opts.reconcileMs;
    if (now - run.lastProgress >= run.quietMs && run.pending.size) {
      run.lastProgress = now;
      run.quietMs = Math.min(30_000, run.quietMs * 2);
      await this.reconcile(run, [...run.pending.values()]);
      if (run.pending.size && now - this.lastWorkerCheck >= 15_000) {
        this.lastWorkerCheck = now;
        const workers = await this.queue!.getWorkersCount().catch(() => -1);
        if (workers === 0) this.opts.log(`waiting for workers: none is connected to queue ${this.queueName} (start: corpus worker --queue ${redactUrl(this.url)}${this.queueName === DEFAULT_QUEUE_NAME ? '' : ` --queue-name ${this.queueName}`})`);
      }
    }
  }

  /** Removes from Redis every job whose outcome this executor collected (after the dataset is written). */
  async removeCollected(): Promise<number> {
    if (!this.queue) return 0;
    const ids = [...this.collected, ...this.abandoned];
    let removed = 0;
    for (let s = 0; s < ids.length; s += 500) {
      const results = await Promise.all(ids.slice(s, s + 500).map((id) => this.queue!.remove(id).catch(() => 0)));
      removed += results.filter((r) => r === 1).length;
    }
    this.collected.clear();
    this.abandoned.clear();
    return removed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const run of this.runs) {
      run.stopped = true;
      run.error ??= new Error('QueueExecutor: closed');
      run.wake();
      run.room();
    }
    await this.ready?.catch(() => {});
    await this.events?.close();
    await this.queue?.close();
    this.redis?.disconnect();
  }
}
