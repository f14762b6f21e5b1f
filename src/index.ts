// The package's entry point: building and cleaning from code, and the record schemas.
export { build, cleanFiles, cleanString, TOOL_VERSION } from './build.ts';
export { validateDataset } from './validate.ts';
export { explainDocument } from './explain.ts';
export { definePipeline, loadPipeline, PipelineSchema } from './pipeline/config.ts';
export * from './schemas.ts';
// Reading a built dataset (a folder or a git revision) with typed, validated records, and diffing two.
export {
  readCorpus,
  DatasetError,
  type Corpus,
  type CorpusLocation,
  type DatasetInfo,
  type ReadCorpusOptions,
  type RecordOf,
  type RecordStream,
} from './dataset/read.ts';
export { jsonSchemas, jsonSchemaFiles, JSON_SCHEMA_NAMES } from './dataset/json-schema.ts';
export { diffCorpora, diffDatasets, loadSnapshots, renderJson, renderMarkdown, renderTerminal, type CorpusSnapshot, type DiffOptions } from './diff/index.ts';
export {
  DIFF_SCHEMA_VERSION,
  DiffReportSchema,
  diffReportJsonSchema,
  type DiffReport,
  type DocumentChange,
  type PassageChange,
  type StatisticBrief,
  type StatisticChange,
  type WordDiffPart,
} from './diff/schema.ts';
