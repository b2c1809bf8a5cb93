/** The engine's own failures, as opposed to the tracker's (TrackerError). */
/** A failure that is not the tracker's: the twin is parked with this message until someone retries it. */
export class SyncStepError extends Error {
  override readonly name = 'SyncStepError';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly retryable = false,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Detail of a parking error: Jira's `updated` of the source issue the failed step read (the poll skips it until it moves). */
export const PARKED_AT_UPDATED = 'parkedAtUpdated';

/**
 * Whether `error` parked its twin after reading this very version (or a newer one) of the `side` issue: another step
 * on that version would only fail the same way again. A retry clears the error first, so it is never skipped.
 */
export function parkedAtVersion(
  error: { details: Record<string, unknown> } | undefined,
  side: string,
  updated: number,
): boolean {
  const parkedAt = error?.details[PARKED_AT_UPDATED] as { side?: unknown; updated?: unknown } | undefined;
  return (
    error?.details['retrying'] === false &&
    parkedAt?.side === side &&
    typeof parkedAt.updated === 'number' &&
    updated <= parkedAt.updated
  );
}
