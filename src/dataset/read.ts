// Typed, validated access to a built dataset, either a folder or the dataset folder inside a git
// revision of a repository. JSONL files are streamed line by line (a large passages.jsonl is
// never held in memory at once) and every record is checked against its zod schema.
import { execFile, spawn } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { z } from 'zod';
import {
  DATASETS,
  ManifestSchema,
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

const execFileAsync = promisify(execFile);
const MANIFEST = 'manifest.json';
const GIT_MAX_BUFFER = 1 << 30;

/** A dataset that cannot be found or read, or a record that fails its schema. */
export class DatasetError extends Error {
  override name = 'DatasetError';
}

export type CorpusLocation =
  | { kind: 'folder'; dir: string }
  | { kind: 'revision'; repo: string; rev: string; commit: string; path: string };

export interface ReadCorpusOptions {
  /** Repository that revisions are resolved in (default: the current directory). */
  repo?: string;
  /** The dataset folder inside a revision, relative to `repo` (default `out`). Also tried inside a folder that has no manifest. */
  path?: string;
  /** Name used in error messages and reports (default: the location as given). */
  label?: string;
}

export type RecordOf<N extends DatasetName> = z.infer<(typeof DATASETS)[N]>;

/** An async iterable of records that can also be collected. Each call to iterate reads the file again. */
export interface RecordStream<T> extends AsyncIterable<T> {
  toArray(): Promise<T[]>;
}

/** What any version of the tool records about a dataset (read leniently from manifest.json). */
export interface DatasetInfo {
  schemaVersion: string;
  toolVersion: string;
  pipeline: string;
  configHash: string;
  /** The dataset's own semantic version, when the build recorded one. */
  datasetVersion: string | null;
  /** Processed input documents. */
  documents: number;
}

const DatasetInfoSchema = z
  .object({
    schemaVersion: z.string(),
    tool: z.object({ version: z.string() }),
    pipeline: z.object({ name: z.string(), configHash: z.string() }),
    dataset: z.object({ version: z.string() }).nullish(),
    inputs: z.array(z.object({ status: z.string() })),
  })
  .transform(
    (m): DatasetInfo => ({
      schemaVersion: m.schemaVersion,
      toolVersion: m.tool.version,
      pipeline: m.pipeline.name,
      configHash: m.pipeline.configHash,
      datasetVersion: m.dataset?.version ?? null,
      documents: m.inputs.filter((i) => i.status === 'processed').length,
    }),
  );

export interface Corpus {
  readonly location: CorpusLocation;
  readonly label: string;
  readonly info: DatasetInfo;
  /**
   * The whole manifest, when it satisfies this package's Manifest schema; null for a dataset built
   * under another manifest schema (an older revision), and `manifestProblem` says why.
   */
  readonly manifest: Manifest | null;
  readonly manifestProblem: string | null;
  documents(): RecordStream<DocumentRecord>;
  passages(): RecordStream<PassageRecord>;
  entities(): RecordStream<EntityRecord>;
  statistics(): RecordStream<StatisticRecord>;
  references(): RecordStream<ReferenceRecord>;
  removed(): RecordStream<RemovedRecord>;
  records<N extends DatasetName>(name: N): RecordStream<RecordOf<N>>;
  /** Any other file of the dataset as text, e.g. `markdown/<id>.md` or `schema/passages.json`. */
  readText(relPath: string): Promise<string>;
}

/** Opens a dataset: an existing folder wins; otherwise `location` must name a commit of `opts.repo`. */
export async function readCorpus(location: string, opts: ReadCorpusOptions = {}): Promise<Corpus> {
  const resolved = await resolveLocation(location, opts);
  const label = opts.label ?? (resolved.kind === 'folder' ? location : `${location}:${resolved.path}`);
  const files = resolved.kind === 'folder' ? folderFiles(resolved.dir, label) : revisionFiles(resolved, label);
  const { info, manifest, problem } = parseManifest(await files.readText(MANIFEST), `${label}/${MANIFEST}`);
  const records = <N extends DatasetName>(name: N): RecordStream<RecordOf<N>> =>
    recordStream(() => validatedLines(files.lines(name), DATASETS[name] as unknown as z.ZodType<RecordOf<N>>, `${label}/${name}`));
  return {
    location: resolved,
    label,
    info,
    manifest,
    manifestProblem: problem,
    records,
    documents: () => records('documents.jsonl'),
    passages: () => records('passages.jsonl'),
    entities: () => records('entities.jsonl'),
    statistics: () => records('statistics.jsonl'),
    references: () => records('references.jsonl'),
    removed: () => records('removed.jsonl'),
    readText: (relPath) => files.readText(relPath),
  };
}

async function resolveLocation(location: string, opts: ReadCorpusOptions): Promise<CorpusLocation> {
  const inner = opts.path ?? 'out';
  if (isDirectory(location)) {
    if (existsSync(path.join(location, MANIFEST))) return { kind: 'folder', dir: path.resolve(location) };
    // A checkout of this repository: its dataset folder.
    if (existsSync(path.join(location, inner, MANIFEST))) return { kind: 'folder', dir: path.resolve(location, inner) };
    throw new DatasetError(`${location}: not a dataset folder (no ${MANIFEST})`);
  }
  const repo = path.resolve(opts.repo ?? '.');
  const commit = await git(repo, ['rev-parse', '--verify', '--quiet', `${location}^{commit}`]).catch(() => null);
  if (!commit) throw new DatasetError(`${location}: neither a dataset folder nor a git revision of ${repo}`);
  const sha = commit.trim();
  const exists = await git(repo, ['cat-file', '-e', `${sha}:./${inner}/${MANIFEST}`]).then(() => true, () => false);
  if (!exists) throw new DatasetError(`${location}: revision ${sha.slice(0, 12)} has no ${inner}/${MANIFEST}`);
  return { kind: 'revision', repo, rev: location, commit: sha, path: inner };
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

async function git(repo: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', args, { cwd: repo, maxBuffer: GIT_MAX_BUFFER, encoding: 'utf8' });
  return stdout;
}

interface FileAccess {
  readText(relPath: string): Promise<string>;
  lines(relPath: string): AsyncIterable<string>;
}

function folderFiles(dir: string, label: string): FileAccess {
  const fileOf = (relPath: string) => {
    const file = path.join(dir, relPath);
    if (!existsSync(file)) throw new DatasetError(`${label}/${relPath}: missing`);
    return file;
  };
  return {
    readText: async (relPath) => readFile(fileOf(relPath), 'utf8'),
    lines: async function* (relPath) {
      yield* readLines(createReadStream(fileOf(relPath), { encoding: 'utf8' }));
    },
  };
}

function revisionFiles(loc: Extract<CorpusLocation, { kind: 'revision' }>, label: string): FileAccess {
  const spec = (relPath: string) => `${loc.commit}:./${loc.path}/${relPath}`;
  return {
    readText: async (relPath) => {
      try {
        return await git(loc.repo, ['cat-file', 'blob', spec(relPath)]);
      } catch (err) {
        throw new DatasetError(`${label}/${relPath}: ${gitMessage(err)}`);
      }
    },
    lines: (relPath) => gitLines(loc.repo, spec(relPath), `${label}/${relPath}`),
  };
}

function gitMessage(err: unknown): string {
  const stderr = (err as { stderr?: string }).stderr?.trim();
  return (stderr || (err as Error).message).split('\n')[0]!.replace(/^fatal: /, '');
}

async function* readLines(stream: Readable): AsyncGenerator<string> {
  // readline does not forward stream errors to its iterator: surface them ourselves.
  let streamError: Error | null = null;
  stream.on('error', (e) => (streamError = e));
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of rl) yield line;
  } finally {
    rl.close();
    stream.destroy();
  }
  if (streamError) throw streamError;
}

