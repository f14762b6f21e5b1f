// HTML main-content extraction, ours against Readability.js on jsdom, in one run over the
// htmlbench pages (tests/fixtures/htmlbench): pages per second and shingle F1 (src/eval/shingles.ts,
// the project's metric; the headline is not scored). Each extractor runs over all pages once,
// after one warm-up page; the time covers parsing and extraction (jsdom's parse for Readability).
// Usage: npx tsx scripts/bench-html.ts   (npm run bench calls benchHtml(), which gives the report
// section as Markdown; benchHtmlRows() gives the figures.)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { aggregate, scoreDocument, type DocScore } from '../src/eval/shingles.ts';
import { extractHtml } from '../src/profiles/html-article.ts';

/** Pages run before timing starts, for each extractor. */
const WARM_UP = 5;
const BENCH = path.resolve(import.meta.dirname, '../tests/fixtures/htmlbench');

export interface BenchRow {
  extractor: string;
  pages: number;
  seconds: number;
  pagesPerSecond: number;
  precision: number;
  recall: number;
  f1: number;
  /** Pages on which the extractor threw (scored as empty output). */
  errors: number;
}

interface Page {
  id: string;
  url: string;
  html: string;
  gold: string;
}

function loadPages(): Page[] {
  const gold = JSON.parse(readFileSync(path.join(BENCH, 'gold.json'), 'utf8')) as Record<string, { articleBody: string; url: string }>;
  return readdirSync(path.join(BENCH, 'pages'))
    .filter((f) => f.endsWith('.html.gz'))
    .sort()
    .map((f) => {
      const id = f.replace(/\.html\.gz$/, '');
      const html = gunzipSync(readFileSync(path.join(BENCH, 'pages', f))).toString('utf8');
      return { id, url: gold[id]!.url, html, gold: gold[id]!.articleBody };
    });
}

function ours(page: Page): string {
  const r = extractHtml(page.html, null);
  return r.blocks
    .filter((b) => b.type !== 'title')
    .map((b) => b.text)
    .join('\n');
}

const BLOCK = /^(?:address|article|aside|blockquote|br|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|li|main|ol|p|pre|section|table|td|th|tr|ul)$/i;

/** Text of a DOM subtree with a line break at every block boundary (textContent glues paragraphs). */
function blockText(root: Node): string {
  const out: string[] = [];
  const stack: (Node | null)[] = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    if (n === null) {
      out.push('\n');
      continue;
    }
    if (n === undefined) break;
    if (n.nodeType === 3) out.push(n.nodeValue ?? '');
    else if (n.nodeType === 1 || n.nodeType === 9 || n.nodeType === 11) {
      const block = n.nodeType === 1 && BLOCK.test((n as Element).tagName);
      if (block) {
        out.push('\n');
        stack.push(null);
      }
      for (let c = n.lastChild; c; c = c.previousSibling) stack.push(c);
    }
  }
  return out.join('');
}

function readability(page: Page): string {
  // jsdom reports every stylesheet it cannot parse; that noise is not part of the benchmark.
  const dom = new JSDOM(page.html, { url: page.url, virtualConsole: new VirtualConsole() });
  const article = new Readability<Node>(dom.window.document, { serializer: (n) => n }).parse();
  const text = article?.content ? blockText(article.content) : '';
  dom.window.close();
  return text;
}

function run(name: string, pages: Page[], extract: (p: Page) => string): BenchRow {
  for (const p of pages.slice(0, WARM_UP)) extract(p); // JIT and lazy module initialisation
  const scores: DocScore[] = [];
  let ms = 0;
  let errors = 0;
  for (const p of pages) {
    const t0 = performance.now();
    let text = '';
    try {
      text = extract(p);
    } catch {
      errors++; // jsdom throws on some stylesheets (css-tree parse errors)
    }
    ms += performance.now() - t0;
    scores.push(scoreDocument(text, p.gold));
  }
  const a = aggregate(scores);
  return { extractor: name, pages: pages.length, seconds: ms / 1000, pagesPerSecond: pages.length / (ms / 1000), precision: a.precision, recall: a.recall, f1: a.f1, errors };
}

export function formatRows(rows: BenchRow[]): string {
  const head = ['extractor', 'pages', 'seconds', 'pages/s', 'precision', 'recall', 'F1', 'errors'];
  const cells = rows.map((r) => [r.extractor, String(r.pages), r.seconds.toFixed(2), r.pagesPerSecond.toFixed(1), r.precision.toFixed(3), r.recall.toFixed(3), r.f1.toFixed(3), String(r.errors)]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    '## HTML main-content extraction (htmlbench, one run)',
    '',
    line(head),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...cells.map(line),
  ].join('\n');
}

/** One timed pass of each extractor over the htmlbench pages. */
export async function benchHtmlRows(): Promise<BenchRow[]> {
  const pages = loadPages();
  return [run('corpus-builder (cheerio/htmlparser2)', pages, ours), run('Readability.js 0.6 (jsdom)', pages, readability)];
}

/** The same, as the Markdown section of the `npm run bench` report. */
export async function benchHtml(): Promise<string> {
  return formatRows(await benchHtmlRows());
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  process.stdout.write(`${await benchHtml()}\n`);
}
