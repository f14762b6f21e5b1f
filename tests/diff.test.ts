import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStory, renderStory, STORY_FILES } from '../examples/diff-story.ts';
import { readCorpus } from '../src/dataset/read.ts';
import { diffCorpora, snapshotFromRecords } from '../src/diff/diff.ts';
import { diffEntities, summariseEntity } from '../src/diff/entities.ts';
import { diffDatasets } from '../src/diff/load.ts';
import { diffPassages } from '../src/diff/passages.ts';
import { diffReferences } from '../src/diff/references.ts';
import { renderMarkdown, renderTerminal, useColor } from '../src/diff/render.ts';
import { DiffReportSchema, diffReportJsonSchema, type DiffReport, type DiffSide, type StatisticBrief } from '../src/diff/schema.ts';
import { diffStatistics } from '../src/diff/statistics.ts';
import { compactWordDiff } from '../src/diff/text.ts';
import type { EntityRecord, PassageRecord, ReferenceRecord, StatisticRecord } from '../src/schemas.ts';
import { ROOT } from './helpers.ts';

const corpus = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin/corpus.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });

// --- small records for the matchers -------------------------------------------------------------

const passage = (index: number, text: string, docId = 'd'): PassageRecord => ({
  id: `${docId}-${index}-${text.length}`,
  docId,
  index,
  section: null,
  type: 'paragraph',
  text,
  textHash: '',
  start: index * 1000,
  end: index * 1000 + text.length,
  sentences: [],
  duplicateOf: null,
  duplicateKind: null,
  similarity: null,
});

const statistic = (id: string, value: number, sentence: string, extra: Partial<StatisticRecord> = {}): StatisticRecord => ({
  id,
  docId: 'd',
  passageId: 'p',
  text: String(value),
  value,
  valueMax: null,
  kind: 'count',
  unit: 'victims',
  qualifier: null,
  year: null,
  source: null,
  sentence,
  start: 0,
  end: 1,
  docStart: 0,
  docEnd: 1,
  ...extra,
});

const entity = (id: string, name: string, aliases: string[], docs: string[]): EntityRecord => ({
  id,
  type: 'organization',
  name,
  aliases,
  mentionCount: docs.length,
  documents: [...new Set(docs)],
  mentions: docs.map((docId, i) => ({ docId, passageId: 'p', start: i, end: i + 1, docStart: i, docEnd: i + 1, text: name })),
});

const reference = (index: number, extra: Partial<ReferenceRecord>): ReferenceRecord => ({
  id: `r${index}`,
  docId: 'd',
  index,
  raw: `reference ${index}`,
  authors: [],
  title: null,
  container: null,
  year: null,
  volume: null,
  issue: null,
  pages: null,
  doi: null,
  url: null,
  rawStart: 0,
  rawEnd: 1,
  ...extra,
});

const A = 'Human trafficking is the trade of humans for the purpose of forced labour, sexual slavery, or commercial sexual exploitation.';
const B = 'Trafficked people are held against their will through acts of coercion, and forced to work for or provide services to others.';
const C = 'The Palermo Protocol was adopted by the United Nations in 2000 and entered into force in 2003 with many parties.';
const D = 'Fraud factories in Asia traffic workers to scam people in western countries into buying crypto currencies online.';

describe('word diff', () => {
  it('keeps the changed runs with a few words of context', () => {
    const { parts, wordsAdded, wordsRemoved } = compactWordDiff(
      'one two three four five six seven eight nine ten eleven twelve 27 million people thirteen fourteen fifteen sixteen seventeen eighteen',
      'one two three four five six seven eight nine ten eleven twelve 50 million people thirteen fourteen fifteen sixteen seventeen eighteen',
    );
    expect(parts).toEqual([
      { op: 'skip', words: 8 },
      { op: 'equal', text: ' nine ten eleven twelve ' },
      { op: 'removed', text: '27' },
      { op: 'added', text: '50' },
      { op: 'equal', text: ' million people thirteen fourteen ' },
      { op: 'skip', words: 4 },
    ]);
    expect([wordsAdded, wordsRemoved]).toEqual([1, 1]);
  });
});

