// The `corpus` command line. Errors are one line naming the file and the reason (a stack trace
// only with --debug). Exit status: 0 success, 1 problems found, 2 usage errors.
import { Command, CommanderError } from 'commander';
import path from 'node:path';
import { build, cleanFiles, TOOL_VERSION } from './build.ts';
import type { SegmentedDoc } from './pipeline/types.ts';
import { explainDocument, formatExplain } from './explain.ts';
import { validateDataset } from './validate.ts';

export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

class UsageError extends Error {}

function fail(err: unknown, debug: boolean): number {
  const e = err as Error;
  if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
  else process.stderr.write(`corpus: ${e.message.split('\n')[0]}\n`);
  return err instanceof UsageError ? EXIT.usage : EXIT.problems;
}

function cleanedText(doc: SegmentedDoc): string {
  // Title first, one block per line, no Markdown markers.
  const lines = doc.blocks.map((b) => b.text);
  if (doc.title && doc.blocks[0]?.type !== 'title') lines.unshift(doc.title);
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command()
    .name('corpus')
    .description('Build a clean, deduplicated, annotated text corpus from raw scraped documents.')
    .version(TOOL_VERSION)
    .option('--debug', 'print stack traces on errors')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('build')
    .description('run a pipeline over an input folder and write the dataset')
    .option('--in <dir>', 'input folder', 'raw')
    .option('--out <dir>', 'output folder', 'out')
    .option('--pipeline <name>', 'pipeline name (pipelines/NAME.ts) or path', 'default')
    .option('--quiet', 'print nothing but errors')
    .action(async (opts: { in: string; out: string; pipeline: string; quiet?: boolean }) => {
      const t0 = performance.now();
      const result = await build({
        inDir: opts.in,
        outDir: opts.out,
        pipeline: opts.pipeline,
        onDocument: (relPath, rejected) => {
          if (rejected) process.stderr.write(`corpus: ${path.join(opts.in, relPath)}: rejected: ${rejected.reason}\n`);
        },
      });
      if (!opts.quiet) {
        const { manifest } = result.output;
        const rows = result.stats.map((s, i) => {
          const c = s.counters;
          const recIn = c.in ?? c.passages ?? '';
          const recOut = c.out ?? c.canonical ?? c.records ?? '';
          const removed = c['chars:removed'] ?? '';
          return [s.name, String(recIn), String(recOut), String(removed), `${result.timings[i]!.ms.toFixed(0)} ms`];
        });
        const head = ['stage', 'in', 'out', 'chars removed', 'time'];
        const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
        const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
        process.stdout.write(`${fmt(head)}\n${rows.map(fmt).join('\n')}\n`);
        const processed = manifest.inputs.filter((i) => i.status === 'processed').length;
        process.stdout.write(
          `built ${path.resolve(opts.out)} with pipeline ${manifest.pipeline.name} (${manifest.pipeline.configHash}): ` +
            `${processed} documents, ${manifest.inputs.length - processed} rejected, ` +
            `${manifest.outputs.map((o) => `${o.path.replace(/^.*\//, '')}`).filter((p) => p.endsWith('.jsonl')).length} datasets ` +
            `in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
        );
        for (const d of manifest.duplicates) {
          process.stdout.write(`shared passages ${d.docA} ~ ${d.docB}: ${d.exact} exact, ${d.near} near, ${d.contained} contained\n`);
        }
        for (const w of result.warnings) process.stderr.write(`corpus: warning: ${w}\n`);
      }
      if (result.rejected.length) exitCode = EXIT.problems;
    });

  program
    .command('clean')
    .description('run the per-document stages on files and print the cleaned text')
    .argument('<files...>', 'raw documents')
    .option('--json', 'one JSON object per line: {path, title, text, blocks}')
    .option('--explain', 'show every part of the raw document as kept or removed, with the rule that decided it')
    .option('--pipeline <name>', 'pipeline name or path', 'default')
    .action(async (files: string[], opts: { json?: boolean; explain?: boolean; pipeline: string }) => {
      const { documents, rejected } = await cleanFiles(files, opts.pipeline);
      for (const r of rejected) process.stderr.write(`corpus: ${r.relPath}: rejected: ${r.reason}\n`);
      const byName = new Map(files.map((f) => [path.basename(f), f]));
      for (const doc of documents) {
        if (opts.explain) {
          const entries = explainDocument(doc);
          if (opts.json) {
            for (const e of entries) process.stdout.write(`${JSON.stringify({ path: byName.get(doc.relPath) ?? doc.relPath, ...e })}\n`);
          } else {
            process.stdout.write(`==> ${byName.get(doc.relPath) ?? doc.relPath} (profile ${doc.profile}) <==\n${formatExplain(entries)}\n`);
          }
          continue;
        }
        if (opts.json) {
          const blocks = doc.blocks.map((b) => ({ type: b.type, text: b.text, start: b.start, end: b.end, rawStart: b.rawStart, rawEnd: b.rawEnd }));
          process.stdout.write(`${JSON.stringify({ path: byName.get(doc.relPath) ?? doc.relPath, title: doc.title, text: doc.text, blocks })}\n`);
        } else {
          if (documents.length > 1) process.stdout.write(`==> ${byName.get(doc.relPath) ?? doc.relPath} <==\n`);
          process.stdout.write(`${cleanedText(doc)}\n`);
        }
      }
      if (rejected.length) exitCode = EXIT.problems;
    });

  program
    .command('validate')
    .description('check a built dataset against its schemas and the manifest')
    .argument('[dir]', 'dataset folder', 'out')
    .action((dir: string) => {
      const report = validateDataset(dir);
      for (const p of report.problems) process.stderr.write(`corpus: ${p}\n`);
      if (report.problems.length) exitCode = EXIT.problems;
      else process.stdout.write(`${dir}: valid (${report.files} files, ${report.records} records)\n`);
    });

  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with their own exit code 0.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if ((err as Error).message?.includes('no such pipeline') || (err as Error).message?.startsWith('pipeline ')) {
      return fail(new UsageError((err as Error).message), debug);
    }
    return fail(err, debug);
  }
  return exitCode;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('cli.ts')) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
