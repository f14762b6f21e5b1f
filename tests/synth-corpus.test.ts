// The synthetic corpus of the scale bench (src/synth/corpus.ts): deterministic for a seed, made of
// documents the profiles recognise as the three intended kinds, with planted near duplicates that
// dedupe finds.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.ts';
import { loadPipeline } from '../src/pipeline/config.ts';
import { writeSyntheticCorpus, type SynthCorpusResult } from '../src/synth/corpus.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'synth-corpus-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every file of a folder, by name, as its sha256. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) out[name] = createHash('sha256').update(readFileSync(path.join(dir, name))).digest('hex');
  return out;
}

describe('synthetic corpus', () => {
  const a = path.join(tmp, 'a');
  let first: SynthCorpusResult;
  beforeAll(() => {
    first = writeSyntheticCorpus(a, { mb: 1, seed: 7 });
  });

  it('is about the size asked for, in documents of 20-80 KB, with near duplicates planted', () => {
    expect(first.bytes).toBeGreaterThanOrEqual(1e6);
    expect(first.bytes).toBeLessThan(1.1e6);
    const sizes = first.files.map((f) => readFileSync(path.join(a, f)).length);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(15_000);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(90_000);
    expect(first.nearDuplicates / first.passages).toBeGreaterThan(0.1);
    expect(first.nearDuplicates / first.passages).toBeLessThan(0.2);
  });

  it('is byte-identical for the same seed and differs for another', () => {
    const again = writeSyntheticCorpus(path.join(tmp, 'b'), { mb: 1, seed: 7 });
    const other = writeSyntheticCorpus(path.join(tmp, 'c'), { mb: 1, seed: 8 });
    expect(again).toEqual(first);
    expect(tree(path.join(tmp, 'b'))).toEqual(tree(a));
    expect(tree(path.join(tmp, 'c'))).not.toEqual(tree(a));
  });

  it('refuses a folder that holds files', () => {
    expect(() => writeSyntheticCorpus(a, { mb: 1 })).toThrow(/not empty/);
  });

  it('is recognised as Wikipedia dumps, essay-site pages and HTML articles, and dedupe finds the planted near duplicates', async () => {
    // The default pipeline without tagging (the slow part, which this test does not look at):
    // the profiles, stripping, segmentation and dedupe are the default's.
    const def = await loadPipeline('default');
    const pipeline = {
      ...def,
      stages: def.stages.map((s) =>
        s.use === 'extract' ? { ...s, options: { ...s.options, entities: false, statistics: false } } : s.use === 'write' ? { ...s, options: { ...s.options, markdown: false } } : s,
      ),
    };
    const out = path.join(tmp, 'out');
    const result = await build({ inDir: a, outDir: out, pipeline });
    expect(result.rejected).toEqual([]);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { inputs: { path: string; profile: string }[] };
    const profileOf = new Map(manifest.inputs.map((i) => [i.path, i.profile]));
    const expected = (name: string) => (name.endsWith('-wiki.txt') ? 'wikipedia-dump' : name.endsWith('-essay.txt') ? 'essay-site' : 'html-article');
    for (const f of first.files) expect([f, profileOf.get(f)]).toEqual([f, expected(f)]);
    expect(new Set(profileOf.values())).toEqual(new Set(['wikipedia-dump', 'essay-site', 'html-article']));
    // The chrome was cut by each profile's own rules.
    const counters = result.stats.find((s) => s.name === 'strip')!.counters;
    for (const rule of ['wiki:navigation', 'wiki:section:references', 'essay-site:citation-block', 'html:footer']) expect(counters[`removed:${rule}`] ?? 0).toBeGreaterThan(0);
    const passages = readFileSync(path.join(out, 'passages.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { duplicateOf: string | null });
    const duplicates = passages.filter((p) => p.duplicateOf).length;
    expect(duplicates).toBeGreaterThanOrEqual(first.nearDuplicates / 2);
  });
});
