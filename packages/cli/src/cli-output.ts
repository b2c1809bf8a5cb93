/**
 * What a command prints: with `--json`, exactly one JSON document on standard output (the result, or an error envelope
 * `{ error: { message, details } }`); otherwise readable lines. Progress and live logs go to standard error.
 */
import { ConfigError } from '@tandem/config';
import { InvalidInputError, NotFoundError, OperationFailedError } from '@tandem/server';

export interface Output {
  readonly json: boolean;
  /** The command's result: `document` with --json, else `human()`'s lines. */
  result(document: unknown, human: () => string): void;
  /** A line on standard error (progress, live log), never part of the JSON document. */
  note(line: string): void;
  /** The command failed: the error envelope with --json, else its message (and every config issue) on standard error. */
  failure(error: unknown): void;
}

function detailsOf(error: unknown): Record<string, unknown> {
  if (error instanceof ConfigError) return { source: error.sourceName, issues: error.issues };
  if (error instanceof NotFoundError || error instanceof InvalidInputError || error instanceof OperationFailedError)
    return error.details;
  return {};
}

function messageOf(error: unknown): string {
  if (error instanceof ConfigError) return `invalid configuration in ${error.sourceName}`;
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return error.message + cause;
  }
  return String(error);
}

/** Output for one command run. */
export function createOutput(json: boolean): Output {
  return {
    json,
    result(document, human) {
      if (json) process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
      else {
        const text = human();
        if (text !== '') process.stdout.write(`${text}\n`);
      }
    },
    note(line) {
      process.stderr.write(`${line}\n`);
    },
    failure(error) {
      if (json) {
        process.stdout.write(
          `${JSON.stringify({ error: { message: messageOf(error), details: detailsOf(error) } }, null, 2)}\n`,
        );
        return;
      }
      // ConfigError's message lists every issue with its path (and line), one per line.
      process.stderr.write(`tandem: ${error instanceof ConfigError ? error.message : messageOf(error)}\n`);
    },
  };
}
