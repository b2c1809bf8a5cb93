/** Schemas shared by several routes: the error envelope, names and keys in paths, epoch-ms times. */
import { z } from 'zod';

/** Every failure's body. */
export const errorEnvelope = z
  .object({
    error: z.object({
      message: z.string(),
      details: z.record(z.string(), z.unknown()).meta({
        description:
          'On 400: issues [{ in: body|query|path|config, path: [...], message }] naming each bad value; else what helps',
      }),
    }),
  })
  .meta({ description: 'The one error envelope of every route' });

export const epochMs = z.number().int().meta({ description: 'Epoch milliseconds' });
export const sideName = z.enum(['a', 'b']).meta({ description: 'a: the side the config lists first' });
export const connectionName = z.string().min(1).max(200);
export const issueKey = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*-[1-9][0-9]*$/, { error: 'not an issue key such as BLUE-1' })
  .meta({ description: 'A Jira issue key, e.g. BLUE-1' });

export const nameParams = z.object({ name: connectionName });
