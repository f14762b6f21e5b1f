// Every record the tool reads or writes has a schema here; types are inferred from them, and
// `corpus schema` / the build publish the same schemas as JSON Schema for other languages.
import { z } from 'zod';

export const SCHEMA_VERSION = '1.1.0';

/** Provenance of one raw document, as kept in raw/sources.json. */
export const SourceEntrySchema = z.object({
  title: z.string().nullable(),
  url: z.string().nullable(),
  publisher: z.string().nullable(),
  licence: z.string().nullable(),
  revision: z.string().nullable(),
  date: z.string().nullable(),
  kind: z.string().nullable().describe('source kind hint for profiling, e.g. wikipedia-dump'),
  notes: z.string().nullable(),
});
export type SourceEntry = z.infer<typeof SourceEntrySchema>;

export const SourcesFileSchema = z.record(z.string(), SourceEntrySchema);
export type SourcesFile = z.infer<typeof SourcesFileSchema>;

export const FormatSchema = z.enum(['text', 'markdown', 'html']);
export type Format = z.infer<typeof FormatSchema>;

export const BlockTypeSchema = z.enum(['title', 'heading', 'paragraph', 'list-item', 'quote']);
export type BlockType = z.infer<typeof BlockTypeSchema>;

const offsets = {
  start: z.number().int().nonnegative().describe('offset into the document text (UTF-16 units)'),
  end: z.number().int().nonnegative(),
};

export const BlockSchema = z.object({
  type: BlockTypeSchema,
  text: z.string(),
  ...offsets,
  rawStart: z.number().int().nonnegative().describe('offset of the block in the decoded raw file'),
  rawEnd: z.number().int().nonnegative(),
  depth: z.number().int().positive().nullable().describe('heading level (1 = title)'),
});
export type Block = z.infer<typeof BlockSchema>;

export const DocumentStatsSchema = z.object({
  rawChars: z.number().int(),
  cleanChars: z.number().int(),
  removedChars: z.number().int(),
  blocks: z.number().int(),
  passages: z.number().int(),
  sentences: z.number().int(),
  words: z.number().int(),
  references: z.number().int(),
});

export const DocumentRecordSchema = z.object({
  id: z.string(),
  title: z.string().nullable(),
  source: z.object({
    path: z.string(),
    sha256: z.string(),
    bytes: z.number().int(),
    format: FormatSchema,
    profile: z.string(),
    url: z.string().nullable(),
    publisher: z.string().nullable(),
    licence: z.string().nullable(),
    revision: z.string().nullable(),
    date: z.string().nullable(),
  }),
  metadata: z.record(z.string(), z.unknown()).describe('front matter or page metadata'),
  text: z.string().describe('cleaned text: blocks joined with a blank line'),
  blocks: z.array(BlockSchema),
  stats: DocumentStatsSchema,
});
export type DocumentRecord = z.infer<typeof DocumentRecordSchema>;

export const SentenceSpanSchema = z.object(offsets);

export const PassageRecordSchema = z.object({
  id: z.string().describe('hash of document id, text and occurrence: stable across unrelated edits'),
  docId: z.string(),
  index: z.number().int().nonnegative(),
  section: z.string().nullable().describe('nearest heading above the passage'),
  type: BlockTypeSchema,
  text: z.string(),
  textHash: z.string().describe('hash of the whitespace/case-normalised text, the exact-dedup key'),
  ...offsets,
  sentences: z.array(SentenceSpanSchema).describe('sentence spans, document offsets'),
  duplicateOf: z.string().nullable().describe('id of the canonical passage this one duplicates'),
  duplicateKind: z.enum(['exact', 'near', 'contained']).nullable(),
  similarity: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe('exact: 1; near: Jaccard of word shingles with the canonical passage; contained: share of sentences found in the container'),
});
export type PassageRecord = z.infer<typeof PassageRecordSchema>;

export const EntityTypeSchema = z.enum(['person', 'organization', 'place', 'law']);
export type EntityType = z.infer<typeof EntityTypeSchema>;

export const MentionSchema = z.object({
  docId: z.string(),
  passageId: z.string(),
  start: z.number().int().nonnegative().describe('offset into the passage text'),
  end: z.number().int().nonnegative(),
  docStart: z.number().int().nonnegative().describe('offset into the document text'),
  docEnd: z.number().int().nonnegative(),
  text: z.string().describe('the mention as written'),
});
export type Mention = z.infer<typeof MentionSchema>;

export const EntityRecordSchema = z.object({
  id: z.string(),
  type: EntityTypeSchema,
  name: z.string(),
  aliases: z.array(z.string()),
  mentionCount: z.number().int(),
  documents: z.array(z.string()),
  mentions: z.array(MentionSchema),
});
export type EntityRecord = z.infer<typeof EntityRecordSchema>;

