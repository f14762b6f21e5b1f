// Stage 3: cut the chrome out. The document's profile decides what is body and what is not; this
// stage gives profiles the corpus-wide facts they may need (lines repeated across documents),
// checks the result and counts what was removed, by rule.
import { z } from 'zod';
import { LineFrequency } from '../pipeline/line-frequency.ts';
import { documentStage, reject } from '../pipeline/stage.ts';
import type { ProfiledDoc, StrippedDoc } from '../pipeline/types.ts';
import { profileByName } from '../profiles/index.ts';
import type { StripContext } from '../profiles/profile.ts';

export const StripOptions = z.object({
  /** Reject a document whose cleaned body is shorter than this many characters. */
  minBodyChars: z.number().int().nonnegative().default(1),
  /** A line found in at least this many documents (and in a quarter of them) is boilerplate to profiles that use it. */
  repeatedLineMinDocs: z.number().int().min(2).default(3),
});

export const strip = documentStage({
  name: 'strip',
  description: 'remove navigation, banners, navboxes, captions, citation markers, boilerplate; keep references apart',
  scope: 'document',
  consumes: 'profiled',
  produces: 'stripped',
  options: StripOptions,
  create: (options, env) => {
    // Line frequencies are counted once, on first need, over all inputs of the build.
    let lines: LineFrequency | null = null;
    const documents = env.inputPaths?.length ?? 1;
    const context: StripContext = {
      lineDocumentCount: (line) => (lines ??= LineFrequency.fromFiles(env.inputPaths ?? [])).count(line),
      documents,
      repeatedLineMinDocs: Math.max(options.repeatedLineMinDocs, Math.ceil(documents / 4)),
    };
    return (doc: ProfiledDoc, ctx): StrippedDoc | ReturnType<typeof reject> => {
      const p = profileByName(doc.profile);
      if (!p) return reject(`unknown profile ${doc.profile}`);
      const result = p.strip(doc, context);
      // Offsets from a profile are kept inside the raw text whatever the page's markup did
      // (implied end tags can report an end past the last character).
      const max = doc.raw.length;
      const clamp = <T extends { rawStart: number; rawEnd: number }>(x: T): T => {
        const rawStart = Math.min(Math.max(0, x.rawStart), max);
        const rawEnd = Math.min(Math.max(rawStart, x.rawEnd), max);
        if (rawStart !== x.rawStart || rawEnd !== x.rawEnd) ctx.count('spans:clamped');
        return { ...x, rawStart, rawEnd };
      };
      result.blocks = result.blocks.map(clamp);
      result.references = result.references.map(clamp);
      const removed = [...result.removed.map(clamp)].sort((a, b) => a.rawStart - b.rawStart || a.rawEnd - b.rawEnd || a.rule.localeCompare(b.rule));
      let removedChars = 0;
      for (const r of removed) {
        ctx.count(`removed:${r.rule}`);
        removedChars += r.rawEnd - r.rawStart;
      }
      const bodyChars = result.blocks.filter((b) => b.type !== 'title').reduce((n, b) => n + b.text.length, 0);
      ctx.count('chars:in', doc.raw.length);
      ctx.count('chars:removed', removedChars);
      ctx.count('blocks', result.blocks.length);
      ctx.count('references', result.references.length);
      if (bodyChars < options.minBodyChars) return reject(`no body text found (profile ${doc.profile})`);
      return { ...doc, ...result, removed };
    };
  },
});
