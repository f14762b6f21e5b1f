// The extraction eval's matching logic on tiny synthetic inputs, and the shape of the gold
// fixtures. No thresholds on the real extractor here (npm run eval:extract gives the figures).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkAttributes,
  loadGold,
  locateStatistics,
  matchEntities,
  matchStatistics,
  maxMatching,
  normaliseName,
  predictionsByDocument,
  prf,
  scoreSet,
  unitsEqual,
  valuesEqual,
  type BuildOutput,
  type GoldDoc,
  type GoldEntity,
  type GoldStatistic,
  type PredEntity,
  type PredStatistic,
} from '../scripts/eval-extract.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

const ge = (type: GoldEntity['type'], name: string, ...aliases: string[]): GoldEntity => ({ type, name, aliases });
const pe = (type: string, ...names: string[]): PredEntity => ({ id: names[0]!, type, names });
const gs = (value: number, kind: GoldStatistic['kind'], extra: Partial<GoldStatistic> = {}): GoldStatistic => ({
  value,
  valueMax: null,
  kind,
  unit: null,
  qualifier: null,
  year: null,
  text: String(value),
  ...extra,
});
const ps = (value: number, kind: string, extra: Partial<PredStatistic> = {}): PredStatistic => ({
  id: `${value}-${kind}-${extra.docStart ?? ''}`,
  value,
  valueMax: null,
  kind,
  unit: null,
  qualifier: null,
  year: null,
  text: String(value),
  sentence: String(value),
  docStart: null,
  ...extra,
});

describe('normaliseName', () => {
  it('ignores case, punctuation, diacritics and a leading "the"', () => {
    expect(normaliseName('U.S.')).toBe(normaliseName('US'));
    expect(normaliseName('Organization for Security and Co-operation in Europe')).toBe(normaliseName('organization for security and cooperation in europe'));
    expect(normaliseName('Thích Nhất Hạnh')).toBe(normaliseName('Thich Nhat Hanh'));
    expect(normaliseName('McLennan County Sheriff’s Office')).toBe(normaliseName("McLennan County Sheriff's Office"));
    expect(normaliseName('the Philippines')).toBe(normaliseName('Philippines'));
    expect(normaliseName('India')).not.toBe(normaliseName("India's"));
  });
});

describe('entity matching', () => {
  const gold = [
    ge('organization', 'International Labour Organization', 'ILO'),
    ge('place', 'United States', 'U.S.', 'US'),
    ge('law', 'Palermo Protocol', 'Trafficking Protocol'),
  ];

  it('matches through any name or alias on either side', () => {
    const pairs = matchEntities(gold, [pe('organization', 'ILO'), pe('place', 'U.S', 'United States of America'), pe('law', 'trafficking protocol')], true);
    expect(pairs).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
  });

  it('is one-to-one: an entity split in two leaves one prediction unmatched', () => {
    const pairs = matchEntities(gold, [pe('place', 'U.S.'), pe('place', 'United States')], true);
    expect(pairs).toHaveLength(1);
  });

  it('needs the type to match only in the typed score', () => {
    const pred = [pe('organization', 'Palermo Protocol')];
    expect(matchEntities(gold, pred, true)).toEqual([]);
    expect(matchEntities(gold, pred, false)).toEqual([[2, 0]]);
  });

  it('finds a maximum matching, not a greedy one', () => {
    // gold 0 may take pred 0 or 1, gold 1 only pred 0: both must be matched.
    expect(maxMatching([[0, 1], [0]], 2)).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });
});

