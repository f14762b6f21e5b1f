// A flat, document-ordered view of the parsed page. Every later pass is a loop over this array
// (no recursion: 10,000 nested <div>s must not overflow the stack) and subtree sums are computed
// bottom-up in one reverse loop, so no pass is quadratic in the nesting depth.
import { Element } from 'domhandler';
import type { AnyNode, ParentNode, Text } from 'domhandler';

export class Node {
  /** Index of the parent element in `Tree.nodes`, -1 at the top. */
  parent: number;
  /** Index just past the last descendant: the subtree of i is [i, end). */
  end = 0;
  /** Element children, in order. */
  kids: number[] = [];
  /** Position among the parent's element children. */
  pos = 0;
  /** Why the element is cut before scoring (null: kept). Set on the topmost cut element only. */
  drop: string | null = null;
  /** Inside a cut subtree (its own or an ancestor's rule). */
  cut = false;
  // Subtree sums over the elements that are not cut.
  text = 0;
  link = 0;
  commas = 0;
  paras = 0;
  lis = 0;
  imgs = 0;
  inputs = 0;
  embeds = 0;
  headingText = 0;
  /** Holds a block-level descendant (so it is not itself a paragraph). */
  blockDesc = false;
  score = 0;
  scored = false;

  constructor(
    readonly el: Element,
    readonly tag: string,
    parent: number,
    readonly depth: number,
  ) {
    this.parent = parent;
  }
}

export interface TextRef {
  node: Text;
  /** Index of the parent element, -1 when directly under the document. */
  parent: number;
  /** Length with white space runs collapsed to one space. */
  len: number;
  commas: number;
}

export interface Tree {
  nodes: Node[];
  texts: TextRef[];
  index: Map<Element, number>;
}

const OPAQUE = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math']);
const COMMAS = /[\u002C\u060C\uFE50\uFE10\uFE11\u2E41\u2E34\u2E32\uFF0C]/g;

export function collapsedLength(s: string): number {
  let n = 0;
  let space = true; // leading white space does not count
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ws = c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 160;
    if (ws) {
      if (!space) n++;
      space = true;
    } else {
      n++;
      space = false;
    }
  }
  return n;
}

export function isElement(n: AnyNode): n is Element {
  return n.type === 'tag' || n.type === 'script' || n.type === 'style';
}

/** Tag of the synthetic element at index 0 that stands for the document itself. */
export const DOCUMENT_TAG = '#document';

/**
 * Flattens the document in pre-order with an explicit stack. Index 0 is a synthetic element
 * holding the document's children, so a fragment without <html> or <body> (or bare text) still
 * has one container.
 */
export function flatten(root: ParentNode): Tree {
  const top = new Element(DOCUMENT_TAG, {}, root.children);
  const nodes: Node[] = [new Node(top, DOCUMENT_TAG, -1, 0)];
  const texts: TextRef[] = [];
  const index = new Map<Element, number>([[top, 0]]);
  const stack: { kids: AnyNode[]; at: number; idx: number }[] = [{ kids: root.children, at: 0, idx: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.at >= top.kids.length) {
      if (top.idx >= 0) nodes[top.idx]!.end = nodes.length;
      stack.pop();
      continue;
    }
    const child = top.kids[top.at++]!;
    if (isElement(child)) {
      const idx = nodes.length;
      const node = new Node(child, child.name.toLowerCase(), top.idx, stack.length - 1);
      nodes.push(node);
      index.set(child, idx);
      if (top.idx >= 0) {
        const kids = nodes[top.idx]!.kids;
        node.pos = kids.length;
        kids.push(idx);
      }
      // Code and styles are never text: their (often huge) contents are not scanned.
      stack.push({ kids: OPAQUE.has(node.tag) ? [] : child.children, at: 0, idx });
    } else if (child.type === 'text') {
      const data = (child as Text).data;
      const commas = data.match(COMMAS)?.length ?? 0;
      texts.push({ node: child as Text, parent: top.idx, len: collapsedLength(data), commas });
    }
  }
  return { nodes, texts, index };
}

/** The class and id of an element, lower-cased and split into words ("relatedLinks" -> related links). */
export function nameTokens(el: Element): string[] {
  const raw = `${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`;
  if (raw.length === 1) return [];
  return raw
    .slice(0, 400) // generated class lists can be huge; the first few words say what it is
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
