import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanFiles } from '../src/build.ts';
import { scoreDocument } from '../src/eval/shingles.ts';
import { markdown } from '../src/profiles/markdown.ts';
import type { StripContext } from '../src/profiles/profile.ts';
import { docFrom, joined, ROOT } from './helpers.ts';

const strip = (md: string, context?: StripContext) => markdown.strip(docFrom(md, 'markdown'), context);
const rulesOf = (r: ReturnType<typeof strip>) => r.removed.map((x) => x.rule);
const slices = (md: string, r: ReturnType<typeof strip>, rule: string) => r.removed.filter((x) => x.rule === rule).map((x) => md.slice(x.rawStart, x.rawEnd));

const PROSE = 'Recruiters who charge workers for a job offer leave them in debt before they have earned anything, which makes them easy to control.';

describe('markdown chrome', () => {
  it('drops badge lines at the top and takes the first h1 as the title', () => {
    const md = [
      '[![Build](https://img.shields.io/badge/build-passing-green.svg)](https://ci.example.org) [![npm](https://img.shields.io/npm/v/x.svg)](https://npmjs.com/x)',
      '![License](https://img.shields.io/badge/license-MIT-blue.svg)',
      '',
      '# Fairwork',
      '',
      PROSE,
    ].join('\n');
    const r = strip(md);
    expect(r.title).toBe('Fairwork');
    expect(r.blocks.map((b) => [b.type, b.text])).toEqual([
      ['title', 'Fairwork'],
      ['paragraph', PROSE],
    ]);
    expect(rulesOf(r)).toEqual(['markdown:badges']);
    expect(slices(md, r, 'markdown:badges')[0]).toMatch(/^\[!\[Build\].*license-MIT-blue\.svg\)$/s);
  });

  it('drops a table of contents (links to in-page anchors, nested too) with its heading, and back-to-top links', () => {
    const md = [
      '# Guide',
      '',
      '## Table of Contents',
      '',
      '- [Why](#why)',
      '- [Usage](#usage)',
      '  - [Options](#options)',
      '',
      '## Why',
      '',
      PROSE,
      '',
      '**[⬆ back to top](#table-of-contents)**',
      '',
      '[Back to top](#guide)',
    ].join('\n');
    const r = strip(md);
    expect(joined(r.blocks)).toBe(['Guide', 'Why', PROSE].join('\n'));
    expect(rulesOf(r)).toEqual(['markdown:toc', 'markdown:toc', 'markdown:back-to-top', 'markdown:back-to-top']);
  });

  it('keeps a list of links that carry prose, and drops a list of bare links (a menu)', () => {
    const md = [
      PROSE,
      '',
      '- [Home](/)',
      '- [Research](/research)',
      '- [About us](/about)',
      '',
      // A different marker starts a second list (CommonMark).
      '* [The ILO report](https://ilo.org/report) shows that forced labour generates billions in profits every year.',
      '* [A 2019 study](https://example.org/study) found that most victims were recruited by someone they knew.',
      '* [Walk Free](https://walkfree.org)',
    ].join('\n');
    const r = strip(md);
    expect(rulesOf(r)).toEqual(['markdown:link-list']);
    expect(r.blocks.filter((b) => b.type === 'list-item').map((b) => b.text)).toEqual([
      'The ILO report shows that forced labour generates billions in profits every year.',
      'A 2019 study found that most victims were recruited by someone they knew.',
      'Walk Free',
    ]);
  });

  it('records link definitions, HTML comments, raw HTML blocks and code (with its language) as removed', () => {
    const md = ['<!-- draft -->', '', '<p align="center"><img src="logo.png"></p>', '', PROSE, '', '```js', 'check(ad);', '```', '', '    indented code', '', '[ilo]: https://ilo.org', ''].join('\n');
    const r = strip(md);
    expect(joined(r.blocks)).toBe(PROSE);
    expect(r.removed.map((x) => [x.rule, x.detail])).toEqual([
      ['markdown:html', 'comment'],
      ['markdown:html', 'raw HTML block'],
      ['markdown:code', 'lang=js'],
      ['markdown:code', 'no language'],
      ['markdown:link-definition', undefined],
    ]);
  });

  it('keeps inline code and link text but not image alt text or inline HTML', () => {
    const r = strip('Call `check()` on the [advert](https://x.org) ![a screenshot of the form](shot.png) before<br>you apply.');
    expect(joined(r.blocks).replace(/\s+/g, ' ')).toBe('Call check() on the advert before you apply.');
  });

  it('drops a data table and keeps a prose table as one paragraph per row', () => {
    const md = [
      '## Figures',
      '',
      '| Province | Kilns | In debt |',
      '|---|---:|:---:|',
      '| North | 42 | 61% |',
      '| South | 51 | 48% |',
      '',
      '## Options',
      '',
      '| Option | Description |',
      '| --- | --- |',
      '| `strict` | Report weak signals too, such as vague job titles. |',
      '| `limit` | 20 |',
    ].join('\n');
    const r = strip(md);
    // The first section had nothing left but its heading: it goes too.
    expect(r.blocks.map((b) => [b.type, b.text])).toEqual([
      ['heading', 'Options'],
      ['paragraph', 'strict; Report weak signals too, such as vague job titles.'],
    ]);
    expect(r.blocks[1]!.decision).toBe('markdown:table-row (a cell is prose)');
    expect(rulesOf(r).filter((x) => x === 'markdown:table')).toHaveLength(5);
    expect(rulesOf(r)).toContain('markdown:empty-section');
    expect(md.slice(r.blocks[1]!.rawStart, r.blocks[1]!.rawEnd)).toBe('| `strict` | Report weak signals too, such as vague job titles. |');
  });

  it('strips footnote markers and definitions, task-list boxes, admonition fences and MDX imports', () => {
    const md = [
      "import Tabs from '@theme/Tabs';",
      '',
      `${PROSE}[^1]`,
      '',
      '- [x] Check the licence of the agency.',
      '- [ ] Keep a copy of the contract.',
      '',
      ':::tip',
      'You can report anonymously.',
      ':::',
      '',
      '[^1]: Field survey, 2024.',
    ].join('\n');
    const r = strip(md);
    expect(joined(r.blocks)).toBe([PROSE, 'Check the licence of the agency.', 'Keep a copy of the contract.', 'You can report anonymously.'].join('\n'));
    expect(rulesOf(r)).toEqual(['markdown:mdx', 'markdown:footnote-marker', 'markdown:footnote']);
    expect(slices(md, r, 'markdown:footnote-marker')).toEqual(['[^1]']);
  });

  it('drops chrome paragraphs and headings by their vocabulary, and lines repeated across the corpus', () => {
    const md = [PROSE, '', '### Related articles', '', '*Share this post:* [Twitter](https://t.co/x) · [Email](mailto:x)', '', 'Tags: migration, labour', '', 'Example Observatory, London'].join('\n');
    const context: StripContext = { lineDocumentCount: (l) => (l.startsWith('Example Observatory') ? 4 : 1), documents: 8, repeatedLineMinDocs: 3 };
    const r = strip(md, context);
    expect(joined(r.blocks)).toBe(PROSE);
    expect(r.removed.map((x) => x.detail ?? '')).toEqual(['family=more-links', 'family=share', 'family=taxonomy', 'documents=4']);
  });

  it('takes the title from front matter when there is no h1, and keeps the metadata', () => {
    const r = strip(['---', 'title: Seasonal work', 'tags: [visas]', '---', '', '## Tied visas', '', PROSE].join('\n'));
    expect(r.metadata).toEqual({ title: 'Seasonal work', tags: ['visas'] });
    expect(r.blocks.map((b) => [b.type, b.text])).toEqual([
      ['title', 'Seasonal work'],
      ['heading', 'Tied visas'],
      ['paragraph', PROSE],
    ]);
  });

  it('flattens nested lists into list items and blockquotes into quotes', () => {
    const r = strip(['- Workers may change employers.', '  - Within the same sector.', '- Fees are banned.', '', '> Every complaint is a gamble.'].join('\n'));
    expect(r.blocks.map((b) => [b.type, b.text])).toEqual([
      ['list-item', 'Workers may change employers.'],
      ['list-item', 'Within the same sector.'],
      ['list-item', 'Fees are banned.'],
      ['quote', 'Every complaint is a gamble.'],
    ]);
  });

  it('does not throw on odd input and stays fast on large input', () => {
    for (const md of ['', '|||', '```\nunclosed fence', '# ', '---\n: bad: yaml: [\n---\ntext', '[^1]:', '<!--', '| a |\n|---|', ':::']) {
      expect(() => strip(md)).not.toThrow();
    }
    const t = performance.now();
    const big = strip(`${PROSE}[^1] `.repeat(2000) + '\n\n' + '| a | 1 |\n'.repeat(10) + '\n' + '- [A](#a)\n'.repeat(500));
    expect(big.blocks.length).toBeGreaterThan(0);
  }, 60000);
});

describe('Markdown samples (tests/fixtures/clean/samples/md-*)', () => {
  const dir = path.join(ROOT, 'tests/fixtures/clean/samples');
  const files = readdirSync(dir).filter((f) => f.startsWith('md-') && f.endsWith('.md'));
  it('has at least three samples', () => expect(files.length).toBeGreaterThanOrEqual(3));
  for (const f of files) {
    it(`${f}: markdown profile, F1 >= 0.97 against its gold`, async () => {
      const { documents } = await cleanFiles([path.join(dir, f)]);
      const doc = documents[0]!;
      expect(doc.profile).toBe('markdown');
      const lines = doc.blocks.map((b) => b.text);
      const gold = readFileSync(path.join(dir, f.replace(/\.md$/, '.gold.txt')), 'utf8');
      expect(scoreDocument(lines.join('\n'), gold).f1).toBeGreaterThanOrEqual(0.97);
      // No Markdown syntax leaks into the text.
      for (const line of lines) expect(line).not.toMatch(/\]\(|^#{1,6} |^[-*] |^> |!\[|<!--|\[\^/);
    });
  }
});
