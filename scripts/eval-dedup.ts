// npm run eval:dedup: the LSH path of deduplication against brute force. For every pair of
// passages the exact Jaccard of their word shingles is computed (ground truth); the pipeline's
// clusters must contain at least 98% of the pairs at or above the threshold and no pair below
// 0.9 x the threshold. Sets: the seed corpus, and synthetic corpora of seed sentences with edited
// copies at known rates. Usage: eval-dedup [--json]
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cleanFiles } from '../src/build.ts';
import { deduplicate, DedupOptionsSchema, type DedupItem, type DedupOptions } from '../src/dedup/index.ts';
import { candidateProbability, optimalBands } from '../src/dedup/lsh.ts';
import { jaccard, keyWords, shingleSet } from '../src/dedup/minhash.ts';
import { generatePassages, DEFAULT_GENERATE } from '../src/synth/generate.ts';
import { dedupeKey } from '../src/stages/dedupe.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface DedupEval {
  set: string;
  passages: number;
  pairsAbove: number;
  /** Pairs at or above the threshold that the LSH path found (candidate, then verified). */
  found: number;
  recall: number;
  /** Of those, pairs that ended in the same cluster (a pair may join two different centres). */
  clustered: number;
  /** Duplicate records: (passage, canonical passage) pairs, and those below 0.9 x threshold. */
  duplicatePairs: number;
  duplicateBelow: number;
  mergedPairs: number;
  mergedBelow: number;
  bands: number;
  rows: number;
}

export async function seedItems(): Promise<DedupItem[]> {
  const files = readdirSync(path.join(ROOT, 'raw')).filter((f) => f.endsWith('.txt')).map((f) => path.join(ROOT, 'raw', f));
  const { documents } = await cleanFiles(files);
  return documents
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .flatMap((d) =>
      d.passages.map((p) => ({
        docId: d.id,
        index: p.index,
        text: p.text,
        sentences: p.sentences.map((s) => d.text.slice(s.start, s.end)),
        exactKey: dedupeKey(p.text),
        date: d.provenance?.date ?? null,
        profile: d.profile,
      })),
    );
}

export function syntheticItems(sentences: string[], count: number, seed: number): DedupItem[] {
  const passages = generatePassages(sentences, { ...DEFAULT_GENERATE, count, seed });
  return passages.map((p, i) => ({ docId: `synthetic-${String(i).padStart(6, '0')}`, index: 0, text: p.text, sentences: [p.text], exactKey: dedupeKey(p.text), date: null, profile: 'plain-text' }));
}

export function evaluate(set: string, items: DedupItem[], opts: DedupOptions): DedupEval {
  const eligible = items.map((it) => it.exactKey.length >= opts.minChars);
  const sets = items.map((it) => shingleSet(keyWords(it.exactKey), opts.shingleSize));
  const { assignments, stats, nearPairs } = deduplicate(items, opts);
  const foundKeys = new Set(nearPairs.map((p) => `${items[p.a]!.exactKey}\u0000${items[p.b]!.exactKey}`));
  // Cluster of each passage: its canonical passage (exact and near only).
  const cluster = assignments.map((a, i) => (a.duplicateOf !== null && a.kind !== 'contained' ? a.duplicateOf : i));
  let pairsAbove = 0;
  let found = 0;
  let clustered = 0;
  let duplicatePairs = 0;
  let duplicateBelow = 0;
  assignments.forEach((a, i) => {
    if (a.duplicateOf === null || a.kind === 'contained') return;
    duplicatePairs++;
    if (jaccard(sets[i]!, sets[a.duplicateOf]!) < 0.9 * opts.threshold) duplicateBelow++;
  });
  let mergedPairs = 0;
  let mergedBelow = 0;
  for (let i = 0; i < items.length; i++) {
    if (!eligible[i]) continue;
    for (let j = i + 1; j < items.length; j++) {
      if (!eligible[j]) continue;
      const same = cluster[i] === cluster[j];
      // Only pairs that can matter need the exact similarity.
      const s = jaccard(sets[i]!, sets[j]!);
      if (s >= opts.threshold) {
        pairsAbove++;
        const ki = items[i]!.exactKey;
        const kj = items[j]!.exactKey;
        if (ki === kj || foundKeys.has(`${ki}\u0000${kj}`) || foundKeys.has(`${kj}\u0000${ki}`)) found++;
        if (same) clustered++;
      }
      if (same) {
        mergedPairs++;
        if (s < 0.9 * opts.threshold) mergedBelow++;
      }
    }
  }
  return {
    set,
    passages: items.length,
    pairsAbove,
    found,
    recall: pairsAbove ? found / pairsAbove : 1,
    clustered,
    duplicatePairs,
    duplicateBelow,
    mergedPairs,
    mergedBelow,
    bands: stats.bands,
    rows: stats.rows,
  };
}

export async function runDedupEval(): Promise<{ results: DedupEval[]; opts: DedupOptions }> {
  const opts = DedupOptionsSchema.parse({});
  const seeds = await seedItems();
  const pool = seeds.flatMap((it) => it.sentences).filter((s) => s.split(' ').length >= 6);
  const results = [evaluate('seeds', seeds, opts)];
  for (const [count, seed] of [[2000, 1], [2000, 2], [3000, 3]] as const) results.push(evaluate(`synthetic-${count}-s${seed}`, syntheticItems(pool, count, seed), opts));
  return { results, opts };
}

export function formatDedupEval({ results, opts }: Awaited<ReturnType<typeof runDedupEval>>): string {
  const { bands, rows } = opts.bands && opts.rows ? { bands: opts.bands, rows: opts.rows } : optimalBands(opts.numHashes, opts.threshold);
  const miss = (s: number) => (100 * (1 - candidateProbability(s, bands, rows))).toFixed(3);
  const lines = [
    `threshold ${opts.threshold}, ${opts.shingleSize}-word shingles, ${opts.numHashes} hashes = ${bands} bands x ${rows} rows; ` +
      `chance that a pair is not even a candidate: ${miss(opts.threshold)}% at J=${opts.threshold}, ${miss(0.8)}% at J=0.8, ${miss(0.9)}% at J=0.9`,
    '',
    '| set | passages | pairs >= threshold (brute force) | found by LSH | recall | in one cluster | duplicate records | of them below 0.9 x threshold | pairs within clusters | of them below 0.9 x threshold |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.set} | ${r.passages} | ${r.pairsAbove} | ${r.found} | ${(100 * r.recall).toFixed(2)}% | ${r.clustered} | ${r.duplicatePairs} | ${r.duplicateBelow} | ${r.mergedPairs} | ${r.mergedBelow} |`,
    ),
  ];
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const { values } = parseArgs({ options: { json: { type: 'boolean' } } });
  const r = await runDedupEval();
  process.stdout.write(values.json ? `${JSON.stringify(r, null, 2)}\n` : `${formatDedupEval(r)}\n`);
  const bad = r.results.filter((x) => x.recall < 0.98 || x.duplicateBelow > 0 || x.mergedBelow > 0);
  if (bad.length) process.exitCode = 1;
}
