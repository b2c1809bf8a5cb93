import type { AdfDoc, AdfNode } from './adf-doc.ts';
import { wikiToAdf } from './wiki-conversion.ts';

const BLOCKS_ON_OWN_LINE = new Set([
  'paragraph',
  'heading',
  'codeBlock',
  'blockquote',
  'listItem',
  'tableRow',
  'panel',
  'rule',
  'mediaSingle',
  'mediaGroup',
  'taskItem',
  'decisionItem',
  'expand',
  'nestedExpand',
  'layoutColumn',
  'blockCard',
  'embedCard',
]);

/**
 * The words of a document, for JQL `~` text search and short summaries: blocks on their own lines, table cells
 * separated by a tab, mentions as their display text (or `@id`), emoji as their character (or short name).
 */
export function adfToPlainText(doc: AdfDoc | null | undefined): string {
  if (doc === null || doc === undefined) return '';
  return collapse(doc.content.map(nodeText).join(''));
}

/** The words of wiki markup, as {@link adfToPlainText} gives them after parsing it. */
export function wikiToPlainText(wiki: string | null | undefined): string {
  return adfToPlainText(wikiToAdf(wiki));
}

function nodeText(node: AdfNode): string {
  const attrs = node.attrs ?? {};
  const str = (key: string): string | undefined =>
    typeof attrs[key] === 'string' && attrs[key] !== '' ? attrs[key] : undefined;
  switch (node.type) {
    case 'text':
      return node.text ?? '';
    case 'hardBreak':
      return '\n';
    case 'mention':
      return str('text') ?? `@${str('id') ?? ''}`;
    case 'emoji':
      return str('text') ?? str('shortName') ?? '';
    case 'inlineCard':
      return str('url') ?? '';
    case 'blockCard':
    case 'embedCard':
      return `${str('url') ?? ''}\n`;
    case 'status':
      return str('text') ?? '';
    case 'date': {
      const ms = Number(str('timestamp'));
      return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : '';
    }
    case 'media':
      return str('alt') ?? '';
    case 'tableCell':
    case 'tableHeader':
      return `${children(node).trim()}\t`;
    default: {
      const inner = children(node);
      return BLOCKS_ON_OWN_LINE.has(node.type) ? `${inner}\n` : inner;
    }
  }
}

function children(node: AdfNode): string {
  return (node.content ?? []).map(nodeText).join('');
}

function collapse(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/\t+$/, '').trimEnd())
    .join('\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
