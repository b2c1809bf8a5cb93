/**
 * `tandem serve`: compose the node, start its HTTP server, register webhooks at the public URL, start the worker and
 * the reconciliation poll; JSON logs on standard output with one line per sync step; stop cleanly on SIGINT/SIGTERM.
 */
import type { Command } from 'commander';
import { composeNode, createNodeLogger, describeStep, startServer } from '@tandem/server';
import { runCommand } from '../command-context.ts';
import { configPath } from '../config-file.ts';
import { stopSignal } from '../stop-signal.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the node: webhooks, reconciliation poll, sync worker and HTTP API, until interrupted')
    .action((_options: unknown, command: Command) =>
      runCommand(command, async ({ config: read, options }) => {
        const config = read();
        const logger = createNodeLogger();
        const stopped = stopSignal();
        // The config file is named so that the API can save changes made in the console into it.
        const node = await composeNode(config, { logger, configFile: configPath(options.config) });
        try {
          const server = await startServer(node, { listen: config.listen, publicUrl: config.publicUrl });
          try {
            node.engine.onStep((report) => {
              void node.store.getTwin(report.event.twinId).then(
                (twin) => {
                  const fields = {
                    twin: report.event.twinId,
                    connection: report.event.connection,
                    source: report.event.sourceSide,
                    reason: report.event.reason,
                    outcome: report.outcome?.kind ?? 'error',
                  };
                  if (report.error) logger.warn({ ...fields, error: report.error }, describeStep(report, twin));
                  else logger.info(fields, describeStep(report, twin));
                },
                (error: unknown) => logger.error({ err: error }, 'reading a twin for the step log failed'),
              );
            });
            await node.engine.start(config.webhooks.enabled ? { registerWebhooksAt: server.publicUrl } : {});
            logger.info(
              {
                url: server.url,
                publicUrl: server.publicUrl,
                connections: Object.keys(config.connections),
                webhooks: config.webhooks.enabled,
              },
              'tandem node serving',
            );
            const signal = await stopped;
            logger.info({ signal }, 'stopping');
          } finally {
            await server.close();
          }
        } finally {
          await node.close();
        }
      }),
    );
}
