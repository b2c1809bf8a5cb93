/**
 * Everything a route handler or background part of one emulated Jira needs, in one object built by
 * startJiraEmulator(). Parts hold a reference to it rather than importing each other.
 */
import type { BlobStore } from './attachments/blob-store.ts';
import type { EmulatorClock } from './clock/emulator-clock.ts';
import type { EmulatorSettings } from './emulator-settings.ts';
import type { JiraEventBus } from './model/jira-events.ts';
import type { JiraState } from './model/jira-state.ts';
import type { Flavor } from './model/types.ts';
import type { WebhookDispatcher } from './webhooks/webhook-dispatcher.ts';
import type { EmulatorLifecycle } from './control/emulator-lifecycle.ts';
import type { TrafficControls } from './traffic/traffic-controls.ts';
import type { SearchIndex } from './search/search-index.ts';

export interface EmulatorContext {
  readonly flavor: Flavor;
  readonly state: JiraState;
  readonly clock: EmulatorClock;
  readonly events: JiraEventBus;
  readonly blobs: BlobStore;
  readonly settings: EmulatorSettings;
  /** Webhook deliveries: registrations live in state; this sends them, with retries and injected faults. */
  readonly webhooks: WebhookDispatcher;
  /** Request counts, injected faults and rate limits (driven by the control API). */
  readonly traffic: TrafficControls;
  /** restart() of the HTTP server with state kept, and onReset() for parts that keep state outside JiraData. */
  readonly lifecycle: EmulatorLifecycle;
  /** What JQL search sees: live issues, or lagging snapshots when index lag is injected. */
  readonly searchIndex: SearchIndex;
  /** `http://127.0.0.1:PORT`, known once the server listens. */
  baseUrl(): string;
}
