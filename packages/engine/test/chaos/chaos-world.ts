/* Tests read Jira's JSON answers deep and loosely; typing every answer would hide what they check. */
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The real system a chaos run acts on: two emulated Jiras (Cloud "blue", Data Center "green") shared by every run of
 * a process and reset between runs, and what syncs them — a ChaosHost: in one-node runs the engine of this file on one
 * SQLite store, in this process (stopped and started again) or in a child process (killed with SIGKILL and started
 * again); in two-node runs two paired nodes (chaos-two-node-world.ts). People act as alice over Jira's REST API;
 * Tandem is the admin account. Every request an emulator receives is logged with its arrival time, issue and answer,
 * so that the invariants can be checked from Jira's side alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { startJiraEmulator, type JiraEmulator } from '@tandem/jira-emulator';
import { createTracker } from '@tandem/jira-adapter';
import { openStore } from '@tandem/store';
import type { Store, TrackerPort } from '@tandem/core';
import type { SyncEngine } from '../../src/index.ts';
import { chaosEngine, tandemTrackers, webhookReceiver } from './chaos-engine-config.ts';
import { sendStreamsOfFile, watchSendsHere, type SendStream } from './chaos-send-log.ts';
import { call } from '../support/sync-harness.ts';

export type Side = 'blue' | 'green';
export const SIDES: readonly Side[] = ['blue', 'green'];
export const PROJECT: Record<Side, string> = { blue: 'BLUE', green: 'GREEN' };
export const OTHER: Record<Side, Side> = { blue: 'green', green: 'blue' };
const TANDEM_USER = 'admin';

/** One request as the emulator saw it. */
export interface LoggedRequest {
  /** Arrival, wall ms. */
  at: number;
  method: string;
  endpoint: string;
  url: string;
  user: string;
  /** The issue the URL names, resolved to its id at arrival. */
  issueId: string | undefined;
  /** Answer status when known (handler result or injected fault); undefined when the handler threw. */
  status?: number;
  /** For injected 429s: the reason and Retry-After seconds (null: none sent). */
  rateLimit?: { reason: string | null; retryAfterSeconds: number | null };
  /**
   * Which generation of the process talking to this Jira was running (a restarted process cannot remember a
   * Retry-After): one count per side, since in two-node runs each node talks to its own Jira only.
   */
  generation: number;
}

export type EngineMode = 'in-process' | 'child';
export type Topology = 'one-node' | 'two-node';
export type NodeName = 'node1' | 'node2';

/** What a chaos run drives, whatever its topology: one engine for both Jiras, or two paired nodes. */
export interface ChaosHost {
  readonly topology: Topology;
  readonly mode: EngineMode;
  /** In-process stops and starts, or kills (SIGKILL), so far. */
  readonly restarts: number;
  readonly restores: number;
  /**
   * Stops the engine (SIGKILL for a child, stop() in process) and starts it again on the same store, optionally
   * restored from an older copy. Two-node runs restart the node named (default both).
   */
  restart(restore: boolean, which?: NodeName | 'both'): Promise<void>;
  /** Runs the poll now where the engine is in this process; a child polls on its own interval. */
  pollNow(): Promise<void>;
  /** Uses every store of the run in turn (one, or one per node), named. */
  eachStore<T>(use: (name: string, store: Store) => Promise<T>): Promise<T[]>;
  close(): Promise<void>;
}

/** Sync events queued, over every store. */
export async function queueDepth(host: ChaosHost): Promise<number> {
  const depths = await host.eachStore((_name, store) => store.queue.depth());
  return depths.reduce((sum, depth) => sum + depth, 0);
}

/** Twins in error (parked or retrying), as sentences, over every store. */
export async function twinErrors(host: ChaosHost): Promise<string[]> {
  const errors = await host.eachStore(async (name, store) =>
    (await store.listErrors()).map((error) => `${name}: parked/retrying twin ${error.twinId}: ${error.message}`),
  );
  return errors.flat();
}

