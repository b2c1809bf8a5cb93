export { emptyAdfDoc, mapAdfNodes, type AdfDoc, type AdfMark, type AdfNode } from './adf-doc.ts';
export { validateAdf, type AdfValidationResult } from './adf-validation.ts';
export { adfToWiki, normalizeAdf, RichTextConversionError, wikiToAdf } from './wiki-conversion.ts';
export type { AdfToWikiOptions, WikiMentionStyle, WikiToAdfOptions } from './wiki-conversion-options.ts';
export { adfToPlainText, wikiToPlainText } from './plain-text.ts';
