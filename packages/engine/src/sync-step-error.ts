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
