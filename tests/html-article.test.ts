// HTML main-content extraction (src/profiles/html-article.ts): quality on the real pages of
// tests/fixtures/htmlbench with the project's metric, handmade Wikipedia and blog pages, and
// robustness on hostile input (deep nesting, 10 MB, no body, only scripts, broken markup).
import type { AnyNode } from 'domhandler';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { aggregate, scoreDocument } from '../src/eval/shingles.ts';
import { extractHtml, loadHtml } from '../src/profiles/html-article.ts';
import { capNesting, MAX_DEPTH } from '../src/profiles/html/depth.ts';
import type { StripResult } from '../src/profiles/profile.ts';
import { normaliseText } from '../src/stages/normalise.ts';

const BENCH = path.resolve(import.meta.dirname, 'fixtures/htmlbench');

/** The body as the pipeline scores it: blocks after normalisation, without the title. */
const bodyText = (r: StripResult) =>
  r.blocks
    .filter((b) => b.type !== 'title')
    .map((b) => normaliseText(b.text, { repairSpacing: true }))
    .filter(Boolean)
    .join('\n');

const texts = (r: StripResult) => r.blocks.map((b) => b.text);
const rules = (r: StripResult) => new Set(r.removed.map((x) => x.rule));

describe('htmlbench: real news pages against their gold article text', () => {
  const gold = JSON.parse(readFileSync(path.join(BENCH, 'gold.json'), 'utf8')) as Record<string, { articleBody: string }>;
  const pages = readdirSync(path.join(BENCH, 'pages'))
    .filter((f) => f.endsWith('.html.gz'))
    .sort()
    .map((f) => {
      const id = f.replace(/\.html\.gz$/, '');
      return { id, html: gunzipSync(readFileSync(path.join(BENCH, 'pages', f))).toString('utf8'), gold: gold[id]!.articleBody };
    });
  const results = pages.map((p) => {
    const r = extractHtml(p.html, null);
    return { ...p, r, score: scoreDocument(bodyText(r), p.gold) };
  });

  it('has the 61 pages', () => {
    expect(pages).toHaveLength(61);
  });

  it('scores overall F1 >= 0.97 (Readability.js scores about 0.95 here)', () => {
    const a = aggregate(results.map((x) => x.score));
    expect(a.f1).toBeGreaterThanOrEqual(0.97);
    expect(a.precision).toBeGreaterThanOrEqual(0.95);
    expect(a.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('holds on both halves: the development pages (ids 0-7) and the held-out ones (8-f)', () => {
    const dev = aggregate(results.filter((x) => /^[0-7]/.test(x.id)).map((x) => x.score));
    const holdout = aggregate(results.filter((x) => /^[89a-f]/.test(x.id)).map((x) => x.score));
    expect(dev.f1).toBeGreaterThanOrEqual(0.96);
    expect(holdout.f1).toBeGreaterThanOrEqual(0.96);
  });

  it('never loses a whole article: every page keeps most of its gold text', () => {
    const worst = results.map((x) => ({ id: x.id.slice(0, 12), f1: x.score.f1 })).sort((a, b) => a.f1 - b.f1);
    expect(worst[0]!.f1, JSON.stringify(worst.slice(0, 3))).toBeGreaterThan(0.6);
  });

  it('gives raw offsets that point at each block and records every cut with an html: rule', () => {
    for (const { html, r } of results) {
      expect(r.blocks[0]?.type).toBe('title');
      for (const b of r.blocks.slice(1)) {
        expect(b.rawStart).toBeGreaterThanOrEqual(0);
        expect(b.rawEnd).toBeLessThanOrEqual(html.length);
        // The first word of the block is in its raw span (letters only: entities and markup aside).
        const word = /\p{L}{3,}/u.exec(b.text)?.[0];
        if (word) expect(html.slice(b.rawStart, b.rawEnd).replace(/<[^>]*>/g, '')).toContain(word);
      }
      for (const x of r.removed) {
        expect(x.rule).toMatch(/^html:[a-z-]+$/);
        expect(x.rawStart).toBeLessThanOrEqual(x.rawEnd);
        expect(x.rawEnd).toBeLessThanOrEqual(html.length);
      }
    }
  });
});

describe('handmade pages', () => {
  it('reads a Wikipedia page: body, sections, list and quote; no navigation, hatnotes, banners, infobox, TOC, markers, end sections', () => {
    const html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><title>Human trafficking - Wikipedia</title></head>
<body class="mediawiki ltr sitedir-ltr">
<div id="mw-page-base" class="noprint"></div>
<div id="content" class="mw-body" role="main">
  <h1 id="firstHeading" class="firstHeading">Human trafficking</h1>
  <div id="bodyContent" class="mw-body-content">
    <div id="siteSub" class="noprint">From Wikipedia, the free encyclopedia</div>
    <div id="mw-content-text" class="mw-body-content mw-content-ltr"><div class="mw-parser-output">
      <div role="note" class="hatnote navigation-not-searchable">For the television show, see <a href="/wiki/Trafficked">Trafficked (TV series)</a>.</div>
      <table class="box-Update plainlinks metadata ambox ambox-content" role="presentation"><tbody><tr><td class="mbox-text"><div class="mbox-text-span">This article needs to be <b>updated</b>. <small>(November 2024)</small></div></td></tr></tbody></table>
      <table class="infobox"><tbody><tr><th>Type</th><td>Crime</td></tr><tr><th>Victims</th><td>27.6 million</td></tr></tbody></table>
      <p><b>Human trafficking</b> is the trade of humans for the purpose of forced labour, sexual slavery, or commercial sexual exploitation.<sup id="cite_ref-1" class="reference"><a href="#cite_note-1">[1]</a></sup> It can occur within a country or across borders, and it is distinct from people smuggling, which is done with the migrant's consent.<sup class="noprint Inline-Template Template-Fact"><i><a href="/wiki/Citation_needed">[citation needed]</a></i></sup></p>
      <p>The International Labour Organization estimated that 27.6 million people were in forced labour in 2021, of whom 3.3 million were children, and that forced labour generates large illegal profits every year.<sup class="reference"><a href="#cite_note-2">[2]</a></sup></p>
      <div id="toc" class="toc" role="navigation" aria-labelledby="mw-toc-heading"><div class="toctitle"><h2 id="mw-toc-heading">Contents</h2></div>
        <ul><li class="toclevel-1"><a href="#Definitions"><span class="tocnumber">1</span> <span class="toctext">Definitions</span></a></li><li class="toclevel-1"><a href="#See_also"><span class="tocnumber">2</span> <span class="toctext">See also</span></a></li></ul></div>
      <h2><span class="mw-headline" id="Definitions">Definitions</span><span class="mw-editsection"><span class="mw-editsection-bracket">[</span><a href="/w/index.php?action=edit&amp;section=1">edit</a><span class="mw-editsection-bracket">]</span></span></h2>
      <div role="note" class="hatnote navigation-not-searchable">Main article: <a href="/wiki/Definitions">Definitions of human trafficking</a></div>
      <div class="thumb tright"><div class="thumbinner"><a href="/wiki/File:Map.png" class="image"><img src="map.png" width="220" height="110"></a><div class="thumbcaption">Diagram showing the number of persons detected as victims per country</div></div></div>
      <p>The United Nations protocol of 2000 defines trafficking by three elements, the act, the means and the purpose, all of which must be present for an adult victim:</p>
      <blockquote><p>the recruitment, transportation, transfer, harbouring or receipt of persons, by means of the threat or use of force or other forms of coercion, for the purpose of exploitation.</p></blockquote>
      <ul><li>Forced labour in agriculture, construction and domestic work.</li><li>Sexual exploitation, including forced prostitution.</li></ul>
      <h2><span class="mw-headline" id="See_also">See also</span><span class="mw-editsection"><span class="mw-editsection-bracket">[</span><a href="/w/index.php?action=edit&amp;section=2">edit</a><span class="mw-editsection-bracket">]</span></span></h2>
      <ul><li><a href="/wiki/Slavery">Slavery</a></li><li><a href="/wiki/Debt_bondage">Debt bondage</a></li></ul>
      <h2><span class="mw-headline" id="References">References</span></h2>
      <div class="reflist"><ol class="references">
        <li id="cite_note-1"><span class="mw-cite-backlink"><b><a href="#cite_ref-1">^</a></b></span> <span class="reference-text"><cite class="citation journal">Smith, Jane (2020). "Trafficking and labour". <i>Journal of Migration</i>. <b>12</b> (3): 45–67.</cite></span></li>
        <li id="cite_note-2"><span class="mw-cite-backlink"><b><a href="#cite_ref-2">^</a></b></span> <span class="reference-text"><cite class="citation web">"Global estimates of modern slavery". International Labour Organization. 2022.</cite></span></li>
      </ol></div>
      <div role="navigation" class="navbox" aria-labelledby="Slavery"><table class="nowraplinks"><tbody><tr><th><div class="navbar plainlinks"><ul><li><a>v</a></li><li><a>t</a></li><li><a>e</a></li></ul></div>Slavery</th></tr><tr><td><a>Bonded labour</a> <a>Child labour</a> <a>Forced marriage</a></td></tr></tbody></table></div>
    </div></div>
    <div class="printfooter">Retrieved from "<a href="https://en.wikipedia.org/w/index.php?oldid=1">https://en.wikipedia.org/w/index.php?oldid=1</a>"</div>
    <div id="catlinks" class="catlinks" data-mw="interface"><div id="mw-normal-catlinks" class="mw-normal-catlinks"><a href="/wiki/Help:Category">Categories</a>: <ul><li><a href="/wiki/Category:Human_trafficking">Human trafficking</a></li></ul></div></div>
  </div>
</div>
<div id="mw-navigation"><h2>Navigation menu</h2><div id="mw-head"><nav id="p-personal" role="navigation"><ul><li><a>Not logged in</a></li><li><a>Talk</a></li></ul></nav></div>
  <div id="mw-panel"><nav id="p-navigation" class="portal" role="navigation"><h3>Navigation</h3><ul><li><a>Main page</a></li><li><a>Contents</a></li><li><a>Current events</a></li></ul></nav>
  <nav id="p-lang" class="portal" role="navigation"><h3>Languages</h3><ul><li><a lang="de">Deutsch</a></li><li><a lang="fr">Français</a></li></ul></nav></div></div>
<div id="footer" role="contentinfo"><ul id="footer-info"><li id="footer-info-lastmod"> This page was last edited on 1 January 2025, at 12:00.</li></ul></div>
</body></html>`;
    const r = extractHtml(html, null);
    expect(r.title).toBe('Human trafficking');
    expect(texts(r)).toEqual([
      'Human trafficking',
      'Human trafficking is the trade of humans for the purpose of forced labour, sexual slavery, or commercial sexual exploitation. It can occur within a country or across borders, and it is distinct from people smuggling, which is done with the migrant\'s consent.',
      'The International Labour Organization estimated that 27.6 million people were in forced labour in 2021, of whom 3.3 million were children, and that forced labour generates large illegal profits every year.',
      'Definitions',
      'The United Nations protocol of 2000 defines trafficking by three elements, the act, the means and the purpose, all of which must be present for an adult victim:',
      'the recruitment, transportation, transfer, harbouring or receipt of persons, by means of the threat or use of force or other forms of coercion, for the purpose of exploitation.',
      'Forced labour in agriculture, construction and domestic work.',
      'Sexual exploitation, including forced prostitution.',
    ]);
    expect(r.blocks.map((b) => b.type)).toEqual(['title', 'paragraph', 'paragraph', 'heading', 'paragraph', 'quote', 'list-item', 'list-item']);
    expect(r.blocks[3]!.depth).toBe(3); // an <h2> is one level below the title
    // The reference list becomes references, without the back-link caret.
    expect(r.references.map((x) => x.raw)).toEqual([
      'Smith, Jane (2020). "Trafficking and labour". Journal of Migration. 12 (3): 45–67.',
      '"Global estimates of modern slavery". International Labour Organization. 2022.',
    ]);
    for (const rule of ['html:citation-marker', 'html:edit-link', 'html:end-section', 'html:nav', 'html:boilerplate-class', 'html:caption']) expect(rules(r)).toContain(rule);
  });

  it('reads a blog post: drops the byline, share bar, related posts, comments, sidebar and footers', () => {
    const html = `<!doctype html><html><head><title>Learning to bake sourdough &#8211; Crumbs and Notes</title>
<meta property="og:title" content="Learning to bake sourdough"><meta name="author" content="Ana Reyes"></head>
<body class="post-template-default single single-post has-sidebar">
<div id="page" class="site">
  <header id="masthead" class="site-header"><p class="site-title"><a href="/">Crumbs and Notes</a></p>
    <nav id="site-navigation" class="main-navigation"><ul><li><a href="/">Home</a></li><li><a href="/recipes">Recipes</a></li><li><a href="/about">About</a></li></ul></nav></header>
  <div id="cookie-notice" class="cookie-banner">We use cookies to make this site work. <a href="/privacy">Learn more</a> <button>Accept</button></div>
  <div id="content" class="site-content">
    <div id="primary" class="content-area"><main id="main" class="site-main">
      <article id="post-42" class="post-42 post type-post status-publish hentry category-bread tag-sourdough">
        <header class="entry-header"><h1 class="entry-title">Learning to bake sourdough</h1>
          <div class="entry-meta"><span class="byline">by <a class="url fn n" href="/author/ana">Ana Reyes</a></span> <span class="posted-on"><time datetime="2024-03-02">March 2, 2024</time></span></div></header>
        <div class="entry-content">
          <p>Updated <time datetime="2024-03-03">March 3, 2024</time></p>
          <p>My first loaf came out of the oven flat, pale and dense, and I nearly gave up on the whole idea before the second week was over.</p>
          <p>What changed everything was learning to read the starter, rather than following the clock, and letting the dough tell me when it was ready.</p>
          <figure class="wp-block-image"><img src="loaf.jpg" alt=""><figcaption>The third loaf, finally with an open crumb.</figcaption></figure>
          <h2>What I use</h2>
          <ul><li>A kitchen scale that measures in single grams.</li><li>A Dutch oven, preheated for a full forty minutes.</li></ul>
          <blockquote><p>Bread is a slow conversation between flour, water and time.</p></blockquote>
          <p>Related: <a href="/starter">How I keep a starter alive through the winter</a></p>
          <p>Next month I will try a rye starter, which is said to be livelier in a cold kitchen like mine.</p>
          <h3>More from the kitchen</h3>
          <ul><li><a href="/a">Ten breads to bake this spring</a></li><li><a href="/b">The best flour for beginners</a></li><li><a href="/c">Why your crust is too pale</a></li></ul>
          <div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a href="https://twitter.com/share">Twitter</a></li><li><a href="https://facebook.com/sharer">Facebook</a></li></ul></div>
          <div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline">Related</h3><div class="jp-relatedposts-items"><p><a href="/rye">Rye bread for beginners</a></p><p><a href="/focaccia">An easy focaccia</a></p></div></div>
        </div>
        <footer class="entry-footer"><span class="cat-links">Posted in <a href="/c/bread">Bread</a></span> <span class="tags-links">Tagged <a href="/t/sourdough">sourdough</a></span></footer>
      </article>
      <div id="comments" class="comments-area"><h2 class="comments-title">2 thoughts on “Learning to bake sourdough”</h2>
        <ol class="comment-list"><li class="comment"><article class="comment-body"><p>Lovely write-up, thank you, my starter is finally bubbling again after a cold week in the kitchen.</p></article></li>
        <li class="comment"><article class="comment-body"><p>Which flour do you use for the starter, and do you feed it every single day or only before baking?</p></article></li></ol>
        <div id="respond" class="comment-respond"><h3>Leave a Reply</h3><form id="commentform"><textarea name="comment"></textarea><input type="submit" value="Post Comment"></form></div></div>
    </main></div>
    <aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul><li><a href="/rye">Rye bread for beginners</a></li><li><a href="/focaccia">An easy focaccia</a></li></ul></section>
      <section class="widget widget_text"><div class="textwidget"><p>Sign up for the newsletter and get a new recipe every Sunday morning, straight to your inbox.</p></div></section></aside>
  </div>
  <footer id="colophon" class="site-footer"><div class="site-info">© 2024 Crumbs and Notes. Proudly powered by WordPress.</div></footer>
</div></body></html>`;
    const r = extractHtml(html, null);
    expect(r.title).toBe('Learning to bake sourdough');
    expect(texts(r)).toEqual([
      'Learning to bake sourdough',
      'My first loaf came out of the oven flat, pale and dense, and I nearly gave up on the whole idea before the second week was over.',
      'What changed everything was learning to read the starter, rather than following the clock, and letting the dough tell me when it was ready.',
      'What I use',
      'A kitchen scale that measures in single grams.',
      'A Dutch oven, preheated for a full forty minutes.',
      'Bread is a slow conversation between flour, water and time.',
      'Next month I will try a rye starter, which is said to be livelier in a cold kitchen like mine.',
    ]);
    expect(r.blocks.map((b) => b.type)).toEqual(['title', 'paragraph', 'paragraph', 'heading', 'list-item', 'list-item', 'quote', 'paragraph']);
    expect(r.metadata.author).toBe('Ana Reyes');
    // Each cut is on record: the audit trail names why.
    const cut = (needle: string) => r.removed.find((x) => html.slice(x.rawStart, x.rawEnd).includes(needle))?.rule;
    expect(cut('Share this:')).toBeDefined();
    expect(cut('Leave a Reply')).toBeDefined();
    expect(cut('We use cookies')).toBeDefined();
    expect(cut('Proudly powered')).toBeDefined();
    expect(cut('The third loaf')).toBe('html:caption');
    expect(cut('Updated <time')).toBe('html:dateline');
    // Chrome without telling class names: a labelled link to another post, a trailing link list.
    expect(cut('Related: <a')).toBe('html:link-teaser');
    expect(cut('Ten breads')).toBe('html:trailing-links');
    expect(cut('More from the kitchen')).toBe('html:trailing-label');
    expect(cut('Home</a>')).toBe('html:header'); // the site header, navigation and all
  });

  it('takes the JSON-LD articleBody as a hint when the chosen container misses the article', () => {
    const paras = [
      'The city council voted on Tuesday to expand the night bus network, adding four routes that will run until dawn from the spring.',
      'Officials said the change would help shift workers, who have long complained that the last buses leave the centre before their shifts end.',
      'The expansion will cost about two million a year, paid for by a parking levy that the council approved last autumn after a long debate.',
      'Opposition members argued that the money would be better spent on daytime services, which carry far more passengers across the week.',
      'A trial on one route last year carried more riders than expected, and surveys found that most of them had no other way to get home.',
      'The first new routes will start in March, and the council will review the numbers after six months before deciding on the rest of the plan.',
    ];
    // The body sits in a container named like a share widget, beside a column of prose teasers:
    // the structural rules cut the one and choose the other.
    const teasers = [0, 1, 2, 3, 4, 5]
      .map((k) => `<div class="teaser"><p>In other news number ${k}, a long teaser paragraph describes another story at some length, with enough words, commas and detail to look like prose.</p></div>`)
      .join('');
    const page = (ld: string) => `<!doctype html><html><head><title>Night buses</title>
<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@graph': [{ '@type': 'NewsArticle', headline: 'Night buses', articleBody: ld }] })}</script></head>
<body><div class="layout"><main><h1>Night buses to run until dawn</h1><div class="premium-share">${paras.map((p) => `<p>${p}</p>`).join('')}</div></main>
<div class="column-two">${teasers}</div></div></body></html>`;
    const r = extractHtml(page(paras.join(' ')), null);
    expect(texts(r)).toEqual(['Night buses to run until dawn', ...paras]);
    expect(r.blocks[1]!.decision).toMatch(/JSON-LD/);
    // A short summary in the JSON-LD says too little to overrule the structure.
    const s = extractHtml(page(paras[0]!), null);
    expect(texts(s).join(' ')).toContain('In other news number 0');
  });

  it('keeps a page with no <body>, and a bare fragment', () => {
    const r = extractHtml('<p>A page without any html, head or body element still has a paragraph worth keeping, with commas, too.</p>', 'Fallback title');
    expect(texts(r)).toEqual(['Fallback title', 'A page without any html, head or body element still has a paragraph worth keeping, with commas, too.']);
    const t = extractHtml('Only text, no markup at all, but still something a reader would want to keep.', null);
    expect(texts(t)).toEqual(['Only text, no markup at all, but still something a reader would want to keep.']);
  });
});

describe('hostile input: linear time, no stack overflow', () => {
  const para = '<p>The quick brown fox jumps over the lazy dog, then runs into the forest, never to be seen again.</p>';
  const timed = <T>(f: () => T): [T, number] => {
    const t0 = performance.now();
    const v = f();
    return [v, performance.now() - t0];
  };

  it('10,000 nested <div>s', () => {
    const html = `<html><body>${'<div>'.repeat(10_000)}${para}${'</div>'.repeat(10_000)}</body></html>`;
    const [r, ms] = timed(() => extractHtml(html, null));
    expect(texts(r)).toContain('The quick brown fox jumps over the lazy dog, then runs into the forest, never to be seen again.');
  });

  it('caps the nesting before htmlparser2 (whose stack is quadratic in depth), keeping every offset', () => {
    const html = `<html><body>${'<div class="x">'.repeat(100_000)}${para}${'</div>'.repeat(100_000)}</body></html>`;
    const capped = capNesting(html);
    expect(capped).toHaveLength(html.length);
    expect(capped.indexOf('The quick brown fox')).toBe(html.indexOf('The quick brown fox'));
    let depth = 0;
    let max = 0;
    for (const stack: { n: AnyNode; d: number }[] = [{ n: loadHtml(capped).root()[0]!, d: 0 }]; stack.length > 0; ) {
      const { n, d } = stack.pop()!;
      max = Math.max(max, d);
      for (const c of 'children' in n ? n.children : []) stack.push({ n: c, d: d + 1 });
      depth++;
    }
    expect(max).toBeLessThanOrEqual(MAX_DEPTH + 2);
    expect(depth).toBeGreaterThan(MAX_DEPTH);
    const [r, ms] = timed(() => extractHtml(html, null));
    expect(texts(r)).toContain('The quick brown fox jumps over the lazy dog, then runs into the forest, never to be seen again.');
    // Pages of ordinary depth pass through unchanged.
    expect(capNesting(`<div><p>a<p>b<ul><li>c<li>d</ul><script>if (a<b) x = "<div>";</script></div>`)).toBe(
      `<div><p>a<p>b<ul><li>c<li>d</ul><script>if (a<b) x = "<div>";</script></div>`,
    );
  });

  it('a 10 MB page of one repeated paragraph', () => {
    const page = (bytes: number) => `<html><head><title>Repeated</title></head><body><article>${para.repeat(Math.ceil(bytes / para.length))}</article></body></html>`;
    const [big, bigMs] = timed(() => extractHtml(page(10e6), null));
    expect(big.blocks.length).toBe(Math.ceil(10e6 / para.length) + 1);
  });

  it('a page of only scripts and styles, and an empty page, give no body', () => {
    const r = extractHtml('<html><head><script>var a = "<p>not text</p>";</script><style>p { color: red }</style></head><body><script>document.write("<p>hello</p>")</script></body></html>', null);
    expect(r.blocks.filter((b) => b.type !== 'title')).toEqual([]);
    expect(rules(r)).toContain('html:script');
    expect(extractHtml('', null).blocks).toEqual([]);
    expect(extractHtml('   \n  ', 'T').blocks.map((b) => b.type)).toEqual(['title']);
  });

  it('malformed markup: unclosed and stray tags, an unterminated comment, a broken attribute', () => {
    const html = `<html><body><div class="main"><p>First paragraph of the story, <b>bold <i>and italic</p></span></td>
      <p>Second paragraph, after stray closing tags, still part of the same story text.
      <table><tr><td>a cell<p>A paragraph inside a table cell, long enough to count, with commas.</table></li></ul>
      <div id=unquoted data-x='a>b'>Text after an attribute that holds a bracket, kept as prose here.</div>
      <!-- an unterminated comment <p>hidden</p>`;
    const r = extractHtml(html, null);
    const body = texts(r).join('\n');
    expect(body).toContain('First paragraph of the story, bold and italic');
    expect(body).toContain('Second paragraph, after stray closing tags');
    expect(body).toContain('A paragraph inside a table cell');
    expect(body).toContain('Text after an attribute that holds a bracket');
    expect(body).not.toContain('hidden');
  });
});
