// Stage 8 (corpus-wide): write the datasets. Every record is validated against its schema on the
// way out; everything goes to a temporary folder beside the target, which replaces the target
// only when complete, so a failed build never leaves a half-written out/.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseReference } from '../nlp/references.ts';
import { documentToMarkdown } from '../output/markdown.ts';
import { corpusStage } from '../pipeline/stage.ts';
import { passageTexts, type AnnotatedCorpus, type PassageRow, type SegmentedDoc } from '../pipeline/types.ts';
import {
  DATASETS,
  DocumentRecordSchema,
  ManifestSchema,
  ReferenceRecordSchema,
  RemovedRecordSchema,
  SCHEMA_VERSION,
  type DatasetName,
  type DocumentRecord,
  type EntityRecord,
  type Manifest,
  type PassageRecord,
  type ReferenceRecord,
  type RemovedRecord,
  type StatisticRecord,
} from '../schemas.ts';
import { sha256, shortHash } from '../util/hash.ts';
import { jsonSchemas } from '../output/json-schema.ts';
import { datasetCard, languageOf, type CardDocument } from '../output/dataset-card.ts';
import { nextVersion, versionFacts, type VersionFacts } from '../output/dataset-version.ts';

export const WriteOptions = z.object({
  markdown: z.boolean().default(true),
  /** out/text/<docId>.txt: the canonical passages of each document, one per paragraph. */
  textView: z.boolean().default(true),
  /** out/README.md, the dataset card. */
  card: z
    .object({
      title: z.string().default('Text corpus'),
      description: z.string().nullable().default(null),
      tags: z.array(z.string()).default([]),
      limitations: z.array(z.string()).default([]),
    })
    .default({ title: 'Text corpus', description: null, tags: [], limitations: [] }),
});

