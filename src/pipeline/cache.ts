// The build cache: a content-addressed store on disk. A key is a hash of everything a value was
// computed from (the runner keys document stage outputs by input hash and stage configuration; a
// stage may cache its own sub-results through env.cache). Values are written with node:v8 (so
// Buffers, Maps and Dates survive), each file carrying a checksum of its payload; a write goes to a
// temporary file renamed into place, so a reader never sees half a value. Anything unreadable,
// truncated or corrupt is a miss, never an error: the cache can only make a build faster.
//
// Layout: DIR/objects/ab/abcdef... (sha256 of the tool fingerprint and the key), DIR/tmp/ for
// writes in progress. Every build touches the entries it uses (at most once a day per entry), and
// once a day a build removes entries nobody used for MAX_AGE_DAYS; `prune()` removes at once
// everything the current build did not use.
import { createHash } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  futimesSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { threadId } from 'node:worker_threads';
import { stableStringify } from '../util/json.ts';

/** What stages see of the cache (env.cache): values by key, and hit/miss accounting for the build report. */
export interface StageCache {
  /** The value stored under key, or undefined when there is none (absent, unreadable or corrupt). */
  get<T = unknown>(key: string): T | undefined;
  /** Stores a value (serialised at once: later changes to the object do not reach the cache). */
  set(key: string, value: unknown): void;
  /** Marks an entry as used by this build without reading it (kept by prune, its age refreshed). */
  keep(key: string): void;
  /** Counts a hit or a miss under a name (a stage's name) for the build report; never in the manifest. */
  record(name: string, hit: boolean, item?: string): void;
}

/**
 * The cache as the runner holds it: a stage cache on a folder that workers open too (dir and
 * namespace), which takes in their use of it (absorb) and reports on the whole build's.
 */
export interface BuildCache extends StageCache {
  readonly dir: string;
  readonly namespace: string;
  absorb(journal: CacheJournal): void;
  report(): CacheReport;
}

export interface CacheCounts {
  hits: number;
  misses: number;
}

export interface CacheReport {
  dir: string;
  /** Hits and misses by name: each document stage per document, `extract` per canonical passage. */
  stages: Record<string, CacheCounts>;
  /** What missed, by name, when named (document stages: the inputs' paths, in build order). */
  missed: Record<string, string[]>;
  /** Entries written by this build. */
  writes: number;
  /** Entries found unreadable or corrupt (each was a miss), and writes that failed. */
  errors: number;
  /** Entries removed by pruning at the end of the build. */
  pruned: number;
}

/**
 * What one worker's use of the cache was since its last journal (see DiskCache.journal): handed
 * to the coordinator's cache (absorb), so that the build's report and pruning see the whole build.
 */
export interface CacheJournal {
  counts: [name: string, hits: number, misses: number][];
  missed: [name: string, items: string[]][];
  /** Entry ids read, written or kept. */
  used: string[];
  writes: number;
  errors: number;
}

/** A cache key from any JSON-able parts (object keys sorted): sha256, hex. */
export function cacheKey(...parts: unknown[]): string {
  return createHash('sha256').update(stableStringify(parts)).digest('hex');
}

/**
 * A content hash of a JSON-like value (for keys that depend on a whole document). JSON, not v8's
 * serialisation: v8 writes a string as it is held in memory (one or two bytes per character), so
 * equal strings, one computed and one read from the cache, could hash differently.
 */
export function digestOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value) ?? 'undefined').digest('hex');
}

const MAGIC = Buffer.from('CBC1');
const HEADER = MAGIC.length + 32;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Names temporary files apart within the thread (with the pid and thread id: across processes and threads). */
let tmpSeq = 0;
/** Entries no build used for this long are removed (checked at most once a day). */
export const MAX_AGE_DAYS = 30;

let fingerprint: string | null = null;
/**
 * A hash of the tool itself: every source file the build imports (src/build.ts and, following
 * relative imports, the stages, profiles, NLP rules, lexicons), package.json, package-lock.json,
 * and the Node and Unicode versions. Folded into every key, so that editing the code or upgrading
 * a dependency never serves results of the old code (editing a module the build does not import,
 * a test or a script, keeps the cache).
 */
