// Stage 1: read a file, decide its format and decode it. Anything that is not text we can
// trust (empty, binary, not UTF-8, too big, unknown extension) is rejected with a one-line reason.
import path from 'node:path';
import { z } from 'zod';
import { documentStage, reject } from '../pipeline/stage.ts';
import type { IngestedDoc, RawInput } from '../pipeline/types.ts';
import type { Format } from '../schemas.ts';
import { sha256 } from '../util/hash.ts';

const EXTENSIONS: Record<string, Format> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
};

export const IngestOptions = z.object({
  maxBytes: z.number().int().positive().default(50 * 1024 * 1024),
});

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Share of control characters (other than tab, newline, CR, form feed) that marks a file as binary. */
const BINARY_CONTROL_SHARE = 0.01;

export function detectFormat(relPath: string, text: string): Format | null {
  const byExt = EXTENSIONS[path.extname(relPath).toLowerCase()];
  if (byExt) return byExt;
  // No telling extension: sniff the start of the text.
  const head = text.slice(0, 1024).trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'html';
  return null;
}

export function decodeUtf8(bytes: Buffer): { text: string } | { error: string } {
  if (bytes.length === 0) return { error: 'empty file' };
  if (bytes.includes(0)) return { error: 'binary file (contains NUL bytes)' };
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    return { error: `invalid UTF-8 at byte ${at}` };
  }
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f) control++;
  }
  if (control > text.length * BINARY_CONTROL_SHARE) return { error: 'binary file (control characters)' };
  text = text.replace(/\r\n?/g, '\n');
  if (text.trim() === '') return { error: 'empty file (white space only)' };
  return { text };
}

/** Offset of the first byte of the first malformed UTF-8 sequence (RFC 3629 rules). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

export const ingest = documentStage({
  name: 'ingest',
  description: 'read each input, detect its format, decode UTF-8; reject what cannot be read',
  scope: 'document',
  consumes: 'raw-input',
  produces: 'ingested',
  options: IngestOptions,
  create: (options) => (input: RawInput, ctx): IngestedDoc | ReturnType<typeof reject> => {
    ctx.count('bytes', input.bytes.length);
    if (input.bytes.length > options.maxBytes) {
      return reject(`too large (${input.bytes.length} bytes; the limit is ${options.maxBytes})`);
    }
    const decoded = decodeUtf8(input.bytes);
    if ('error' in decoded) return reject(decoded.error);
    const format = detectFormat(input.relPath, decoded.text);
    if (!format) return reject(`unknown format (extension "${path.extname(input.relPath) || 'none'}")`);
    ctx.count(`format:${format}`);
    return {
      id: input.id,
      relPath: input.relPath,
      sha256: sha256(input.bytes),
      byteLength: input.bytes.length,
      format,
      raw: decoded.text,
      provenance: input.provenance,
    };
  },
});
