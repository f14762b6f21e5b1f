// Writes a synthetic corpus (src/synth/corpus.ts) for trying the pipeline at scale:
//   npm run synth -- --mb 10 --out DIR [--seed N] [--near-duplicates 0.15]
// DIR must be empty or absent. Prints what was written as one JSON object.
import { parseArgs } from 'node:util';
import { writeSyntheticCorpus } from '../src/synth/corpus.ts';

const usage = 'Usage: npm run synth -- --mb N --out DIR [--seed N] [--near-duplicates RATE]\n';
const { values } = parseArgs({
  options: {
    mb: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'near-duplicates': { type: 'string', default: '0.15' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  process.stdout.write(usage);
} else {
  const mb = Number(values.mb);
  const seed = Number(values.seed);
  const rate = Number(values['near-duplicates']);
  if (!values.out || !(mb > 0) || !Number.isInteger(seed) || !(rate >= 0 && rate < 1)) {
    process.stderr.write(usage);
    process.exitCode = 2;
  } else {
    const t0 = performance.now();
    try {
      const r = writeSyntheticCorpus(values.out, { mb, seed, nearDuplicateRate: rate });
      const { files: _files, ...summary } = r;
      process.stdout.write(`${JSON.stringify({ out: values.out, seed, ...summary, seconds: Number(((performance.now() - t0) / 1000).toFixed(2)) })}\n`);
    } catch (err) {
      process.stderr.write(`synth: ${(err as Error).message}\n`);
      process.exitCode = 1;
    }
  }
}
