// `corpus worker`: takes jobs from the queue, runs each through the task registry (the same code a
// local build runs) and returns the v8-serialised outcome. A task's own failure or time-out is an
// outcome and completes the job; only a broken worker fails it (BullMQ retries it, elsewhere if
// this one died). A worker that dies mid-job (SIGKILL, power cut) stops renewing the job's lock;
// the stalled-job check of the other workers moves the job back to wait and another one runs it.
import { hostname } from 'node:os';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { TaskExecutor, TaskOutcome } from '../pipeline/executor.ts';
import { ThreadExecutor } from '../pipeline/thread-executor.ts';
import { checkRedis, codeFingerprint, connectionOf, unpack, DEFAULT_QUEUE_NAME, pack, KEY_PREFIX, toBase64, type JobData } from './common.ts';

export interface QueueWorkerOptions {
  queueName?: string;
  /** Jobs run at once by this process (default 1: one per core means one process per core). */
  concurrency?: number;
  /**
   * Runs each job's task. Default: a pool of `concurrency` worker threads, so that this thread
   * stays free to renew the jobs' locks however long a task computes, and a task over its time
   * limit is stopped (its thread replaced).
   */
  executor?: TaskExecutor;
  /** Run tasks in this thread instead (no time limit enforced; a task longer than lockDurationMs loses its job). */
  inline?: boolean;
  /** How long a job's lock lasts without renewal (BullMQ lockDuration; default 30 s). */
  lockDurationMs?: number;
  /** How often this worker looks for jobs whose worker died (BullMQ stalledInterval; default 30 s). */
  stalledIntervalMs?: number;
  /** How many times a job whose worker died goes back to wait before it fails (default 2). */
  maxStalledCount?: number;
  /** Exit once the queue has had nothing waiting or running for this long (default: run until stopped). */
  exitWhenIdleMs?: number;
  /** One line per event (job taken, done, failed; connection errors). */
  log?: (line: string) => void;
  /** A name for logs and BullMQ's worker list (default host:pid). */
  name?: string;
  /** Test hook: the task runner (default: the task registry's runTask). */
  runTask?: (task: string, input: unknown) => Promise<unknown>;
}

export interface QueueWorkerHandle {
  /** Resolves when the worker has stopped (closed, idle exit or a code mismatch). */
  readonly done: Promise<{ processed: number; failed: number }>;
  /** Stops taking jobs and waits for the running ones (force: abandon them; they will be retried). */
  close(force?: boolean): Promise<void>;
}

/** Runs tasks in this thread, one outcome per input; a time limit is only checked between awaits. */
export function inlineExecutor(run: (task: string, input: unknown) => Promise<unknown>): TaskExecutor {
  return {
    kind: 'inline',
    concurrency: 1,
    async *run<I, O>(task: string, inputs: AsyncIterable<I> | Iterable<I>, options?: { timeoutMs?: number }) {
      let index = 0;
      for await (const input of inputs) {
        let outcome: TaskOutcome<O>;
        let timer: NodeJS.Timeout | undefined;
        try {
          const work = run(task, input) as Promise<O>;
          const limit = options?.timeoutMs;
          const value = limit
            ? await Promise.race([
                work,
                new Promise<never>((_, reject) => {
                  timer = setTimeout(() => reject(Object.assign(new Error(`${task} timed out after ${limit} ms`), { timedOut: true })), limit);
                }),
              ])
            : await work;
          outcome = { ok: true, value };
        } catch (err) {
          outcome = { ok: false, error: err instanceof Error ? err.message : String(err), timedOut: (err as { timedOut?: boolean } | null)?.timedOut === true };
        } finally {
          clearTimeout(timer);
        }
        yield [index++, outcome] as [number, TaskOutcome<O>];
      }
    },
    close: async () => {},
  };
}

async function runOne(executor: TaskExecutor, task: string, input: unknown, timeoutMs: number): Promise<TaskOutcome<unknown>> {
  for await (const [, outcome] of executor.run<unknown, unknown>(task, [input], timeoutMs > 0 ? { timeoutMs } : {})) return outcome;
  return { ok: false, error: `${task}: the executor returned no outcome`, timedOut: false };
}

