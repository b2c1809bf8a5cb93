/** The connection state machine as data: `pending → active ⇄ paused`, any → `error`, `error → active`. */
import type { ConnectionStatus } from './store-port.ts';

export const CONNECTION_TRANSITIONS: Readonly<Record<ConnectionStatus, readonly ConnectionStatus[]>> = {
  pending: ['active', 'error'],
  active: ['paused', 'error'],
  paused: ['active', 'error'],
  error: ['active', 'paused'],
};

/** Whether a connection may move from one status to another. */
export function canTransition(from: ConnectionStatus, to: ConnectionStatus): boolean {
  return from === to || CONNECTION_TRANSITIONS[from].includes(to);
}
