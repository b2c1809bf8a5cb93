/**
 * Problems the config parser finds in an edited file, told as API input issues: the path inside the request body
 * where the edit came from the body (`visual.fields.2.unmatched`), else the config path itself.
 */
import type { ConfigError } from '@tandem/config';
import { invalidInput, type InputIssue } from '../routes/route-input.ts';
import type { InvalidInputError } from '../operation-errors.ts';

/** Turns a path below `connections.<name>` into the request body's path, or undefined when it does not map. */
export type BodyPathMapper = (path: string[]) => (string | number)[] | undefined;

const segment = (value: string): string | number => (/^(0|[1-9][0-9]*)$/.test(value) ? Number(value) : value);

/** The InvalidInputError (400) for a ConfigError caused by an edit of connection `connection`. */
export function configEditError(error: ConfigError, connection: string, mapToBody: BodyPathMapper): InvalidInputError {
  const prefix = ['connections', connection];
  const issues: InputIssue[] = error.issues.map((issue) => {
    const parts = issue.path === '' ? [] : issue.path.split('.');
    const inside = prefix.every((part, index) => parts[index] === part);
    const mapped = inside ? mapToBody(parts.slice(prefix.length)) : undefined;
    return mapped === undefined
      ? { in: 'config', path: parts.map(segment), message: issue.message }
      : {
          in: 'body',
          path: mapped.map((part) => (typeof part === 'string' ? segment(part) : part)),
          message: issue.message,
        };
  });
  return invalidInput(issues, {
    configIssues: error.issues.map((issue) => ({ path: issue.path, message: issue.message })),
  });
}

/** Paths of a rules body: `visual.fields.<i>.<instance>` is `visual.fields.<i>.fields.<instance>` in the body. */
export function rulesBodyPath(sides: readonly string[]): BodyPathMapper {
  return (path) => {
    const [block, list, index, key, ...rest] = path;
    if (block === 'visual' && list === 'fields' && index !== undefined && key !== undefined && sides.includes(key))
      return [block, list, index, 'fields', key, ...rest];
    if (block === 'visual' || block === 'script' || block === 'mode') return path;
    return undefined;
  };
}
