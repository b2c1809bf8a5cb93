/** `tandem connection list|pause NAME|resume NAME` and `tandem bulk CONNECTION`. */
import type { Command } from 'commander';
import type { ConnectionSideView, ConnectionView } from '@tandem/server';
import { acceptInvitation, initiateConnection, parseDuration } from '../peer-pairing.ts';
import { runCommand } from '../command-context.ts';
import { EXIT } from '../exit-codes.ts';
import { createProgress } from '../progress-display.ts';
import { waitForConnection } from '../work-watch.ts';

function sideLabel(side: ConnectionSideView): string {
  return side.remote ? `${side.instance} (peer node)` : `${side.instance}:${side.project ?? ''}`;
}

function connectionLine(connection: ConnectionView): string {
  const [a, b] = connection.sides;
  const reason = connection.reason ? ` (${connection.reason})` : '';
  return `${connection.name}  ${connection.status}${reason}  ${sideLabel(a)} ⇄ ${sideLabel(b)}  twins ${connection.twins}, pending ${connection.pending}, errors ${connection.errors}`;
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

  connection
    .command('initiate')
    .description('invite the peer node to a connection: prints a one-time invitation code for the other organisation')
    .argument('<name>', 'connection name (its peer side is remote: true)')
    .option('--expires <duration>', 'how long the code is valid: 30m, 24h, 7d', '24h')
    .action((name: string, options: { expires: string }, command: Command) =>
      runCommand(command, async ({ output, config }) => {
        const invitation = await initiateConnection(config(), name, parseDuration(options.expires));
        output.result(
          { connection: name, code: invitation.code, expiresAt: new Date(invitation.expiresAt).toISOString() },
          () =>
            `Invitation code for connection ${name} (valid until ${new Date(invitation.expiresAt).toISOString()}, once):\n${invitation.code}\n\nOn the other node: tandem connection accept <code> --config <its config>`,
        );
      }),
    );

  connection
    .command('accept')
    .description("accept the peer node's invitation code: pairs this node with it; the connection becomes active")
    .argument('<code>', 'the code printed by tandem connection initiate on the other node')
    .action((code: string, _options: unknown, command: Command) =>
      runCommand(command, async ({ output, config }) => {
        const link = await acceptInvitation(config(), code);
        output.result(
          { connection: link.connection, peerNodeId: link.peerNodeId, peerUrl: link.peerUrl, status: 'active' },
          () => `connection ${link.connection} paired with node ${link.peerNodeId} at ${link.peerUrl}: active`,
        );
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
