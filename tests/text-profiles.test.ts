import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanFiles } from '../src/build.ts';
import { scoreDocument } from '../src/eval/shingles.ts';
import { essayFamily, essaySite } from '../src/profiles/essay-site.ts';
import { lineBlocks, plainText } from '../src/profiles/plain-text.ts';
import { docFrom, joined, ROOT, seedDoc, seedText, SEEDS } from './helpers.ts';

describe('essay-site profile on 000', () => {
  const r = essaySite.strip(seedDoc(SEEDS.essay));
  const text = joined(r.blocks);
  it('keeps the essay with its title and headings', () => {
    expect(r.title).toBe('Immigrants as Human Trafficking Victims');
    expect(r.blocks[0]!.type).toBe('title');
    expect(r.blocks.filter((b) => b.type === 'heading').map((b) => b.text)).toEqual([
      'Problem Statement',
      'Global Actors',
      'The success of Global Actors',
      'Alternative Solutions',
    ]);
    expect(text).toContain('It will go a long way towards curbing the crime.');
    expect(r.blocks.filter((b) => b.type === 'paragraph')).toHaveLength(13);
  });

  it('drops the cite-this-paper block and Works Cited', () => {
    for (const needle of ['Cite this paper', 'Select a referencing style', 'Click to copy', 'Removal Request', 'fellow student', 'Works Cited', 'AssignZen']) {
      expect(text).not.toContain(needle);
    }
    const rules = r.removed.map((x) => x.rule);
    expect(rules).toEqual(['bibliography', 'essay-site:citation-block']);
  });

  it('keeps the five works cited as references', () => {
    expect(r.references.map((x) => x.raw.slice(0, 12))).toEqual(['Ahn, Roy, et', 'Efrat, Asif.', 'Hernandez, D', 'Orme, Julie,', 'Roots, Katri']);
  });

  it('finds the same block on another essay site', () => {
    const other = [
      'Why Borders Matter',
      '',
      'Borders are where trafficking is most visible, and where it can be stopped.',
      '',
      'Reference',
      '',
      'StudyCorgi. (2022, May 3). Why Borders Matter.',
      '',
      'Copy to clipboard',
      '',
      'This essay on Why Borders Matter was written and submitted by your fellow student.',
      '',
      'Need a custom essay on the same topic?',
    ].join('\n');
    const res = essaySite.strip(docFrom(other));
    expect(essaySite.detect(docFrom(other))).toBeGreaterThanOrEqual(0.5);
    expect(joined(res.blocks)).toBe('Why Borders Matter\nBorders are where trafficking is most visible, and where it can be stopped.');
  });
});

describe('plain text', () => {
  it('reads 002: no title, headings, "- " list items', () => {
    const r = plainText.strip(seedDoc(SEEDS.policy));
    expect(r.title).toBeNull();
    expect(r.blocks[0]!.type).toBe('paragraph');
    const items = r.blocks.filter((b) => b.type === 'list-item').map((b) => b.text);
    expect(items).toContain('Prove they were a victim of human trafficking.');
    expect(items).toContain('T Visa (United States)');
    expect(r.blocks.filter((b) => b.type === 'heading').map((b) => b.text)).toContain('Preventing Human Trafficking at Borders');
    expect(r.removed).toEqual([]);
  });

  it('reads 003: title line, headings on their own lines, nothing removed', () => {
    const r = plainText.strip(seedDoc(SEEDS.wikiOld));
    expect(r.title).toBe('Human trafficking');
    expect(r.blocks.filter((b) => b.type === 'heading').length).toBeGreaterThan(40);
    expect(r.removed).toEqual([]);
    const rawWords = seedText(SEEDS.wikiOld).split(/\s+/).filter(Boolean).length;
    expect(joined(r.blocks).split(/\s+/).filter(Boolean).length).toBe(rawWords);
  });

  it('joins hard-wrapped lines into one paragraph', () => {
    const wrapped = 'A title\n\nThis paragraph was wrapped at a fixed width by the tool that\nsaved it, so its lines must be joined into one block again.\n';
    const blocks = lineBlocks(wrapped);
    expect(blocks.map((b) => b.type)).toEqual(['title', 'paragraph']);
    expect(blocks[1]!.text).toBe('This paragraph was wrapped at a fixed width by the tool that saved it, so its lines must be joined into one block again.');
  });
});

