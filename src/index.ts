// The package's entry point: building and cleaning from code, and the record schemas.
export { build, cleanFiles, cleanString, TOOL_VERSION } from './build.ts';
export { validateDataset } from './validate.ts';
export { explainDocument } from './explain.ts';
export { definePipeline, loadPipeline, PipelineSchema } from './pipeline/config.ts';
export * from './schemas.ts';
