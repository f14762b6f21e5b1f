// Stage 7 (corpus-wide): entities and numeric statistics with compromise, once per canonical
// passage (a duplicate points at its canonical passage's results), then mentions merged into
// corpus-level entities: lexicon names and aliases, acronyms linked to their expansions, case and
// punctuation variants joined. Tagging runs sentence by sentence under a time budget per passage,
// so text that makes the tagger slow is cut off and reported instead of stalling the build.
// What tagging finds in a passage is relative to the passage text (extractPassage), so it is
// cached by that text (env.cache); a passage cut by the time guard is not cached.
// Tagging is the expensive part: the passages the cache does not have go to the build's executor
// (env.executor: worker threads, a queue) as `extract` tasks of about BATCH_CHARS of text; the
// results are merged here in passage order, so the output does not depend on where they ran. A
// task over its hard time guard (hardLimitMs) loses its worker; its passages are tagged again one
// by one, and the one that is still too slow is reported and left untagged.
import nlp from 'compromise';
import { z } from 'zod';
import { acronymAfter, acronymMatches, compileLexicon, entityKey, extractMentions, linkShortForms, linkSurnames, teachCompromise, type CompiledLexicon, type RawMention } from '../nlp/entities.ts';
import baseLexicon from '../nlp/lexicon.json' with { type: 'json' };
import { extractStatistics, yearOf, type RawStatistic } from '../nlp/statistics.ts';
import { cacheKey } from '../pipeline/cache.ts';
import type { TaskExecutor, TaskOutcome } from '../pipeline/executor.ts';
import { corpusStage } from '../pipeline/stage.ts';
import { passageTexts, type AnnotatedCorpus, type DedupedCorpus, type PassageRow } from '../pipeline/types.ts';
import { EntityTypeSchema, type EntityRecord, type EntityType, type Mention, type PassageRecord, type StatisticRecord } from '../schemas.ts';
import { shortHash } from '../util/hash.ts';

export const ExtractOptions = z.object({
  entities: z.boolean().default(true),
  statistics: z.boolean().default(true),
  /** Entities seen fewer times than this across the corpus are left out. */
  minMentions: z.number().int().positive().default(1),
  /**
   * Tagging time allowed per passage; the rest of a slow passage is skipped and reported. Far above
   * normal passages (tens of ms) so that a loaded machine does not change the dataset; it is for
   * text that makes the tagger hang.
   */
  timeBudgetMs: z.number().positive().default(30_000),
  /** Sentences are tagged in chunks of at most this many characters (the time guard's step). */
  chunkChars: z.number().int().positive().default(1500),
  /** Extra lexicon entries for this pipeline (added to src/nlp/lexicon.json). */
  lexicon: z
    .object({
      entities: z.array(z.object({ name: z.string(), type: EntityTypeSchema, aliases: z.array(z.string()).default([]) })).default([]),
      notEntities: z.array(z.string()).default([]),
    })
    .default({ entities: [], notEntities: [] }),
});

interface KeyedMention {
  type: EntityType;
  /** Lexicon type, which outvotes compromise's guesses. */
  fixedType: boolean;
  key: string;
  surface: string;
  canonical: string | null;
  mention: Mention;
}

const TYPE_ORDER: EntityType[] = ['law', 'organization', 'place', 'person'];
const isAcronym = (s: string) => /^[\p{Lu}.&-]{2,}$/u.test(s);