describe('essay-site pages in general', () => {
  const dir = path.join(ROOT, 'tests/fixtures/clean/samples');
  const essays = readdirSync(dir).filter((f) => f.startsWith('essay-') && !f.includes('.gold.'));
  const sample = (name: string) => docFrom(readFileSync(path.join(dir, name), 'utf8'));

  it('has samples of at least four layouts', () => expect(essays.length).toBeGreaterThanOrEqual(4));
  for (const f of essays) {
    it(`${f}: claimed by essay-site, site block gone, F1 >= 0.97 against its gold`, async () => {
      expect(essaySite.detect(sample(f))).toBeGreaterThanOrEqual(0.75);
      const { documents } = await cleanFiles([path.join(dir, f)]);
      const doc = documents[0]!;
      expect(doc.profile).toBe('essay-site');
      const text = doc.blocks.map((b) => b.text).join('\n');
      for (const needle of [/\bCopy\b/, /cite this/i, /written and submitted|was submitted by/i, /removal/i, /custom (essay|paper)/i, /^(APA|MLA|Harvard|Chicago)$/m, /writers online/i]) {
        expect(text).not.toMatch(needle);
      }
      const gold = readFileSync(path.join(dir, f.replace(/\.txt$/, '.gold.txt')), 'utf8');
      expect(scoreDocument(text, gold).f1).toBeGreaterThanOrEqual(0.97);
    });
  }

  it('names each line of the family', () => {
    expect(essayFamily('Cite this essay')).toBe('cite-header');
    expect(essayFamily('To export a reference to this article please select a referencing style below:')).toBe('cite-header');
    expect(essayFamily('APA-7')).toBe('style-label');
    expect(essayFamily('Chicago (N-B)')).toBe('style-label');
    expect(essayFamily('Copy to clipboard')).toBe('copy');
    expect(essayFamily('This paper on Asylum was written and submitted to our database by a student.')).toBe('submitted');
    expect(essayFamily('DMCA / Removal Request')).toBe('removal');
    expect(essayFamily('Need a custom essay on the same topic?')).toBe('custom-essay');
    expect(essayFamily('121 writers online')).toBe('ad');
    expect(essayFamily('Similar papers')).toBe('related');
    expect(essayFamily('Words: 1184 Pages: 4')).toBe('meta');
    expect(essayFamily('Updated: Nov 4th, 2023')).toBe('meta');
    // The essay's own bibliography headings are not the site's labels.
    expect(essayFamily('References')).toBeNull();
    expect(essayFamily('Works Cited')).toBeNull();
    expect(essayFamily('Need for reform is urgent, as the custom of the region shows.')).toBeNull();
  });

  it('reads the header: word and page counts become metadata, the table of contents goes', () => {
    const header = essaySite.strip(sample('essay-wordcount-header.txt'));
    expect(header.metadata).toMatchObject({ words: 1184, pages: 4, updated: 'Nov 4th, 2023' });
    expect(header.references).toHaveLength(2);
    const toc = essaySite.strip(sample('essay-breadcrumb-toc.txt'));
    expect(toc.removed.filter((x) => x.rule === 'essay-site:toc')).toHaveLength(7);
    expect(toc.blocks.filter((b) => b.text === 'Introduction')).toHaveLength(1);
    expect(toc.references).toHaveLength(3);
    const label = essaySite.strip(sample('essay-sample-label.txt'));
    expect(label.title).toBe('Climate Change as a Driver of Migration');
    expect(label.removed.map((x) => x.rule)).toContain('essay-site:title-label');
  });

  it('cuts the trailing block only where the essay has ended, not at a family line near the top', () => {
    const para = 'Students who write about migration often start from statistics, but the people behind the numbers tell a more complicated story about work, debt and family.';
    const raw = ['A Title For The Essay', 'Cite this essay', '', para, '', para.replace('Students', 'Teachers'), '', 'Cite this essay', 'APA', 'Copy', 'This essay on A Title For The Essay was written and submitted by your fellow student.'].join('\n');
    const r = essaySite.strip(docFrom(raw));
    expect(joined(r.blocks)).toBe(['A Title For The Essay', para, para.replace('Students', 'Teachers')].join('\n'));
    expect(r.removed.map((x) => x.rule)).toEqual(['essay-site:cite-header', 'essay-site:citation-block']);
  });

  it('is strict: a journal page or an article that talks about essays is not claimed', () => {
    const journal = ['Trafficking and the law', '', 'A long article body that discusses the law on trafficking in detail, with its history.', '', 'Cite this article', 'Copy to clipboard', 'Download citation'].join('\n');
    expect(essaySite.detect(docFrom(journal))).toBe(0);
    const article = 'This essay was written by a student for a class on migration law, and it argues that visas matter.\n\nRelated essays are listed below the article on most university sites.';
    expect(essaySite.detect(docFrom(article))).toBe(0);
    for (const f of readdirSync(dir).filter((x) => x.startsWith('generic-') && !x.includes('.gold.'))) {
      expect(essaySite.detect(sample(f))).toBeLessThan(0.5);
    }
  });
});