// Streams a blob out of git instead of buffering it: `git show`/execFile would hold it all.
async function* gitLines(repo: string, spec: string, where: string): AsyncGenerator<string> {
  const child = spawn('git', ['cat-file', 'blob', spec], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  let finished = false;
  try {
    yield* readLines(child.stdout.setEncoding('utf8'));
    finished = true;
  } finally {
    if (!finished) child.kill();
  }
  const code = await exited;
  if (code !== 0) throw new DatasetError(`${where}: ${stderr.trim().split('\n')[0]?.replace(/^fatal: /, '') || `git exited with ${code}`}`);
}

async function* validatedLines<T>(lines: AsyncIterable<string>, schema: z.ZodType<T>, where: string): AsyncGenerator<T> {
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new DatasetError(`${where}:${n}: not JSON`);
    }
    const r = schema.safeParse(value);
    if (!r.success) throw new DatasetError(`${where}:${n}: ${z.prettifyError(r.error).replace(/\n/g, '; ')}`);
    yield r.data;
  }
}

function recordStream<T>(open: () => AsyncIterable<T>): RecordStream<T> {
  return {
    [Symbol.asyncIterator]: () => open()[Symbol.asyncIterator](),
    toArray: async () => {
      const out: T[] = [];
      for await (const r of open()) out.push(r);
      return out;
    },
  };
}

function parseManifest(text: string, where: string): { info: DatasetInfo; manifest: Manifest | null; problem: string | null } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DatasetError(`${where}: not JSON (${(err as Error).message})`);
  }
  const info = DatasetInfoSchema.safeParse(json);
  if (!info.success) throw new DatasetError(`${where}: not a dataset manifest: ${z.prettifyError(info.error).replace(/\n/g, '; ')}`);
  const full = ManifestSchema.safeParse(json);
  if (full.success) return { info: info.data, manifest: full.data, problem: null };
  const problem = `${where}: schema ${info.data.schemaVersion} (this package reads ${SCHEMA_VERSION}): ${z.prettifyError(full.error).replace(/\n/g, '; ')}`;
  return { info: info.data, manifest: null, problem };
}
