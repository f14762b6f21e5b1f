// The executor that runs tasks in this thread, one at a time, through the same task registry as
// the workers (so the dataset is the same either way). Used for --workers 0 or 1, in-memory
// builds (corpus clean) and tests. It cannot stop a task that runs too long: timeouts are not
// enforced here (the stages' own soft time budgets still are).
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { TaskExecutor, TaskOptions, TaskOutcome } from './executor.ts';
import { runTask } from './tasks.ts';

export class InlineExecutor implements TaskExecutor {
  readonly kind = 'inline' as const;
  readonly concurrency = 1;

  async *run<I, O>(task: string, inputs: AsyncIterable<I> | Iterable<I>, _options?: TaskOptions<I>): AsyncIterable<[number, TaskOutcome<O>]> {
    let index = 0;
    for await (const input of inputs) {
      // Between tasks, let timers run (the progress display) and I/O complete.
      await nextTurn();
      let outcome: TaskOutcome<O>;
      try {
        outcome = { ok: true, value: (await runTask(task, input)) as O };
      } catch (err) {
        outcome = { ok: false, error: (err as Error)?.message ?? String(err), timedOut: false };
      }
      yield [index++, outcome];
    }
  }

  async close(): Promise<void> {}
}