describe('passage matching within a document', () => {
  it('finds unchanged, modified, added and removed passages, and where a removed one stood', () => {
    const d = diffPassages(
      [passage(0, A), passage(1, B), passage(2, C)],
      [passage(0, A), passage(1, B.replace('coercion', 'coercion and deception')), passage(2, D)],
    );
    expect(d.unchanged).toBe(1);
    expect(d.modified).toHaveLength(1);
    expect(d.modified[0]).toMatchObject({ kind: 'modified', textChanged: true, old: [{ index: 1 }], new: [{ index: 1 }], wordsAdded: 2, wordsRemoved: 0 });
    expect(d.modified[0]!.diff.filter((p) => p.op === 'added').map((p) => p.text.trim())).toEqual(['and deception']);
    expect(d.added.map((p) => p.text)).toEqual([D]);
    expect(d.removed).toMatchObject([{ index: 2, text: C, afterNewIndex: 1 }]);
  });

  it('reads a paragraph split in two, or two merged, as one change', () => {
    const split = diffPassages([passage(0, `${A} ${B}`)], [passage(0, A), passage(1, B)]);
    expect(split.modified).toMatchObject([{ kind: 'split', textChanged: false, old: [{ index: 0 }], new: [{ index: 0 }, { index: 1 }] }]);
    expect(split.added).toEqual([]);
    const merged = diffPassages([passage(0, A), passage(1, B), passage(2, C)], [passage(0, `${A} ${B} Since 2010, more so.`), passage(1, C)]);
    expect(merged.unchanged).toBe(1);
    expect(merged.modified).toMatchObject([{ kind: 'merged', textChanged: true, wordsAdded: 4, old: [{ index: 0 }, { index: 1 }] }]);
  });

  it('treats a sentence moved across a passage boundary as re-segmentation, not an edit', () => {
    const d = diffPassages([passage(0, `${A} ${B}`), passage(1, C)], [passage(0, A), passage(1, `${B} ${C}`)]);
    expect(d.modified).toHaveLength(1);
    expect(d.modified[0]).toMatchObject({ kind: 'regrouped', textChanged: false, wordsAdded: 0, wordsRemoved: 0 });
  });

  it('matches thousands of passages through the shingle index, deterministically', () => {
    const words = (i: number) => Array.from({ length: 40 }, (_, k) => `w${(i * 7919 + k * 104729) % 100003}`).join(' ');
    const olds = Array.from({ length: 3000 }, (_, i) => passage(i, words(i)));
    const news = olds.map((p, i) => (i % 10 === 0 ? passage(i, p.text.replace(/^(\S+ \S+ \S+)/, '$1 inserted')) : i % 10 === 5 ? passage(i, words(i + 50000)) : p));
    const d = diffPassages(olds, news);
    expect(d.unchanged).toBe(2400);
    expect(d.modified).toHaveLength(300);
    expect(d.modified.every((m) => m.old[0]!.index === m.new[0]!.index && m.wordsAdded === 1)).toBe(true);
    expect([d.added.length, d.removed.length]).toEqual([300, 300]);
    expect(diffPassages(olds, news)).toEqual(d);
  });
});

