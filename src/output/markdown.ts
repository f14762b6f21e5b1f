// The Markdown view of a document: YAML front matter, then the cleaned blocks as an mdast tree
// serialised by mdast-util-to-markdown (so escaping is right by construction).
import type { BlockContent, Heading, List, ListItem, Root, RootContent, Text } from 'mdast';
import { defaultHandlers, toMarkdown, type Handle } from 'mdast-util-to-markdown';
import YAML from 'yaml';
import type { Block, DocumentRecord, PassageRecord } from '../schemas.ts';

/**
 * The document's blocks with duplicate passages taken out: a block keeps the text of its canonical
 * passages only, and a heading whose section is left empty goes too. Without passages, all blocks.
 */
export function canonicalBlocks(doc: Pick<DocumentRecord, 'blocks'>, passages?: readonly PassageRecord[]): Block[] {
  if (!passages) return doc.blocks;
  const out: Block[] = [];
  for (const b of doc.blocks) {
    if (b.type === 'title' || b.type === 'heading') {
      out.push(b);
      continue;
    }
    const inside = passages.filter((p) => p.start < b.end && p.end > b.start);
    const kept = inside.filter((p) => p.duplicateOf === null);
    if (inside.length === 0 || kept.length === inside.length) out.push(b);
    else if (kept.length > 0) {
      // Only the canonical parts of the block, each clipped to the block.
      const text = kept.map((p) => p.text.slice(Math.max(0, b.start - p.start), Math.min(p.text.length, b.end - p.start))).join(' ');
      out.push({ ...b, text });
    }
  }
  // Headings with nothing left under them (before the next heading of the same or a higher level).
  return out.filter((b, i) => {
    if (b.type !== 'heading') return true;
    for (let j = i + 1; j < out.length; j++) {
      const n = out[j]!;
      if (n.type === 'heading' && (n.depth ?? 2) <= (b.depth ?? 2)) return false;
      if (n.type !== 'heading' && n.type !== 'title') return true;
    }
    return false;
  });
}

export function documentToMdast(doc: Pick<DocumentRecord, 'blocks'>): Root {
  const children: RootContent[] = [];
  let list: List | null = null;
  for (const b of doc.blocks) {
    const text = { type: 'text' as const, value: b.text };
    if (b.type !== 'list-item') list = null;
    switch (b.type) {
      case 'title':
        children.push({ type: 'heading', depth: 1, children: [text] });
        break;
      case 'heading':
        children.push({ type: 'heading', depth: Math.min(6, Math.max(2, b.depth ?? 2)) as Heading['depth'], children: [text] });
        break;
      case 'list-item': {
        const item: ListItem = { type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [text] }] };
        if (!list) {
          list = { type: 'list', ordered: false, spread: false, children: [] };
          children.push(list);
        }
        list.children.push(item);
        break;
      }
      case 'quote':
        children.push({ type: 'blockquote', children: [{ type: 'paragraph', children: [text] } as BlockContent] });
        break;
      default:
        children.push({ type: 'paragraph', children: [text] });
    }
  }
  return { type: 'root', children };
}

/**
 * The library's text handler, with less work: its escaping runs the regular expression of every
 * unsafe pattern over each text, though a pattern can only match where its character occurs. The
 * patterns whose character is absent (from the text and the characters around it) are left out
 * for the call; the result is the same.
 */
const text: Handle = (node: Text, parent, state, info) => {
  const value = `${info.before}${node.value}${info.after}`;
  const all = state.unsafe;
  state.unsafe = all.filter((pattern) => value.includes(pattern.character));
  try {
    return defaultHandlers.text(node, parent, state, info);
  } finally {
    state.unsafe = all;
  }
};

export function documentToMarkdown(doc: DocumentRecord, passages?: readonly PassageRecord[]): string {
  const front = {
    id: doc.id,
    title: doc.title,
    source: doc.source.url ?? doc.source.path,
    publisher: doc.source.publisher,
    licence: doc.source.licence,
    sha256: doc.source.sha256,
    ...(passages
      ? { passages: passages.length, duplicatePassagesLeftOut: passages.filter((p) => p.duplicateOf !== null).length }
      : {}),
  };
  const body = toMarkdown(documentToMdast({ blocks: canonicalBlocks(doc, passages) }), { bullet: '-', emphasis: '_', rule: '-', handlers: { text } });
  return `---\n${YAML.stringify(front, { lineWidth: 0 })}---\n\n${body}`;
}
