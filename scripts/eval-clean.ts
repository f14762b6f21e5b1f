// npm run eval:clean: scores cleaning against labelled fixtures with the project's metric
// (src/eval/shingles.ts). Sets: the seed documents with gold text written by the rules
// (tests/fixtures/clean/seeds), composed samples of other Wikipedia dumps, essay sites, unknown
// sites and Markdown (tests/fixtures/clean/samples), and real news pages with their gold article
// text (tests/fixtures/htmlbench). Usage: eval-clean [--set NAME] [--json] [--worst N]
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { cleanFiles } from '../src/build.ts';
import { aggregate, scoreDocument, type DocScore } from '../src/eval/shingles.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.join(ROOT, 'tests/fixtures');

export interface Case {
  set: string;
  name: string;
  file: string;
  gold: string;
  /** Score without the title line (htmlbench gold has no headline). */
  dropTitle: boolean;
}

export function loadCases(): Case[] {
  const cases: Case[] = [];
  const seedsGold = path.join(FIXTURES, 'clean/seeds');
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
  for (const f of list(seedsGold).filter((f) => f.endsWith('.txt')).sort()) {
    cases.push({ set: 'seeds', name: f.replace(/\.txt$/, ''), file: path.join(ROOT, 'raw', f), gold: readFileSync(path.join(seedsGold, f), 'utf8'), dropTitle: false });
  }
  const samples = path.join(FIXTURES, 'clean/samples');
  for (const f of list(samples).filter((f) => !f.includes('.gold.')).sort()) {
    const stem = f.replace(/\.[^.]+$/, '');
    cases.push({ set: 'samples', name: stem, file: path.join(samples, f), gold: readFileSync(path.join(samples, `${stem}.gold.txt`), 'utf8'), dropTitle: false });
  }
  const bench = path.join(FIXTURES, 'htmlbench');
  const gold = JSON.parse(readFileSync(path.join(bench, 'gold.json'), 'utf8')) as Record<string, { articleBody: string }>;
  const tmp = mkdtempSync(path.join(tmpdir(), 'htmlbench-'));
  for (const f of readdirSync(path.join(bench, 'pages')).sort()) {
    const id = f.replace(/\.html\.gz$/, '');
    const file = path.join(tmp, `${id}.html`);
    writeFileSync(file, gunzipSync(readFileSync(path.join(bench, 'pages', f))));
    cases.push({ set: 'htmlbench', name: id.slice(0, 12), file, gold: gold[id]!.articleBody, dropTitle: true });
  }
  return cases;
}

export interface CaseResult extends Case {
  output: string;
  score: DocScore;
}

export async function runCases(cases: Case[]): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  // One call per case: a document's rejection must not shift the others.
  for (const c of cases) {
    const { documents } = await cleanFiles([c.file]);
    const doc = documents[0];
    let blocks = doc ? doc.blocks : [];
    if (c.dropTitle) blocks = blocks.filter((b) => b.type !== 'title');
    const lines = blocks.map((b) => b.text);
    if (!c.dropTitle && doc?.title && doc.blocks[0]?.type !== 'title') lines.unshift(doc.title);
    const output = lines.join('\n');
    out.push({ ...c, output, score: scoreDocument(output, c.gold) });
  }
  return out;
}

const fmt = (n: number | null) => (n === null ? '  -  ' : n.toFixed(3));

async function main() {
  const { values } = parseArgs({ options: { set: { type: 'string' }, json: { type: 'boolean' }, worst: { type: 'string' }, dump: { type: 'string' } } });
  const cases = loadCases().filter((c) => !values.set || c.set === values.set);
  const results = await runCases(cases);
  if (values.dump) {
    mkdirSync(values.dump, { recursive: true });
    for (const r of results) writeFileSync(path.join(values.dump, `${r.set}-${r.name}.txt`), r.output);
  }
  const sets = [...new Set(results.map((r) => r.set))];
  const summary = Object.fromEntries(sets.map((s) => [s, aggregate(results.filter((r) => r.set === s).map((r) => r.score))]));
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ summary, documents: results.map((r) => ({ set: r.set, name: r.name, ...r.score })) }, null, 2)}\n`);
    return;
  }
  for (const s of sets) {
    const rs = results.filter((r) => r.set === s);
    const shown = values.worst ? [...rs].sort((a, b) => a.score.f1 - b.score.f1).slice(0, Number(values.worst)) : rs;
    process.stdout.write(`\n${s}\n${'document'.padEnd(40)} precision recall  f1\n`);
    for (const r of shown) process.stdout.write(`${r.name.padEnd(40)} ${fmt(r.score.precision)}     ${fmt(r.score.recall)}  ${fmt(r.score.f1)}\n`);
    const a = summary[s]!;
    process.stdout.write(`${`${s} overall (${a.documents} documents)`.padEnd(40)} ${fmt(a.precision)}     ${fmt(a.recall)}  ${fmt(a.f1)}\n`);
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) await main();
