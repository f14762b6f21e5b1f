// Numeric statistics from compromise's term tags: a run of #Value terms with its currency sign,
// multiplier and percent sign, the noun it counts, and the sentence around it. Years, dates,
// ordinals, section numbers and in-text citations are not statistics.
import type nlp from 'compromise';
import { withOffsets } from './offsets.ts';

export type StatKind = 'count' | 'percent' | 'money' | 'rate' | 'duration' | 'other';
export type Qualifier = 'about' | 'more than' | 'less than' | 'up to' | 'at least';

export interface RawStatistic {
  start: number;
  end: number;
  text: string;
  value: number;
  valueMax: number | null;
  kind: StatKind;
  unit: string | null;
  qualifier: Qualifier | null;
  /** The year the figure refers to, when its sentence says. */
  year: number | null;
}

/** Words just before a figure that qualify it, longest first. */
const QUALIFIERS: [RegExp, Qualifier][] = [
  // Not "an average of": an average is a figure of its own, not a hedge on it.
  [/(?:^|[\s(\[])(?:an estimated|estimated|approximately|approx\.?|around|about|roughly|nearly|almost|some|close to|circa|c\.)\s*$/i, 'about'],
  [/(?:^|[\s(\[])(?:more than|over|above|upwards of|in excess of|exceeding|greater than|at least more than|(?:over|above) the age of)\s*$/i, 'more than'],
  [/(?:^|[\s(\[])(?:less than|fewer than|under|below|not more than|no more than|(?:under|below) the age of)\s*$/i, 'less than'],
  [/(?:^|[\s(\[])(?:up to|as many as|as much as|a maximum of)\s*$/i, 'up to'],
  [/(?:^|[\s(\[])(?:at least|a minimum of|no fewer than|no less than)\s*$/i, 'at least'],
];
const DURATION_UNITS = /^(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|centuries)$/;

export function qualifierBefore(text: string, start: number): Qualifier | null {
  // The hedge may stand before a currency sign or code: "about EUR 1.2 million", "about US$128,000".
  const before = text.slice(Math.max(0, start - 30), start).replace(/(?:\b[A-Z]{3}\s*|\b[A-Z]{0,2}[$€£¥₹]\s*)$/, '');
  for (const [re, q] of QUALIFIERS) if (re.test(before)) return q;
  return null;
}

/** The year a figure refers to: a year in the same sentence, the nearest one to the figure, but
 * not a year that is a span ("between 2017 and 2019", "since 2019"), a comparison ("than in 2023",
 * "on 2023", "compared with 2019"), part of a law's name ("Law No. 241 of 20 October 2005", "Act of
 * 2000") or another figure's ("up from 812 in 2023"), unless it is this figure's ("812 in 2023"). */
export function yearOf(sentence: string, figureStart: number, figureEnd: number): number | null {
  let best: { year: number; distance: number } | null = null;
  const own = /^\s+in\s+((?:19|20)\d\d)(?![\d,.]\d)/.exec(sentence.slice(figureEnd, figureEnd + 12));
  if (own) return Number(own[1]);
  for (const m of sentence.matchAll(/(?<![\d,.$])((?:19|20)\d\d)(?!\d|,\d|%)/g)) {
    const at = m.index!;
    if (at >= figureStart && at < figureEnd) continue;
    const before = sentence.slice(Math.max(0, at - 100), at);
    // A year after the figure, in another clause that has a figure of its own, is that figure's
    // ("Up to 10,000 visas can be issued each year, and ... about 180,000 petitions ... in 2023").
    if (at > figureEnd) {
      const between = sentence.slice(figureEnd, at);
      if (/[:;]|,\s+(?:and|but|while|whereas|which|so)\b/.test(between) && /\d/.test(between.replace(/\b(?:Articles?|Sections?|No\.?|§)\s*\d\S*/gi, ''))) continue;
    }
    const after = sentence.slice(at + 4, at + 14);
    if (YEAR_SPAN_BEFORE.test(before) || YEAR_SPAN_AFTER.test(after) || YEAR_COMPARED.test(before) || YEAR_IN_NAME.test(before) || YEAR_OF_FIGURE.test(before)) continue;
    const distance = at < figureStart ? figureStart - at : at - figureEnd;
    const year = Number(m[1]);
    if (!best || distance < best.distance) best = { year, distance };
  }
  return best?.year ?? null;
}
const YEAR_SPAN_BEFORE = /(?:\bsince\b[^,;]{0,80}\bin\s+|\b(?:since|between|from)\s+(?:the\s+(?:start|end|beginning)\s+of\s+)?|(?:19|20)\d\d\s*(?:[–-]|to|and)\s*)$/i;
const YEAR_SPAN_AFTER = /^\s*(?:[–-]|to|and)\s*(?:19|20)\d\d/;
const YEAR_COMPARED = /\b(?:than|compared\s+(?:with|to)|relative\s+to|on|versus|vs\.?)\s+(?:in\s+|that\s+of\s+)?$/i;
const YEAR_IN_NAME = /(?:\b(?:Act|Law|Code|Decree|Convention|Protocol|Directive|Ordinance|Regulation)\b[^;:]{0,20}\bof\s+(?:\d{1,2}\s+[\p{L}]+\s+)?|\b(?:Act|Convention|Protocol),\s*)$/u;
const YEAR_OF_FIGURE = /\d(?:%|\s+per\s*cent|\s+percent)?\s+in\s+$/;

/** A word as compromise holds it (its own term object, offsets computed): read in place, since
 * doc.json() would copy every term of the passage. */
interface TermJson {
  readonly text: string;
  readonly pre: string;
  readonly post: string;
  readonly tags: ReadonlySet<string>;
  readonly offset: { start: number; length: number };
}

const MULTIPLIERS: Record<string, number> = {
  hundred: 1e2,
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  trillion: 1e12,
  bn: 1e9,
  m: 1e6,
  k: 1e3,
  // "three dozen" is 36, "a dozen" 12.
  dozen: 12,
};
const WORD_NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70,
  eighty: 80, ninety: 90, half: 0.5,
};
const CURRENCY: [RegExp, string][] = [
  [/US\$|\$|USD/, 'usd'],
  [/€|EUR/, 'eur'],
  [/£|GBP/, 'gbp'],
  [/¥|JPY/, 'jpy'],
  [/₹|INR/, 'inr'],
];
/** ISO 4217 codes written before an amount ("MDL 23.4 million", "KHR 6.1 billion"). */
const ISO_CURRENCIES = new Set(
  'USD EUR GBP JPY INR CNY RMB CHF AUD CAD NZD HKD SGD MYR THB KHR LAK MMK VND IDR PHP BDT PKR NPR LKR AFN IRR IQD SAR AED QAR KWD BHD OMR JOD LBP SYP YER EGP MAD DZD TND LYD NGN GHS KES UGX TZS RWF ETB ZAR ZMW MWK MZN XOF XAF BRL MXN ARS CLP COP PEN BOB PYG UYU VES GTQ HNL NIO CRC PAB DOP HTG JMD TTD RUB UAH BYN MDL RON BGN HUF PLN CZK HRK RSD BAM MKD ALL TRY GEL AMD AZN KZT KGS UZS TJS TMT MNT KRW TWD ISK NOK SEK DKK ILS'.split(' '),
);
/** A code's abbreviation after a title number: "18 U.S.C.", "8 CFR", "42 USC". */
const CODE_AFTER = /^\s+(?:U\.\s?S\.\s?C|USC|C\.\s?F\.\s?R|CFR|U\.\s?S\.(?=\s+\d)|S\.\s?Ct|F\.\s?(?:2d|3d|4th|Supp))\b/;
/** The second and later numbers of a list of articles or sections: "Articles 165 and 206", "sections 2, 3 or 4". */
const LABEL_LIST_BEFORE = /\b(?:articles?|arts?\.|sections?|ss?\.|paragraphs?|paras?\.|chapters?|rules?|§§?)\s*\d+[\w().]*(?:\s*(?:,|and|or|to|[–-])\s*\d+[\w().]*)*\s*(?:,|and|or|to|[–-])\s*$/i;
/** A number that names a line rather than counts: "the hotline, 1288,", "call 1-800". */
const NUMBER_NAME_BEFORE = /\b(?:hotline|helpline|tip line|tipline|phone line|telephone|phone)(?:\s+number)?,?\s*(?:is\s+|at\s+|on\s+)?$/i;
/** Words before a number that make it a label, not a quantity. */
const LABEL_BEFORE = /^(?:section|sections|article|articles|no|nos|number|chapter|tier|division|divisions|resolution|goal|level|phase|page|pages|p|pp|vol|volume|issue|cets|rule|clause|paragraph|part|title|item|step|grade|class|version|figure|table|amendment|ipc)\.?$/i;
const NOT_UNIT = /^(?:of|per|in|on|at|to|for|by|from|and|or|the|a|an|as|with|were|was|are|is|have|has|had|be|been|percent|per cent|cent|times|more|less|fewer|than|out|each|which|who|that|this|these|those)$/i;

export function parseNumber(words: string[]): number | null {
  let value: number | null = null;
  let acc: number | null = null;
  // "twenty-five" is one term: its parts add up.
  const parts = words.flatMap((w) => (/^[a-z]+-[a-z]+$/i.test(w) && w.split('-').every((x) => x.toLowerCase() in WORD_NUMBERS) ? w.split('-') : [w]));
  for (const raw of parts) {
    const w = raw.toLowerCase().replace(/^[a-z]{0,3}(?=[$€£¥₹])/, '').replace(/[$€£¥₹%,]/g, '');
    if (!w) continue;
    if (/^\d+(?:\.\d+)?$/.test(w)) acc = (acc ?? 0) + Number(w);
    else if (w in WORD_NUMBERS) acc = (acc ?? 0) + WORD_NUMBERS[w]!;
    else if (w in MULTIPLIERS) {
      acc = (acc ?? 1) * MULTIPLIERS[w]!;
      value = (value ?? 0) + acc;
      acc = null;
    } else if (w === 'and' || w === 'a') continue;
    else return null;
  }
  if (acc !== null) value = (value ?? 0) + acc;
  return value;
}

/** "US$31" is one term that compromise does not tag as a value. */
const CURRENCY_NUMBER = /^(?:[A-Z]{1,3})?[$€£¥₹]\d[\d,]*(?:\.\d+)?$/;
/** Currencies written as a word after the number ("2.5 million euros"). */
const CURRENCY_WORDS: Record<string, string> = { dollars: 'usd', dollar: 'usd', euros: 'eur', euro: 'eur', pounds: 'gbp', rupees: 'inr', yen: 'jpy', yuan: 'cny', francs: 'chf', pesos: 'mxn', naira: 'ngn', baht: 'thb' };
/** "twenty-five" as well as "five". */
const isWordNumber = (w: string) => w.toLowerCase().split('-').every((x) => x in WORD_NUMBERS);
/** A four-digit number from 1800 to 2100 written without a thousands separator. */
const isYear = (v: number, w: string) => /^\d{4}$/.test(w) && v >= 1800 && v <= 2100;
const has = (t: TermJson, tag: string) => t.tags.has(tag) || (tag === 'Value' && currencyNumber(t.text));
/** CURRENCY_NUMBER.test, skipping the pattern for words that cannot start one (most words). */
const currencyNumber = (w: string) => {
  const c = w.charCodeAt(0);
  return ((c >= 65 && c <= 90) || c === 36 || c === 0xa3 || c === 0xa5 || c === 0x20ac || c === 0x20b9) && CURRENCY_NUMBER.test(w);
};

/** Two #Value terms of one number: no punctuation between; a hyphen joins spelled-out numbers
 * ("twenty-five") but separates digits ("15-49": a range). */
const joinsNumber = (a: TermJson, b: TermJson) =>
  !/[,;:()%–]/.test(a.post) && !/[(]/.test(b.pre) && (!/-/.test(a.post) || (/^[a-z]+$/i.test(a.text) && /^[a-z]+$/i.test(b.text)));

export function extractStatistics(doc: ReturnType<typeof nlp>, text: string): RawStatistic[] {
  const out: RawStatistic[] = [];
  const shares = ratioStatistics(text);
  const inShare = (start: number, end: number) => shares.some((s) => s.start < end && start < s.end);
  for (const terms of withOffsets(doc).docs as unknown as TermJson[][]) {
    let consumedTo = -1;
    for (let i = 0; i < terms.length; i++) {
      if (!has(terms[i]!, 'Value') || terms[i]!.offset.start < consumedTo || inShare(terms[i]!.offset.start, terms[i]!.offset.start + 1)) continue;
      let j = i;
      // A number group: consecutive #Value terms not broken by punctuation between them.
      while (j + 1 < terms.length && has(terms[j + 1]!, 'Value') && joinsNumber(terms[j]!, terms[j + 1]!)) {
        // "between $4,000 and $9,500": "and" joins words of one number, never two written in digits.
        if (/^and$/i.test(terms[j + 1]!.text) && terms[j + 2] && /^[^a-z]*\d/i.test(terms[j + 2]!.text)) break;
        j++;
      }
      // "a"/"an"/"and" read as values ("US$31 billion a year") do not end a number.
      while (j > i && /^(?:a|an|and)$/i.test(terms[j]!.text)) j--;
      const group = terms.slice(i, j + 1);
      const first = group[0]!;
      const last = group[group.length - 1]!;
      const prev = terms[i - 1];
      const words = group.map((t) => t.text);
      i = j;
      const hasDigit = words.some((w) => /\d/.test(w));
      const hasMultiplier = words.some((w) => w.toLowerCase() in MULTIPLIERS);
      // Word numbers count only with a unit after them ("four years"); "one of", "millions of" never;
      // "one" only before a person ("one Ugandan woman").
      // "seven and a half" is one number.
      const wordNumber =
        !hasDigit &&
        !hasMultiplier &&
        (words.every((w) => isWordNumber(w) && !/^(?:one|half)$/i.test(w)) || /^[a-z-]+ and a half$/i.test(words.join(' ')) && isWordNumber(words[0]!));
      const onePerson = words.length === 1 && /^one$/i.test(words[0]!) && ONE_PERSON.test(text.slice(last.offset.start + 3, last.offset.start + 40));
      if (!hasDigit && !hasMultiplier && !wordNumber && !onePerson) continue;
      if (group.some((t) => has(t, 'Ordinal') || has(t, 'Year') || has(t, 'Date') || has(t, 'Month') || has(t, 'Time'))) continue;
      if (words.some((w) => /^\d+(?:st|nd|rd|th)$/i.test(w) || /[/]/.test(w))) continue;
      if (prev && LABEL_BEFORE.test(prev.text) && !/[,;]/.test(prev.post)) continue;
      // Legal citations: "18 U.S.C. § 1589", "Article 4 § 2", "Articles 165 and 206", and numbers
      // given as a name ("The hotline, 1288, is free").
      const lead = text.slice(Math.max(0, first.offset.start - 60), first.offset.start);
      const tail = text.slice(last.offset.start + last.offset.length, last.offset.start + last.offset.length + 12);
      if (/§\s*$/.test(lead) || CODE_AFTER.test(tail) || LABEL_LIST_BEFORE.test(lead) || NUMBER_NAME_BEFORE.test(lead)) continue;
      // In-text citations: "(285)", "(Efrat 46)", "(Roots 28)".
      const around = text.slice(Math.max(0, first.offset.start - 40), last.offset.start + last.offset.length + 1);
      if (/\((?:[\p{Lu}][\p{L}.&' -]*\s)?\d{1,4}(?:[-–]\d{1,4})?\)$/u.test(around)) continue;
      const parsed = parseNumber(words);
      if (parsed === null) continue;
      let value = parsed;
      let start = first.offset.start;
      let end = last.offset.start + last.offset.length;
      // Currency sign before, percent sign after.
      const pre = first.pre + (prev && /^(?:US|USD|EUR|GBP)$/.test(prev.text) ? prev.text : '');
      let currency: string | null = null;
      for (const [re, code] of CURRENCY) if (re.test(pre) || re.test(first.text)) currency = code;
      // "MDL 23.4 million": an ISO code as its own word before the amount.
      if (!currency && prev && ISO_CURRENCIES.has(prev.text) && /^\s+$/.test(prev.post)) currency = prev.text.toLowerCase();
      if (currency && text[start - 1] === '$') start -= 1;
      if (currency && text.slice(start - 2, start) === 'US') start -= 2;
      let percent = /%/.test(last.post) || /%$/.test(last.text);
      if (/%/.test(last.post) && text[end] === '%') end += 1;
      // A range: "15–49", "between 2,000 and 3,000", "2 to 3 million".
      let valueMax: number | null = null;
      const rangeTail = RANGE_TAIL.exec(text.slice(end, end + 40));
      const between = /\bbetween\s*\$?$/i.test(text.slice(Math.max(0, start - 12), start));
      if (rangeTail && (between || !/^\s*and/.test(rangeTail[0])) && !/^\s*[–-]\s*\d{4}\b/.test(text.slice(end, end + 8))) {
        const own = words.map((w) => MULTIPLIERS[w.toLowerCase()]).find((m) => m !== undefined);
        const tailMult = rangeTail[2] ? MULTIPLIERS[rangeTail[2]]! : undefined;
        const tailNumber = /\d/.test(rangeTail[1]!) ? Number(rangeTail[1]!.replace(/,/g, '')) : (parseNumber([rangeTail[1]!]) ?? Number.NaN);
        const max = tailNumber * (tailMult ?? own ?? 1);
        // "2 to 3 million": the multiplier written once applies to both ends.
        const min = own === undefined && tailMult !== undefined ? value * tailMult : value;
        if (max > min) {
          value = min;
          valueMax = max;
          end += rangeTail[0].length;
          if (rangeTail[3]) percent = true;
        }
      }
      let after = j + 1;
      while (after < terms.length && terms[after]!.offset.start < end) after++;
      // compromise leaves "dozen" out of the number: "three dozen traffickers" is 36.
      if (!percent && valueMax === null && terms[after]?.text.toLowerCase() === 'dozen' && !/[,;:()]/.test(terms[after - 1]!.post)) {
        value *= 12;
        end = terms[after]!.offset.start + terms[after]!.offset.length;
        after++;
      }
      if (!percent && terms[after] && /^(?:percent|per cent)$/i.test(terms[after]!.text)) {
        percent = true;
        end = terms[after]!.offset.start + terms[after]!.offset.length;
        after++;
      } else if (!percent && terms[after]?.text.toLowerCase() === 'per' && terms[after + 1]?.text.toLowerCase() === 'cent') {
        percent = true;
        end = terms[after + 1]!.offset.start + terms[after + 1]!.offset.length;
        after += 2;
      }
      const lastPost = after - 1 >= 0 ? terms[after - 1]!.post : '';
      const unitTerm = percent || /[,;:()]/.test(lastPost) ? -1 : unitAfter(terms, after);
      let unit: string | null = unitTerm === -1 ? null : terms[unitTerm]!.text.toLowerCase().replace(/[^\p{L}-]/gu, '');
      // "15 of the workers": what the figure counts comes after "of the".
      if (unit === null && !percent && !/[,;:()]/.test(lastPost)) {
        const ofThe = /^\s+of\s+(?:the|these|those|its|their)\s+([a-z-]+s)(?![\w-])/.exec(text.slice(end, end + 40));
        if (ofThe) unit = ofThe[1]!;
      }
      const times = /^\s+times\b/i.test(text.slice(end, end + 8));
      // "at least nine were under 18": a hedged word number is a count even without its noun.
      const hedgedCount = wordNumber && /^\s+(?:were|was|are|had|have)\b/.test(text.slice(end, end + 8)) && qualifierBefore(text, start) !== null;
      if (wordNumber && !unit && !times && !hedgedCount) continue;
      // A four-digit number from 1800 to 2100 written without a thousands separator is a year
      // ("the 2006 armed conflict", "a 2012 article"); counts that size are written "2,000".
      if (!currency && !percent && isYear(value, words.join(''))) {
        // "between 2016 and 2018" is a span of years, not a figure.
        if (valueMax === null || isYear(valueMax, String(valueMax))) continue;
      }
      // Without a noun, a whole quantity in prose is still a count ("14.2 million (68%) were
      // exploited"); a bare small decimal is not.
      const whole = hasMultiplier || Number.isInteger(value);
      let kind: StatKind = currency ? 'money' : percent ? 'percent' : times ? 'other' : unit || whole ? 'count' : 'other';
      // "2.5 million euros", "300 dollars": the currency written as a word after the number.
      if (!currency && unit && CURRENCY_WORDS[unit]) {
        currency = CURRENCY_WORDS[unit]!;
        unit = null;
        kind = 'money';
      }
      // Scores on a scale ("a score of 14", "scored 3", "13 points") are not counts.
      if (!currency && !percent && (/\b(?:score[sd]?|scoring|rated|rating|ranked)\s+(?:of\s+|only\s+|an?\s+)?$/i.test(text.slice(Math.max(0, start - 20), start)) || unit === 'points' || unit === 'point')) kind = 'other';
      else if (unit && DURATION_UNITS.test(unit)) {
        kind = 'duration';
        if (!unit.endsWith('s')) unit += 's'; // "an 11-day trial": days
      }
      // Ages: "aged 15", "aged between 19 and 63", "at the age of 12", "15-year-old", "Ionut
      // Varga, 44," (a person's age in apposition), and age limits ("children under 18").
      else if (!currency && !percent && !unit && isAge(text, start, end, value, prev, last)) {
        kind = 'duration';
        unit = 'years';
      } else if (!currency && !percent && (/\b(?:aged|age of|ages of|ages|in age)(?:\s+(?:between|from))?\s*$/i.test(text.slice(Math.max(0, start - 20), start)) || /^[\s-]*years?[\s-]*old/i.test(text.slice(end, end + 12)))) {
        kind = 'duration';
        unit = 'years';
      }
      // "3 per 100,000 inhabitants": a rate; the denominator is part of it, not a figure of its own.
      // The denominator may follow the counted noun: "5.3 people per 1,000 population".
      const perFrom = unitTerm !== -1 && /^[^,;:()]*$/.test(text.slice(end, terms[unitTerm]!.offset.start)) ? terms[unitTerm]!.offset.start + terms[unitTerm]!.offset.length : end;
      const per = PER.exec(text.slice(perFrom, perFrom + 40)) ?? (perFrom !== end ? PER.exec(text.slice(end, end + 40)) : null);
      if (!currency && !percent && per) {
        kind = 'rate';
        end = (per.input === text.slice(end, end + 40) ? end : perFrom) + per[0].length;
        unit = per[2] ? `${unit ?? ''} per ${per[1]} ${per[2]}`.trim() : `${unit ?? ''} per ${per[1]}`.trim();
      }
      // "against a regional average of 1.1", "the national rate of 12.9": a rate named before the figure.
      if (!currency && !percent && !unit && kind !== 'rate' && /\b(?:rate|average)\s+of\s+$/i.test(text.slice(Math.max(0, start - 16), start))) kind = 'rate';
      // "38% of trafficking victims": a share's unit is the population it is a share of.
      if (percent && !unit) {
        const of = /^\s+of\s+(?:the\s+|all\s+|these\s+|those\s+)?(?:[a-z-]+\s+){0,2}?([a-z-]+s)(?![\w-])/.exec(text.slice(end, end + 60));
        if (of) unit = of[1]!;
      }
      // "14.2 million (68%)": a share in parentheses right after a figure counts the same thing.
      const prevStat = out[out.length - 1];
      if (percent && !unit && prevStat && /^\s*\($/.test(text.slice(prevStat.end, start))) unit = prevStat.unit;
      consumedTo = end;
      out.push({ start, end, text: text.slice(start, end), value, valueMax, kind, unit: currency ?? unit, qualifier: qualifierBefore(text, start), year: null });
    }
  }
  return [...out, ...shares, ...fractionStatistics(text, [...out, ...shares])].sort((a, b) => a.start - b.start);
}

const ONE_PERSON = /^\s+(?:(?:[\p{Lu}][\p{Ll}]+|young|other|single|more|adult)\s+)?(?:woman|man|girl|boy|child|victim|survivor|person|worker|migrant|refugee|defendant|trafficker)\b/u;
const PER = /^\s+(?:per|for every)\s+(\d[\d,]*|capita|head|person|thousand|hundred)(?:\s+([a-z]+))?/i;
const WORD_NUMBER_ALT = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred';
const RANGE_TAIL = new RegExp(`^\\s*(?:[–-]|to|and)\\s*\\$?(\\d(?:[\\d,]*\\d)?(?:\\.\\d+)?|(?:${WORD_NUMBER_ALT})(?![\\p{L}-]))(?:\\s*(thousand|million|billion|trillion))?(%)?`, 'iu');

const isNounTerm = (t: TermJson) => has(t, 'Duration') || (has(t, 'Noun') && !has(t, 'Pronoun') && !has(t, 'Date') && !has(t, 'Value'));
/** Words between a number and its noun that do not end the noun phrase: "47 Romanian and Bulgarian workers", "three terraced houses", "81 such permits". */
const isModifier = (t: TermJson, next: TermJson | undefined) =>
  has(t, 'Adjective') ||
  isDemonym(t) ||
  /^(?:such|other|more|additional|new|further)$/i.test(t.text) ||
  (has(t, 'PastTense') && next !== undefined && (isNounTerm(next) || has(next, 'Adjective')));
/** "Romanian", "Bulgarian", "Vietnamese" (compromise tags the second of a pair as a name). */
const isDemonym = (t: TermJson) => has(t, 'Demonym') || /^[\p{Lu}][\p{Ll}]+(?:ian|ean|ese|ish|ch)$/u.test(t.text);
/** Right after a number or a modifier, "permits" is a plural noun even when tagged as a verb. */
const isPluralNounHere = (t: TermJson) => has(t, 'PresentTense') && /^[a-z]+[^s]s$/.test(t.text) && !has(t, 'Copula') && !has(t, 'Auxiliary');

/**
 * The term that names what a figure counts: the head of the noun phrase after it, skipping
 * modifiers ("2,567 principal T visa applications" -> applications, "21 million victims").
 */
function unitAfter(terms: TermJson[], from: number): number {
  let head = -1;
  for (let k = from; k < Math.min(terms.length, from + 6); k++) {
    const t = terms[k]!;
    const next = terms[k + 1];
    if (head === -1 && /^and$/i.test(t.text) && k > from && isModifier(terms[k - 1]!, t) && next && (has(next, 'Adjective') || isDemonym(next))) continue;
    if (NOT_UNIT.test(t.text)) break;
    if (head === -1 && isDemonym(t) && next && (isNounTerm(next) || /^and$/i.test(next.text))) continue;
    if (isNounTerm(t) || (head === -1 && isPluralNounHere(t))) {
      head = k;
      // A compound noun goes on ("T visas", "labour inspectors"); its last noun is the head, but
      // a common noun does not run into a name ("500 victims Polaris ...").
      // A duration heads its phrase: "14 years' imprisonment", "an 11-day trial".
      if (/[,;:.()]/.test(t.post) || has(t, 'Duration') || !next || !isNounTerm(next) || NOT_UNIT.test(next.text) || (has(next, 'ProperNoun') && !has(t, 'ProperNoun') && !has(t, 'Acronym') && !has(next, 'Acronym'))) break;
      continue;
    }
    if (head !== -1 || !isModifier(t, next) || /[,;:.]/.test(t.post)) break;
  }
  return head;
}

/** A bare whole number that is a person's age or an age limit. */
function isAge(text: string, start: number, end: number, value: number, prev: TermJson | undefined, last: TermJson): boolean {
  if (!Number.isInteger(value) || value < 1 || value > 110) return false;
  // "Ionut Varga, 44, of Boston": a name, then the age between commas.
  if (prev && (has(prev, 'Person') || has(prev, 'LastName')) && /^,\s*$/.test(prev.post) && /^\s*,/.test(last.post + text.slice(end, end + 1))) return true;
  const before = text.slice(Math.max(0, start - 60), start);
  const after = text.slice(end, end + 20);
  // "Bishnu Prasad Adhikari, then 24, told", "who was 17 when she left", "the oldest was 61".
  if (/,\s+(?:then|now|aged|age)\s+$/i.test(before) && /^\s*[,;)]/.test(after)) return true;
  if (/\b(?:was|were|is|being)\s+(?:only\s+|just\s+|then\s+|barely\s+)?$/i.test(before) && /^\s+(?:when|at\s+the\s+time)\b/i.test(after)) return true;
  if (/\b(?:youngest|oldest)\b[^.;,]{0,40}\b(?:was|were|is)\s+(?:only\s+|just\s+)?$/i.test(before) && /^\s*(?:[.;,)]|$|and\b)/.test(after)) return true;
  // "children under 18", "over 16s": a limit with no noun after it, in the range of legal ages.
  return value >= 12 && value <= 21 && /\b(?:under|over|below|above)\s+(?:the\s+age\s+of\s+)?$/i.test(text.slice(Math.max(0, start - 24), start)) && !/^\s*(?:%|per\b)/i.test(text.slice(end, end + 6));
}

const RATIO_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twenty: 20, hundred: 100, a: 1 };
const ratioNumber = (w: string) => (/^\d+$/.test(w) ? Number(w) : RATIO_WORDS[w.toLowerCase()]);

/** Shares written as ratios ("one in five of the requests", "more than one in four victims") as percentages. */
export function ratioStatistics(text: string): RawStatistic[] {
  const out: RawStatistic[] = [];
  const re = /(?<![\p{L}\d-])(one|two|three|four|five|\d{1,2})\s+(?:in|out\s+of)\s+(two|three|four|five|six|seven|eight|nine|ten|twenty|a\s+hundred|\d{1,3})(?![\p{L}\d-])/giu;
  for (const m of text.matchAll(re)) {
    const n = ratioNumber(m[1]!);
    const d = ratioNumber(m[2]!.replace(/^a\s+/, ''));
    if (n === undefined || d === undefined || d <= n || d < 2) continue;
    const start = m.index!;
    const end = start + m[0].length;
    const unitMatch = /^\s+(?:of\s+(?:the|all|these|those)\s+)?(?:[a-z-]+\s+)?([a-z-]+s)(?![\w-])/.exec(text.slice(end, end + 50));
    out.push({ start, end, text: m[0], value: Math.round((n / d) * 10000) / 100, valueMax: null, kind: 'percent', unit: unitMatch?.[1] ?? null, qualifier: qualifierBefore(text, start), year: null });
  }
  return out;
}

const FRACTIONS: Record<string, number> = {
  half: 50,
  'one third': 100 / 3,
  'a third': 100 / 3,
  'two thirds': 200 / 3,
  'one quarter': 25,
  'a quarter': 25,
  'three quarters': 75,
  'one fifth': 20,
  'a fifth': 20,
};

const FRACTION_WORD = /half|third|quarter|fifth/i;

/** Shares written as fractions ("over half of", "up to one-third of all victims") as percentages. */
export function fractionStatistics(text: string, existing: readonly RawStatistic[]): RawStatistic[] {
  const out: RawStatistic[] = [];
  // The pattern tries a look-behind at every offset: most passages name no fraction word at all.
  if (!FRACTION_WORD.test(text)) return out;
  // A fraction is a share when it is "of" something, or after "by" or a hedge ("declined by one
  // third", "more than half were children"); not in "half a century" or "a third country".
  const re =
    /(?<![\p{L}-])(?:(half|(?:one|a|two|three)[- ](?:third|thirds|quarter|quarters|fifth))\b(?=\s+(?:of|the|all)\b)|(?<=\b(?:by|than|nearly|almost|over|about|around|roughly)\s+)(half|(?:one|two|three)[- ](?:third|thirds|quarter|quarters|fifth))\b(?!\s+(?:a|an)\b|[- ][\p{L}]+[- ](?:old|long)\b))/giu;
  for (const m of text.matchAll(re)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (existing.some((e) => e.start < end && start < e.end)) continue;
    const value = FRACTIONS[(m[1] ?? m[2])!.toLowerCase().replace('-', ' ')];
    if (value === undefined) continue;
    out.push({ start, end, text: m[0], value: Math.round(value * 100) / 100, valueMax: null, kind: 'percent', unit: null, qualifier: qualifierBefore(text, start), year: null });
  }
  return out;
}
