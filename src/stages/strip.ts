// Stage 3: cut the chrome out. The document's profile decides what is body and what is not; this
// stage gives profiles the corpus-wide facts they may need (lines repeated across documents),
// checks the result and counts what was removed, by rule.
//
// Caching: the output depends on the corpus through the line counts the profile asks for. With a
// cache, strip records which lines a document's profile asked about (kept in the cache under the
// document's content and the options), and the context key is what the corpus now answers to
// exactly those questions. An answer counts as the same when the count is on the same side of
// repeatedLineMinDocs and, at or above it, equal (profiles compare counts with the threshold and
// report counts that reach it), so adding documents invalidates only the documents whose lines
// asked about become, or stop being, repeated. A profile must keep to that (a count below the
// threshold must not change its result), or answerOf below must say more. The questions are not
// the document's own lines (a profile asks about block texts: bullets removed, wrapped lines
// joined), hence recording them rather than hashing the document's lines.
import { z } from 'zod';
import { cacheKey, digestOf } from '../pipeline/cache.ts';
import { LineFrequency, lineKey } from '../pipeline/line-frequency.ts';
import type { BuildEnv } from '../pipeline/stage.ts';
import { documentStage, reject } from '../pipeline/stage.ts';
import type { ProfiledDoc, StrippedDoc } from '../pipeline/types.ts';
import { profileByName } from '../profiles/index.ts';
import type { StripContext } from '../profiles/profile.ts';

export const StripOptions = z.object({
  /** Reject a document whose cleaned body is shorter than this many characters. */
  minBodyChars: z.number().int().nonnegative().default(1),
  /** A line found in at least this many documents (and in a quarter of them) is boilerplate to profiles that use it. */
  repeatedLineMinDocs: z.number().int().min(2).default(3),
});

type StripOpts = z.infer<typeof StripOptions>;

/** The corpus-wide facts of one build, shared by the stage and its context key. */
interface StripShared {
  lines(): LineFrequency;
  documents: number;
  threshold: number;
  /** The line keys each input's profile asked about in this build (by the input's digest). */
  traces: Map<string, string[]>;
}

/** What the coordinator counts for strip: the number of inputs, and the lines found in two or more. */
export interface StripFacts {
  documents: number;
  lines: [string, number][];
}

/** Marks, in a trace, that the profile read the number of documents. */
const READ_DOCUMENTS = '#documents';
const sharedByEnv = new WeakMap<BuildEnv, StripShared>();
const digests = new WeakMap<object, string>();

function sharedOf(options: StripOpts, env: BuildEnv): StripShared {
  let sh = sharedByEnv.get(env);
  if (!sh) {
    // Line frequencies are counted once per build, by the coordinator (prepare below), and handed
    // to the workers as a compact table; driven directly (no prepare), on first need over all inputs.
    const prepared = env.prepared?.get('strip') as StripFacts | undefined;
    let lines: LineFrequency | null = null;
    const documents = prepared?.documents ?? env.inputPaths?.length ?? 1;
    sh = {
      lines: () => (lines ??= prepared ? LineFrequency.fromEntries(prepared.documents, prepared.lines) : LineFrequency.fromFiles(env.inputPaths ?? [])),
      documents,
      threshold: Math.max(options.repeatedLineMinDocs, Math.ceil(documents / 4)),
      traces: new Map(),
    };
    sharedByEnv.set(env, sh);
  }
  return sh;
}

const digestOfDoc = (doc: ProfiledDoc): string => {
  let d = digests.get(doc);
  if (!d) digests.set(doc, (d = digestOf(doc)));
  return d;
};

/** What of a line count the cache key keeps: the count once it reaches the threshold, else only that it does not. */
const answerOf = (n: number, threshold: number): string => (n >= threshold ? String(n) : 'below');

const traceKey = (options: StripOpts, doc: ProfiledDoc) => cacheKey('strip:questions', options, digestOfDoc(doc));

