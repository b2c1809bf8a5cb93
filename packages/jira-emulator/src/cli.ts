/**
 * `jira-emulator --flavor cloud|datacenter --port N [--data DIR] [--seed demo]`: runs one emulated Jira until
 * interrupted. Prints one line with its base URL when ready.
 */
import { Command, InvalidArgumentError } from 'commander';
import { ADMIN_EMAIL, DEFAULT_TOKEN } from './model/defaults.ts';
import { startJiraEmulator } from './start-jira-emulator.ts';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('must be a port number from 0 to 65535');
  return port;
}

const program = new Command()
  .name('jira-emulator')
  .description('A local Jira Cloud or Jira Data Center for tests, benchmarks and trying sync rules.')
  .requiredOption('--flavor <flavor>', 'cloud or datacenter', (value) => {
    if (value !== 'cloud' && value !== 'datacenter') throw new InvalidArgumentError('must be "cloud" or "datacenter"');
    return value;
  })
  .option('--port <port>', 'TCP port (0 picks a free one)', parsePort, 0)
  .option('--host <host>', 'interface to listen on', '127.0.0.1')
  .option('--data <dir>', 'keep state in this directory across restarts')
  .option('--seed <seed>', '"demo" adds projects, users and issues', (value) => {
    if (value !== 'demo' && value !== 'none') throw new InvalidArgumentError('must be "demo" or "none"');
    return value;
  })
  .parse();

const options = program.opts<{
  flavor: 'cloud' | 'datacenter';
  port: number;
  host: string;
  data?: string;
  seed?: 'demo' | 'none';
}>();
const emulator = await startJiraEmulator({
  flavor: options.flavor,
  port: options.port,
  host: options.host,
  ...(options.data ? { dataDir: options.data } : {}),
  ...(options.seed ? { seed: options.seed } : {}),
});
const credentials =
  options.flavor === 'cloud'
    ? `basic ${ADMIN_EMAIL} / ${DEFAULT_TOKEN}`
    : `bearer ${DEFAULT_TOKEN}, or basic admin / admin`;
console.log(
  `Jira ${options.flavor === 'cloud' ? 'Cloud' : 'Data Center'} emulator listening on ${emulator.url} (${credentials})`,
);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  emulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