export function toolFingerprint(): string {
  if (fingerprint) return fingerprint;
  const root = path.resolve(import.meta.dirname, '../..');
  const h = createHash('sha256').update(`node ${process.versions.node} unicode ${process.versions.unicode}\0`);
  for (const f of fingerprintFiles()) {
    let content: Buffer;
    try {
      content = readFileSync(f);
    } catch {
      continue;
    }
    h.update(`${path.relative(root, f)}\0${content.length}\0`).update(content);
  }
  fingerprint = h.digest('hex').slice(0, 32);
  return fingerprint;
}

/** The files behind toolFingerprint: src/build.ts and what it imports, transitively; the package files. */
export function fingerprintFiles(): string[] {
  const root = path.resolve(import.meta.dirname, '../..');
  const seen = new Set<string>();
  const queue = [path.join(root, 'src/build.ts')];
  const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.ts')) continue;
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(IMPORT)) queue.push(path.resolve(path.dirname(file), m[1]!));
  }
  return [...[...seen].sort(), path.join(root, 'package.json'), path.join(root, 'package-lock.json')];
}

export class DiskCache implements BuildCache {
  readonly objects: string;
  private readonly tmp: string;
  private readonly used = new Set<string>();
  private readonly dirsMade = new Set<string>();
  private readonly counts = new Map<string, CacheCounts>();
  private readonly missed = new Map<string, string[]>();
  private writes = 0;
  private errors = 0;
  private pruned = 0;
  private readonly started = Date.now();
  /** What happened since the last journal() (ids used, in order; counts and misses by name). */
  private journalUsed: string[] = [];
  private journalCounts = new Map<string, CacheCounts>();
  private journalMissed = new Map<string, string[]>();
  private journalWrites = 0;
  private journalErrors = 0;

  /** namespace: folded into every key (the tool fingerprint), so that other code versions never share entries. */
  constructor(
    readonly dir: string,
    readonly namespace: string = toolFingerprint(),
  ) {
    this.objects = path.join(dir, 'objects');
    this.tmp = path.join(dir, 'tmp');
  }

  private fileOf(key: string): { id: string; file: string } {
    const id = createHash('sha256').update(`${this.namespace}\0${key}`).digest('hex');
    return { id, file: path.join(this.objects, id.slice(0, 2), id) };
  }

  get<T = unknown>(key: string): T | undefined {
    const { id, file } = this.fileOf(key);
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      return undefined;
    }
    try {
      const st = fstatSync(fd);
      const buf = Buffer.allocUnsafe(st.size);
      let off = 0;
      while (off < st.size) {
        const n = readSync(fd, buf, off, st.size - off, off);
        if (n === 0) break;
        off += n;
      }
      if (off !== st.size || st.size < HEADER || !buf.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('truncated');
      const payload = buf.subarray(HEADER);
      if (!createHash('sha256').update(payload).digest().equals(buf.subarray(MAGIC.length, HEADER))) throw new Error('checksum');
      const value = deserialize(payload) as T;
      this.use(id);
      // Refresh the entry's age for pruning, at most once a day (one syscall, on the open file).
      if (this.started - st.mtimeMs > DAY_MS) futimesSync(fd, new Date(this.started), new Date(this.started));
      return value;
    } catch {
      this.errors++;
      this.journalErrors++;
      return undefined;
    } finally {
      closeSync(fd);
    }
  }

  set(key: string, value: unknown): void {
    const { id, file } = this.fileOf(key);
    this.use(id);
    let tmpFile: string | null = null;
    try {
      const payload = serialize(value);
      const shard = path.dirname(file);
      if (!this.dirsMade.has(shard)) {
        mkdirSync(shard, { recursive: true });
        mkdirSync(this.tmp, { recursive: true });
        this.dirsMade.add(shard);
      }
      tmpFile = path.join(this.tmp, `${process.pid}-${threadId}-${this.started}-${tmpSeq++}`);
      writeFileSync(tmpFile, Buffer.concat([MAGIC, createHash('sha256').update(payload).digest(), payload]));
      renameSync(tmpFile, file);
      this.writes++;
      this.journalWrites++;
    } catch {
      // A cache that cannot be written (full disk, read-only folder) only makes the build slower.
      this.errors++;
      this.journalErrors++;
      if (tmpFile) rmSync(tmpFile, { force: true });
    }
  }

