// The Markdown view of a document: YAML front matter, then the cleaned blocks as an mdast tree
// serialised by mdast-util-to-markdown (so escaping is right by construction).
import type { BlockContent, Heading, List, ListItem, Root, RootContent } from 'mdast';
import { toMarkdown } from 'mdast-util-to-markdown';
import YAML from 'yaml';
import type { DocumentRecord } from '../schemas.ts';

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

export function documentToMarkdown(doc: DocumentRecord): string {
  const front = {
    id: doc.id,
    title: doc.title,
    source: doc.source.url ?? doc.source.path,
    publisher: doc.source.publisher,
    licence: doc.source.licence,
    sha256: doc.source.sha256,
  };
  const body = toMarkdown(documentToMdast(doc), { bullet: '-', emphasis: '_', rule: '-' });
  return `---\n${YAML.stringify(front, { lineWidth: 0 })}---\n\n${body}`;
}
