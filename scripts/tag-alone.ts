// The floor both benches compare the build with: compromise's own cost on a passage, tagging it and
// reading its people, organisations, places and numbers (what extraction asks of it).
import nlp from 'compromise';

export function tagAlone(text: string): void {
  const d = nlp(text);
  d.people().json();
  d.organizations().json();
  d.places().json();
  d.numbers().json();
}
