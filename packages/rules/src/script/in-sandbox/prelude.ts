/**
 * The code that runs in every sandbox before the user's rule: it installs `console` (into the rule's log), removes
 * the few globals a rule has no use for, and gives the host two entry points. Bundled by esbuild into one ES module
 * (prelude-source.ts) and evaluated in each fresh QuickJS context; it reaches the host only through `hostLog`.
 */
import { logText } from './common-api.ts';
import { incomingSession } from './incoming-api.ts';
import { outgoingSession } from './outgoing-api.ts';
import type { FinishOutcome, SandboxIncomingInput, SandboxOutgoingInput } from './rule-inputs.ts';

interface Session {
  context: object;
  finish(returned: unknown, budget: number): FinishOutcome;
}

/** What the host calls: `start` runs the rule and returns what it returned (maybe a promise); `finish` writes the result. */
export interface SandboxEntryPoints {
  start(kind: string, inputJson: string, rule: (context: object) => unknown): unknown;
  finish(returned: unknown, budget: number): FinishOutcome;
}

/** Prepares the context; called once per run by the host with its log function. */
export default function installTandem(hostLog: (line: string) => void): SandboxEntryPoints {
  const global = globalThis as Record<string, unknown>;
  // Shared memory means nothing in a single-threaded sandbox; leaving it out keeps the surface small.
  delete global['SharedArrayBuffer'];
  delete global['Atomics'];
  const line =
    (prefix: string) =>
    (...values: unknown[]) =>
      hostLog(prefix + values.map(logText).join(' '));
  global['console'] = {
    log: line(''),
    info: line(''),
    debug: line(''),
    warn: line('warning: '),
    error: line('error: '),
  };

  let session: Session | null = null;
  return {
    start(kind, inputJson, rule) {
      const input: unknown = JSON.parse(inputJson);
      session =
        kind === 'outgoing'
          ? outgoingSession(input as SandboxOutgoingInput, hostLog)
          : incomingSession(input as SandboxIncomingInput, hostLog);
      return rule(session.context);
    },
    finish(returned, budget) {
      if (session === null) throw new Error('finish before start');
      return session.finish(returned, budget);
    },
  };
}
