// How the runner hands out CPU-heavy work: named tasks with serialisable inputs and outputs, run
// in this thread, on a pool of worker threads, or as jobs on a queue served by workers on other
// machines. Task functions live in one registry (tasks.ts) that every kind of worker imports, so a
// task runs the same code wherever it runs and the dataset does not depend on where.
//
// Inputs and outputs must survive structured cloning (plain data, Buffers, Maps); the queue
// transport v8-serialises them.

export interface TaskOptions<I> {
  /** A task running longer than this is abandoned (its worker replaced) and reported as timed out. */
  timeoutMs?: number;
  /**
   * A stable identity for each input (a content hash of everything the task reads), so that a
   * queue can deduplicate jobs and a restarted coordinator can pick up finished ones.
   */
  keyOf?: (input: I, index: number) => string;
}

export type TaskOutcome<O> = { ok: true; value: O } | { ok: false; error: string; timedOut: boolean };

export interface TaskExecutor {
  readonly kind: 'inline' | 'threads' | 'queue';
  /** How many tasks run at once (for progress estimates and batching). */
  readonly concurrency: number;
  /**
   * How many times a stage's usual amount of work one task should carry (default 1): a transport
   * that costs something per task (a queue's round trip through Redis, packing on both sides)
   * asks for larger tasks. Tasks only group work; what each item yields does not depend on them.
   */
  readonly taskScale?: number;
  /**
   * Runs `task` on every input. Outcomes arrive in completion order, each with its input's index;
   * a failed or timed-out task is an outcome, never a thrown error. Whoever needs input order
   * (the runner, for deterministic output) restores it from the indices.
   */
  run<I, O>(task: string, inputs: AsyncIterable<I> | Iterable<I>, options?: TaskOptions<I>): AsyncIterable<[index: number, outcome: TaskOutcome<O>]>;
  /** Stops workers and connections; the executor is unusable afterwards. */
  close(): Promise<void>;
}
