// The three views of a DiffReport: a terminal report (coloured only on a TTY without NO_COLOR),
// Markdown for a pull-request comment, and JSON (the schema'd record itself).
import { styleText } from 'node:util';
import type { DiffReport, DocumentChange, EntityBrief, PassageRef, StatisticBrief, StatisticChange, WordDiffPart } from './schema.ts';

export interface RenderOptions {
  /** Longest list of references and entity changes to print; the JSON always has them all. */
  maxItems?: number;
  /** Summary only. */
  stat?: boolean;
}

export interface TerminalOptions extends RenderOptions {
  color?: boolean;
}

/** Colour when writing to a terminal, unless NO_COLOR is set (https://no-color.org). */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR;
}

export const renderJson = (report: DiffReport): string => `${JSON.stringify(report, null, 2)}\n`;

const DEFAULT_MAX_ITEMS = 25;
const num = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 6 });
const short = (sha: string) => sha.slice(0, 12);
const plural = (n: number, one: string, many = `${one}s`) => `${num(n)} ${n === 1 ? one : many}`;

export function figure(s: StatisticBrief): string {
  const value = s.valueMax === null ? num(s.value) : `${num(s.value)}–${num(s.valueMax)}`;
  const amount =
    s.kind === 'percent' ? `${value}%${s.unit ? ` of ${s.unit}` : ''}` : s.kind === 'money' && s.unit ? `${value} ${s.unit.toUpperCase()}` : s.unit ? `${value} ${s.unit}` : value;
  return `${s.qualifier ? `${s.qualifier} ` : ''}${amount}`;
}

/** The changed fields a figure's own text does not show: year and source, old → new. */
function fieldChanges(x: StatisticChange): string {
  const show = (v: string | number | null) => (v === null ? '–' : String(v));
  const parts: string[] = [];
  if (x.fields.includes('kind')) parts.push(`kind ${x.old.kind} → ${x.new.kind}`);
  if (x.fields.includes('year')) parts.push(`year ${show(x.old.year)} → ${show(x.new.year)}`);
  if (x.fields.includes('source')) parts.push(`source ${show(x.old.sourceName ?? x.old.source)} → ${show(x.new.sourceName ?? x.new.source)}`);
  return parts.join('; ');
}

function figureDetails(s: StatisticBrief, shown: readonly string[] = []): string {
  return [
    s.kind,
    s.year === null || shown.includes('year') ? null : `year ${s.year}`,
    (s.sourceName ?? s.source) && !shown.includes('source') ? `source ${s.sourceName ?? s.source}` : null,
  ]
    .filter(Boolean)
    .join(', ');
}

/** The sentence, cut to a window around the figure's surface form. */
export function excerpt(sentence: string, around: string, width = 110): string {
  const s = sentence.replace(/\s+/g, ' ').trim();
  if (s.length <= 2 * width) return s;
  const at = Math.max(0, s.indexOf(around));
  const from = Math.max(0, at - width);
  const to = Math.min(s.length, at + around.length + width);
  return `${from > 0 ? '…' : ''}${s.slice(from, to).trim()}${to < s.length ? '…' : ''}`;
}

const passageLabel = (refs: PassageRef[]) => (refs.length === 1 ? `#${refs[0]!.index}` : `#${refs.map((r) => r.index).join('+')}`);
const sectionOf = (refs: PassageRef[]) => refs.find((r) => r.section)?.section ?? null;

function summaryRows(r: DiffReport): Array<[string, string]> {
  const s = r.summary;
  const parts = (pairs: Array<[number, string]>) => pairs.filter(([n]) => n > 0).map(([n, w]) => `${num(n)} ${w}`).join(', ') || 'no change';
  return [
    ['documents', parts([[s.documents.added, 'added'], [s.documents.removed, 'removed'], [s.documents.changed, 'changed'], [s.documents.unchanged, 'unchanged']])],
    ['passages', parts([[s.passages.added, 'added'], [s.passages.removed, 'removed'], [s.passages.modified, 'modified'], [s.passages.resegmented, 're-segmented (text unchanged)'], [s.passages.unchanged, 'unchanged']])],
    ['entities', parts([[s.entities.appeared, 'appeared'], [s.entities.disappeared, 'disappeared'], [s.entities.changed, 'changed mentions'], [s.entities.unchanged, 'unchanged']])],
    ['statistics', parts([[s.statistics.appeared, 'appeared'], [s.statistics.disappeared, 'disappeared'], [s.statistics.changed, 'changed'], [s.statistics.unchanged, 'unchanged']])],
    ['references', parts([[s.references.added, 'added'], [s.references.removed, 'removed'], [s.references.unchanged, 'unchanged']])],
  ];
}

