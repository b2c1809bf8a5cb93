/* Tests read Jira's JSON answers deep and loosely; typing every answer would hide what they check. */
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Two emulated Jiras (Cloud "blue", Data Center "green"), a real SQLite store in a temporary folder, real trackers
 * over HTTP, the engine, and a small HTTP server that hands Jira's webhook deliveries to the engine — everything an
 * end-to-end sync test needs, torn down by close().
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startJiraEmulator, type JiraEmulator } from '@tandem/jira-emulator';
import { createTracker } from '@tandem/jira-adapter';
import { openStore } from '@tandem/store';
import type { Store, TrackerPort } from '@tandem/core';
import {
  DEFAULT_TIMINGS,
  SILENT_LOGGER,
  SyncEngine,
  type EngineConnection,
  type EngineTimings,
} from '../../src/index.ts';

export interface HarnessOptions {
  /** Register webhooks (default true); without them only the poll detects changes. */
  webhooks?: boolean;
  timings?: Partial<EngineTimings>;
  /** Start the worker and the poll (default true). */
  start?: boolean;
  /** Reuse a store file (restart tests). */
  storeFile?: string;
  emulators?: { blue: JiraEmulator; green: JiraEmulator };
  /** Triggers of the two sides (default: every issue of the project). */
  triggers?: { blue: string; green: string };
  /**
   * Start both emulators with the emulator's demo data (users alice, bob and carol, custom fields of every kind,
   * components and versions) instead of an empty project each.
   */
  seed?: 'demo';
  mode?: EngineConnection['mode'];
  /** The rules of the two sides (Visual or Script mode); Basic mode's when left out. */
  rules?: (connection: { name: string; a: string; b: string }) => EngineConnection['rules'];
}

export interface Harness {
  blue: JiraEmulator;
  green: JiraEmulator;
  store: Store;
  storeFile: string;
  engine: SyncEngine;
  trackers: Map<string, TrackerPort>;
  connection: EngineConnection;
  /** A REST call on an emulator as a person (alice by default), JSON in and out. */
  jira(
    which: 'blue' | 'green',
    method: string,
    path: string,
    body?: unknown,
    as?: 'alice' | 'admin',
  ): Promise<{ status: number; body: any }>;
  /** Waits until the engine is idle, then once more (a step can queue an echo check). */
  settle(timeoutMs?: number): Promise<void>;
  /** Writes (non-GET requests) counted by an emulator since its stats were last reset, excluding control calls. */
  writes(which: 'blue' | 'green'): Promise<number>;
  close(options?: { keepEmulators?: boolean; keepStore?: boolean }): Promise<void>;
}

const ADMIN = {
  blue: `Basic ${Buffer.from('admin@example.com:emulator-token').toString('base64')}`,
  green: 'Bearer emulator-token',
};

