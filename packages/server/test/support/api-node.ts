/* Tests read the API's JSON answers loosely; typing every answer would hide what they check. */
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * A node for API tests: a Cloud emulator "blue" and a Data Center emulator "green" with the demo data over real HTTP,
 * a config file in a temporary folder (with comments, to see that edits keep them), a real SQLite store, the composed
 * node with its worker running (no poll, no webhooks: only what a test asks for syncs), the fastify app for `inject`,
 * an admin user, and an API token.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '@tandem/config';
import { ADMIN_EMAIL, DEFAULT_TOKEN, startJiraEmulator, type JiraEmulator } from '@tandem/jira-emulator';
import {
  buildApp,
  composeNode,
  createNodeLogger,
  createOrResetAdmin,
  type AppOptions,
  type TandemNode,
} from '../../src/index.ts';

export const ADMIN = { email: 'admin@example.com', password: 'correct horse battery staple' };
/** The emulators' tokens, long enough to show masked with their last characters. */
export const BLUE_SECRET = `${DEFAULT_TOKEN}`;
export const ENV = { BLUE_TOKEN: DEFAULT_TOKEN, GREEN_TOKEN: DEFAULT_TOKEN };

export const CONFIG_HEAD = `# The test node. This comment must survive edits made through the API.
store: ./state/tandem.db
listen: 127.0.0.1:0
instances:
  blue:  { type: jira-cloud, url: BLUE_URL, email: ${ADMIN_EMAIL}, token: "\${BLUE_TOKEN}" }
  green: { type: jira-datacenter, url: GREEN_URL, token: "\${GREEN_TOKEN}" }
poll: { intervalSeconds: 3600 }
webhooks: { enabled: false } # only what a test asks for syncs
`;

export interface ApiNode {
  blue: JiraEmulator;
  green: JiraEmulator;
  dir: string;
  configFile: string;
  node: TandemNode;
  app: FastifyInstance;
  /** `Authorization: Bearer …` of an API token made for the tests. */
  bearer: string;
  /** The session cookie of the admin (`tandem_session=…`). */
  cookie: string;
  /** An API call through `inject`, authenticated with the token unless `auth` says otherwise. */
  call(
    method: string,
    url: string,
    options?: { body?: unknown; auth?: 'token' | 'cookie' | 'none' | Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Record<string, unknown>; text: string }>;
  configText(): string;
  /** A REST call on an emulator as its admin. */
  jira(which: 'blue' | 'green', method: string, path: string, body?: unknown): Promise<any>;
  /** Waits until nothing is queued or running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the emulators and the node; `connections` is the config's `connections:` block (YAML, indented). */
export async function startApiNode(connections: string, options: AppOptions = {}): Promise<ApiNode> {
  const blue = await startJiraEmulator({ flavor: 'cloud', port: 0, seed: 'demo' });
  const green = await startJiraEmulator({ flavor: 'datacenter', port: 0, seed: 'demo' });
  const dir = mkdtempSync(join(tmpdir(), 'tandem-api-'));
  const configFile = join(dir, 'tandem.yaml');
  writeFileSync(
    configFile,
    `${CONFIG_HEAD.replace('BLUE_URL', blue.url).replace('GREEN_URL', green.url)}connections:\n${connections}`,
  );
  const node = await composeNode(loadConfig(configFile, ENV), {
    configFile,
    env: ENV,
    logger: createNodeLogger({ level: 'silent' }),
    timings: { issueTypesTtlMs: 0 },
  });
  await node.engine.start({ poll: false });
  const app = buildApp(node, { consoleDir: null, ...options });
  await createOrResetAdmin(node.access, ADMIN, { now: Date.now, newId: randomUUID });
  const { value } = await node.accessService.createToken('tests', null);
  const bearer = `Bearer ${value}`;
  const login = await app.inject({ method: 'POST', url: '/api/session', payload: ADMIN });
  const cookie = String(login.headers['set-cookie'] ?? '').split(';')[0] ?? '';

  const jiraAuth = {
    blue: `Basic ${Buffer.from(`${ADMIN_EMAIL}:${DEFAULT_TOKEN}`).toString('base64')}`,
    green: `Bearer ${DEFAULT_TOKEN}`,
  };
  return {
    blue,
    green,
    dir,
    configFile,
    node,
    app,
    bearer,
    cookie,
    async call(method, url, callOptions = {}) {
      const auth = callOptions.auth ?? 'token';
      const headers: Record<string, string> =
        auth === 'token' ? { authorization: bearer } : auth === 'cookie' ? { cookie } : auth === 'none' ? {} : auth;
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers,
        ...(callOptions.body === undefined ? {} : { payload: callOptions.body as object }),
      });
      let body: any;
      try {
        body = response.body === '' ? undefined : JSON.parse(response.body);
      } catch {
        body = undefined;
      }
      return { status: response.statusCode, body, headers: response.headers, text: response.body };
    },
    configText: () => readFileSync(configFile, 'utf8'),
    async jira(which, method, path, body) {
      const emulator = which === 'blue' ? blue : green;
      const response = await fetch(`${emulator.url}${path}`, {
        method,
        headers: {
          authorization: jiraAuth[which],
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return text === '' ? undefined : JSON.parse(text);
    },
    idle: () => node.engine.waitUntilIdle(30_000),
    async close() {
      await app.close();
      await node.close();
      await Promise.all([blue.close(), green.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Basic connection blue ⇄ green whose triggers match nothing until a test syncs by hand. */
export const BASIC_CONNECTION = `  blue_green:
    description: the test connection
    sides:
      blue:  { project: BLUE, trigger: "project = BLUE AND labels = bulk-me" } # blue's side
      green: { project: GREEN }
`;
