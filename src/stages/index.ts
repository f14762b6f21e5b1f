// The stage registry: pipelines name stages from here. A new stage is a module plus a line below.
import type { AnyStage } from '../pipeline/stage.ts';
import { dedupe } from './dedupe.ts';
import { extract } from './extract.ts';
import { ingest } from './ingest.ts';
import { normalise } from './normalise.ts';
import { profile } from './profile.ts';
import { segment } from './segment.ts';
import { strip } from './strip.ts';
import { write } from './write.ts';

export const STAGES: ReadonlyMap<string, AnyStage> = new Map(
  ([ingest, profile, strip, normalise, segment, dedupe, extract, write] as AnyStage[]).map((s) => [s.name, s]),
);
