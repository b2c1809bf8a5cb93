/**
 * One chaos run, and the fast-check property around it: reset the emulators, start the engine (one node for both
 * Jiras, or two paired nodes, each in process or in a child), run the generated commands, heal (faults and partitions
 * off, webhooks flushed, poll), wait for convergence within a bound, watch a quiet window, then judge every invariant
 * from Jira's side. `chaosProperty` is what the runner and the CI test hand to fc.assert with a seed.
 */
import fc from 'fast-check';
import { chaosCommandArbitraries, chaosFaultArbitraries, createCommand, type ChaosReal } from './chaos-commands.ts';
import {
  checkFields,
  checkIssues,
  checkItems,
  checkOrder,
  checkRetryAfter,
  checkWritesPerEdit,
} from './chaos-invariants.ts';
import { writeChaosDump } from './chaos-dump.ts';
import { emptyModel, type ChaosModel } from './chaos-model.ts';
import { TwoNodeHost } from './chaos-two-node-world.ts';
import {
  EngineHost,
  SIDES,
  queueDepth,
  restartCounter,
  twinErrors,
  type ChaosEmulators,
  type ChaosHost,
  type EngineMode,
  type Topology,
} from './chaos-world.ts';

/** How long a healed run may take to converge (liveness bound). */
export const CONVERGENCE_BOUND_MS = 45_000;
/** The quiet window after convergence: no write by Tandem may happen in it. */
export const QUIET_WINDOW_MS = 2000;

/** What CHAOS_TOPOLOGY asks for: one of the two, or either, drawn from the seed. */
export type TopologyChoice = Topology | 'mixed';

export interface ChaosRunReport {
  seed: number;
  topology: Topology;
  mode: EngineMode;
  commands: number;
  convergedInMs: number | null;
  /** Fault counter → times it fired. */
  fired: Record<string, number>;
  /** Faults switched on that never fired. */
  unfired: string[];
  actions: Record<string, number>;
  violations: string[];
}

export interface ChaosOptions {
  maxCommands: number;
  restore: boolean;
  /** Default one-node. */
  topology?: TopologyChoice;
  /** Where a failed run writes what it saw (see chaos-dump.ts); none by default. */
  dumpDir?: string;
  onReport?: (report: ChaosRunReport) => void;
}

async function faultCounters(
  emulators: ChaosEmulators,
  model: ChaosModel,
  host: ChaosHost,
  network: TwoNodeHost | undefined,
): Promise<Record<string, number>> {
  const fired: Record<string, number> = {};
  const add = (name: string, count: number) => {
    if (count > 0) fired[name] = (fired[name] ?? 0) + count;
  };
  for (const side of SIDES) {
    const { body } = await emulators.control(side, 'GET', '/_emulator/faults');
    for (const fault of body.faults as {
      type: string;
      fired: number;
      reason?: string;
      status?: number;
      retryAfterSeconds?: number | null;
      scope: { path?: string };
    }[]) {
      if (fault.type === 'rateLimit')
        add(
          `429 ${fault.reason ?? ''} ${fault.retryAfterSeconds == null ? 'no Retry-After' : `Retry-After ${fault.retryAfterSeconds}s`}`,
          fault.fired,
        );
      else if (fault.type === 'error') add(`${fault.status ?? 500} burst`, fault.fired);
      else if (fault.type === 'conflict') add('409 on edit', fault.fired);
      else if (fault.type === 'lostResponse')
        add(`lost response: ${fault.scope.path === 'issue' ? 'create issue' : 'add comment'}`, fault.fired);
    }
    const deliveries = (await emulators.control(side, 'GET', '/_emulator/webhooks/deliveries')).body.deliveries as {
      outcome: string;
    }[];
    const outcomes: Record<string, string> = {
      dropped: 'webhook drop',
      duplicate: 'webhook duplicate',
      held: 'webhook reorder',
      delayed: 'webhook delay',
    };
    for (const entry of deliveries) {
      const name = outcomes[entry.outcome];
      if (name) add(name, 1);
    }
    const lagSince = model.lagSince[side];
    if (lagSince !== undefined)
      add(
        'search-index lag',
        emulators.log[side].filter(
          (entry) => entry.user === 'admin' && entry.at >= lagSince && /search/.test(entry.endpoint),
        ).length,
      );
  }
  add(restartCounter(host), host.restarts);
  add('store restored from an older copy', host.restores);
  for (const [name, count] of Object.entries(network?.partitionsFired() ?? {})) add(name, count);
  return fired;
}

