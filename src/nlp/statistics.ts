// Numeric statistics from compromise's term tags: a run of #Value terms with its currency sign,
// multiplier and percent sign, the noun it counts, and the sentence around it. Years, dates,
// ordinals, section numbers and in-text citations are not statistics.
import type nlp from 'compromise';

export type StatKind = 'count' | 'percent' | 'money' | 'other';

export interface RawStatistic {
  start: number;
  end: number;
  text: string;
  value: number;
  kind: StatKind;
  unit: string | null;
}

interface TermJson {
  text: string;
  pre: string;
  post: string;
  tags: string[];
  offset: { start: number; length: number };
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
};
const WORD_NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70,
  eighty: 80, ninety: 90, dozen: 12, half: 0.5,
};
const CURRENCY: [RegExp, string][] = [
  [/US\$|\$|USD/, 'usd'],
  [/€|EUR/, 'eur'],
  [/£|GBP/, 'gbp'],
  [/¥|JPY/, 'jpy'],
  [/₹|INR/, 'inr'],
];
/** Words before a number that make it a label, not a quantity. */
const LABEL_BEFORE = /^(?:section|sections|article|articles|no|nos|number|chapter|tier|division|divisions|resolution|goal|level|phase|page|pages|p|pp|vol|volume|issue|cets|rule|clause|paragraph|part|title|item|step|grade|class|version|figure|table|amendment|ipc)\.?$/i;
const NOT_UNIT = /^(?:of|per|in|on|at|to|for|by|from|and|or|the|a|an|as|with|were|was|are|is|have|has|had|be|been|percent|per cent|cent|times|more|less|fewer|than|out|each|which|who|that|this|these|those)$/i;

export function parseNumber(words: string[]): number | null {
  let value: number | null = null;
  let acc: number | null = null;
  for (const raw of words) {
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
const has = (t: TermJson, tag: string) => t.tags.includes(tag) || (tag === 'Value' && CURRENCY_NUMBER.test(t.text));

export function extractStatistics(doc: ReturnType<typeof nlp>, text: string): RawStatistic[] {
  const out: RawStatistic[] = [];
  const sentences = doc.json({ offset: true, terms: { offset: true } }) as { terms: TermJson[] }[];
  for (const { terms } of sentences) {
    for (let i = 0; i < terms.length; i++) {
      if (!has(terms[i]!, 'Value')) continue;
      let j = i;
      // A number group: consecutive #Value terms not broken by punctuation between them.
      while (j + 1 < terms.length && has(terms[j + 1]!, 'Value') && !/[,;:()%]/.test(terms[j]!.post) && !/[(]/.test(terms[j + 1]!.pre)) j++;
      // "a"/"an"/"and" read as values ("US$31 billion a year") do not end a number.
      while (j > i && /^(?:a|an|and)$/i.test(terms[j]!.text)) j--;
      const group = terms.slice(i, j + 1);
      const next = i;
      i = j;
      const first = group[0]!;
      const last = group[group.length - 1]!;
      const words = group.map((t) => t.text);
      if (!words.some((w) => /\d/.test(w)) && !words.some((w) => w.toLowerCase() in MULTIPLIERS)) continue; // "millions of", "one of"
      if (group.some((t) => has(t, 'Ordinal') || has(t, 'Year') || has(t, 'Date') || has(t, 'Month') || has(t, 'Time'))) continue;
      if (words.some((w) => /^\d+(?:st|nd|rd|th)$/i.test(w) || /[/]/.test(w))) continue;
      const prev = terms[next - 1];
      if (prev && LABEL_BEFORE.test(prev.text) && !/[,;]/.test(prev.post)) continue;
      // In-text citations: "(285)", "(Efrat 46)", "(Roots 28)".
      const around = text.slice(Math.max(0, first.offset.start - 40), last.offset.start + last.offset.length + 1);
      if (/\((?:[\p{Lu}][\p{L}.&' -]*\s)?\d{1,4}(?:[-–]\d{1,4})?\)$/u.test(around)) continue;
      const value = parseNumber(words);
      if (value === null) continue;
      let start = first.offset.start;
      let end = last.offset.start + last.offset.length;
      // Currency sign before, percent sign after.
      const pre = first.pre + (prev && /^(?:US|USD|EUR|GBP)$/.test(prev.text) ? prev.text : '');
      let currency: string | null = null;
      for (const [re, code] of CURRENCY) if (re.test(pre) || re.test(first.text)) currency = code;
      if (currency && text[start - 1] === '$') start -= 1;
      if (currency && text.slice(start - 2, start) === 'US') start -= 2;
      let percent = /%/.test(last.post) || /%$/.test(last.text);
      if (/%/.test(last.post) && text[end] === '%') end += 1;
      const after = terms[j + 1];
      if (!percent && after && /^(?:percent|per cent)$/i.test(after.text)) {
        percent = true;
        end = after.offset.start + after.offset.length;
      }
      // The unit: the next noun, skipping adjectives ("21 million victims", "24,000 individuals").
      let unit: string | null = null;
      if (!percent && !/[,;:()]/.test(last.post)) {
        for (let k = j + 1; k < Math.min(terms.length, j + 4); k++) {
          const t = terms[k]!;
          if (NOT_UNIT.test(t.text)) break;
          if (has(t, 'Noun') && !has(t, 'Pronoun') && !has(t, 'Date')) {
            unit = t.text.toLowerCase().replace(/[^\p{L}-]/gu, '');
            break;
          }
          if (!has(t, 'Adjective') || /[,;:.]/.test(t.post)) break;
        }
      }
      // A four-digit number from 1800 to 2100 written without a thousands separator is a year
      // ("the 2006 armed conflict", "a 2012 article"); counts that size are written "2,000".
      if (!currency && !percent && /^\d{4}$/.test(words.join('')) && value >= 1800 && value <= 2100) continue;
      const kind: StatKind = currency ? 'money' : percent ? 'percent' : unit ? 'count' : 'other';
      out.push({ start, end, text: text.slice(start, end), value, kind, unit: currency ?? unit });
    }
  }
  return out;
}
