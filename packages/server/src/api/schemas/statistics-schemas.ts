/** The statistics document and the bulk run and error group shapes. */
import { z } from 'zod';
import { epochMs } from './common-schemas.ts';

export const statisticsDocument = z.object({
  from: epochMs,
  to: epochMs,
  hours: z.int(),
  connection: z.string().nullable(),
  syncsPerHour: z.array(z.object({ hour: epochMs, syncs: z.int(), errors: z.int() })),
  latency: z
    .object({
      count: z.int(),
      p50: z.number().nullable(),
      p90: z.number().nullable(),
      p99: z.number().nullable(),
      max: z.number().nullable(),
    })
    .meta({ description: 'Milliseconds from a change detected to it applied on the other side' }),
  apiCalls: z.array(
    z.object({
      instance: z.string(),
      requests: z.int(),
      retries: z.int(),
      rateLimited: z.int(),
      rateLimitedByReason: z.record(z.string(), z.int()),
      byMethod: z.record(z.string(), z.int()),
    }),
  ),
  queue: z.object({ depth: z.int(), byConnection: z.record(z.string(), z.int()) }),
});

export const bulkRunSchema = z.object({
  runId: z.string(),
  connection: z.string(),
  state: z.enum(['scanning', 'syncing', 'done']),
  found: z.int().meta({ description: 'Twins found so far by the triggers' }),
  synced: z.int().meta({ description: 'Twins whose sync step finished' }),
  pending: z.int(),
  failed: z.int().meta({ description: 'Twins parked with an error' }),
  done: z.boolean(),
  cancelled: z.boolean(),
  startedAt: epochMs,
  finishedAt: epochMs.nullable(),
  error: z.string().nullable(),
});

export const errorGroupSchema = z.object({
  id: z.string(),
  connection: z.string(),
  cause: z.string().meta({ description: 'What the errors of the group have in common' }),
  message: z.string(),
  blastRadius: z.enum(['twin', 'connection']),
  count: z.int(),
  script: z.object({ file: z.string(), line: z.int().nullable(), column: z.int().nullable() }).nullable(),
  jira: z.object({ status: z.int().nullable(), messages: z.array(z.string()) }).nullable(),
  twins: z.array(
    z.object({
      twinId: z.string(),
      keys: z.array(z.string()),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
      firstAt: epochMs,
      lastAt: epochMs,
      attempts: z.int(),
      retrying: z.boolean(),
    }),
  ),
});
