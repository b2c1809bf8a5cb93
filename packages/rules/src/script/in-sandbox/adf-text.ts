/**
 * Rich-text helpers the rules get. Runs inside the sandbox: plain functions over ADF data.
 */
import type { AdfDoc, AdfNode, FieldUser, ReplicaUser } from '../tandem-script.d.ts';

/**
 * Tandem's attributed copy: "Name wrote:" in bold, then the body. The same document as core's `attributedBody`
 * (item-plans.ts), which Basic and Visual modes write; a test holds the two equal.
 */
export function attributedBody(author: ReplicaUser | FieldUser | null, body: AdfDoc | null): AdfDoc {
  const name = author?.displayName ?? 'Someone';
  const header: AdfNode = {
    type: 'paragraph',
    content: [
      { type: 'text', text: name, marks: [{ type: 'strong' }] },
      { type: 'text', text: ' wrote:' },
    ],
  };
  return { type: 'doc', version: 1, content: [header, ...(body?.content ?? [])] };
}

/** Plain text as rich text: one paragraph per non-empty line. */
export function textToAdf(text: string): AdfDoc {
  const paragraphs: AdfNode[] = String(text)
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] }));
  return { type: 'doc', version: 1, content: paragraphs };
}

const INLINE_TYPES = new Set(['text', 'hardBreak', 'mention', 'emoji', 'inlineCard', 'date', 'status']);

/** The plain text of rich text: blocks and line breaks become new lines. */
export function adfToText(doc: AdfDoc | null): string {
  return doc ? textOf(doc as AdfNode) : '';
}

function textOf(node: AdfNode): string {
  const attrs = node.attrs ?? {};
  switch (node.type) {
    case 'text':
      return node.text ?? '';
    case 'hardBreak':
      return '\n';
    case 'mention':
    case 'emoji':
    case 'status':
      return stringAttr(attrs['text']) ?? stringAttr(attrs['shortName']) ?? '';
    case 'inlineCard':
      return stringAttr(attrs['url']) ?? '';
    default: {
      const children = node.content ?? [];
      const inline = children.every((child) => INLINE_TYPES.has(child.type));
      return children.map(textOf).join(inline ? '' : '\n');
    }
  }
}

function stringAttr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A format function's answer as rich text: a string becomes paragraphs. */
export function asAdf(value: AdfDoc | string, what: string): AdfDoc {
  if (typeof value === 'string') return textToAdf(value);
  if (value !== null && typeof value === 'object' && value.type === 'doc') return value;
  throw new TypeError(`${what} must return rich text (an ADF document) or a string`);
}
