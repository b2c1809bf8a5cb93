import type { AdfNode } from '../src/index.ts';

/** A compact picture of a document's structure: `paragraph(text text[strong])`, for readable vector tests. */
export function outline(nodes: readonly AdfNode[]): string {
  return nodes
    .map((node) => {
      if (node.type === 'text') return node.marks?.length ? `text[${node.marks.map((m) => m.type).join('+')}]` : 'text';
      return node.content?.length ? `${node.type}(${outline(node.content)})` : node.type;
    })
    .join(' ');
}