describe('statistics matching', () => {
  const names = { old: new Map<string, string>(), new: new Map<string, string>() };

  it('pairs a changed value for the same subject, keeps reworded figures, and lists the rest', () => {
    const d = diffStatistics(
      [
        statistic('o1', 27_000_000, 'Estimates say 27 million people are in modern-day slavery across the globe.', { unit: 'people', year: 2004 }),
        statistic('o2', 150, 'The hotline staff can communicate with callers in 150 languages.', { unit: 'languages' }),
        statistic('o3', 4500, 'Fewer than 4,500 traffickers are convicted globally each year.', { unit: 'traffickers' }),
      ],
      [
        statistic('n1', 50_000_000, 'According to the Global Estimates (2021), 50 million people are living in modern-day slavery across the globe.', {
          unit: 'people',
          year: 2021,
        }),
        statistic('n2', 150, 'Hotline staff communicate with callers in 150 languages, day and night.', { unit: 'languages' }),
        statistic('n3', 2000, 'In 2024, the hotline received 2,000 reports.', { unit: 'reports', year: 2024 }),
      ],
      names,
    );
    expect(d.unchanged).toBe(1);
    expect(d.changed).toMatchObject([{ old: { value: 27_000_000, year: 2004 }, new: { value: 50_000_000, year: 2021 }, fields: ['value', 'year'] }]);
    expect(d.appeared.map((s) => s.id)).toEqual(['n3']);
    expect(d.disappeared.map((s) => s.id)).toEqual(['o3']);
  });

  it('pairs figures of one sentence in order when a sentence changes several', () => {
    const old = 'Of these, 14 million were exploited for labour and 4 million were sexually exploited.';
    const nu = 'Of these, 15 million were exploited for labour and 5 million were sexually exploited.';
    const d = diffStatistics(
      [statistic('a', 14e6, old, { start: 10 }), statistic('b', 4e6, old, { start: 50 })],
      [statistic('c', 15e6, nu, { start: 10 }), statistic('e', 5e6, nu, { start: 50 })],
      names,
    );
    expect(d.changed.map((x) => [x.old.value, x.new.value])).toEqual([
      [14e6, 15e6],
      [4e6, 5e6],
    ]);
  });
});

describe('entities and references', () => {
  it('match entities by id, name or alias, and count mentions per document', () => {
    const d = diffEntities(
      [entity('organization:ilo', 'ILO', [], ['a', 'a']), entity('organization:x', 'Gone Org', [], ['a'])].map(summariseEntity),
      [
        entity('organization:international-labour-organization', 'International Labour Organization', ['ILO'], ['a', 'b', 'b']),
        entity('organization:new', 'New Org', [], ['b']),
      ].map(summariseEntity),
    );
    expect(d.changed).toMatchObject([
      { old: { name: 'ILO' }, new: { name: 'International Labour Organization' }, mentions: { old: 2, new: 3 }, documents: [{ docId: 'a', old: 2, new: 1 }, { docId: 'b', old: 0, new: 2 }] },
    ]);
    expect(d.appeared.map((e) => e.name)).toEqual(['New Org']);
    expect(d.disappeared.map((e) => e.name)).toEqual(['Gone Org']);
  });

  it('match references by DOI, URL, or title and year', () => {
    const d = diffReferences(
      [reference(0, { doi: '10.1/ABC' }), reference(1, { url: 'https://www.example.org/a/' }), reference(2, { title: 'Modern Slavery', year: 2016 }), reference(3, {})],
      [reference(5, { doi: '10.1/abc', raw: 'moved' }), reference(6, { url: 'http://example.org/a' }), reference(7, { title: 'Modern slavery.', year: 2016 }), reference(8, { raw: 'new one' })],
    );
    expect(d.unchanged).toBe(3);
    expect(d.added.map((r) => r.raw)).toEqual(['new one']);
    expect(d.removed.map((r) => r.raw)).toEqual(['reference 3']);
  });
});

describe('diffCorpora on records in memory', () => {
  const side: DiffSide = { label: 'x', kind: 'folder', commit: null, schemaVersion: '1', toolVersion: '1', datasetVersion: null, pipeline: 'p', configHash: 'h', documents: 1 };
  const doc = (id: string, text: string) => ({
    id,
    title: null,
    source: { path: `${id}.txt`, sha256: text, bytes: text.length, format: 'text' as const, profile: 'plain-text', url: null, publisher: null, licence: null, revision: null, date: null },
    metadata: {},
    text,
    blocks: [],
    stats: { rawChars: 0, cleanChars: 0, removedChars: 0, blocks: 0, passages: 1, sentences: 0, words: 0, references: 0 },
  });
  const snap = (docs: Array<[string, string]>) =>
    snapshotFromRecords(side, { documents: docs.map(([id, t]) => doc(id, t)), passages: docs.map(([id, t]) => passage(0, t, id)), entities: [], statistics: [], references: [] });

  it('publishes the report schema as JSON Schema', () => {
    const schema = diffReportJsonSchema();
    expect(schema).toMatchObject({ type: 'object', required: expect.arrayContaining(['summary', 'documents', 'statistics']) });
  });

  it('sorts documents into added, removed, changed and unchanged', () => {
    const r = diffCorpora(snap([['keep', A], ['edit', B], ['gone', C]]), snap([['keep', A], ['edit', `${B} Also online.`], ['new', D]]));
    expect(DiffReportSchema.parse(r)).toEqual(r);
    expect(r.documents.unchanged).toEqual(['keep']);
    expect(r.documents.changed.map((d) => d.id)).toEqual(['edit']);
    expect(r.documents.added.map((d) => d.id)).toEqual(['new']);
    expect(r.documents.removed.map((d) => d.id)).toEqual(['gone']);
    expect(r.summary).toMatchObject({ changed: true, passages: { added: 1, removed: 1, modified: 1, unchanged: 1 } });
    expect(diffCorpora(snap([['keep', A]]), snap([['keep', A]])).summary.changed).toBe(false);
  });
});