export function mergeEntities(mentions: KeyedMention[], aliasOf: Map<string, string>, minMentions: number): EntityRecord[] {
  const resolve = (key: string) => {
    const seen = new Set<string>();
    while (aliasOf.has(key) && !seen.has(key)) {
      seen.add(key);
      key = aliasOf.get(key)!;
    }
    return key;
  };
  const groups = new Map<string, KeyedMention[]>();
  for (const m of mentions) {
    const key = resolve(m.key);
    const g = groups.get(key);
    if (g) g.push(m);
    else groups.set(key, [m]);
  }
  const entities: EntityRecord[] = [];
  for (const [key, group] of groups) {
    if (group.length < minMentions) continue;
    const fixed = group.find((m) => m.fixedType);
    const typeVotes = new Map<EntityType, number>();
    for (const m of group) typeVotes.set(m.type, (typeVotes.get(m.type) ?? 0) + 1);
    const type = fixed?.type ?? [...typeVotes.entries()].sort((a, b) => b[1] - a[1] || TYPE_ORDER.indexOf(a[0]) - TYPE_ORDER.indexOf(b[0]))[0]![0];
    const surfaces = new Map<string, number>();
    for (const m of group) surfaces.set(m.surface, (surfaces.get(m.surface) ?? 0) + 1);
    // The name: the lexicon's canonical name, else the most frequent full form (an acronym only
    // when nothing else was written).
    const ranked = [...surfaces.entries()].sort(
      (a, b) => Number(isAcronym(a[0])) - Number(isAcronym(b[0])) || b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1),
    );
    const name = group.find((m) => m.canonical)?.canonical ?? ranked[0]![0];
    const aliases = [...new Set(ranked.map(([s]) => s))].filter((s) => s !== name).sort();
    const sorted = group
      .map((m) => m.mention)
      .sort((a, b) => (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : a.docStart - b.docStart || a.docEnd - b.docEnd));
    entities.push({
      id: `${type}:${key.replace(/\s+/g, '-')}`,
      type,
      name,
      aliases,
      mentionCount: sorted.length,
      documents: [...new Set(sorted.map((m) => m.docId))].sort(),
      mentions: sorted,
    });
  }
  return entities.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Verbs that make an organisation named in the sentence the source of its figures. */
const REPORTING = /\b(?:estimat\w*|report\w*|found|find[s]?|claim\w*|stat(?:es|ed)|sa(?:ys|id)|indicat\w*|publish\w*|record\w*|count\w*|calculat\w*|show\w*|reveal\w*|document\w*)\b/i;

