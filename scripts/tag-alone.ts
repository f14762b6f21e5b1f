// The floor both benches compare the build with: compromise's own cost on a passage, what
// extraction asks of it and nothing more: tagging the text and reading its people, organisations
// and places with their offsets (src/nlp/entities.ts). Statistics read the tagged terms in place
// (src/nlp/statistics.ts), so compromise's numbers() is not part of it.
import nlp from 'compromise';
import { compileLexicon, teachCompromise } from '../src/nlp/entities.ts';

export function tagAlone(text: string): void {
  const d = nlp(text);
  d.people().json({ offset: true });
  d.organizations().json({ offset: true });
  d.places().json({ offset: true });
}

/** compromise as a build has it: taught the domain lexicon's organisations and places (teachCompromise). */
export function prepareTagger(): void {
  teachCompromise(compileLexicon());
}
