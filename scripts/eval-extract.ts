// npm run eval:extract: scores entity and statistic extraction against hand-labelled gold.
// Sets: the seed documents in raw/ (gold in tests/fixtures/extract/<docId>.json); a development
// set of documents written for the eval (tests/fixtures/extract/dev/<name>.txt + .json; it was the
// first held-out set, and once its figures were reported it became a set to tune on); and a
// held-out set (tests/fixtures/extract/heldout/), written and labelled by someone else, which must
// not be read or used to tune the extractor. Each set is built with the project's pipeline
// (build() into a temporary folder); the output entities.jsonl, statistics.jsonl and
// passages.jsonl are matched against the gold per document:
//   entities    distinct entities per document; a predicted entity matches a gold one when any of
//               its name/aliases equals the gold name or an alias (case-, punctuation-, diacritic-
//               insensitive, a leading "the" ignored); one-to-one (maximum bipartite matching), so
//               an entity split in two counts one false positive. Scored per type (type must
//               match), overall, and type-agnostic.
//   statistics  one record per figure in the text; matched one-to-one by document, value
//               (relative tolerance 0.2%) and kind; also kind-agnostic. Of the matched ones: how
//               many have the right unit, qualifier, year and valueMax.
// The dedupe stage runs extraction only on canonical passages, so a document's predictions also
// include those of the canonical passages its duplicate passages point to (exact duplicates: all
// of them; near and contained duplicates: those whose sentence, or for entities whose mention,
// occurs in the duplicate passage).
// Usage: eval-extract [--set seeds|dev|heldout] [--json] [--details]   (--details lists misses
// and false positives per document, for seeds and dev only: the held-out texts are not to be looked at.)
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { build } from '../src/build.ts';
import { EntityTypeSchema, StatisticKindSchema, StatisticRecordSchema } from '../src/schemas.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.join(ROOT, 'tests/fixtures/extract');

export const SETS = ['seeds', 'dev', 'heldout'] as const;
export type SetName = (typeof SETS)[number];
export const ENTITY_TYPES = EntityTypeSchema.options;
export const STAT_KINDS = StatisticKindSchema.options;

// ---------------------------------------------------------------- gold

export const GoldEntitySchema = z.object({ type: EntityTypeSchema, name: z.string().min(1), aliases: z.array(z.string()) });
// The fields of a statistic record that are labelled; text is a snippet to find the figure by.
export const GoldStatisticSchema = StatisticRecordSchema.pick({ value: true, valueMax: true, kind: true, unit: true, qualifier: true, year: true }).extend({
  text: z.string(),
});
export const GoldDocSchema = z.object({ docId: z.string(), entities: z.array(GoldEntitySchema), statistics: z.array(GoldStatisticSchema) });
export type GoldEntity = z.infer<typeof GoldEntitySchema>;
export type GoldStatistic = z.infer<typeof GoldStatisticSchema>;
export type GoldDoc = z.infer<typeof GoldDocSchema>;

