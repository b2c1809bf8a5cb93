/**
 * Running one command: its global options (--config, --json), its output, the configuration and node session it asks
 * for (opened lazily, always closed), and the mapping of whatever it throws to an exit code.
 */
import type { Command } from 'commander';
import type { TandemConfig } from '@tandem/config';
import { createOutput, type Output } from './cli-output.ts';
import { readConfig } from './config-file.ts';
import { EXIT, exitCodeOf, type ExitCode } from './exit-codes.ts';
import { openSession, type NodeSession } from './node-session.ts';

export interface GlobalOptions {
  config?: string;
  json?: boolean;
}

export interface CommandContext {
  readonly output: Output;
  readonly options: GlobalOptions;
  /** The parsed configuration (ConfigError → exit 2). */
  config(): TandemConfig;
  /** The node session: a serving node's API, or a node composed here. */
  session(): Promise<NodeSession>;
}

/** Runs a command body and sets the process's exit code from its result or error. */
export async function runCommand(
  command: Command,
  body: (context: CommandContext) => Promise<ExitCode | void>,
): Promise<void> {
  const options = command.optsWithGlobals<GlobalOptions>();
  const output = createOutput(options.json === true);
  let config: TandemConfig | undefined;
  let session: NodeSession | undefined;
  const context: CommandContext = {
    output,
    options,
    config: () => (config ??= readConfig(options.config)),
    session: async () => (session ??= await openSession(context.config())),
  };
  let code: ExitCode;
  try {
    code = (await body(context)) ?? EXIT.ok;
  } catch (error) {
    output.failure(error);
    code = exitCodeOf(error);
  }
  try {
    await session?.close();
  } catch (error) {
    output.note(`tandem: closing the node failed: ${error instanceof Error ? error.message : String(error)}`);
    if (code === EXIT.ok) code = EXIT.failed;
  }
  process.exitCode = code;
}
