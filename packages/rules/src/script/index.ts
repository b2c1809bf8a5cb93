/** Script mode: the user's outgoing and incoming rule files, run in a QuickJS sandbox with limits and helpers. */
export { createScriptRules, SCRIPT_TYPES_FILE, type ScriptRules, type ScriptRun } from './script-rules.ts';
export {
  DEFAULT_SCRIPT_LIMITS,
  SCRIPT_LIMIT_BOUNDS,
  resolveScriptLimits,
  type ScriptLimits,
  type ScriptRulesOptions,
  type ScriptSource,
} from './script-rules-options.ts';
export { SandboxPool, type SandboxPoolOptions } from './sandbox-pool.ts';
