export { diffCorpora, snapshotFromRecords, summariseDocument, sideOf, type CorpusSnapshot, type DiffOptions, type DocumentSummary } from './diff.ts';
export { diffDatasets, loadSnapshots } from './load.ts';
export { renderJson, renderMarkdown, renderTerminal, useColor, type RenderOptions, type TerminalOptions } from './render.ts';
export * from './schema.ts';
