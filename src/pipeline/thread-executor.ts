// The executor on a pool of worker threads (piscina), one per core by default, started on demand. Tasks are pulled
// from the input iterable as workers free up (at most two per worker in flight), so inputs stream
// in; outcomes come back in completion order with their indices.
//
// The time guard: a worker posts a message when a task's own work starts (its context built:
// resolved stages, lexicon), and from then the task has timeoutMs. A task over it is aborted:
// piscina terminates its worker thread (even in a busy loop) and starts a new one; the task's
// outcome is { ok: false, timedOut: true } and the other tasks go on.
import path from 'node:path';
import { Piscina } from 'piscina';
import type { TaskExecutor, TaskOptions, TaskOutcome } from './executor.ts';

const WORKER = path.join(import.meta.dirname, 'worker.mjs');

export interface ThreadExecutorOptions {
  /** Worker threads (at least 1). */
  workers: number;
  /** Modules every worker imports before running tasks (absolute paths: extra stages or tasks). */
  preload?: string[];
}

/** The message a worker posts when a task's work starts: { [STARTED]: task id }. */
export const STARTED = 'corpus:task-started';

/** What a worker receives: a task of the registry (tasks.ts) with its input. */
export interface WorkerTask {
  id: number;
  task: string;
  input: unknown;
}

class TimeoutError extends Error {}

export class ThreadExecutor implements TaskExecutor {
  readonly kind = 'threads' as const;
  readonly concurrency: number;
  /** Tasks stopped by their time guard (each cost its worker, which was replaced). */
  stopped = 0;
  /** Worker threads started so far. */
  started = 0;
  private readonly pool: Piscina;
  private nextId = 0;
  /** Start callbacks of the tasks sent to workers, by task id. */
  private readonly starting = new Map<number, () => void>();

  constructor(options: ThreadExecutorOptions) {
    this.concurrency = Math.max(1, Math.floor(options.workers));
    this.pool = new Piscina({
      filename: WORKER,
      // Started when tasks come (a build that finds everything in its cache starts none), kept a
      // minute after the last.
      minThreads: 0,
      maxThreads: this.concurrency,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
      workerData: { preload: options.preload ?? [] },
    });
    this.pool.on('workerCreate', () => this.started++);
    this.pool.on('message', (m: unknown) => {
      const id = (m as Record<string, unknown> | null)?.[STARTED];
      if (typeof id === 'number') this.starting.get(id)?.();
    });
  }

  async *run<I, O>(task: string, inputs: AsyncIterable<I> | Iterable<I>, options: TaskOptions<I> = {}): AsyncIterable<[number, TaskOutcome<O>]> {
    const it = Symbol.asyncIterator in inputs ? inputs[Symbol.asyncIterator]() : (inputs as Iterable<I>)[Symbol.iterator]();
    const maxInFlight = this.concurrency * 2;
    const ready: [number, TaskOutcome<O>][] = [];
    let wake: (() => void) | null = null;
    let inFlight = 0;
    let index = 0;
    let exhausted = false;
    const aborts = new Set<AbortController>();
    const submit = (i: number, input: I) => {
      const id = this.nextId++;
      const abort = new AbortController();
      aborts.add(abort);
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      if (options.timeoutMs !== undefined && Number.isFinite(options.timeoutMs)) {
        const ms = options.timeoutMs;
        this.starting.set(id, () => {
          timer = setTimeout(() => {
            timedOut = true;
            this.stopped++;
            abort.abort(new TimeoutError(`over its time guard of ${ms} ms`));
          }, ms);
        });
      }
      inFlight++;
      const message: WorkerTask = { id, task, input };
      this.pool
        .run(message, { signal: abort.signal })
        .then(
          (value: unknown) => ready.push([i, { ok: true, value: value as O }]),
          (err: unknown) => {
            const error = timedOut ? `${task} task stopped: over its time guard of ${options.timeoutMs} ms` : ((err as Error)?.message ?? String(err));
            ready.push([i, { ok: false, error, timedOut }]);
          },
        )
        .finally(() => {
          clearTimeout(timer);
          this.starting.delete(id);
          aborts.delete(abort);
          inFlight--;
          wake?.();
        });
    };
    try {
      for (;;) {
        while (!exhausted && inFlight < maxInFlight) {
          const next = await it.next();
          if (next.done) exhausted = true;
          else submit(index++, next.value);
        }
        while (ready.length) yield ready.shift()!;
        if (exhausted && inFlight === 0) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
    } finally {
      // The caller stopped early: tasks still queued or running are abandoned.
      for (const a of aborts) a.abort(new Error('abandoned'));
    }
  }

  /** The worker threads' ids (a worker stopped by the time guard is replaced by one with a new id). */
  threadIds(): number[] {
    return this.pool.threads.map((w) => w.threadId);
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
