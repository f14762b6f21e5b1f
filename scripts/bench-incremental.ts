// Incremental builds: a corpus of distinct documents made from the seeds (each seed copied with
// 30% of the words of its long lines replaced from the corpus vocabulary, so that dedupe does not
// collapse the copies), built once without a cache, then with a cache: cold (filling it), warm
// with no change, with one document changed, with one option changed (segment's maxPassageChars).
// Shares are of CPU time (user + system, this process), which other load on the machine does not
// inflate as it does wall-clock time; both are printed.
//   bench-incremental [--docs 40]   the table (also `npm run bench -- --only incremental`)
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from '../src/build.ts';
import type { CacheReport } from '../src/pipeline/cache.ts';
import { loadPipeline, type PipelineConfig } from '../src/pipeline/config.ts';
import type { StageTiming } from '../src/pipeline/runner.ts';
import { edit, prng } from '../src/synth/generate.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** n documents: round-robin over the seeds, every copy but the first of each seed edited. */
export function makeCorpus(dir: string, n: number): string[] {
  const seeds = readdirSync(path.join(ROOT, 'raw')).filter((f) => f.endsWith('.txt')).sort();
  const texts = seeds.map((f) => readFileSync(path.join(ROOT, 'raw', f), 'utf8'));
  const vocabulary = [...new Set(texts.join(' ').toLowerCase().match(/[a-z]{3,}/g) ?? [])].sort();
  const rand = prng(11);
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = Math.floor(i / seeds.length);
    const text = texts[i % seeds.length]!;
    const copy = k === 0 ? text : text.split('\n').map((line, j) => (j > 0 && line.length > 200 ? edit(line, { substitute: 0.3, insert: 0, delete: 0, shuffle: 0 }, vocabulary, rand) : line)).join('\n');
    const name = `${String(k).padStart(2, '0')}-${seeds[i % seeds.length]}`;
    writeFileSync(path.join(dir, name), copy);
    names.push(name);
  }
  return names;
}

interface Row {
  what: string;
  ms: number;
  cpuMs: number;
  cache: CacheReport | null;
  timings: StageTiming[];
}

const docStages = ['ingest', 'profile', 'strip', 'normalise', 'segment'];

function hits(c: CacheReport | null, names: string[]): string {
  if (!c) return '-';
  let h = 0;
  let t = 0;
  for (const n of names) {
    h += c.stages[n]?.hits ?? 0;
    t += (c.stages[n]?.hits ?? 0) + (c.stages[n]?.misses ?? 0);
  }
  return `${h}/${t}`;
}

export async function benchIncremental(docs = 40): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-incremental-'));
  const inDir = path.join(dir, 'in');
  mkdirSync(inDir);
  const names = makeCorpus(inDir, docs);
  const cache = path.join(dir, 'cache');
  const def = await loadPipeline('default');
  // JIT, compromise's lexicon and the modules warmed on the seeds before anything is timed.
  await build({ inDir: path.join(ROOT, 'raw'), outDir: path.join(dir, 'warm') });
  const rows: Row[] = [];
  const once = async (opts: { cache?: string | false; pipeline?: PipelineConfig }) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const result = await build({ inDir, outDir: path.join(dir, 'out'), pipeline: opts.pipeline ?? def, cache: opts.cache ?? false });
    const c = process.cpuUsage(c0);
    return { result, ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
  };
  /** The run of median CPU time among `times` runs (before each, `prepare`). */
  const timed = async (what: string, opts: { cache?: string | false; pipeline?: PipelineConfig }, times = 1, prepare = (_k: number) => {}) => {
    const runs: Awaited<ReturnType<typeof once>>[] = [];
    for (let k = 0; k < times; k++) {
      prepare(k);
      runs.push(await once(opts));
    }
    const median = [...runs].sort((a, b) => a.cpuMs - b.cpuMs)[Math.floor(times / 2)]!;
    rows.push({ what: times > 1 ? `${what} (median of ${times})` : what, ms: median.ms, cpuMs: median.cpuMs, cache: median.result.cache, timings: median.result.timings });
    return median.result;
  };
  const full = await timed('full build, no cache', {});
  await timed('cold build, filling the cache', { cache });
  await timed('rebuild, no change', { cache }, 3);
  // One document changed (a copy of 003, near the average size): a sentence added to one of its
  // long paragraphs; each run another copy of 003.
  const copies = names.filter((n, i) => i >= names.length / 2 && n.includes('003_'));
  await timed('rebuild, one document changed', { cache }, Math.min(3, copies.length), (k) => {
    const file = path.join(inDir, copies[k]!);
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l, i) => i > 10 && l.length > 300);
    lines[at] = `${lines[at]} A sentence added for the bench changes this paragraph and nothing else.`;
    writeFileSync(file, lines.join('\n'));
  });
  const segmentChanged: PipelineConfig = { ...def, stages: def.stages.map((s) => (s.use === 'segment' ? { ...s, options: { ...s.options, maxPassageChars: 1000 } } : s)) };
  await timed('rebuild, segment maxPassageChars 1200 -> 1000', { cache, pipeline: segmentChanged });
  rmSync(dir, { recursive: true, force: true });

  const fullCpu = rows[0]!.cpuMs;
  const noChange = rows[2]!;
  const oneChanged = rows[3]!;
  const bytes = full.output.manifest.inputs.reduce((n, i) => n + i.bytes, 0);
  const docBytes = full.output.manifest.inputs.find((i) => i.path === copies[0])!.bytes;
  const share = (fullCpu * docBytes) / bytes;
  const canonical = full.stats.find((s) => s.name === 'dedupe')?.counters.canonical ?? 0;
  const pct = (x: number) => `${((100 * x) / fullCpu).toFixed(1)}%`;
  const stageTimes = (r: Row) => r.timings.filter((t) => t.ms >= 1).map((t) => `${t.name} ${Math.round(t.ms)}`).join(', ');
  return [
    `## Incremental builds (${docs} documents, ${(bytes / 1e6).toFixed(2)} MB, ${canonical} canonical passages; one core)`,
    '',
    '| build | wall ms | CPU ms | CPU share of the full build | document stages from cache | passages tagged from cache |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.what} | ${Math.round(r.ms)} | ${Math.round(r.cpuMs)} | ${pct(r.cpuMs)} | ${hits(r.cache, docStages)} | ${hits(r.cache, ['extract'])} |`),
    '',
    `No change: ${pct(noChange.cpuMs)} of the full build (target <= 10%); ms by stage: ${stageTimes(noChange)}.`,
    `One document changed (${(docBytes / 1e3).toFixed(0)} of ${(bytes / 1e3).toFixed(0)} kB, so ${Math.round(share)} ms of the full build): ` +
      `${Math.round(oneChanged.cpuMs)} ms, ${Math.round(oneChanged.cpuMs - noChange.cpuMs)} ms over no change (dedupe runs again over all ` +
      `passages; the document's unchanged passages keep their tagging); ms by stage: ${stageTimes(oneChanged)}.`,
    "Shares are of CPU time (wall time suffers from other load on the machine). The cold build's hits are passages shorter than dedupe's minChars repeated across documents.",
  ].join('\n');
}

if (import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({ options: { docs: { type: 'string', default: '40' } } });
  process.stdout.write(`${await benchIncremental(Number(values.docs))}\n`);
}
