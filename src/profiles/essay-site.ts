// Essay-site pages (AssignZen, IvyPanda, StudyCorgi and their kin): the essay, often with a
// bibliography, then a block of site boilerplate that repeats the citation in several styles,
// offers to copy it and asks the original author to request removal. Everything from the first
// line of that block on is boilerplate.
import type { ProfiledDoc } from '../pipeline/types.ts';
import { lineBlocks, linesOf, takeBibliography, titleFromBlocks } from './plain-text.ts';
import type { SourceProfile, StripResult } from './profile.ts';

/** Lines that open or belong to the citation/boilerplate block of essay sites. */
const BOILERPLATE_LINE = [
  /^cite this (?:paper|essay|article|report|page|work|document)\b/i,
  /^select (?:a )?(?:referencing|citation) style/i,
  /^(?:click to copy|copy to clipboard|copy citation|copy)$/i,
  /^(?:removal request|request removal)\b/i,
  /^if you are the (?:original )?(?:creator|author|copyright owner) of this/i,
  /^this (?:essay|report|paper|research paper|term paper|thesis|dissertation|work|coursework|assignment)\b.*\b(?:written|submitted|created) (?:and submitted )?by\b/i,
  /^need a custom (?:essay|paper|research paper)/i,
  /^(?:related|similar|more) (?:essays|papers|samples)\b/i,
  /^(?:apa|mla|chicago|harvard|turabian|ieee)(?:[- ]\d+(?:th)?)?(?: style)?$/i,
  /^(?:reference|references copied to clipboard\.?)$/i,
  /^(?:get|order) (?:a )?(?:custom|original) (?:essay|paper)/i,
  /^(?:you are free to use it for research and reference purposes)/i,
];

export const isBoilerplateLine = (text: string): boolean => BOILERPLATE_LINE.some((re) => re.test(text.trim()));

/** Offset of the first boilerplate line that starts the trailing block, or -1. */
export function boilerplateStart(raw: string): number {
  const lines = linesOf(raw).filter((l) => l.text !== '');
  let hits = 0;
  let first = -1;
  for (const line of lines) {
    if (isBoilerplateLine(line.text)) {
      hits++;
      if (first === -1) first = line.start;
    }
  }
  return hits >= 2 ? first : -1;
}

export const essaySite: SourceProfile = {
  name: 'essay-site',
  description: 'student-essay sites: essay, bibliography, then a cite-this-paper block',
  formats: ['text'],
  detect(doc) {
    const lines = linesOf(doc.raw).filter((l) => l.text !== '');
    const hits = lines.filter((l) => isBoilerplateLine(l.text)).length;
    return hits >= 3 ? 0.95 : hits === 2 ? 0.7 : 0;
  },
  strip(doc: ProfiledDoc): StripResult {
    const cut = boilerplateStart(doc.raw);
    const end = cut === -1 ? doc.raw.length : cut;
    const removed = cut === -1 ? [] : [{ rule: 'essay-site:citation-block', rawStart: cut, rawEnd: doc.raw.trimEnd().length }];
    const all = lineBlocks(doc.raw, 0, end);
    const bib = takeBibliography(all, end);
    return {
      title: titleFromBlocks(bib.body, doc),
      metadata: {},
      blocks: bib.body,
      removed: [...bib.removed, ...removed],
      references: bib.references,
    };
  },
};
