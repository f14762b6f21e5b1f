// Structured data as a hint: many news pages repeat their body in JSON-LD (schema.org
// articleBody). It is never output (it can be truncated, stale or a summary), only used to notice
// that the chosen container missed the article and to find the element that holds it instead.
import type { Text } from 'domhandler';
import type { Page } from './extract.ts';

const WORD = /[\p{L}\p{N}]+/gu;
const words = (s: string) => s.toLowerCase().match(WORD) ?? [];

/** The longest schema.org articleBody in the page's JSON-LD, as plain text, or null. */
export function jsonLdBody(page: Page): string | null {
  let best: string | null = null;
  for (const x of page.nodes) {
    if (x.tag !== 'script' || !/ld\+json/i.test(x.el.attribs.type ?? '')) continue;
    const data = x.el.children.map((c) => (c.type === 'text' ? (c as Text).data : '')).join('');
    if (!data.includes('"articleBody"')) continue;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      continue;
    }
    // Iterative walk: @graph arrays and nested objects, without recursion.
    const stack: unknown[] = [json];
    while (stack.length > 0) {
      const v = stack.pop();
      if (!v || typeof v !== 'object') continue;
      if (Array.isArray(v)) for (const w of v) stack.push(w);
      else {
        const body = (v as Record<string, unknown>).articleBody;
        if (typeof body === 'string' && body.length > (best?.length ?? 0)) best = body;
        for (const [k, w] of Object.entries(v)) if (k !== 'articleBody' && w && typeof w === 'object') stack.push(w);
      }
    }
  }
  if (!best) return null;
  return best
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:nbsp|#160);/g, ' ')
    .replace(/&(?:amp|quot|apos|lt|gt|#\d+);/g, ' ');
}

export interface Grams {
  trigrams: Set<string>;
  unigrams: Set<string>;
  size: number;
}

export function grams(text: string): Grams {
  const w = words(text);
  const trigrams = new Set<string>();
  for (let k = 0; k + 2 < w.length; k++) trigrams.add(`${w[k]} ${w[k + 1]} ${w[k + 2]}`);
  return { trigrams, unigrams: new Set(w), size: trigrams.size };
}

/** Share of the hint's word trigrams found in the text. */
export function coverage(text: string, hint: Grams): number {
  if (hint.size === 0) return 1;
  const w = words(text);
  const seen = new Set<string>();
  for (let k = 0; k + 2 < w.length; k++) {
    const g = `${w[k]} ${w[k + 1]} ${w[k + 2]}`;
    if (hint.trigrams.has(g)) seen.add(g);
  }
  return seen.size / hint.size;
}

/**
 * The element whose text best matches the hint: each word counts +1 when it is part of a trigram
 * of the hint (or, in a text node of one or two words, when the hint has it), -1 otherwise; the
 * element with the largest sum, found in one bottom-up pass. -1 when nothing matches.
 */
export function bestMatch(page: Page, hint: Grams): number {
  const { nodes, texts } = page.tree;
  const sum = new Float64Array(nodes.length);
  for (const t of texts) {
    if (t.parent < 0 || t.len === 0) continue;
    const w = words(t.node.data);
    if (w.length === 0) continue;
    let matched = 0;
    if (w.length < 3) matched = w.every((x) => hint.unigrams.has(x)) ? w.length : 0;
    else {
      const hit = new Uint8Array(w.length);
      for (let k = 0; k + 2 < w.length; k++) if (hint.trigrams.has(`${w[k]} ${w[k + 1]} ${w[k + 2]}`)) hit[k] = hit[k + 1] = hit[k + 2] = 1;
      for (const h of hit) matched += h;
    }
    sum[t.parent]! += 2 * matched - w.length;
  }
  let best = -1;
  let bestSum = 0;
  for (let i = nodes.length - 1; i >= 0; i--) {
    if (sum[i]! > bestSum) {
      best = i;
      bestSum = sum[i]!;
    }
    const p = nodes[i]!.parent;
    if (p >= 0) sum[p]! += sum[i]!;
  }
  return best;
}
