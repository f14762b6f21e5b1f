// Stage 5: lay the blocks out as the document's cleaned text (blocks joined by a blank line) and
// cut it into passages and sentences, all with offsets into that text. A passage is a paragraph,
// a quote, or a run of list items; a paragraph longer than maxPassageChars is cut at sentence
// boundaries into passages of similar size. Headings name the section of the passages under them.
import { z } from 'zod';
import { splitSentences, type Span } from '../nlp/sentences.ts';
import { documentStage } from '../pipeline/stage.ts';
import type { DraftPassage, SegmentedDoc, StrippedDoc } from '../pipeline/types.ts';
import type { Block } from '../schemas.ts';

export const SegmentOptions = z.object({
  maxPassageChars: z.number().int().positive().default(1200),
});

export const BLOCK_SEPARATOR = '\n\n';

export function layoutBlocks(doc: StrippedDoc): { text: string; blocks: Block[] } {
  let text = '';
  const blocks: Block[] = [];
  for (const b of doc.blocks) {
    if (text) text += BLOCK_SEPARATOR;
    const start = text.length;
    text += b.text;
    blocks.push({ type: b.type, text: b.text, start, end: text.length, rawStart: b.rawStart, rawEnd: b.rawEnd, depth: b.depth });
  }
  return { text, blocks };
}

/** Packs consecutive sentences into chunks of at most max characters (a longer sentence stands alone). */
export function packSentences(sentences: Span[], max: number): Span[][] {
  const total = sentences.length ? sentences[sentences.length - 1]!.end - sentences[0]!.start : 0;
  if (total <= max) return [sentences];
  // Aim for equal parts rather than a full first part and a stub at the end.
  const parts = Math.ceil(total / max);
  const target = total / parts;
  const out: Span[][] = [];
  let cur: Span[] = [];
  for (const s of sentences) {
    const curLen = cur.length ? s.end - cur[0]!.start : 0;
    if (cur.length && (curLen > max || (curLen > target * 1.15 && out.length < parts - 1))) {
      out.push(cur);
      cur = [];
    }
    cur.push(s);
  }
  if (cur.length) out.push(cur);
  return out;
}

export const segment = documentStage({
  name: 'segment',
  description: 'blocks -> passages -> sentences, with offsets into the cleaned text',
  scope: 'document',
  consumes: 'normalised',
  produces: 'segmented',
  options: SegmentOptions,
  create: (options) => (doc: StrippedDoc, ctx): SegmentedDoc => {
    const { text, blocks } = layoutBlocks(doc);
    const passages: DraftPassage[] = [];
    let section: string | null = null;
    const push = (type: Block['type'], spans: Span[]) => {
      const start = spans[0]!.start;
      const end = spans[spans.length - 1]!.end;
      passages.push({ index: passages.length, section, type, text: text.slice(start, end), start, end, sentences: spans });
    };
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i]!;
      if (b.type === 'title') continue;
      if (b.type === 'heading') {
        section = b.text;
        continue;
      }
      if (b.type === 'list-item') {
        // A run of list items is one passage, cut where it grows past the limit.
        let run: Span[] = [];
        let j = i;
        for (; j < blocks.length && blocks[j]!.type === 'list-item'; j++) {
          const item = blocks[j]!;
          const spans = splitSentences(item.text).map((s) => ({ start: s.start + item.start, end: s.end + item.start }));
          if (run.length && item.end - run[0]!.start > options.maxPassageChars) {
            push('list-item', run);
            run = [];
          }
          run.push(...spans);
        }
        if (run.length) push('list-item', run);
        i = j - 1;
        continue;
      }
      const sentences = splitSentences(b.text).map((s) => ({ start: s.start + b.start, end: s.end + b.start }));
      if (sentences.length === 0) continue;
      for (const chunk of packSentences(sentences, options.maxPassageChars)) push(b.type, chunk);
    }
    ctx.count('passages', passages.length);
    ctx.count('sentences', passages.reduce((n, p) => n + p.sentences.length, 0));
    ctx.count('chars:out', text.length);
    return { ...doc, text, blocks, passages };
  },
});
