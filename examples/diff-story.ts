// The story of one article: raw/003 (an older revision of Wikipedia's "Human trafficking") and
// raw/004 (revision 1306458817, 2025) built as two versions of one document, human-trafficking,
// and diffed. Writes examples/diff-003-004.{txt,md,json}; a test checks they are up to date.
//   npm run example:diff [-- --keep DIR]   (--keep: build the two datasets into DIR/003 and DIR/004)
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, diffDatasets, readCorpus, renderJson, renderMarkdown, renderTerminal, SourcesFileSchema, type DiffReport } from 'corpus-builder';

const ROOT = path.resolve(import.meta.dirname, '..');
const DOC_ID = 'human-trafficking';
export const STORY_VERSIONS = [
  { name: '003', raw: '003_7c6e312bb8215d43', label: '003 (older revision)' },
  { name: '004', raw: '004_b80f684bde9cb13c', label: '004 (revision 1306458817)' },
] as const;
export const STORY_FILES = { txt: 'diff-003-004.txt', md: 'diff-003-004.md', json: 'diff-003-004.json' } as const;

/** Builds each version into workDir/<name>/out from a one-document input folder; returns the dataset folders. */
export async function buildStory(workDir: string): Promise<{ old: string; new: string }> {
  const sources = SourcesFileSchema.parse(JSON.parse(readFileSync(path.join(ROOT, 'raw/sources.json'), 'utf8')));
  const outs: string[] = [];
  for (const v of STORY_VERSIONS) {
    const inDir = path.join(workDir, v.name, 'raw');
    const outDir = path.join(workDir, v.name, 'out');
    mkdirSync(inDir, { recursive: true });
    copyFileSync(path.join(ROOT, 'raw', `${v.raw}.txt`), path.join(inDir, `${DOC_ID}.txt`));
    writeFileSync(path.join(inDir, 'sources.json'), `${JSON.stringify({ [DOC_ID]: sources[v.raw] }, null, 2)}\n`);
    const result = await build({ inDir, outDir });
    if (result.rejected.length) throw new Error(`${v.raw}: rejected: ${result.rejected[0]!.reason}`);
    outs.push(outDir);
  }
  return { old: outs[0]!, new: outs[1]! };
}

/** The diff of the two builds in its three renderings (the terminal one uncoloured). */
export async function renderStory(dirs: { old: string; new: string }): Promise<{ report: DiffReport; txt: string; md: string; json: string }> {
  const [a, b] = STORY_VERSIONS;
  const report = await diffDatasets(await readCorpus(dirs.old, { label: a.label }), await readCorpus(dirs.new, { label: b.label }));
  return { report, txt: renderTerminal(report, { color: false }), md: renderMarkdown(report), json: renderJson(report) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const keepAt = process.argv.indexOf('--keep');
  const workDir = keepAt > 0 ? path.resolve(process.argv[keepAt + 1] ?? 'story') : mkdtempSync(path.join(tmpdir(), 'corpus-story-'));
  try {
    const story = await renderStory(await buildStory(workDir));
    for (const [kind, file] of Object.entries(STORY_FILES)) writeFileSync(path.join(ROOT, 'examples', file), story[kind as keyof typeof STORY_FILES]);
    const s = story.report.summary;
    process.stdout.write(
      `wrote examples/diff-003-004.{txt,md,json}: ${s.statistics.appeared} statistics appeared, ${s.statistics.changed} changed, ` +
        `${s.statistics.disappeared} disappeared; ${s.passages.modified} passages modified${keepAt > 0 ? `; datasets in ${workDir}` : ''}\n`,
    );
  } finally {
    if (keepAt < 0) rmSync(workDir, { recursive: true, force: true });
  }
}
