export { readCorpus, DatasetError, type Corpus, type DatasetInfo, type CorpusLocation, type ReadCorpusOptions, type RecordStream, type RecordOf } from './read.ts';
export { jsonSchemas, jsonSchemaFiles, JSON_SCHEMA_NAMES } from './json-schema.ts';
