/** Options of startJiraEmulator(). */
import type { EmulatorSettings } from './emulator-settings.ts';
import type { Flavor } from './model/types.ts';

export interface JiraEmulatorOptions {
  flavor: Flavor;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Directory that keeps state across restarts; without it state lives in memory only. */
  dataDir?: string;
  /** `demo` adds projects, users and issues with comments and attachments (only into an empty instance). */
  seed?: 'demo' | 'none';
  settings?: Partial<EmulatorSettings>;
  /** Start with the clock frozen at this time (epoch ms); tests then move it with the control API. */
  frozenClockAt?: number;
}
