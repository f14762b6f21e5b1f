// The record `corpus diff --json` prints: what changed between two builds of a corpus.
import { z } from 'zod';
import { DocumentStatsSchema, EntityTypeSchema, StatisticRecordSchema } from '../schemas.ts';

export const DIFF_SCHEMA_VERSION = '1.0.0';

const int = () => z.number().int().nonnegative();

export const DiffSideSchema = z.object({
  label: z.string().describe('the location as given: a folder, or REV:path for a git revision'),
  kind: z.enum(['folder', 'revision']),
  commit: z.string().nullable().describe('the commit a revision resolved to'),
  schemaVersion: z.string(),
  toolVersion: z.string(),
  datasetVersion: z.string().nullable().describe("the dataset's own version, when its build recorded one"),
  pipeline: z.string(),
  configHash: z.string(),
  documents: int(),
});
export type DiffSide = z.infer<typeof DiffSideSchema>;

export const PassageRefSchema = z.object({
  id: z.string(),
  index: int(),
  section: z.string().nullable(),
  start: int().describe('offset into the document text'),
  end: int(),
});
export type PassageRef = z.infer<typeof PassageRefSchema>;

export const PassageWithTextSchema = PassageRefSchema.extend({ text: z.string() });
export type PassageWithText = z.infer<typeof PassageWithTextSchema>;

export const RemovedPassageSchema = PassageWithTextSchema.extend({
  afterNewIndex: int().nullable().describe('index of the new passage that now stands before where this one stood (null: at the start)'),
});
export type RemovedPassage = z.infer<typeof RemovedPassageSchema>;

export const WordDiffPartSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('equal'), text: z.string() }),
  z.object({ op: z.literal('removed'), text: z.string() }),
  z.object({ op: z.literal('added'), text: z.string() }),
  z.object({ op: z.literal('skip'), words: int().describe('unchanged words left out between two changes') }),
]);
export type WordDiffPart = z.infer<typeof WordDiffPartSchema>;

export const PassageChangeSchema = z
  .object({
    kind: z.enum(['modified', 'split', 'merged', 'regrouped']).describe('one to one, one to several, several to one, several to several'),
    textChanged: z.boolean().describe('false when only the passage boundaries moved'),
    old: z.array(PassageRefSchema).min(1),
    new: z.array(PassageRefSchema).min(1),
    similarity: z.number().min(0).max(1).describe('Jaccard similarity of the word sets of the old and the new text'),
    wordsRemoved: int(),
    wordsAdded: int(),
    diff: z
      .array(WordDiffPartSchema)
      .describe('word-level diff, unchanged runs cut to a few words of context; equal + removed texts concatenate to the old text, equal + added to the new (white space squashed)'),
  })
  .describe('a modified passage; several passages on one side when a paragraph was split or merged');
export type PassageChange = z.infer<typeof PassageChangeSchema>;

const SourceVersionSchema = z.object({
  sha256: z.string(),
  bytes: int(),
  profile: z.string(),
  url: z.string().nullable(),
  revision: z.string().nullable(),
  date: z.string().nullable(),
});

export const DocumentBriefSchema = z.object({
  id: z.string(),
  title: z.string().nullable(),
  sha256: z.string(),
  passages: int(),
  words: int(),
});
export type DocumentBrief = z.infer<typeof DocumentBriefSchema>;

export const DocumentChangeSchema = z.object({
  id: z.string(),
  title: z.object({ old: z.string().nullable(), new: z.string().nullable() }),
  sourceChanged: z.boolean().describe('the raw file differs (sha256)'),
  textChanged: z.boolean().describe('the cleaned text differs'),
  source: z.object({ old: SourceVersionSchema, new: SourceVersionSchema }),
  stats: z.object({ old: DocumentStatsSchema, new: DocumentStatsSchema }),
  passages: z.object({
    unchanged: int(),
    modified: z.array(PassageChangeSchema),
    added: z.array(PassageWithTextSchema),
    removed: z.array(RemovedPassageSchema),
  }),
});
export type DocumentChange = z.infer<typeof DocumentChangeSchema>;

