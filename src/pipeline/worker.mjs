// The entry of a worker thread of the ThreadExecutor (piscina loads it). Workers run the
// TypeScript sources as the CLI does (bin/corpus.mjs): through tsx, registered in this thread
// (a harmless repeat when the parent thread was started by tsx and passed its loader on).
import { register } from 'tsx/esm/api';

register();
const { handle } = await import('./worker.ts');
export default handle;
