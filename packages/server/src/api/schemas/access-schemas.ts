/** Users, sessions, API tokens and instances as the API shows them: never a password, hash or token value. */
import { z } from 'zod';
import { epochMs } from './common-schemas.ts';

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['admin']),
});

export const sessionDocument = z.object({
  user: userSchema.nullable().meta({ description: 'Null for API tokens created on the node and the node-local token' }),
  auth: z.enum(['session', 'token', 'local']),
});

export const loginBody = z.strictObject({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
});

export const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  masked: z.string().meta({ description: 'The last characters of the value: ••••abcd' }),
  createdAt: epochMs,
  lastUsedAt: epochMs.nullable(),
  createdBy: z.object({ id: z.string(), email: z.string() }).nullable(),
});

export const newTokenBody = z.strictObject({ name: z.string().trim().min(1).max(100) });

export const newTokenDocument = z.object({
  token: tokenSchema,
  value: z.string().meta({ description: 'The token; shown this once. Send it as Authorization: Bearer <value>' }),
});

export const instanceSchema = z.object({
  name: z.string(),
  type: z.enum(['jira-cloud', 'jira-datacenter']),
  url: z.string(),
  auth: z.object({
    kind: z.enum(['basic', 'bearer']),
    user: z.string().nullable(),
    secret: z.string().meta({ description: 'Masked: ••••abcd' }),
  }),
});
