/** `tandem errors` (parked and retrying twins), `tandem retry [TWIN]` and `tandem recover CONNECTION`. */
import type { Command } from 'commander';
import { runCommand } from '../command-context.ts';
import { EXIT } from '../exit-codes.ts';
import { stepLogger } from '../step-log.ts';
import { errorLine } from '../twin-format.ts';
import { DEFAULT_WAIT_MS, isSettled } from '../work-watch.ts';

export function registerErrorCommands(program: Command): void {
  program
    .command('errors')
    .description('twins parked or retrying after an error, with the reason')
    .action((_options: unknown, command: Command) =>
      runCommand(command, async ({ output, session }) => {
        const document = await (await session()).operations.errors();
        output.result(document, () =>
          document.errors.length === 0
            ? 'no errors'
            : document.errors.map((error) => `${error.twinId} [${error.connection}] ${errorLine(error)}`).join('\n'),
        );
      }),
    );

  program
    .command('recover')
    .description('after the store was lost: rebuild the twins of a connection from the markers Tandem left in Jira')
    .argument('<connection>', 'connection name')
    .action((connection: string, _options: unknown, command: Command) =>
      runCommand(command, async ({ output, session: open }) => {
        const session = await open();
        const document = await session.operations.recover(connection);
        output.result(
          document,
          () =>
            `${document.connection}: ${document.recovered} twins recovered, ${document.alreadyKnown} already known, ` +
            `${document.incomplete} with one issue only (markers: ${Object.entries(document.marked)
              .map(([instance, count]) => `${instance} ${count}`)
              .join(', ')})`,
        );
      }),
    );

  program
    .command('retry')
    .description('queue parked twins again (all, or one by twin id) and wait for them')
    .argument('[twin]', 'twin id (see tandem errors)')
    .action((twin: string | undefined, _options: unknown, command: Command) =>
      runCommand(command, async ({ output, session: open }) => {
        const session = await open();
        if (!output.json) session.onStep(stepLogger((line) => output.note(line)));
        const document = await session.operations.retry(twin);
        session.startWorker();
        const deadline = Date.now() + DEFAULT_WAIT_MS;
        for (;;) {
          const { connections } = await session.operations.connections();
          if (connections.every(isSettled) || Date.now() > deadline) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const { errors } = await session.operations.errors();
        const still = errors.filter((error) => document.queued.includes(error.twinId));
        output.result({ ...document, errors: still }, () =>
          [
            `queued ${document.queued.length} twin(s)`,
            ...still.map((error) => `still failing: ${errorLine(error)}`),
          ].join('\n'),
        );
        return still.length > 0 ? EXIT.failed : EXIT.ok;
      }),
    );
}
