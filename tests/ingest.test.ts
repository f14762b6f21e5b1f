import { describe, expect, it } from 'vitest';
import { decodeUtf8, detectFormat, ingest } from '../src/stages/ingest.ts';
import { isRejection } from '../src/pipeline/stage.ts';
import { seedText } from './helpers.ts';

const ctx = { count: () => {}, warn: () => {} };
const run = ingest.create(ingest.options.parse({}), {} as never);

describe('ingest', () => {
  it('decodes UTF-8, strips the BOM and turns CRLF into LF', () => {
    const r = decodeUtf8(Buffer.from('\uFEFFHuman trafficking\r\nis a crime.\r\n', 'utf8'));
    expect(r).toEqual({ text: 'Human trafficking\nis a crime.\n' });
  });

  it('rejects empty, white-space-only, binary and invalid UTF-8 input with a reason', () => {
    expect(decodeUtf8(Buffer.alloc(0))).toEqual({ error: 'empty file' });
    expect(decodeUtf8(Buffer.from('  \n\t\n'))).toEqual({ error: 'empty file (white space only)' });
    expect(decodeUtf8(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toEqual({ error: 'binary file (contains NUL bytes)' });
    expect(decodeUtf8(Buffer.from([0x48, 0x69, 0x20, 0xff, 0xfe]))).toEqual({ error: "invalid UTF-8 at byte 3" });
  });

  it('detects formats by extension and sniffs HTML without one', () => {
    expect(detectFormat('a.txt', 'x')).toBe('text');
    expect(detectFormat('a.md', 'x')).toBe('markdown');
    expect(detectFormat('a.HTML', 'x')).toBe('html');
    expect(detectFormat('page', '<!DOCTYPE html><html>')).toBe('html');
    expect(detectFormat('table.csv', 'a,b')).toBeNull();
  });

  it('hashes and keeps the seed text unchanged', () => {
    const raw = seedText('000_fabdf6038ec78e08');
    const out = run({ id: '000', relPath: '000.txt', absPath: '', bytes: Buffer.from(raw), provenance: null }, ctx);
    if (isRejection(out)) throw new Error(out.reason);
    expect(out.raw).toBe(raw);
    expect(out.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(out.format).toBe('text');
  });

  it('rejects files over the size limit', () => {
    const small = ingest.create(ingest.options.parse({ maxBytes: 10 }), {} as never);
    const out = small({ id: 'x', relPath: 'x.txt', absPath: '', bytes: Buffer.from('a'.repeat(11)), provenance: null }, ctx);
    expect(isRejection(out) && out.reason).toBe('too large (11 bytes; the limit is 10)');
  });
});

describe('firstInvalidUtf8', () => {
  it('points at the first byte of the broken sequence', async () => {
    const { firstInvalidUtf8 } = await import('../src/stages/ingest.ts');
    expect(firstInvalidUtf8(Buffer.from('Caf\xe9 au lait', 'latin1'))).toBe(3);
    expect(firstInvalidUtf8(Buffer.from('Café ✓ 😀', 'utf8'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // a surrogate
    expect(firstInvalidUtf8(Buffer.from([0xc0, 0xaf]))).toBe(0); // overlong
  });
});