/** The counter a restart fault is reported under. */
export function restartCounter(host: Pick<ChaosHost, 'topology' | 'mode'>): string {
  if (host.topology === 'two-node')
    return host.mode === 'child' ? 'kill -9 and restart a node' : 'stop and restart a node in process';
  return host.mode === 'child' ? 'kill -9 and restart' : 'stop and restart in process';
}

const ADMIN_AUTH: Record<Side, string> = {
  blue: `Basic ${Buffer.from('admin@example.com:emulator-token').toString('base64')}`,
  green: 'Bearer emulator-token',
};
const ALICE_AUTH: Record<Side, string> = {
  blue: `Basic ${Buffer.from('alice@example.com:alice-token').toString('base64')}`,
  green: 'Bearer alice-token',
};

/** A JSON call on an emulator (the harness's own helper, by emulator rather than URL). */
export function jiraCall(
  emulator: JiraEmulator,
  auth: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  return call(emulator.url, auth, method, path, body);
}

/** A free TCP port on 127.0.0.1 (free when asked). */
export async function freePort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no free port');
  return address.port;
}

const ISSUE_IN_URL = /\/rest\/api\/(?:2|3|latest)\/issue\/([^/?]+)/;

/** The two emulators, started once per process; each run resets them. */
export class ChaosEmulators {
  readonly log: Record<Side, LoggedRequest[]> = { blue: [], green: [] };
  /** Tandem's send logs for this run, one stream per tracker (see chaos-send-log.ts). */
  readonly sends: SendStream[] = [];
  /** The generation of the process that talks to each Jira (see LoggedRequest.generation). */
  readonly generation: Record<Side, number> = { blue: 0, green: 0 };

  private constructor(readonly jira: Record<Side, JiraEmulator>) {
    for (const side of SIDES) this.watch(side);
  }

  static async start(): Promise<ChaosEmulators> {
    return new ChaosEmulators({
      blue: await startJiraEmulator({ flavor: 'cloud', port: 0 }),
      green: await startJiraEmulator({ flavor: 'datacenter', port: 0 }),
    });
  }

  async close(): Promise<void> {
    await Promise.all(SIDES.map((side) => this.jira[side].close()));
  }

  /** Back to an empty Jira with the project and alice; logs cleared. */
  async reset(): Promise<void> {
    for (const side of SIDES) {
      const emulator = this.jira[side];
      const reset = await this.control(side, 'POST', '/_emulator/reset', {});
      if (reset.status >= 300) throw new Error(`reset ${side}: ${reset.status}`);
      const created = await jiraCall(emulator, ADMIN_AUTH[side], 'POST', '/rest/api/2/project', {
        key: PROJECT[side],
        name: `${PROJECT[side]} project`,
        projectTypeKey: 'software',
        ...(side === 'green' ? { lead: 'admin' } : {}),
      });
      if (created.status !== 201) throw new Error(`project ${PROJECT[side]}: ${created.status}`);
      const user = await this.control(side, 'POST', '/_emulator/users', {
        name: 'alice',
        displayName: 'Alice Moreau',
        email: 'alice@example.com',
        password: 'alice',
        apiToken: 'alice-token',
        personalAccessToken: 'alice-token',
        groups: ['jira-software-users'],
      });
      if (user.status >= 300) throw new Error(`user alice on ${side}: ${user.status}`);
      this.log[side] = [];
    }
    this.sends.length = 0;
  }

  /** Collects, from now on, the send logs of trackers in this process. */
  watchSends(trackers: ReadonlyMap<string, TrackerPort>): void {
    this.sends.push(...watchSendsHere(trackers));
  }

  /** Collects the send logs a child process writes to `file` (watchSendsToFile in chaos-send-log.ts). */
  watchSendFile(file: string): void {
    this.sends.push(...sendStreamsOfFile(file, SIDES));
  }

