/** Readable lines for twins and their status. */
import type { Twin, TwinError } from '@tandem/core';
import type { TwinStatusView } from '@tandem/server';

const when = (at: number | null) => (at === null ? 'never' : new Date(at).toISOString());

/** `BLUE-1 (blue) ⇄ GREEN-5 (green)` */
export function twinPair(twin: Twin): string {
  const side = (s: Twin['a']) => `${s.issueKey ?? '(not created yet)'} (${s.instance})`;
  return `${side(twin.a)} ⇄ ${side(twin.b)}`;
}

export function errorLine(error: TwinError): string {
  const retry = error.details.retrying === true ? 'retrying' : 'parked';
  const issue = typeof error.details.issue === 'string' ? `${error.details.issue}: ` : '';
  return `${issue}${error.message} (${retry}, ${error.attempts} attempt${error.attempts === 1 ? '' : 's'}, last ${when(error.lastAt)})`;
}

export function statusLines(status: TwinStatusView): string {
  return [
    `${twinPair(status.twin)}  [${status.twin.connection}]`,
    `  twin       ${status.twin.id} (${status.twin.state})`,
    `  last sync  ${when(status.lastSyncedAt)}`,
    `  pending    ${status.pending ? 'yes' : 'no'}`,
    `  error      ${status.error ? errorLine(status.error) : 'none'}`,
  ].join('\n');
}
