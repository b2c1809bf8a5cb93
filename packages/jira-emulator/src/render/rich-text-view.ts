/**
 * Rich text between storage and the wire. Cloud stores ADF: REST v3 reads and writes ADF, REST v2 reads and writes
 * wiki markup converted on the fly. Data Center stores and speaks wiki markup.
 */
import { adfToPlainText, adfToWiki, validateAdf, wikiToAdf, wikiToPlainText, type AdfDoc } from '@tandem/rich-text';
import type { StoredRichText } from '../model/types.ts';
import type { RenderContext } from './render-context.ts';

// Stored ADF documents are replaced, never mutated, when a field changes, so a conversion can be cached per document.
const wikiOfAdf = new WeakMap<AdfDoc, string>();

/** Wiki markup of a stored ADF document (cached: REST v2 reads and webhooks convert the same document often). */
export function storedAdfToWiki(doc: AdfDoc): string {
  let wiki = wikiOfAdf.get(doc);
  if (wiki === undefined) {
    wiki = adfToWiki(doc);
    wikiOfAdf.set(doc, wiki);
  }
  return wiki;
}

/** Stored rich text as the request's API version shows it. */
export function renderRichText(rc: RenderContext, stored: StoredRichText): unknown {
  if (stored === null) return null;
  if (typeof stored === 'string') return stored; // Data Center: wiki markup
  return rc.apiVersion === 3 ? stored : storedAdfToWiki(stored);
}

/** Rich text as plain text (JQL text search, changelog strings). */
export function richTextToPlain(stored: StoredRichText): string {
  if (stored === null) return '';
  return typeof stored === 'string' ? wikiToPlainText(stored) : adfToPlainText(stored);
}

/** Rich text as a changelog string: wiki markup (what Jira shows in history). */
export function richTextToChangelog(stored: StoredRichText): string | null {
  if (stored === null) return null;
  return typeof stored === 'string' ? stored : storedAdfToWiki(stored);
}

export type RichTextInput = { ok: true; value: StoredRichText } | { ok: false; message: string };

/**
 * Parses rich text from a request. Cloud v3 requires an ADF document (Jira: "Operation value must be an Atlassian
 * Document"); Cloud v2 and Data Center take a string of wiki markup.
 */
export function parseRichText(rc: RenderContext, input: unknown): RichTextInput {
  if (input === null || input === undefined) return { ok: true, value: null };
  if (rc.ctx.flavor === 'datacenter') {
    if (typeof input !== 'string') return { ok: false, message: 'Operation value must be a string' };
    return { ok: true, value: input === '' ? null : input };
  }
  if (rc.apiVersion === 2) {
    if (typeof input !== 'string') return { ok: false, message: 'Operation value must be a string' };
    return { ok: true, value: input === '' ? null : wikiToAdf(input) };
  }
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, message: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)' };
  }
  const verdict = validateAdf(input);
  if (!verdict.ok) {
    return {
      ok: false,
      message: `Operation value must be an Atlassian Document (see the Atlassian Document Format): ${verdict.errors.join('; ')}`,
    };
  }
  return { ok: true, value: input as AdfDoc };
}
