import { describe, expect, it } from 'vitest';
import { parseToc, sentenceStartAfterFragment, stripWikipediaDump } from '../src/profiles/wikipedia-dump.ts';
import { normalise } from '../src/stages/normalise.ts';
import { joined, runStage, seedDoc, seedText, SEEDS } from './helpers.ts';

const raw = seedText(SEEDS.wikiDump);
const result = stripWikipediaDump(seedDoc(SEEDS.wikiDump, 'wikipedia-dump'));
const text = joined(result.blocks);
const normalised = runStage(normalise, {}, { ...seedDoc(SEEDS.wikiDump), ...result });
const cleanText = joined(normalised.blocks);

describe('wikipedia dump: structure', () => {
  it('reads the table of contents with its numbering', () => {
    const toc = parseToc(raw.slice(0, raw.indexOf('\n')));
    expect(toc.slice(0, 4).map((e) => e.title)).toEqual(['Definition', 'Prevalence', 'Overview', 'Types of trafficking']);
    expect(toc.find((e) => e.number === '6.1.1')).toMatchObject({ title: 'Short-term impact', depth: 4 });
    expect(toc.find((e) => e.number === '8.3.5')?.title).toBe('"End Demand" programs');
    expect(toc[toc.length - 1]!.title).toBe('External links');
  });

  it('takes the title from the navigation and headings from "[ edit ]"', () => {
    expect(result.title).toBe('Human trafficking');
    const headings = result.blocks.filter((b) => b.type === 'heading').map((b) => b.text);
    expect(headings.slice(0, 5)).toEqual(['Definition', 'Prevalence', 'Overview', 'Types of trafficking', 'Trafficking of children']);
    expect(headings).toContain('Social norms');
    expect(headings).not.toContain('See also');
    expect(headings).not.toContain('References');
  });

  it('finds where a sentence starts after a hatnote target or a caption', () => {
    const s = 'Main article: Forced marriage A forced marriage is a marriage where one';
    expect(s.slice(sentenceStartAfterFragment(s, 14, s.length, 'hatnote'))).toMatch(/^A forced marriage/);
    const c = 'World Day Against Trafficking In Persons The UN Protocol to Prevent';
    expect(c.slice(sentenceStartAfterFragment(c, 0, c.length, 'caption'))).toMatch(/^The UN Protocol/);
    const p = 'According to the 2018 editions of the annual Trafficking in Persons Reports issued by the State Department.';
    expect(sentenceStartAfterFragment(p, 0, p.length, 'caption')).toBe(-1);
  });
});

describe('wikipedia dump: chrome removed', () => {
  it.each([
    ['navigation', 'Jump to content'],
    ['the encyclopedia line', 'From Wikipedia, the free encyclopedia'],
    ['the language list', '78 languages'],
    ['banners', 'This article needs to be updated'],
    ['banner dates', '( January 2025 )'],
    ['banner removal links', 'Learn how and when to remove'],
    ['sidebars', 'Part of a series on'],
    ['navboxes', 'v t e'],
    ['hatnotes', 'Main article:'],
    ['hatnotes (see also)', 'See also: Child harvesting'],
    ['hatnotes (top)', 'For the television show'],
    ['edit links', '[ edit ]'],
    ['captions', 'World Day Against Trafficking In Persons'],
    ['captions (diagram)', 'Diagram showing number of persons'],
    ['captions (before a heading)', 'Convicts leased to harvest timber'],
    ['captions (before a hatnote)', 'Preity Zinta at ACT'],
    ['legends', 'Gray: No data'],
    ['legends (tiers)', 'Blue – Tier 1'],
    ['legends (numeric)', '<0.10 0.10–0.5'],
    ['references', 'Retrieved 22 March 2011'],
    ['see also lists', 'Abusive power and control'],
    ['external links', 'Library resources about'],
    ['parser report', 'NewPP limit report'],
    ['categories', 'Hidden categories'],
    ['footer', 'Privacy policy'],
  ])('drops %s', (_what, needle) => {
    expect(text).not.toContain(needle);
  });

  it('drops every citation marker', () => {
    expect(cleanText).not.toMatch(/\[ ?\d+ ?\]/);
    expect(cleanText).not.toMatch(/\[ ?[a-z] ?\]/);
  });

  it('records what it removed, by rule, at raw offsets', () => {
    const rules = new Set(result.removed.map((r) => r.rule));
    for (const rule of ['wiki:navigation', 'wiki:banner', 'wiki:navbox', 'wiki:hatnote', 'wiki:caption', 'wiki:citation-marker', 'wiki:edit-link', 'wiki:section:references']) {
      expect(rules).toContain(rule);
    }
    const nav = result.removed.find((r) => r.rule === 'wiki:navigation')!;
    expect(raw.slice(nav.rawStart, nav.rawEnd)).toMatch(/^Jump to content.*From Wikipedia, the free encyclopedia$/s);
    for (const r of result.removed.filter((x) => x.rule === 'wiki:citation-marker')) expect(raw.slice(r.rawStart, r.rawEnd)).toMatch(/^\[ ?[^\]]+ ?\]$/);
  });
});

describe('wikipedia dump: body kept', () => {
  it.each([
    'Human trafficking is the act of recruiting, transporting, transferring, harboring, or receiving individuals',
    'Human trafficking is widely condemned as a violation of human rights',
    'The UN Protocol to Prevent, Suppress and Punish Trafficking in Persons',
    '(d) "Child" shall mean any person under eighteen years of age.',
    'In 2012, the ILO estimated that 21 million victims are trapped in modern-day slavery.',
    'According to the Global Estimates (2021), an estimated amount of 50 million people are living in "modern-day slavery" across the globe.',
    'In 2024, the National Human Trafficking Hotline received approximately 2,000 reports',
    'Trafficking in organs is a form of human trafficking.',
    'Most fraud factories operate in Southeast Asia',
    'Aid in the tracking of cases with inter-state ramifications.',
    'Provide connection to "Trackchild", the National Portal on Missing Children',
    'On 4 November 2010, U.N. Secretary-General Ban Ki-moon launched',
    'In 2002, Derek Ellerman and Katherine Chon founded a non-government organization called the Polaris Project',
    'It is generally regarded by feminists that various social norms contribute',
  ])('keeps "%s"', (sentence) => {
    expect(cleanText).toContain(sentence);
  });

  it('rejoins paragraphs the dump split at a citation group', () => {
    expect(cleanText).toContain('non-governmental organizations. Human trafficking can occur both within a single country');
  });

  it('turns the reference list into references, one per "^" entry', () => {
    expect(result.references.length).toBeGreaterThan(200);
    expect(result.references[1]!.raw).toMatch(/^Zimmerman, Cathy; Kiss, Ligia \(2017\)\. "Human trafficking and exploitation/);
    for (const r of result.references) expect(raw.slice(r.rawStart, r.rawEnd).startsWith('^')).toBe(true);
  });
});
