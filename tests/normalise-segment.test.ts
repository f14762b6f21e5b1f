import { describe, expect, it } from 'vitest';
import { splitSentences } from '../src/nlp/sentences.ts';
import type { DraftBlock, StrippedDoc } from '../src/pipeline/types.ts';
import { plainText } from '../src/profiles/plain-text.ts';
import { normalise, normaliseText, repairSpacing } from '../src/stages/normalise.ts';
import { packSentences, segment } from '../src/stages/segment.ts';
import { runStage, seedDoc, SEEDS } from './helpers.ts';


describe('normalise', () => {
  it.each([
    ['It is distinct from people smuggling , which involves', 'It is distinct from people smuggling, which involves'],
    ["to Amartya Sen 's and Martha Nussbaum 's visions", "to Amartya Sen's and Martha Nussbaum's visions"],
    ['the International Labour Organization ( ILO ) .', 'the International Labour Organization (ILO).'],
    ['living in " modern-day slavery " across the globe', 'living in "modern-day slavery" across the globe'],
    ['Belarus , Iran , Russia , and Turkmenistan', 'Belarus, Iran, Russia, and Turkmenistan'],
    ['with approximately 75 % being women', 'with approximately 75% being women'],
  ])('repairs "%s"', (input, expected) => {
    expect(repairSpacing(input)).toBe(expected);
  });

  it('leaves correct text alone', () => {
    const s = 'In 2012, the ILO estimated that 21 million victims (68%) are "trapped" in modern-day slavery.';
    expect(normaliseText(s, { repairSpacing: true })).toBe(s);
  });

  it('normalises Unicode to NFC and white space to single spaces', () => {
    expect(normaliseText('Cafe\u0301 \u00A0 au\u200B lait\n\tnoir', { repairSpacing: true })).toBe('Café au lait noir');
  });

  it('joins a block that continues the previous paragraph', () => {
    const blocks: DraftBlock[] = [
      { type: 'paragraph', text: 'non-governmental organizations .', rawStart: 0, rawEnd: 10, depth: null },
      { type: 'paragraph', text: 'Human trafficking can occur both within a single country.', rawStart: 20, rawEnd: 40, depth: null, continuesPrevious: true },
    ];
    const doc = { ...seedDoc(SEEDS.policy), title: null, metadata: {}, blocks, removed: [], references: [] } satisfies StrippedDoc;
    const out = runStage(normalise, {}, doc);
    expect(out.blocks).toHaveLength(1);
    expect(out.blocks[0]).toMatchObject({ text: 'non-governmental organizations. Human trafficking can occur both within a single country.', rawStart: 0, rawEnd: 40 });
  });
});

describe('segment', () => {
  const stripped = { ...seedDoc(SEEDS.wikiOld), ...plainText.strip(seedDoc(SEEDS.wikiOld)) };
  const norm = runStage(normalise, {}, stripped);
  const seg = runStage(segment, { maxPassageChars: 600 }, norm);

  it('lays blocks out with offsets into the cleaned text', () => {
    for (const b of seg.blocks) expect(seg.text.slice(b.start, b.end)).toBe(b.text);
    expect(seg.text.startsWith('Human trafficking\n\nHuman trafficking is the trade of humans')).toBe(true);
  });

  it('cuts passages with offsets, sections, and sentence spans inside them', () => {
    expect(seg.passages.length).toBeGreaterThan(100);
    for (const p of seg.passages) {
      expect(seg.text.slice(p.start, p.end)).toBe(p.text);
      expect(p.sentences[0]!.start).toBe(p.start);
      expect(p.sentences[p.sentences.length - 1]!.end).toBe(p.end);
      for (const s of p.sentences) expect(s.start).toBeGreaterThanOrEqual(p.start);
    }
    const revenue = seg.passages.find((p) => p.text.startsWith('In 2014, the International Labour Organization estimated $150 billion'))!;
    expect(revenue.section).toBe('Revenue');
    expect(revenue.sentences).toHaveLength(1);
  });

  it('keeps passages under the size limit unless one sentence is longer', () => {
    for (const p of seg.passages) {
      if (p.sentences.length > 1) expect(p.text.length).toBeLessThanOrEqual(600);
    }
  });

  it('splits sentences on real text, not on abbreviations', () => {
    const text = 'The U.S. offers a T visa. It lasts up to four years. Dr. Smith agreed.';
    expect(splitSentences(text).map((s) => text.slice(s.start, s.end))).toEqual(['The U.S. offers a T visa.', 'It lasts up to four years.', 'Dr. Smith agreed.']);
  });

  it('packs sentences into parts of similar size', () => {
    const spans = Array.from({ length: 10 }, (_, i) => ({ start: i * 100, end: i * 100 + 99 }));
    const parts = packSentences(spans, 450);
    const sizes = parts.map((p) => p.length);
    expect(sizes).toHaveLength(3);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const p of parts) expect(p[p.length - 1]!.end - p[0]!.start).toBeLessThanOrEqual(450);
  });
});
