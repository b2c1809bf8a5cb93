/**
 * One run of a rule in QuickJS, inside a sandbox worker: a fresh runtime and context per run (nothing survives from
 * one run to the next), the prelude, the user's module, the rule, and its result written as JSON inside the sandbox.
 * The runtime is held to the run's limits: an interrupt handler for CPU time, QuickJS's own memory and stack limits,
 * and an output budget shared by the log and the result. The WebAssembly memory the module runs in has a hard
 * ceiling as well (see sandbox-worker.ts): QuickJS's memory limit alone does not add up large blocks under Emscripten.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten';
import {
  SANDBOX_PRELUDE_FILENAME,
  SANDBOX_SCRIPT_FILENAME,
  type SandboxAnswer,
  type SandboxFailure,
  type SandboxJob,
} from './sandbox-messages.ts';

/** The error the module loader gives for any import: a rule has nothing to import. */
const IMPORT_REFUSED = 'Rule files cannot import modules';

/** The stack of a module that failed to parse: a single frame with no function name. */
const LOAD_FRAME = new RegExp(`^\\s*at ${SANDBOX_SCRIPT_FILENAME.replace('.', '\\.')}:\\d+:\\d+\\s*$`);

/** Stops a run from inside (a limit was hit, the rule threw, …). */
class RunFailure extends Error {
  constructor(readonly failure: SandboxFailure) {
    super(failure.message);
  }
}

interface RunState {
  job: SandboxJob;
  log: string[];
  logChars: number;
  /** Set when a limit stops the run; the interrupt handler then stops whatever still runs. */
  stop: 'cpu-limit' | 'output-limit' | null;
  deadline: number;
  /** The name of a module an import asked for (the loader refused it). */
  missingModule: string | null;
}

/** Runs one job. `retire`: something failed on the host side of QuickJS, whose state can no longer be trusted. */
export function runSandboxJob(
  quickjs: QuickJSWASMModule,
  prelude: string,
  job: SandboxJob,
): { answer: SandboxAnswer; retire: boolean } {
  const started = performance.now();
  const state: RunState = {
    job,
    log: [],
    logChars: 0,
    stop: null,
    deadline: started + job.limits.cpuTimeMs,
    missingModule: null,
  };
  const finish = (outcome: { output: string | null } | { failure: SandboxFailure }): SandboxAnswer => {
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    return 'failure' in outcome
      ? { ok: false, failure: outcome.failure, log: state.log, durationMs }
      : { ok: true, output: outcome.output, log: state.log, durationMs };
  };

  let runtime: QuickJSRuntime | undefined;
  let context: QuickJSContext | undefined;
  const handles: QuickJSHandle[] = [];
  let retire = false;
  let outcome: { output: string | null } | { failure: SandboxFailure };
  try {
    runtime = quickjs.newRuntime();
    runtime.setMemoryLimit(job.limits.memoryBytes);
    runtime.setMaxStackSize(job.limits.stackBytes);
    runtime.setInterruptHandler(() => {
      if (state.stop !== null) return true;
      if (performance.now() <= state.deadline) return false;
      state.stop = 'cpu-limit';
      return true;
    });
    runtime.setModuleLoader((name) => {
      state.missingModule = name;
      return { error: new Error(`${IMPORT_REFUSED} ("${name}"): a rule gets everything it needs as its argument`) };
    });
    context = runtime.newContext();
    outcome = { output: runRule(runtime, context, prelude, state, handles) };
  } catch (error) {
    if (error instanceof RunFailure) {
      outcome = { failure: error.failure };
    } else {
      // An exception on the host side of the sandbox (the WebAssembly stack or memory ran out in the middle of a
      // call): the run failed, and this QuickJS instance is not used again.
      retire = true;
      outcome = { failure: hostFault(error, state) };
    }
  }
  try {
    for (const handle of handles.reverse()) if (handle.alive) handle.dispose();
    context?.dispose();
    runtime?.dispose();
  } catch {
    retire = true;
  }
  return { answer: finish(outcome), retire };
}

