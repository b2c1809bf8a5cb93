/**
 * What the main thread and a sandbox worker tell each other. Everything is plain data: the rule's code and input go
 * in as text, the result comes out as JSON text.
 */
import type { ScriptLimits } from './script-rules-options.ts';

/** The name the rule's code carries inside the sandbox (stack positions under it are mapped back to the user's file). */
export const SANDBOX_SCRIPT_FILENAME = 'rule.js';
/** The name the prelude carries inside the sandbox (its frames are Tandem's, not the user's). */
export const SANDBOX_PRELUDE_FILENAME = 'tandem.js';

export interface SandboxJob {
  kind: 'outgoing' | 'incoming';
  /** The rule compiled to an ES module (JavaScript). */
  code: string;
  /** The rule's input as JSON (core's OutgoingRuleInput or IncomingRuleInput). */
  input: string;
  limits: ScriptLimits;
}

export type SandboxFailureReason = 'error' | 'syntax' | 'cpu-limit' | 'memory-limit' | 'output-limit' | 'bad-result';

export interface SandboxFailure {
  reason: SandboxFailureReason;
  /** The error's name (`TypeError`), when the rule threw one. */
  name: string | null;
  message: string;
  /** QuickJS's stack text (`    at fn (rule.js:3:7)` lines), positions in the compiled code. */
  stack: string;
  /** A module that failed to load (`import 'fs'`): its name, to point at the line importing it. */
  missingModule?: string;
}

export type SandboxAnswer = (
  | { ok: true; /** The result's JSON; null when the outgoing rule skipped the issue. */ output: string | null }
  | { ok: false; failure: SandboxFailure }
) & {
  /** Lines the rule logged, kept even when it failed. */
  log: string[];
  durationMs: number;
};

/** Main thread → worker. */
export interface SandboxRequest {
  id: number;
  job: SandboxJob;
}

/** Worker → main thread. `retire`: the worker's QuickJS may be damaged (a host-side fault): replace the worker. */
export type SandboxWorkerMessage =
  { type: 'ready' } | { type: 'answer'; id: number; answer: SandboxAnswer; retire: boolean };

/** What the worker is started with. */
export interface SandboxWorkerData {
  prelude: string;
}
