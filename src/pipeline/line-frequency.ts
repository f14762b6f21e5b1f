// Lines that repeat across documents are a strong boilerplate signal (site footers, menus,
// "Share this article"). This counts, for each normalised line, how many input files contain it.
// Lines are kept as 64-bit hashes, so memory grows with distinct lines, not with text.
import { readFileSync } from 'node:fs';
import { hash } from 'node:crypto';

// Each run of white space becomes one space. The pattern skips the runs that already are one space
// (most of them): replacing every space with itself made this the costliest step of counting.
export const normaliseLine = (line: string): string => line.normalize('NFKC').replace(/\s{2,}|[^\S ]/g, ' ').trim().toLowerCase();

// One-shot crypto.hash: the same key as createHash('sha1'), without a Hash object per line.
const hashLine = (line: string): string => hash('sha1', line, 'base64').slice(0, 11);

/** The key a line is counted under (its normalised form, hashed). */
export const lineKey = (line: string): string => hashLine(normaliseLine(line));

export class LineFrequency {
  private readonly counts = new Map<string, number>();
  constructor(readonly documents: number) {}

  /** Counts the lines of every file, one file in memory at a time; onFile is told each file's size. */
  static fromFiles(paths: readonly string[], onFile?: (bytes: number) => void): LineFrequency {
    const lf = new LineFrequency(paths.length);
    for (const p of paths) {
      let text: string;
      try {
        text = readFileSync(p, 'utf8');
      } catch {
        onFile?.(0);
        continue;
      }
      onFile?.(Buffer.byteLength(text));
      lf.addDocument(text);
    }
    return lf;
  }

  /** A table of the given counts (as from entries()): lines not in it count as in no document. */
  static fromEntries(documents: number, entries: Iterable<readonly [string, number]>): LineFrequency {
    const lf = new LineFrequency(documents);
    for (const [k, n] of entries) lf.counts.set(k, n);
    return lf;
  }

  /**
   * The lines found in at least min documents, as [key, count], sorted by key: the compact table
   * workers need (a line in one document is no evidence of boilerplate; profiles compare counts
   * with a threshold of at least 2).
   */
  entries(min = 2): [string, number][] {
    const out: [string, number][] = [];
    for (const [k, n] of this.counts) if (n >= min) out.push([k, n]);
    return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  addDocument(text: string): void {
    const seen = new Set<string>();
    for (const raw of text.split('\n')) {
      const line = normaliseLine(raw);
      if (line.length < 8 || line.length > 400) continue;
      seen.add(hashLine(line));
    }
    for (const h of seen) this.counts.set(h, (this.counts.get(h) ?? 0) + 1);
  }

  /** Number of documents that contain this line (after normalisation). */
  count(line: string): number {
    return this.countKey(lineKey(line));
  }

  /** Number of documents that contain the line with this key (see lineKey). */
  countKey(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}
