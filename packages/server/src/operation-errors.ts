/**
 * The failures an operation (API call or CLI command) can end with, one class per answer: the HTTP API maps them to
 * its status codes and the CLI to its exit codes, both in one place. `details` is safe to show (no secrets).
 */

/** The issue, twin or connection asked for does not exist (HTTP 404, exit 3). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The request itself is wrong: a malformed key, a missing field (HTTP 400, exit 2). */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The operation was understood but could not be done: already twinned, a refused status change (HTTP 409, exit 1). */
export class OperationFailedError extends Error {
  override readonly name = 'OperationFailedError';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The caller could not be identified: wrong e-mail or password, a session or token that is not valid (HTTP 401). */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export type OperationError = NotFoundError | InvalidInputError | OperationFailedError | AuthenticationError;

/** HTTP status of each operation error; anything else is a 500. */
export function httpStatusOf(error: unknown): number {
  if (error instanceof AuthenticationError) return 401;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof InvalidInputError) return 400;
  if (error instanceof OperationFailedError) return 409;
  return 500;
}
