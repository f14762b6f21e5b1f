import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPipeline, PipelineSchema } from '../src/pipeline/config.ts';
import { resolveStages } from '../src/pipeline/runner.ts';
import type { AnnotatedCorpus } from '../src/pipeline/types.ts';
import { STAGES } from '../src/stages/index.ts';
import { write } from '../src/stages/write.ts';
import { formatDuration, progressDisplay, ProgressMeter } from '../src/progress.ts';
import type { ProgressEvent } from '../src/pipeline/runner.ts';

const pipeline = (stages: { use: string; options?: Record<string, unknown> }[]) => PipelineSchema.parse({ name: 'test', stages });

describe('pipeline declarations', () => {
  it('loads the default and a second pipeline without touching the runner', async () => {
    const def = await loadPipeline('default');
    const lite = await loadPipeline('text-only');
    expect(resolveStages(def, STAGES).map((s) => s.stage.name)).toEqual(['ingest', 'profile', 'strip', 'normalise', 'segment', 'dedupe', 'extract', 'write']);
    expect(resolveStages(lite, STAGES).find((s) => s.stage.name === 'segment')!.options).toEqual({ maxPassageChars: 800 });
  });

  it('fills in stage defaults and rejects bad options at load time', () => {
    const ok = resolveStages(pipeline([{ use: 'ingest' }]), STAGES);
    expect(ok[0]!.options).toEqual({ maxBytes: 50 * 1024 * 1024 });
    expect(() => resolveStages(pipeline([{ use: 'ingest', options: { maxBytes: -1 } }]), STAGES)).toThrow(/options of stage "ingest"/);
  });

  it('rejects unknown stages and stages that do not chain', () => {
    expect(() => resolveStages(pipeline([{ use: 'ingest' }, { use: 'translate' }]), STAGES)).toThrow(/"translate" is unknown/);
    expect(() => resolveStages(pipeline([{ use: 'ingest' }, { use: 'segment' }]), STAGES)).toThrow(/"segment" consumes "normalised" but receives "ingested"/);
    expect(() => resolveStages(pipeline([{ use: 'ingest' }, { use: 'dedupe' }]), STAGES)).toThrow(/needs segmented documents/);
  });

  it('validates the declaration itself', () => {
    expect(PipelineSchema.safeParse({ name: 'Bad Name', stages: [{ use: 'ingest' }] }).success).toBe(false);
    expect(PipelineSchema.safeParse({ name: 'empty', stages: [] }).success).toBe(false);
  });
});

describe('write is atomic', () => {
  it('leaves the previous dataset in place when writing fails', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'corpus-atomic-'));
    const out = path.join(dir, 'out');
    mkdirSync(out);
    writeFileSync(path.join(out, 'manifest.json'), '{"previous": true}');
    const env = { inputPaths: [], outDir: out, pipelineName: 'test', pipelineConfig: {}, configHash: 'x', toolVersion: '0', stageStats: () => [], inDir: dir, sources: {} };
    const fn = write.create(write.options.parse({}), env);
    const broken = { documents: [], rejected: [], passages: [{ id: 1 }], pairs: [], entities: [], statistics: [] } as unknown as AnnotatedCorpus;
    expect(() => fn(broken, { count: () => {}, warn: () => {} })).toThrow();
    expect(readFileSync(path.join(out, 'manifest.json'), 'utf8')).toBe('{"previous": true}');
    expect(readdirSync(dir)).toEqual(['out']);
    expect(existsSync(`${out}.tmp-${process.pid}`)).toBe(false);
  });
});