/** Runs the prelude, the module and the rule; the result's JSON, or null when the outgoing rule skipped the issue. */
function runRule(
  runtime: QuickJSRuntime,
  context: QuickJSContext,
  prelude: string,
  state: RunState,
  handles: QuickJSHandle[],
): string | null {
  const keep = (handle: QuickJSHandle): QuickJSHandle => {
    handles.push(handle);
    return handle;
  };
  const call = (fn: QuickJSHandle, ...args: QuickJSHandle[]): QuickJSHandle =>
    keep(unwrap(context, state, context.callFunction(fn, context.undefined, ...args)));

  const hostLog = keep(
    context.newFunction('log', (lineHandle) => {
      const line = context.getString(lineHandle);
      state.logChars += line.length + 1;
      if (state.logChars > state.job.limits.outputBytes) state.stop = 'output-limit';
      else state.log.push(line);
    }),
  );
  const preludeModule = settle(
    runtime,
    context,
    state,
    keep(unwrap(context, state, context.evalCode(prelude, SANDBOX_PRELUDE_FILENAME, { type: 'module' }))),
    handles,
  );
  const install = keep(context.getProp(preludeModule, 'default'));
  const entryPoints = call(install, hostLog);
  const start = keep(context.getProp(entryPoints, 'start'));
  const finish = keep(context.getProp(entryPoints, 'finish'));

  const ruleModule = settle(
    runtime,
    context,
    state,
    keep(unwrap(context, state, context.evalCode(state.job.code, SANDBOX_SCRIPT_FILENAME, { type: 'module' }))),
    handles,
  );
  const rule = keep(context.getProp(ruleModule, 'default'));
  if (context.typeof(rule) !== 'function') {
    throw new RunFailure({
      reason: 'error',
      name: null,
      message: `The ${state.job.kind} rule file must export a function as its default export (export default function …)`,
      stack: '',
    });
  }

  const returned = settle(
    runtime,
    context,
    state,
    call(start, keep(context.newString(state.job.kind)), keep(context.newString(state.job.input)), rule),
    handles,
  );
  const budget = state.job.limits.outputBytes - state.logChars;
  const outcome = call(finish, returned, keep(context.newNumber(budget)));
  const status = context.getString(keep(context.getProp(outcome, 0)));
  const payload = context.getString(keep(context.getProp(outcome, 1)));
  checkStop(state);
  if (status === 'skip') return null;
  if (status === 'ok') {
    if (payload.length > budget) throw new RunFailure(outputLimit(state, 'the result'));
    return payload;
  }
  const reason = status === 'output-limit' ? 'output-limit' : 'bad-result';
  throw new RunFailure({ reason, name: null, message: payload, stack: '' });
}

/** The value of a settled promise (driving QuickJS's job queue), or the handle itself when it is not a promise. */
function settle(
  runtime: QuickJSRuntime,
  context: QuickJSContext,
  state: RunState,
  handle: QuickJSHandle,
  handles: QuickJSHandle[],
): QuickJSHandle {
  for (;;) {
    const promise = context.getPromiseState(handle);
    if (promise.type === 'fulfilled') {
      if (promise.notAPromise) return handle;
      handles.push(promise.value);
      return promise.value;
    }
    if (promise.type === 'rejected') {
      handles.push(promise.error);
      throw new RunFailure(failureOf(context, state, promise.error));
    }
    const ran = runtime.executePendingJobs();
    if (ran.error) {
      handles.push(ran.error);
      throw new RunFailure(failureOf(context, state, ran.error));
    }
    if (ran.value === 0) {
      checkStop(state);
      throw new RunFailure({
        reason: 'error',
        name: null,
        message:
          `The ${state.job.kind} rule returned a promise that never settles: nothing is left to run ` +
          '(a rule has no timers, network or files to wait for)',
        stack: '',
      });
    }
  }
}

function unwrap(
  context: QuickJSContext,
  state: RunState,
  result: { error: QuickJSHandle; value?: undefined } | { error?: undefined; value: QuickJSHandle },
): QuickJSHandle {
  if (result.error) {
    const failure = failureOf(context, state, result.error);
    result.error.dispose();
    throw new RunFailure(failure);
  }
  return result.value;
}

function checkStop(state: RunState): void {
  if (state.stop === 'cpu-limit') throw new RunFailure(cpuLimit(state, ''));
  if (state.stop === 'output-limit') throw new RunFailure(outputLimit(state, 'the log'));
}

