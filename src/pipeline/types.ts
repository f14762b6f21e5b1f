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

/**
 * A document as the corpus stages hold it: provenance, profile, title and passages (with their
 * text), without the raw text, the cleaned text, blocks, removed spans, references and metadata,
 * which stay on disk until the write stage reads them back one document at a time (CorpusDocs.load).
 */
export type CorpusDoc = Omit<SegmentedDoc, HeavyField>;

export const toCorpusDoc = (doc: SegmentedDoc): CorpusDoc => {
  const light: Record<string, unknown> = { ...doc };
  for (const f of HEAVY_FIELDS) delete light[f];
  return light as CorpusDoc;
};

/** What the per-document stages hand to the corpus-wide ones. */
export interface CorpusDocs {
  documents: CorpusDoc[];
  rejected: RejectedInput[];
  /** The whole document (read back from where the runner put it), one at a time. */
  load(doc: CorpusDoc): SegmentedDoc;
}

/** After deduplication: every passage record, duplicates marked, and shared counts per document pair. */
export interface DedupedCorpus extends CorpusDocs {
  passages: import('../schemas.ts').PassageRecord[];
  pairs: { docA: string; docB: string; exact: number; near: number; contained: number }[];
}

export interface AnnotatedCorpus extends DedupedCorpus {
  entities: import('../schemas.ts').EntityRecord[];
  statistics: import('../schemas.ts').StatisticRecord[];
}
