// Cleaning never crashes and never hangs: random and adversarial input through the whole
// per-document pipeline gives a document or a rejection with a reason, with consistent offsets.
// (Throughput and its linearity are measured by `npm run bench`, not here.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanString } from '../src/build.ts';
import type { SegmentedDoc } from '../src/pipeline/types.ts';

function checkConsistent(doc: SegmentedDoc) {
  for (const b of doc.blocks) expect(doc.text.slice(b.start, b.end)).toBe(b.text);
  for (const p of doc.passages) {
    expect(doc.text.slice(p.start, p.end)).toBe(p.text);
    for (const s of p.sentences) expect(s.start >= p.start && s.end <= p.end && s.start < s.end).toBe(true);
  }
  for (const r of doc.removed) expect(r.rawStart <= r.rawEnd && r.rawEnd <= doc.raw.length).toBe(true);
}

async function clean(text: string, name: string) {
  const r = await cleanString(text, name);
  if ('blocks' in r) checkConsistent(r);
  else expect(r.reason).toMatch(/\S/);
  return r;
}

/** Fragments of the structures the profiles key on, so random input reaches their rules. */
const fragment = fc.constantFrom(
  '[ edit ]', ' v t e ', '[ 12 ]', '[ a ]', '[ citation needed ]', '^ ', '\n\n', '\n', 'From Wikipedia, the free encyclopedia',
  'Main article: ', 'This article needs additional citations', '( March 2023 )', 'Cite this paper', 'Works Cited', 'Gray: No data ',
  '<div>', '</div>', '<p>', '</p>', '<script>', '<nav>', '# ', '- ', '> ', '---\n', '"', ' , ', '(', ')', 'The ', 'Human trafficking ',
);
const mixed = fc.array(fc.oneof(fragment, fc.string(), fc.string({ unit: 'grapheme' })), { maxLength: 60 }).map((a) => a.join(''));

describe('cleaning is total', () => {
  for (const name of ['doc.txt', 'doc.md', 'doc.html']) {
    it(`gives a document or a reason for any input (${name})`, async () => {
      await fc.assert(
        fc.asyncProperty(mixed, async (text) => {
          await clean(text, name);
        }),
        { numRuns: 150 },
      );
    });
  }
});

describe('adversarial input finishes', () => {
  it.each([
    ['10 MB of one repeated line', 'Click here to subscribe to our newsletter today.\n'.repeat(210_000), 'a.txt'],
    ['one 4 MB line without newlines', 'word and another word, '.repeat(180_000), 'b.txt'],
    ['only punctuation', '.,;:!?()[]"\'-'.repeat(200_000), 'c.txt'],
    ['deeply nested HTML', `<html><body>${'<div>'.repeat(20_000)}<p>Deep text that is a sentence.</p>${'</div>'.repeat(20_000)}</body></html>`, 'd.html'],
    ['unclosed HTML tags', '<p>text <b>bold <i>italic <div>'.repeat(50_000), 'e.html'],
    ['thousands of edit links and navbox ends', `From Wikipedia, the free encyclopedia\n${'Heading [ edit ] text v t e [ 1 ] '.repeat(50_000)}`, 'f.txt'],
    ['a long Markdown list', '- item text here\n'.repeat(20_000), 'g.md'],
  ])('%s', async (_what, text, name) => {
    const r = await clean(text, name);
    expect(r).toBeTruthy();
  });
});
