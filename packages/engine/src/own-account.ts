/** The account Tandem acts as on each tracker, asked once per tracker and remembered. */
import type { TrackerPort } from '@tandem/core';

const accounts = new WeakMap<TrackerPort, Promise<string>>();

export function ownAccountId(tracker: TrackerPort): Promise<string> {
  let account = accounts.get(tracker);
  if (!account) {
    account = tracker.myself().then((user) => user.id);
    // A failure is not remembered: the next step asks again.
    account.catch(() => accounts.delete(tracker));
    accounts.set(tracker, account);
  }
  return account;
}
