/** What the engine is built from: its connections, one tracker per instance, the store, a clock, ids and a logger. */
import type { Store, TrackerPort } from '@tandem/core';
import type { EngineConnection, EngineTimings } from './engine-config.ts';

/** The few logger methods the engine uses (pino's shape). */
export interface EngineLogger {
  info(object: Record<string, unknown>, message?: string): void;
  warn(object: Record<string, unknown>, message?: string): void;
  error(object: Record<string, unknown>, message?: string): void;
}

export const SILENT_LOGGER: EngineLogger = { info: () => {}, warn: () => {}, error: () => {} };

export interface EngineDeps {
  connections: EngineConnection[];
  trackers: ReadonlyMap<string, TrackerPort>;
  store: Store;
  timings: EngineTimings;
  /** Epoch ms. */
  now: () => number;
  newId: () => string;
  logger: EngineLogger;
}