/** Starts a worker (after checking that Redis answers) and returns at once; `done` tells when it stopped. */
export async function runQueueWorker(url: string, opts: QueueWorkerOptions = {}): Promise<QueueWorkerHandle> {
  await checkRedis(url);
  const queueName = opts.queueName ?? DEFAULT_QUEUE_NAME;
  const name = opts.name ?? `${hostname()}:${process.pid}`;
  const log = opts.log ?? (() => {});
  // The registry is loaded on first use (it pulls in every stage).
  const registryRunTask = async (task: string, input: unknown) => (await import('../pipeline/tasks.ts')).runTask(task, input);
  const concurrency = opts.concurrency ?? 1;
  const executor =
    opts.executor ?? (opts.inline || opts.runTask ? inlineExecutor(opts.runTask ?? registryRunTask) : new ThreadExecutor({ workers: concurrency }));
  const code = codeFingerprint();
  const connection = connectionOf(url);
  let processed = 0;
  let failed = 0;
  let stopReason: Error | null = null;

  const worker = new Worker<JobData, string>(
    queueName,
    async (job: Job<JobData, string>) => {
      const d = job.data;
      if (d?.v !== 1) throw new UnrecoverableError(`job ${job.id}: not a corpus job`);
      if (d.code !== code) {
        // Another worker (at the coordinator's commit) may take it; this one stops.
        stopReason = new Error(`worker ${name} runs code ${code}, the coordinator ${d.code}: check out the same commit and run npm ci`);
        setImmediate(() => void handle.close());
        throw stopReason;
      }
      if (d.input === null) throw new UnrecoverableError(`job ${job.id}: its input was already collected`);
      const t0 = performance.now();
      log(`start ${job.id} ${d.task} attempt ${job.attemptsStarted}`);
      const outcome = await runOne(executor, d.task, unpack(d.input), d.timeoutMs);
      const result = toBase64(pack(outcome));
      log(`done ${job.id} ${d.task} ${outcome.ok ? 'ok' : outcome.timedOut ? 'timed-out' : 'error'} ${(performance.now() - t0).toFixed(0)} ms`);
      return result;
    },
    {
      connection,
      prefix: KEY_PREFIX,
      name,
      concurrency,
      lockDuration: opts.lockDurationMs ?? 30_000,
      stalledInterval: opts.stalledIntervalMs ?? 30_000,
      maxStalledCount: opts.maxStalledCount ?? 2,
      // Jobs and their results stay until the coordinator has built its dataset and removes them;
      // the age limit only clears what an abandoned build left behind.
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
      drainDelay: 1,
    },
  );
  worker.on('completed', () => processed++);
  worker.on('failed', (job, err) => {
    failed++;
    log(`failed ${job?.id ?? '?'}: ${err.message}`);
  });
  worker.on('stalled', (jobId) => log(`stalled ${jobId}: its worker stopped; back to wait`));
  let lastError = '';
  worker.on('error', (err) => {
    if (err.message !== lastError) log(`error: ${err.message}`);
    lastError = err.message;
  });

  // Idle exit: the queue has had nothing waiting, delayed or running for exitWhenIdleMs.
  let idleTimer: NodeJS.Timeout | undefined;
  let counts: Queue | undefined;
  if (opts.exitWhenIdleMs !== undefined) {
    counts = new Queue(queueName, { connection, prefix: KEY_PREFIX });
    counts.on('error', () => {}); // the worker's own connection reports the same trouble
    let idleSince = Date.now();
    const check = async () => {
      try {
        const c = await counts!.getJobCounts('wait', 'active', 'delayed', 'prioritized');
        const busy = Object.values(c).some((n) => n > 0);
        if (busy) idleSince = Date.now();
        else if (Date.now() - idleSince >= opts.exitWhenIdleMs!) return void handle.close();
      } catch {
        idleSince = Date.now();
      }
      idleTimer = setTimeout(check, Math.min(1000, Math.max(100, opts.exitWhenIdleMs! / 4)));
    };
    idleTimer = setTimeout(check, 100);
  }

  let resolveDone!: (v: { processed: number; failed: number }) => void;
  let rejectDone!: (e: Error) => void;
  const done = new Promise<{ processed: number; failed: number }>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  let closing: Promise<void> | null = null;
  const handle: QueueWorkerHandle = {
    done,
    close(force = false) {
      if (closing && !force) return closing;
      clearTimeout(idleTimer);
      const closed = (async () => {
        await worker.close(force);
        await counts?.close();
        if (!opts.executor) await executor.close();
      })();
      closing = closed.then(
        () => (stopReason ? rejectDone(stopReason) : resolveDone({ processed, failed })),
        (err: Error) => rejectDone(err),
      );
      return closing;
    },
  };
  return handle;
}