export const EntityBriefSchema = z.object({
  id: z.string(),
  type: EntityTypeSchema,
  name: z.string(),
  mentionCount: int(),
  documents: z.array(z.string()),
});
export type EntityBrief = z.infer<typeof EntityBriefSchema>;

export const EntityChangeSchema = z.object({
  old: EntityBriefSchema,
  new: EntityBriefSchema,
  mentions: z.object({ old: int(), new: int() }),
  documents: z
    .array(z.object({ docId: z.string(), old: int(), new: int() }))
    .describe('mention counts per document, for the documents where they differ'),
});
export type EntityChange = z.infer<typeof EntityChangeSchema>;

// A statistic as the diff shows it: the record without its offsets, with its source's name.
export const StatisticBriefSchema = StatisticRecordSchema.omit({ start: true, end: true, docStart: true, docEnd: true }).extend({
  sourceName: z.string().nullable().describe("the source entity's name"),
});
export type StatisticBrief = z.infer<typeof StatisticBriefSchema>;

export const StatisticFieldSchema = z.enum(['value', 'valueMax', 'kind', 'unit', 'qualifier', 'year', 'source']);
export type StatisticField = z.infer<typeof StatisticFieldSchema>;

export const StatisticChangeSchema = z.object({
  old: StatisticBriefSchema,
  new: StatisticBriefSchema,
  fields: z.array(StatisticFieldSchema).min(1).describe('what differs'),
  similarity: z.number().min(0).max(1).describe("share of the shorter sentence's key words found in the other"),
});
export type StatisticChange = z.infer<typeof StatisticChangeSchema>;

export const ReferenceBriefSchema = z.object({
  id: z.string(),
  docId: z.string(),
  index: int(),
  raw: z.string(),
  title: z.string().nullable(),
  year: z.number().int().nullable(),
  doi: z.string().nullable(),
  url: z.string().nullable(),
});
export type ReferenceBrief = z.infer<typeof ReferenceBriefSchema>;

const counts = <K extends string>(...keys: K[]) => z.object(Object.fromEntries(keys.map((k) => [k, int()])) as Record<K, ReturnType<typeof int>>);

export const DiffSummarySchema = z.object({
  changed: z.boolean(),
  documents: counts('added', 'removed', 'changed', 'unchanged'),
  passages: counts('added', 'removed', 'modified', 'resegmented', 'unchanged').describe(
    'modified: changes whose text differs (a split or merge is one); resegmented: changes where only passage boundaries moved; passages of added and removed documents count as added and removed',
  ),
  entities: counts('appeared', 'disappeared', 'changed', 'unchanged'),
  statistics: counts('appeared', 'disappeared', 'changed', 'unchanged'),
  references: counts('added', 'removed', 'unchanged'),
});
export type DiffSummary = z.infer<typeof DiffSummarySchema>;

export const DiffReportSchema = z.object({
  diffSchemaVersion: z.string(),
  old: DiffSideSchema,
  new: DiffSideSchema,
  summary: DiffSummarySchema,
  documents: z.object({
    added: z.array(DocumentBriefSchema),
    removed: z.array(DocumentBriefSchema),
    changed: z.array(DocumentChangeSchema),
    unchanged: z.array(z.string()),
  }),
  entities: z.object({
    appeared: z.array(EntityBriefSchema),
    disappeared: z.array(EntityBriefSchema),
    changed: z.array(EntityChangeSchema),
  }),
  statistics: z.object({
    appeared: z.array(StatisticBriefSchema),
    disappeared: z.array(StatisticBriefSchema),
    changed: z.array(StatisticChangeSchema),
  }),
  references: z.object({
    added: z.array(ReferenceBriefSchema),
    removed: z.array(ReferenceBriefSchema),
  }),
});
export type DiffReport = z.infer<typeof DiffReportSchema>;

/** The DiffReport as JSON Schema, for consumers of `corpus diff --json` in other languages. */
export const diffReportJsonSchema = (): Record<string, unknown> => z.toJSONSchema(DiffReportSchema) as Record<string, unknown>;
