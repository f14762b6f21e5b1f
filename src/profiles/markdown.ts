// Markdown documents, read with remark-parse: YAML front matter becomes metadata, mdast blocks
// become blocks. Link definitions, HTML comments and code are not prose and are recorded as removed.
import type { Root, RootContent, Nodes } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import YAML from 'yaml';
import type { DraftBlock, ProfiledDoc, RemovedSpan } from '../pipeline/types.ts';
import type { SourceProfile, StripResult } from './profile.ts';

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml', 'toml']);

export function parseMarkdown(text: string): Root {
  return parser.parse(text);
}

const span = (n: Nodes) => ({ rawStart: n.position?.start.offset ?? 0, rawEnd: n.position?.end.offset ?? 0 });

export const markdown: SourceProfile = {
  name: 'markdown',
  description: 'Markdown through remark-parse: front matter as metadata, mdast blocks as blocks',
  formats: ['markdown'],
  detect: (doc) => (doc.format === 'markdown' ? 0.5 : 0),
  strip(doc: ProfiledDoc): StripResult {
    const tree = parseMarkdown(doc.raw);
    const blocks: DraftBlock[] = [];
    const removed: RemovedSpan[] = [];
    let metadata: Record<string, unknown> = {};
    const walk = (nodes: RootContent[], inQuote: boolean) => {
      for (const node of nodes) {
        switch (node.type) {
          case 'yaml': {
            try {
              const parsed = YAML.parse(node.value) as unknown;
              if (parsed && typeof parsed === 'object') metadata = parsed as Record<string, unknown>;
            } catch {
              // Broken front matter is kept out of the text but not fatal.
            }
            removed.push({ rule: 'markdown:front-matter', ...span(node) });
            break;
          }
          case 'heading':
            blocks.push({ type: 'heading', text: toString(node), ...span(node), depth: node.depth + 1 });
            break;
          case 'paragraph':
            blocks.push({ type: inQuote ? 'quote' : 'paragraph', text: toString(node), ...span(node), depth: null });
            break;
          case 'blockquote':
            walk(node.children, true);
            break;
          case 'list':
            for (const item of node.children) {
              blocks.push({ type: 'list-item', text: toString(item).replace(/\s*\n\s*/g, ' '), ...span(item), depth: null });
            }
            break;
          case 'html':
            removed.push({ rule: 'markdown:html', ...span(node) });
            break;
          case 'definition':
            removed.push({ rule: 'markdown:link-definition', ...span(node) });
            break;
          case 'code':
            removed.push({ rule: 'markdown:code', ...span(node) });
            break;
          case 'thematicBreak':
            break;
          default:
            if ('children' in node) walk(node.children as RootContent[], inQuote);
            else removed.push({ rule: `markdown:${node.type}`, ...span(node) });
        }
      }
    };
    walk(tree.children, false);
    const fmTitle = typeof metadata.title === 'string' ? metadata.title : null;
    // A first-level heading at the top is the title.
    const first = blocks[0];
    let title = fmTitle;
    if (first && first.type === 'heading' && first.depth === 2) {
      first.type = 'title';
      first.depth = 1;
      title ??= first.text;
    } else if (fmTitle) {
      blocks.unshift({ type: 'title', text: fmTitle, rawStart: 0, rawEnd: 0, depth: 1 });
    }
    return { title: title ?? doc.provenance?.title ?? null, metadata, blocks: blocks.filter((b) => b.text.trim()), removed, references: [] };
  },
};
