// Stage 4: normalise the kept text. Unicode to NFC, invisible characters out, white space runs to
// one space, the spacing artifacts of text dumps repaired ("smuggling , which" -> "smuggling,
// which", "Sen 's" -> "Sen's", "( ILO )" -> "(ILO)"), and blocks that the dump split at a citation
// group joined back into one paragraph.
import { z } from 'zod';
import { documentStage } from '../pipeline/stage.ts';
import type { DraftBlock, StrippedDoc } from '../pipeline/types.ts';

export const NormaliseOptions = z.object({
  repairSpacing: z.boolean().default(true),
  joinSplitParagraphs: z.boolean().default(true),
});

const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
/**
 * White space runs that are not already one plain space (\s covers no-break and typographic spaces):
 * replacing every run, single spaces included, would rebuild nearly every block for nothing.
 */
const SPACES = /\s{2,}|[^\S ]/g;

/** "Sen 's" (a module constant: the transpiler turns this literal into a `new RegExp` per evaluation). */
const SPACED_POSSESSIVE = /(\p{L}|\p{N})\s+(['’]s)\b/gu;

/** Repairs the spaces a text dump puts around punctuation that followed a link. */
export function repairSpacing(text: string): string {
  let t = text.replace(/\s+([,.;:!?%)\]}])/g, '$1').replace(/([(\[{])\s+/g, '$1');
  // A look for the space first: the full pattern tries a Unicode class at every letter.
  if (/\s['’]s\b/.test(t)) t = t.replace(SPACED_POSSESSIVE, '$1$2');
  // Straight double quotes the dump padded on both inner sides: `" modern-day slavery "`.
  const parts = t.split('"');
  if (parts.length > 1 && parts.length % 2 === 1) {
    for (let i = 1; i < parts.length; i += 2) {
      const inner = parts[i]!;
      if (/^\s/.test(inner) && /\s$/.test(inner)) parts[i] = inner.trim();
    }
    t = parts.join('"');
  }
  return t;
}

export function normaliseText(text: string, options: { repairSpacing: boolean }): string {
  let t = text.normalize('NFC').replace(INVISIBLE, '').replace(SPACES, ' ').trim();
  if (options.repairSpacing) t = repairSpacing(t);
  return t;
}

export const normalise = documentStage({
  name: 'normalise',
  description: 'NFC, white space, dump spacing artifacts, paragraphs split at citation groups rejoined',
  scope: 'document',
  consumes: 'stripped',
  produces: 'normalised',
  options: NormaliseOptions,
  create: (options) => (doc: StrippedDoc, ctx): StrippedDoc => {
    const blocks: DraftBlock[] = [];
    for (const block of doc.blocks) {
      const text = normaliseText(block.text, options);
      if (text !== block.text) ctx.count('blocks:changed');
      if (!text) {
        ctx.count('blocks:empty-dropped');
        continue;
      }
      const prev = blocks[blocks.length - 1];
      if (options.joinSplitParagraphs && block.continuesPrevious && prev && prev.type === 'paragraph' && block.type === 'paragraph') {
        prev.text = `${prev.text} ${text}`;
        prev.rawEnd = block.rawEnd;
        ctx.count('paragraphs:rejoined');
        continue;
      }
      blocks.push({ ...block, text, continuesPrevious: false });
    }
    const title = doc.title === null ? null : normaliseText(doc.title, options);
    return { ...doc, title, blocks };
  },
});
