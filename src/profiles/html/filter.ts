// Block-level cuts after the container is chosen: what sits inside an article body but is not
// its prose. Each rule looks at the shape of a block (link share, position, what precedes it),
// never at its words.
import type { DraftReference, RemovedSpan } from '../../pipeline/types.ts';
import type { EmittedBlock } from './emit.ts';
import type { Page } from './extract.ts';

export interface Kept extends EmittedBlock {
  decision: string;
}

const linkShare = (b: EmittedBlock) => (b.text.length === 0 ? 0 : b.linkChars / b.text.length);
/** Ends like a sentence (or a quote of one). */
const SENTENCE_END = /[.!?…:;"”’)\]]$/;

/** Sections that close an article (cleaning-rules.md): cut whole; the bibliographies become references. */
const END_SECTION = /^(?:see also|notes|references|works cited|bibliography|further reading|external links|sources|citations|footnotes|notes and references|references and notes)$/;
const BIBLIOGRAPHY = /^(?:notes|references|works cited|bibliography|further reading|sources|citations|footnotes|notes and references|references and notes)$/;

const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** A heading that repeats the page title (the headline shown again above the body). */
export function isTitleLike(text: string, titles: string[]): boolean {
  const h = norm(text);
  if (!h) return false;
  return titles.some((t) => t === h || (h.length >= 15 && t.length >= 15 && (t.includes(h) || h.includes(t))));
}

export function filterBlocks(
  page: Page,
  blocks: EmittedBlock[],
  titles: string[],
  removed: RemovedSpan[],
): { kept: Kept[]; references: DraftReference[] } {
  const normTitles = titles.map(norm).filter(Boolean);
  const drop = new Map<number, string>();
  const references: DraftReference[] = [];
  for (let k = 0; k < blocks.length; k++) {
    const h = blocks[k]!;
    if (h.type !== 'heading' || !END_SECTION.test(norm(h.text))) continue;
    const bibliography = BIBLIOGRAPHY.test(norm(h.text));
    drop.set(k, 'html:end-section');
    let j = k + 1;
    for (; j < blocks.length; j++) {
      const b = blocks[j]!;
      if (b.type === 'heading' && (b.depth ?? 9) <= (h.depth ?? 9) && !END_SECTION.test(norm(b.text))) break;
      if (b.type === 'heading' && END_SECTION.test(norm(b.text))) {
        j--; // the next end section starts here
        break;
      }
      drop.set(j, 'html:end-section');
      // A back-link caret ("^ a b") starts wiki reference entries.
      const raw = b.text.replace(/^\^(?:\s+[a-z](?=\s))*\s*/, '');
      if (bibliography && b.type !== 'heading' && raw.length >= 10) references.push({ raw, rawStart: b.rawStart, rawEnd: Math.max(b.rawStart, b.rawEnd) });
    }
    k = j;
  }
  // Lists whose items are nearly all links: teasers of other pages ("More stories", "Related").
  const lists = new Map<number, { items: number; linked: number; chars: number }>();
  for (const b of blocks) {
    if (b.list < 0 || b.type !== 'list-item') continue;
    const s = lists.get(b.list) ?? { items: 0, linked: 0, chars: 0 };
    s.items++;
    if (b.linkChars >= Math.min(15, b.text.length * 0.3)) s.linked++;
    s.chars += b.text.length;
    lists.set(b.list, s);
  }
  const inLinkList = (b: EmittedBlock) => {
    const s = b.list >= 0 ? lists.get(b.list) : undefined;
    return !!s && s.items >= 3 && s.linked >= s.items * 0.8 && s.chars / s.items < 150;
  };

  blocks.forEach((b, k) => {
    if (drop.has(k)) return;
    if (b.type === 'heading' && isTitleLike(b.text, normTitles)) drop.set(k, 'html:title-repeat');
    // "Related: <link>", "See more: <link>": a short label, then a link to another page.
    else if (linkShare(b) >= 0.5 && /^[\p{L}\p{N}'’ ]{2,30}:/u.test(b.plain) && !/[.!?]$/.test(b.text)) drop.set(k, 'html:link-teaser');
    else if (isPictureCaption(page, b)) drop.set(k, 'html:caption');
    // A short line that is mostly a <time>: "Updated 18 November 2019, 10:42".
    else if (b.type !== 'quote' && b.text.length < 80 && b.timeChars >= b.text.length * 0.5) drop.set(k, 'html:dateline');
  });

  // The end of a body often trails into chrome that names no class: link lists, their headings.
  let tailDropped = false;
  for (let k = blocks.length - 1; k >= 0; k--) {
    if (drop.has(k)) continue;
    const b = blocks[k]!;
    if (linkShare(b) >= 0.6 || (b.type === 'list-item' && inLinkList(b))) {
      drop.set(k, 'html:trailing-links');
      tailDropped = true;
      continue;
    }
    // A heading, or a short label, with nothing but dropped chrome after it introduces that chrome.
    const label = b.type === 'heading' || (b.type === 'paragraph' && ((b.text.length <= 40 && !SENTENCE_END.test(b.text)) || /:$/.test(b.text)));
    if (label && b.text.length <= 80 && (tailDropped || k === blocks.length - 1)) {
      drop.set(k, 'html:trailing-label');
      tailDropped = true;
      continue;
    }
    break;
  }
  // And the start of a container with remnants of navigation.
  for (let k = 0; k < blocks.length; k++) {
    if (drop.has(k)) continue;
    const b = blocks[k]!;
    if (linkShare(b) >= 0.6 && b.text.length < 100) drop.set(k, 'html:leading-links');
    else break;
  }

  const kept: Kept[] = [];
  blocks.forEach((b, k) => {
    const rule = drop.get(k);
    if (rule) removed.push({ rule, rawStart: b.rawStart, rawEnd: Math.max(b.rawStart, b.rawEnd) });
    else kept.push({ ...b, decision: '' });
  });
  return { kept, references };
}

/** An all-italic short line right after an element that holds only a picture. */
function isPictureCaption(page: Page, b: EmittedBlock): boolean {
  if (b.text.length > 250 || b.italicChars < b.text.length * 0.9) return false;
  const x = page.nodes[b.owner];
  if (!x || x.parent < 0) return false;
  const kids = page.nodes[x.parent]!.kids;
  for (let k = x.pos - 1; k >= 0; k--) {
    const prev = page.nodes[kids[k]!]!;
    if (prev.cut) continue;
    return prev.imgs > 0 && prev.text === 0;
  }
  return false;
}
