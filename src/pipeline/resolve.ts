// What the coordinator and every worker share to set a build up: a declared pipeline resolved
// against the stage registry (options validated, stages checked to chain), the input folder's
// listing and its provenance file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SourcesFileSchema, type SourcesFile } from '../schemas.ts';
import type { PipelineConfig } from './config.ts';
import type { AnyStage } from './stage.ts';

export const SOURCES_FILE = 'sources.json';
/** The data kind the runner feeds to the first stage. */
export const RAW_INPUT = 'raw-input';
/** The data kind the runner builds from the per-document results for the corpus stages. */
export const DOCUMENTS = 'documents';
/** The data kind the per-document stages must end with before corpus-wide stages start. */
export const SEGMENTED = 'segmented';

export interface ResolvedStage {
  stage: AnyStage;
  options: unknown;
}

/** Looks every declared stage up and validates its options; throws one line per problem. */
export function resolveStages(config: PipelineConfig, registry: ReadonlyMap<string, AnyStage>): ResolvedStage[] {
  const resolved: ResolvedStage[] = [];
  let kind = RAW_INPUT;
  let seenCorpus = false;
  for (const [i, entry] of config.stages.entries()) {
    const stage = registry.get(entry.use);
    if (!stage) {
      throw new Error(`pipeline ${config.name}: stage ${i + 1} "${entry.use}" is unknown (known: ${[...registry.keys()].join(', ')})`);
    }
    if (stage.scope === 'corpus' && !seenCorpus) {
      if (kind !== SEGMENTED) {
        throw new Error(`pipeline ${config.name}: corpus stage "${stage.name}" needs segmented documents, but the stages before it produce "${kind}"`);
      }
      seenCorpus = true;
      kind = DOCUMENTS;
    } else if (stage.scope === 'document' && seenCorpus) {
      throw new Error(`pipeline ${config.name}: document stage "${stage.name}" cannot follow a corpus-wide stage`);
    }
    if (stage.consumes !== kind) {
      throw new Error(`pipeline ${config.name}: stage "${stage.name}" consumes "${stage.consumes}" but receives "${kind}"`);
    }
    const parsed = stage.options.safeParse(entry.options ?? {});
    if (!parsed.success) {
      throw new Error(`pipeline ${config.name}: options of stage "${stage.name}": ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
    }
    resolved.push({ stage, options: parsed.data });
    kind = stage.produces;
  }
  return resolved;
}

/** Every regular file under dir except the provenance file and dot-files, with its size, in a stable order. */
export function listInputFiles(dir: string): { relPath: string; bytes: number; mtimeMs: number }[] {
  const out: { relPath: string; bytes: number; mtimeMs: number }[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      if (name.startsWith('.')) continue;
      const relPath = rel ? `${rel}/${name}` : name;
      const st = statSync(path.join(dir, relPath));
      if (st.isDirectory()) walk(relPath);
      else if (st.isFile() && relPath !== SOURCES_FILE) out.push({ relPath, bytes: st.size, mtimeMs: st.mtimeMs });
    }
  };
  walk('');
  return out;
}

/** Every regular file under dir except the provenance file and dot-files, in a stable order. */
export const listInputs = (dir: string): string[] => listInputFiles(dir).map((f) => f.relPath);

const sourcesCache = new Map<string, SourcesFile>();
/** The provenance file of a folder, read once per process (for builds from a list of files). */
export function loadSourcesCached(inDir: string): SourcesFile {
  const hit = sourcesCache.get(inDir);
  if (hit) return hit;
  const value = readSources(inDir);
  sourcesCache.set(inDir, value);
  return value;
}

export function readSources(inDir: string): SourcesFile {
  const file = path.join(inDir, SOURCES_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const parsed = SourcesFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  return parsed.data;
}

/** A document's id is its file stem (the path without extension, for files in sub-folders). */
export const docIdOf = (relPath: string): string => relPath.replace(/\.[^./]+$/, '');
