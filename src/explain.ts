// `corpus clean --explain`: every part of the raw document, in order, as kept (with its block
// type and the rule that kept it) or removed (with the rule that removed it), so a user can see
// why. Raw text that no rule accounts for is listed too: it should not exist.
import type { SegmentedDoc } from './pipeline/types.ts';

export interface ExplainEntry {
  action: 'keep' | 'drop';
  /** Block type for kept text, rule for removed text. */
  what: string;
  /** The rule that kept a block, or the features behind a removal. */
  why: string | null;
  rawStart: number;
  rawEnd: number;
  text: string;
  /** Removals inside a kept block (citation markers): depth 1. */
  depth: number;
}

export function explainDocument(doc: SegmentedDoc): ExplainEntry[] {
  const entries: ExplainEntry[] = [];
  const kept = doc.blocks.filter((b) => b.rawEnd > b.rawStart).map((b) => ({ ...b }));
  const removed = [...doc.removed].sort((a, b) => a.rawStart - b.rawStart || b.rawEnd - a.rawEnd);
  type Span = { start: number; end: number; entry: ExplainEntry };
  const spans: Span[] = [];
  for (const b of kept) {
    const decision = (b as { decision?: string }).decision ?? null;
    spans.push({ start: b.rawStart, end: b.rawEnd, entry: { action: 'keep', what: b.type, why: decision, rawStart: b.rawStart, rawEnd: b.rawEnd, text: b.text, depth: 0 } });
  }
  for (const r of removed) {
    const inside = kept.some((b) => b.rawStart <= r.rawStart && r.rawEnd <= b.rawEnd);
    spans.push({
      start: r.rawStart,
      end: r.rawEnd,
      entry: { action: 'drop', what: r.rule, why: r.detail ?? null, rawStart: r.rawStart, rawEnd: r.rawEnd, text: doc.raw.slice(r.rawStart, r.rawEnd), depth: inside ? 1 : 0 },
    });
  }
  spans.sort((a, b) => a.start - b.start || a.entry.depth - b.entry.depth || b.end - a.end);
  // Raw text that no rule accounts for (white space aside) is reported as unaccounted; in HTML,
  // the markup between elements (tags, comments) is not text and is not listed.
  const isText = (gap: string) => (doc.format === 'html' ? gap.replace(/<!--[\s\S]*?(?:-->|$)|<[^>]*>?/g, '') : gap).trim() !== '';
  // In HTML, text outside every listed element lies outside the container chosen as the article.
  const gapRule = doc.format === 'html' ? 'html:outside-main' : 'unaccounted';
  let covered = 0;
  for (const s of spans) {
    if (s.start > covered) {
      const gap = doc.raw.slice(covered, s.start);
      if (isText(gap)) entries.push({ action: 'drop', what: gapRule, why: null, rawStart: covered, rawEnd: s.start, text: gap, depth: 0 });
    }
    entries.push(s.entry);
    covered = Math.max(covered, s.end);
  }
  const tail = doc.raw.slice(covered);
  if (isText(tail)) entries.push({ action: 'drop', what: gapRule, why: null, rawStart: covered, rawEnd: doc.raw.length, text: tail, depth: 0 });
  return entries;
}

const oneLine = (s: string, max: number) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

export function formatExplain(entries: ExplainEntry[], width = 100): string {
  const whatWidth = Math.min(32, Math.max(...entries.map((e) => e.what.length), 4));
  return entries
    .map((e) => {
      const indent = e.depth ? '  ' : '';
      const label = `${indent}${e.action === 'keep' ? 'KEEP' : 'DROP'} ${e.what.padEnd(whatWidth)}`;
      const range = `${e.rawStart}-${e.rawEnd}`.padStart(13);
      const why = e.why ? ` (${e.why})` : '';
      return `${label} ${range}  ${oneLine(e.text, width)}${why}`;
    })
    .join('\n');
}
