import { WikiMarkupTransformer } from '@atlaskit/editor-wikimarkup-transformer';
import { JSONTransformer } from '@atlaskit/editor-json-transformer';
import { defaultSchema } from '@atlaskit/adf-schema/schema-default';
import { emptyAdfDoc, mapAdfNodes, type AdfDoc, type AdfNode } from './adf-doc.ts';
import type { AdfToWikiOptions, WikiToAdfOptions } from './wiki-conversion-options.ts';

/** The transformer's own way to rename mentions and attachments (keys are matched lower-cased). */
interface WikiContext {
  conversion?: {
    mentionConversion?: Record<string, string>;
    mediaConversion?: Record<string, { embed?: boolean }>;
  };
  defaults?: { media?: { width: number | null; height: number | null } };
}

const ACCOUNT_ID_PREFIX = /^accountid:/i;
// Without these defaults the parser invents a 200×183 size for `!file.png!`, which the encoder then writes back as
// `|width=200,height=183`: a second round would differ from the first.
const PARSE_CONTEXT: WikiContext = { defaults: { media: { width: null, height: null } } };

let transformers: { wiki: WikiMarkupTransformer; json: JSONTransformer } | undefined;

function atlassianTransformers(): { wiki: WikiMarkupTransformer; json: JSONTransformer } {
  transformers ??= { wiki: new WikiMarkupTransformer(defaultSchema), json: new JSONTransformer(defaultSchema) };
  return transformers;
}

/**
 * Converts ADF to Jira wiki markup with Atlassian's own encoder. `null`/`undefined` (Jira's empty description) stay
 * `null`. Throws {@link RichTextConversionError} when the document does not fit the ADF schema.
 */
export function adfToWiki(doc: AdfDoc, options?: AdfToWikiOptions): string;
export function adfToWiki(doc: AdfDoc | null | undefined, options?: AdfToWikiOptions): string | null;
export function adfToWiki(doc: AdfDoc | null | undefined, options: AdfToWikiOptions = {}): string | null {
  if (doc === null || doc === undefined) return null;
  const { wiki, json } = atlassianTransformers();
  const mentionConversion: Record<string, string> = {};
  const mediaConversion: Record<string, { embed: boolean }> = {};
  const content = mapAdfNodes(prepareForWiki(doc.content), (node) => {
    if (node.type === 'mention' && typeof node.attrs?.['id'] === 'string') {
      const id = node.attrs['id'].replace(ACCOUNT_ID_PREFIX, '');
      const mapped = options.mapMentionId?.(id) ?? id;
      mentionConversion[id.toLowerCase()] =
        (options.mentionStyle ?? 'accountid') === 'accountid' ? `accountid:${mapped}` : mapped;
      return { ...node, attrs: { ...node.attrs, id } };
    }
    return node;
  });
  // A file in a mediaGroup is an attachment link (`[^file]`), not an embedded image (`!file!`).
  mapAdfNodes(content, (node) => {
    if (node.type === 'mediaGroup') {
      for (const media of node.content ?? []) {
        const id = media.attrs?.['id'];
        if (typeof id === 'string') mediaConversion[id] = { embed: false };
      }
    }
    return node;
  });
  const encode = (nodes: AdfNode[]): string => {
    try {
      return wiki.encode(json.parse({ type: 'doc', version: 1, content: nodes }), {
        conversion: { mentionConversion, mediaConversion },
      });
    } catch (cause) {
      throw new RichTextConversionError('ADF document could not be converted to wiki markup', { cause });
    }
  };
  // Atlassian's encoder leaves most wiki punctuation in text unescaped, so text such as `*[|~A~]*` would come back as
  // other text or other marks, and grow on every round trip. When the plain encoding does not read back as the same
  // text, every markup character in the text is escaped (`\*`), which the parser reads back as the character itself.
  const markup = encode(content);
  if (textOf(parseToAdf(markup)) === textOf(content)) return markup;
  return encode(mapAdfNodes(content, escapeMarkupInText));
}