const statisticDocuments = (r: DiffReport) =>
  new Set([...r.statistics.appeared, ...r.statistics.disappeared, ...r.statistics.changed.map((x) => x.new)].map((s) => s.docId)).size;

/** The parts in order; a change's own leading or trailing space goes outside its markers. */
function joinDiff(parts: WordDiffPart[], render: (p: WordDiffPart) => string): string {
  return parts
    .map((p) => {
      if (p.op === 'skip' || p.op === 'equal') return render(p);
      const lead = p.text.startsWith(' ') ? ' ' : '';
      const trail = p.text.endsWith(' ') && p.text.trim() ? ' ' : '';
      return `${lead}${render({ ...p, text: p.text.trim() })}${trail}`;
    })
    .join('')
    .trim();
}

const sideLabel = (side: DiffReport['old']) => (side.kind === 'revision' ? `${side.label} (${short(side.commit ?? '')})` : side.label);

// ---------------------------------------------------------------------------------------------
// Terminal

export function renderTerminal(r: DiffReport, opts: TerminalOptions = {}): string {
  // The caller decided (useColor): styleText must not second-guess it against process.stdout.
  const c = (format: Parameters<typeof styleText>[0], text: string) => (opts.color ? styleText(format, text, { validateStream: false }) : text);
  const max = opts.maxItems ?? DEFAULT_MAX_ITEMS;
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  const more = (n: number, indent: string) => n > 0 && line(`${indent}${c('dim', `… and ${num(n)} more (--json lists all)`)}`);
  const multiDoc = statisticDocuments(r) > 1;
  const docTag = (s: StatisticBrief) => (multiDoc ? `${s.docId}: ` : '');

  line(c('bold', `corpus diff ${sideLabel(r.old)} → ${sideLabel(r.new)}`));
  if (r.old.configHash !== r.new.configHash || r.old.toolVersion !== r.new.toolVersion) {
    line(`pipeline ${r.old.pipeline} ${r.old.configHash} (tool ${r.old.toolVersion}) → ${r.new.pipeline} ${r.new.configHash} (tool ${r.new.toolVersion})`);
  }
  if (!r.summary.changed) {
    line('no changes');
    return `${out.join('\n')}\n`;
  }
  line();
  line(c('bold', 'Summary'));
  for (const [k, v] of summaryRows(r)) line(`  ${k.padEnd(11)} ${v}`);
  if (opts.stat) return `${out.join('\n')}\n`;

  const wordDiff = (parts: WordDiffPart[]) =>
    joinDiff(parts, (p) =>
      p.op === 'skip' ? c('dim', '…') : p.op === 'equal' ? p.text : p.op === 'removed' ? (opts.color ? c('red', p.text) : `[-${p.text}-]`) : opts.color ? c('green', p.text) : `{+${p.text}+}`,
    );

  const st = r.statistics;
  if (st.changed.length + st.appeared.length + st.disappeared.length) {
    line();
    line(c('bold', 'Statistics'));
    if (st.changed.length) line(`  changed (${num(st.changed.length)})`);
    for (const x of st.changed) {
      const fields = fieldChanges(x);
      line(`  ${c('yellow', '~')} ${docTag(x.new)}${c('red', figure(x.old))} → ${c('green', figure(x.new))}  (${fields ? `${fields}; ` : ''}${figureDetails(x.new, x.fields)})`);
      if (x.old.sentence === x.new.sentence) line(`      "${excerpt(x.new.sentence, x.new.text)}"`);
      else {
        line(`      old: "${excerpt(x.old.sentence, x.old.text)}"`);
        line(`      new: "${excerpt(x.new.sentence, x.new.text)}"`);
      }
    }
    for (const [title, list, mark, colour] of [
      ['appeared', st.appeared, '+', 'green'],
      ['disappeared', st.disappeared, '-', 'red'],
    ] as const) {
      if (!list.length) continue;
      line(`  ${title} (${num(list.length)})`);
      for (const s of list) {
        line(`  ${c(colour, mark)} ${docTag(s)}${c(colour, figure(s))}  (${figureDetails(s)})`);
        line(`      "${excerpt(s.sentence, s.text)}"`);
      }
    }
  }

  const docs = r.documents;
  if (docs.added.length + docs.removed.length + docs.changed.length) {
    line();
    line(c('bold', 'Documents'));
    for (const d of docs.added) line(`  ${c('green', '+')} ${d.id}${d.title ? `  "${d.title}"` : ''}  (${plural(d.passages, 'passage')}, ${plural(d.words, 'word')})`);
    for (const d of docs.removed) line(`  ${c('red', '-')} ${d.id}${d.title ? `  "${d.title}"` : ''}  (${plural(d.passages, 'passage')}, ${plural(d.words, 'word')})`);
    for (const d of docs.changed) renderDocumentTerminal(d, line, c, wordDiff);
  }

  const en = r.entities;
  if (en.appeared.length + en.disappeared.length + en.changed.length) {
    line();
    line(c('bold', 'Entities'));
    const names = (list: EntityBrief[]) => list.slice(0, max * 4).map((e) => `${e.name} (${e.type}, ${e.mentionCount})`).join('; ');
    if (en.appeared.length) {
      line(`  ${c('green', '+')} appeared (${num(en.appeared.length)}): ${names(en.appeared)}`);
      more(en.appeared.length - max * 4, '    ');
    }
    if (en.disappeared.length) {
      line(`  ${c('red', '-')} disappeared (${num(en.disappeared.length)}): ${names(en.disappeared)}`);
      more(en.disappeared.length - max * 4, '    ');
    }
    if (en.changed.length) line(`  ${c('yellow', '~')} changed (${num(en.changed.length)}):`);
    for (const x of en.changed.slice(0, max)) {
      const renamed = x.old.name !== x.new.name || x.old.type !== x.new.type ? ` (was ${x.old.name}, ${x.old.type})` : '';
      line(`      ${x.new.name}${renamed}: ${x.mentions.old} → ${x.mentions.new} mentions`);
    }
    more(en.changed.length - max, '      ');
  }

  const refs = r.references;
  if (refs.added.length + refs.removed.length) {
    line();
    line(c('bold', 'References'));
    for (const [list, mark, colour] of [
      [refs.added, '+', 'green'],
      [refs.removed, '-', 'red'],
    ] as const) {
      for (const x of list.slice(0, max)) line(`  ${c(colour, mark)} ${x.docId} [${x.index}] ${x.raw.length > 160 ? `${x.raw.slice(0, 159)}…` : x.raw}`);
      more(list.length - max, '    ');
    }
  }
  return `${out.join('\n')}\n`;
}