describe('colour', () => {
  it('only on a TTY without NO_COLOR', () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useColor({}, {})).toBe(false);
  });
});

// --- the 003 → 004 story: two builds of one document ----------------------------------------------

describe('003 → 004: two revisions of one article as two versions of one document', () => {
  let dirs: { old: string; new: string };
  let story: Awaited<ReturnType<typeof renderStory>>;
  let report: DiffReport;
  const figures = (r: DiffReport): StatisticBrief[] => [...r.statistics.appeared, ...r.statistics.changed.map((c) => c.new)];

  beforeAll(async () => {
    dirs = await buildStory(mkdtempSync(path.join(tmpdir(), 'corpus-diff-')));
    story = await renderStory(dirs);
    report = story.report;
  });

  it('reports the document as changed, with modified passages shown as word diffs', () => {
    expect(DiffReportSchema.parse(report)).toEqual(report);
    expect(report.summary.documents).toEqual({ added: 0, removed: 0, changed: 1, unchanged: 0 });
    const [doc] = report.documents.changed;
    expect(doc).toMatchObject({ id: 'human-trafficking', sourceChanged: true, textChanged: true });
    expect(doc!.source.new.revision).toBe('1306458817');
    const edits = doc!.passages.modified.filter((m) => m.textChanged);
    expect(edits.length).toBeGreaterThan(5);
    for (const m of edits) {
      expect(m.diff.some((p) => p.op === 'added' || p.op === 'removed')).toBe(true);
      expect(m.wordsAdded + m.wordsRemoved).toBeGreaterThan(0);
    }
    expect(doc!.passages.unchanged).toBeGreaterThan(0);
    expect(doc!.passages.added.length).toBeGreaterThan(0);
    expect(doc!.passages.removed.length).toBeGreaterThan(0);
  });

  it('has the 2021 Global Estimates figure of 50 million and the 2024 figures among new and changed statistics', () => {
    const global = figures(report).find((s) => s.value === 50_000_000);
    expect(global).toMatchObject({ year: 2021, kind: 'count', unit: 'people' });
    expect(global!.sentence).toMatch(/Global Estimates \(2021\)/);
    const of2024 = figures(report).filter((s) => s.year === 2024);
    expect(of2024.map((s) => s.sourceName)).toEqual(expect.arrayContaining(['National Human Trafficking Hotline', 'United States Department of State']));
    expect(of2024.find((s) => s.value === 2000 && s.unit === 'reports')?.sentence).toMatch(/National Human Trafficking Hotline/);
  });

  it('lists entities that appear only in 004, and none that 003 has', async () => {
    const oldNames = new Set((await (await readCorpus(dirs.old)).entities().toArray()).flatMap((e) => [e.name, ...e.aliases]));
    const newNames = new Set((await (await readCorpus(dirs.new)).entities().toArray()).map((e) => e.name));
    expect(report.entities.appeared.length).toBeGreaterThan(0);
    for (const e of report.entities.appeared) {
      expect(oldNames.has(e.name), e.name).toBe(false);
      expect(newNames.has(e.name), e.name).toBe(true);
    }
    expect(report.summary.references).toMatchObject({ added: report.documents.changed[0]!.stats.new.references, removed: 0 });
  });

  it('renders the story in three formats; examples/diff-003-004.* are what npm run example:diff writes now', () => {
    for (const [kind, file] of Object.entries(STORY_FILES)) {
      const committed = readFileSync(path.join(ROOT, 'examples', file), 'utf8');
      expect(committed === story[kind as keyof typeof STORY_FILES], `examples/${file} is stale: run npm run example:diff`).toBe(true);
    }
    expect(story.txt).not.toMatch(/\u001b\[/);
    expect(story.txt).toMatch(/^corpus diff 003 \(older revision\) → 004 \(revision 1306458817\)$/m);
    expect(story.txt).toMatch(/50,000,000 people/);
    expect(story.md).toMatch(/^\| documents \| 0 \| 0 \| 1 \| 0 \|$/m);
    expect(renderTerminal(report, { color: true })).toMatch(/\u001b\[32m/);
  });

  it('is deterministic', async () => {
    const again = await renderStory(dirs);
    expect(again.json).toBe(story.json);
    expect(renderMarkdown(again.report)).toBe(story.md);
  });

  it('finds nothing between a dataset and itself', async () => {
    const r = await diffDatasets(await readCorpus(dirs.new), await readCorpus(dirs.new));
    expect(r.summary.changed).toBe(false);
    expect(r.summary.documents).toEqual({ added: 0, removed: 0, changed: 0, unchanged: 1 });
    expect(renderTerminal(r)).toMatch(/no changes\n$/);
  });

  describe('corpus diff', () => {
    it('exits 0 without changes and 1 with changes', () => {
      const same = corpus('diff', dirs.old, dirs.old);
      expect(same.status).toBe(0);
      expect(same.stdout).toMatch(/no changes/);
      const changed = corpus('diff', dirs.old, dirs.new);
      expect(changed.stderr).toBe('');
      expect(changed.status).toBe(1);
      expect(changed.stdout).not.toMatch(/\u001b\[/);
      expect(changed.stdout).toMatch(/^Statistics$/m);
      expect(changed.stdout).toMatch(/~ up to 27,000,000 people → 50,000,000 people|\+ 50,000,000 people/);
      const stat = corpus('diff', '--stat', dirs.old, dirs.new);
      expect(stat.status).toBe(1);
      expect(stat.stdout).toMatch(/^ {2}documents {3}1 changed$/m);
      expect(stat.stdout).not.toMatch(/^Statistics$/m);
    });

    it('--json prints a DiffReport', () => {
      const r = corpus('diff', '--json', dirs.old, dirs.new);
      expect(r.status).toBe(1);
      const report = DiffReportSchema.parse(JSON.parse(r.stdout));
      expect(report.summary.documents.changed).toBe(1);
      expect(figures(report).some((s) => s.value === 50_000_000 && s.year === 2021)).toBe(true);
    });

    it('--markdown prints tables with the new figures', () => {
      const r = corpus('diff', '--markdown', dirs.old, dirs.new);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/^\| \| added \| removed \| changed \| unchanged \|$/m);
      expect(r.stdout).toMatch(/\*\*50,000,000 people\*\*|\| 50,000,000 people \| 2021 \|/);
      expect(r.stdout).toMatch(/\| about 2,000 reports \| 2024 \| National Human Trafficking Hotline \|/);
    });

    it('exits 2 with one line on a missing folder, a bad revision or conflicting options', () => {
      for (const args of [
        ['diff', '/no/such/dataset', dirs.new],
        ['diff', 'no-such-revision-xyz'],
        ['diff', '--json', '--markdown', dirs.old, dirs.new],
        ['diff'],
      ]) {
        const r = corpus(...args);
        expect(r.status, args.join(' ')).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      }
      expect(corpus('diff', '/no/such/dataset', dirs.new).stderr).toBe('corpus: /no/such/dataset: neither a dataset folder nor a git revision of ' + ROOT + '\n');
    });

    it('reads git revisions: HEAD against itself is no change', () => {
      let hasOut = true;
      try {
        execFileSync('git', ['cat-file', '-e', 'HEAD:out/manifest.json'], { cwd: ROOT });
      } catch {
        hasOut = false;
      }
      if (!hasOut) return;
      const r = corpus('diff', 'HEAD', 'HEAD');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^corpus diff HEAD:out \([0-9a-f]{12}\) → HEAD:out/);
    });
  });
});