export const strip = documentStage({
  name: 'strip',
  description: 'remove navigation, banners, navboxes, captions, citation markers, boilerplate; keep references apart',
  scope: 'document',
  consumes: 'profiled',
  produces: 'stripped',
  options: StripOptions,
  prepare: (env): StripFacts => {
    const paths = env.inputPaths ?? [];
    let done = 0;
    let bytesDone = 0;
    const lines = LineFrequency.fromFiles(paths, (bytes) => {
      done++;
      bytesDone += bytes;
      env.progress?.({ phase: 'counting repeated lines', done, total: paths.length, unit: 'files', bytesDone });
    });
    return { documents: paths.length, lines: lines.entries(2) };
  },
  contextKey: (doc: ProfiledDoc, options, env): string => {
    if (!env.cache) return '';
    const sh = sharedOf(options, env);
    const digest = digestOfDoc(doc);
    let trace = sh.traces.get(digest);
    if (!trace) {
      // No record (first build of this input, or the record was lost): taken as no question asked.
      // Sound: a run that did ask stores its output under the key of its questions, not this one.
      const stored = env.cache.get<string[]>(traceKey(options, doc));
      trace = Array.isArray(stored) ? stored : [];
      sh.traces.set(digest, trace);
    }
    const answers = trace.map((q) => {
      if (q === READ_DOCUMENTS) return `${q}=${sh.documents}`;
      return `${q}=${answerOf(sh.lines().countKey(q), sh.threshold)}`;
    });
    // Not the threshold itself: it matters only through the answers.
    return cacheKey(answers);
  },
  create: (options, env) => {
    const sh = sharedOf(options, env);
    const context: StripContext = {
      lineDocumentCount: (line) => sh.lines().count(line),
      documents: sh.documents,
      repeatedLineMinDocs: sh.threshold,
    };
    /** The same facts, recording what the profile asks (for the cache). */
    const recording = (questions: Set<string>): StripContext => ({
      lineDocumentCount: (line) => {
        const key = lineKey(line);
        questions.add(key);
        return sh.lines().countKey(key);
      },
      get documents() {
        questions.add(READ_DOCUMENTS);
        return sh.documents;
      },
      repeatedLineMinDocs: sh.threshold,
    });
    return (doc: ProfiledDoc, ctx): StrippedDoc | ReturnType<typeof reject> => {
      const p = profileByName(doc.profile);
      if (!p) return reject(`unknown profile ${doc.profile}`);
      const questions = env.cache ? new Set<string>() : null;
      const result = p.strip(doc, questions ? recording(questions) : context);
      if (questions && env.cache) {
        const trace = [...questions].sort();
        sh.traces.set(digestOfDoc(doc), trace);
        env.cache.set(traceKey(options, doc), trace);
      }
      // Offsets from a profile are kept inside the raw text whatever the page's markup did
      // (implied end tags can report an end past the last character).
      const max = doc.raw.length;
      const clamp = <T extends { rawStart: number; rawEnd: number }>(x: T): T => {
        const rawStart = Math.min(Math.max(0, x.rawStart), max);
        const rawEnd = Math.min(Math.max(rawStart, x.rawEnd), max);
        if (rawStart !== x.rawStart || rawEnd !== x.rawEnd) ctx.count('spans:clamped');
        return { ...x, rawStart, rawEnd };
      };
      result.blocks = result.blocks.map(clamp);
      result.references = result.references.map(clamp);
      const removed = [...result.removed.map(clamp)].sort((a, b) => a.rawStart - b.rawStart || a.rawEnd - b.rawEnd || a.rule.localeCompare(b.rule));
      let removedChars = 0;
      for (const r of removed) {
        ctx.count(`removed:${r.rule}`);
        removedChars += r.rawEnd - r.rawStart;
      }
      const bodyChars = result.blocks.filter((b) => b.type !== 'title').reduce((n, b) => n + b.text.length, 0);
      ctx.count('chars:in', doc.raw.length);
      ctx.count('chars:removed', removedChars);
      ctx.count('blocks', result.blocks.length);
      ctx.count('references', result.references.length);
      if (bodyChars < options.minBodyChars) return reject(`no body text found (profile ${doc.profile})`);
      return { ...doc, ...result, removed };
    };
  },
});
