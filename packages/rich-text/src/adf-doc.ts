/** One ADF mark (strong, em, link, …): a type and optional attributes. */
export interface AdfMark {
  type: string;
  attrs?: Record<string, unknown>;
}

/** One ADF node: a small structural view, enough to walk and rewrite documents without the editor's types. */
export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  marks?: AdfMark[];
  text?: string;
}

/** An Atlassian Document Format document, as Jira Cloud stores descriptions, comments and rich-text fields. */
export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

/** An ADF document with no content: what wiki markup made only of whitespace becomes. */
export function emptyAdfDoc(): AdfDoc {
  return { type: 'doc', version: 1, content: [] };
}

/** Returns a copy of `nodes` where `visit` may replace (return a node), drop (return null) or keep each node, children first. */
export function mapAdfNodes(nodes: readonly AdfNode[], visit: (node: AdfNode) => AdfNode | null): AdfNode[] {
  const out: AdfNode[] = [];
  for (const node of nodes) {
    const copy: AdfNode = { ...node };
    if (node.content !== undefined) copy.content = mapAdfNodes(node.content, visit);
    const mapped = visit(copy);
    if (mapped !== null) out.push(mapped);
  }
  return out;
}
