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

export interface EmulatorContext {
  readonly flavor: Flavor;
  readonly state: JiraState;
  readonly clock: EmulatorClock;
  readonly events: JiraEventBus;
  readonly blobs: BlobStore;
  readonly settings: EmulatorSettings;
  /** `http://127.0.0.1:PORT`, known once the server listens. */
  baseUrl(): string;
}