export const extract = corpusStage({
  name: 'extract',
  description: 'entities (people, organisations, places, laws) and numeric statistics with compromise',
  scope: 'corpus',
  consumes: 'deduplicated',
  produces: 'annotated',
  options: ExtractOptions,
  create: (options, env) => {
    // Everything a passage's extraction depends on besides its text and sentences (not
    // minMentions: that is applied to the corpus). Also the workers' key for their lexicon.
    const passageConfig = cacheKey('extract:passage', options.entities, options.statistics, options.timeBudgetMs, options.chunkChars, baseLexicon, options.lexicon);
    const spec: ExtractSpec = {
      id: passageConfig,
      options: { entities: options.entities, statistics: options.statistics, timeBudgetMs: options.timeBudgetMs, chunkChars: options.chunkChars, lexicon: options.lexicon },
    };
    return async (corpus: DedupedCorpus, ctx): Promise<AnnotatedCorpus> => {
      const cache = env.cache ?? null;
      const canonical = corpus.passages.filter((p) => p.duplicateOf === null);
      // Passage text is read back from the documents (in passage order: each document about once).
      const textOf = passageTexts(corpus);
      const length = (p: PassageRow) => p.end - p.start;
      const relative = (p: PassageRow) => p.sentences.map((x) => ({ start: x.start - p.start, end: x.end - p.start }));
      const results: (PassageExtraction | undefined)[] = new Array(canonical.length);
      const keys: string[] = [];
      const todo: number[] = [];
      let charsTotal = 0;
      let charsDone = 0;
      let done = 0;
      canonical.forEach((p, i) => {
        charsTotal += length(p);
        if (cache) {
          keys[i] = cacheKey(passageConfig, textOf(p), relative(p));
          const hit = cache.get<PassageExtraction>(keys[i]);
          const ok = hit !== undefined && Array.isArray(hit.mentions) && Array.isArray(hit.statistics) && hit.cut === false;
          cache.record('extract', ok);
          if (ok) {
            results[i] = hit;
            done++;
            charsDone += length(p);
            return;
          }
        }
        todo.push(i);
      });
      const report = () => env.progress?.({ phase: 'tagging', done, total: canonical.length, unit: 'passages', bytesDone: charsDone, bytesTotal: charsTotal });
      report();
      // Tagging on the executor, in batches of consecutive passages. A batch over its time guard
      // is run again passage by passage, so that only the slow passage is cut.
      const batches: number[][] = [];
      let cur: number[] = [];
      let curChars = 0;
      const batchChars = BATCH_CHARS * (env.executor?.taskScale ?? 1);
      for (const i of todo) {
        const chars = length(canonical[i]!);
        if (cur.length && curChars + chars > batchChars) {
          batches.push(cur);
          [cur, curChars] = [[], 0];
        }
        cur.push(i);
        curChars += chars;
      }
      if (cur.length) batches.push(cur);
      const guardMs = (chars: number) => hardLimitMs(options.timeBudgetMs, chars);
      const charsOf = (batch: number[]) => batch.reduce((n, i) => n + length(canonical[i]!), 0);
      const retry: number[] = [];
      const failures: string[] = [];
      const onBatch = (batch: number[], outcome: TaskOutcome<PassageExtraction[]>, single: boolean) => {
        if (outcome.ok) {
          batch.forEach((i, k) => (results[i] = outcome.value[k]));
          done += batch.length;
          charsDone += charsOf(batch);
          report();
        } else if (!single) retry.push(...batch);
        else if (outcome.timedOut) {
          results[batch[0]!] = { mentions: [], statistics: [], cut: true, stopped: true };
          done++;
          charsDone += charsOf(batch);
        } else failures.push(`passage ${canonical[batch[0]!]!.id}: ${outcome.error}`);
      };
      const toTask = (batch: number[]): ExtractTask => ({ spec, passages: batch.map((i) => ({ text: textOf(canonical[i]!), sentences: relative(canonical[i]!) })) });
      const maxChars = (list: number[][]) => list.reduce((m, b) => Math.max(m, charsOf(b)), 0);
      await runBatches(env.executor, batches, toTask, guardMs(maxChars(batches)), (b, o) => onBatch(b, o, false));
      const singles = retry.sort((a, b) => a - b).map((i) => [i]);
      await runBatches(env.executor, singles, toTask, guardMs(maxChars(singles)), (b, o) => onBatch(b, o, true));
      const fresh = new Set(todo);
      if (failures.length) throw new Error(`extract: tagging failed: ${failures[0]}${failures.length > 1 ? ` (and ${failures.length - 1} more)` : ''}`);
      report();
      const mentions: KeyedMention[] = [];
      const aliasOf = new Map<string, string>();
      const drafts: { stat: StatisticRecord; sentence: { start: number; end: number } }[] = [];
      for (const [i, p] of canonical.entries()) {
        ctx.count('passages:tagged');
        ctx.count('chars:tagged', length(p));
        const found = results[i]!;
        // A cut depends on the machine's speed, not on the text: tried again next build.
        if (cache && !found.cut && fresh.has(i)) cache.set(keys[i]!, found);
        if (found.stopped) {
          ctx.count('passages:cut-by-time-guard');
          ctx.warn(`extract: passage ${p.id} of ${p.docId} took over ${guardMs(length(p))} ms; its worker was stopped by the time guard and the passage was not tagged`);
        } else if (found.cut) {
          ctx.count('passages:cut-by-time-guard');
          ctx.warn(`extract: passage ${p.id} of ${p.docId} took over ${options.timeBudgetMs} ms; the rest of it was not tagged`);
        }
        for (const m of found.mentions) {
          mentions.push(toKeyed(p, m.mention, m.fixedType));
          if (m.alias) aliasOf.set(m.alias[0], m.alias[1]);
        }
        for (const s of found.statistics) {
          const sentence = { start: s.sentence.start + p.start, end: s.sentence.end + p.start };
          drafts.push({
            sentence,
            stat: {
              id: shortHash(p.id, String(s.start), s.text),
              docId: p.docId,
              passageId: p.id,
              text: s.text,
              value: s.value,
              valueMax: s.valueMax,
              kind: s.kind,
              unit: s.unit,
              qualifier: s.qualifier,
              year: s.year,
              source: null,
              sentence: s.sentenceText,
              start: s.start,
              end: s.end,
              docStart: p.start + s.start,
              docEnd: p.start + s.end,
            },
          });
        }
      }
      linkSurnames(mentions); // "Whitmore" joins "Claire Whitmore" of the same document
      linkShortForms(mentions); // "the National Committee" joins its one full name in the document
      const entities = mergeEntities(mentions, aliasOf, options.minMentions);
      // Link a figure to the organisation its sentence names as estimating or reporting it.
      const orgsByPassage = new Map<string, { start: number; end: number; id: string }[]>();
      for (const e of entities) {
        if (e.type !== 'organization') continue;
        for (const m of e.mentions) {
          const list = orgsByPassage.get(m.passageId) ?? [];
          list.push({ start: m.start, end: m.end, id: e.id });
          orgsByPassage.set(m.passageId, list);
        }
      }
      const passageById = new Map(corpus.passages.map((p) => [p.id, p]));
      for (const { stat, sentence } of drafts) {
        const p = passageById.get(stat.passageId)!;
        const from = sentence.start - p.start;
        const to = sentence.end - p.start;
        const inSentence = (orgsByPassage.get(stat.passageId) ?? []).filter((o) => o.start >= from && o.end <= to);
        if (!inSentence.length || !REPORTING.test(stat.sentence) && !/according to/i.test(stat.sentence)) continue;
        // "According to X, ..." names the source; otherwise the organisation nearest before the figure.
        const according = /according to\s+(?:the\s+)?/i.exec(stat.sentence);
        const afterAccording = according ? inSentence.find((o) => o.start - from === according.index + according[0].length) : undefined;
        const before = inSentence.filter((o) => o.end <= stat.start).sort((a, b) => b.end - a.end)[0];
        stat.source = (afterAccording ?? before ?? null)?.id ?? null;
        if (stat.source) ctx.count('statistics:with-source');
      }
      const statistics = drafts.map((d) => d.stat);
      ctx.count('mentions', mentions.length);
      ctx.count('entities', entities.length);
      ctx.count('statistics', statistics.length);
      return { ...corpus, entities, statistics };
    };
  },
});

