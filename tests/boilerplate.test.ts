import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanFiles } from '../src/build.ts';
import { scoreDocument } from '../src/eval/shingles.ts';
import type { DraftBlock } from '../src/pipeline/types.ts';
import { chromeVocabulary, classifyBlocks, features, isDateLine, isMenuLine } from '../src/profiles/boilerplate.ts';
import { essaySite } from '../src/profiles/essay-site.ts';
import { lineBlocks, plainText } from '../src/profiles/plain-text.ts';
import type { StripContext } from '../src/profiles/profile.ts';
import { docFrom, joined, ROOT, seedDoc, seedText, SEEDS } from './helpers.ts';

const para = (text: string, i = 0): DraftBlock => ({ type: 'paragraph', text, rawStart: i * 1000, rawEnd: i * 1000 + text.length, depth: null });
const PROSE =
  'Human traffickers take advantage of people who are looking for work, and they promise jobs that do not exist. Once the victims arrive, their documents are taken away and they are told that they owe a debt for the journey.';
const PROSE2 =
  'Labour inspectors say that the first sign of trouble is often a worker who cannot leave the workplace, who does not hold his own passport, or who is paid far less than he was promised when he was recruited.';

const NEWS = [
  'Skip to main content',
  'The Daily Example',
  'Home',
  'World',
  'Business',
  'Sport',
  'Sign in',
  '',
  'Trafficking ring dismantled after two-year inquiry',
  'By Jane Doe',
  '12 March 2024',
  'Share',
  'Facebook',
  '',
  PROSE,
  '',
  PROSE2,
  '',
  'Related articles',
  'Police raid farms in the south',
  'Inside a forced labour camp',
  '',
  'Privacy Policy',
  'Terms of Use',
  '© 2024 The Daily Example. All rights reserved.',
  'We use cookies to give you the best experience. By using this site you accept our use of cookies.',
].join('\n');

describe('features', () => {
  it('measures length, stop words, capitals, terminal punctuation, symbols', () => {
    const f = features('The cat sat on the mat.');
    expect(f.words).toBe(6);
    expect(f.stop).toBeCloseTo(3 / 6); // the, on, the
    expect(f.caps).toBeCloseTo(1 / 6);
    expect(f.terminal).toBe(true);
    expect(features('Home News Sport').terminal).toBe(false);
    expect(features('*** --- |||').letters).toBe(0);
    expect(features('Contact (ILO)').terminal).toBe(false);
  });

  it('knows menus, datelines and chrome vocabulary', () => {
    expect(isMenuLine('Home | News | Sport | Contact')).toBe(true);
    expect(isMenuLine('Forums › Work Abroad › Visas')).toBe(true);
    expect(isMenuLine('Home News Sport Business Culture Travel Video')).toBe(true);
    expect(isMenuLine('Preventing Human Trafficking at Borders')).toBe(false);
    expect(isDateLine('12 March 2024')).toBe(true);
    expect(isDateLine('Mar 2, 2024, 10:32 AM GMT')).toBe(true);
    expect(isDateLine('3 hours ago')).toBe(true);
    expect(isDateLine('Monthly Bulletin | June 2024')).toBe(true);
    expect(isDateLine('In 2013, the United Nations designated July 30')).toBe(false);
    expect(chromeVocabulary('We use cookies to improve your experience.')).toBe('cookies');
    expect(chromeVocabulary('© 2024 Example Ltd. All rights reserved.')).toBe('legal');
    expect(chromeVocabulary('By Maria Lopez')).toBe('byline');
    expect(chromeVocabulary('By Land and Sea')).toBeNull();
    expect(chromeVocabulary('Share this article')).toBe('share');
    expect(chromeVocabulary('Sharing economy platforms recruit workers abroad')).toBeNull();
    // A long paragraph is never chrome because it names a privacy policy.
    expect(chromeVocabulary(`${PROSE} The company changed its privacy policy after the scandal. ${PROSE2}`)).toBeNull();
  });
});

