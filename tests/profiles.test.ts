import { describe, expect, it } from 'vitest';
import { isRejection } from '../src/pipeline/stage.ts';
import { profile } from '../src/stages/profile.ts';
import { docFrom, seedDoc, SEEDS } from './helpers.ts';

const ctx = { count: () => {}, warn: () => {} };
const run = profile.create(profile.options.parse({}), {} as never);
const kindOf = (doc: ReturnType<typeof seedDoc>) => {
  const out = run(doc, ctx);
  if (isRejection(out)) throw new Error(out.reason);
  return out.profile;
};

describe('profile', () => {
  it('recognises each seed from its content alone', () => {
    expect(kindOf(seedDoc(SEEDS.essay))).toBe('essay-site');
    expect(kindOf(seedDoc(SEEDS.policy))).toBe('plain-text');
    expect(kindOf(seedDoc(SEEDS.wikiOld))).toBe('plain-text');
    expect(kindOf(seedDoc(SEEDS.wikiDump))).toBe('wikipedia-dump');
  });

  it('lets sources.json name the kind', () => {
    const doc = { ...seedDoc(SEEDS.policy), provenance: { title: null, url: null, publisher: null, licence: null, revision: null, date: null, kind: 'essay-site', notes: null } };
    expect(kindOf(doc)).toBe('essay-site');
  });

  it('falls back to the generic profile of the format', () => {
    expect(kindOf(docFrom('Just a line of text.'))).toBe('plain-text');
    expect(kindOf(docFrom('# Hi\n\ntext', 'markdown'))).toBe('markdown');
    expect(kindOf(docFrom('<p>hi</p>', 'html'))).toBe('html-article');
  });
});
