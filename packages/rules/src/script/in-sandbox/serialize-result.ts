/**
 * The only way out of the sandbox: the rule's result written as JSON text inside the sandbox, under the CPU limit
 * (getters and proxies run here, where the interrupt handler can stop them) and within an output budget counted
 * before anything large is built. Only plain data passes: cycles, functions, symbols, class instances, non-finite
 * numbers and absurd nesting are refused with the path that holds them.
 */

// Captured before the rule's code runs: a rule that replaces these globals cannot change how its result is read.
const objectKeys = Object.keys;
const getPrototypeOf = Object.getPrototypeOf;
const isArray = Array.isArray;
const stringify = JSON.stringify;
const objectPrototype = Object.prototype;
const isFiniteNumber = Number.isFinite;

/** ADF nests (lists in tables in panels); nothing a rule returns needs more. */
const MAX_DEPTH = 64;

export type SerializeOutcome =
  { ok: true; json: string } | { ok: false; reason: 'bad-result' | 'output-limit'; message: string };

class SerializeFailure {
  constructor(
    readonly reason: 'bad-result' | 'output-limit',
    readonly message: string,
  ) {}
}

/** `value` as JSON text of at most `budget` characters, or why not. Errors thrown by the rule's getters propagate. */
export function serializeResult(value: unknown, root: string, budget: number): SerializeOutcome {
  const parts: string[] = [];
  let used = 0;
  const ancestors: object[] = [];

  const tooBig = (path: string): never => {
    throw new SerializeFailure(
      'output-limit',
      `the result is larger than the output limit (${budget} characters of JSON, at ${path})`,
    );
  };

  const emit = (text: string, path: string): void => {
    used += text.length;
    if (used > budget) tooBig(path);
    parts.push(text);
  };

  const write = (current: unknown, path: string): void => {
    switch (typeof current) {
      case 'string':
        // Counted before JSON.stringify copies it: a 10 MB string must not be copied to find out it is too big.
        if (used + current.length + 2 > budget) tooBig(path);
        emit(stringify(current), path);
        return;
      case 'number':
        if (!isFiniteNumber(current)) bad(`${path} is ${String(current)}: only finite numbers can be sent`);
        emit(String(current), path);
        return;
      case 'boolean':
        emit(current ? 'true' : 'false', path);
        return;
      case 'undefined':
        bad(`${path} is undefined (use null for an empty value)`);
        return;
      case 'bigint':
        bad(`${path} is a bigint: use a number`);
        return;
      case 'symbol':
        bad(`${path} is a symbol`);
        return;
      case 'function':
        bad(`${path} is a function`);
        return;
    }
    if (current === null) {
      emit('null', path);
      return;
    }
    const object = current as object;
    if (ancestors.includes(object)) bad(`${path} refers back to itself (a cyclic reference)`);
    if (ancestors.length >= MAX_DEPTH) bad(`${path} is nested more than ${MAX_DEPTH} levels deep`);
    ancestors.push(object);
    if (isArray(object)) {
      emit('[', path);
      const length = (object as unknown[]).length;
      for (let index = 0; index < length; index++) {
        if (index > 0) emit(',', path);
        write((object as unknown[])[index], `${path}[${index}]`);
      }
      emit(']', path);
    } else {
      const prototype: unknown = getPrototypeOf(object);
      if (prototype !== objectPrototype && prototype !== null) {
        bad(`${path} is a ${describeClass(object)}, not plain data (dates as ISO strings, maps as objects)`);
      }
      emit('{', path);
      let first = true;
      for (const key of objectKeys(object)) {
        const child = (object as Record<string, unknown>)[key];
        // Like JSON: a property holding undefined is left out (an optional property not given).
        if (child === undefined) continue;
        if (!first) emit(',', path);
        first = false;
        emit(`${stringify(key)}:`, path);
        write(child, `${path}.${key}`);
      }
      emit('}', path);
    }
    ancestors.pop();
  };

  try {
    write(value, root);
    return { ok: true, json: parts.join('') };
  } catch (error) {
    if (error instanceof SerializeFailure) return { ok: false, reason: error.reason, message: error.message };
    throw error;
  }
}

function bad(message: string): never {
  throw new SerializeFailure('bad-result', message);
}

function describeClass(object: object): string {
  try {
    const name: unknown = (getPrototypeOf(object) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return typeof name === 'string' && name.length > 0 ? name : 'class instance';
  } catch {
    return 'class instance';
  }
}