export function loadGold(set: SetName): GoldDoc[] {
  const dir = set === 'seeds' ? FIXTURES : path.join(FIXTURES, set);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const parsed = GoldDocSchema.safeParse(JSON.parse(readFileSync(path.join(dir, f), 'utf8')));
      if (!parsed.success) throw new Error(`${path.join(dir, f)}: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
      if (parsed.data.docId !== f.replace(/\.json$/, '')) throw new Error(`${path.join(dir, f)}: docId ${parsed.data.docId} is not the file stem`);
      return parsed.data;
    });
}

// ---------------------------------------------------------------- predictions

/** What the eval needs of a predicted entity: its type and every name it goes by. */
export interface PredEntity {
  id: string;
  type: string;
  names: string[];
}

/** What the eval needs of a predicted statistic (fields the extractor does not fill are null). */
export interface PredStatistic {
  id: string;
  value: number;
  valueMax: number | null;
  kind: string;
  unit: string | null;
  qualifier: string | null;
  year: number | null;
  text: string;
  sentence: string;
  /** Offset of the figure in the document text (for duplicates: in the duplicate passage), when known. */
  docStart: number | null;
}

interface RawPassage {
  id: string;
  docId: string;
  text: string;
  start?: number;
  duplicateOf: string | null;
  duplicateKind?: string | null;
}
interface RawMention {
  docId: string;
  passageId: string;
  text: string;
}
interface RawEntity {
  id: string;
  type: string;
  name: string;
  aliases?: string[];
  mentions?: RawMention[];
}
interface RawStatistic {
  id: string;
  docId: string;
  passageId: string;
  text: string;
  value: number;
  valueMax?: number | null;
  kind: string;
  unit?: string | null;
  qualifier?: string | null;
  year?: number | null;
  sentence?: string;
  start?: number;
  docStart?: number;
}

export interface BuildOutput {
  documents: { id: string; text: string }[];
  passages: RawPassage[];
  entities: RawEntity[];
  statistics: RawStatistic[];
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Predictions per document: the document's own records, plus those of the canonical passages its
 * duplicate passages point to (exact: all; near/contained: those that occur in the duplicate).
 */
export function predictionsByDocument(out: BuildOutput): Map<string, { entities: PredEntity[]; statistics: PredStatistic[] }> {
  const byId = new Map(out.passages.map((p) => [p.id, p]));
  const canonicalOf = (p: RawPassage): RawPassage => {
    let q = p;
    for (let i = 0; i < 50 && q.duplicateOf; i++) q = byId.get(q.duplicateOf) ?? q;
    return q;
  };
  // Duplicate passages of each document, with their canonical passage.
  const borrowed = new Map<string, { dup: RawPassage; canonicalId: string }[]>();
  for (const p of out.passages) {
    if (!p.duplicateOf) continue;
    const c = canonicalOf(p);
    const list = borrowed.get(p.docId) ?? [];
    list.push({ dup: p, canonicalId: c.id });
    borrowed.set(p.docId, list);
  }
  const docIds = new Set([...out.passages.map((p) => p.docId), ...out.statistics.map((s) => s.docId)]);
  const statsByPassage = new Map<string, RawStatistic[]>();
  for (const s of out.statistics) {
    const list = statsByPassage.get(s.passageId) ?? [];
    list.push(s);
    statsByPassage.set(s.passageId, list);
  }
  const toPredStat = (s: RawStatistic, suffix = '', docStart: number | null = s.docStart ?? null): PredStatistic => ({
    id: s.id + suffix,
    value: s.value,
    valueMax: s.valueMax ?? null,
    kind: s.kind,
    unit: s.unit ?? null,
    qualifier: s.qualifier ?? null,
    year: s.year ?? null,
    text: s.text,
    sentence: s.sentence ?? s.text,
    docStart,
  });
  // Where a canonical passage's figure sits in a duplicate of it.
  const startInDuplicate = (s: RawStatistic, dup: RawPassage, exact: boolean): number | null => {
    if (dup.start === undefined || s.start === undefined) return null;
    if (exact) return dup.start + s.start;
    const canon = byId.get(s.passageId);
    const sentence = s.sentence ?? s.text;
    const inCanon = canon ? canon.text.indexOf(sentence) : -1;
    const inDup = dup.text.indexOf(sentence);
    return inCanon >= 0 && inDup >= 0 ? dup.start + inDup + (s.start - inCanon) : null;
  };
  const toPredEntity = (e: RawEntity): PredEntity => ({ id: e.id, type: e.type, names: [e.name, ...(e.aliases ?? [])] });
  const result = new Map<string, { entities: PredEntity[]; statistics: PredStatistic[] }>();
  for (const docId of docIds) {
    const dups = borrowed.get(docId) ?? [];
    const statistics = out.statistics.filter((s) => s.docId === docId).map((s) => toPredStat(s));
    for (const { dup, canonicalId } of dups) {
      const exact = (dup.duplicateKind ?? 'exact') === 'exact';
      const text = squash(dup.text);
      for (const s of statsByPassage.get(canonicalId) ?? []) {
        const inDup = exact || text.includes(squash(s.sentence ?? s.text)) || (dup.duplicateKind === 'near' && text.includes(squash(s.text)));
        if (inDup) statistics.push(toPredStat(s, `@${dup.id}`, startInDuplicate(s, dup, exact)));
      }
    }
    const dupCanon = new Map<string, RawPassage[]>();
    for (const { dup, canonicalId } of dups) dupCanon.set(canonicalId, [...(dupCanon.get(canonicalId) ?? []), dup]);
    const entities = out.entities
      .filter((e) =>
        (e.mentions ?? []).some(
          (m) =>
            m.docId === docId ||
            (dupCanon.get(m.passageId) ?? []).some((dup) => (dup.duplicateKind ?? 'exact') === 'exact' || squash(dup.text).includes(squash(m.text))),
        ),
      )
      .map(toPredEntity);
    result.set(docId, { entities, statistics });
  }
  return result;
}

// ---------------------------------------------------------------- matching

/** Case-, punctuation- and diacritic-insensitive key of a name; a leading "the" is ignored. */
export function normaliseName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/^\s*the\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Maximum bipartite matching (augmenting paths); edges[g] lists the predictions gold g may take. */
export function maxMatching(edges: number[][], predCount: number): [number, number][] {
  const predTo = new Array<number>(predCount).fill(-1);
  const tryAssign = (g: number, seen: boolean[]): boolean => {
    for (const p of edges[g]!) {
      if (seen[p]) continue;
      seen[p] = true;
      if (predTo[p] === -1 || tryAssign(predTo[p]!, seen)) {
        predTo[p] = g;
        return true;
      }
    }
    return false;
  };
  for (let g = 0; g < edges.length; g++) tryAssign(g, new Array<boolean>(predCount).fill(false));
  const pairs: [number, number][] = [];
  predTo.forEach((g, p) => {
    if (g !== -1) pairs.push([g, p]);
  });
  return pairs.sort((a, b) => a[0] - b[0]);
}

export function entitiesMatch(gold: GoldEntity, pred: PredEntity): boolean {
  const keys = new Set([gold.name, ...gold.aliases].map(normaliseName).filter(Boolean));
  return pred.names.some((n) => keys.has(normaliseName(n)));
}

/** One-to-one matching of predicted to gold entities of one document: [gold index, pred index]. */
export function matchEntities(gold: GoldEntity[], pred: PredEntity[], typed: boolean): [number, number][] {
  const edges = gold.map((g) => pred.flatMap((p, j) => (entitiesMatch(g, p) && (!typed || g.type === p.type) ? [j] : [])));
  return maxMatching(edges, pred.length);
}

export function valuesEqual(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= 0.002 * Math.max(Math.abs(a), Math.abs(b));
}

const singular = (w: string) => (w.length > 3 && w.endsWith('ies') ? `${w.slice(0, -3)}y` : w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);
const unitWords = (u: string) => u.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(singular);

/** Units agree when both are null, or equal after lower-casing and singularising, or share their head (last) word. */
export function unitsEqual(gold: string | null, pred: string | null): boolean {
  if (gold === null || pred === null) return gold === pred;
  const g = unitWords(gold);
  const p = unitWords(pred);
  if (!g.length || !p.length) return g.length === p.length;
  return g.join(' ') === p.join(' ') || g[g.length - 1] === p[p.length - 1];
}

export interface AttributeChecks {
  unit: boolean;
  qualifier: boolean;
  year: boolean;
  valueMax: boolean;
}

export function checkAttributes(gold: GoldStatistic, pred: PredStatistic): AttributeChecks {
  return {
    unit: unitsEqual(gold.unit, pred.unit),
    qualifier: gold.qualifier === pred.qualifier,
    year: gold.year === pred.year,
    valueMax: gold.valueMax === null || pred.valueMax === null ? gold.valueMax === pred.valueMax : valuesEqual(gold.valueMax, pred.valueMax),
  };
}

/** A gold statistic with the span of its text in the built document text, when found. */
export type LocatedStatistic = GoldStatistic & { start?: number | null; end?: number | null };

/**
 * Finds each gold statistic's text in the document text. The gold lists figures in text order, so
 * a snippet is taken at its first occurrence at or after the previous figure's not already taken
 * by the same snippet.
 */
export function locateStatistics(text: string, statistics: GoldStatistic[]): LocatedStatistic[] {
  let from = 0;
  const taken = new Set<string>();
  const find = (snippet: string, start: number) => {
    let i = text.indexOf(snippet, start);
    while (i >= 0 && taken.has(`${i}\u0000${snippet}`)) i = text.indexOf(snippet, i + 1);
    return i;
  };
  return statistics.map((s) => {
    let i = find(s.text, from);
    if (i < 0) i = find(s.text, 0);
    if (i < 0) return { ...s, start: null, end: null };
    taken.add(`${i}\u0000${s.text}`);
    from = i;
    return { ...s, start: i, end: i + s.text.length };
  });
}

/** True when the predicted figure starts inside the gold snippet (both positions known). */
export function atSamePlace(g: LocatedStatistic, p: PredStatistic): boolean {
  return g.start != null && g.end != null && p.docStart != null && p.docStart >= g.start - 2 && p.docStart <= g.end + 2;
}

/**
 * One-to-one matching of predicted to gold statistics of one document by value (and kind unless
 * kindAgnostic). Among equal values, pairs at the same place in the text (when both positions are
 * known) are taken first, then pairs that agree on more attributes and whose surface forms
 * overlap, then pairs at similar ranks (both lists are in text order).
 */
export function matchStatistics(gold: LocatedStatistic[], pred: PredStatistic[], kindAgnostic = false): [number, number][] {
  const cands: { g: number; p: number; score: number }[] = [];
  gold.forEach((g, i) =>
    pred.forEach((p, j) => {
      if (!valuesEqual(g.value, p.value) || (!kindAgnostic && g.kind !== p.kind)) return;
      const a = checkAttributes(g, p);
      const gt = squash(g.text);
      const pt = squash(p.text);
      const overlap = pt.length > 0 && (gt.includes(pt) || pt.includes(gt)) ? 2 : 0;
      const position = gold.length > 1 && pred.length > 1 ? Math.abs(i / (gold.length - 1) - j / (pred.length - 1)) : 0;
      const score = (atSamePlace(g, p) ? 20 : 0) + Number(g.kind === p.kind) * 4 + Number(a.unit) + Number(a.qualifier) + Number(a.year) * 2 + Number(a.valueMax) + overlap - position;
      cands.push({ g: i, p: j, score });
    }),
  );
  cands.sort((a, b) => b.score - a.score || a.g - b.g || a.p - b.p);
  const usedG = new Set<number>();
  const usedP = new Set<number>();
  const pairs: [number, number][] = [];
  for (const c of cands) {
    if (usedG.has(c.g) || usedP.has(c.p)) continue;
    usedG.add(c.g);
    usedP.add(c.p);
    pairs.push([c.g, c.p]);
  }
  return pairs.sort((a, b) => a[0] - b[0]);
}

// ---------------------------------------------------------------- scores

export interface PRF {
  gold: number;
  predicted: number;
  matched: number;
  precision: number;
  recall: number;
  f1: number;
}

export function prf(gold: number, predicted: number, matched: number): PRF {
  const precision = predicted ? matched / predicted : gold ? 0 : 1;
  const recall = gold ? matched / gold : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { gold, predicted, matched, precision, recall, f1 };
}

export interface DocScore {
  docId: string;
  built: boolean;
  entities: PRF;
  statistics: PRF;
  /** Filled by --details: what was missed and what was predicted wrongly. */
  details?: { missedEntities: string[]; extraEntities: string[]; missedStatistics: string[]; extraStatistics: string[]; wrongAttributes: string[] };
}

export interface SetScore {
  set: string;
  documents: number;
  entities: {
    byType: Record<string, PRF>;
    overall: PRF;
    typeAgnostic: PRF;
  };
  statistics: {
    byKind: Record<string, PRF>;
    overall: PRF;
    kindAgnostic: PRF;
    /**
     * Of the matched statistics (value and kind), how many have each attribute right, and how many
     * were found where the gold snippet is (the rest matched an equal value elsewhere in the document).
     */
    attributes: { matched: number; unit: number; qualifier: number; year: number; valueMax: number; samePlace: number };
  };
  perDocument: DocScore[];
  warnings: string[];
}

const fmtStat = (s: GoldStatistic | PredStatistic) =>
  `${s.value}${s.valueMax !== null ? `-${s.valueMax}` : ''} ${s.kind}${s.unit ? ` ${s.unit}` : ''}${s.qualifier ? ` [${s.qualifier}]` : ''}${s.year !== null ? ` (${s.year})` : ''} "${s.text}"`;

/** Scores one set of documents: gold against the predictions per document. */
export function scoreSet(
  set: string,
  gold: GoldDoc[],
  predictions: Map<string, { entities: PredEntity[]; statistics: PredStatistic[] }>,
  options: { details?: boolean; texts?: Map<string, string> } = {},
): SetScore {
  const warnings: string[] = [];
  const ent = { typed: { gold: 0, pred: 0, matched: 0 }, agnostic: { matched: 0 } };
  const byType = new Map<string, { gold: number; pred: number; matched: number }>(ENTITY_TYPES.map((t) => [t, { gold: 0, pred: 0, matched: 0 }]));
  const st = { gold: 0, pred: 0, matched: 0, agnostic: 0 };
  const byKind = new Map<string, { gold: number; pred: number; matched: number }>(STAT_KINDS.map((k) => [k, { gold: 0, pred: 0, matched: 0 }]));
  const attributes = { matched: 0, unit: 0, qualifier: 0, year: 0, valueMax: 0, samePlace: 0 };
  const perDocument: DocScore[] = [];
  const bucket = <K>(m: Map<K, { gold: number; pred: number; matched: number }>, k: K) => {
    let b = m.get(k);
    if (!b) m.set(k, (b = { gold: 0, pred: 0, matched: 0 }));
    return b;
  };
  for (const g of gold) {
    const p = predictions.get(g.docId);
    if (!p) warnings.push(`${g.docId}: not in the build output (rejected?); everything counts as missed`);
    const pe = p?.entities ?? [];
    const ps = p?.statistics ?? [];
    // Entities
    const typed = matchEntities(g.entities, pe, true);
    const agnostic = matchEntities(g.entities, pe, false);
    ent.typed.gold += g.entities.length;
    ent.typed.pred += pe.length;
    ent.typed.matched += typed.length;
    ent.agnostic.matched += agnostic.length;
    for (const e of g.entities) bucket(byType, e.type).gold++;
    for (const e of pe) bucket(byType, e.type).pred++;
    for (const [gi] of typed) bucket(byType, g.entities[gi]!.type).matched++;
    // Statistics
    const text = options.texts?.get(g.docId);
    const located = text === undefined ? g.statistics : locateStatistics(text, g.statistics);
    const pairs = matchStatistics(located, ps);
    const pairsAgnostic = matchStatistics(located, ps, true);
    st.gold += g.statistics.length;
    st.pred += ps.length;
    st.matched += pairs.length;
    st.agnostic += pairsAgnostic.length;
    for (const s of g.statistics) bucket(byKind, s.kind).gold++;
    for (const s of ps) bucket(byKind, s.kind).pred++;
    const wrongAttributes: string[] = [];
    for (const [gi, pi] of pairs) {
      const gs = g.statistics[gi]!;
      const a = checkAttributes(gs, ps[pi]!);
      bucket(byKind, gs.kind).matched++;
      attributes.matched++;
      if (a.unit) attributes.unit++;
      if (a.qualifier) attributes.qualifier++;
      if (a.year) attributes.year++;
      if (a.valueMax) attributes.valueMax++;
      if (atSamePlace(located[gi]!, ps[pi]!)) attributes.samePlace++;
      if (options.details && !(a.unit && a.qualifier && a.year && a.valueMax)) wrongAttributes.push(`gold ${fmtStat(gs)}  <>  predicted ${fmtStat(ps[pi]!)}`);
    }
    const doc: DocScore = {
      docId: g.docId,
      built: Boolean(p),
      entities: prf(g.entities.length, pe.length, typed.length),
      statistics: prf(g.statistics.length, ps.length, pairs.length),
    };
    if (options.details) {
      const ge = new Set(typed.map(([gi]) => gi));
      const pm = new Set(typed.map(([, pi]) => pi));
      const gsm = new Set(pairs.map(([gi]) => gi));
      const psm = new Set(pairs.map(([, pi]) => pi));
      const agnosticPred = new Map(agnostic.map(([gi, pi]) => [gi, pi]));
      doc.details = {
        missedEntities: g.entities.flatMap((e, i) => {
          if (ge.has(i)) return [];
          const other = agnosticPred.get(i);
          return [`${e.type} ${e.name}${other !== undefined ? `  (found as ${pe[other]!.type})` : ''}`];
        }),
        extraEntities: pe.filter((_, j) => !pm.has(j)).map((e) => `${e.type} ${e.names.join(' | ')}`),
        missedStatistics: g.statistics.filter((_, i) => !gsm.has(i)).map(fmtStat),
        extraStatistics: ps.filter((_, j) => !psm.has(j)).map(fmtStat),
        wrongAttributes,
      };
    }
    perDocument.push(doc);
  }
  return {
    set,
    documents: gold.length,
    entities: {
      byType: Object.fromEntries([...byType].map(([t, b]) => [t, prf(b.gold, b.pred, b.matched)])),
      overall: prf(ent.typed.gold, ent.typed.pred, ent.typed.matched),
      typeAgnostic: prf(ent.typed.gold, ent.typed.pred, ent.agnostic.matched),
    },
    statistics: {
      byKind: Object.fromEntries([...byKind].map(([k, b]) => [k, prf(b.gold, b.pred, b.matched)])),
      overall: prf(st.gold, st.pred, st.matched),
      kindAgnostic: prf(st.gold, st.pred, st.agnostic),
      attributes,
    },
    perDocument,
    warnings,
  };
}

// ---------------------------------------------------------------- build and run

const readJsonl = <T>(file: string): T[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as T)
    : [];

/** Builds a set's documents with the default pipeline into a temporary folder and reads the output. */
export async function buildSet(set: SetName): Promise<BuildOutput & { rejected: string[] }> {
  const tmp = mkdtempSync(path.join(tmpdir(), `eval-extract-${set}-`));
  try {
    let inDir = path.join(ROOT, 'raw');
    if (set !== 'seeds') {
      inDir = path.join(tmp, 'in');
      const src = path.join(FIXTURES, set);
      mkdirSync(inDir);
      for (const f of readdirSync(src).filter((f) => f.endsWith('.txt'))) copyFileSync(path.join(src, f), path.join(inDir, f));
    }
    const outDir = path.join(tmp, 'out');
    const result = await build({ inDir, outDir });
    return {
      documents: readJsonl<{ id: string; text: string }>(path.join(outDir, 'documents.jsonl')).map((d) => ({ id: d.id, text: d.text })),
      passages: readJsonl<RawPassage>(path.join(outDir, 'passages.jsonl')),
      entities: readJsonl<RawEntity>(path.join(outDir, 'entities.jsonl')),
      statistics: readJsonl<RawStatistic>(path.join(outDir, 'statistics.jsonl')),
      rejected: result.rejected.map((r) => `${r.relPath}: ${r.reason}`),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Builds and scores the given sets (default: all). The figures for tests and `npm run bench`. */
export async function evaluateExtraction(options: { sets?: readonly SetName[]; details?: boolean } = {}): Promise<SetScore[]> {
  const scores: SetScore[] = [];
  for (const set of options.sets ?? SETS) {
    const gold = loadGold(set);
    const out = await buildSet(set);
    const texts = new Map(out.documents.map((d) => [d.id, d.text]));
    const score = scoreSet(set, gold, predictionsByDocument(out), { details: options.details && set !== 'heldout', texts });
    score.warnings.unshift(...out.rejected.map((r) => `rejected input ${r}`));
    scores.push(score);
  }
  return scores;
}

// ---------------------------------------------------------------- report

function table(head: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.map(line)].join('\n');
}

const f3 = (n: number) => n.toFixed(3);
const row = (label: string, s: PRF) => [label, s.gold, s.predicted, s.matched, f3(s.precision), f3(s.recall), f3(s.f1)];
const pct = (n: number, d: number) => (d ? `${n}/${d} (${((100 * n) / d).toFixed(0)}%)` : '-');

export function formatSetScore(s: SetScore): string {
  const head = ['', 'gold', 'predicted', 'matched', 'P', 'R', 'F1'];
  const out = [`## ${s.set} (${s.documents} documents)`, ''];
  out.push('### Entities (distinct per document)', '');
  out.push(
    table(head, [
      ...ENTITY_TYPES.filter((t) => s.entities.byType[t]).map((t) => row(t, s.entities.byType[t]!)),
      row('overall (type must match)', s.entities.overall),
      row('type-agnostic', s.entities.typeAgnostic),
    ]),
  );
  out.push('', '### Statistics (value and kind)', '');
  out.push(
    table(head, [
      ...STAT_KINDS.filter((k) => s.statistics.byKind[k] && (s.statistics.byKind[k]!.gold || s.statistics.byKind[k]!.predicted)).map((k) => row(k, s.statistics.byKind[k]!)),
      row('overall', s.statistics.overall),
      row('value only (kind-agnostic)', s.statistics.kindAgnostic),
    ]),
  );
  const a = s.statistics.attributes;
  out.push('', `Of the ${a.matched} matched statistics, right: unit ${pct(a.unit, a.matched)}, qualifier ${pct(a.qualifier, a.matched)}, year ${pct(a.year, a.matched)}, valueMax ${pct(a.valueMax, a.matched)}; found at the gold snippet's place ${pct(a.samePlace, a.matched)}`);
  out.push('', '### Per document', '');
  out.push(
    table(
      ['document', 'entities gold', 'pred', 'F1', 'statistics gold', 'pred', 'F1'],
      s.perDocument.map((d) => [d.docId, d.entities.gold, d.entities.predicted, f3(d.entities.f1), d.statistics.gold, d.statistics.predicted, f3(d.statistics.f1)]),
    ),
  );
  for (const d of s.perDocument) {
    if (!d.details) continue;
    const list = (title: string, items: string[]) => (items.length ? [`${title} (${items.length}):`, ...items.map((i) => `  - ${i}`)] : []);
    out.push(
      '',
      `#### ${d.docId}`,
      ...list('missed entities', d.details.missedEntities),
      ...list('false-positive entities', d.details.extraEntities),
      ...list('missed statistics', d.details.missedStatistics),
      ...list('false-positive statistics', d.details.extraStatistics),
      ...list('matched statistics with a wrong attribute', d.details.wrongAttributes),
    );
  }
  if (s.warnings.length) out.push('', ...s.warnings.map((w) => `warning: ${w}`));
  return out.join('\n');
}

async function main() {
  const { values } = parseArgs({ options: { set: { type: 'string' }, json: { type: 'boolean' }, details: { type: 'boolean' } } });
  if (values.set && !SETS.includes(values.set as SetName)) {
    process.stderr.write(`eval-extract: unknown set "${values.set}" (sets: ${SETS.join(', ')})\n`);
    process.exitCode = 2;
    return;
  }
  if (values.details && values.set === 'heldout') process.stderr.write('eval-extract: --details does not list the held-out set (its texts are not to be looked at)\n');
  const sets = values.set ? [values.set as SetName] : SETS;
  let scores: SetScore[];
  try {
    scores = await evaluateExtraction({ sets, details: values.details });
  } catch (err) {
    process.stderr.write(`eval-extract: the build failed: ${(err as Error).message.split('\n')[0]}\n`);
    process.exitCode = 1;
    return;
  }
  if (values.json) process.stdout.write(`${JSON.stringify(scores, null, 2)}\n`);
  else process.stdout.write(`${scores.map(formatSetScore).join('\n\n')}\n`);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) await main();