describe('statistic matching', () => {
  it('matches by value and kind, with a small relative tolerance', () => {
    expect(valuesEqual(33.33, 100 / 3)).toBe(true);
    expect(valuesEqual(1.36e6, 1.39e6)).toBe(false);
    const gold = [gs(21e6, 'count'), gs(68, 'percent'), gs(33.33, 'percent')];
    const pred = [ps(68, 'percent'), ps(21000000, 'count'), ps(100 / 3, 'percent'), ps(2014, 'other')];
    expect(matchStatistics(gold, pred)).toEqual([
      [0, 1],
      [1, 0],
      [2, 2],
    ]);
  });

  it('needs the kind only in the kind-agnostic score', () => {
    const gold = [gs(14.2e6, 'count')];
    const pred = [ps(14.2e6, 'other')];
    expect(matchStatistics(gold, pred)).toEqual([]);
    expect(matchStatistics(gold, pred, true)).toEqual([[0, 0]]);
  });

  it('is one-to-one when a value repeats', () => {
    const gold = [gs(47, 'count', { year: 2017 }), gs(47, 'count', { year: 2020 })];
    expect(matchStatistics(gold, [ps(47, 'count')])).toHaveLength(1);
    expect(matchStatistics(gold, [ps(47, 'count'), ps(47, 'count'), ps(47, 'count')])).toHaveLength(2);
  });

  it('pairs equal values at the same place in the text first', () => {
    const text = 'ratified by 47 states in 2017 ... ratified by 47 states in 2020';
    const gold = locateStatistics(text, [gs(47, 'count', { text: 'ratified by 47 states in 2017' }), gs(47, 'count', { text: 'ratified by 47 states in 2020' })]);
    expect(gold.map((g) => g.start)).toEqual([0, 34]);
    const late = ps(47, 'count', { docStart: text.lastIndexOf('47'), year: 2017 });
    const early = ps(47, 'count', { docStart: text.indexOf('47'), year: 2020 });
    // Position wins over (wrong) attributes: the early figure is the first gold one.
    expect(matchStatistics(gold, [late, early])).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('locates repeated snippets in text order', () => {
    const text = '4.5 million (22%) and later (22%) again';
    const located = locateStatistics(text, [gs(4.5e6, 'count', { text: '4.5 million (22%)' }), gs(22, 'percent', { text: '(22%)' }), gs(22, 'percent', { text: '(22%)' })]);
    expect(located.map((g) => g.start)).toEqual([0, 12, 28]);
    expect(locateStatistics(text, [gs(22, 'percent', { text: 'later (22%)' })])[0]!.start).toBe(22);
    expect(locateStatistics(text, [gs(1, 'count', { text: 'not there' })])[0]!.start).toBeNull();
  });

  it('checks unit, qualifier, year and valueMax of a matched pair', () => {
    const g = gs(3, 'other', { unit: 'points', valueMax: 15, qualifier: 'at least', year: 2015 });
    expect(checkAttributes(g, ps(3, 'other', { unit: 'point', valueMax: 15, qualifier: 'at least', year: 2015 }))).toEqual({
      unit: true,
      qualifier: true,
      year: true,
      valueMax: true,
    });
    expect(checkAttributes(g, ps(3, 'other'))).toEqual({ unit: false, qualifier: false, year: false, valueMax: false });
  });

  it('compares units after singularising, or by their head word', () => {
    expect(unitsEqual('countries', 'country')).toBe(true);
    expect(unitsEqual('young workers', 'workers')).toBe(true);
    expect(unitsEqual('USD', 'usd')).toBe(true);
    expect(unitsEqual('countries', 'transit')).toBe(false);
    expect(unitsEqual(null, null)).toBe(true);
    expect(unitsEqual('victims', null)).toBe(false);
  });
});

describe('predictions of duplicate passages', () => {
  // doc b has an exact copy of a's first passage, and a passage contained in a's second one.
  const out: BuildOutput = {
    documents: [],
    passages: [
      { id: 'a1', docId: 'a', text: 'The ILO counts 21 million victims.', start: 0, duplicateOf: null, duplicateKind: null },
      { id: 'a2', docId: 'a', text: 'In 2013 GRETA published 17 reports. Belarus had 47 states.', start: 36, duplicateOf: null, duplicateKind: null },
      { id: 'b1', docId: 'b', text: 'The ILO counts 21 million victims.', start: 0, duplicateOf: 'a1', duplicateKind: 'exact' },
      { id: 'b2', docId: 'b', text: 'In 2013 GRETA published 17 reports.', start: 36, duplicateOf: 'a2', duplicateKind: 'contained' },
    ],
    entities: [
      { id: 'o:ilo', type: 'organization', name: 'ILO', mentions: [{ docId: 'a', passageId: 'a1', text: 'ILO' }] },
      { id: 'o:greta', type: 'organization', name: 'GRETA', mentions: [{ docId: 'a', passageId: 'a2', text: 'GRETA' }] },
      { id: 'p:belarus', type: 'place', name: 'Belarus', mentions: [{ docId: 'a', passageId: 'a2', text: 'Belarus' }] },
    ],
    statistics: [
      { id: 's1', docId: 'a', passageId: 'a1', text: '21 million', value: 21e6, kind: 'count', sentence: 'The ILO counts 21 million victims.', start: 15, docStart: 15 },
      { id: 's2', docId: 'a', passageId: 'a2', text: '17', value: 17, kind: 'count', sentence: 'In 2013 GRETA published 17 reports.', start: 24, docStart: 60 },
      { id: 's3', docId: 'a', passageId: 'a2', text: '47', value: 47, kind: 'count', sentence: 'Belarus had 47 states.', start: 48, docStart: 84 },
    ],
  };
  const preds = predictionsByDocument(out);

  it('gives a document the records of the canonical passages its duplicates point to', () => {
    expect(preds.get('a')!.statistics.map((s) => s.value)).toEqual([21e6, 17, 47]);
    expect(preds.get('b')!.statistics.map((s) => s.value)).toEqual([21e6, 17]);
    expect(preds.get('b')!.entities.map((e) => e.id).sort()).toEqual(['o:greta', 'o:ilo']);
  });

  it('places a borrowed figure in the duplicate passage', () => {
    const b = preds.get('b')!.statistics;
    expect(b.find((s) => s.value === 21e6)!.docStart).toBe(15);
    expect(b.find((s) => s.value === 17)!.docStart).toBe(36 + 24);
  });
});

describe('set scores', () => {
  it('computes precision, recall and F1 per type, overall and type-agnostic', () => {
    const gold: GoldDoc[] = [
      {
        docId: 'd',
        entities: [ge('person', 'Ban Ki-moon'), ge('organization', 'UNODC', 'United Nations Office on Drugs and Crime'), ge('law', 'T visa')],
        statistics: [gs(150e9, 'money', { unit: 'usd', qualifier: 'about' }), gs(68, 'percent')],
      },
    ];
    const predictions = new Map([
      [
        'd',
        {
          entities: [pe('person', 'Ban Ki-moon'), pe('place', 'UNODC'), pe('organization', 'Visa')],
          statistics: [ps(150e9, 'money', { unit: 'usd' }), ps(68, 'other'), ps(2014, 'other')],
        },
      ],
    ]);
    const s = scoreSet('t', gold, predictions);
    expect(s.entities.overall).toMatchObject({ gold: 3, predicted: 3, matched: 1 });
    expect(s.entities.typeAgnostic.matched).toBe(2);
    expect(s.entities.byType.person).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(s.entities.byType.organization).toMatchObject({ gold: 1, predicted: 1, matched: 0 });
    expect(s.statistics.overall).toMatchObject({ gold: 2, predicted: 3, matched: 1 });
    expect(s.statistics.kindAgnostic.matched).toBe(2);
    expect(s.statistics.attributes).toMatchObject({ matched: 1, unit: 1, qualifier: 0, year: 1, valueMax: 1 });
    expect(prf(0, 0, 0)).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(prf(4, 2, 1)).toMatchObject({ precision: 0.5, recall: 0.25 });
  });

  it('counts everything as missed for a document that is not in the output', () => {
    const s = scoreSet('t', [{ docId: 'gone', entities: [ge('place', 'Libya')], statistics: [gs(3, 'count')] }], new Map());
    expect(s.entities.overall.recall).toBe(0);
    expect(s.statistics.overall.recall).toBe(0);
    expect(s.warnings).toHaveLength(1);
  });
});

describe('gold fixtures', () => {
  it('label every seed document and every held-out text, and parse', () => {
    const seeds = loadGold('seeds');
    const raw = readdirSync(path.join(ROOT, 'raw')).filter((f) => f.endsWith('.txt')).map((f) => f.replace(/\.txt$/, ''));
    expect(seeds.map((d) => d.docId).sort()).toEqual(raw.sort());
    const written = (['dev', 'heldout'] as const).flatMap((set) => {
      const docs = loadGold(set);
      expect(docs.length, set).toBeGreaterThanOrEqual(3);
      for (const d of docs) expect(existsSync(path.join(ROOT, 'tests/fixtures/extract', set, `${d.docId}.txt`))).toBe(true);
      return docs;
    });
    for (const d of [...seeds, ...written]) {
      // distinct entities: no surface form is claimed by two gold entities of a document
      const owner = new Map<string, string>();
      for (const e of d.entities) {
        for (const n of new Set([e.name, ...e.aliases].map(normaliseName))) {
          expect(owner.get(n) ?? e.name, `${d.docId}: "${n}"`).toBe(e.name);
          owner.set(n, e.name);
        }
      }
      for (const s of d.statistics) if (s.valueMax !== null) expect(s.valueMax).toBeGreaterThan(s.value);
    }
  });
});