  keep(key: string): void {
    const { id, file } = this.fileOf(key);
    if (this.used.has(id)) return;
    this.use(id);
    try {
      utimesSync(file, new Date(this.started), new Date(this.started));
    } catch {
      // absent: nothing to keep
    }
  }

  record(name: string, hit: boolean, item?: string): void {
    for (const [counts, missed] of [
      [this.counts, this.missed],
      [this.journalCounts, this.journalMissed],
    ] as const) {
      let c = counts.get(name);
      if (!c) counts.set(name, (c = { hits: 0, misses: 0 }));
      if (hit) c.hits++;
      else c.misses++;
      if (!hit && item !== undefined) {
        const list = missed.get(name);
        if (list) list.push(item);
        else missed.set(name, [item]);
      }
    }
  }

  private use(id: string): void {
    if (this.used.has(id)) return;
    this.used.add(id);
    this.journalUsed.push(id);
  }

  /** What this cache did since the last journal (a worker's share of the build, for the coordinator's absorb). */
  journal(): CacheJournal {
    const j: CacheJournal = {
      counts: [...this.journalCounts].map(([name, c]) => [name, c.hits, c.misses]),
      missed: [...this.journalMissed],
      used: this.journalUsed,
      writes: this.journalWrites,
      errors: this.journalErrors,
    };
    this.journalUsed = [];
    this.journalCounts = new Map();
    this.journalMissed = new Map();
    this.journalWrites = 0;
    this.journalErrors = 0;
    return j;
  }

  /** Takes in what another cache on the same folder did for this build (a worker's journal). */
  absorb(j: CacheJournal): void {
    for (const [name, hits, misses] of j.counts) {
      let c = this.counts.get(name);
      if (!c) this.counts.set(name, (c = { hits: 0, misses: 0 }));
      c.hits += hits;
      c.misses += misses;
    }
    for (const [name, items] of j.missed) {
      const list = this.missed.get(name);
      if (list) list.push(...items);
      else this.missed.set(name, [...items]);
    }
    for (const id of j.used) this.used.add(id);
    this.writes += j.writes;
    this.errors += j.errors;
  }

  /** Removes every entry this build did not use (read, write or keep), and stale temporary files. */
  prune(): number {
    return this.removeWhere((id) => !this.used.has(id));
  }

  /**
   * Ends the build's use of the cache: once a day (a marker file's age tells), entries unused for
   * MAX_AGE_DAYS are removed. Cheap on the other days (one stat).
   */
  finish(): void {
    const marker = path.join(this.dir, 'last-prune');
    let last = 0;
    try {
      last = statSync(marker).mtimeMs;
    } catch {
      // never pruned
    }
    if (this.started - last < DAY_MS) return;
    const cutoff = this.started - MAX_AGE_DAYS * DAY_MS;
    this.removeWhere((id, mtimeMs) => !this.used.has(id) && mtimeMs < cutoff);
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(marker, `${new Date(this.started).toISOString()}\n`);
    } catch {
      // read-only cache folder: nothing to record
    }
  }

  private removeWhere(doomed: (id: string, mtimeMs: number) => boolean): number {
    let removed = 0;
    const list = (dir: string) => {
      try {
        return readdirSync(dir);
      } catch {
        return [];
      }
    };
    for (const shard of list(this.objects)) {
      for (const id of list(path.join(this.objects, shard))) {
        const file = path.join(this.objects, shard, id);
        try {
          if (doomed(id, statSync(file).mtimeMs)) {
            rmSync(file, { force: true });
            removed++;
          }
        } catch {
          // gone meanwhile (another build pruning)
        }
      }
    }
    // Temporary files of builds that died mid-write.
    for (const name of list(this.tmp)) {
      const file = path.join(this.tmp, name);
      try {
        if (this.started - statSync(file).mtimeMs > DAY_MS) rmSync(file, { force: true });
      } catch {
        // gone meanwhile
      }
    }
    this.pruned += removed;
    return removed;
  }

  report(): CacheReport {
    const stages = Object.fromEntries([...this.counts.entries()].map(([k, v]) => [k, { ...v }]));
    const missed = Object.fromEntries([...this.missed.entries()].map(([k, v]) => [k, [...v]]));
    return { dir: this.dir, stages, missed, writes: this.writes, errors: this.errors, pruned: this.pruned };
  }
}
