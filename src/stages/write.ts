// Stage 8 (corpus-wide): write the datasets. Every record is validated against its schema on the
// way out; everything goes to a temporary folder beside the target, which replaces the target
// only when complete, so a failed build never leaves a half-written out/.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseReference } from '../nlp/references.ts';
import { documentToMarkdown } from '../output/markdown.ts';
import { corpusStage } from '../pipeline/stage.ts';
import type { AnnotatedCorpus, SegmentedDoc } from '../pipeline/types.ts';
import {
  DATASETS,
  DocumentRecordSchema,
  ManifestSchema,
  ReferenceRecordSchema,
  RemovedRecordSchema,
  SCHEMA_VERSION,
  type DatasetName,
  type DocumentRecord,
  type Manifest,
  type PassageRecord,
  type ReferenceRecord,
  type RemovedRecord,
} from '../schemas.ts';
import { sha256, shortHash } from '../util/hash.ts';
import { jsonSchemas } from '../output/json-schema.ts';

export const WriteOptions = z.object({
  markdown: z.boolean().default(true),
  /** out/text/<docId>.txt: the canonical passages of each document, one per paragraph. */
  textView: z.boolean().default(true),
});

export interface WriteResult {
  outDir: string;
  manifest: Manifest;
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
      words: (doc.text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).length,
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

export function removedRecords(doc: SegmentedDoc): RemovedRecord[] {
  return doc.removed.map((r) => RemovedRecordSchema.parse({ docId: doc.id, rule: r.rule, rawStart: r.rawStart, rawEnd: r.rawEnd, text: doc.raw.slice(r.rawStart, r.rawEnd) }));
}

const jsonl = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');

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
    const put = (rel: string, content: string, records: number) => {
      const file = path.join(tmp, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      outputs.push({ path: rel, sha256: sha256(content), bytes: Buffer.byteLength(content), records });
      ctx.count('files');
      ctx.count('records', records);
      own.files++;
      own.records += records;
    };
    try {
      const docs = corpus.documents;
      const datasets: Record<DatasetName, unknown[]> = {
        'documents.jsonl': docs.map(toDocumentRecord),
        'passages.jsonl': corpus.passages,
        'entities.jsonl': corpus.entities,
        'statistics.jsonl': corpus.statistics,
        'references.jsonl': docs.flatMap(referenceRecords),
        'removed.jsonl': docs.flatMap(removedRecords),
      };
      for (const [name, records] of Object.entries(datasets) as [DatasetName, unknown[]][]) {
        const schema = DATASETS[name];
        put(name, jsonl(records.map((r) => schema.parse(r))), records.length);
      }
      // The Markdown dataset and the plain-text view hold canonical passages only.
      const passagesByDoc = new Map<string, PassageRecord[]>();
      for (const p of corpus.passages) {
        const list = passagesByDoc.get(p.docId);
        if (list) list.push(p);
        else passagesByDoc.set(p.docId, [p]);
      }
      if (options.markdown) {
        for (const d of datasets['documents.jsonl'] as DocumentRecord[]) put(`markdown/${d.id}.md`, documentToMarkdown(d, passagesByDoc.get(d.id) ?? []), 1);
      }
      if (options.textView) {
        for (const d of docs) {
          const canonical = (passagesByDoc.get(d.id) ?? []).filter((p) => p.duplicateOf === null);
          put(`text/${d.id}.txt`, canonical.map((p) => `${p.text}\n`).join('\n'), canonical.length);
        }
      }
      for (const [name, schema] of Object.entries(jsonSchemas())) put(`schema/${name}.json`, `${JSON.stringify(schema, null, 2)}\n`, 1);

      const manifest = ManifestSchema.parse({
        schemaVersion: SCHEMA_VERSION,
        tool: { name: 'corpus-builder', version: env.toolVersion },
        pipeline: { name: env.pipelineName, configHash: env.configHash, config: env.pipelineConfig },
        inputs: [
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
        ].sort((a, b) => (a.path < b.path ? -1 : 1)),
        outputs: [...outputs].sort((a, b) => (a.path < b.path ? -1 : 1)),
        // This stage is still running: its entry gives what it wrote besides the manifest.
        stages: [...env.stageStats(), { name: 'write', scope: 'corpus', counters: { files: own.files, records: own.records } }],
        duplicates: corpus.pairs,
      });
      writeFileSync(path.join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      // Swap: the old dataset moves aside only once the new one is complete.
      const old = `${outDir}.old-${process.pid}`;
      if (existsSync(outDir)) renameSync(outDir, old);
      renameSync(tmp, outDir);
      rmSync(old, { recursive: true, force: true });
      return { outDir, manifest };
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      throw err;
    }
  },
});
