// How far the JavaScript heap may grow between collections, bounded for builds.
import v8 from 'node:v8';

/** Heap growth a build allows past what the last full collection kept: 50% (V8 alone goes up to 300%). */
export const BUILD_HEAP_GROWING_PERCENT = 50;

let applied = false;

/**
 * A build's coordinator keeps a large, slowly growing heap (passage records, fingerprints,
 * mentions) and allocates fast around it (results decoded, records encoded). V8 then lets the heap
 * grow to up to four times what its last collection kept before collecting again, so peak RSS
 * reached 3-6 times the live heap. With the growth fixed at 1.5x, collections come sooner; on
 * 10 MB with 1 worker, peak RSS fell from 395 to 322 MB and the time did not change.
 *
 * V8 flags are the process's (worker threads included): the CLI's build and worker commands call
 * this, the library's build() does not. CORPUS_HEAP_GROWING_PERCENT sets another value (0: V8's
 * default); a --heap-growing-percent given to node itself wins.
 */
export function boundHeapGrowth(): void {
  if (applied) return;
  applied = true;
  if (process.execArgv.some((a) => a.startsWith('--heap-growing-percent') || a.startsWith('--heap_growing_percent'))) return;
  const env = process.env.CORPUS_HEAP_GROWING_PERCENT;
  const percent = env === undefined || env === '' ? BUILD_HEAP_GROWING_PERCENT : Number(env);
  if (!Number.isInteger(percent) || percent < 0) throw new Error(`CORPUS_HEAP_GROWING_PERCENT: a whole number of percent (0: V8's default), not ${env}`);
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
