// The edits that make synthetic near duplicates (eval:dedup, the dedup and extraction benches):
// they must change what their rates say and nothing else.
import { describe, expect, it } from 'vitest';
import { edit, prng } from '../src/synth/generate.ts';

const NONE = { substitute: 0, insert: 0, delete: 0, shuffle: 0 };
const TEXT = 'In 2000 the U.S. Congress passed the TVPA. It created the T visa (see p.12 of the act)! Was it enough? Critics, e.g. Polaris, said no';

describe('synthetic edits', () => {
  it('keep every word when no edit is drawn, also around full stops inside words ("U.S.", "p.12", "e.g.")', () => {
    expect(edit(TEXT, NONE, ['word'], prng(1))).toBe(TEXT);
  });

  it('substitute about the share of words asked for, keeping the number of words', () => {
    const words = TEXT.split(' ');
    const edited = edit(TEXT, { ...NONE, substitute: 0.5 }, ['zzz'], prng(7)).split(' ');
    expect(edited).toHaveLength(words.length);
    const replaced = edited.filter((w) => w === 'zzz').length;
    expect(replaced).toBeGreaterThan(words.length * 0.2);
    expect(replaced).toBeLessThan(words.length * 0.8);
    // Every word that was not replaced is the original word at its place.
    edited.forEach((w, i) => w === 'zzz' || expect(w).toBe(words[i]));
  });

  it('a shuffle reorders sentences without losing any word', () => {
    const shuffled = edit(TEXT, { ...NONE, shuffle: 1 }, ['zzz'], prng(3));
    expect(shuffled.split(' ').sort()).toEqual(TEXT.split(' ').sort());
  });
});
