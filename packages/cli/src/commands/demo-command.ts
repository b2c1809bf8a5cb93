/** `tandem demo`: the live demo (see live-demo.ts); prints where to look and what to try, then a live sync log. */
import type { Command } from 'commander';
import { runCommand } from '../command-context.ts';
import { demoPorts } from '../demo-ports.ts';
import type { Output } from '../cli-output.ts';
import { EXIT, UsageError, type ExitCode } from '../exit-codes.ts';
import type { LiveDemo } from '../live-demo.ts';
import { stepLogger } from '../step-log.ts';
import { stopSignal } from '../stop-signal.ts';

function banner(demo: LiveDemo, ADMIN_EMAIL: string, DEFAULT_TOKEN: string): string {
  const { blue, green, server, configFile, console: login } = demo;
  return `Tandem demo — two emulated Jira instances synced by one Tandem node

  blue   Jira Cloud        ${blue.url}    basic auth ${ADMIN_EMAIL} / ${DEFAULT_TOKEN}  (also alice@example.com / ${DEFAULT_TOKEN})
  green  Jira Data Center  ${green.url}    bearer ${DEFAULT_TOKEN}, or basic admin / admin  (also alice / alice)
  console                  ${server.url}/   log in as ${login.email} / ${login.password}
  tandem node API          ${server.url}   OpenAPI document at /api/openapi.json; login or an API token required
  config                   ${configFile}

Connection blue_green (Basic): project BLUE on blue ⇄ project GREEN on green. The demo issues sync now;
summary, description, comments (not the restricted one), attachments and issue type travel both ways.

Try it — edit an issue on blue as alice, and watch it arrive on green:
  curl -u alice@example.com:${DEFAULT_TOKEN} -X PUT -H 'Content-Type: application/json' \\
    -d '{"fields":{"summary":"Edited on blue"}}' ${blue.url}/rest/api/2/issue/BLUE-1
  BLUE_TOKEN=${DEFAULT_TOKEN} GREEN_TOKEN=${DEFAULT_TOKEN} npx tandem status BLUE-1 --config ${configFile}
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
    .option('--two-nodes', 'the decentralized pair: one node per organisation, paired with an invitation code')
    .action((options: { ports?: string; twoNodes?: boolean }, command: Command) =>
      runCommand(command, async ({ output }) => {
        if (options.twoNodes) return runTwoNodeDemo(options.ports, output);
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
              {
                blue: demo.blue.url,
                green: demo.green.url,
                tandem: demo.server.url,
                config: demo.configFile,
                console: demo.console,
              },
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

/** `--ports` for two nodes: one port for all, or BLUE,GREEN,NODE1,NODE2 (default: the one-node demo's, node 2 on +1). */
function twoNodePorts(option: string | undefined): { blue: number; green: number; node1: number; node2: number } {
  const parts = option?.split(',');
  if (parts?.length === 4) {
    const [blue, green, node1, node2] = parts.map((part) => demoPorts(part));
    return { blue: blue?.blue ?? 0, green: green?.blue ?? 0, node1: node1?.blue ?? 0, node2: node2?.blue ?? 0 };
  }
  if (parts !== undefined && parts.length !== 1)
    throw new UsageError(
      `--ports takes one port for all, or four with --two-nodes: BLUE,GREEN,NODE1,NODE2; got '${option}'`,
    );
  const one = demoPorts(option);
  return { blue: one.blue, green: one.green, node1: one.tandem, node2: one.tandem === 0 ? 0 : one.tandem + 1 };
}

async function runTwoNodeDemo(portsOption: string | undefined, output: Output): Promise<ExitCode> {
  const ports = twoNodePorts(portsOption);
  const stopped = stopSignal();
  const { startTwoNodeDemo } = await import('../two-node-demo.ts');
  const print = (line: string) => (output.json ? output.note(line) : process.stdout.write(`${line}\n`));
  const demo = await startTwoNodeDemo({ ports, pair: false });
  try {
    for (const each of [demo.node1, demo.node2]) {
      each.node.engine.onStep((report) => stepLogger((line) => print(`[${each.name}] ${line}`))(report, each.node));
    }
    const { code } = await demo.node1.node.peering.initiate('blue_green', 3_600_000);
    print(`Tandem demo — the decentralized pair: one node per organisation, each with only its own Jira

  blue   Jira Cloud        ${demo.blue.url}   (admin@example.com / emulator-token)
  green  Jira Data Center  ${demo.green.url}   (bearer emulator-token, or admin / admin)
  node1  serves blue only  ${demo.node1.server.url}   config ${demo.node1.configFile}
  node2  serves green only ${demo.node2.server.url}   config ${demo.node2.configFile}

node1$ tandem connection initiate blue_green --config ${demo.node1.configFile}
${code}
`);
    const link = await demo.node2.node.peering.accept(code);
    print(`node2$ tandem connection accept <code> --config ${demo.node2.configFile}
connection blue_green paired with node ${link.peerNodeId} at ${link.peerUrl}: active on both nodes.
Every message between the nodes is now signed (X-Tandem-Signature over method, path, timestamp, nonce and body);
replays and tampered messages are refused. Neither node knows the other's Jira URL, credentials or rules.

Try it — edit BLUE-1 on blue and watch node1 send it to node2:
  curl -u admin@example.com:emulator-token -X PUT -H 'Content-Type: application/json' \\
    -d '{"fields":{"summary":"Edited on blue"}}' ${demo.blue.url}/rest/api/2/issue/BLUE-1

Press Ctrl-C to stop. Live sync log of both nodes:`);
    if (output.json)
      output.result(
        {
          blue: demo.blue.url,
          green: demo.green.url,
          node1: demo.node1.server.url,
          node2: demo.node2.server.url,
          invitation: code,
        },
        () => '',
      );
    await demo.node2.node.engine.pollNow();
    await stopped;
    print('stopping…');
  } finally {
    await demo.close();
  }
  return EXIT.ok;
}
