// Inputs made self-contained for a worker on another machine. A `document` task names its file
// by path (a local build reads it where it runs); queued, it carries the file's bytes instead, so
// workers need no shared file system. Files over the limit still go by path: their workers must
// see the input folder at the same path (shared storage). Everything else a task needs is in its
// input already (the runner inlines the prepared facts and takes documents back whole for a
// queue executor).
import { readFileSync, statSync } from 'node:fs';
import type { DocumentTask } from '../pipeline/document.ts';

export function portableInput(task: string, input: unknown, inlineLimit: number): unknown {
  if (task !== 'document') return input;
  const t = input as DocumentTask;
  if (t.bytes || !t.absPath) return input;
  try {
    if (statSync(t.absPath).size > inlineLimit) return input;
    return { ...t, bytes: readFileSync(t.absPath) } satisfies DocumentTask;
  } catch {
    return input; // unreadable here: the worker reports it as a local build would
  }
}