describe('progress display', () => {
  const event = (over: Partial<ProgressEvent>): ProgressEvent => ({
    stage: 'documents', phase: 'document stages', done: 0, total: 0, unit: 'documents', bytesDone: 0, bytesTotal: 0, documentsDone: 0, documentsTotal: 10, ...over,
  });

  it('measures each phase from its own start: share of bytes, MB/s, time left', () => {
    let now = 0;
    const meter = new ProgressMeter(() => now);
    meter.view(event({ done: 0, total: 10, bytesTotal: 10 * 1024 * 1024 }));
    now = 2000;
    const v = meter.view(event({ done: 4, total: 10, bytesDone: 2 * 1024 * 1024, bytesTotal: 10 * 1024 * 1024 }));
    expect(v).toEqual({ label: 'documents: document stages', items: '4/10 documents', share: 0.2, speed: '1.00 MB/s', eta: 'ETA 8 s' });
    now = 3000; // a new phase: its rate from its own start
    expect(meter.view(event({ stage: 'extract', phase: 'tagging', done: 1, total: 4, unit: 'passages' })).speed).toBe('');
    expect(formatDuration(3725)).toBe('1 h 02 min');
  });

  it('prints plain lines when not on a terminal, nothing with --quiet', () => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const plain = progressDisplay({ stream, intervalMs: 0 });
    plain.update(event({ done: 3, total: 10 }));
    plain.stop();
    expect(lines).toEqual([expect.stringMatching(/^corpus: \[\d+ s\] documents: document stages 3\/10 documents, 30%\n$/)]);
    const quiet = progressDisplay({ stream, quiet: true, intervalMs: 0 });
    quiet.update(event({ done: 4, total: 10 }));
    expect(lines).toHaveLength(1);
  });
});

describe('what the coordinator holds', () => {
  it('corpus stages get passage offsets and fingerprints, not the text, and read text back from disk', async () => {
    const { runPipeline } = await import('../src/pipeline/runner.ts');
    const { corpusStage } = await import('../src/pipeline/stage.ts');
    const { z } = await import('zod');
    const seen: { docs: number; textFields: string[]; fingerprinted: number; passages: number; readBack: number } = { docs: 0, textFields: [], fingerprinted: 0, passages: 0, readBack: 0 };
    const probe = corpusStage({
      name: 'probe',
      description: 'records what a corpus stage after dedupe is handed',
      scope: 'corpus',
      consumes: 'deduplicated',
      produces: 'probed',
      options: z.object({}),
      create: () => (corpus: import('../src/pipeline/types.ts').DedupedCorpus) => {
        seen.docs = corpus.documents.length;
        for (const d of corpus.documents) {
          for (const f of ['raw', 'text', 'blocks', 'removed', 'references']) if (f in d) seen.textFields.push(`document.${f}`);
          if (d.passages.some((p) => 'text' in p)) seen.textFields.push('document.passages[].text');
          const f = d.features.dedupe as { bands?: Uint32Array; ids?: string[] } | undefined;
          if (f?.bands instanceof Uint32Array && f.ids?.length === d.passages.length) seen.fingerprinted++;
        }
        if (corpus.passages.some((p) => 'text' in p)) seen.textFields.push('passages[].text');
        seen.passages = corpus.passages.length;
        const byId = new Map(corpus.documents.map((d) => [d.id, d]));
        for (const p of corpus.passages) if (corpus.text(byId.get(p.docId)!).slice(p.start, p.end).trim().length === p.end - p.start) seen.readBack++;
        return corpus;
      },
    });
    const def = await loadPipeline('default');
    const stages = resolveStages({ ...def, stages: def.stages.filter((s) => !['extract', 'write'].includes(s.use)) }, STAGES);
    stages.push({ stage: probe, options: {} } as (typeof stages)[number]);
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'corpus-light-')), 'out');
    await runPipeline(def, stages, { inDir: path.resolve(import.meta.dirname, '../raw'), outDir: out, toolVersion: 'test' });
    expect(seen.docs).toBe(4);
    expect(seen.textFields).toEqual([]);
    expect(seen.fingerprinted).toBe(4);
    expect(seen.passages).toBeGreaterThan(200);
    expect(seen.readBack).toBe(seen.passages);
  });
});
