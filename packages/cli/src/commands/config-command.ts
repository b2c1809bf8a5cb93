/** `tandem config check`: parse and validate the configuration, print it with every secret masked. */
import type { Command } from 'commander';
import { redactConfig } from '@tandem/config';
import { runCommand } from '../command-context.ts';
import { configPath } from '../config-file.ts';

export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('the configuration file');
  config
    .command('check')
    .description('validate the configuration (every problem with its path) and print it with secrets masked')
    .action((_options: unknown, command: Command) =>
      runCommand(command, async (context) => {
        const redacted = redactConfig(context.config());
        const file = configPath(context.options.config);
        context.output.result({ file, valid: true, config: redacted }, () =>
          [`${file}: valid`, JSON.stringify(redacted, null, 2)].join('\n'),
        );
      }),
    );
}
