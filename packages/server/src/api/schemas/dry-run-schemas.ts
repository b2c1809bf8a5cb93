/** A dry run's request and the engine's DryRunReport as the API answers it. */
import { z } from 'zod';
import type { DryRunReport } from '@tandem/engine';
import { issueKey, sideName } from './common-schemas.ts';
import { rulesInput } from './rules-schemas.ts';

export const dryRunBody = z.strictObject({
  key: issueKey,
  rules: rulesInput
    .optional()
    .meta({ description: 'Unsaved rules to try instead of the saved ones (nothing is saved)' }),
});

const record = z.record(z.string(), z.unknown());
const added = z.object({ add: z.array(z.string()), update: z.array(z.string()), delete: z.array(z.string()) });

export const dryRunReportSchema = z.object({
  connection: z.string(),
  source: z.object({ side: sideName, instance: z.string(), issueKey: z.string() }),
  replica: record.nullable().meta({ description: 'What the outgoing rule sends; null: the issue is out of scope' }),
  target: z
    .union([
      z.object({ served: z.literal(false), instance: z.string(), note: z.string() }),
      z.object({
        served: z.literal(true),
        instance: z.string(),
        issueKey: z.string().nullable(),
        create: z.boolean(),
        fields: z.array(
          z.object({
            field: z.string(),
            name: z.string(),
            before: z.unknown().optional().meta({ description: 'Absent when the issue is created' }),
            after: z.unknown(),
          }),
        ),
        comments: added,
        attachments: z.object({ add: z.array(z.string()), delete: z.array(z.string()) }),
        worklogs: added,
        links: z.object({ add: z.array(z.string()), remove: z.array(z.string()) }),
        keptHere: z.array(z.string()),
        decisions: z.array(record),
        problems: z.array(z.object({ field: z.string(), message: z.string() })),
        waitingFor: z.array(z.string()),
        unmatchedPeople: z.array(z.string()),
        log: z.array(z.string()),
      }),
    ])
    .nullable(),
});

export type DryRunDocument = z.input<typeof dryRunReportSchema>;

/**
 * The engine's report as the route's answer. Its replica and items are interfaces, which TypeScript does not take for
 * the schema's string-keyed records; the answer is still parsed by dryRunReportSchema before it is sent.
 */
export function dryRunDocument(report: DryRunReport): DryRunDocument {
  return report as unknown as DryRunDocument;
}
