// A consumer of the dataset: loads it with the package's typed loader and prints the statistics
// grouped by the organisation their sentence names as the source.
//   npx tsx examples/stats-by-organisation.ts [DATASET]   (a folder or a git revision; default out)
import { readCorpus, type StatisticRecord } from 'corpus-builder';

const corpus = await readCorpus(process.argv[2] ?? 'out');

const names = new Map<string, string>();
for await (const entity of corpus.entities()) names.set(entity.id, entity.name);

const NO_SOURCE = '(no organisation named)';
const bySource = new Map<string, StatisticRecord[]>();
for await (const stat of corpus.statistics()) {
  const source = stat.source ? (names.get(stat.source) ?? stat.source) : NO_SOURCE;
  const list = bySource.get(source);
  if (list) list.push(stat);
  else bySource.set(source, [stat]);
}

const amount = (s: StatisticRecord) =>
  `${s.qualifier ? `${s.qualifier} ` : ''}${s.value.toLocaleString('en-US')}${s.kind === 'percent' ? '%' : ''}${s.unit ? ` ${s.unit}` : ''}`;
const excerpt = (text: string, max = 100) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const sources = [...bySource.keys()].sort((a, b) => Number(a === NO_SOURCE) - Number(b === NO_SOURCE) || a.localeCompare(b));
for (const source of sources) {
  const stats = bySource.get(source)!;
  console.log(`${source} (${stats.length})`);
  for (const s of stats) console.log(`  ${amount(s)}${s.year ? ` [${s.year}]` : ''}  ${s.docId}  "${excerpt(s.sentence)}"`);
}
