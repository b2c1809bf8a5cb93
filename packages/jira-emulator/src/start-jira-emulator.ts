/**
 * Starts one emulated Jira (Cloud or Data Center) on a local port. Returns its URL and handles for tests:
 * the context (state, clock), request statistics, the mounted routes, close() and restart().
 */
import { join } from 'node:path';
import { FileBlobStore, MemoryBlobStore } from './attachments/blob-store.ts';
import { EmulatorClock } from './clock/emulator-clock.ts';
import type { EmulatorContext } from './emulator-context.ts';
import type { JiraEmulatorOptions } from './emulator-options.ts';
import { DEFAULT_SETTINGS } from './emulator-settings.ts';
import { buildServer, type MountedRoute } from './http/build-server.ts';
import { createDefaultData } from './model/defaults.ts';
import { JiraEventBus } from './model/jira-events.ts';
import { JiraState } from './model/jira-state.ts';
import type { Flavor } from './model/types.ts';
import { seedDemoData } from './model/demo-seed.ts';
import { StateFile } from './persistence/state-file.ts';
import { jiraRoutes } from './routes/jira-routes.ts';
import { SearchIndex } from './search/search-index.ts';
import { searchControlRoutes } from './search/search-control-routes.ts';
import { RequestStats } from './traffic/request-stats.ts';
import { EmulatorLifecycle } from './control/emulator-lifecycle.ts';
import { controlRoutes } from './control/control-routes.ts';
import { FaultInjector } from './traffic/fault-injector.ts';
import { RateLimiter } from './traffic/rate-limiter.ts';
import { webhookControlRoutes } from './webhooks/webhook-control-routes.ts';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.ts';
import { webhookRoutes } from './webhooks/webhook-routes.ts';

export interface JiraEmulator {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly flavor: Flavor;
  readonly port: number;
  readonly context: EmulatorContext;
  readonly stats: RequestStats;
  /** Every route mounted (method and fastify URL template). */
  readonly routes: MountedRoute[];
  /** Stops the server (and saves state when a data directory is used). */
  close(): Promise<void>;
  /** Stops and starts the HTTP server on the same port, keeping all state (in memory or on disk). */
  restart(): Promise<void>;
}

export async function startJiraEmulator(options: JiraEmulatorOptions): Promise<JiraEmulator> {
  const { flavor } = options;
  const host = options.host ?? '127.0.0.1';
  const stateFile = options.dataDir ? new StateFile(options.dataDir) : undefined;
  const loaded = stateFile?.load(flavor);
  const state = new JiraState(loaded ?? createDefaultData(flavor));
  const clock = new EmulatorClock();
  if (options.frozenClockAt !== undefined) clock.freeze(options.frozenClockAt);
  let baseUrl = '';
  const stats = new RequestStats();
  const lifecycle = new EmulatorLifecycle();
  const events = new JiraEventBus();
  const context: EmulatorContext = {
    flavor,
    state,
    clock,
    events,
    blobs: options.dataDir ? new FileBlobStore(join(options.dataDir, 'attachments')) : new MemoryBlobStore(),
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    webhooks: new WebhookDispatcher(),
    traffic: {
      stats,
      faults: new FaultInjector({ flavor, clock, restart: () => lifecycle.restart() }),
      rateLimits: new RateLimiter({ flavor, clock, state }),
    },
    lifecycle,
    searchIndex: new SearchIndex({ state, clock, events, lifecycle }),
    baseUrl: () => baseUrl,
  };
  context.webhooks.start(context);
  const routes = [...jiraRoutes, ...webhookRoutes, ...webhookControlRoutes, ...controlRoutes, ...searchControlRoutes];
  // Faults before rate limits: an injected 429/5xx does not spend a real token, and a lost response is decided first.
  const gates = [context.traffic.faults, context.traffic.rateLimits];

  let server = buildServer(context, routes, stats, gates);
  const address = await server.app.listen({ port: options.port ?? 0, host });
  const port = Number(new URL(address).port);
  baseUrl = `http://${host}:${port}`;
  if (!loaded && options.seed === 'demo') seedDemoData(context);
  stateFile?.watch(state);
  lifecycle.bindRestart(async () => {
    await server.app.close();
    stateFile?.save(state);
    server = buildServer(context, routes, stats, gates);
    await server.app.listen({ port, host });
  });

  return {
    url: baseUrl,
    flavor,
    port,
    context,
    stats,
    get routes() {
      return server.routes;
    },
    async close() {
      context.webhooks.dispose();
      await server.app.close();
      clock.dispose();
      stateFile?.stop(state);
    },
    restart: () => lifecycle.restart(),
  };
}
