// Stage 7 (corpus-wide): entities and numeric statistics with compromise, once per canonical
// passage (a duplicate points at its canonical passage's results), then mentions merged into
// corpus-level entities: lexicon names and aliases, acronyms linked to their expansions, case and
// punctuation variants joined. Tagging runs sentence by sentence under a time budget per passage,
// so text that makes the tagger slow is cut off and reported instead of stalling the build.
import nlp from 'compromise';
import { z } from 'zod';
import { acronymAfter, acronymMatches, compileLexicon, entityKey, extractMentions, teachCompromise, type RawMention } from '../nlp/entities.ts';
import { extractStatistics, yearOf } from '../nlp/statistics.ts';
import { corpusStage } from '../pipeline/stage.ts';
import type { AnnotatedCorpus, DedupedCorpus } from '../pipeline/types.ts';
import { EntityTypeSchema, type EntityRecord, type EntityType, type Mention, type PassageRecord, type StatisticRecord } from '../schemas.ts';
import { shortHash } from '../util/hash.ts';

export const ExtractOptions = z.object({
  entities: z.boolean().default(true),
  statistics: z.boolean().default(true),
  /** Entities seen fewer times than this across the corpus are left out. */
  minMentions: z.number().int().positive().default(1),
  /** Tagging time allowed per passage; the rest of a slow passage is skipped and reported. */
  timeBudgetMs: z.number().positive().default(2000),
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
  create: (options) => {
    const lexicon = compileLexicon(options.lexicon);
    teachCompromise(lexicon);
    return (corpus: DedupedCorpus, ctx): AnnotatedCorpus => {
      const mentions: KeyedMention[] = [];
      const aliasOf = new Map<string, string>();
      const drafts: { stat: StatisticRecord; sentence: { start: number; end: number } }[] = [];
      for (const p of corpus.passages) {
        if (p.duplicateOf !== null) continue;
        ctx.count('passages:tagged');
        ctx.count('chars:tagged', p.text.length);
        const started = performance.now();
        // Sentences are tagged in chunks of up to chunkChars (most passages are one chunk: fewer
        // tagger calls); the time budget is checked between chunks.
        for (const chunk of chunkSentences(p.sentences, options.chunkChars)) {
          if (performance.now() - started > options.timeBudgetMs) {
            ctx.count('passages:cut-by-time-guard');
            ctx.warn(`extract: passage ${p.id} of ${p.docId} took over ${options.timeBudgetMs} ms; the rest of it was not tagged`);
            break;
          }
          const from = chunk[0]!.start - p.start;
          const text = p.text.slice(from, chunk[chunk.length - 1]!.end - p.start);
          const doc = nlp(text);
          if (options.entities) {
            for (const m of extractMentions(doc, text, lexicon)) {
              const shifted: RawMention = { ...m, start: m.start + from, end: m.end + from };
              mentions.push(toKeyed(p, shifted, lexicon.byKey.has(entityKey(m.text))));
              const acronym = acronymAfter(p.text, shifted.end);
              if (acronym && acronymMatches(acronym, m.text) && entityKey(acronym) !== entityKey(m.canonical ?? m.text)) {
                aliasOf.set(entityKey(acronym), entityKey(m.canonical ?? m.text));
              }
            }
          }
          if (options.statistics) {
            for (const s of extractStatistics(doc, text)) {
              const start = s.start + from;
              const end = s.end + from;
              const sentence = chunk.find((x) => x.start - p.start <= start && end <= x.end - p.start) ?? chunk[0]!;
              const sentenceText = p.text.slice(sentence.start - p.start, sentence.end - p.start);
              const inSentence = start - (sentence.start - p.start);
              drafts.push({
                sentence,
                stat: {
                  id: shortHash(p.id, String(start), s.text),
                  docId: p.docId,
                  passageId: p.id,
                  text: s.text,
                  value: s.value,
                  valueMax: s.valueMax,
                  kind: s.kind,
                  unit: s.unit,
                  qualifier: s.qualifier,
                  year: yearOf(sentenceText, inSentence, inSentence + s.text.length),
                  source: null,
                  sentence: sentenceText,
                  start,
                  end,
                  docStart: p.start + start,
                  docEnd: p.start + end,
                },
              });
            }
          }
        }
      }
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

function toKeyed(p: PassageRecord, m: RawMention, fixedType: boolean): KeyedMention {
  return {
    type: m.type,
    fixedType,
    key: entityKey(m.canonical ?? m.text),
    surface: m.text,
    canonical: m.canonical,
    mention: { docId: p.docId, passageId: p.id, start: m.start, end: m.end, docStart: p.start + m.start, docEnd: p.start + m.end, text: m.text },
  };
}