  async control(side: Side, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.jira[side].url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path} on ${side}: ${response.status} ${text}`);
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  }

  /** A person's REST call (alice). */
  asAlice(side: Side, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    return jiraCall(this.jira[side], ALICE_AUTH[side], method, path, body);
  }

  async uploadAsAlice(
    side: Side,
    key: string,
    filename: string,
    bytes: Buffer,
  ): Promise<{ status: number; body: any }> {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'text/plain' }), filename);
    const response = await fetch(`${this.jira[side].url}/rest/api/2/issue/${key}/attachments`, {
      method: 'POST',
      headers: { authorization: ALICE_AUTH[side], 'X-Atlassian-Token': 'no-check' },
      body: form,
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  }

  /** Read-only trackers as alice (never Tandem's account: reads by the checks must not count as Tandem's traffic). */
  aliceTrackers(): Map<Side, TrackerPort> {
    return new Map<Side, TrackerPort>([
      [
        'blue',
        createTracker({
          instance: 'blue',
          type: 'jira-cloud',
          url: this.jira.blue.url,
          email: 'alice@example.com',
          token: 'alice-token',
        }),
      ],
      [
        'green',
        createTracker({ instance: 'green', type: 'jira-datacenter', url: this.jira.green.url, token: 'alice-token' }),
      ],
    ]);
  }

  tandemAccountId(side: Side): string {
    const user = this.jira[side].context.state.findUser(TANDEM_USER);
    if (!user) throw new Error(`no ${TANDEM_USER} on ${side}`);
    return user.accountId;
  }

  /**
   * Logs every request the emulator receives, through its fault gate (the first gate every request passes): arrival
   * time, issue, and the answer — an injected fault's, or the handler's.
   */
  private watch(side: Side): void {
    const emulator = this.jira[side];
    const gate = emulator.context.traffic.faults;
    const before = gate.beforeHandle.bind(gate);
    const after = gate.afterHandle.bind(gate);
    const entries = new WeakMap<FastifyRequest, LoggedRequest>();
    gate.beforeHandle = async (request, definition, user) => {
      const endpoint = request.jiraEndpoint ?? request.url;
      const match = ISSUE_IN_URL.exec(request.url);
      const entry: LoggedRequest = {
        at: Date.now(),
        method: request.method,
        endpoint,
        url: request.url,
        user: user?.name ?? 'anonymous',
        issueId: match?.[1] ? emulator.context.state.findIssue(decodeURIComponent(match[1]))?.id : undefined,
        generation: this.generation[side],
      };
      if (!endpoint.startsWith('/_emulator')) this.log[side].push(entry);
      entries.set(request, entry);
      try {
        await before(request, definition, user);
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status !== undefined) entry.status = status;
        if (status === 429) {
          const headers = (error as { headers?: Record<string, string> }).headers ?? {};
          const retryAfter = headers['Retry-After'] ?? headers['retry-after'];
          entry.rateLimit = {
            reason: headers['RateLimit-Reason'] ?? headers['ratelimit-reason'] ?? null,
            retryAfterSeconds: retryAfter === undefined ? null : Number(retryAfter),
          };
        }
        throw error;
      }
    };
    gate.afterHandle = (request: FastifyRequest, reply: FastifyReply, response) => {
      const outcome = after(request, reply, response);
      const entry = entries.get(request);
      if (entry) entry.status = outcome === 'drop' ? 0 : response.status;
      return outcome;
    };
  }
}

/** Keeps a copy of the store as it is now (what a later restore goes back to). */
export function keepStoreCopy(storeFile: string, copy: string): void {
  for (const suffix of ['', '-wal']) {
    rmSync(copy + suffix, { force: true });
    if (existsSync(storeFile + suffix)) copyFileSync(storeFile + suffix, copy + suffix);
  }
}

/** Puts the kept copy back in place of the store (the store must be closed); false when there is none. */
export function restoreStoreCopy(storeFile: string, copy: string): boolean {
  if (!existsSync(copy)) return false;
  for (const suffix of ['-wal', '-shm']) rmSync(storeFile + suffix, { force: true });
  copyFileSync(copy, storeFile);
  if (existsSync(copy + '-wal')) copyFileSync(copy + '-wal', storeFile + '-wal');
  return true;
}

/** Waits for a child process to print "ready"; rejects if it exits first. */
export function childReady(child: ChildProcess, what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code, signal) => reject(new Error(`${what} exited early (${String(code ?? signal)})`)));
  });
}

/** SIGKILLs a child and waits for it to be gone; false when it had already exited. */
export async function killChild(child: ChildProcess | undefined): Promise<boolean> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return false;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return true;
}

/** The engine of a one-node run, in this process or in a child, on one store file. */
export class EngineHost implements ChaosHost {
  readonly topology = 'one-node';
  private engine: SyncEngine | undefined;
  private store: Store | undefined;
  private child: ChildProcess | undefined;
  private receiver: Server | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'tandem-chaos-'));
  readonly storeFile = join(this.dir, 'tandem.db');
  private readonly snapshot = join(this.dir, 'snapshot.db');
  private trackers: Map<string, TrackerPort> | undefined;
  restarts = 0;
  kills = 0;
  restores = 0;

  private constructor(
    readonly mode: EngineMode,
    private readonly emulators: ChaosEmulators,
    private readonly port: number,
  ) {}

  static async start(mode: EngineMode, emulators: ChaosEmulators): Promise<EngineHost> {
    const host = new EngineHost(mode, emulators, await freePort());
    if (mode === 'in-process') host.receiver = await webhookReceiver(host.port, () => host.engine);
    await host.up();
    return host;
  }

  get running(): SyncEngine | undefined {
    return this.engine;
  }

  private urls(): { blueUrl: string; greenUrl: string } {
    return { blueUrl: this.emulators.jira.blue.url, greenUrl: this.emulators.jira.green.url };
  }

  /**
   * Starts the engine like a supervisor would: starting registers webhooks, which a Jira fault can fail; the
   * supervisor then tries again.
   */
  private async up(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.upOnce();
        return;
      } catch (error) {
        await this.down();
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private async upOnce(): Promise<void> {
    for (const side of SIDES) this.emulators.generation[side]++;
    if (this.mode === 'in-process') {
      // One set of trackers for the life of the run: an in-process restart keeps what Jira said about rate limits.
      if (!this.trackers) {
        this.trackers = tandemTrackers(this.urls());
        this.emulators.watchSends(this.trackers);
      }
      this.store = await openStore(this.storeFile);
      this.engine = chaosEngine(this.store, this.trackers);
      await this.engine.start({ registerWebhooksAt: `http://127.0.0.1:${this.port}` });
      return;
    }
    // One send log per process: a new process remembers no Retry-After.
    const sendLog = join(this.dir, `sends-${this.emulators.generation.blue}.jsonl`);
    this.emulators.watchSendFile(sendLog);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'chaos-child.ts'),
        JSON.stringify({ ...this.urls(), storeFile: this.storeFile, port: this.port, sendLog }),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    this.child = child;
    await childReady(child, 'chaos engine child');
  }

  /** Stops the engine (SIGKILL for a child, stop() in process), optionally restores an older store copy, starts again. */
  async restart(restore: boolean): Promise<void> {
    await this.down();
    this.restarts++;
    if (restore && restoreStoreCopy(this.storeFile, this.snapshot)) this.restores++;
    // The copy a later restore goes back to: the store as this stop left it.
    else keepStoreCopy(this.storeFile, this.snapshot);
    await this.up();
  }

  private async down(): Promise<void> {
    if (this.mode === 'in-process') {
      const engine = this.engine;
      this.engine = undefined;
      await engine?.stop();
      await this.store?.close();
      this.store = undefined;
      return;
    }
    const child = this.child;
    this.child = undefined;
    if (await killChild(child)) this.kills++;
  }

  /** A store handle for the checks (the engine's own in process; a second connection to the child's file). */
  async withStore<T>(use: (store: Store) => Promise<T>): Promise<T> {
    if (this.store) return use(this.store);
    const store = await openStore(this.storeFile);
    try {
      return await use(store);
    } finally {
      await store.close();
    }
  }

  /** Runs the poll now when the engine is in this process; a child polls on its own interval. */
  async pollNow(): Promise<void> {
    await this.engine?.pollNow();
  }

  async eachStore<T>(use: (name: string, store: Store) => Promise<T>): Promise<T[]> {
    return [await this.withStore((store) => use('engine', store))];
  }

  async close(): Promise<void> {
    await this.down();
    if (this.receiver) await new Promise<void>((resolve) => this.receiver?.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
