// What the coordinator (QueueExecutor) and the workers (runQueueWorker) share: the Redis URL
// check, the job payload and its encoding, job ids, and the code fingerprint that keeps a worker
// running other code from answering for this one.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import zlib from 'node:zlib';
import { sha256 } from '../util/hash.ts';

/** The queue both sides use unless told otherwise (--queue-name). */
export const DEFAULT_QUEUE_NAME = 'corpus';
/** Prefix of every key the queue keeps in Redis. */
export const KEY_PREFIX = 'corpus-bull';

/** What a job carries: the task, its packed input and the code that may run it. */
export interface JobData {
  v: 1;
  task: string;
  /** Fingerprint of the coordinator's code: a worker with other code refuses the job. */
  code: string;
  /** The task's time limit, for the worker's own executor (0: none). */
  timeoutMs: number;
  /** The input packed (see pack), base64; null once the coordinator has collected the result. */
  input: string | null;
}

/** Parses redis://[user:pass@]host:port[/db] (or rediss://); throws a one-line error otherwise. */
export function parseRedisUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`--queue: not a URL: ${redactUrl(url)} (expected redis://HOST:PORT)`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error(`--queue: ${redactUrl(url)}: expected redis://HOST:PORT or rediss://HOST:PORT`);
  if (!u.hostname) throw new Error(`--queue: ${redactUrl(url)}: no host`);
  return url;
}

/** The URL for messages: a password is not printed. */
export const redactUrl = (url: string): string => url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');

/** Connection options for BullMQ (which creates its own ioredis connections from them). */
export const connectionOf = (url: string) => ({ url: parseRedisUrl(url) });

/** Connects once and pings: a one-line error now rather than endless reconnection attempts. */
export async function checkRedis(url: string): Promise<void> {
  const { Redis } = await import('ioredis'); // loaded by queue commands only
  const client = new Redis(parseRedisUrl(url), { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 10_000 });
  let cause = '';
  client.on('error', (err: Error) => (cause ||= err.message)); // reported below
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new Error(`--queue ${redactUrl(url)}: cannot connect to Redis (${cause || (err as Error).message})`);
  } finally {
    client.disconnect();
  }
}

/**
 * A value as it travels: v8-serialised, then Brotli (quality 4, 16 MiB window: a document's raw
 * text, cleaned text, blocks and passages repeat each other). On the seeds, results shrink 9x for
 * about 13 ms per MB, so Redis holds roughly the input's size in results rather than ten times it.
 */
export function pack(value: unknown): Buffer {
  const raw = v8.serialize(value);
  return zlib.brotliCompressSync(raw, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_LGWIN]: 24, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
}
export const toBase64 = (buf: Buffer): string => buf.toString('base64');
export const unpack = <T>(base64: string): T => v8.deserialize(zlib.brotliDecompressSync(Buffer.from(base64, 'base64'))) as T;

/**
 * A job id from the task, its input's key and the code that runs it: adding a job whose id exists
 * is a no-op, so the same input is never queued twice, and a restarted coordinator finds the jobs
 * it queued before. BullMQ ids may not contain ':' or look like integers, hence a hash.
 */
export const jobIdOf = (code: string, task: string, key: string): string =>
  `${task.replace(/[^A-Za-z0-9_-]/g, '_')}-${sha256(`${code}\u0000${task}\u0000${key}`).slice(0, 40)}`;

let fingerprint: string | null = null;
/**
 * A hash of the code a task runs: every file under src/ (line endings normalised) and the lockfile.
 * Coordinator and workers must agree on it; the README asks for the same commit on every machine.
 */
export function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const root = path.resolve(import.meta.dirname, '../..');
  const parts: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(root, rel)).sort()) {
      const relPath = `${rel}/${name}`;
      const st = statSync(path.join(root, relPath));
      if (st.isDirectory()) walk(relPath);
      else if (/\.(ts|json|mjs|js)$/.test(name)) parts.push(relPath, sha256(readFileSync(path.join(root, relPath), 'utf8').replace(/\r\n/g, '\n')));
    }
  };
  walk('src');
  for (const file of ['package.json', 'package-lock.json']) {
    try {
      parts.push(file, sha256(readFileSync(path.join(root, file), 'utf8').replace(/\r\n/g, '\n')));
    } catch {
      // an installed package may have no lockfile
    }
  }
  fingerprint = sha256(parts.join('\n')).slice(0, 16);
  return fingerprint;
}
