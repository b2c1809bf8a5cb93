/** Connections, their sides and triggers, as the API shows and takes them. */
import { z } from 'zod';
import { connectionName, epochMs, sideName } from './common-schemas.ts';

const syncMethod = z.enum(['auto', 'manual', 'off']);

export const triggerSchema = z.object({
  jql: z.string(),
  active: z.boolean(),
  note: z.string().nullable(),
});

export const sideSchema = z.object({
  side: sideName,
  instance: z.string(),
  remote: z.boolean().meta({ description: 'The peer node serves this side' }),
  project: z.string().nullable(),
  trigger: z.string().nullable().meta({ description: 'The active triggers as one JQL; null: none' }),
  triggers: z.array(triggerSchema),
  sync: syncMethod.nullable(),
  url: z.string().nullable().meta({ description: "The instance's base URL (null for the peer's)" }),
});

export const connectionSchema = z.object({
  name: z.string(),
  description: z.string().nullable(),
  mode: z.enum(['basic', 'visual', 'script']),
  status: z.enum(['pending', 'active', 'paused', 'error']),
  reason: z.string().nullable(),
  sides: z.array(sideSchema).length(2),
  twins: z.int(),
  pending: z.int().meta({ description: 'Sync events waiting' }),
  errors: z.int().meta({ description: 'Twins parked or retrying' }),
  lastSyncAt: epochMs.nullable(),
  syncsPerHour: z.array(z.int()).length(24).meta({ description: 'The last 24 hours, oldest first' }),
  peer: z
    .object({ nodeId: z.string(), url: z.string(), status: z.enum(['active', 'error']), reason: z.string().nullable() })
    .nullable(),
});

const localSideInput = z.strictObject({
  instance: z.string().min(1),
  remote: z.literal(false).optional(),
  project: z.string().min(1),
  trigger: z.string().min(1).optional().meta({ description: 'JQL; without: only issues synced by hand' }),
  sync: syncMethod.optional(),
});
const remoteSideInput = z.strictObject({
  instance: z.string().min(1).meta({ description: "The peer node's name for its instance" }),
  remote: z.literal(true),
});

export const newConnectionBody = z.strictObject({
  name: connectionName.regex(/^[A-Za-z][A-Za-z0-9_-]*$/, {
    error: 'names use letters, digits, _ and -, and start with a letter',
  }),
  description: z.string().max(2000).optional(),
  mode: z.enum(['basic']).default('basic').meta({
    description: 'A new connection starts in basic mode; set Visual or Script rules with PUT .../rules',
  }),
  sides: z
    .tuple([
      z.discriminatedUnion('remote', [remoteSideInput, localSideInput]),
      z.discriminatedUnion('remote', [remoteSideInput, localSideInput]),
    ])
    .meta({ description: 'Exactly two sides; the first is side a' }),
});

export const triggersDocument = z.object({
  connection: z.string(),
  sides: z.array(
    z.object({ side: sideName, instance: z.string(), remote: z.boolean(), triggers: z.array(triggerSchema) }),
  ),
});

export const triggersBody = z.strictObject({
  triggers: z.record(
    z.string(),
    z.array(
      z.strictObject({
        jql: z.string().trim().min(1),
        active: z.boolean().default(true),
        note: z.string().nullable().default(null),
      }),
    ),
  ),
});

export const sideParams = z.object({ name: connectionName, instance: z.string().min(1) });
export const sideSyncBody = z.strictObject({ sync: syncMethod });

export const initiateBody = z.strictObject({
  expiresInMinutes: z
    .int()
    .min(1)
    .max(30 * 24 * 60)
    .default(24 * 60),
});
export const invitationDocument = z.object({ connection: z.string(), code: z.string(), expiresAt: epochMs });
export const acceptBody = z.strictObject({ code: z.string().trim().min(1).max(4096) });

export const recoverDocument = z.object({
  connection: z.string(),
  marked: z.record(z.string(), z.int()),
  recovered: z.int(),
  alreadyKnown: z.int(),
  incomplete: z.int(),
});