function renderDocumentTerminal(
  d: DocumentChange,
  line: (s?: string) => void,
  c: (f: Parameters<typeof styleText>[0], t: string) => string,
  wordDiff: (p: WordDiffPart[]) => string,
): void {
  const o = d.source.old;
  const n = d.source.new;
  line(`  ${c('yellow', '~')} ${c('bold', d.id)}${d.title.new ? `  "${d.title.new}"` : ''}${d.title.old !== d.title.new ? ` (was "${d.title.old ?? ''}")` : ''}`);
  const facts: string[] = [];
  if (d.sourceChanged) facts.push(`sha256 ${short(o.sha256)} → ${short(n.sha256)}`);
  for (const k of ['revision', 'date', 'profile', 'url'] as const) if (o[k] !== n[k]) facts.push(`${k} ${o[k] ?? '–'} → ${n[k] ?? '–'}`);
  if (facts.length) line(`      source: ${facts.join('; ')}`);
  const so = d.stats.old;
  const sn = d.stats.new;
  line(`      words ${num(so.words)} → ${num(sn.words)}, passages ${num(so.passages)} → ${num(sn.passages)}, sentences ${num(so.sentences)} → ${num(sn.sentences)}, references ${num(so.references)} → ${num(sn.references)}`);
  const p = d.passages;
  const reseg = p.modified.filter((m) => !m.textChanged);
  line(`      passages: ${num(p.unchanged)} unchanged, ${num(p.modified.length - reseg.length)} modified, ${num(p.added.length)} added, ${num(p.removed.length)} removed, ${num(reseg.length)} re-segmented`);
  const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
  // In the new document's order; a removed passage where it stood.
  const items: Array<{ at: number; tie: number; render: () => void }> = [
    ...p.modified.map((m) => ({
      at: m.new[0]!.index,
      tie: 0,
      render: () => {
        const section = sectionOf(m.new);
        const where = `${passageLabel(m.old)} → ${passageLabel(m.new)}${section ? ` [${section}]` : ''}`;
        if (!m.textChanged) return line(`    ${c('dim', `= re-segmented ${where}, text unchanged`)}`);
        line(`    ${c('yellow', '~')} ${m.kind} ${where}  similarity ${m.similarity}, -${m.wordsRemoved} +${m.wordsAdded} words`);
        line(`        ${wordDiff(m.diff)}`);
      },
    })),
    ...p.added.map((a) => ({
      at: a.index,
      tie: 0,
      render: () => {
        line(`    ${c('green', '+')} added #${a.index}${a.section ? ` [${a.section}]` : ''}`);
        line(`        ${c('green', flat(a.text))}`);
      },
    })),
    ...p.removed.map((rm) => ({
      at: rm.afterNewIndex === null ? -1 : rm.afterNewIndex,
      tie: 1,
      render: () => {
        line(`    ${c('red', '-')} removed #${rm.index}${rm.section ? ` [${rm.section}]` : ''}`);
        line(`        ${c('red', flat(rm.text))}`);
      },
    })),
  ].sort((a, b) => a.at - b.at || a.tie - b.tie);
  for (const it of items) it.render();
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** Text safe inside Markdown prose and table cells. */
const md = (s: string) => s.replace(/\s+/g, ' ').replace(/[\\`*_[\]<>|~#]/g, (ch) => `\\${ch}`);
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

export function renderMarkdown(r: DiffReport, opts: RenderOptions = {}): string {
  const max = opts.maxItems ?? DEFAULT_MAX_ITEMS;
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  line(`## Corpus diff: ${code(sideLabel(r.old))} → ${code(sideLabel(r.new))}`);
  line();
  if (r.old.configHash !== r.new.configHash || r.old.toolVersion !== r.new.toolVersion) {
    line(`Pipeline ${code(`${r.old.pipeline} ${r.old.configHash}`)} → ${code(`${r.new.pipeline} ${r.new.configHash}`)}, tool ${r.old.toolVersion} → ${r.new.toolVersion}.`);
    line();
  }
  if (!r.summary.changed) {
    line('No changes.');
    return `${out.join('\n')}\n`;
  }
  const s = r.summary;
  line('| | added | removed | changed | unchanged |');
  line('|---|---:|---:|---:|---:|');
  line(`| documents | ${s.documents.added} | ${s.documents.removed} | ${s.documents.changed} | ${s.documents.unchanged} |`);
  line(`| passages | ${s.passages.added} | ${s.passages.removed} | ${s.passages.modified} | ${s.passages.unchanged} (+${s.passages.resegmented} re-segmented) |`);
  line(`| entities | ${s.entities.appeared} | ${s.entities.disappeared} | ${s.entities.changed} | ${s.entities.unchanged} |`);
  line(`| statistics | ${s.statistics.appeared} | ${s.statistics.disappeared} | ${s.statistics.changed} | ${s.statistics.unchanged} |`);
  line(`| references | ${s.references.added} | ${s.references.removed} | | ${s.references.unchanged} |`);
  if (opts.stat) return `${out.join('\n')}\n`;

  const st = r.statistics;
  const docCol = statisticDocuments(r) > 1;
  const doc = (s: StatisticBrief) => (docCol ? `| ${code(s.docId)} ` : '');
  const docHead = docCol ? '| document ' : '';
  const docRule = docCol ? '|---' : '';
  if (st.changed.length) {
    line();
    line(`### Statistics that changed (${st.changed.length})`);
    line();
    line(`${docHead}| old | new | also changed | year | source | new sentence |`);
    line(`${docRule}|---|---|---|---:|---|---|`);
    for (const x of st.changed) {
      line(
        `${doc(x.new)}| ${md(figure(x.old))} | **${md(figure(x.new))}** | ${md(fieldChanges(x))} | ${x.new.year ?? ''} | ${md(x.new.sourceName ?? x.new.source ?? '')} | ${md(excerpt(x.new.sentence, x.new.text))} |`,
      );
    }
  }
  for (const [title, list] of [
    ['appeared', st.appeared],
    ['disappeared', st.disappeared],
  ] as const) {
    if (!list.length) continue;
    line();
    line(`### Statistics that ${title} (${list.length})`);
    line();
    line(`${docHead}| figure | year | source | sentence |`);
    line(`${docRule}|---|---:|---|---|`);
    for (const x of list) {
      line(`${doc(x)}| ${md(figure(x))} | ${x.year ?? ''} | ${md(x.sourceName ?? x.source ?? '')} | ${md(excerpt(x.sentence, x.text))} |`);
    }
  }

  const docs = r.documents;
  if (docs.added.length + docs.removed.length + docs.changed.length) {
    line();
    line('### Documents');
    line();
    for (const d of docs.added) line(`- added ${code(d.id)}${d.title ? ` ${md(d.title)}` : ''}: ${plural(d.passages, 'passage')}, ${plural(d.words, 'word')}`);
    for (const d of docs.removed) line(`- removed ${code(d.id)}${d.title ? ` ${md(d.title)}` : ''}: ${plural(d.passages, 'passage')}, ${plural(d.words, 'word')}`);
    for (const d of docs.changed) {
      const o = d.source.old;
      const n = d.source.new;
      const facts: string[] = [];
      if (d.sourceChanged) facts.push(`sha256 ${code(short(o.sha256))} → ${code(short(n.sha256))}`);
      for (const k of ['revision', 'date', 'profile'] as const) if (o[k] !== n[k]) facts.push(`${k} ${md(o[k] ?? '–')} → ${md(n[k] ?? '–')}`);
      const p = d.passages;
      line(`- changed ${code(d.id)}${d.title.new ? ` ${md(d.title.new)}` : ''}: ${facts.join('; ')}`);
      const reseg = p.modified.filter((m) => !m.textChanged).length;
      line(
        `  - words ${num(d.stats.old.words)} → ${num(d.stats.new.words)}, passages ${num(d.stats.old.passages)} → ${num(d.stats.new.passages)}: ` +
          `${p.unchanged} unchanged, ${p.modified.length - reseg} modified, ${p.added.length} added, ${p.removed.length} removed, ${reseg} re-segmented (text unchanged)`,
      );
    }
    for (const d of docs.changed) {
      const p = d.passages;
      const edits = p.modified.filter((m) => m.textChanged);
      if (edits.length) {
        line();
        line(`<details><summary>${code(d.id)}: ${edits.length} modified passages</summary>`);
        line();
        for (const m of edits) {
          const section = sectionOf(m.new);
          line(`**${m.kind} ${passageLabel(m.old)} → ${passageLabel(m.new)}**${section ? ` (${md(section)})` : ''}, similarity ${m.similarity}, −${m.wordsRemoved} +${m.wordsAdded} words`);
          line();
          line(`> ${joinDiff(m.diff, (x) => (x.op === 'skip' ? '…' : x.op === 'equal' ? md(x.text) : x.op === 'removed' ? `<del>${md(x.text)}</del>` : `<ins>${md(x.text)}</ins>`))}`);
          line();
        }
        line('</details>');
      }
      for (const [title, list] of [
        ['added', p.added],
        ['removed', p.removed],
      ] as const) {
        if (!list.length) continue;
        line();
        line(`<details><summary>${code(d.id)}: ${list.length} ${title} passages</summary>`);
        line();
        for (const x of list) {
          line(`**#${x.index}**${x.section ? ` (${md(x.section)})` : ''}`);
          line();
          line(`> ${md(x.text)}`);
          line();
        }
        line('</details>');
      }
    }
  }

  const en = r.entities;
  if (en.appeared.length + en.disappeared.length + en.changed.length) {
    line();
    line('### Entities');
    line();
    const names = (list: EntityBrief[]) => list.map((e) => `${md(e.name)} (${e.type}, ${e.mentionCount})`).join(', ');
    if (en.appeared.length) line(`- appeared (${en.appeared.length}): ${names(en.appeared)}`);
    if (en.disappeared.length) line(`- disappeared (${en.disappeared.length}): ${names(en.disappeared)}`);
    if (en.changed.length) {
      line();
      line('| entity | type | mentions before | mentions after |');
      line('|---|---|---:|---:|');
      for (const x of en.changed.slice(0, max)) line(`| ${md(x.new.name)}${x.old.name !== x.new.name ? ` (was ${md(x.old.name)})` : ''} | ${x.new.type} | ${x.mentions.old} | ${x.mentions.new} |`);
      if (en.changed.length > max) line(`\n… and ${en.changed.length - max} more.`);
    }
  }

  const refs = r.references;
  if (refs.added.length + refs.removed.length) {
    line();
    line('### References');
    for (const [title, list] of [
      ['added', refs.added],
      ['removed', refs.removed],
    ] as const) {
      if (!list.length) continue;
      line();
      line(`<details><summary>${list.length} ${title}</summary>`);
      line();
      for (const x of list.slice(0, max)) line(`- ${code(x.docId)} ${md(x.raw)}`);
      if (list.length > max) line(`- … and ${list.length - max} more`);
      line();
      line('</details>');
    }
  }
  return `${out.join('\n')}\n`;
}