async function heal(emulators: ChaosEmulators, network: TwoNodeHost | undefined): Promise<void> {
  network?.healNetwork();
  for (const side of SIDES) {
    await emulators.control(side, 'DELETE', '/_emulator/faults');
    await emulators.control(side, 'DELETE', '/_emulator/webhooks/faults');
    await emulators.control(side, 'PUT', '/_emulator/search/lag', { lagMs: 0 });
  }
  for (const side of SIDES) await emulators.control(side, 'POST', '/_emulator/webhooks/flush');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one generated sequence against the real system and returns what the invariants found. */
export async function runChaos(
  emulators: ChaosEmulators,
  seed: number,
  run: ChaosCase,
  restore: boolean,
  dumpDir?: string,
): Promise<ChaosRunReport> {
  const { topology, mode, commands, initial } = run;
  await emulators.reset();
  const network = topology === 'two-node' ? await TwoNodeHost.start(mode, emulators) : undefined;
  const host: ChaosHost = network ?? (await EngineHost.start(mode, emulators));
  const model = emptyModel(`r${seed}`);
  const real: ChaosReal = { emulators, host, network, restoreEnabled: restore };
  const violations: string[] = [];
  let convergedInMs: number | null = null;
  const ran: string[] = [];
  try {
    for (const command of initial) {
      ran.push(String(command));
      await command.run(model, real);
    }
    await fc.asyncModelRun(() => ({ model, real }), {
      [Symbol.iterator]: function* () {
        for (const command of commands) {
          ran.push(String(command));
          yield command;
        }
      },
    });
    // Before the heal: a partition's held connections go on at the heal, and what they carry is not the fault's doing.
    const fired = await faultCounters(emulators, model, host, network);
    await heal(emulators, network);
    const readers = emulators.aliceTrackers();
    const started = Date.now();
    let state: string[] = [];
    for (;;) {
      await host.pollNow();
      const depth = await queueDepth(host);
      state = [
        ...checkIssues(model, emulators),
        ...(await checkFields(model, emulators, readers)),
        ...checkItems(model, emulators),
      ];
      if (depth === 0 && state.length === 0) {
        convergedInMs = Date.now() - started;
        break;
      }
      if (Date.now() - started > CONVERGENCE_BOUND_MS) {
        violations.push(
          `liveness: not converged ${CONVERGENCE_BOUND_MS} ms after healing (queue depth ${depth}); ${state.length} problems left`,
          ...state,
          ...(await twinErrors(host)),
        );
        break;
      }
      await sleep(200);
    }
    if (convergedInMs !== null) {
      const marks = { blue: emulators.log.blue.length, green: emulators.log.green.length };
      const quietStart = Date.now();
      while (Date.now() - quietStart < QUIET_WINDOW_MS) {
        await host.pollNow();
        await sleep(250);
      }
      for (const side of SIDES) {
        const writes = emulators.log[side]
          .slice(marks[side])
          .filter((entry) => entry.user === 'admin' && entry.method !== 'GET');
        if (writes.length > 0)
          violations.push(
            `echo: ${writes.length} writes on ${side} in the quiet window: ${writes.map((entry) => `${entry.method} ${entry.url}`).join(', ')}`,
          );
      }
      // The final state once more, after the quiet window.
      violations.push(
        ...checkIssues(model, emulators),
        ...(await checkFields(model, emulators, readers)),
        ...checkItems(model, emulators),
      );
    }
    violations.push(
      ...checkOrder(model, emulators),
      ...checkWritesPerEdit(model, emulators),
      ...checkRetryAfter(emulators),
    );
    const unfired = [...model.configured].filter((name) => !fired[name]);
    if (dumpDir !== undefined && violations.length > 0)
      violations.push(`dump: ${await writeChaosDump(dumpDir, seed, ran, violations, model, emulators, host)}`);
    return {
      seed,
      topology,
      mode,
      commands: ran.length,
      convergedInMs,
      fired,
      unfired,
      actions: model.actions,
      violations,
    };
  } finally {
    await host.close();
  }
}

export interface ChaosCase {
  topology: Topology;
  mode: EngineMode;
  initial: fc.AsyncCommand<ChaosModel, ChaosReal>[];
  commands: Iterable<fc.AsyncCommand<ChaosModel, ChaosReal>>;
}

function topologyArbitrary(topology: Topology, options: ChaosOptions): fc.Arbitrary<ChaosCase> {
  // The record's keys in this order: a one-node case is drawn exactly as before two-node runs existed.
  return fc.record({
    mode: fc.constantFrom<EngineMode>('in-process', 'child'),
    initial: fc
      .tuple(
        fc.array(fc.oneof(...chaosFaultArbitraries(options.restore, topology)), { maxLength: 3 }),
        fc.array(createCommand, { minLength: 1, maxLength: 3 }),
      )
      .map(([faults, creates]) => [...faults, ...creates]),
    commands: fc.commands(chaosCommandArbitraries(options.restore, topology), {
      maxCommands: options.maxCommands,
      size: 'max',
    }),
    topology: fc.constant(topology),
  });
}

/** A run's case; with the mixed choice the topology is drawn first, from the seed. */
export function chaosArbitrary(options: ChaosOptions): fc.Arbitrary<ChaosCase> {
  const choice = options.topology ?? 'one-node';
  if (choice !== 'mixed') return topologyArbitrary(choice, options);
  return fc.constantFrom<Topology>('one-node', 'two-node').chain((topology) => topologyArbitrary(topology, options));
}

/** The property: a run whose invariants all hold. Throws with every violation otherwise. */
export function chaosProperty(
  emulators: ChaosEmulators,
  seed: number,
  options: ChaosOptions,
): fc.IAsyncPropertyWithHooks<[ChaosCase]> {
  return fc.asyncProperty(chaosArbitrary(options), async (run) => {
    const report = await runChaos(emulators, seed, run, options.restore, options.dumpDir);
    options.onReport?.(report);
    if (report.violations.length > 0)
      throw new Error(`${report.violations.length} invariant violations:\n  ${report.violations.join('\n  ')}`);
  });
}
