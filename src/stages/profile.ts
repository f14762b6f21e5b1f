// Stage 2: recognise the kind of source, so that source-specific rules apply only where they
// belong. A `kind` in raw/sources.json wins; otherwise the profile most confident from the
// content, above a threshold; otherwise the generic profile of the format.
import { z } from 'zod';
import { documentStage, reject } from '../pipeline/stage.ts';
import type { IngestedDoc, ProfiledDoc } from '../pipeline/types.ts';
import { PROFILES, profileByName } from '../profiles/index.ts';

export const ProfileOptions = z.object({
  /** Confidence a profile needs to claim a document from its content alone. */
  minConfidence: z.number().min(0).max(1).default(0.5),
  /** Profile names allowed in this pipeline (all when empty). */
  only: z.array(z.string()).default([]),
});

export const profile = documentStage({
  name: 'profile',
  description: 'recognise the source kind (Wikipedia dump, essay site, Markdown, HTML, plain text)',
  scope: 'document',
  consumes: 'ingested',
  produces: 'profiled',
  options: ProfileOptions,
  create: (options) => {
    const candidates = options.only.length ? PROFILES.filter((p) => options.only.includes(p.name)) : PROFILES;
    return (doc: IngestedDoc, ctx): ProfiledDoc | ReturnType<typeof reject> => {
      const hinted = doc.provenance?.kind ? profileByName(doc.provenance.kind) : undefined;
      if (doc.provenance?.kind && !hinted) ctx.warn(`${doc.relPath}: sources.json names unknown kind "${doc.provenance.kind}"; profiling from content`);
      let chosen = hinted && hinted.formats.includes(doc.format) ? hinted : undefined;
      if (!chosen) {
        let best = -1;
        for (const p of candidates) {
          if (!p.formats.includes(doc.format)) continue;
          const score = p.detect(doc);
          if (score >= options.minConfidence && score > best) {
            best = score;
            chosen = p;
          }
        }
      }
      // Fallback: the least specific profile that reads this format.
      chosen ??= [...candidates].reverse().find((p) => p.formats.includes(doc.format));
      if (!chosen) return reject(`no profile in this pipeline reads ${doc.format}`);
      ctx.count(`profile:${chosen.name}`);
      return { ...doc, profile: chosen.name };
    };
  },
});
