// Lines that repeat across documents are a strong boilerplate signal (site footers, menus,
// "Share this article"). This counts, for each normalised line, how many input files contain it.
// Lines are kept as 64-bit hashes, so memory grows with distinct lines, not with text.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

export const normaliseLine = (line: string): string => line.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

const hashLine = (line: string): string => createHash('sha1').update(line).digest('base64').slice(0, 11);

export class LineFrequency {
  private readonly counts = new Map<string, number>();
  constructor(readonly documents: number) {}

  static fromFiles(paths: readonly string[]): LineFrequency {
    const lf = new LineFrequency(paths.length);
    for (const p of paths) {
      let text: string;
      try {
        text = readFileSync(p, 'utf8');
      } catch {
        continue;
      }
      lf.addDocument(text);
    }
    return lf;
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
    return this.counts.get(hashLine(normaliseLine(line))) ?? 0;
  }
}
