/** Twins, their timeline and the audit log as the API shows them. */
import { z } from 'zod';
import { epochMs, sideName } from './common-schemas.ts';

export const twinErrorSchema = z.object({
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
  firstAt: epochMs,
  lastAt: epochMs,
  attempts: z.int(),
});

const issueSnapshot = z
  .object({
    summary: z.string(),
    status: z.string(),
    statusCategory: z.enum(['new', 'indeterminate', 'done']),
    issueType: z.string(),
    updated: epochMs,
  })
  .meta({ description: 'Read from Jira when asked' });

const twinSide = z.object({
  instance: z.string(),
  issueId: z.string().nullable(),
  issueKey: z.string().nullable(),
  url: z.string().nullable().meta({ description: "The issue's page in Jira" }),
});

export const twinSummarySchema = z.object({
  id: z.string(),
  connection: z.string(),
  state: z.enum(['active', 'creating', 'unsynced']),
  origin: sideName,
  a: twinSide,
  b: twinSide,
  createIntent: z.string().nullable(),
  createdAt: epochMs,
  updatedAt: epochMs,
  lastSyncedAt: epochMs.nullable(),
  pending: z.boolean().meta({ description: 'A sync event waits for this twin' }),
  error: twinErrorSchema.nullable(),
});

const twinSideDetail = twinSide.extend({ issue: issueSnapshot.nullable() });
export const twinDetailSchema = twinSummarySchema.extend({ a: twinSideDetail, b: twinSideDetail });

export const auditEntrySchema = z.object({
  id: z.int(),
  at: epochMs,
  connection: z.string(),
  twinId: z.string().nullable(),
  kind: z.enum(['detected', 'sent', 'received', 'applied', 'created', 'conflict', 'error', 'skipped']),
  detail: z.record(z.string(), z.unknown()).meta({
    description: 'applied/created: from, to, changes, diff [{field,name,before,after}], conflicts; error: message…',
  }),
});

export const twinParams = z.object({ id: z.string().min(1).max(200) });
