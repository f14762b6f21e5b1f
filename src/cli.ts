// The `corpus` command line. Errors are one line naming the file and the reason (a stack trace
// only with --debug). Exit status: 0 success, 1 problems found, 2 usage errors.
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import path from 'node:path';
import type { SegmentedDoc } from './pipeline/types.ts';
import { checkRedis, DEFAULT_QUEUE_NAME, parseRedisUrl } from './queue/common.ts';
import type { QueueExecutor } from './queue/executor.ts';
import { boundHeapGrowth } from './util/heap.ts';
import { DEFAULT_CACHE_DIR, TOOL_VERSION } from './version.ts';
// Each command imports what it runs when it runs: a `corpus worker` process (started once per
// core on every machine of a queue build) does not load the diff, the validator or the stages.

export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

class UsageError extends Error {}

function parseWorkers(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('a whole number (0 or 1: in this process)');
  return n;
}

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
    .option('--cache <dir>', 'build cache folder: unchanged documents and passages are not processed again', DEFAULT_CACHE_DIR)
    .option('--no-cache', 'build without the cache (neither read nor written)')
    .option('--cache-prune', 'after the build, remove every cache entry this build did not use')
    .option('--workers <n>', 'worker threads for the per-document stages and tagging (0 or 1: in this process; default: one per core, at most one per MB of input)', parseWorkers)
    .option('--queue <url>', 'queue the per-document work as jobs on Redis (redis://HOST:PORT) for `corpus worker` processes on any machines')
    .option('--queue-name <name>', 'queue name, the same for the build and its workers', DEFAULT_QUEUE_NAME)
    .action(async (opts: { in: string; out: string; pipeline: string; quiet?: boolean; cache: string | false; cachePrune?: boolean; workers?: number; queue?: string; queueName: string }) => {
      const t0 = performance.now();
      boundHeapGrowth();
      // Queue mode: this process is the coordinator (corpus-wide stages and the write stay here).
      let queue: QueueExecutor | undefined;
      if (opts.queue) {
        try {
          parseRedisUrl(opts.queue);
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
        await checkRedis(opts.queue); // before any work
        // Loaded here: BullMQ costs every other command a third of a second.
        const { QueueExecutor } = await import('./queue/executor.ts');
        queue = new QueueExecutor(opts.queue, { queueName: opts.queueName, log: (line) => opts.quiet || process.stderr.write(`corpus: queue: ${line}\n`) });
      }
      const [{ build }, { progressDisplay }] = await Promise.all([import('./build.ts'), import('./progress.ts')]);
      let result: Awaited<ReturnType<typeof build>>;
      const progress = progressDisplay({ quiet: opts.quiet });
      try {
        result = await build({
          inDir: opts.in,
          outDir: opts.out,
          pipeline: opts.pipeline,
          cache: opts.cache,
          cachePrune: opts.cachePrune,
          executor: queue,
          workers: opts.workers ?? 'auto',
          onProgress: (e) => progress.update(e),
          onDocument: (relPath, rejected) => {
            if (!rejected) return;
            progress.stop();
            process.stderr.write(`corpus: ${path.join(opts.in, relPath)}: rejected: ${rejected.reason}\n`);
          },
        });
        // The dataset is written: the jobs' results are not needed for a restart any more.
        await queue?.removeCollected();
      } finally {
        progress.stop();
        await queue?.close();
      }
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
        if (result.cache) {
          const c = result.cache;
          const per = Object.entries(c.stages).map(([name, n]) => `${name} ${n.hits}/${n.hits + n.misses}`);
          process.stdout.write(
            `cache ${c.dir}: hits ${per.join(', ')}; ${c.writes} written` +
              `${c.errors ? `, ${c.errors} unreadable` : ''}${c.pruned ? `, ${c.pruned} pruned` : ''}\n`,
          );
        }
        for (const d of manifest.duplicates) {
          process.stdout.write(`shared passages ${d.docA} ~ ${d.docB}: ${d.exact} exact, ${d.near} near, ${d.contained} contained\n`);
        }
        for (const w of result.warnings) process.stderr.write(`corpus: warning: ${w}\n`);
      }
      if (result.rejected.length) exitCode = EXIT.problems;
    });

  program
    .command('worker')
    .description('process the jobs of `corpus build --queue` builds: start any number, on any machines with the same checkout')
    .requiredOption('--queue <url>', 'the Redis server of the build (redis://HOST:PORT)')
    .option('--queue-name <name>', 'queue name (the build\'s --queue-name)', DEFAULT_QUEUE_NAME)
    .option('--concurrency <n>', 'jobs this process runs at once', '1')
    .option('--exit-when-idle [seconds]', 'exit once the queue has had no job waiting or running this long (default 10)')
    .option('--lock-duration <ms>', 'a job whose worker stops renewing its lock this long is given to another worker', '30000')
    .option('--stalled-interval <ms>', 'how often to look for jobs whose worker died', '30000')
    .option('--quiet', 'print nothing but errors (else one line per job)')
    .action(
      async (opts: { queue: string; queueName: string; concurrency: string; exitWhenIdle?: string | true; lockDuration: string; stalledInterval: string; quiet?: boolean }) => {
        const int = (name: string, value: string, min: number) => {
          const n = Number(value);
          if (!Number.isInteger(n) || n < min) throw new UsageError(`worker: ${name} must be an integer >= ${min}, not ${value}`);
          return n;
        };
        try {
          parseRedisUrl(opts.queue);
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
        const idle = opts.exitWhenIdle === undefined ? undefined : opts.exitWhenIdle === true ? 10 : int('--exit-when-idle', opts.exitWhenIdle, 0);
        boundHeapGrowth();
        const { runQueueWorker } = await import('./queue/worker.ts');
        const worker = await runQueueWorker(opts.queue, {
          queueName: opts.queueName,
          concurrency: int('--concurrency', opts.concurrency, 1),
          lockDurationMs: int('--lock-duration', opts.lockDuration, 100),
          stalledIntervalMs: int('--stalled-interval', opts.stalledInterval, 100),
          exitWhenIdleMs: idle === undefined ? undefined : idle * 1000,
          log: (line) => {
            if (/^(error|failed|stalled)/.test(line)) process.stderr.write(`corpus worker: ${line}\n`);
            else if (!opts.quiet) process.stdout.write(`corpus worker: ${line}\n`);
          },
        });
        // SIGINT/SIGTERM: finish the running jobs, then exit; a second signal abandons them (they
        // are retried elsewhere once their lock expires).
        let signals = 0;
        const stop = () => {
          void worker.close(++signals > 1);
          // Redis gone: closing could wait for it forever.
          if (signals > 1) setTimeout(() => process.exit(130), 3000).unref();
        };
        process.on('SIGINT', stop).on('SIGTERM', stop);
        try {
          const { processed, failed } = await worker.done;
          if (!opts.quiet) process.stdout.write(`corpus worker: stopped after ${processed} job(s)${failed ? `, ${failed} failed` : ''}\n`);
        } finally {
          process.off('SIGINT', stop).off('SIGTERM', stop);
        }
      },
    );

  program
    .command('clean')
    .description('run the per-document stages on files and print the cleaned text')
    .argument('<files...>', 'raw documents')
    .option('--json', 'one JSON object per line: {path, title, text, blocks}')
    .option('--explain', 'show every part of the raw document as kept or removed, with the rule that decided it')
    .option('--pipeline <name>', 'pipeline name or path', 'default')
    .action(async (files: string[], opts: { json?: boolean; explain?: boolean; pipeline: string }) => {
      const [{ cleanFiles }, { explainDocument, formatExplain }] = await Promise.all([import('./build.ts'), import('./explain.ts')]);
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
    .action(async (dir: string) => {
      const { validateDataset } = await import('./validate.ts');
      const report = validateDataset(dir);
      for (const p of report.problems) process.stderr.write(`corpus: ${p}\n`);
      if (report.problems.length) exitCode = EXIT.problems;
      else process.stdout.write(`${dir}: valid (${report.files} files, ${report.records} records)\n`);
    });

  program
    .command('diff')
    .description('what changed between two builds: documents, passages (word-level), entities, statistics, references')
    .argument('<old>', 'dataset folder, or a git revision whose dataset folder is read (HEAD~1, v1.0, a commit)')
    .argument('[new]', 'dataset folder or git revision', 'out')
    .option('--json', 'the report as one JSON record (schema: DiffReportSchema)')
    .option('--markdown', 'the report as Markdown, for a pull-request comment')
    .option('--stat', 'summary counts only (terminal and Markdown)')
    .option('--path <dir>', 'dataset folder inside a revision, relative to the repository', 'out')
    .option('--repo <dir>', 'git repository that revisions are read from', '.')
    .addHelpText('after', '\nExit status as git diff --exit-code: 0 no change, 1 changes, 2 error.')
    .action(async (oldLoc: string, newLoc: string, opts: { json?: boolean; markdown?: boolean; stat?: boolean; path: string; repo: string }) => {
      if (opts.json && opts.markdown) throw new UsageError('diff: --json and --markdown exclude each other');
      let output: string;
      let changed: boolean;
      try {
        const [{ readCorpus }, { diffDatasets }, { renderJson, renderMarkdown, renderTerminal, useColor }] = await Promise.all([
          import('./dataset/read.ts'),
          import('./diff/load.ts'),
          import('./diff/render.ts'),
        ]);
        const [a, b] = await Promise.all([
          readCorpus(oldLoc, { repo: opts.repo, path: opts.path }),
          readCorpus(newLoc, { repo: opts.repo, path: opts.path }),
        ]);
        const report = await diffDatasets(a, b);
        changed = report.summary.changed;
        output = opts.json
          ? renderJson(report)
          : opts.markdown
            ? renderMarkdown(report, { stat: opts.stat })
            : renderTerminal(report, { stat: opts.stat, color: useColor(process.stdout) });
      } catch (err) {
        // Any failure is exit 2 here: 1 means "there are changes".
        throw Object.assign(new UsageError((err as Error).message), { stack: (err as Error).stack });
      }
      // main's caller exits at once: wait until a large report has reached the pipe. A reader that
      // stops early (EPIPE) is not an error.
      await new Promise<void>((resolve, reject) => {
        const onError = (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' ? resolve() : reject(err));
        process.stdout.once('error', onError);
        process.stdout.write(output, (err) => {
          if (err) return onError(err); // the 'error' event follows: the listener stays for it
          process.stdout.off('error', onError);
          resolve();
        });
      });
      exitCode = changed ? EXIT.problems : EXIT.ok;
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
  // exitCode, not exit(): a pending write to a pipe (a large --json report) must be flushed first.
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
