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

const registry = new Map<string, AnyStage>(([ingest, profile, strip, normalise, segment, dedupe, extract, write] as AnyStage[]).map((s) => [s.name, s]));
export const STAGES: ReadonlyMap<string, AnyStage> = registry;

/**
 * Adds a stage from outside this folder (tests, plugins). Workers resolve pipelines against their
 * own registry: a module that registers stages must also be loaded there (ThreadExecutor's preload).
 */
export function registerStage(stage: AnyStage): void {
  const known = registry.get(stage.name);
  if (known && known !== stage) throw new Error(`stage "${stage.name}" is already registered`);
  registry.set(stage.name, stage);
}
