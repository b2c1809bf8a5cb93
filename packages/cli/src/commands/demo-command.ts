/** `tandem demo`: the live demo (see live-demo.ts); prints where to look and what to try, then a live sync log. */
import type { Command } from 'commander';
import { runCommand } from '../command-context.ts';
import { demoPorts } from '../demo-ports.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import type { LiveDemo } from '../live-demo.ts';
import { stepLogger } from '../step-log.ts';
import { stopSignal } from '../stop-signal.ts';

function banner(demo: LiveDemo, ADMIN_EMAIL: string, DEFAULT_TOKEN: string): string {
  const { blue, green, server, configFile } = demo;
  return `Tandem demo — two emulated Jira instances synced by one Tandem node

  blue   Jira Cloud        ${blue.url}    basic auth ${ADMIN_EMAIL} / ${DEFAULT_TOKEN}  (also alice@example.com / ${DEFAULT_TOKEN})
  green  Jira Data Center  ${green.url}    bearer ${DEFAULT_TOKEN}, or basic admin / admin  (also alice / alice)
  tandem node API          ${server.url}   GET /health, /api/connections, /api/twins/BLUE-1, /api/errors
  config                   ${configFile}

Connection blue_green (Basic): project BLUE on blue ⇄ project GREEN on green. The demo issues sync now;
summary, description, comments (not the restricted one), attachments and issue type travel both ways.

Try it — edit an issue on blue as alice, and watch it arrive on green:
  curl -u alice@example.com:${DEFAULT_TOKEN} -X PUT -H 'Content-Type: application/json' \\
    -d '{"fields":{"summary":"Edited on blue"}}' ${blue.url}/rest/api/2/issue/BLUE-1
  curl ${server.url}/api/twins/BLUE-1
  curl -u alice:alice '${green.url}/rest/api/2/search?jql=project=GREEN&fields=summary'
Or comment on green:
  curl -u alice:alice -X POST -H 'Content-Type: application/json' \\
    -d '{"body":"Seen on green"}' ${green.url}/rest/api/2/issue/GREEN-1/comment
The CLI talks to this node while it runs:
  BLUE_TOKEN=${DEFAULT_TOKEN} GREEN_TOKEN=${DEFAULT_TOKEN} npx tandem connection list --config ${configFile}

Press Ctrl-C to stop. Live sync log:`;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('the live demo: two emulated Jiras (Cloud "blue", Data Center "green") and a node syncing them')
    .option(
      '--ports <ports>',
      'blue,green,tandem ports, or 0 for free ones (default: BLUE_PORT, GREEN_PORT, TANDEM_PORT or 8081,8082,7300)',
    )
    .option('--two-nodes', 'the decentralized pair, one node per organisation (not available yet)')
    .action((options: { ports?: string; twoNodes?: boolean }, command: Command) =>
      runCommand(command, async ({ output }) => {
        if (options.twoNodes) {
          throw new UsageError(
            'tandem demo --two-nodes is not available yet: the decentralized pair (invitation code, node-to-node messages) comes with the rest of issue #3; run tandem demo for one node',
          );
        }
        const ports = demoPorts(options.ports);
        const stopped = stopSignal();
        // Loaded only here: the emulators are the heaviest modules and no other command needs them.
        const { startLiveDemo } = await import('../live-demo.ts');
        const { ADMIN_EMAIL, DEFAULT_TOKEN } = await import('@tandem/jira-emulator');
        const demo = await startLiveDemo(ports);
        try {
          const print = (line: string) => (output.json ? output.note(line) : process.stdout.write(`${line}\n`));
          demo.node.engine.onStep((report) => stepLogger(print)(report, demo.node));
          if (output.json) {
            output.result(
              { blue: demo.blue.url, green: demo.green.url, tandem: demo.server.url, config: demo.configFile },
              () => '',
            );
          } else print(banner(demo, ADMIN_EMAIL, DEFAULT_TOKEN));
          await stopped;
          print('stopping…');
        } finally {
          await demo.close();
        }
        return EXIT.ok;
      }),
    );
}
