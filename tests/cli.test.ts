import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RAW, ROOT, SEEDS } from './helpers.ts';

const corpus = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin/corpus.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });

describe('corpus CLI', () => {
  it('prints help for every command and exits 0', () => {
    for (const args of [['--help'], ['build', '--help'], ['clean', '--help'], ['validate', '--help']]) {
      const r = corpus(...args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: corpus/);
    }
  });

  it('exits 2 on usage errors, with one line and no stack trace', () => {
    for (const args of [['bogus'], ['build', '--pipeline', 'does-not-exist'], ['clean']]) {
      const r = corpus(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('cleans 004 and 000 to their body text, title first', () => {
    const wiki = corpus('clean', path.join(RAW, `${SEEDS.wikiDump}.txt`));
    expect(wiki.status).toBe(0);
    const lines = wiki.stdout.split('\n');
    expect(lines[0]).toBe('Human trafficking');
    expect(wiki.stdout).not.toMatch(/\[ edit \]|v t e|Jump to content|\[ \d+ \]|Retrieved from/);
    const essay = corpus('clean', '--json', path.join(RAW, `${SEEDS.essay}.txt`));
    const rec = JSON.parse(essay.stdout.trim()) as { path: string; title: string; text: string; blocks: unknown[] };
    expect(rec.title).toBe('Immigrants as Human Trafficking Victims');
    expect(rec.text).not.toMatch(/Works Cited|Cite this paper|Removal Request/);
    expect(rec.blocks.length).toBeGreaterThan(15);
  });

  it('validates the committed dataset', () => {
    const r = corpus('validate', 'out');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/out: valid/);
  });

  it('reports each rejected input on one line and exits 1', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'corpus-cli-'));
    copyFileSync(path.join(RAW, `${SEEDS.policy}.txt`), path.join(dir, 'good.txt'));
    writeFileSync(path.join(dir, 'empty.txt'), '');
    writeFileSync(path.join(dir, 'bad.txt'), Buffer.from([0x41, 0xff, 0x42]));
    const r = corpus('build', '--in', dir, '--out', path.join(dir, 'out'), '--quiet');
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n').sort()).toEqual([
      `corpus: ${path.join(dir, 'bad.txt')}: rejected: invalid UTF-8 at byte 1`,
      `corpus: ${path.join(dir, 'empty.txt')}: rejected: empty file`,
    ]);
    expect(corpus('validate', path.join(dir, 'out')).status).toBe(0);
  });
});
