// The task registry: every kind of worker (this thread, a worker thread, a queue worker process)
// runs a task by name from here, so a task runs the same code wherever it runs. A task's input
// carries everything it needs to rebuild its context in a fresh process (the resolved pipeline,
// options, cache folder, prepared facts); contexts are built once per thread and kept by id.
//
//   document  one input through the per-document stages (src/pipeline/document.ts)
//   extract   entity and statistics tagging of a batch of passages (src/stages/extract.ts)
import { STAGES } from '../stages/index.ts';
import { extractBatch, extractContext, type ExtractTask } from '../stages/extract.ts';
import { documentContext, runDocument, type DocumentTask } from './document.ts';

export interface TaskDefinition<I = unknown, O = unknown> {
  /**
   * Builds, once per thread, what the task needs besides its input (resolved stages, lexicons),
   * so that run does only the task's own work: the time guard counts run, not prepare.
   */
  prepare?(input: I): void | Promise<void>;
  run(input: I): O | Promise<O>;
}

const define = <I, O>(def: TaskDefinition<I, O>) => def as TaskDefinition;

export const TASKS: Record<string, TaskDefinition> = {
  document: define({
    prepare: (t: DocumentTask) => void documentContext(t.spec, STAGES),
    run: (t: DocumentTask) => runDocument(documentContext(t.spec, STAGES), t),
  }),
  extract: define({
    prepare: (t: ExtractTask) => void extractContext(t.spec),
    run: (t: ExtractTask) => extractBatch(t),
  }),
};

/** Adds a task (tests, plugins): a worker knows it once the module that registers it is loaded there. */
export function registerTask<I, O>(name: string, def: TaskDefinition<I, O>): void {
  TASKS[name] = def as TaskDefinition;
}

/**
 * Runs a task in this thread: prepare, then onStart (where a time guard starts), then the task.
 * Throws what the task throws.
 */
export async function runTask(name: string, input: unknown, onStart?: () => void): Promise<unknown> {
  const def = Object.hasOwn(TASKS, name) ? TASKS[name] : undefined;
  if (!def) throw new Error(`unknown task "${name}" (known: ${Object.keys(TASKS).join(', ')})`);
  await def.prepare?.(input);
  onStart?.();
  return def.run(input);
}
