/**
 * Options of Script mode's rules: where the two rule files are, and the limits every run is held to.
 */
import type { SandboxPool } from './sandbox-pool.ts';

/** What one run of a rule may use. Hitting a limit fails the run with a RuleError naming the limit. */
export interface ScriptLimits {
  /** Time the rule may compute, in milliseconds (default 250). Counted from the start of the run. */
  cpuTimeMs: number;
  /** The sandbox's heap, in bytes (default 32 MiB). */
  memoryBytes: number;
  /** The sandbox's stack, in bytes (default 512 KiB, at most 1 MiB): how deep the rule may recurse. */
  stackBytes: number;
  /** The result and the log together, in characters of JSON (default 1 MiB). */
  outputBytes: number;
}

export const DEFAULT_SCRIPT_LIMITS: Readonly<ScriptLimits> = Object.freeze({
  cpuTimeMs: 250,
  memoryBytes: 32 * 1024 * 1024,
  stackBytes: 512 * 1024,
  outputBytes: 1024 * 1024,
});

/** The bounds each limit must stay within (the stack's upper bound is what the worker thread's own stack can hold). */
export const SCRIPT_LIMIT_BOUNDS: Readonly<Record<keyof ScriptLimits, { min: number; max: number }>> = Object.freeze({
  cpuTimeMs: { min: 1, max: 60_000 },
  memoryBytes: { min: 1024 * 1024, max: 1024 * 1024 * 1024 },
  stackBytes: { min: 16 * 1024, max: 1024 * 1024 },
  outputBytes: { min: 1024, max: 64 * 1024 * 1024 },
});

/**
 * One rule file: a path (absolute) read when first needed, or the source text itself (the console's editor, tests).
 * `name` is how errors name the file (as written in the config); default: the path.
 */
export type ScriptSource = { file: string; name?: string } | { source: string; name: string };

export interface ScriptRulesOptions {
  /** The connection's name. */
  connection: string;
  /** The instance of the side these rules belong to. */
  instance: string;
  /** The outgoing rule: this side's issue → the replica. */
  outgoing: ScriptSource;
  /** The incoming rule: the other side's replica → this side's issue. */
  incoming: ScriptSource;
  /** Per-run limits; those left out take DEFAULT_SCRIPT_LIMITS. */
  limits?: Partial<ScriptLimits>;
  /** The worker threads to run in (default: one pool shared by every Script-mode side of the process). */
  pool?: SandboxPool;
}

/** The limits with defaults filled in; throws a RangeError naming a limit out of bounds. */
export function resolveScriptLimits(limits: Partial<ScriptLimits> | undefined): ScriptLimits {
  const resolved: ScriptLimits = { ...DEFAULT_SCRIPT_LIMITS, ...limits };
  for (const key of Object.keys(SCRIPT_LIMIT_BOUNDS) as (keyof ScriptLimits)[]) {
    const value = resolved[key];
    const { min, max } = SCRIPT_LIMIT_BOUNDS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`Script limit ${key} must be a whole number from ${min} to ${max} (got ${String(value)})`);
    }
  }
  return resolved;
}
