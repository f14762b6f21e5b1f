import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreDocument } from '../src/eval/shingles.ts';
import { parseToc, sentenceStartAfterFragment, stripWikipediaDump } from '../src/profiles/wikipedia-dump.ts';
import { normalise } from '../src/stages/normalise.ts';
import { docFrom, joined, ROOT, runStage, seedDoc, seedText, SEEDS } from './helpers.ts';

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

// Composed dumps of other articles (tests/fixtures/clean/samples/wiki-*.txt, each with its gold
// text): the rules must hold for any article in the dump format, not just the seed.
const SAMPLES = path.join(ROOT, 'tests/fixtures/clean/samples');
const sampleNames = readdirSync(SAMPLES)
  .filter((f) => f.startsWith('wiki-') && f.endsWith('.txt') && !f.includes('.gold.'))
  .map((f) => f.replace(/\.txt$/, ''))
  .sort();

function cleanDump(raw: string, id = 'fixture') {
  const doc = docFrom(raw, 'text', id);
  const stripped = stripWikipediaDump(doc);
  const clean = runStage(normalise, {}, { ...doc, ...stripped });
  return { raw, stripped, clean, text: joined(clean.blocks) };
}
const sample = (name: string) => cleanDump(readFileSync(path.join(SAMPLES, `${name}.txt`), 'utf8'), name);
const gold = (name: string) => readFileSync(path.join(SAMPLES, `${name}.gold.txt`), 'utf8');

