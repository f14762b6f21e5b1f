// Sentence spans with compromise's tokenizer (no tagging: fast), checked against the text.
import nlp from 'compromise';

export interface Span {
  start: number;
  end: number;
}

interface TokenizedSentence {
  text: string;
  offset: { start: number; length: number };
}

/** Sentence spans of text, offsets in UTF-16 units; every non-space character is in one span. */
export function splitSentences(text: string): Span[] {
  if (!text.trim()) return [];
  const json = nlp.tokenize(text).json({ offset: true }) as TokenizedSentence[];
  const spans: Span[] = [];
  let cursor = 0;
  for (const s of json) {
    // compromise's offsets are trusted only when they point at the sentence's own text.
    let start = s.offset.start;
    const body = s.text.trim();
    if (text.slice(start, start + body.length) !== body) {
      const found = text.indexOf(body, cursor);
      if (found === -1) continue;
      start = found;
    }
    if (start < cursor) continue;
    spans.push({ start, end: start + body.length });
    cursor = start + body.length;
  }
  // Each sentence runs to the start of the next, so no character falls between two sentences.
  const lead = text.length - text.trimStart().length;
  const starts = spans.map((s) => s.start);
  if (starts.length === 0 || starts[0]! > lead) starts.unshift(lead);
  const out: Span[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    const rawEnd = i + 1 < starts.length ? starts[i + 1]! : text.length;
    const end = start + text.slice(start, rawEnd).trimEnd().length;
    if (end > start) out.push({ start, end });
  }
  return out;
}
