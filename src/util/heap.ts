// How far the JavaScript heap may grow between collections: V8's choice unless the user bounds it.
import v8 from 'node:v8';

let applied = false;

/**
 * CORPUS_HEAP_GROWING_PERCENT=N lets the heap grow by at most N% past what the last full
 * collection kept (V8 alone goes up to 300% when allocation is fast). A build's coordinator keeps a
 * large, slowly growing heap (passage records, fingerprints, mentions) and allocates fast around it,
 * so by default its peak RSS reaches 3-6 times its live heap. With N=50 a 10 MB build with 1 worker
 * peaked at 334 MB instead of 395 MB in the same time; but every full collection marks the whole
 * live heap, so on a large corpus more of them cost CPU time (most with 1 worker, where the
 * coordinator also tags): a trade of time for memory, left to the user.
 *
 * V8 flags are the process's (worker threads included): the CLI's build and worker commands call
 * this, the library's build() does not. A --heap-growing-percent given to node itself wins.
 */
export function boundHeapGrowth(): void {
  if (applied) return;
  applied = true;
  const env = process.env.CORPUS_HEAP_GROWING_PERCENT;
  if (env === undefined || env === '') return;
  if (process.execArgv.some((a) => a.startsWith('--heap-growing-percent') || a.startsWith('--heap_growing_percent'))) return;
  const percent = Number(env);
  if (!Number.isInteger(percent) || percent < 0) throw new Error(`CORPUS_HEAP_GROWING_PERCENT: a whole number of percent (0: V8's default), not ${env}`);
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
