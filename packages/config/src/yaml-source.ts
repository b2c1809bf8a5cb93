// The YAML layer: syntax errors and duplicate keys (both invisible once the text becomes plain data), and the line
// and column of any key path so that schema problems point into the file.
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import type { ConfigIssue } from './config-error.ts';

export type KeyPath = readonly PropertyKey[];

/** A parsed configuration text: its plain data, the problems YAML itself found, and a way to locate keys. */
export interface YamlSource {
  /** undefined when the text has syntax errors */
  data: unknown;
  /** syntax errors (only the first: later ones usually follow from it) or duplicate keys */
  issues: YamlIssue[];
  /** 1-based line and column of the deepest key of `path` present in the file */
  locate(path: KeyPath): { line: number; column: number } | undefined;
}

export interface YamlIssue extends ConfigIssue {
  keyPath: KeyPath;
}

/** Parses YAML 1.2 text without throwing. */
export function readYaml(text: string): YamlSource {
  const lineCounter = new LineCounter();
  // Duplicate keys are found below with their paths, rather than as bare syntax errors.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: true });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const locate = (path: KeyPath) => locateKey(doc, path, position);

  const syntaxError = doc.errors[0];
  if (syntaxError !== undefined) {
    const { line, column } = position(syntaxError.pos[0]);
    const summary = syntaxError.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? syntaxError.code;
    const sourceLine = text.split(/\r?\n/)[line - 1] ?? '';
    // `{ token: ${X} }` is the usual mistake: `{` and `}` end a plain value inside a flow mapping.
    const hint = /[{,]\s*[^{}]*:\s*\$\{/.test(sourceLine)
      ? '; inside { ... } write environment references in quotes, e.g. token: "${BLUE_TOKEN}"'
      : '';
    return {
      data: undefined,
      issues: [{ path: '', keyPath: [], message: `YAML syntax error: ${summary}${hint}`, line, column }],
      locate,
    };
  }
  return {
    data: doc.toJS({ maxAliasCount: 100 }) as unknown,
    issues: duplicateKeys(doc.contents, [], position),
    locate,
  };
}

function duplicateKeys(
  node: unknown,
  path: KeyPath,
  position: (offset: number) => { line: number; column: number },
): YamlIssue[] {
  const issues: YamlIssue[] = [];
  if (isMap(node)) {
    const seen = new Map<string, number>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) continue;
      const offset = isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, offset);
      } else {
        const keyPath = [...path, key];
        const sides = path.length === 3 && path[0] === 'connections' && path[2] === 'sides';
        const message = sides
          ? `both sides name instance '${key}'; a connection joins two different instances`
          : `duplicate key '${key}' (first on line ${position(first).line})`;
        issues.push({ path: keyPath.join('.'), keyPath, message, ...position(offset) });
      }
      issues.push(...duplicateKeys(pair.value, [...path, key], position));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => issues.push(...duplicateKeys(item, [...path, index], position)));
  }
  return issues;
}

function locateKey(
  doc: Document,
  path: KeyPath,
  position: (offset: number) => { line: number; column: number },
): { line: number; column: number } | undefined {
  let node: unknown = doc.contents;
  let found: { line: number; column: number } | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair === undefined) break;
      const keyOffset = (pair.key as Node).range?.[0];
      if (keyOffset !== undefined) found = position(keyOffset);
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      const offset = item?.range?.[0];
      if (offset === undefined) break;
      found = position(offset);
      node = item;
    } else {
      break;
    }
  }
  return found;
}