/** Text handed to one tagging task (a batch of passages), times the executor's taskScale. */
const BATCH_CHARS = 20_000;

/**
 * The time guard of a tagging task of this many characters: twice the soft budget of a passage,
 * plus 0.1 ms a character (10 KB/s, about a tenth of compromise's speed on one core). A task over
 * it is abandoned and its worker replaced (worker threads, queue); then its passages are tagged
 * one by one under their own guard, and a passage over it is reported and left untagged.
 */
export const hardLimitMs = (timeBudgetMs: number, chars: number): number => Math.ceil(2 * timeBudgetMs + chars * 0.1);

/** What a worker needs to tag passages for one pipeline: the options (its lexicon is built once per id). */
export interface ExtractSpec {
  /** A hash of the options and lexicons. */
  id: string;
  options: Pick<z.infer<typeof ExtractOptions>, 'entities' | 'statistics' | 'timeBudgetMs' | 'chunkChars' | 'lexicon'>;
}

/** The `extract` task: passages (text and sentence offsets into it) to tag. */
export interface ExtractTask {
  spec: ExtractSpec;
  passages: { text: string; sentences: { start: number; end: number }[] }[];
}

const WARM_UP = 'In 2020 the United Nations said that about 50 million people in Europe were helped by Maria Lopez.';
const lexicons = new Map<string, CompiledLexicon>();
/** The lexicon of a spec, compiled (and taught to compromise) once per thread. */
export function extractContext(spec: ExtractSpec): CompiledLexicon {
  let lexicon = lexicons.get(spec.id);
  if (!lexicon) {
    lexicon = compileLexicon(spec.options.lexicon);
    teachCompromise(lexicon);
    // compromise builds its tables on first use: done here, before a task's time guard starts.
    extractPassage(WARM_UP, [{ start: 0, end: WARM_UP.length }], { ...spec.options, timeBudgetMs: Infinity }, lexicon);
    if (lexicons.size >= 4) lexicons.delete(lexicons.keys().next().value!);
    lexicons.set(spec.id, lexicon);
  }
  return lexicon;
}

/** The `extract` task: every passage of the batch tagged, in order. */
export function extractBatch(task: ExtractTask): PassageExtraction[] {
  const lexicon = extractContext(task.spec);
  return task.passages.map((p) => extractPassage(p.text, p.sentences, task.spec.options, lexicon));
}

