#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so the package needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
// exitCode, not exit(): a pending write to a pipe (a large --json report) must be flushed first.
process.exitCode = await main(process.argv.slice(2));
