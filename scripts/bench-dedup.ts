// Deduplication at scale: a synthetic corpus of N passages (20% near duplicates) through the
// dedup path (shingles, MinHash, LSH, verification, clustering, containment). Each size runs in its
// own process so that peak memory (max RSS) is that size's alone.
//   bench-dedup            the table for 50k, 100k, 200k passages
//   bench-dedup --child N  one measurement, printed as JSON
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { deduplicate, DedupOptionsSchema, type DedupItem } from '../src/dedup/index.ts';
import { generatePassages, DEFAULT_GENERATE } from '../src/synth/generate.ts';
import { dedupeKey } from '../src/stages/dedupe.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

function sentencePool(): string[] {
  // Sentences of the committed dataset: no build needed to run the bench.
  const lines = readFileSync(path.join(ROOT, 'out/passages.jsonl'), 'utf8').split('\n').filter(Boolean);
  const out: string[] = [];
  for (const l of lines) {
    const p = JSON.parse(l) as { text: string; start: number; sentences: { start: number; end: number }[] };
    for (const s of p.sentences) {
      const t = p.text.slice(s.start - p.start, s.end - p.start);
      if (t.split(' ').length >= 6) out.push(t);
    }
  }
  return out;
}

interface Measurement {
  passages: number;
  seconds: number;
  passagesPerSecond: number;
  maxRssMb: number;
  baselineRssMb: number;
  bytesPerPassage: number;
  duplicates: number;
}

function child(n: number): Measurement {
  const pool = sentencePool();
  const items: DedupItem[] = generatePassages(pool, { ...DEFAULT_GENERATE, count: n, seed: 7 }).map((p, i) => ({
    docId: `d${String(i).padStart(7, '0')}`,
    index: 0,
    text: p.text,
    sentences: p.text.split(/(?<=[.!?])\s+/),
    exactKey: dedupeKey(p.text),
    date: null,
    profile: 'plain-text',
  }));
  // The text itself is input, not dedup state: measure from here.
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  const t0 = performance.now();
  const { assignments } = deduplicate(items, DedupOptionsSchema.parse({}));
  const seconds = (performance.now() - t0) / 1000;
  const maxRss = process.resourceUsage().maxRSS * 1024;
  return {
    passages: n,
    seconds,
    passagesPerSecond: n / seconds,
    maxRssMb: maxRss / 1e6,
    baselineRssMb: baseline / 1e6,
    bytesPerPassage: (maxRss - baseline) / n,
    duplicates: assignments.filter((a) => a.duplicateOf !== null).length,
  };
}

export function benchDedup(sizes = [50_000, 100_000, 200_000]): string {
  const rows = sizes.map((n) => {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename, '--child', String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    return JSON.parse(out.trim().split('\n').pop()!) as Measurement;
  });
  const perPassage = Math.max(...rows.map((r) => r.bytesPerPassage));
  const lines = [
    '## Deduplication at scale (synthetic, 20% near duplicates, one core)',
    '',
    '| passages | seconds | passages/s | duplicates found | peak RSS (MB) | dedup memory per passage (bytes) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.passages} | ${r.seconds.toFixed(1)} | ${Math.round(r.passagesPerSecond)} | ${r.duplicates} | ${r.maxRssMb.toFixed(0)} | ${Math.round(r.bytesPerPassage)} |`),
    '',
    `Time per passage at ${rows[rows.length - 1]!.passages} vs ${rows[0]!.passages}: ${((rows[rows.length - 1]!.seconds / rows[rows.length - 1]!.passages) / (rows[0]!.seconds / rows[0]!.passages)).toFixed(2)}x (1.00 = linear). ` +
      `At ${Math.round(perPassage)} bytes per passage, 10 million passages need about ${((perPassage * 1e7) / 2 ** 30).toFixed(1)} GiB of dedup state.`,
  ];
  return lines.join('\n');
}

const { values } = parseArgs({ options: { child: { type: 'string' } }, strict: false });
if (values.child) process.stdout.write(`${JSON.stringify(child(Number(values.child)))}\n`);
else if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) process.stdout.write(`${benchDedup()}\n`);
