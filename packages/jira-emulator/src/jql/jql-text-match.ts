/**
 * JQL's `~` (CONTAINS) on text fields, approximated from Jira's Lucene search: case-insensitive whole-word matching
 * where every term of the query must occur, `*` for a trailing wildcard (`auth*`), `?` for one character, and a
 * phrase in inner quotes (`summary ~ "\"exact phrase\""`) for consecutive words. Like Jira's English analyzer,
 * words are compared by a light stem (`redirects` finds `redirect`), except wildcard terms.
 */

/** A light English stem (plural and verb endings), enough for `fails` to find `fail`. */
export function stemWord(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('es') && /(?:ss|sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is'))
    return word.slice(0, -1);
  return word;
}

/** Lower-case, stemmed words of a text (letters and digits; everything else separates words). */
export function textWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).map(stemWord);
}

type Term = { kind: 'word'; pattern: RegExp | string } | { kind: 'phrase'; words: string[] };

function wordPattern(word: string): RegExp | string {
  if (!/[*?]/.test(word)) return word;
  const source = word
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[\\p{L}\\p{N}_]*')
    .replace(/\?/g, '[\\p{L}\\p{N}_]');
  return new RegExp(`^${source}$`, 'u');
}

/** A compiled `~` query: a predicate over the words of a text. */
export interface TextQuery {
  matches(words: string[]): boolean;
  /** True when the query has no searchable term (Jira then matches nothing). */
  readonly empty: boolean;
}

/** Compiles the value of a `~` clause. */
export function compileTextQuery(value: string): TextQuery {
  const terms: Term[] = [];
  const phraseRegex = /"([^"]*)"/g;
  for (const phrase of value.matchAll(phraseRegex)) {
    const words = textWords(phrase[1] ?? '');
    if (words.length > 0) terms.push({ kind: 'phrase', words });
  }
  const rest = value.replace(phraseRegex, ' ');
  for (const raw of rest.toLowerCase().match(/[\p{L}\p{N}_*?]+/gu) ?? []) {
    if (raw.replace(/[*?]/g, '') === '') continue;
    terms.push({ kind: 'word', pattern: /[*?]/.test(raw) ? wordPattern(raw) : stemWord(raw) });
  }
  return {
    empty: terms.length === 0,
    matches(words: string[]): boolean {
      if (terms.length === 0) return false;
      return terms.every((term) => {
        if (term.kind === 'word') {
          const { pattern } = term;
          return typeof pattern === 'string' ? words.includes(pattern) : words.some((word) => pattern.test(word));
        }
        for (let start = 0; start + term.words.length <= words.length; start++) {
          if (term.words.every((word, offset) => words[start + offset] === word)) return true;
        }
        return false;
      });
    },
  };
}
