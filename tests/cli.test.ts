import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

describe('corpus clean --explain', () => {
  it('shows every part of 004 as kept or dropped with its rule, and nothing unaccounted', () => {
    const r = corpus('clean', '--explain', path.join(RAW, `${SEEDS.wikiDump}.txt`));
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^==> .*004_b80f684bde9cb13c\.txt \(profile wikipedia-dump\) <==$/);
    expect(lines[1]).toMatch(/^DROP wiki:navigation\s+0-\d+\s+Jump to content/);
    expect(r.stdout).toMatch(/\nKEEP heading\s+\d+-\d+\s+Definition\n/);
    expect(r.stdout).toMatch(/\n {2}DROP wiki:citation-marker\s+\d+-\d+\s+\[ 1 \]\n/);
    expect(r.stdout).toMatch(/\nDROP wiki:section:references\s+\d+-\d+\s+References \[ edit \] \^/);
    expect(r.stdout).not.toMatch(/unaccounted/);
  });

  it('explains as JSON records with raw offsets', () => {
    const r = corpus('clean', '--explain', '--json', path.join(RAW, `${SEEDS.essay}.txt`));
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { action: string; what: string; rawStart: number; rawEnd: number; text: string });
    const raw = readFileSync(path.join(RAW, `${SEEDS.essay}.txt`), 'utf8');
    expect(rows.filter((x) => x.action === 'drop').map((x) => x.what)).toEqual(['bibliography', 'essay-site:citation-block']);
    for (const row of rows.filter((x) => x.action === 'drop')) expect(raw.slice(row.rawStart, row.rawEnd)).toBe(row.text);
    expect(rows.find((x) => x.action === 'keep')).toMatchObject({ what: 'title', text: 'Immigrants as Human Trafficking Victims' });
  });
});

describe('corpus clean --explain on an HTML page', () => {
  it('lists the kept article blocks and the dropped page parts with their rules', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'corpus-explain-'));
    const page = path.join(dir, 'page.html');
    writeFileSync(
      page,
      `<html><head><title>Borders</title></head><body><nav><a href="/">Home</a><a href="/w">World</a></nav>
       <article><h1>Borders and trafficking</h1><p>Trafficking victims often cross borders on forged papers, and officials are the first who can see it.</p>
       <p>Governments that train their border officials to spot trafficking can stop it before it begins, experts say.</p></article>
       <footer><p>© 2025 News Site. All rights reserved.</p></footer></body></html>`,
    );
    const r = corpus('clean', '--explain', page);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\nKEEP paragraph\s+\d+-\d+\s+Trafficking victims often cross borders/);
    expect(r.stdout).toMatch(/\nDROP html:\S+\s+\d+-\d+\s+<nav>/);
    expect(r.stdout).toMatch(/\nDROP html:\S+\s+\d+-\d+\s+<footer>/);
    expect(r.stdout).not.toMatch(/unaccounted/);
  });
});
