// Main-content extraction over the flat tree (./dom.ts). The shape follows Readability: cut chrome
// by tag, role and class name, score paragraphs into their ancestors, take the best container and
// the siblings that belong with it, clean what is left conditionally, and retry with looser rules
// when too little text comes out. Nothing here mutates the DOM: cuts are marks, and every subtree
// sum is recomputed bottom-up in one loop, so each attempt is linear in the page size.
import type { AnyNode, Element, Text } from 'domhandler';
import { DOCUMENT_TAG, flatten, isElement, nameTokens, type Node, type Tree } from './dom.ts';
import {
  BLOCK_TAGS,
  BYLINE_NAME,
  CHROME_PREFIXES,
  CHROME_WORDS,
  CHROME_ROLES,
  CONTENT_WORDS,
  DIV_LIKE,
  DIV_TO_P_BLOCKERS,
  HEADING,
  NEGATIVE_NAME,
  NON_CONTENT,
  POSITIVE_NAME,
  UNLIKELY_PREFIXES,
  UNLIKELY_WORDS,
} from './vocab.ts';

export interface Flags {
  stripUnlikely: boolean;
  weightClasses: boolean;
  cleanConditionally: boolean;
}

export const ATTEMPTS: Flags[] = [
  { stripUnlikely: true, weightClasses: true, cleanConditionally: true },
  { stripUnlikely: false, weightClasses: true, cleanConditionally: true },
  { stripUnlikely: false, weightClasses: false, cleanConditionally: true },
  { stripUnlikely: false, weightClasses: false, cleanConditionally: false },
];

/** Text this short after an attempt means the attempt cut too much (Readability's 500). */
const MIN_ARTICLE_CHARS = 500;

export interface Selection {
  /** Article containers, in document order. */
  roots: number[];
  /** Elements removed inside the article by the cleaning rules, with the rule. */
  cleaned: Map<number, string>;
  /** Characters of kept text. */
  chars: number;
  flags: Flags;
  /** Why the containers were chosen (for --explain). */
  why: string;
  /** Score of the best container (not positive: it was found only in a chrome-named one). */
  score: number;
}

/** A paragraph this long, with links under this share of its text, is prose. */
const PROSE_MIN_CHARS = 50;
const PROSE_MAX_LINKS = 0.35;

const BRACKETED = /^\[[^\]]{1,22}\]$/;
const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;

export class Page {
  readonly tree: Tree;
  readonly nodes: Node[];
  /** Text of direct text children, per element (collapsed length, commas). */
  private readonly ownText: Int32Array;
  private readonly ownCommas: Int32Array;
  private readonly tokens: (string[] | undefined)[];
  /** Holds an <article>, <main> or itemprop=articleBody (never cut by class name). */
  private readonly holdsArticle: Uint8Array;
  private readonly inCode: Uint8Array;
  private readonly inFigure: Uint8Array;
  private readonly inHeading: Uint8Array;
  /** Holds a <blockquote> or <table> (a figure that does is an embed worth reading). */
  private readonly holdsQuote: Uint8Array;
  private readonly listText: Float64Array;
  readonly body: number;
  private flags: Flags = ATTEMPTS[0]!;
  /** Set during cleaning: elements removed inside the article. */
  private clean: (string | null)[];