export const StatisticKindSchema = z.enum(['count', 'percent', 'money', 'rate', 'duration', 'other']);
export const QualifierSchema = z.enum(['about', 'more than', 'less than', 'up to', 'at least']);

export const StatisticRecordSchema = z.object({
  id: z.string(),
  docId: z.string(),
  passageId: z.string(),
  text: z.string().describe('surface form of the figure'),
  value: z.number().describe('"21 million" -> 21000000, "$150 billion" -> 150000000000, "68%" -> 68'),
  valueMax: z.number().nullable().describe('upper end of a range ("15-49"), else null'),
  kind: StatisticKindSchema,
  unit: z.string().nullable().describe('what is counted ("victims") or the currency ("usd")'),
  qualifier: QualifierSchema.nullable().describe('"an estimated", "approximately" -> about; "over" -> more than; ...'),
  year: z.number().int().nullable().describe('the year the figure refers to, when the sentence says'),
  source: z.string().nullable().describe('id of the entity the sentence names as estimating or reporting the figure'),
  sentence: z.string(),
  start: z.number().int().nonnegative().describe('offset into the passage text'),
  end: z.number().int().nonnegative(),
  docStart: z.number().int().nonnegative(),
  docEnd: z.number().int().nonnegative(),
});
export type StatisticRecord = z.infer<typeof StatisticRecordSchema>;

export const ReferenceRecordSchema = z.object({
  id: z.string(),
  docId: z.string(),
  index: z.number().int().nonnegative(),
  raw: z.string().describe('the entry as found, white space normalised'),
  authors: z.array(z.string()),
  title: z.string().nullable(),
  container: z.string().nullable().describe('journal, publisher or website'),
  year: z.number().int().nullable(),
  volume: z.string().nullable(),
  issue: z.string().nullable(),
  pages: z.string().nullable(),
  doi: z.string().nullable(),
  url: z.string().nullable(),
  rawStart: z.number().int().nonnegative(),
  rawEnd: z.number().int().nonnegative(),
});
export type ReferenceRecord = z.infer<typeof ReferenceRecordSchema>;

export const RemovedRecordSchema = z.object({
  docId: z.string(),
  rule: z.string(),
  rawStart: z.number().int().nonnegative(),
  rawEnd: z.number().int().nonnegative(),
  text: z.string(),
});
export type RemovedRecord = z.infer<typeof RemovedRecordSchema>;

export const StageStatsSchema = z.object({
  name: z.string(),
  scope: z.enum(['document', 'corpus']),
  counters: z.record(z.string(), z.number()),
});
export type StageStats = z.infer<typeof StageStatsSchema>;

export const VersionChangeSchema = z.enum(['initial', 'major', 'minor', 'patch', 'none']);
export type VersionChange = z.infer<typeof VersionChangeSchema>;

export const DatasetVersionSchema = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+$/).describe('semver of the dataset, bumped by the build from what changed'),
  previous: z.string().nullable().describe('version of the dataset this build replaced (null for the first)'),
  change: VersionChangeSchema.describe('major: schema changed or documents removed; minor: documents added; patch: content or pipeline changed'),
  reasons: z.array(z.string()).describe('why the version changed, one line per kind of change'),
});
export type DatasetVersion = z.infer<typeof DatasetVersionSchema>;

export const ManifestSchema = z.object({
  schemaVersion: z.string(),
  tool: z.object({ name: z.string(), version: z.string() }),
  dataset: DatasetVersionSchema,
  pipeline: z.object({ name: z.string(), configHash: z.string(), config: z.unknown() }),
  inputs: z.array(
    z.object({
      path: z.string(),
      sha256: z.string().nullable(),
      bytes: z.number().int(),
      status: z.enum(['processed', 'rejected']),
      docId: z.string(),
      format: FormatSchema.nullable(),
      profile: z.string().nullable(),
      reason: z.string().nullable(),
      stage: z.string().nullable().describe('stage that rejected the input'),
    }),
  ),
  outputs: z.array(
    z.object({ path: z.string(), sha256: z.string(), bytes: z.number().int(), records: z.number().int() }),
  ),
  stages: z.array(StageStatsSchema),
  duplicates: z
    .array(
      z.object({
        docA: z.string(),
        docB: z.string(),
        exact: z.number().int(),
        near: z.number().int(),
        contained: z.number().int(),
      }),
    )
    .describe('passages shared per pair of documents, by kind of match'),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** The JSONL datasets and the schema each line must satisfy. */
export const DATASETS = {
  'documents.jsonl': DocumentRecordSchema,
  'passages.jsonl': PassageRecordSchema,
  'entities.jsonl': EntityRecordSchema,
  'statistics.jsonl': StatisticRecordSchema,
  'references.jsonl': ReferenceRecordSchema,
  'removed.jsonl': RemovedRecordSchema,
} as const;
export type DatasetName = keyof typeof DATASETS;