/** Runs batches as `extract` tasks on the executor (in this thread, one by one, without one). */
async function runBatches(
  executor: TaskExecutor | undefined,
  batches: number[][],
  toTask: (batch: number[]) => ExtractTask,
  timeoutMs: number,
  onOutcome: (batch: number[], outcome: TaskOutcome<PassageExtraction[]>) => void,
): Promise<void> {
  if (!batches.length) return;
  if (!executor) {
    for (const b of batches) onOutcome(b, { ok: true, value: extractBatch(toTask(b)) });
    return;
  }
  function* tasks() {
    for (const b of batches) yield toTask(b);
  }
  for await (const [i, outcome] of executor.run<ExtractTask, PassageExtraction[]>('extract', tasks(), { timeoutMs, keyOf: (t) => cacheKey('extract', t.spec.id, t.passages) })) {
    onOutcome(batches[i]!, outcome);
  }
}

/** What tagging finds in one passage, with offsets into the passage: serialisable, cached by passage text. */
export interface PassageExtraction {
  /** In order found; fixedType: the lexicon knows the name; alias: an acronym after it, as [acronym key, name key]. */
  mentions: { mention: RawMention; fixedType: boolean; alias: [string, string] | null }[];
  /** Figures with the sentence they stand in (offsets into the passage) and the year it gives them. */
  statistics: (Omit<RawStatistic, 'year'> & { year: number | null; sentence: { start: number; end: number }; sentenceText: string })[];
  /** The time guard stopped tagging before the end of the passage. */
  cut: boolean;
  /** The hard time guard stopped the task (its worker was replaced): nothing of the passage was tagged. */
  stopped?: boolean;
}

/**
 * Entities and statistics of one passage: its sentences (offsets into the passage) tagged in
 * chunks of up to chunkChars (most passages are one chunk: fewer tagger calls), the time budget
 * checked between chunks.
 */
export function extractPassage(
  text: string,
  sentences: readonly { start: number; end: number }[],
  options: Pick<z.infer<typeof ExtractOptions>, 'entities' | 'statistics' | 'timeBudgetMs' | 'chunkChars'>,
  lexicon: CompiledLexicon,
): PassageExtraction {
  const out: PassageExtraction = { mentions: [], statistics: [], cut: false };
  if (!options.entities && !options.statistics) return out;
  const started = performance.now();
  for (const chunk of chunkSentences(sentences, options.chunkChars)) {
    if (performance.now() - started > options.timeBudgetMs) {
      out.cut = true;
      break;
    }
    const from = chunk[0]!.start;
    const chunkText = text.slice(from, chunk[chunk.length - 1]!.end);
    const doc = nlp(chunkText);
    if (options.entities) {
      for (const m of extractMentions(doc, chunkText, lexicon)) {
        const shifted: RawMention = { ...m, start: m.start + from, end: m.end + from };
        const acronym = acronymAfter(text, shifted.end);
        const alias: [string, string] | null =
          acronym && acronymMatches(acronym, m.text) && entityKey(acronym) !== entityKey(m.canonical ?? m.text) ? [entityKey(acronym), entityKey(m.canonical ?? m.text)] : null;
        out.mentions.push({ mention: shifted, fixedType: lexicon.byKey.has(entityKey(m.text)), alias });
      }
    }
    if (options.statistics) {
      for (const s of extractStatistics(doc, chunkText)) {
        const start = s.start + from;
        const end = s.end + from;
        const sentence = chunk.find((x) => x.start <= start && end <= x.end) ?? chunk[0]!;
        const sentenceText = text.slice(sentence.start, sentence.end);
        const inSentence = start - sentence.start;
        out.statistics.push({
          ...s,
          start,
          end,
          year: yearOf(sentenceText, inSentence, inSentence + s.text.length),
          sentence: { start: sentence.start, end: sentence.end },
          sentenceText,
        });
      }
    }
  }
  return out;
}

/** Consecutive sentences grouped into chunks of at most max characters (a longer sentence alone). */
export function chunkSentences<T extends { start: number; end: number }>(sentences: readonly T[], max: number): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  for (const s of sentences) {
    if (cur.length && s.end - cur[0]!.start > max) {
      out.push(cur);
      cur = [];
    }
    cur.push(s);
  }
  if (cur.length) out.push(cur);
  return out;
}

function toKeyed(p: PassageRow, m: RawMention, fixedType: boolean): KeyedMention {
  return {
    type: m.type,
    fixedType,
    key: entityKey(m.canonical ?? m.text),
    surface: m.text,
    canonical: m.canonical,
    mention: { docId: p.docId, passageId: p.id, start: m.start, end: m.end, docStart: p.start + m.start, docEnd: p.start + m.end, text: m.text },
  };
}