  constructor(root: import('domhandler').Document) {
    this.tree = flatten(root);
    this.nodes = this.tree.nodes;
    const n = this.nodes.length;
    this.ownText = new Int32Array(n);
    this.ownCommas = new Int32Array(n);
    for (const t of this.tree.texts) {
      if (t.parent < 0) continue;
      this.ownText[t.parent]! += t.len;
      this.ownCommas[t.parent]! += t.commas;
    }
    this.tokens = new Array<string[] | undefined>(n);
    this.holdsArticle = new Uint8Array(n);
    this.holdsQuote = new Uint8Array(n);
    this.inCode = new Uint8Array(n);
    this.inFigure = new Uint8Array(n);
    this.inHeading = new Uint8Array(n);
    this.listText = new Float64Array(n);
    this.clean = new Array<string | null>(n).fill(null);
    this.fixed = new Array<string | null | undefined>(n);
    this.unlikely = new Int8Array(n);
    let body = -1;
    for (let i = 0; i < n; i++) {
      const x = this.nodes[i]!;
      if (x.tag === 'body' && body < 0) body = i;
      const p = x.parent;
      if (p >= 0) {
        if (this.inCode[p] || this.nodes[p]!.tag === 'pre' || this.nodes[p]!.tag === 'code') this.inCode[i] = 1;
        if (this.inFigure[p] || this.nodes[p]!.tag === 'figure') this.inFigure[i] = 1;
        if (this.inHeading[p] || HEADING.test(this.nodes[p]!.tag)) this.inHeading[i] = 1;
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      const x = this.nodes[i]!;
      const itemprop = x.el.attribs.itemprop;
      if (x.tag === 'article' || x.tag === 'main' || (itemprop !== undefined && /articlebody/i.test(itemprop))) this.holdsArticle[i] = 1;
      if (this.holdsArticle[i] && x.parent >= 0) this.holdsArticle[x.parent] = 1;
      if (x.parent >= 0 && (this.holdsQuote[i] || x.tag === 'blockquote' || x.tag === 'table')) this.holdsQuote[x.parent] = 1;
    }
    // Without a <body>, the document itself holds the page.
    this.body = body >= 0 ? body : 0;
  }

  // ---- cuts before scoring -------------------------------------------------------------------

  /** Cut rules that do not depend on the attempt's flags, computed once per element. */
  private fixed: (string | null | undefined)[] = [];
  /** Per element: 0 not yet known, 1 chrome by class name, 2 not. */
  private unlikely = new Int8Array(0);
  /** Elements the class-name rule cut in the last attempt (none: a looser attempt is the same). */
  unlikelyCuts = 0;
  /** Some class name weighed on the last attempt's scores. */
  weighed = false;

  private cutRule(i: number): string | null {
    let r = this.fixed[i];
    if (r === undefined) r = this.fixed[i] = this.fixedRule(i);
    if (r) return r;
    if (this.flags.stripUnlikely) {
      let u = this.unlikely[i]!;
      if (u === 0) {
        const x = this.nodes[i]!;
        u = this.unlikely[i] = x.tag !== 'a' && x.tag !== 'html' && x.tag !== 'body' && !this.holdsArticle[i] && !this.inCode[i] && this.isUnlikely(i) ? 1 : 2;
      }
      if (u === 1) {
        this.unlikelyCuts++;
        return 'html:boilerplate-class';
      }
    }
    return null;
  }

  private fixedRule(i: number): string | null {
    const x = this.nodes[i]!;
    const tag = x.tag;
    const fixed = NON_CONTENT.get(tag);
    if (fixed) return fixed;
    const a = x.el.attribs;
    if (a.hidden !== undefined || a['aria-hidden'] === 'true' || (a.style && HIDDEN_STYLE.test(a.style))) return 'html:hidden';
    if (tag === 'nav') return 'html:nav';
    if (tag === 'footer') return 'html:footer';
    if (tag === 'aside') return 'html:aside';
    if (tag === 'html' || tag === 'body' || tag === DOCUMENT_TAG) return null;
    const role = a.role?.toLowerCase();
    if (role) {
      const r = CHROME_ROLES.get(role);
      if (r && !this.holdsArticle[i]) return r;
    }
    if (tag === 'header' && !this.holdsArticle[i]) return 'html:header';
    if (tag === 'figcaption' || (tag === 'figure' && !this.holdsQuote[i])) return 'html:caption';
    if (!this.holdsArticle[i] && this.isCaption(i)) return 'html:caption';
    if (BYLINE_NAME.test(`${a.class ?? ''} ${a.id ?? ''}`) || a.rel === 'author' || /author/i.test(a.itemprop ?? '')) {
      if (this.rawText(i) < 100 && !this.holdsArticle[i]) return 'html:byline';
    }
    // "[12]", "[a]", "[citation needed]" in a superscript; "[edit]" beside a heading.
    if ((tag === 'sup' || this.inHeading[i]) && this.rawText(i) <= 24 && this.rawText(i) >= 3) {
      if (BRACKETED.test(textOf(x.el))) return tag === 'sup' ? 'html:citation-marker' : 'html:edit-link';
    }
    return null;
  }

  private isUnlikely(i: number): boolean {
    const toks = (this.tokens[i] ??= nameTokens(this.nodes[i]!.el));
    if (toks.length === 0) return false;
    let chrome = false;
    for (const t of toks) {
      if (CONTENT_WORDS.has(t)) return false;
      if (UNLIKELY_WORDS.has(t) || UNLIKELY_PREFIXES.some((p) => t.startsWith(p))) chrome = true;
    }
    return chrome;
  }

  private isChrome(i: number): boolean {
    const toks = (this.tokens[i] ??= nameTokens(this.nodes[i]!.el));
    return toks.some((t) => CHROME_WORDS.has(t) || CHROME_PREFIXES.some((p) => t.startsWith(p)));
  }

  private isCaption(i: number): boolean {
    const toks = (this.tokens[i] ??= nameTokens(this.nodes[i]!.el));
    return toks.some((t) => t.includes('caption') || t.startsWith('credit'));
  }

  private rawTextCache: Int32Array | null = null;
  /** Text length of the subtree ignoring every cut (computed once). */
  private rawText(i: number): number {
    if (!this.rawTextCache) {
      const r = Int32Array.from(this.ownText);
      for (let k = this.nodes.length - 1; k >= 0; k--) {
        const p = this.nodes[k]!.parent;
        if (p >= 0) r[p]! += r[k]!;
      }
      this.rawTextCache = r;
    }
    return this.rawTextCache[i]!;
  }

  private markCuts(): void {
    this.unlikelyCuts = 0;
    for (let i = 0; i < this.nodes.length; i++) {
      const x = this.nodes[i]!;
      x.drop = null;
      x.cut = false;
      this.clean[i] = null;
      if (x.parent >= 0 && this.nodes[x.parent]!.cut) {
        x.cut = true;
        continue;
      }
      const rule = this.cutRule(i);
      if (rule) {
        x.drop = rule;
        x.cut = true;
      }
    }
  }

  // ---- subtree sums --------------------------------------------------------------------------

  /**
   * Sums text, link text, commas and element counts bottom-up over [lo, hi), skipping cut
   * elements and those `decide` removes (decided after the element's own subtree is summed).
   */
  private aggregate(lo: number, hi: number, decide?: (i: number) => string | null): void {
    for (let i = lo; i < hi; i++) {
      const x = this.nodes[i]!;
      x.text = this.ownText[i]!;
      x.commas = this.ownCommas[i]!;
      x.link = 0;
      x.paras = x.lis = x.imgs = x.inputs = x.embeds = x.headingText = 0;
      x.blockDesc = false;
      this.listText[i] = 0;
    }
    for (let i = hi - 1; i >= lo; i--) {
      const x = this.nodes[i]!;
      const p = x.parent >= lo ? this.nodes[x.parent]! : null;
      if (x.cut) {
        if (p && !p.cut && x.drop === 'html:media' && (x.tag === 'iframe' || x.tag === 'object' || x.tag === 'embed')) p.embeds++;
        continue;
      }
      const tag = x.tag;
      if (tag === 'a') x.link = x.el.attribs.href?.startsWith('#') ? x.text * 0.3 : x.text;
      else if (tag === 'p') x.paras++;
      else if (tag === 'li') x.lis++;
      else if (tag === 'img') x.imgs++;
      else if (tag === 'ul' || tag === 'ol') this.listText[i] = x.text;
      else if (HEADING.test(tag)) x.headingText = x.text;
      if (decide) {
        const rule = decide(i);
        if (rule) {
          this.clean[i] = rule;
          continue;
        }
      }
      if (!p || i === lo) continue;
      p.text += x.text;
      p.link += x.link;
      p.commas += x.commas;
      p.paras += x.paras;
      p.lis += x.lis;
      p.imgs += x.imgs;
      p.inputs += x.inputs;
      p.embeds += x.embeds;
      p.headingText += x.headingText;
      this.listText[x.parent]! += this.listText[i]!;
      if (x.blockDesc || DIV_TO_P_BLOCKERS.has(tag)) p.blockDesc = true;
    }
  }

  linkDensity(i: number): number {
    const x = this.nodes[i]!;
    return x.text === 0 ? 0 : Math.min(1, x.link / x.text);
  }

  classWeight(i: number): number {
    if (!this.flags.weightClasses) return 0;
    const a = this.nodes[i]!.el.attribs;
    let w = 0;
    for (const name of [a.class, a.id]) {
      if (!name) continue;
      if (NEGATIVE_NAME.test(name)) w -= 25;
      if (POSITIVE_NAME.test(name)) w += 25;
    }
    if (w !== 0) this.weighed = true;
    return w;
  }

  // ---- scoring -------------------------------------------------------------------------------

  private init(i: number): void {
    const x = this.nodes[i]!;
    let s = 0;
    switch (x.tag) {
      case 'div':
        s = 5;
        break;
      case 'pre':
      case 'td':
      case 'blockquote':
        s = 3;
        break;
      case 'address':
      case 'ol':
      case 'ul':
      case 'dl':
      case 'dd':
      case 'dt':
      case 'li':
      case 'form':
        s = -3;
        break;
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6':
      case 'th':
        s = -5;
        break;
    }
    x.score = s + this.classWeight(i);
    x.scored = true;
  }

  /** Elements that read as one paragraph (Readability scores these). */
  isPara: Uint8Array = new Uint8Array(0);

  /** Text of prose paragraphs (long enough, few links) in each subtree, after scoring. */
  prose: Float64Array = new Float64Array(0);

  private scoreUnit(anchor: number, len: number, commas: number, link: number, owner: number, candidates: number[]): void {
    if (len >= PROSE_MIN_CHARS && link < len * PROSE_MAX_LINKS) this.prose[owner]! += len;
    if (len < 25) return;
    const s = 2 + commas + Math.min(Math.floor(len / 100), 3);
    let a = anchor;
    for (let level = 0; a >= 0 && level < 5; level++) {
      const x = this.nodes[a]!;
      if (x.parent < 0 || x.tag === 'html') break; // the root element is never the article
      if (!x.scored) {
        this.init(a);
        candidates.push(a);
      }
      x.score += s / (level === 0 ? 1 : level === 1 ? 2 : level * 3);
      a = x.parent;
    }
  }

  private scoreParagraphs(): number[] {
    const candidates: number[] = [];
    const n = this.nodes.length;
    this.isPara = new Uint8Array(n);
    this.prose = new Float64Array(n);
    for (const x of this.nodes) {
      x.score = 0;
      x.scored = false;
    }
    for (let i = 0; i < n; i++) {
      const x = this.nodes[i]!;
      if (x.cut) {
        i = x.end - 1;
        continue;
      }
      const tag = x.tag;
      if (tag === 'p' || tag === 'pre' || ((tag === 'td' || (DIV_LIKE.has(tag) && tag !== 'span' && tag !== 'font')) && !x.blockDesc)) {
        this.isPara[i] = 1;
        this.scoreUnit(x.parent, x.text, x.commas, x.link, i, candidates);
        if (tag === 'p' || tag === 'pre') i = x.end - 1; // nested markup inside a paragraph is part of it
        continue;
      }
      if (DIV_LIKE.has(tag) && x.blockDesc) this.scoreRuns(i, candidates);
    }
    for (let i = n - 1; i >= 0; i--) {
      const x = this.nodes[i]!;
      if (!x.cut && x.parent >= 0) this.prose[x.parent]! += this.prose[i]!;
    }
    return candidates;
  }

  /** Runs of phrasing content between the block children of a container, scored as paragraphs. */
  private scoreRuns(i: number, candidates: number[]): void {
    let len = 0;
    let commas = 0;
    let link = 0;
    let brs = 0;
    const flush = () => {
      this.scoreUnit(i, len, commas, link, i, candidates);
      len = commas = link = 0;
    };
    for (const c of this.nodes[i]!.el.children) {
      if (c.type === 'text') {
        const d = (c as Text).data;
        if (/\S/.test(d)) brs = 0;
        len += d.replace(/\s+/g, ' ').length;
        commas += (d.match(/,/g) ?? []).length;
        continue;
      }
      if (!isElement(c)) continue;
      const k = this.tree.index.get(c);
      if (k === undefined) continue;
      const y = this.nodes[k]!;
      if (y.cut) continue;
      if (y.tag === 'br') {
        if (++brs >= 2) flush();
        continue;
      }
      brs = 0;
      if (BLOCK_TAGS.has(y.tag) || y.blockDesc || y.tag === 'img') flush();
      else {
        len += y.text;
        commas += y.commas;
        link += y.link;
      }
    }
    flush();
  }

  // ---- choosing the article ------------------------------------------------------------------

  private contains(a: number, b: number): boolean {
    return b >= a && b < this.nodes[a]!.end;
  }

  private keptKids(i: number): number[] {
    return this.nodes[i]!.kids.filter((k) => !this.nodes[k]!.cut);
  }

  /** The given element as the article (cut and cleaned with the flags); null if it is cut itself. */
  selectRoot(root: number, flags: Flags, why: string): Selection | null {
    this.flags = flags;
    this.weighed = false;
    this.markCuts();
    if (this.nodes[root]!.cut) return null;
    for (let i = 0; i < this.nodes.length; i++) if (this.nodes[i]!.parent < 0) this.aggregate(i, this.nodes[i]!.end);
    this.scoreParagraphs();
    return this.finish([root], flags, why);
  }

  /** One attempt with the current flags. */
  select(flags: Flags): Selection {
    this.flags = flags;
    this.weighed = false;
    this.markCuts();
    const n = this.nodes.length;
    for (let i = 0; i < n; i++) if (this.nodes[i]!.parent < 0) this.aggregate(i, this.nodes[i]!.end);
    const candidates = this.scoreParagraphs();
    for (const c of candidates) this.nodes[c]!.score *= 1 - this.linkDensity(c);
    const ranked = [...candidates].sort((a, b) => this.nodes[b]!.score - this.nodes[a]!.score).slice(0, 5);
    let top = ranked[0] ?? -1;
    let why = 'best-scored container';
    if (top < 0 || top === this.body) {
      return this.finish([this.body], flags, 'no paragraph scored: whole page');
    }
    const topScore = this.nodes[top]!.score;
    // Several near-best candidates under one ancestor: the ancestor is the article.
    const alts = ranked.slice(1).filter((c) => this.nodes[c]!.score / topScore >= 0.75);
    if (alts.length >= 3) {
      for (let p = this.nodes[top]!.parent; p >= 0 && p !== this.body; p = this.nodes[p]!.parent) {
        if (alts.filter((a) => this.contains(p, a)).length >= 3) {
          top = p;
          why = 'common ancestor of near-best containers';
          break;
        }
      }
    }
    if (!this.nodes[top]!.scored) this.init(top);
    // Climb while the parent scores better: the body is often split across sibling wrappers.
    let last = this.nodes[top]!.score;
    const threshold = last / 3;
    for (let p = this.nodes[top]!.parent; p >= 0 && p !== this.body; p = this.nodes[p]!.parent) {
      const px = this.nodes[p]!;
      if (!px.scored) continue;
      if (px.score < threshold) break;
      if (px.score > last) {
        top = p;
        why = 'parent scored better';
        break;
      }
      last = px.score;
    }
    for (let p = this.nodes[top]!.parent; p >= 0 && p !== this.body && this.keptKids(p).length === 1; p = this.nodes[p]!.parent) top = p;
    if (!this.nodes[top]!.scored) this.init(top);
    const roots = this.withSiblings(top);
    const wider = this.widen(top, roots);
    if (wider >= 0) return this.finish([wider], flags, 'ancestor adds prose');
    return this.finish(roots, flags, why);
  }

  /**
   * An ancestor of the chosen containers that adds much more prose than other text: the body was
   * split over several wrappers (text, figure, text) deeper than sibling merging looks.
   */
  private widen(top: number, roots: number[]): number {
    let prose = 0;
    let text = 0;
    let link = 0;
    for (const r of roots) {
      prose += this.prose[r]!;
      text += this.nodes[r]!.text;
      link += this.nodes[r]!.link;
    }
    let best = -1;
    let a = this.nodes[top]!.parent;
    // An <article> is a boundary: beyond it are other articles (teasers, the next story).
    for (let k = top; k >= 0 && k !== this.body; k = this.nodes[k]!.parent) if (this.isArticleElement(k)) return -1;
    for (let level = 0; a >= 0 && a !== this.body && level < 4; level++, a = this.nodes[a]!.parent) {
      const x = this.nodes[a]!;
      const extraProse = this.prose[a]! - prose;
      const extraOther = x.text - this.prose[a]! - (text - prose);
      // Teasers (a linked headline over a summary) and comment threads fail the last two tests.
      if (extraProse >= Math.max(200, 0.2 * prose) && extraOther <= 0.35 * extraProse && x.link - link <= 0.15 * extraProse) best = a;
      else if (extraOther > extraProse) break;
    }
    return best;
  }

  private isArticleElement(i: number): boolean {
    const x = this.nodes[i]!;
    return x.tag === 'article' || /articlebody/i.test(x.el.attribs.itemprop ?? '');
  }

  /** The top candidate and those of its siblings that carry prose too. */
  private withSiblings(top: number): number[] {
    const parent = this.nodes[top]!.parent;
    if (parent < 0) return [top];
    const t = this.nodes[top]!;
    const threshold = Math.max(10, t.score * 0.2);
    const cls = t.el.attribs.class ?? '';
    const roots: number[] = [];
    for (const s of this.keptKids(parent)) {
      if (s === top) {
        roots.push(s);
        continue;
      }
      const x = this.nodes[s]!;
      const bonus = cls !== '' && x.el.attribs.class === cls ? t.score * 0.2 : 0;
      if (x.scored && x.score + bonus >= threshold) roots.push(s);
      else if (this.isPara[s]) {
        const ld = this.linkDensity(s);
        if (x.text > 80 && ld < 0.25) roots.push(s);
        else if (x.text < 80 && x.text > 0 && ld === 0 && /\.( |$)/.test(textOf(x.el))) roots.push(s);
      }
    }
    return roots;
  }

  // ---- cleaning inside the article -----------------------------------------------------------

  /** Text of the article before cleaning: chrome by name is cut only when it is a small part of it. */
  private articleText = 0;

  private finish(roots: number[], flags: Flags, why: string): Selection {
    let chars = 0;
    this.articleText = roots.reduce((n, r) => n + this.nodes[r]!.text, 0);
    for (const r of roots) {
      this.aggregate(r, this.nodes[r]!.end, (i) => this.cleanRule(i));
      if (!this.clean[r]) chars += this.nodes[r]!.text;
    }
    const cleaned = new Map<number, string>();
    for (const r of roots) for (let i = r; i < this.nodes[r]!.end; i++) if (this.clean[i]) cleaned.set(i, this.clean[i]!);
    const score = roots.reduce((m, r) => Math.max(m, this.nodes[r]!.scored ? this.nodes[r]!.score : 0), 0);
    return { roots: roots.filter((r) => !this.clean[r]), cleaned, chars, flags, why, score };
  }

  private isDataTable(i: number): boolean {
    const x = this.nodes[i]!;
    const a = x.el.attribs;
    if (a.role === 'presentation' || a.datatable === '0') return false;
    if (a.summary) return true;
    let rows = 0;
    let cols = 0;
    let nested = false;
    for (let k = i + 1; k < x.end; k++) {
      const y = this.nodes[k]!;
      if (y.tag === 'table') {
        nested = true;
        break;
      }
      if (y.tag === 'caption' || y.tag === 'thead' || y.tag === 'tfoot' || y.tag === 'th' || y.tag === 'colgroup') return true;
      if (y.tag === 'tr') {
        rows++;
        cols = Math.max(cols, y.kids.length);
      }
    }
    if (nested) return false;
    return rows >= 10 || cols > 4 || rows * cols > 10;
  }

  private cleanRule(i: number): string | null {
    const x = this.nodes[i]!;
    const tag = x.tag;
    if ((tag === 'h1' || tag === 'h2') && this.classWeight(i) < 0) return 'html:negative-class';
    if (!this.flags.cleanConditionally) return null;
    if (this.flags.stripUnlikely && x.text < this.articleText * 0.5 && this.isChrome(i)) return 'html:chrome-class';
    if (tag !== 'div' && tag !== 'section' && tag !== 'ul' && tag !== 'table' && tag !== 'form' && tag !== 'fieldset') return null;
    if (this.inCode[i]) return null;
    if (tag === 'table' && this.isDataTable(i)) return null;
    const weight = this.classWeight(i);
    if (weight < 0) return 'html:negative-class';
    if (x.commas >= 10) return null;
    const p = x.paras;
    const img = x.imgs;
    const li = x.lis - 100;
    const headingDensity = x.text === 0 ? 0 : x.headingText / x.text;
    const isList = tag === 'ul' || (x.text > 0 && this.listText[i]! / x.text > 0.9);
    const ld = this.linkDensity(i);
    const len = x.text;
    let rule: string | null = null;
    if (img > 1 && p / img < 0.5 && !this.inFigure[i]) rule = 'html:images';
    else if (!isList && li > p) rule = 'html:list-heavy';
    else if (x.inputs > Math.floor(p / 3)) rule = 'html:form';
    else if (!isList && headingDensity < 0.9 && len < 25 && (img === 0 || img > 2) && ld > 0 && !this.inFigure[i]) rule = 'html:link-density';
    else if (!isList && weight < 25 && ld > 0.2) rule = 'html:link-density';
    else if (weight >= 25 && ld > 0.5) rule = 'html:link-density';
    else if ((x.embeds === 1 && len < 75) || x.embeds > 1) rule = 'html:embed';
    if (rule && isList) {
      for (const k of this.keptKids(i)) if (this.keptKids(k).length > 1) return rule;
      if (img === x.lis) return null;
    }
    return rule;
  }

  isCleaned(i: number): string | null {
    return this.clean[i] ?? null;
  }
}

/** Plain text of one element (used only on short elements). */
export function textOf(el: Element): string {
  let out = '';
  const stack: AnyNode[] = [el];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'text') out += (n as Text).data;
    else if (isElement(n)) for (let k = n.children.length - 1; k >= 0; k--) stack.push(n.children[k]!);
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** Runs the attempts until one keeps enough text; otherwise the attempt that kept the most. */
export function selectArticle(page: Page): Selection {
  let best: Selection | null = null;
  let last: Selection | null = null;
  for (const flags of ATTEMPTS) {
    // A looser attempt that would change nothing is skipped.
    if (last && last.flags.stripUnlikely && !flags.stripUnlikely && page.unlikelyCuts === 0 && flags.weightClasses) continue;
    if (last && last.flags.weightClasses && !flags.weightClasses && !page.weighed && flags.cleanConditionally) continue;
    const s = page.select(flags);
    last = s;
    // A looser attempt wins only by finding clearly more text (on a short page it would only
    // add what the stricter rules cut), or when the stricter one found prose only in chrome.
    if (!best || (s.chars > 0 && best.score <= 0 && s.score > 0) || s.chars > best.chars * 1.5 + 200) best = s;
    if (best.chars >= MIN_ARTICLE_CHARS && best.score > 0) break;
  }
  // The page's marks belong to the last attempt run: redo the best one if it was another.
  return best === last ? best! : page.select(best!.flags);
}
