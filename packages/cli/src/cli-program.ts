/** The `tandem` command line: global options and every command. */
import { Command } from 'commander';
import { registerAccessCommands } from './commands/access-commands.ts';
import { registerConfigCommand } from './commands/config-command.ts';
import { registerConnectionCommands } from './commands/connection-commands.ts';
import { registerDemoCommand } from './commands/demo-command.ts';
import { registerErrorCommands } from './commands/error-commands.ts';
import { registerRulesCommands } from './commands/rules-commands.ts';
import { registerServeCommand } from './commands/serve-command.ts';
import { registerTwinCommands } from './commands/twin-commands.ts';

/** A fresh program (commander keeps parse state, so one per run). */
export function buildProgram(): Command {
  const program = new Command()
    .name('tandem')
    .description('Two-way issue sync between Jira instances (Cloud and Data Center), self-hosted.')
    .option('-c, --config <file>', 'configuration file (default: $TANDEM_CONFIG, else ./tandem.yaml)')
    .option('--json', 'machine output: one JSON document on standard output')
    .showHelpAfterError()
    .exitOverride();
  registerServeCommand(program);
  registerDemoCommand(program);
  registerTwinCommands(program);
  registerConnectionCommands(program);
  registerErrorCommands(program);
  registerRulesCommands(program);
  registerConfigCommand(program);
  registerAccessCommands(program);
  // Every subcommand reports usage errors through the same override (exit 2).
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
  }
  return program;
}
