import { describe, expect, it } from 'vitest';
import { essaySite } from '../src/profiles/essay-site.ts';
import { lineBlocks, plainText } from '../src/profiles/plain-text.ts';
import { docFrom, joined, seedDoc, seedText, SEEDS } from './helpers.ts';

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