function cpuLimit(state: RunState, stack: string): SandboxFailure {
  return {
    reason: 'cpu-limit',
    name: null,
    message: `The ${state.job.kind} rule ran longer than its CPU time limit (${state.job.limits.cpuTimeMs} ms)`,
    stack,
  };
}

function outputLimit(state: RunState, what: string): SandboxFailure {
  return {
    reason: 'output-limit',
    name: null,
    message: `The ${state.job.kind} rule's output (${what}) is larger than its limit (${state.job.limits.outputBytes} characters)`,
    stack: '',
  };
}

/** Reads a thrown value defensively (reading may run the rule's getters, still under the interrupt handler). */
function failureOf(context: QuickJSContext, state: RunState, error: QuickJSHandle): SandboxFailure {
  const read = (key: string): string | null => {
    try {
      const handle = context.getProp(error, key);
      try {
        return context.typeof(handle) === 'string' ? context.getString(handle) : null;
      } finally {
        handle.dispose();
      }
    } catch {
      return null;
    }
  };
  const kind = context.typeof(error);
  const isNull = kind === 'object' && context.sameValue(error, context.null);
  const isObject = !isNull && (kind === 'object' || kind === 'function');
  const name = isObject ? read('name') : null;
  const stack = (isObject ? read('stack') : null) ?? '';
  let message = isObject ? read('message') : null;
  if (message === null) {
    try {
      const value: unknown = isNull ? null : context.dump(error);
      message = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
    } catch {
      message = 'the rule threw a value that cannot be read';
    }
  }
  message = message.slice(0, 2000);

  if (state.stop === 'cpu-limit') return cpuLimit(state, stack);
  if (state.stop === 'output-limit') return outputLimit(state, 'the log');
  if (isOutOfMemory(name, message, isObject)) {
    return {
      reason: 'memory-limit',
      name,
      message: `The ${state.job.kind} rule ran out of memory (${state.job.limits.memoryBytes} bytes): ${message || 'out of memory'}`,
      stack,
    };
  }
  if (isStackOverflow(name, message)) {
    return {
      reason: 'memory-limit',
      name,
      message: `The ${state.job.kind} rule ran out of stack (${state.job.limits.stackBytes} bytes; recursion too deep?)`,
      stack,
    };
  }
  if (name === 'SyntaxError' && LOAD_FRAME.test(stack)) {
    // A syntax error QuickJS finds while loading the module (esbuild accepted the file): one frame, the position.
    return { reason: 'syntax', name, message, stack };
  }
  const failure: SandboxFailure = { reason: 'error', name, message, stack };
  if (
    state.missingModule !== null &&
    (message.startsWith(IMPORT_REFUSED) || message.includes('could not load module'))
  ) {
    failure.missingModule = state.missingModule;
  }
  return failure;
}

function isOutOfMemory(name: string | null, message: string, isObject: boolean): boolean {
  if (message === 'out of memory' || message === 'string too long') return name === 'InternalError';
  // Out of memory while making the exception itself: QuickJS throws null or an empty value.
  return !isObject && (message === 'null' || message === '');
}

function isStackOverflow(name: string | null, message: string): boolean {
  return (name === 'InternalError' && message === 'stack overflow') || message === 'Maximum call stack size exceeded';
}

/** A failure on the host side of QuickJS, named by what most likely caused it. */
function hostFault(error: unknown, state: RunState): SandboxFailure {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (state.stop === 'cpu-limit') return cpuLimit(state, '');
  if (/Maximum call stack size exceeded/.test(text)) {
    return {
      reason: 'memory-limit',
      name: null,
      message: `The ${state.job.kind} rule ran out of stack (recursion too deep?)`,
      stack: '',
    };
  }
  if (/memory access out of bounds|Cannot allocate|out of memory|Aborted/i.test(text)) {
    return {
      reason: 'memory-limit',
      name: null,
      message: `The ${state.job.kind} rule ran out of memory (${state.job.limits.memoryBytes} bytes)`,
      stack: '',
    };
  }
  return { reason: 'error', name: null, message: `The sandbox failed: ${text}`, stack: '' };
}
