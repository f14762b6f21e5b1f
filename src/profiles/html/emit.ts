// Turns the selected article containers into blocks, in reading order, and records every cut.
// A block is a block-level element's run of phrasing content: a <p>, an <li>, a heading, the text
// between the <div>s of a container, a table row; <br><br> also ends a paragraph.
import type { AnyNode, Element, Text } from 'domhandler';
import type { BlockType } from '../../schemas.ts';
import type { DraftBlock, RemovedSpan } from '../../pipeline/types.ts';
import { collapsedLength, isElement, type Node } from './dom.ts';
import type { Page, Selection } from './extract.ts';
import { BLOCK_TAGS, HEADING } from './vocab.ts';

export interface EmittedBlock extends DraftBlock {
  /** Characters of the block's text inside links. */
  linkChars: number;
  /** The block's text outside links (white space collapsed). */
  plain: string;
  /** Characters inside <em>/<i> (an all-italic line under a picture is its caption). */
  italicChars: number;
  /** Characters inside <time> (a line that is mostly a date is a dateline). */
  timeChars: number;
  /** Tag of the element that opened the block. */
  tag: string;
  /** Element index of that element. */
  owner: number;
  /** Element index of the nearest enclosing <ul>/<ol>, or -1. */
  list: number;
}

interface Frame {
  kids: AnyNode[];
  at: number;
  type: BlockType;
  depth: number | null;
  block: boolean;
  link: boolean;
  italic: boolean;
  time: boolean;
  cell: boolean;
  owner: number;
  tag: string;
  list: number;
}

export function spanOf(el: AnyNode): { rawStart: number; rawEnd: number } {
  const rawStart = el.startIndex ?? 0;
  return { rawStart, rawEnd: Math.max(rawStart, (el.endIndex ?? rawStart) + 1) };
}

const squash = (s: string) => s.replace(/\s+/g, ' ');

export function emitBlocks(page: Page, sel: Selection, removed: RemovedSpan[]): EmittedBlock[] {
  const { nodes, tree } = page;
  const blocks: EmittedBlock[] = [];
  let parts: string[] = [];
  let plain: string[] = [];
  let start = -1;
  let end = -1;
  let linkChars = 0;
  let italicChars = 0;
  let timeChars = 0;
  let brs = 0;
  let cur: Frame | null = null;
  const flush = () => {
    if (parts.length > 0 && cur) {
      const text = squash(parts.join('')).trim();
      if (text) {
        blocks.push({
          type: cur.type,
          text,
          rawStart: start,
          rawEnd: end,
          depth: cur.depth,
          linkChars: Math.min(linkChars, text.length),
          plain: squash(plain.join('')).trim(),
          italicChars: Math.min(italicChars, text.length),
          timeChars: Math.min(timeChars, text.length),
          tag: cur.tag,
          owner: cur.owner,
          list: cur.list,
        });
      }
    }
    parts = [];
    plain = [];
    start = end = -1;
    linkChars = italicChars = timeChars = 0;
    brs = 0;
  };
  for (const root of sel.roots) {
    flush();
    const stack: Frame[] = [open(nodes, nodes[root]!.el, root, null)];
    cur = stack[0]!;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.at >= top.kids.length) {
        stack.pop();
        if (top.block) {
          flush();
          cur = nearestBlock(stack);
        } else if (top.cell) parts.push(' ');
        continue;
      }
      const child = top.kids[top.at++]!;
      if (child.type === 'text') {
        const data = (child as Text).data;
        const len = collapsedLength(data);
        if (len > 0) {
          brs = 0;
          if (start < 0) start = child.startIndex ?? 0;
          end = Math.max(end, (child.endIndex ?? child.startIndex ?? 0) + 1);
          if (top.link) linkChars += len;
          if (top.italic) italicChars += len;
          if (top.time) timeChars += len;
        }
        if (parts.length > 0 || len > 0) {
          parts.push(data);
          plain.push(top.link ? ' ' : data);
        }
        continue;
      }
      if (!isElement(child)) continue;
      const idx = tree.index.get(child);
      if (idx === undefined) continue; // inside a script or style: never text
      const x = nodes[idx]!;
      if (x.cut) {
        if (x.drop) removed.push({ rule: x.drop, ...spanOf(child) });
        continue;
      }
      const rule = page.isCleaned(idx);
      if (rule) {
        removed.push({ rule, ...spanOf(child) });
        continue;
      }
      if (x.tag === 'br') {
        parts.push('\n');
        if (++brs >= 2) flush();
        continue;
      }
      const frame = open(nodes, child, idx, top);
      if (frame.block) {
        flush();
        cur = frame;
      } else if (frame.cell) parts.push(' ');
      stack.push(frame);
    }
    flush();
  }
  return blocks;
}

/** The frame of an element: the block type it gives its text, and whether it starts a block. */
function open(nodes: Node[], el: Element, idx: number, parent: Frame | null): Frame {
  const x = nodes[idx]!;
  const tag = x.tag;
  let type: BlockType = parent?.type ?? 'paragraph';
  let depth: number | null = parent?.depth ?? null;
  if (type !== 'quote') {
    const h = tag.length === 2 && tag[0] === 'h' ? HEADING.exec(tag) : null;
    if (tag === 'blockquote') {
      type = 'quote';
      depth = null;
    } else if (h) {
      type = 'heading';
      depth = Number(h[1]) + 1;
    } else if (type !== 'heading' && (tag === 'li' || tag === 'dd' || tag === 'dt')) {
      type = 'list-item';
      depth = null;
    }
  }
  // A table cell without blocks inside is a column of its row, not a block of its own.
  const cell = (tag === 'td' || tag === 'th') && !x.blockDesc;
  const block = !cell && (BLOCK_TAGS.has(tag) || x.blockDesc);
  return {
    kids: el.children,
    at: 0,
    type,
    depth,
    block,
    link: tag === 'a' || (parent?.link ?? false),
    italic: tag === 'em' || tag === 'i' || (parent?.italic ?? false),
    time: tag === 'time' || (parent?.time ?? false),
    cell,
    owner: block ? idx : (parent?.owner ?? idx),
    tag: block ? tag : (parent?.tag ?? tag),
    list: tag === 'ul' || tag === 'ol' ? idx : (parent?.list ?? -1),
  };
}

function nearestBlock(stack: Frame[]): Frame | null {
  for (let k = stack.length - 1; k >= 0; k--) if (stack[k]!.block) return stack[k]!;
  return null;
}

/** Spans outside the article containers, recorded as one cut each (their own rule when they have one). */
export function recordOutside(page: Page, sel: Selection, removed: RemovedSpan[]): void {
  const { nodes } = page;
  const onPath = new Uint8Array(nodes.length);
  const isRoot = new Uint8Array(nodes.length);
  for (const r of sel.roots) {
    isRoot[r] = 1;
    for (let p = nodes[r]!.parent; p >= 0 && !onPath[p]; p = nodes[p]!.parent) onPath[p] = 1;
  }
  for (let i = 0; i < nodes.length; i++) {
    const x = nodes[i]!;
    if (isRoot[i]) {
      i = x.end - 1;
      continue;
    }
    if (onPath[i]) {
      for (const c of x.el.children) {
        if (c.type === 'text' && /\S/.test((c as Text).data)) removed.push({ rule: 'html:outside-main', ...spanOf(c) });
      }
      continue;
    }
    if (x.drop) removed.push({ rule: x.drop, ...spanOf(x.el) });
    else if (x.text > 0) removed.push({ rule: 'html:outside-main', ...spanOf(x.el) });
    i = x.end - 1;
  }
}
