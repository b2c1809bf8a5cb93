/** `tandem connection list|pause NAME|resume NAME` and `tandem bulk CONNECTION`. */
import type { Command } from 'commander';
import type { ConnectionView } from '@tandem/server';
import { runCommand } from '../command-context.ts';
import { EXIT } from '../exit-codes.ts';
import { createProgress } from '../progress-display.ts';
import { waitForConnection } from '../work-watch.ts';

function connectionLine(connection: ConnectionView): string {
  const [a, b] = connection.sides;
  const reason = connection.reason ? ` (${connection.reason})` : '';
  return `${connection.name}  ${connection.status}${reason}  ${a.instance}:${a.project} ⇄ ${b.instance}:${b.project}  twins ${connection.twins}, pending ${connection.pending}, errors ${connection.errors}`;
}

export function registerConnectionCommands(program: Command): void {
  const connection = program.command('connection').description('list, pause and resume connections');

  connection
    .command('list')
    .description('every connection with its status, twins, pending work and errors')
    .action((_options: unknown, command: Command) =>
      runCommand(command, async ({ output, session }) => {
        const document = await (await session()).operations.connections();
        output.result(
          document,
          () => document.connections.map(connectionLine).join('\n') || 'no connections configured',
        );
      }),
    );

  connection
    .command('pause')
    .description('stop applying changes of a connection; they queue up until it is resumed')
    .argument('<name>', 'connection name')
    .action((name: string, _options: unknown, command: Command) =>
      runCommand(command, async ({ output, session }) => {
        const document = await (await session()).operations.pause(name);
        output.result(document, () => connectionLine(document.connection));
      }),
    );

  connection
    .command('resume')
    .description('resume a paused connection: what queued up while paused runs now')
    .argument('<name>', 'connection name')
    .action((name: string, _options: unknown, command: Command) =>
      runCommand(command, async ({ output, session }) => {
        const document = await (await session()).operations.resume(name);
        output.result(document, () => connectionLine(document.connection));
      }),
    );

  program
    .command('bulk')
    .description("sync every issue matching either side's trigger now, with progress, until the queue drains")
    .argument('<connection>', 'connection name')
    .action((name: string, _options: unknown, command: Command) =>
      runCommand(command, async ({ output, session: open }) => {
        const session = await open();
        const progress = createProgress(`bulk ${name}`);
        const document = await session.operations.bulk(name);
        session.startWorker();
        const total = document.queued.length;
        const final = await waitForConnection(session.operations, name, total, (done) => progress.update(done, total));
        progress.finish();
        const errors = final?.errors ?? 0;
        output.result(
          { ...document, connection: final ?? null },
          () =>
            `bulk ${name}: ${total} twin(s) queued; ${errors === 0 ? 'all synced' : `${errors} with errors (tandem errors)`}`,
        );
        return errors > 0 ? EXIT.failed : EXIT.ok;
      }),
    );
}
