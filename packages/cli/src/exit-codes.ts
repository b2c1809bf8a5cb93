/** The CLI's exit codes, one per kind of outcome, and the one place errors are mapped to them. */
import { ConfigError } from '@tandem/config';
import { InvalidInputError, NotFoundError, ScriptCompileError } from '@tandem/server';

export const EXIT = {
  ok: 0,
  /** The operation was tried and failed (Jira refused, a twin parked, the node unreachable). */
  failed: 1,
  /** Bad usage or bad configuration: nothing was tried. */
  usage: 2,
  /** The issue, twin or connection does not exist. */
  notFound: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Bad command-line usage found after commander's own checks (a bad --ports value, an unavailable mode). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The exit code an error ends the command with. */
export function exitCodeOf(error: unknown): ExitCode {
  if (
    error instanceof ConfigError ||
    error instanceof UsageError ||
    error instanceof InvalidInputError ||
    error instanceof ScriptCompileError
  )
    return EXIT.usage;
  if (error instanceof NotFoundError) return EXIT.notFound;
  return EXIT.failed;
}
