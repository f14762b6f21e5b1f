import { describe, expect, it } from 'vitest';
import { extractHtml } from '../src/profiles/html-article.ts';
import { markdown } from '../src/profiles/markdown.ts';
import { docFrom, joined } from './helpers.ts';

describe('markdown', () => {
  const md = [
    '---',
    'title: Borders and trafficking',
    'author: A. Writer',
    '---',
    '',
    '<!-- draft note -->',
    '',
    '## Why it matters',
    '',
    'Trafficking victims often cross [borders][b] on forged papers.',
    '',
    '- Train border officials.',
    '- License recruitment agencies.',
    '',
    '> Victims must be treated as survivors.',
    '',
    '[b]: https://example.org/borders',
    '',
  ].join('\n');
  const r = markdown.strip(docFrom(md, 'markdown'));

  it('turns front matter into metadata and the title', () => {
    expect(r.metadata).toEqual({ title: 'Borders and trafficking', author: 'A. Writer' });
    expect(r.title).toBe('Borders and trafficking');
  });

  it('emits mdast blocks as typed blocks and drops comments and link definitions', () => {
    expect(r.blocks.map((b) => [b.type, b.text])).toEqual([
      ['title', 'Borders and trafficking'],
      ['heading', 'Why it matters'],
      ['paragraph', 'Trafficking victims often cross borders on forged papers.'],
      ['list-item', 'Train border officials.'],
      ['list-item', 'License recruitment agencies.'],
      ['quote', 'Victims must be treated as survivors.'],
    ]);
    expect(r.removed.map((x) => x.rule)).toEqual(['markdown:front-matter', 'markdown:html', 'markdown:link-definition']);
    for (const b of r.blocks.slice(1)) expect(md.slice(b.rawStart, b.rawEnd)).toContain(b.text.split(' ')[0]);
  });
});

describe('html', () => {
  it('keeps the article and drops navigation, share bars, related lists and footers', () => {
    const html = `<!doctype html><html><head><title>Site | Borders</title><meta property="og:title" content="Borders and trafficking"></head><body>
      <header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
      <div class="share-bar"><a href="#">Share on Facebook</a></div>
      <main><article>
        <h1>Borders and trafficking</h1>
        <p>Trafficking victims often cross borders on forged papers, and border officials are the first who can see it.</p>
        <h2>Training</h2>
        <p>Governments that train their border officials to spot trafficking indicators can stop it before it begins, experts say.</p>
        <ul><li>Train border officials to spot distress.</li><li>License recruitment agencies and audit them.</li></ul>
        <blockquote><p>Victims must be treated as survivors, not as criminals.</p></blockquote>
      </article></main>
      <aside class="related"><h3>Related</h3><ul><li><a href="/a">Other story</a></li></ul></aside>
      <div id="cookie-banner">We use cookies to improve your experience.</div>
      <footer><p>© 2025 News Site. All rights reserved.</p></footer>
    </body></html>`;
    const r = extractHtml(html, null);
    expect(r.title).toBe('Borders and trafficking');
    expect(joined(r.blocks)).toBe(
      [
        'Borders and trafficking',
        'Trafficking victims often cross borders on forged papers, and border officials are the first who can see it.',
        'Training',
        'Governments that train their border officials to spot trafficking indicators can stop it before it begins, experts say.',
        'Train border officials to spot distress.',
        'License recruitment agencies and audit them.',
        'Victims must be treated as survivors, not as criminals.',
      ].join('\n'),
    );
    expect(r.blocks.map((b) => b.type)).toEqual(['title', 'paragraph', 'heading', 'paragraph', 'list-item', 'list-item', 'quote']);
  });
});
