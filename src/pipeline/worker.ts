// A worker thread of the ThreadExecutor: runs tasks from the registry (tasks.ts), and tells the
// executor when a task's own work starts (after its context is built), which is when its time
// guard starts. Modules listed in workerData.preload are imported first (tests and plugins
// register their stages and tasks there).
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { runTask } from './tasks.ts';
import { STARTED, type WorkerTask } from './thread-executor.ts';

for (const module of (workerData as { preload?: string[] } | null)?.preload ?? []) await import(pathToFileURL(module).href);

export async function handle(msg: WorkerTask): Promise<unknown> {
  return runTask(msg.task, msg.input, () => parentPort?.postMessage({ [STARTED]: msg.id }));
}
