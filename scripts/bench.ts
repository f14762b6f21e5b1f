// npm run bench: speed figures, never asserted in unit tests. Sections:
//   clean   cleaning throughput per profile at growing input sizes (time must grow linearly)
//   html    HTML main-content extraction vs Readability.js on jsdom, F1 and pages/s, one run
// Usage: bench [--only clean,html]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cleanString } from '../src/build.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const seed = (id: string) => readFileSync(path.join(ROOT, 'raw', `${id}.txt`), 'utf8');

function table(head: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.map(line)].join('\n');
}

async function benchClean(): Promise<string> {
  // Inputs of growing size made by repeating real documents: a Wikipedia dump (its body repeated
  // inside one page) and plain text. Time per MB should stay flat.
  const wiki = seed('004_b80f684bde9cb13c');
  const bodyStart = wiki.indexOf('Human trafficking is the act of');
  const bodyEnd = wiki.indexOf('See also [ edit ]');
  const plain = seed('003_7c6e312bb8215d43');
  const rows: (string | number)[][] = [];
  for (const [kind, make, name] of [
    ['wikipedia-dump', (k: number) => wiki.slice(0, bodyStart) + wiki.slice(bodyStart, bodyEnd).repeat(k) + wiki.slice(bodyEnd), 'x.txt'],
    ['plain-text', (k: number) => plain.repeat(k), 'y.txt'],
  ] as const) {
    for (const k of [4, 8, 16, 32]) {
      const text = make(k);
      await cleanString(text.slice(0, 20000), name); // warm-up
      const t0 = performance.now();
      const r = await cleanString(text, name);
      const s = (performance.now() - t0) / 1000;
      const mb = Buffer.byteLength(text) / 1e6;
      rows.push([kind, mb.toFixed(2), s.toFixed(2), (mb / s).toFixed(2), 'blocks' in r ? r.passages.length : 'rejected']);
    }
  }
  return `## Cleaning throughput (ingest to segment, one core)\n\n${table(['profile', 'MB', 'seconds', 'MB/s', 'passages'], rows)}`;
}

async function main() {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const only = values.only ? new Set(values.only.split(',')) : null;
  const want = (s: string) => !only || only.has(s);
  const out: string[] = [`# corpus-builder bench (${new Date().toISOString().slice(0, 10)}, node ${process.version})`];
  if (want('clean')) out.push(await benchClean());
  if (want('html')) {
    const { benchHtml } = (await import('./bench-html.ts')) as { benchHtml: () => Promise<string> };
    out.push(await benchHtml());
  }
  process.stdout.write(`${out.join('\n\n')}\n`);
}

await main();