describe('wikipedia dump: other articles', () => {
  it('has composed samples of at least eight other articles', () => {
    expect(sampleNames.length).toBeGreaterThanOrEqual(8);
  });

  it.each(sampleNames)('%s cleans to its gold text (word 4-gram F1 >= 0.95)', (name) => {
    const { text } = sample(name);
    expect(scoreDocument(text, gold(name)).f1).toBeGreaterThanOrEqual(0.95);
  });

  it('scores the seed against its gold text', () => {
    const goldSeed = readFileSync(path.join(ROOT, 'tests/fixtures/clean/seeds', `${SEEDS.wikiDump}.txt`), 'utf8');
    expect(scoreDocument(joined(normalised.blocks), goldSeed).f1).toBeGreaterThanOrEqual(0.97);
  });

  it.each([
    // infoboxes (key-value runs before the lead)
    ['wiki-florence-nightingale', 'Resting place'],
    ['wiki-florence-nightingale', 'Known for Pioneering'],
    ['wiki-tardigrade', 'Scientific classification'],
    ['wiki-vltava', 'Basin size'],
    ['wiki-foxcombe', 'OS grid reference'],
    ['wiki-kettle-valley-marathon', 'Course records'],
    ['wiki-battle-of-naseby', 'Casualties and losses'],
    // coordinates
    ['wiki-foxcombe', '51°0′N'],
    // tables flattened into text
    ['wiki-florence-nightingale', '25,018'],
    ['wiki-kettle-valley-marathon', '2:31:15'],
    ['wiki-vltava', '8,855'],
    // hatnotes of every kind
    ['wiki-florence-nightingale', 'redirects here'],
    ['wiki-florence-nightingale', 'Not to be confused with'],
    ['wiki-florence-nightingale', 'For other uses'],
    ['wiki-florence-nightingale', 'Main articles:'],
    ['wiki-florence-nightingale', 'See also: Selimiye'],
    ['wiki-florence-nightingale', 'Further information:'],
    ['wiki-vltava', 'This article is about'],
    ['wiki-battle-of-naseby', 'Siege of Oxford, and Siege of Leicester In'],
    // banners: multiple issues with sub-banners, too long, primary sources, empty section, section citations, neutrality
    ['wiki-florence-nightingale', 'has multiple issues'],
    ['wiki-florence-nightingale', 'may be too long'],
    ['wiki-florence-nightingale', 'Find sources'],
    ['wiki-participatory-budgeting', 'relies excessively'],
    ['wiki-participatory-budgeting', 'This section is empty'],
    ['wiki-vltava', 'needs additional citations'],
    ['wiki-leave-no-trace', 'neutrality of this section'],
    ['wiki-kettle-valley-marathon', 'list of general references'],
    ['wiki-battle-of-naseby', 'needs expansion'],
    ['wiki-tardigrade', 'original research'],
    ['wiki-participatory-budgeting', '(July 2023)'],
    ['wiki-vltava', 'Learn how and when to remove'],
    // sidebars and navboxes: chained, "Part of the X series", in a section, in mid-article, campaign box
    ['wiki-participatory-budgeting', 'Part of the Politics series'],
    ['wiki-participatory-budgeting', 'Public finance Policy'],
    ['wiki-participatory-budgeting', 'Part of a series on Participation'],
    ['wiki-vltava', 'Lipno II'],
    ['wiki-battle-of-naseby', 'Edgehill Brentford'],
    ['wiki-sourdough', 'Part of a series on Bread'],
    // captions: after a heading, glued mid-paragraph, Title Case, before a heading, with a full stop, several in a row
    ['wiki-florence-nightingale', 'in a drawing of 1840'],
    ['wiki-florence-nightingale', 'lithograph by William Simpson'],
    ['wiki-florence-nightingale', 'The Lady With The Lamp'],
    ['wiki-florence-nightingale', 'Polar area diagram'],
    ['wiki-battle-of-naseby', 'erected in 1936'],
    ['wiki-battle-of-naseby', 'Royalist commander'],
    ['wiki-participatory-budgeting', 'Residents Voting On Projects'],
    ['wiki-tardigrade', 'in its active state'],
    ['wiki-leave-no-trace', 'A Cathole Trowel'],
    // legends
    ['wiki-vltava', 'Red: Main stream'],
    ['wiki-participatory-budgeting', '5–10%'],
    // stub notice and footers
    ['wiki-foxcombe', 'is a stub'],
    ['wiki-foxcombe', 'This page was last edited'],
    ['wiki-tardigrade', 'NewPP limit report'],
    ['wiki-tardigrade', 'Taxon identifiers'],
    ['wiki-gallium', 'Authority control'],
    // end sections
    ['wiki-florence-nightingale', 'Woodham-Smith'],
    ['wiki-leave-no-trace', 'Soft Paths'],
    ['wiki-participatory-budgeting', 'Inventing Local Democracy'],
  ])('%s: drops "%s"', (name, needle) => {
    expect(sample(name).text).not.toContain(needle);
  });

  it('drops citation markers of every form, and keeps brackets that are text', () => {
    const all = sampleNames.map((n) => sample(n).text).join('\n');
    for (const m of ['[12]', '[30]', '[a]', '[b]', '[note 1]', '[nb 1]', '[citation needed]', '[better source needed]', '[clarification needed]', '[when?]', '[dubious – discuss]', '[page needed]', '[original research?]']) {
      expect(all).not.toContain(m);
    }
    expect(all).not.toMatch(/\[ ?\d+ ?\]/);
    expect(all).not.toMatch(/: ?(?:37|112|212)\b/); // page numbers after a citation ("[ 12 ] : 37")
    expect(sample('wiki-vltava').text).toContain('[ˈvl̩tava]');
    expect(cleanText).toContain('[...]');
    expect(cleanText).toContain('[Union Territories]');
  });

  it.each([
    ['wiki-florence-nightingale', 'Florence Nightingale OM RRC DStJ (12 May 1820 – 13 August 1910) was an English social reformer'],
    ['wiki-florence-nightingale', 'set up the Nightingale Training School at St. Thomas\' Hospital on 9 July 1860.'],
    ['wiki-florence-nightingale', 'Nightingale arrived early in November 1854 at Selimiye Barracks in Scutari.'],
    ['wiki-florence-nightingale', 'Nursing is an art: and if it is to be made an art'],
    ['wiki-vltava', 'The Vltava (Czech pronunciation: [ˈvl̩tava] ⓘ; German: Moldau [ˈmɔldaʊ] ⓘ) is the longest river'],
    ['wiki-vltava', 'The Vltava is formed by the confluence of two headwaters'],
    ['wiki-vltava', 'Together these five rivers contribute more than two thirds'],
    ['wiki-vltava', 'The reservoirs are also used for recreation'],
    ['wiki-tardigrade', 'Tardigrades (/ ˈ t ɑːr d ɪ ɡ r eɪ d /), known colloquially as water bears'],
    ['wiki-tardigrade', 'Tardigrades have a cuticle made of chitin'],
    ['wiki-foxcombe', 'Foxcombe is a small village and civil parish'],
    ['wiki-kettle-valley-marathon', 'The Kettle Valley Marathon is an annual marathon'],
    ['wiki-kettle-valley-marathon', 'Runners from Kenya have won the men\'s race nine times'],
    ['wiki-battle-of-naseby', 'The Battle of Naseby took place on 14 June 1645'],
    ['wiki-leave-no-trace', 'Leave No Trace is a set of outdoor ethics'],
    ['wiki-leave-no-trace', 'A thing is right when it tends to preserve the integrity, stability, and beauty of the biotic community.'],
    ['wiki-leave-no-trace', 'Plan ahead and prepare Travel and camp on durable surfaces'],
    ['wiki-participatory-budgeting', 'Participatory budgeting (PB) is a type of citizen sourcing'],
    ['wiki-participatory-budgeting', 'Studies of the Brazilian cases found'],
    ['wiki-sourdough', 'Compared with bread made with baker\'s yeast, sourdough has a lower glycemic index.'],
  ])('%s: keeps "%s"', (name, sentence) => {
    expect(sample(name).text).toContain(sentence);
  });

  it('takes the title from the navigation, or from the permalink when there is no table of contents', () => {
    expect(sample('wiki-vltava').stripped.title).toBe('Vltava');
    expect(sample('wiki-foxcombe').stripped.title).toBe('Foxcombe');
    const noNav = cleanDump(readFileSync(path.join(SAMPLES, 'wiki-foxcombe.txt'), 'utf8').replace(/Contributions Talk Foxcombe Add languages/, 'Contributions Talk'));
    expect(noNav.stripped.title).toBe('Foxcombe');
  });

  it('finds headings with and without a table of contents, with their levels', () => {
    const headings = (name: string) => sample(name).stripped.blocks.filter((b) => b.type === 'heading').map((b) => [b.text, b.depth]);
    expect(headings('wiki-foxcombe')).toEqual([['Church', 2]]);
    expect(headings('wiki-florence-nightingale')).toEqual([
      ['Early life', 2], ['Career', 2], ['Nursing in London', 3], ['Crimean War', 3], ['Later career', 3], ['Statistics and sanitary reform', 4],
      ['Selected works', 3], ['Legacy', 2], ['Memorials', 3],
    ]);
    // The empty section's heading stays (its banner goes).
    expect(headings('wiki-participatory-budgeting').map((h) => h[0])).toContain('Funding');
  });

  it('emits the items of lists flattened by the dump as list items', () => {
    const items = (name: string) => sample(name).clean.blocks.filter((b) => b.type === 'list-item').map((b) => b.text);
    expect(items('wiki-participatory-budgeting')).toEqual([
      'Design: a steering committee that represents the community creates the rules and an engagement plan.',
      'Brainstorming: through meetings and online tools, residents share and discuss ideas for projects.',
      'Proposal development: volunteer "budget delegates" develop the ideas into feasible proposals.',
      'Vote: residents vote to divide the available budget between the proposals.',
      'Implementation: the government funds and implements the winning projects and reports on their progress.',
    ]);
    expect(normalised.blocks.filter((b) => b.type === 'list-item').map((b) => b.text)).toEqual([
      'Aid in the tracking of cases with inter-state ramifications.',
      'Provide comprehensive information on legislation, statistics, court judgements, United Nations Conventions, details of trafficked people and traffickers and rescue success stories.',
      'Provide connection to "Trackchild", the National Portal on Missing Children that is operational in many states.',
    ]);
  });

  it('drops the captions glued into the seed\'s paragraphs', () => {
    for (const caption of ['Sena from Zambia', 'Young boy shines the shoes', 'A distressed woman with her mouth taped shut', 'RealStars trafficking model']) expect(cleanText).not.toContain(caption);
    expect(cleanText).toContain('According to ECPAT, "Child trafficking for forced marriage is simply another manifestation of trafficking');
    expect(cleanText).toContain('Forced marriages have been described as a form of human trafficking');
    expect(cleanText).toContain('Child labour is a form of work that may be hazardous');
    expect(cleanText).toContain('One form of psychological coercion particularly common');
  });

  it('records every cut with its rule at raw offsets that no kept block overlaps', () => {
    const expected: Record<string, string[]> = {
      'wiki-florence-nightingale': ['wiki:infobox', 'wiki:table', 'wiki:hatnote', 'wiki:banner', 'wiki:caption', 'wiki:short-description', 'wiki:section:notes', 'wiki:section:sources', 'wiki:section:further-reading'],
      'wiki-vltava': ['wiki:infobox', 'wiki:table', 'wiki:legend', 'wiki:navbox', 'wiki:banner'],
      'wiki-foxcombe': ['wiki:coordinates', 'wiki:infobox', 'wiki:stub', 'wiki:footer'],
      'wiki-participatory-budgeting': ['wiki:navbox', 'wiki:legend', 'wiki:section:bibliography'],
      'wiki-leave-no-trace': ['wiki:section:works-cited'],
    };
    for (const name of sampleNames) {
      const { raw, stripped } = sample(name);
      const rules = new Set(stripped.removed.map((r) => r.rule));
      for (const rule of expected[name] ?? []) expect(rules, `${name} ${rule}`).toContain(rule);
      const cuts = stripped.removed.filter((r) => r.rule !== 'wiki:citation-marker');
      for (const r of stripped.removed) {
        expect(r.rawStart).toBeGreaterThanOrEqual(0);
        expect(r.rawEnd).toBeLessThanOrEqual(raw.length);
        expect(r.rawEnd).toBeGreaterThan(r.rawStart);
        if (r.rule === 'wiki:citation-marker') expect(raw.slice(r.rawStart, r.rawEnd)).toMatch(/^\[[^\]]+\]/);
        if (r.rule === 'wiki:hatnote') expect(raw.slice(r.rawStart, r.rawEnd)).toMatch(/^(?:Main articles?:|See also:|Further information:|For |Not to be confused|This article is about|"[^"]+" redirects here)/);
        if (r.rule === 'wiki:banner') expect(raw.slice(r.rawStart, r.rawEnd)).toMatch(/^(?:This|The neutrality|\( )/);
      }
      for (const b of stripped.blocks.filter((x) => x.type !== 'title')) {
        for (const r of cuts) expect(r.rawStart < b.rawEnd && b.rawStart < r.rawEnd, `${name}: ${r.rule} overlaps "${b.text.slice(0, 40)}"`).toBe(false);
      }
      for (const b of stripped.blocks) expect(b.decision, `${name}: a block without a decision`).toBeTruthy();
    }
  });

  it('turns end sections into references: "^" entries, and one entry per bibliography item', () => {
    const refs = sample('wiki-florence-nightingale').stripped.references.map((r) => r.raw);
    expect(refs).toContain('The unit was opened in 1984 and is now part of a larger hospital.'); // "^ a b" back-links dropped
    expect(refs).toContain('Cook 1913 , pp. 237–238.');
    expect(refs).toContain('Bostridge, Mark (2008). Florence Nightingale: The Woman and Her Legend . London: Viking. ISBN 978-0-670-87411-8 .');
    expect(refs).toContain('Small, Hugh (1998). Florence Nightingale: Avenging Angel . Constable.');
    expect(refs.some((r) => /Gill, Christopher J\.; Gill, Gillian C\. \(2005\)\. "Nightingale in Scutari.*PMID 15909269/.test(r))).toBe(true);
    const lnt = sample('wiki-leave-no-trace').stripped.references.map((r) => r.raw);
    expect(lnt).toContain('Hampton, Bruce; Cole, David (2003). Soft Paths: How to Enjoy the Wilderness Without Harming It (3rd ed.). Stackpole Books. ISBN 978-0-8117-2612-8 .');
    expect(lnt.filter((r) => r.startsWith('Turner, James Morton (2002).'))).toHaveLength(1);
    for (const name of sampleNames) {
      const { raw, stripped } = sample(name);
      // Each entry points at its raw text (back-link letters "a b" aside).
      for (const r of stripped.references) expect(raw.slice(r.rawStart, r.rawEnd).replace(/\s+/g, ' ').slice(0, 40)).toContain(r.raw.slice(0, 12));
    }
  });
});

describe('wikipedia dump: robustness', () => {
  const MB = 1 << 20;
  const rep = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const header = raw.slice(0, raw.indexOf('\n') + 1);
  /** Strips and checks the offsets; returns the result and the time taken. */
  const timed = (input: string) => {
    const t0 = performance.now();
    const r = stripWikipediaDump(docFrom(input));
    const ms = performance.now() - t0;
    const inside = (x: { rawStart: number; rawEnd: number }) => x.rawStart >= 0 && x.rawEnd <= input.length && x.rawStart <= x.rawEnd;
    expect(r.removed.every(inside)).toBe(true);
    expect(r.blocks.every(inside)).toBe(true);
    return { r, ms };
  };
  // Bounds are loose (a quadratic scan of these inputs takes minutes): they cannot flake on a slow machine.
  const LONG = 60_000;

  it('handles 10 MB of one repeated dump line in linear time', () => {
    const line = 'Human trafficking is the act of recruiting, transporting or harboring people for exploitation. [ 1 ] [ 2 ]\n\n';
    const { r, ms } = timed(header + rep(line, 10 * MB));
    expect(r.blocks.length).toBeGreaterThan(1000);
    expect(r.blocks[1]!.text).toContain('Human trafficking is the act of recruiting');
  }, LONG);

  // Inputs are built inside each test, so that no test keeps another's 10 MB alive.
  it.each([
    ['a 10 MB line without line breaks', () => rep('lorem ipsum dolor sit amet ', 10 * MB)],
    ['10 MB of full stops', () => rep('.', 10 * MB)],
    ['10 MB of punctuation', () => rep('.,;:!?()[]{}"\'- ', 10 * MB)],
    ['10 MB of spaces', () => `${rep(' ', 10 * MB)}x`],
    ['10 MB of line breaks', () => rep('\n', 10 * MB)],
    ['the real dump repeated to 10 MB', () => rep(raw, 10 * MB)],
  ])('handles %s without hanging', (_what, input) => {
    const { ms } = timed(input());
  }, LONG);

  it('handles thousands of "[ edit ]" headings', () => {
    const body = Array.from({ length: 5000 }, (_, i) => `Section ${i} [ edit ] Text of section ${i} is here. [ ${i} ] `).join('');
    const { r, ms } = timed(`${header}Lead text of the article is here.\n\n${body}`);
    expect(r.blocks.filter((b) => b.type === 'heading')).toHaveLength(5000);
    expect(joined(r.blocks)).not.toContain('[ edit ]');
    const bare = timed(rep('[ edit ]', 2 * MB));
  }, LONG);

  it('handles thousands of "v t e"', () => {
    const { r, ms } = timed(`${header}${rep('Alpha Beta Gamma v t e Delta Epsilon ', 2 * MB)}`);
    expect(joined(r.blocks)).not.toContain('v t e');
    timed(rep('v t e ', 2 * MB)); // finishes (time is measured by npm run bench, not here)
  }, LONG);

  it.each([
    ['citation tags', '[ citation needed ] word. '],
    ['markers only', '[ 12 ] '],
    ['banner openings without dates', 'This article needs more citations for verification and stuff '],
    ['banner lines', 'This article needs x.\n\n'],
    ['hatnotes', 'Main article: Foo Bar '],
    ['hatnote lines', 'See also: Foo Bar baz.\n\n'],
    ['legends', 'Red: foo Blue: bar '],
    ['numeric legends', 'No data 1–2 3–4 '],
    ['numbers', 'Year 1998 2,000 3.5 4 5 6 Name '],
    ['captions', '[ 1 ] A small map of the world Trafficking is bad. '],
    ['abbreviations', 'U.S.\n\nU.K.\n\nSt.\n\nby '],
    ['dates', '( January 2024 ) '],
  ])('handles 1 MB of repeated %s without hanging', (_what, unit) => {
    const { ms } = timed(header + rep(unit, MB));
  }, LONG);

  it('handles end sections with hundreds of thousands of entries', () => {
    const { r, ms } = timed(`${header}Body text here. [ 1 ] References [ edit ] ${rep('^ a b Foo. ', 2 * MB)}`);
    expect(r.references.length).toBeGreaterThan(100_000);
  }, LONG);

  it('never throws on odd input', () => {
    for (const input of ['', ' ', '\n', '[', ']', '[ edit ]', 'v t e', 'From Wikipedia, the free encyclopedia', '^', 'Main article:', '( January 2020 )', 'Red: x', 'No data 1', 'Jump to content (Top) 1 2 3 Toggle the table of contents']) {
      expect(() => stripWikipediaDump(docFrom(input))).not.toThrow();
    }
  });
});
