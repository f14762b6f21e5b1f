// One interface for source-specific cleaning. A profile says how likely a document is of its
// kind and cuts the document into kept blocks and removed spans. Adding a source kind is adding
// a file that implements this and listing it in ./index.ts.
import type { Format } from '../schemas.ts';
import type { DraftBlock, DraftReference, IngestedDoc, ProfiledDoc, RemovedSpan } from '../pipeline/types.ts';

export interface StripResult {
  title: string | null;
  metadata: Record<string, unknown>;
  blocks: DraftBlock[];
  removed: RemovedSpan[];
  references: DraftReference[];
}

/** Corpus-wide facts a profile may use when it cannot decide from one document alone. */
export interface StripContext {
  /** In how many documents of the corpus this line occurs (1 = only this one). */
  lineDocumentCount(line: string): number;
  /** Documents in the corpus. */
  documents: number;
  /** A line in at least this many documents counts as repeated boilerplate. */
  repeatedLineMinDocs: number;
}

export const NO_CONTEXT: StripContext = { lineDocumentCount: () => 1, documents: 1, repeatedLineMinDocs: Infinity };

export interface SourceProfile {
  name: string;
  description: string;
  /** Formats the profile can read. */
  formats: readonly Format[];
  /** Confidence in [0, 1] that the document is of this kind, judged from its content. */
  detect(doc: IngestedDoc): number;
  strip(doc: ProfiledDoc, context?: StripContext): StripResult;
}
