// Tag sets and the class/id vocabulary of page chrome and of content containers. The words are
// the generic ones main-content extractors share (Readability, boilerpipe, trafilatura): what a
// share bar, a comment thread or an article body is called on any site, never one site's names.

/** Never text of the article: code, media, form controls, document metadata. */
export const NON_CONTENT = new Map<string, string>([
  ['head', 'html:head'],
  ['title', 'html:head'],
  ['meta', 'html:head'],
  ['link', 'html:head'],
  ['base', 'html:head'],
  ['script', 'html:script'],
  ['style', 'html:script'],
  ['noscript', 'html:script'],
  ['template', 'html:script'],
  ['svg', 'html:media'],
  ['math', 'html:media'],
  ['canvas', 'html:media'],
  ['object', 'html:media'],
  ['embed', 'html:media'],
  ['iframe', 'html:media'],
  ['frame', 'html:media'],
  ['frameset', 'html:media'],
  ['video', 'html:media'],
  ['audio', 'html:media'],
  ['map', 'html:media'],
  ['button', 'html:form-control'],
  ['input', 'html:form-control'],
  ['select', 'html:form-control'],
  ['textarea', 'html:form-control'],
  ['option', 'html:form-control'],
  ['datalist', 'html:form-control'],
  ['dialog', 'html:dialog'],
]);

/** Elements that start a new block of text (everything else is phrasing content). */
export const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'html', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot',
  'tr', 'td', 'th', 'caption', 'ul', 'legend', 'option', 'frameset', 'noscript', 'iframe', 'canvas', 'video', 'audio',
]);

/** Readability's test of whether a <div> is really a paragraph: it holds none of these. */
export const DIV_TO_P_BLOCKERS = new Set(['blockquote', 'dl', 'div', 'img', 'ol', 'p', 'pre', 'table', 'ul', 'section', 'article', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'figure', 'header', 'footer', 'aside', 'nav', 'main', 'form', 'li']);

/** Containers a run of phrasing content may sit in and be scored as a paragraph. */
export const DIV_LIKE = new Set(['div', 'section', 'article', 'main', 'center', 'body', 'td', 'blockquote', 'font', 'span']);

export const HEADING = /^h([1-6])$/;

/** Roles of page chrome. */
export const CHROME_ROLES = new Map<string, string>([
  ['navigation', 'html:nav'],
  ['menu', 'html:nav'],
  ['menubar', 'html:nav'],
  ['search', 'html:nav'],
  ['tablist', 'html:nav'],
  ['banner', 'html:header'],
  ['contentinfo', 'html:footer'],
  ['complementary', 'html:aside'],
  ['dialog', 'html:dialog'],
  ['alertdialog', 'html:dialog'],
  ['alert', 'html:dialog'],
]);

// Class/id words, matched on whole words of the split names (see nameTokens) or as word prefixes.
/** Chrome containers: cut before scoring unless the name also says content. */
export const UNLIKELY_WORDS = new Set([
  'ad', 'ads', 'adv', 'advert', 'advertisement', 'advertising', 'adslot', 'adunit', 'dfp', 'banner', 'breadcrumb',
  'breadcrumbs', 'combx', 'comment', 'comments', 'community', 'disqus', 'footer', 'gdpr', 'consent', 'cookie',
  'cookies', 'header', 'masthead', 'menu', 'nav', 'navbar', 'navigation', 'related', 'remark', 'replies', 'rss',
  'shoutbox', 'sidebar', 'skyscraper', 'social', 'sponsor', 'sponsored', 'supplemental', 'pagination', 'pager',
  'popup', 'modal', 'newsletter', 'subscribe', 'signup', 'share', 'sharing', 'sharebar', 'outbrain',
  'taboola', 'recirc', 'recommended', 'recommendations', 'trending', 'popular', 'promo', 'toolbar',
  'login', 'signin', 'agegate', 'skip', 'offscreen',
  // Wiki engines: table of contents, hatnotes, message boxes, infoboxes, navboxes, category links.
  'toc', 'hatnote', 'ambox', 'mbox', 'infobox', 'navbox', 'noprint', 'catlinks', 'printfooter',
]);
export const UNLIKELY_PREFIXES = ['share', 'social', 'related', 'comment', 'newsletter', 'subscribe', 'sidebar', 'footer', 'breadcrumb', 'advert', 'sponsor', 'promo', 'cookie', 'popup', 'outbrain', 'taboola', 'recommend', 'navbar', 'navigation', 'masthead'];
/** Words that keep a container in play even when it also has a chrome word ("article-header"). */
export const CONTENT_WORDS = new Set(['article', 'body', 'content', 'main', 'story', 'entry', 'column']);

/**
 * Inside the chosen article, an element named with one of these is chrome whatever else its name
 * says ("article-share", "post-related", "entry-meta"), as long as it is a small part of the article.
 */
export const CHROME_WORDS = new Set([
  ...UNLIKELY_WORDS,
  'byline', 'author', 'authors', 'dateline', 'timestamp', 'meta', 'tags', 'caption', 'credit', 'credits', 'bio',
  'sharedaddy', 'likes', 'hidden', 'donate', 'readmore', 'seealso', 'print', 'next', 'prev', 'previous',
]);
export const CHROME_PREFIXES = [...UNLIKELY_PREFIXES, 'byline', 'author', 'caption', 'credit', 'timestamp', 'dateline'];

/** Readability's class weights: +25 for a content name, -25 for a chrome name. */
export const POSITIVE_NAME = /article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story/i;
export const NEGATIVE_NAME =
  /-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget/i;

/** Names of author lines, datelines and timestamps. */
export const BYLINE_NAME = /byline|author|dateline|writtenby|p-author/i;
