/**
 * The send logs of Tandem's trackers in a chaos run (the adapter's JiraSendEvent: when each request was sent and
 * each 429 read), which the Retry-After check judges: Jira's own log cannot tell a request that was on its way when a
 * 429 was answered from one sent after the answer arrived. One stream per tracker, since a tracker remembers the
 * Retry-Afters it was told and a new one (a restarted process) does not. A child process writes its events to a file
 * as they happen, one JSON line each, so a kill -9 loses none.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { JiraTracker, type JiraSendEvent } from '@tandem/jira-adapter';
import type { TrackerPort } from '@tandem/core';

/** One tracker's events, in the order they happened; `instance` is the tracker's instance name (the chaos side). */
export interface SendStream {
  readonly instance: string;
  events(): JiraSendEvent[];
}

function jiraTrackersOf(trackers: ReadonlyMap<string, TrackerPort>): [string, JiraTracker][] {
  return [...trackers].flatMap(([instance, tracker]) =>
    tracker instanceof JiraTracker ? [[instance, tracker] as [string, JiraTracker]] : [],
  );
}

/** Streams that collect, from now on, what trackers in this process send. */
export function watchSendsHere(trackers: ReadonlyMap<string, TrackerPort>): SendStream[] {
  return jiraTrackersOf(trackers).map(([instance, tracker]) => {
    const events: JiraSendEvent[] = [];
    tracker.watchSends((event) => events.push(event));
    return { instance, events: () => events };
  });
}

/** In a child process: appends every event of `trackers` to `file`, synchronously, before the request goes out. */
export function watchSendsToFile(trackers: ReadonlyMap<string, TrackerPort>, file: string): void {
  for (const [instance, tracker] of jiraTrackersOf(trackers))
    tracker.watchSends((event) => appendFileSync(file, `${JSON.stringify({ instance, event })}\n`));
}

/**
 * The streams of what a child writes to `file` (watchSendsToFile), one per instance named. Read once, on first use
 * (after the run: the child is gone or done by then; its file goes with its folder when the host closes).
 */
export function sendStreamsOfFile(file: string, instances: readonly string[]): SendStream[] {
  let lines: { instance: string; event: JiraSendEvent }[] | undefined;
  const read = () =>
    (lines ??= existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          // Every whole line ends with a newline: what follows the last one is empty (or a line being written).
          .slice(0, -1)
          .map((line) => JSON.parse(line) as { instance: string; event: JiraSendEvent })
      : []);
  return instances.map((instance) => ({
    instance,
    events: () => read().flatMap((line) => (line.instance === instance ? [line.event] : [])),
  }));
}