describe('classifyBlocks (jusText-style)', () => {
  it('keeps good blocks and records the rule and features of every decision', () => {
    const r = classifyBlocks([para(PROSE, 0), para(PROSE2, 1)]);
    expect(r.kept).toHaveLength(2);
    for (const b of r.kept) expect(b.decision).toMatch(/^boilerplate:keep \(cf=good; len=\d+ words=\d+ stop=0\.\d\d caps=/);
    expect(r.removed).toEqual([]);
  });

  it('re-labels short blocks from their neighbours: good on both sides keeps, bad on both sides drops', () => {
    const between = classifyBlocks([para(PROSE, 0), para('It was 2019.', 1), para(PROSE2, 2)]);
    expect(joined(between.kept)).toContain('It was 2019.');
    expect(between.kept[1]!.decision).toMatch(/short, neighbours good\/good/);
    const alone = classifyBlocks([para('Privacy Policy', 0), para('It was 2019.', 1), para('Terms of Use', 2), para(PROSE, 3)]);
    expect(joined(alone.kept)).not.toContain('It was 2019.');
    const cut = alone.removed.find((x) => x.rawStart === 1000)!;
    expect(cut.rule).toBe('boilerplate:short');
    expect(cut.detail).toMatch(/neighbours bad\/bad; len=12/);
  });

  it('drops a near-good block surrounded by bad ones and keeps one next to good text', () => {
    const nearGood = 'Sign up to receive the latest updates from our team about events in your area.';
    const r = classifyBlocks([para('Home | News | Contact', 0), para(nearGood, 1), para('Privacy Policy', 2)]);
    // Nothing good at all: the fallback keeps what no strong signal condemns.
    expect(joined(r.kept)).toBe(nearGood);
    expect(r.kept[0]!.decision).toMatch(/^boilerplate:keep \(fallback/);
    const r2 = classifyBlocks([para('Home | News | Contact', 0), para(nearGood, 1), para('Privacy Policy', 2), para(PROSE, 3), para('Terms of Use', 4)]);
    expect(joined(r2.kept)).toBe(PROSE);
    expect(r2.removed.find((x) => x.rawStart === 1000)!.rule).toBe('boilerplate:near-good');
  });

  it('keeps a heading within 200 characters of good text, not one before a menu', () => {
    const heading = (text: string, i: number): DraftBlock => ({ ...para(text, i), type: 'heading', depth: 2 });
    const r = classifyBlocks([para(PROSE, 0), heading('Why it happens', 1), para(PROSE2, 2), heading('Newsletter', 3), para('Home', 4), para('About', 5), para('Contact', 6)]);
    expect(joined(r.kept)).toBe([PROSE, 'Why it happens', PROSE2].join('\n'));
    expect(r.kept[1]!.decision).toMatch(/heading: good block within 200 chars/);
  });

  it('removes runs of short Title Case lines (menus) but not a list announced by a colon', () => {
    const menu = classifyBlocks([para('Home', 0), para('World News', 1), para('Business', 2), para('Contact Us', 3), para('Trafficking ring dismantled in the south', 4), para(PROSE, 5)]);
    expect(menu.removed.map((x) => x.rule)).toEqual(['boilerplate:link-run', 'boilerplate:link-run', 'boilerplate:link-run', 'boilerplate:link-run']);
    expect(menu.removed[0]!.detail).toMatch(/^run=4/);
    expect(joined(menu.kept)).toBe(`Trafficking ring dismantled in the south\n${PROSE}`);
    // The line of a run right before prose is that prose's heading, not a menu item.
    const headed = classifyBlocks([para('Home', 0), para('World', 1), para('Business', 2), para('Sport', 3), para('Background', 4), para(PROSE, 5)]);
    expect(joined(headed.kept)).toBe(`Background\n${PROSE}`);
    const list = classifyBlocks([para(`${PROSE} The countries that signed were:`, 0), para('Canada', 1), para('Australia', 2), para('New Zealand', 3), para(PROSE2, 4)]);
    expect(list.removed).toEqual([]);
  });

  it('removes lines repeated across the corpus (context) and within the document', () => {
    const footer = 'Example Policy Institute, London office';
    const context: StripContext = { lineDocumentCount: (l) => (l === footer ? 5 : 1), documents: 10, repeatedLineMinDocs: 3 };
    const blocks = [para(PROSE, 0), para(footer, 1), para(PROSE2, 2)];
    expect(classifyBlocks(blocks).removed).toEqual([]);
    const r = classifyBlocks(blocks, context);
    expect(r.removed).toEqual([{ rule: 'boilerplate:repeated', rawStart: 1000, rawEnd: 1000 + footer.length, detail: expect.stringMatching(/^documents=5 /) }]);
    const sig = '-- sent from my phone';
    const thread = classifyBlocks([para(PROSE, 0), para(sig, 1), para(PROSE2, 2), para(sig, 3), para(PROSE, 4), para(sig, 5)]);
    expect(thread.removed.map((x) => x.rule)).toEqual(['boilerplate:repeated-in-doc', 'boilerplate:repeated-in-doc', 'boilerplate:repeated-in-doc']);
  });

  it('does not need English: without stop words, terminal punctuation decides', () => {
    const de1 = 'Menschenhändler nutzen die Not von Arbeitssuchenden aus. Sie versprechen gut bezahlte Stellen im Ausland, nehmen den Opfern nach der Ankunft die Pässe ab und verlangen hohe Summen für die Reise.';
    const de2 = 'Die Behörden fordern deshalb strengere Kontrollen der Vermittlungsagenturen. Arbeitsinspektoren sollen Betriebe häufiger und unangemeldet besuchen, besonders in der Landwirtschaft und auf dem Bau.';
    const r = classifyBlocks([para('Startseite | Politik | Wirtschaft | Kontakt', 0), para(de1, 1), para(de2, 2), para('Impressum', 3), para('Datenschutz', 4), para('Kontakt', 5)]);
    expect(joined(r.kept)).toBe(`${de1}\n${de2}`);
    expect(r.removed.find((x) => x.rawStart === 1000)).toBeUndefined();
    expect(r.removed.every((x) => x.detail)).toBe(true);
  });
});

describe('plain-text profile with the classifier', () => {
  it('cleans an unknown news page: menus, byline, share buttons, related links, footer, cookies', () => {
    const r = plainText.strip(docFrom(NEWS));
    expect(r.title).toBe('Trafficking ring dismantled after two-year inquiry');
    expect(joined(r.blocks)).toBe(['Trafficking ring dismantled after two-year inquiry', PROSE, PROSE2].join('\n'));
    const rules = new Set(r.removed.map((x) => x.rule));
    for (const rule of ['boilerplate:vocabulary', 'boilerplate:link-run', 'boilerplate:date']) expect(rules).toContain(rule);
    // Every character of the raw text is either kept or on record as removed.
    const covered = [...r.blocks.map((b) => [b.rawStart, b.rawEnd] as const), ...r.removed.map((x) => [x.rawStart, x.rawEnd] as const)];
    const raw = NEWS;
    let text = '';
    for (let i = 0; i < raw.length; i++) if (!covered.some(([s, e]) => s <= i && i < e)) text += raw[i];
    expect(text.trim()).toBe('');
  });

  it('takes a bibliography even when page chrome follows it', () => {
    const doc = [PROSE, '', 'References', '', 'Smith, J. (2019). Forced labour today. Journal of Work, 12(3), 45-67.', 'Lee, K. (2021). Borders. https://example.org/borders', '', '© 2024 Example Press. All rights reserved.'].join('\n');
    const r = plainText.strip(docFrom(doc));
    expect(r.references.map((x) => x.raw.slice(0, 6))).toEqual(['Smith,', 'Lee, K']);
    expect(r.removed.map((x) => x.rule)).toEqual(['boilerplate:vocabulary', 'bibliography']);
    expect(joined(r.blocks)).toBe(PROSE);
  });

  it('keeps every line of the seeds 002 and 003 (clean plain text loses nothing)', () => {
    for (const id of [SEEDS.policy, SEEDS.wikiOld]) {
      const r = plainText.strip(seedDoc(id));
      expect(r.removed).toEqual([]);
      const rawWords = seedText(id).replace(/^- /gm, '').split(/\s+/).filter(Boolean);
      expect(joined(r.blocks).split(/\s+/).filter(Boolean)).toEqual(rawWords);
      for (const b of r.blocks) expect(b.decision).toMatch(/^boilerplate:keep/);
    }
    // 003 line 23 is probably a picture caption, but nothing in a plain-text extract marks it as one:
    // it is a sentence like the body's one-sentence paragraphs, so it is kept.
    expect(joined(plainText.strip(seedDoc(SEEDS.wikiOld)).blocks)).toContain('People are sold on social media and smartphone apps.');
  });

  it('makes the first line the title only when it looks like one', () => {
    expect(plainText.strip(seedDoc(SEEDS.policy)).title).toBeNull();
    expect(plainText.strip(seedDoc(SEEDS.wikiOld)).title).toBe('Human trafficking');
    expect(plainText.strip(docFrom(`${PROSE}\n\n${PROSE2}`)).title).toBeNull();
    expect(plainText.strip(docFrom(`Borders and trafficking\n\n${PROSE}`)).title).toBe('Borders and trafficking');
    expect(plainText.strip(docFrom(`Why do victims stay silent?\n\n${PROSE}`)).title).toBe('Why do victims stay silent?');
  });

  it('does not join a stack of headlines as if it were a hard-wrapped paragraph', () => {
    const headlines = 'Shelters overwhelmed as winter arrives at the border\nInside the waiting rooms of the asylum system here\nKidnappings of migrants rise sharply, report finds';
    expect(lineBlocks(headlines)).toHaveLength(3);
    const wrapped = 'Shelter directors in the border town say they have no room left for\nthe hundreds of families expected to arrive after the new rules take\neffect next month.';
    expect(lineBlocks(wrapped)).toHaveLength(1);
  });

  it('is not claimed by the essay-site profile, nor are the unknown-site samples', () => {
    expect(essaySite.detect(docFrom(NEWS))).toBeLessThan(0.5);
    expect(essaySite.detect(seedDoc(SEEDS.policy))).toBeLessThan(0.5);
    expect(essaySite.detect(seedDoc(SEEDS.wikiOld))).toBeLessThan(0.5);
  });
});

describe('unknown-site samples (tests/fixtures/clean/samples/generic-*)', () => {
  const dir = path.join(ROOT, 'tests/fixtures/clean/samples');
  const files = readdirSync(dir).filter((f) => f.startsWith('generic-') && !f.includes('.gold.'));
  it('has at least four samples', () => expect(files.length).toBeGreaterThanOrEqual(4));
  for (const f of files) {
    it(`${f}: plain-text profile, F1 >= 0.97 against its gold`, async () => {
      const { documents } = await cleanFiles([path.join(dir, f)]);
      const doc = documents[0]!;
      expect(doc.profile).toBe('plain-text');
      const gold = readFileSync(path.join(dir, f.replace(/\.txt$/, '.gold.txt')), 'utf8');
      expect(scoreDocument(doc.blocks.map((b) => b.text).join('\n'), gold).f1).toBeGreaterThanOrEqual(0.97);
    });
  }
});

describe('robustness: linear time, no hang, no throw', () => {
  const MB = 1024 * 1024;
  const timed = (raw: string) => {
    const t = performance.now();
    const r = plainText.strip(docFrom(raw));
    const e = essaySite.strip(docFrom(raw));
    essaySite.detect(docFrom(raw));
    return { ms: performance.now() - t, r, e };
  };

  it('a 4 MB document without newlines', () => {
    const { ms, r } = timed(`${PROSE} `.repeat(Math.ceil((4 * MB) / PROSE.length)));
    expect(r.blocks).toHaveLength(1);
  });

  it('only punctuation, and lines of symbols', () => {
    expect(timed('!?.,;:-|*#'.repeat(MB / 10)).r.blocks).toEqual([]);
    const lines = timed('*** --- |||\n'.repeat(50000));
    expect(lines.r.blocks).toEqual([]);
    expect(lines.r.removed.every((x) => x.rule === 'boilerplate:symbols')).toBe(true);
  });

  it('a megabyte of one repeated line', () => {
    const { ms, r, e } = timed('Share this article on Facebook\n'.repeat(Math.ceil(MB / 31)));
    expect(r.blocks).toEqual([]);
    expect(e.blocks).toEqual([]);
  });

  it('inputs that would make a backtracking pattern explode', () => {
    for (const raw of ['2019 2020 '.repeat(100000), 'Home | '.repeat(100000), 'March 12 2024 at '.repeat(50000), 'this essay on '.repeat(50000), `${'a'.repeat(300000)}!`]) {
      const { ms } = timed(raw);
    }
  });

}, 120000);