/** Characters the wiki parser reads as markup in running text and the encoder does not escape itself. */
const UNESCAPED_MARKUP = /[*_\-+^~?[\]|#]/g;

function escapeMarkupInText(node: AdfNode): AdfNode {
  if (node.type !== 'text' || node.text === undefined) return node;
  if (node.marks?.some((mark) => mark.type === 'code')) return node;
  return { ...node, text: node.text.replace(UNESCAPED_MARKUP, '\\$&') };
}

/** The text of every text node, in order, outside code blocks (what a reader sees), for comparing two documents. */
function textOf(nodes: readonly AdfNode[]): string {
  let text = '';
  mapAdfNodes([...nodes], (node) => {
    if (node.type === 'text') text += node.text ?? '';
    return node;
  });
  return text;
}

function parseToAdf(markup: string): AdfNode[] {
  const { wiki, json } = atlassianTransformers();
  try {
    return prepareForWiki((json.encode(wiki.parse(markup, PARSE_CONTEXT as never)) as { content: AdfNode[] }).content);
  } catch {
    return [];
  }
}

/**
 * Converts Jira wiki markup to ADF with Atlassian's own parser. `null`/`undefined` stay `null`; blank markup gives
 * an empty document. Mentions lose the `accountid:` prefix, so `[~accountid:X]` ↔ `{ type: 'mention', attrs: { id: 'X' } }`.
 */
export function wikiToAdf(wiki: string, options?: WikiToAdfOptions): AdfDoc;
export function wikiToAdf(wiki: string | null | undefined, options?: WikiToAdfOptions): AdfDoc | null;
export function wikiToAdf(markup: string | null | undefined, options: WikiToAdfOptions = {}): AdfDoc | null {
  if (markup === null || markup === undefined) return null;
  if (markup.trim() === '') return emptyAdfDoc();
  const { wiki, json } = atlassianTransformers();
  let parsed: { content: unknown[] };
  try {
    parsed = json.encode(wiki.parse(markup, PARSE_CONTEXT as never));
  } catch (cause) {
    throw new RichTextConversionError('wiki markup could not be converted to ADF', { cause });
  }
  const content = mapAdfNodes(parsed.content as AdfNode[], (node) => {
    if (node.type === 'mention' && typeof node.attrs?.['id'] === 'string') {
      const user = node.attrs['id'].replace(ACCOUNT_ID_PREFIX, '');
      return { ...node, attrs: { ...node.attrs, id: options.mapMentionId?.(user) ?? user } };
    }
    return node;
  });
  return { type: 'doc', version: 1, content: prepareForWiki(content) };
}

/** How many wiki round trips {@link normalizeAdf} follows before it settles for the last one. */
const MAX_NORMALIZE_ROUNDS = 8;

/**
 * The canonical form of a document: what it becomes once trips through wiki markup stop changing it. Compare
 * normalised documents to decide whether a rich-text field really changed. For the supported constructs one round is
 * enough; text full of wiki punctuation can need a few rounds or even alternate between two markups forever (see
 * README), so this follows the rounds until a markup repeats and then picks the smallest markup of that cycle, which
 * makes it idempotent: `normalizeAdf(normalizeAdf(x))` deep-equals `normalizeAdf(x)`. Mention ids stay as they are.
 */
export function normalizeAdf(doc: AdfDoc): AdfDoc {
  const seen: string[] = [];
  let markup = adfToWiki(doc);
  for (let round = 0; round < MAX_NORMALIZE_ROUNDS && !seen.includes(markup); round++) {
    seen.push(markup);
    markup = adfToWiki(wikiToAdf(markup));
  }
  const cycle = seen.includes(markup) ? seen.slice(seen.indexOf(markup)) : [markup];
  const canonical = cycle.reduce((smallest, candidate) => (candidate < smallest ? candidate : smallest));
  return wikiToAdf(canonical);
}

/**
 * Rewrites what the wiki round trip cannot keep stable, identically on both sides of the conversion:
 * - text in a table header cell loses `strong`: the parser bolds every header cell, so `||a||` and `||*a*||`
 *   are indistinguishable once parsed;
 * - empty paragraphs are dropped where a sibling remains: wiki markup has no empty paragraph.
 */
function prepareForWiki(nodes: readonly AdfNode[]): AdfNode[] {
  return trimParagraphStarts(mergeAdjacentText(stripHeaderStrong(dropEmptyParagraphs(nodes))));
}

/** Drops spaces that open a paragraph: wiki markup cannot keep them (the parser drops them), so neither side has them. */
function trimParagraphStarts(nodes: readonly AdfNode[]): AdfNode[] {
  return nodes.map((node) => {
    const content = node.content === undefined ? undefined : trimParagraphStarts(node.content);
    const first = content?.[0];
    if (node.type === 'paragraph' && content && first?.type === 'text' && /^\s/.test(first.text ?? '')) {
      const text = (first.text ?? '').replace(/^\s+/, '');
      return { ...node, content: text === '' ? content.slice(1) : [{ ...first, text }, ...content.slice(1)] };
    }
    return content === undefined ? node : { ...node, content };
  });
}

/**
 * Joins neighbouring text nodes that carry the same marks: `[bold "a", bold "b"]` and `[bold "ab"]` are one text, but
 * the encoder would write the first as `*a**b*`, which the parser reads as something else.
 */
function mergeAdjacentText(nodes: readonly AdfNode[]): AdfNode[] {
  const out: AdfNode[] = [];
  for (const node of nodes) {
    const current = node.content === undefined ? node : { ...node, content: mergeAdjacentText(node.content) };
    const previous = out[out.length - 1];
    if (
      previous?.type === 'text' &&
      current.type === 'text' &&
      JSON.stringify(previous.marks ?? []) === JSON.stringify(current.marks ?? [])
    ) {
      out[out.length - 1] = { ...previous, text: (previous.text ?? '') + (current.text ?? '') };
    } else {
      out.push(current);
    }
  }
  return out;
}

function stripHeaderStrong(nodes: readonly AdfNode[]): AdfNode[] {
  return nodes.map((node) => {
    if (node.type === 'tableHeader') return { ...node, content: mapAdfNodes(node.content ?? [], withoutStrong) };
    return node.content === undefined ? node : { ...node, content: stripHeaderStrong(node.content) };
  });
}

function withoutStrong(node: AdfNode): AdfNode {
  if (node.marks === undefined) return node;
  const { marks, ...rest } = node;
  const kept = marks.filter((mark) => mark.type !== 'strong');
  return kept.length > 0 ? { ...rest, marks: kept } : rest;
}

function dropEmptyParagraphs(nodes: readonly AdfNode[]): AdfNode[] {
  const mapped = nodes.map((node) =>
    node.content === undefined ? node : { ...node, content: dropEmptyParagraphs(node.content) },
  );
  const kept = mapped.filter((node) => !isEmptyParagraph(node));
  return kept.length > 0 ? kept : mapped.slice(0, 1);
}

function isEmptyParagraph(node: AdfNode): boolean {
  return (
    node.type === 'paragraph' &&
    (node.content ?? []).every((child) => child.type === 'text' && child.text?.trim() === '')
  );
}

/** A document that Atlassian's transformers could not convert (the ADF does not fit their schema, or the parser failed). */
export class RichTextConversionError extends Error {
  override readonly name = 'RichTextConversionError';
}
