// In-memory shapes that flow between stages. Records written to out/ are in ../schemas.ts;
// these are the drafts the per-document stages hand to each other.
import type { BlockType, Format, SourceEntry, Block } from '../schemas.ts';

/** A file found in the input folder, before anything is decided about it. */
export interface RawInput {
  id: string;
  relPath: string;
  absPath: string;
  bytes: Buffer;
  provenance: SourceEntry | null;
}

export interface IngestedDoc {
  id: string;
  relPath: string;
  sha256: string;
  byteLength: number;
  format: Format;
  /** Decoded text of the file (BOM removed, CRLF -> LF); every raw offset points into it. */
  raw: string;
  provenance: SourceEntry | null;
}

export interface ProfiledDoc extends IngestedDoc {
  profile: string;
}

/** A block as a profile cut it out of the raw text, before normalisation. */
export interface DraftBlock {
  type: BlockType;
  text: string;
  rawStart: number;
  rawEnd: number;
  depth: number | null;
  /** The break before this block is an artifact of the dump: normalise joins it to the previous one. */
  continuesPrevious?: boolean;
  /** Why the block was kept, for `corpus clean --explain` (rule name and, for classifiers, features). */
  decision?: string;
}

export interface RemovedSpan {
  rule: string;
  rawStart: number;
  rawEnd: number;
  /** The features behind a classifier's decision, for `corpus clean --explain`. */
  detail?: string;
}

export interface DraftReference {
  raw: string;
  rawStart: number;
  rawEnd: number;
}

export interface StrippedDoc extends ProfiledDoc {
  title: string | null;
  metadata: Record<string, unknown>;
  blocks: DraftBlock[];
  removed: RemovedSpan[];
  references: DraftReference[];
}

export interface DraftPassage {
  index: number;
  section: string | null;
  type: BlockType;
  text: string;
  start: number;
  end: number;
  sentences: { start: number; end: number }[];
}

export interface SegmentedDoc extends Omit<StrippedDoc, 'blocks'> {
  text: string;
  blocks: Block[];
  passages: DraftPassage[];
}

/** An input that a document stage turned away (or that broke it), kept for the manifest. */
export interface RejectedInput {
  id: string;
  relPath: string;
  /** null when the file could not be read at all. */
  sha256: string | null;
  byteLength: number;
  stage: string;
  reason: string;
}

/** The parts of a segmented document that corpus stages hold for the whole build. */
export type HeavyField = 'raw' | 'text' | 'blocks' | 'removed' | 'references' | 'metadata';
export const HEAVY_FIELDS: readonly HeavyField[] = ['raw', 'text', 'blocks', 'removed', 'references', 'metadata'];

/** A passage as the corpus stages hold it: where it is in its document, not its text. */
export type LightPassage = Omit<DraftPassage, 'text'>;

/**
 * A document as the corpus stages hold it: provenance, profile, title, passages (offsets, no
 * text) and the compact per-document data corpus stages computed where the document stages ran
 * (features, by stage name: hashes, signatures). The raw and cleaned text, blocks, removed spans,
 * references and metadata stay on disk until a stage reads them back one document at a time
 * (CorpusDocs.load, CorpusDocs.text): the coordinator's memory grows with the number of passages,
 * not with the corpus's text.
 */
export type CorpusDoc = Omit<SegmentedDoc, HeavyField | 'passages'> & { passages: LightPassage[]; features: Record<string, unknown> };

export const toCorpusDoc = (doc: SegmentedDoc, features: Record<string, { data: unknown }>): CorpusDoc => {
  const light: Record<string, unknown> = { ...doc };
  for (const f of HEAVY_FIELDS) delete light[f];
  light.passages = doc.passages.map(({ text: _text, ...p }) => p);
  light.features = Object.fromEntries(Object.entries(features).map(([name, f]) => [name, f.data]));
  return light as CorpusDoc;
};

/** What the per-document stages hand to the corpus-wide ones. */
export interface CorpusDocs {
  documents: CorpusDoc[];
  rejected: RejectedInput[];
  /** The whole document (read back from where the runner put it), one at a time. */
  load(doc: CorpusDoc): SegmentedDoc;
  /** The document's cleaned text (what passage offsets point into), read back without the rest. */
  text(doc: CorpusDoc): string;
  /** Bytes [start, end) of the blob a corpus stage's features hook returned for the document. */
  blob(doc: CorpusDoc, stage: string, start: number, end: number): Uint8Array;
}

/** A passage record without its text (the text is read back from its document when written or tagged). */
export type PassageRow = Omit<import('../schemas.ts').PassageRecord, 'text'>;

/**
 * The text of passages, read from their documents' cleaned text, keeping the last few documents
 * read: stages go through passages in document order, so each document is read about once.
 */
export function passageTexts(corpus: CorpusDocs, keep = 4): (p: { docId: string; start: number; end: number }) => string {
  const byId = new Map(corpus.documents.map((d) => [d.id, d]));
  const recent = new Map<string, string>();
  return (p) => {
    let text = recent.get(p.docId);
    if (text === undefined) {
      const doc = byId.get(p.docId);
      if (!doc) throw new Error(`passage of unknown document ${p.docId}`);
      text = corpus.text(doc);
      if (recent.size >= keep) recent.delete(recent.keys().next().value!);
      recent.set(p.docId, text);
    }
    return text.slice(p.start, p.end);
  };
}

/** After deduplication: every passage record, duplicates marked, and shared counts per document pair. */
export interface DedupedCorpus extends CorpusDocs {
  passages: PassageRow[];
  pairs: { docA: string; docB: string; exact: number; near: number; contained: number }[];
}

export interface AnnotatedCorpus extends DedupedCorpus {
  entities: import('../schemas.ts').EntityRecord[];
  statistics: import('../schemas.ts').StatisticRecord[];
}
