// HTML pages: find the article body with cheerio and emit its headings, paragraphs, list items
// and quotes. Parsing uses cheerio's htmlparser2 back end, several times faster than parse5 and
// able to report source offsets. The body is the element whose paragraphs carry the most prose
// (a Readability-style score); boilerplate containers are dropped by tag, role and class names.
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { DraftBlock, ProfiledDoc, RemovedSpan } from '../pipeline/types.ts';
import type { SourceProfile, StripResult } from './profile.ts';

const DROP_TAGS = 'script, style, noscript, template, svg, iframe, form, button, select, input, nav, aside, footer, dialog, object, embed, canvas';
const DROP_ROLES = '[role=navigation], [role=banner], [role=contentinfo], [role=complementary], [role=dialog], [aria-hidden=true]';
const BOILERPLATE_NAME =
  /(?:^|[-_\s])(?:nav|navbar|navigation|menu|footer|share|sharing|social|related|recommend|comments?|cookie|consent|sidebar|promo|advert|ads?|sponsor|newsletter|subscribe|breadcrumbs?|tags|popup|modal|banner|masthead|toolbar|skip|widget|outbrain|taboola)(?:$|[-_\s])/i;
const BLOCK_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'li', 'blockquote', 'pre', 'dd', 'dt', 'figcaption', 'td', 'th']);

export function loadHtml(html: string) {
  return cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true, withStartIndices: true, withEndIndices: true } });
}

const textOf = ($: cheerio.CheerioAPI, el: AnyNode) => $(el).text().replace(/\s+/g, ' ').trim();

function linkDensity($: cheerio.CheerioAPI, el: Element, textLength: number): number {
  if (textLength === 0) return 0;
  let linked = 0;
  $(el)
    .find('a')
    .each((_, a) => {
      linked += $(a).text().replace(/\s+/g, ' ').trim().length;
    });
  return linked / textLength;
}

/** Scores containers by the prose of the paragraphs they hold; returns the best one. */
function bestContainer($: cheerio.CheerioAPI): Element | null {
  const scores = new Map<Element, number>();
  $('p, pre, blockquote').each((_, p) => {
    const text = textOf($, p);
    if (text.length < 25) return;
    const score = 1 + (text.match(/[,，]/g)?.length ?? 0) + Math.min(Math.floor(text.length / 100), 3);
    const parent = p.parent as Element | null;
    if (parent && parent.type === 'tag') scores.set(parent, (scores.get(parent) ?? 0) + score);
    const grand = parent?.parent as Element | null;
    if (grand && grand.type === 'tag') scores.set(grand, (scores.get(grand) ?? 0) + score / 2);
  });
  let best: Element | null = null;
  let bestScore = 0;
  for (const [el, score] of scores) {
    const textLength = textOf($, el).length;
    const adjusted = score * (1 - linkDensity($, el, textLength));
    if (adjusted > bestScore) {
      best = el;
      bestScore = adjusted;
    }
  }
  // An <article> or <main> that holds the best container is a better boundary for the body.
  if (best) {
    const wrapper = $(best).closest('article, main, [role=main], [itemprop=articleBody]').get(0) as Element | undefined;
    if (wrapper && textOf($, wrapper).length < textOf($, best).length * 1.6) return wrapper;
  }
  return best;
}

export function extractHtml(html: string, fallbackTitle: string | null): StripResult {
  const $ = loadHtml(html);
  const removed: RemovedSpan[] = [];
  const drop = (el: AnyNode, rule: string) => {
    removed.push({ rule, rawStart: el.startIndex ?? 0, rawEnd: (el.endIndex ?? el.startIndex ?? 0) + 1 });
    $(el).remove();
  };
  const title =
    $('meta[property="og:title"]').attr('content')?.trim() ||
    $('h1').first().text().replace(/\s+/g, ' ').trim() ||
    $('title').first().text().replace(/\s+/g, ' ').trim() ||
    fallbackTitle;
  const metadata: Record<string, unknown> = {};
  for (const [key, sel] of [
    ['description', 'meta[name="description"]'],
    ['author', 'meta[name="author"]'],
    ['published', 'meta[property="article:published_time"]'],
    ['canonical', 'link[rel="canonical"]'],
  ] as const) {
    const v = $(sel).attr(key === 'canonical' ? 'href' : 'content');
    if (v) metadata[key] = v.trim();
  }

  $('head').each((_, el) => drop(el, 'html:head'));
  $(DROP_TAGS).each((_, el) => drop(el, `html:${(el as Element).tagName}`));
  $(DROP_ROLES).each((_, el) => drop(el, 'html:role'));
  $('[class], [id]').each((_, el) => {
    const e = el as Element;
    const name = `${e.attribs.class ?? ''} ${e.attribs.id ?? ''}`;
    if (BOILERPLATE_NAME.test(name) && !/article|content|body|main|post|story/i.test(name)) drop(e, 'html:boilerplate-class');
  });

  const container = bestContainer($);
  const blocks: DraftBlock[] = [];
  if (title) blocks.push({ type: 'title', text: title, rawStart: 0, rawEnd: 0, depth: 1 });
  if (!container) return { title: title ?? null, metadata, blocks, removed, references: [] };
  $(container)
    .find('*')
    .each((_, el) => {
      const e = el as Element;
      if (!BLOCK_TAGS.has(e.tagName)) return;
      // A quote is emitted whole; the paragraphs inside it are not emitted again.
      if (e.tagName !== 'blockquote' && $(e).parents('blockquote').length > 0) return;
      // Nested blocks (a <p> in an <li>) are emitted once, at the innermost level.
      if ($(e).find([...BLOCK_TAGS].join(',')).length > 0 && e.tagName !== 'blockquote') return;
      const text = textOf($, e);
      if (!text) return;
      if (e.tagName !== 'p' && linkDensity($, e, text.length) > 0.6) {
        removed.push({ rule: 'html:link-list', rawStart: e.startIndex ?? 0, rawEnd: (e.endIndex ?? 0) + 1 });
        return;
      }
      const span = { rawStart: e.startIndex ?? 0, rawEnd: (e.endIndex ?? 0) + 1 };
      const heading = /^h([1-6])$/.exec(e.tagName);
      if (heading) {
        if (text === title) return;
        blocks.push({ type: 'heading', text, ...span, depth: Number(heading[1]) + 1 });
      } else if (e.tagName === 'li' || e.tagName === 'dd' || e.tagName === 'dt') blocks.push({ type: 'list-item', text, ...span, depth: null });
      else if (e.tagName === 'blockquote') blocks.push({ type: 'quote', text, ...span, depth: null });
      else if (e.tagName !== 'figcaption') blocks.push({ type: 'paragraph', text, ...span, depth: null });
    });
  return { title: title ?? null, metadata, blocks, removed, references: [] };
}

export const htmlArticle: SourceProfile = {
  name: 'html-article',
  description: 'HTML page: main-content extraction with cheerio',
  formats: ['html'],
  detect: (doc) => (doc.format === 'html' ? 0.5 : 0),
  strip: (doc: ProfiledDoc) => extractHtml(doc.raw, doc.provenance?.title ?? null),
};
