// Corpus-level entities, old against new: by id, then by name, then by a shared alias (the
// canonical name can change when the lexicon or the most frequent form changes).
import type { EntityRecord } from '../schemas.ts';
import type { EntityBrief, EntityChange } from './schema.ts';

/** An entity without its mentions: per-document counts are all the diff needs. */
export interface EntitySummary {
  id: string;
  type: EntityRecord['type'];
  name: string;
  aliases: string[];
  mentionCount: number;
  documents: string[];
  perDocument: Record<string, number>;
}

export function summariseEntity(e: EntityRecord): EntitySummary {
  const perDocument: Record<string, number> = {};
  for (const m of e.mentions) perDocument[m.docId] = (perDocument[m.docId] ?? 0) + 1;
  return { id: e.id, type: e.type, name: e.name, aliases: e.aliases, mentionCount: e.mentionCount, documents: e.documents, perDocument };
}

export interface EntityDiff {
  appeared: EntityBrief[];
  disappeared: EntityBrief[];
  changed: EntityChange[];
  unchanged: number;
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
const brief = (e: EntitySummary): EntityBrief => ({ id: e.id, type: e.type, name: e.name, mentionCount: e.mentionCount, documents: [...e.documents].sort() });

export function diffEntities(oldEntities: EntitySummary[], newEntities: EntitySummary[]): EntityDiff {
  const byId = (a: EntitySummary, b: EntitySummary) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const olds = [...oldEntities].sort(byId);
  const news = [...newEntities].sort(byId);
  const pairs: Array<[EntitySummary, EntitySummary]> = [];
  const usedNew = new Set<number>();
  let restOld = olds;
  for (const keysOf of [(e: EntitySummary) => [e.id], (e: EntitySummary) => [fold(e.name)], (e: EntitySummary) => [e.name, ...e.aliases].map(fold)]) {
    const index = new Map<string, number>();
    news.forEach((e, j) => {
      if (usedNew.has(j)) return;
      for (const k of keysOf(e)) if (k && !index.has(k)) index.set(k, j);
    });
    const stillOld: EntitySummary[] = [];
    for (const o of restOld) {
      const j = keysOf(o).map((k) => index.get(k)).find((j) => j !== undefined && !usedNew.has(j));
      if (j === undefined) stillOld.push(o);
      else {
        usedNew.add(j);
        pairs.push([o, news[j]!]);
      }
    }
    restOld = stillOld;
  }

  const changed: EntityChange[] = [];
  let unchanged = 0;
  for (const [o, n] of pairs) {
    const docs = [...new Set([...Object.keys(o.perDocument), ...Object.keys(n.perDocument)])].sort();
    const documents = docs
      .map((docId) => ({ docId, old: o.perDocument[docId] ?? 0, new: n.perDocument[docId] ?? 0 }))
      .filter((d) => d.old !== d.new);
    if (!documents.length && o.mentionCount === n.mentionCount && o.name === n.name && o.type === n.type) unchanged++;
    else changed.push({ old: brief(o), new: brief(n), mentions: { old: o.mentionCount, new: n.mentionCount }, documents });
  }
  const byMentions = (a: EntityBrief, b: EntityBrief) => b.mentionCount - a.mentionCount || (a.id < b.id ? -1 : 1);
  changed.sort(
    (a, b) =>
      Math.abs(b.mentions.new - b.mentions.old) - Math.abs(a.mentions.new - a.mentions.old) || (a.new.id < b.new.id ? -1 : 1),
  );
  return {
    appeared: news.filter((_, j) => !usedNew.has(j)).map(brief).sort(byMentions),
    disappeared: restOld.map(brief).sort(byMentions),
    changed,
    unchanged,
  };
}
