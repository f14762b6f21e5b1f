// Stage 7 (corpus-wide): entities and numeric statistics with compromise, once per canonical
// passage (a duplicate points at its canonical passage's results), then mentions merged into
// corpus-level entities: acronyms linked to their expansions, case and punctuation variants joined.
import nlp from 'compromise';
import { z } from 'zod';
import { acronymAfter, acronymMatches, ensureLexicon, entityKey, extractMentions, type RawMention } from '../nlp/entities.ts';
import { extractStatistics } from '../nlp/statistics.ts';
import { corpusStage } from '../pipeline/stage.ts';
import type { AnnotatedCorpus, DedupedCorpus } from '../pipeline/types.ts';
import type { EntityRecord, EntityType, Mention, PassageRecord, StatisticRecord } from '../schemas.ts';
import { shortHash } from '../util/hash.ts';

export const ExtractOptions = z.object({
  entities: z.boolean().default(true),
  statistics: z.boolean().default(true),
  /** Entities seen fewer times than this across the corpus are left out. */
  minMentions: z.number().int().positive().default(1),
});

interface KeyedMention {
  type: EntityType;
  key: string;
  surface: string;
  mention: Mention;
}

const TYPE_ORDER: EntityType[] = ['organization', 'place', 'person'];

export function mergeEntities(mentions: KeyedMention[], aliasOf: Map<string, string>, minMentions: number): EntityRecord[] {
  const groups = new Map<string, KeyedMention[]>();
  for (const m of mentions) {
    const key = aliasOf.get(m.key) ?? m.key;
    const g = groups.get(key);
    if (g) g.push(m);
    else groups.set(key, [m]);
  }
  const entities: EntityRecord[] = [];
  for (const [key, group] of groups) {
    if (group.length < minMentions) continue;
    const typeVotes = new Map<EntityType, number>();
    for (const m of group) typeVotes.set(m.type, (typeVotes.get(m.type) ?? 0) + 1);
    const type = [...typeVotes.entries()].sort((a, b) => b[1] - a[1] || TYPE_ORDER.indexOf(a[0]) - TYPE_ORDER.indexOf(b[0]))[0]![0];
    const surfaces = new Map<string, number>();
    for (const m of group) surfaces.set(m.surface, (surfaces.get(m.surface) ?? 0) + 1);
    // The name: the most frequent full form (acronyms only when nothing else was written).
    const ranked = [...surfaces.entries()].sort(
      (a, b) =>
        Number(isAcronym(a[0])) - Number(isAcronym(b[0])) || b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1),
    );
    const name = ranked[0]![0];
    const aliases = ranked.map(([s]) => s).filter((s) => s !== name).sort();
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

const isAcronym = (s: string) => /^[\p{Lu}.&-]{2,}$/u.test(s);

export const extract = corpusStage({
  name: 'extract',
  description: 'entities (people, organisations, places) and numeric statistics with compromise',
  scope: 'corpus',
  consumes: 'deduplicated',
  produces: 'annotated',
  options: ExtractOptions,
  create: (options) => (corpus: DedupedCorpus, ctx): AnnotatedCorpus => {
    ensureLexicon();
    const mentions: KeyedMention[] = [];
    const aliasOf = new Map<string, string>();
    const statistics: StatisticRecord[] = [];
    const canonical = corpus.passages.filter((p) => p.duplicateOf === null);
    for (const p of canonical) {
      const doc = nlp(p.text);
      ctx.count('passages:tagged');
      ctx.count('chars:tagged', p.text.length);
      if (options.entities) {
        for (const m of extractMentions(doc, p.text)) {
          mentions.push(toKeyed(p, m));
          const acronym = acronymAfter(p.text, m.end);
          if (acronym && acronymMatches(acronym, m.text)) aliasOf.set(entityKey(acronym), entityKey(m.text));
        }
      }
      if (options.statistics) {
        for (const s of extractStatistics(doc, p.text)) {
          const sentence = p.sentences.find((x) => x.start - p.start <= s.start && s.end <= x.end - p.start);
          statistics.push({
            id: shortHash(p.id, String(s.start), s.text),
            docId: p.docId,
            passageId: p.id,
            text: s.text,
            value: s.value,
            kind: s.kind,
            unit: s.unit,
            sentence: sentence ? p.text.slice(sentence.start - p.start, sentence.end - p.start) : p.text,
            start: s.start,
            end: s.end,
            docStart: p.start + s.start,
            docEnd: p.start + s.end,
          });
        }
      }
    }
    const entities = mergeEntities(mentions, aliasOf, options.minMentions);
    ctx.count('mentions', mentions.length);
    ctx.count('entities', entities.length);
    ctx.count('statistics', statistics.length);
    return { ...corpus, entities, statistics };
  },
});

function toKeyed(p: PassageRecord, m: RawMention): KeyedMention {
  return {
    type: m.type,
    key: entityKey(m.text),
    surface: m.text,
    mention: { docId: p.docId, passageId: p.id, start: m.start, end: m.end, docStart: p.start + m.start, docEnd: p.start + m.end, text: m.text },
  };
}
