/** `tandem sync KEY`, `tandem connect KEY_A KEY_B`, `tandem unsync KEY`, `tandem status KEY`. */
import type { Command } from 'commander';
import { runCommand } from '../command-context.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { stepLogger } from '../step-log.ts';
import { statusLines, twinPair } from '../twin-format.ts';
import { waitForTwin } from '../work-watch.ts';

export function registerTwinCommands(program: Command): void {
  program
    .command('sync')
    .description("sync an issue now, whatever its side's sync method, and wait until it is done")
    .argument('<key>', 'issue key, e.g. BLUE-1')
    .action((key: string, _options: unknown, command: Command) =>
      runCommand(command, async ({ output, session: open }) => {
        const session = await open();
        if (!output.json) session.onStep(stepLogger((line) => output.note(line)));
        const queued = await session.operations.sync(key);
        session.startWorker();
        const status = await waitForTwin(session.operations, key);
        output.result({ ...queued, twins: status.twins }, () => status.twins.map(statusLines).join('\n'));
        return status.twins.some((entry) => entry.error !== null) ? EXIT.failed : EXIT.ok;
      }),
    );

  program
    .command('connect')
    .description('make two existing issues twins (no issue is created) and merge them once')
    .argument('<keyA>', 'issue key on one side')
    .argument('<keyB>', 'issue key on the other side')
    .option('--connection <name>', 'the connection (default: the one joining the two projects)')
    .action((a: string, b: string, options: { connection?: string }, command: Command) =>
      runCommand(command, async ({ output, session: open }) => {
        const session = await open();
        if (!output.json) session.onStep(stepLogger((line) => output.note(line)));
        const { twin } = await session.operations.connect({
          a,
          b,
          ...(options.connection ? { connection: options.connection } : {}),
        });
        session.startWorker();
        const status = await waitForTwin(session.operations, a);
        output.result(
          { twin, twins: status.twins },
          () => `connected ${twinPair(twin)}\n${status.twins.map(statusLines).join('\n')}`,
        );
        return status.twins.some((entry) => entry.error !== null) ? EXIT.failed : EXIT.ok;
      }),
    );

  program
    .command('unsync')
    .description(
      'stop syncing the twin holding this issue, or every current match of one trigger (both issues stay as they are)',
    )
    .argument('[key]', 'issue key')
    .option('--connection <name>', "with --trigger: the trigger's connection")
    .option('--side <instance>', "with --trigger: the trigger's side (instance name)")
    .option('--trigger <number>', "the trigger's number on that side, from 1 in the config's order")
    .action(
      (key: string | undefined, options: { connection?: string; side?: string; trigger?: string }, command: Command) =>
        runCommand(command, async ({ output, session }) => {
          if (options.trigger !== undefined) {
            if (key !== undefined || !options.connection || !options.side)
              throw new UsageError('--trigger takes --connection and --side, and no issue key');
            const result = await (
              await session()
            ).operations.unsyncTrigger({
              connection: options.connection,
              instance: options.side,
              trigger: Number(options.trigger),
            });
            output.result(result, () =>
              [
                `trigger ${result.trigger} of ${result.instance}: ${result.twins.length} twins unsynced`,
                ...result.twins.map((twin) => `unsynced ${twinPair(twin)}`),
              ].join('\n'),
            );
            return;
          }
          if (key === undefined) throw new UsageError('give an issue key, or --connection, --side and --trigger');
          const result = await (await session()).operations.unsync(key);
          output.result(result, () => result.twins.map((twin) => `unsynced ${twinPair(twin)}`).join('\n'));
        }),
    );

  program
    .command('status')
    .description('the twin of an issue: its other side, last sync, pending work, error')
    .argument('<key>', 'issue key')
    .action((key: string, _options: unknown, command: Command) =>
      runCommand(command, async ({ output, session }) => {
        const status = await (await session()).operations.twinStatus(key);
        output.result(status, () => status.twins.map(statusLines).join('\n'));
      }),
    );
}
