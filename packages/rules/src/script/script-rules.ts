/**
 * Script mode's SideRules: the user's outgoing and incoming files, compiled once and run in a fresh QuickJS sandbox
 * per run, on a pool of worker threads, within the side's limits. Results come back as JSON and are checked before
 * the engine sees them; failures are RuleErrors that point at the user's file and line.
 */
import { fileURLToPath } from 'node:url';
import {
  RuleError,
  type IncomingRuleInput,
  type IncomingRuleResult,
  type OutgoingRuleInput,
  type OutgoingRuleResult,
  type SideRules,
} from '@tandem/core';
import { compileScript, type CompiledScript } from './compile-script.ts';
import { checkIncomingResult, checkOutgoingResult } from './rule-result-schemas.ts';
import { acquireSharedSandboxPool, releaseSharedSandboxPool, type SandboxPool } from './sandbox-pool.ts';
import type { SandboxJob } from './sandbox-messages.ts';
import { ruleErrorOf } from './script-failure.ts';
import {
  resolveScriptLimits,
  type ScriptLimits,
  type ScriptRulesOptions,
  type ScriptSource,
} from './script-rules-options.ts';

/** One run, as the dry run shows it: the result or the error, and the log either way. */
export type ScriptRun<T> = ({ ok: true; result: T } | { ok: false; error: RuleError }) & {
  /** Lines the rule logged (also in an incoming result's `log`). */
  log: string[];
  /** Time the run took in the sandbox, in milliseconds (0 when it never reached the sandbox). */
  durationMs: number;
};

export interface ScriptRules extends SideRules {
  readonly mode: 'script';
  readonly connection: string;
  readonly instance: string;
  readonly limits: Readonly<ScriptLimits>;
  /** Reads and compiles both files (once; runs reuse it). Empty: both compile; else their errors (syntax, unreadable). */
  compile(): Promise<RuleError[]>;
  /** Runs the outgoing rule and reports the log too (null result: the issue is out of scope). */
  runOutgoing(input: OutgoingRuleInput): Promise<ScriptRun<OutgoingRuleResult | null>>;
  /** Runs the incoming rule and reports the log too. */
  runIncoming(input: IncomingRuleInput): Promise<ScriptRun<IncomingRuleResult>>;
  /** Stops using the worker pool (the shared pool's last user terminates its workers). Later runs fail. */
  close(): Promise<void>;
}

/** The path of tandem-script.d.ts, the types users copy next to their rule files for editor completion. */
export const SCRIPT_TYPES_FILE = fileURLToPath(new URL('./tandem-script.d.ts', import.meta.url));

/** Script mode's rules for one side of a connection. Files are read and compiled on first use (or by `compile`). */
export function createScriptRules(options: ScriptRulesOptions): ScriptRules {
  const limits = resolveScriptLimits(options.limits);
  const sharedPool = options.pool === undefined;
  const pool: SandboxPool = options.pool ?? acquireSharedSandboxPool();
  let closed = false;
  const compiled = new Map<'outgoing' | 'incoming', Promise<CompiledScript>>();
  const compileOne = (kind: 'outgoing' | 'incoming'): Promise<CompiledScript> => {
    let script = compiled.get(kind);
    if (script === undefined) {
      script = compileScript(options[kind] satisfies ScriptSource);
      compiled.set(kind, script);
      // Checked by whoever awaits it; this keeps an early failure from being reported as unhandled meanwhile.
      script.catch(() => undefined);
    }
    return script;
  };

  async function execute(
    kind: 'outgoing' | 'incoming',
    input: OutgoingRuleInput | IncomingRuleInput,
  ): Promise<{ script: CompiledScript; output: unknown; log: string[]; durationMs: number }> {
    if (closed) throw new Error(`The script rules of ${options.connection} (${options.instance}) are closed`);
    const script = await compileOne(kind);
    const job: SandboxJob = { kind, code: script.code, input: JSON.stringify(input), limits };
    let answer;
    try {
      answer = await pool.run(job);
    } catch (error) {
      if (error instanceof RuleError) throw withFile(error, script.name);
      throw error;
    }
    if (!answer.ok) throw new RunFailed(ruleErrorOf(answer.failure, script), answer.log, answer.durationMs);
    const output = answer.output === null ? null : parseOutput(answer.output, script.name);
    return { script, output, log: answer.log, durationMs: answer.durationMs };
  }

  async function report<T>(run: () => Promise<ScriptRun<T> & { ok: true }>): Promise<ScriptRun<T>> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof RunFailed)
        return { ok: false, error: error.error, log: error.log, durationMs: error.durationMs };
      if (error instanceof RuleError) return { ok: false, error, log: [], durationMs: 0 };
      throw error;
    }
  }

  const rules: ScriptRules = {
    mode: 'script',
    connection: options.connection,
    instance: options.instance,
    limits,
    async compile() {
      const outcomes = await Promise.allSettled([compileOne('outgoing'), compileOne('incoming')]);
      return outcomes.flatMap((outcome) => {
        if (outcome.status === 'fulfilled') return [];
        if (outcome.reason instanceof RuleError) return [outcome.reason];
        throw outcome.reason;
      });
    },
    runOutgoing(input) {
      return report(async () => {
        const { script, output, log, durationMs } = await execute('outgoing', input);
        const result = output === null ? null : checkOutgoingResult(output, input, script.name);
        return { ok: true, result, log, durationMs };
      });
    },
    runIncoming(input) {
      return report(async () => {
        const { script, output, log, durationMs } = await execute('incoming', input);
        return { ok: true, result: checkIncomingResult(output, input, log, script.name), log, durationMs };
      });
    },
    async outgoing(input) {
      const run = await rules.runOutgoing(input);
      if (!run.ok) throw run.error;
      return run.result;
    },
    async incoming(input) {
      const run = await rules.runIncoming(input);
      if (!run.ok) throw run.error;
      return run.result;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (sharedPool) await releaseSharedSandboxPool(pool);
    },
  };
  return rules;
}

/** A run that failed in the sandbox, carrying its log to the dry run. */
class RunFailed extends Error {
  constructor(
    readonly error: RuleError,
    readonly log: string[],
    readonly durationMs: number,
  ) {
    super(error.message);
  }
}

function parseOutput(output: string, file: string): unknown {
  try {
    return JSON.parse(output) as unknown;
  } catch (error) {
    throw new RuleError("The rule's result is not valid JSON", { file, reason: 'bad-result', cause: error });
  }
}

/** A pool-level failure (the worker was ended) names the file it was running. */
function withFile(error: RuleError, file: string): RuleError {
  if (error.details.file !== undefined) return error;
  return new RuleError(error.message, { ...error.details, file });
}
