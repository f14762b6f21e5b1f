// The default pipeline: every stage, with the options that suit scraped web pages.
import { definePipeline } from '../src/pipeline/config.ts';

export default definePipeline({
  name: 'default',
  description: 'Clean, segment, deduplicate and annotate scraped pages (text dumps, Markdown, HTML).',
  stages: [
    { use: 'ingest', options: { maxBytes: 50 * 1024 * 1024 } },
    { use: 'profile', options: { minConfidence: 0.5 } },
    { use: 'strip', options: { minBodyChars: 1 } },
    { use: 'normalise', options: { repairSpacing: true, joinSplitParagraphs: true } },
    { use: 'segment', options: { maxPassageChars: 1200 } },
    {
      use: 'dedupe',
      options: {
        minChars: 40,
        shingleSize: 5,
        numHashes: 128,
        threshold: 0.7,
        containment: 0.8,
        canonical: ['newest', 'longest', 'profile', 'first'],
      },
    },
    { use: 'extract', options: { entities: true, statistics: true, minMentions: 1 } },
    {
      use: 'write',
      options: {
        markdown: true,
        textView: true,
        card: {
          title: 'Human trafficking and immigration: cleaned web pages',
          description:
            'Passages, entities and numeric statistics from scraped pages on human trafficking and immigration (an essay, a policy article and two revisions of the Wikipedia article), cleaned of page chrome and deduplicated across documents.',
          tags: ['human-trafficking', 'immigration', 'web-corpus', 'deduplicated'],
          limitations: [
            'Four documents: a seed corpus, too small for statistical conclusions about the field.',
            'The two Wikipedia revisions overlap heavily; their shared passages are marked as duplicates, not removed.',
          ],
        },
      },
    },
  ],
});
