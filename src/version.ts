// Facts the CLI needs before it knows which command runs, kept apart from the pipeline so that
// `corpus --help` or `corpus worker` does not load every stage (a few seconds of start-up).
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8')) as { version: string }
).version;

/** The CLI's cache folder, relative to the current directory. */
export const DEFAULT_CACHE_DIR = '.corpus-cache';