/** The facts the version is decided on, from the dataset being replaced; null when there is none. */
function previousFacts(outDir: string): VersionFacts | null {
  try {
    return versionFacts(JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')));
  } catch {
    return null;
  }
}

export interface WriteResult {
  outDir: string;
  manifest: Manifest;
}

/**
 * A word: letters and digits, inner apostrophes and hyphens included. The first alternative is
 * only a faster way to the same matches: a word of ASCII letters and digits followed by nothing
 * that could continue it (most words), which spares the Unicode classes their cost per character.
 */
const WORD = /[a-zA-Z0-9]+(?:['’-][a-zA-Z0-9]+)*(?![\p{L}\p{N}'’-])|[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/** How many times a global regular expression matches in text (test() makes no array nor strings). */
function countMatches(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.test(text)) n++;
  return n;
}

export function toDocumentRecord(doc: SegmentedDoc): DocumentRecord {
  const removedChars = doc.removed.reduce((n, r) => n + (r.rawEnd - r.rawStart), 0);
  const p = doc.provenance;
  return DocumentRecordSchema.parse({
    id: doc.id,
    title: doc.title,
    source: {
      path: doc.relPath,
      sha256: doc.sha256,
      bytes: doc.byteLength,
      format: doc.format,
      profile: doc.profile,
      url: p?.url ?? null,
      publisher: p?.publisher ?? null,
      licence: p?.licence ?? null,
      revision: p?.revision ?? null,
      date: p?.date ?? null,
    },
    metadata: doc.metadata,
    text: doc.text,
    blocks: doc.blocks,
    stats: {
      rawChars: doc.raw.length,
      cleanChars: doc.text.length,
      removedChars,
      blocks: doc.blocks.length,
      passages: doc.passages.length,
      sentences: doc.passages.reduce((n, x) => n + x.sentences.length, 0),
      words: countMatches(WORD, doc.text),
      references: doc.references.length,
    },
  });
}

export function referenceRecords(doc: SegmentedDoc): ReferenceRecord[] {
  return doc.references.map((r, index) =>
    ReferenceRecordSchema.parse({
      id: shortHash(doc.id, 'ref', String(index), r.raw),
      docId: doc.id,
      index,
      raw: r.raw.replace(/\s+/g, ' ').trim(),
      ...parseReference(r.raw),
      rawStart: r.rawStart,
      rawEnd: r.rawEnd,
    }),
  );
}

/** A passage record with its text, fields in the record's order. */
const withText = ({ id, docId, index, section, type, ...rest }: PassageRow, text: string): PassageRecord => ({ id, docId, index, section, type, text, ...rest });

export function removedRecords(doc: SegmentedDoc): RemovedRecord[] {
  return doc.removed.map((r) => RemovedRecordSchema.parse({ docId: doc.id, rule: r.rule, rawStart: r.rawStart, rawEnd: r.rawEnd, text: doc.raw.slice(r.rawStart, r.rawEnd) }));
}


export const write = corpusStage({
  name: 'write',
  description: 'validate and write JSONL, Markdown, JSON Schemas and the manifest, atomically',
  scope: 'corpus',
  consumes: 'annotated',
  produces: 'written',
  options: WriteOptions,
  create: (options, env) => (corpus: AnnotatedCorpus, ctx): WriteResult => {
    const outDir = path.resolve(env.outDir);
    const tmp = `${outDir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const outputs: Manifest['outputs'] = [];
    const own = { files: 0, records: 0 };
    const folders = new Set<string>();
    const put = (rel: string, content: string, records: number) => {
      const file = path.join(tmp, rel);
      const folder = path.dirname(file);
      if (!folders.has(folder)) {
        mkdirSync(folder, { recursive: true });
        folders.add(folder);
      }
      // Encoded once, for the file, its hash and its size.
      const bytes = Buffer.from(content);
      writeFileSync(file, bytes);
      outputs.push({ path: rel, sha256: sha256(bytes), bytes: bytes.length, records });
      ctx.count('files');
      ctx.count('records', records);
      own.files++;
      own.records += records;
    };
    /** Files open for writing (closed on failure too). */
    const open = new Set<number>();
    /**
     * A JSONL file written record by record, hashed as it grows: add() validates a record,
     * addValid() takes one its schema has already parsed (the records built by this module).
     */
    const jsonlFile = <R>(name: DatasetName) => {
      const schema = DATASETS[name] as unknown as z.ZodType<R>;
      const fd = openSync(path.join(tmp, name), 'w');
      open.add(fd);
      const hash = createHash('sha256');
      let buffered: string[] = [];
      let pending = 0;
      let bytes = 0;
      let records = 0;
      const flush = () => {
        // Encoded once, for the file, the hash and the size.
        const chunk = Buffer.from(buffered.join(''));
        buffered = [];
        pending = 0;
        writeSync(fd, chunk);
        hash.update(chunk);
        bytes += chunk.length;
      };
      const addValid = (record: R) => {
        const line = `${JSON.stringify(record)}\n`;
        buffered.push(line);
        pending += line.length;
        records++;
        if (pending > 1 << 20) flush();
      };
      return {
        add: (record: unknown) => addValid(schema.parse(record)),
        addValid,
        close() {
          flush();
          open.delete(fd);
          closeSync(fd);
          outputs.push({ path: name, sha256: hash.digest('hex'), bytes, records });
          ctx.count('files');
          ctx.count('records', records);
          own.files++;
          own.records += records;
          return records;
        },
      };
    };
    try {
      const docs = corpus.documents;
      // The Markdown dataset and the plain-text view hold canonical passages only.
      const passagesByDoc = new Map<string, PassageRow[]>();
      for (const p of corpus.passages) {
        const list = passagesByDoc.get(p.docId);
        if (list) list.push(p);
        else passagesByDoc.set(p.docId, [p]);
      }
      // Passage records get their text from their document while it is loaded, when the passages
      // come grouped by document in the documents' order (as dedupe leaves them); otherwise from a
      // second pass that reads the documents' text back.
      let at = 0;
      const grouped = docs.every((d) => (passagesByDoc.get(d.id) ?? []).every((p) => corpus.passages[at++] === p)) && at === corpus.passages.length;
      // Documents are read back one at a time (the runner keeps them on disk): their records, their
      // references and removed spans, their passages' text, their Markdown.
      const documentsOut = jsonlFile<DocumentRecord>('documents.jsonl');
      const referencesOut = jsonlFile<ReferenceRecord>('references.jsonl');
      const removedOut = jsonlFile<RemovedRecord>('removed.jsonl');
      const passagesOut = jsonlFile<PassageRecord>('passages.jsonl');
      const cardDocuments: CardDocument[] = [];
      for (const [k, light] of docs.entries()) {
        const doc = corpus.load(light);
        const record = toDocumentRecord(doc);
        // Built by their schemas' parse: not validated a second time.
        documentsOut.addValid(record);
        for (const r of referenceRecords(doc)) referencesOut.addValid(r);
        for (const r of removedRecords(doc)) removedOut.addValid(r);
        const passages = (passagesByDoc.get(record.id) ?? []).map((p) => withText(p, doc.text.slice(p.start, p.end)));
        if (grouped) for (const p of passages) passagesOut.add(p);
        if (options.markdown) put(`markdown/${record.id}.md`, documentToMarkdown(record, passages), 1);
        if (options.textView) {
          const canonical = passages.filter((p) => p.duplicateOf === null);
          put(`text/${record.id}.txt`, canonical.map((p) => `${p.text}\n`).join('\n'), canonical.length);
        }
        const { text, blocks: _blocks, ...rest } = record;
        cardDocuments.push({ ...rest, language: languageOf(text) });
        env.progress?.({ phase: 'writing documents', done: k + 1, total: docs.length, unit: 'documents' });
      }
      if (!grouped) {
        const textOf = passageTexts(corpus);
        for (const p of corpus.passages) passagesOut.add(withText(p, textOf(p)));
      }
      documentsOut.close();
      const referenceCount = referencesOut.close();
      removedOut.close();
      passagesOut.close();
      const entitiesOut = jsonlFile<EntityRecord>('entities.jsonl');
      for (const e of corpus.entities) entitiesOut.add(e);
      entitiesOut.close();
      const statisticsOut = jsonlFile<StatisticRecord>('statistics.jsonl');
      for (const x of corpus.statistics) statisticsOut.add(x);
      statisticsOut.close();
      for (const [name, schema] of Object.entries(jsonSchemas())) put(`schema/${name}.json`, `${JSON.stringify(schema, null, 2)}\n`, 1);

      const inputs = [
        ...docs.map((d) => ({
          path: d.relPath,
          sha256: d.sha256,
          bytes: d.byteLength,
          status: 'processed' as const,
          docId: d.id,
          format: d.format,
          profile: d.profile,
          reason: null,
          stage: null,
        })),
        ...corpus.rejected.map((r) => ({
          path: r.relPath,
          sha256: r.sha256,
          bytes: r.byteLength,
          status: 'rejected' as const,
          docId: r.id,
          format: null,
          profile: null,
          reason: r.reason,
          stage: r.stage,
        })),
      ].sort((a, b) => (a.path < b.path ? -1 : 1));
      const current = versionFacts({ pipeline: { configHash: env.configHash }, inputs, outputs })!;
      const dataset = nextVersion(previousFacts(outDir), current);
      const manifestOf = (files: Manifest['outputs']) =>
        ManifestSchema.parse({
          schemaVersion: SCHEMA_VERSION,
          tool: { name: 'corpus-builder', version: env.toolVersion },
          dataset,
          pipeline: { name: env.pipelineName, configHash: env.configHash, config: env.pipelineConfig },
          inputs,
          outputs: [...files].sort((a, b) => (a.path < b.path ? -1 : 1)),
          // This stage is still running: its entry gives what it wrote besides the manifest.
          stages: [...env.stageStats(), { name: 'write', scope: 'corpus', counters: { files: own.files, records: own.records } }],
          duplicates: corpus.pairs,
        });
      // The card describes the manifest it sits beside (counts, version), so it is written from a
      // draft of it; the card's own entry is the only difference.
      const card = datasetCard({
        manifest: manifestOf(outputs),
        documents: cardDocuments,
        passages: corpus.passages,
        entities: corpus.entities,
        statistics: corpus.statistics,
        references: referenceCount,
        options: options.card,
      });
      put('README.md', card, 1);
      const manifest = manifestOf(outputs);
      writeFileSync(path.join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      // Swap: the old dataset moves aside only once the new one is complete.
      const old = `${outDir}.old-${process.pid}`;
      if (existsSync(outDir)) renameSync(outDir, old);
      renameSync(tmp, outDir);
      rmSync(old, { recursive: true, force: true });
      return { outDir, manifest };
    } catch (err) {
      for (const fd of open) closeSync(fd);
      rmSync(tmp, { recursive: true, force: true });
      throw err;
    }
  },
});