/** A JSON call on an emulator with the given Authorization header; the body is parsed when it is JSON. */
export async function call(
  url: string,
  auth: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const response = await fetch(url + path, {
    method,
    headers: {
      authorization: auth,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}

async function prepareInstance(emulator: JiraEmulator, which: 'blue' | 'green'): Promise<string> {
  const project = which === 'blue' ? 'BLUE' : 'GREEN';
  const created = await call(emulator.url, ADMIN[which], 'POST', '/rest/api/2/project', {
    key: project,
    name: `${project} project`,
    projectTypeKey: 'software',
    ...(which === 'green' ? { lead: 'admin' } : {}),
  });
  if (created.status !== 201) throw new Error(`project ${project}: ${created.status} ${JSON.stringify(created.body)}`);
  // A person other than Tandem's account, so that attribution and echo checks see two authors.
  const user = await fetch(`${emulator.url}/_emulator/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'alice',
      displayName: 'Alice Moreau',
      email: 'alice@example.com',
      password: 'alice',
      apiToken: 'alice-token',
      personalAccessToken: 'alice-token',
      groups: ['jira-software-users'],
    }),
  });
  if (user.status >= 300) throw new Error(`user alice: ${user.status} ${await user.text()}`);
  return project;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const seed = options.seed === undefined ? {} : { seed: options.seed };
  const emulators = options.emulators ?? {
    blue: await startJiraEmulator({ flavor: 'cloud', port: 0, ...seed }),
    green: await startJiraEmulator({ flavor: 'datacenter', port: 0, ...seed }),
  };
  if (!options.emulators && !options.seed) {
    await prepareInstance(emulators.blue, 'blue');
    await prepareInstance(emulators.green, 'green');
  }
  const dir = options.storeFile ? undefined : mkdtempSync(join(tmpdir(), 'tandem-e2e-'));
  const storeFile = options.storeFile ?? join(dir as string, 'tandem.db');
  const store = await openStore(storeFile);
  const trackers = new Map<string, TrackerPort>([
    [
      'blue',
      createTracker({
        instance: 'blue',
        type: 'jira-cloud',
        url: emulators.blue.url,
        email: 'admin@example.com',
        token: 'emulator-token',
      }),
    ],
    [
      'green',
      createTracker({ instance: 'green', type: 'jira-datacenter', url: emulators.green.url, token: 'emulator-token' }),
    ],
  ]);
  const connection: EngineConnection = {
    name: 'blue_green',
    mode: options.mode ?? 'basic',
    a: {
      side: 'a',
      instance: 'blue',
      project: 'BLUE',
      trigger: options.triggers?.blue ?? 'project = BLUE',
      sync: 'auto',
    },
    b: {
      side: 'b',
      instance: 'green',
      project: 'GREEN',
      trigger: options.triggers?.green ?? 'project = GREEN',
      sync: 'auto',
    },
  };
  const rules = options.rules?.({ name: connection.name, a: 'blue', b: 'green' });
  if (rules) connection.rules = rules;
  const timings: EngineTimings = {
    ...DEFAULT_TIMINGS,
    pollIntervalMs: 400,
    pollOverlapMs: 60_000,
    createSettleMs: 1500,
    leaseMs: 10_000,
    maxBackoffMs: 1000,
    ...options.timings,
  };
  const engine = new SyncEngine(
    {
      connections: [connection],
      trackers,
      store,
      timings,
      now: () => Date.now(),
      newId: () => randomUUID(),
      logger: SILENT_LOGGER,
    },
    'test-node-secret',
  );

  let server: Server | undefined;
  let publicUrl: string | undefined;
  if (options.webhooks ?? true) {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const instance = decodeURIComponent(request.url?.split('/').pop() ?? '');
        const signature = request.headers['x-hub-signature'];
        engine.handleWebhook(instance, Buffer.concat(chunks), Array.isArray(signature) ? signature[0] : signature).then(
          (verdict) => response.writeHead(verdict.ok ? 204 : verdict.status).end(),
          () => response.writeHead(500).end(),
        );
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('webhook server has no address');
    publicUrl = `http://127.0.0.1:${address.port}`;
  }
  if (options.start ?? true) await engine.start(publicUrl ? { registerWebhooksAt: publicUrl } : {});

  const harness: Harness = {
    blue: emulators.blue,
    green: emulators.green,
    store,
    storeFile,
    engine,
    trackers,
    connection,
    jira: (which, method, path, body, as = 'alice') => {
      const emulator = which === 'blue' ? emulators.blue : emulators.green;
      // The demo data's people sign in with the emulator's default token (Cloud) or their password (Data Center).
      const alice = options.seed
        ? {
            blue: `Basic ${Buffer.from('alice@example.com:emulator-token').toString('base64')}`,
            green: `Basic ${Buffer.from('alice:alice').toString('base64')}`,
          }
        : {
            blue: `Basic ${Buffer.from('alice@example.com:alice-token').toString('base64')}`,
            green: 'Bearer alice-token',
          };
      const auth = as === 'admin' ? ADMIN[which] : alice[which];
      return call(emulator.url, auth, method, path, body);
    },
    settle: async (timeoutMs = 20_000) => {
      await engine.waitUntilIdle(timeoutMs);
      await engine.pollNow();
      await engine.waitUntilIdle(timeoutMs);
    },
    writes: async (which) => {
      const emulator = which === 'blue' ? emulators.blue : emulators.green;
      return emulator.stats
        .list()
        .filter((entry) => entry.method !== 'GET' && !entry.endpoint.startsWith('/_emulator'))
        .reduce((sum, entry) => sum + entry.count, 0);
    },
    close: async (closeOptions = {}) => {
      await engine.stop();
      await store.close();
      if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
      if (!closeOptions.keepEmulators) await Promise.all([emulators.blue.close(), emulators.green.close()]);
      if (dir && !closeOptions.keepStore) rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
