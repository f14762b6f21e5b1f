// A lighter pipeline: cleaned and deduplicated text without NLP annotation or Markdown, for
// users who only need passages (e.g. to index for search). Shows that a pipeline is data.
import { definePipeline } from '../src/pipeline/config.ts';

export default definePipeline({
  name: 'text-only',
  description: 'Clean, segment and deduplicate; no entity or statistics extraction.',
  stages: [
    { use: 'ingest' },
    { use: 'profile' },
    { use: 'strip' },
    { use: 'normalise' },
    { use: 'segment', options: { maxPassageChars: 800 } },
    { use: 'dedupe' },
    { use: 'extract', options: { entities: false, statistics: false } },
    { use: 'write', options: { markdown: false } },
  ],
});
