/**
 * What the console's browser tests run against: two Jira emulators (Cloud "blue", Data Center "green", demo data)
 * and two real nodes over HTTP, each with its own config file, SQLite store and first admin. The main node serves
 * both instances (its connections are created through the console); the partner node serves the green emulator under
 * the instance name "partner", to be paired with the main node through an invitation code.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@tandem/config';
import { ADMIN_EMAIL, DEFAULT_TOKEN, startJiraEmulator, type JiraEmulator } from '@tandem/jira-emulator';
import { composeNode, createNodeLogger, startServer, type TandemNode, type TandemServer } from '@tandem/server';

const HOST = '127.0.0.1';
export const ADMIN = { email: 'admin@example.com', password: 'console-test-password' };
const ENV = {
  BLUE_TOKEN: DEFAULT_TOKEN,
  GREEN_TOKEN: DEFAULT_TOKEN,
  TANDEM_ADMIN_EMAIL: ADMIN.email,
  TANDEM_ADMIN_PASSWORD: ADMIN.password,
};

export interface RunningNode {
  readonly node: TandemNode;
  readonly server: TandemServer;
  /** The console's address, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  readonly configFile: string;
}

export interface ConsoleNodes {
  blue: JiraEmulator;
  green: JiraEmulator;
  main: RunningNode;
  partner: RunningNode;
  close(): Promise<void>;
}

/** A port nobody listens on now (the node's invitation code carries its URL, so port 0 will not do). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

function configText(port: number, instances: string): string {
  // No webhooks and an hourly poll: in these tests only the console's own actions (bulk, sync now, retry) sync.
  return `store: ./tandem.db
listen: ${HOST}:${port}
instances:
${instances}
poll: { intervalSeconds: 3600 }
webhooks: { enabled: false }
`;
}

async function startNode(dir: string, name: string, instances: string): Promise<RunningNode> {
  const folder = join(dir, name);
  mkdirSync(folder);
  const configFile = join(folder, 'tandem.yaml');
  writeFileSync(configFile, configText(await freePort(), instances));
  const config = loadConfig(configFile, ENV);
  const node = await composeNode(config, {
    configFile,
    env: ENV,
    logger: createNodeLogger({ level: 'warn', destination: 'stderr' }),
    timings: { issueTypesTtlMs: 0 },
  });
  const server = await startServer(node, { listen: config.listen, publicUrl: config.publicUrl });
  await node.engine.start({ registerWebhooksAt: server.publicUrl });
  return { node, server, url: server.url, configFile };
}

/** Starts both emulators and both nodes; `close()` stops everything and removes the files. */
export async function startConsoleNodes(): Promise<ConsoleNodes> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-console-'));
  const started: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const blue = await startJiraEmulator({ flavor: 'cloud', port: 0, host: HOST, seed: 'demo' });
    started.push(() => blue.close());
    const green = await startJiraEmulator({ flavor: 'datacenter', port: 0, host: HOST, seed: 'demo' });
    started.push(() => green.close());
    const main = await startNode(
      dir,
      'main',
      `  blue: { type: jira-cloud, url: ${blue.url}, email: ${ADMIN_EMAIL}, token: '\${BLUE_TOKEN}' }
  green: { type: jira-datacenter, url: ${green.url}, token: '\${GREEN_TOKEN}' }`,
    );
    started.push(
      () => main.node.close(),
      () => main.server.close(),
    );
    const partner = await startNode(
      dir,
      'partner',
      `  partner: { type: jira-datacenter, url: ${green.url}, token: '\${GREEN_TOKEN}' }`,
    );
    started.push(
      () => partner.node.close(),
      () => partner.server.close(),
    );
    return { blue, green, main, partner, close };
  } catch (error) {
    await close();
    throw error;
  }
}

const JIRA_AUTH = {
  blue: `Basic ${Buffer.from(`${ADMIN_EMAIL}:${DEFAULT_TOKEN}`).toString('base64')}`,
  green: `Bearer ${DEFAULT_TOKEN}`,
};

/** A call to one emulator's Jira REST API (v2) as its admin; the JSON answer, loosely typed. */
export async function jira(
  emulator: JiraEmulator,
  which: 'blue' | 'green',
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: {
      authorization: JIRA_AUTH[which],
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}
