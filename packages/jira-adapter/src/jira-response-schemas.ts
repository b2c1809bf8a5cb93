/**
 * The parts of Jira's answers the adapter reads, validated with zod. Each flavour brings its user shape (accountId or
 * username) and its rich-text reader (ADF or wiki markup); everything else has one shape on both. Unknown keys are
 * ignored: Jira adds fields over time and we only promise to read these.
 */
import type { TrackerUser } from '@tandem/core';
import type { AdfDoc } from '@tandem/rich-text';
import { z } from 'zod';
import { jiraFieldEntry } from './jira-field-catalog.ts';

/** Jira's timestamps (`2026-04-25T18:35:13.605+0000`) as epoch ms. */
export const jiraDate = z.string().transform((text, ctx) => {
  const ms = Date.parse(text.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `not a Jira date-time: ${text}` });
    return z.NEVER;
  }
  return ms;
});

/** The flavour-specific readers the shared shapes are built from. */
export interface FlavorReaders {
  readonly user: z.ZodType<TrackerUser, unknown>;
  readonly richText: z.ZodType<AdfDoc | null, unknown>;
}

const stringId = z.union([z.string(), z.number()]).transform(String);
const propertyList = z.array(z.object({ key: z.string(), value: z.unknown() }));

/** Every response shape the adapter reads, for one flavour. */
export function jiraSchemas(readers: FlavorReaders) {
  const optionalUser = readers.user
    .nullable()
    .optional()
    .transform((user) => user ?? null);
  const comment = z.object({
    id: stringId,
    author: optionalUser,
    body: readers.richText,
    created: jiraDate,
    updated: jiraDate,
    visibility: z.unknown().optional(),
    jsdPublic: z.boolean().optional(),
    properties: propertyList.optional(),
  });
  const commentPage = z.object({
    comments: z.array(comment),
    startAt: z.number().optional(),
    total: z.number(),
  });
  const attachment = z.object({
    id: stringId,
    filename: z.string(),
    mimeType: z.string(),
    size: z.number(),
    created: jiraDate,
    author: optionalUser,
    content: z.string().optional(),
  });
  const issueRef = z.object({ id: z.string(), key: z.string(), fields: z.object({ updated: jiraDate }) });
  const issueType = z.object({ id: stringId, name: z.string(), subtask: z.boolean().optional() });
  const worklog = z.object({
    id: stringId,
    author: optionalUser,
    started: jiraDate,
    timeSpentSeconds: z.number(),
    comment: readers.richText.optional().transform((doc) => doc ?? null),
    updated: jiraDate,
  });
  const worklogPage = z.object({ worklogs: z.array(worklog), startAt: z.number().optional(), total: z.number() });
  const linkedIssue = z.object({ id: stringId, key: z.string() });
  const status = z.object({
    name: z.string(),
    // Jira's categories are new, indeterminate and done; the rare "No Category" (`undefined`) counts as under way.
    statusCategory: z
      .object({ key: z.enum(['new', 'indeterminate', 'done']).catch('indeterminate') })
      .optional()
      .transform((category) => category?.key ?? 'indeterminate'),
  });
  const linkType = z.object({ name: z.string(), inward: z.string(), outward: z.string() });
  const screenField = z.object({ required: z.boolean().optional(), name: z.string().optional() });
  return {
    user: readers.user,
    comment,
    commentPage,
    attachment,
    attachments: z.array(attachment),
    // The other fields pass through untouched: they are read by kind with the field catalog (neutral-field-readers.ts).
    issue: z.object({
      id: z.string(),
      key: z.string(),
      fields: z.looseObject({
        issuetype: z.object({ id: stringId, name: z.string() }),
        status,
        project: z.object({ key: z.string() }),
        updated: jiraDate,
        created: jiraDate,
        comment: commentPage.optional(),
        attachment: z.array(attachment).optional(),
        worklog: worklogPage.optional(),
        issuelinks: z
          .array(
            z.object({
              id: stringId,
              type: z.object({ name: z.string() }),
              inwardIssue: linkedIssue.optional(),
              outwardIssue: linkedIssue.optional(),
            }),
          )
          .optional(),
      }),
      properties: z.record(z.string(), z.unknown()).optional(),
    }),
    worklog,
    worklogPage,
    fieldList: z.array(jiraFieldEntry),
    transitions: z.object({
      transitions: z.array(
        z.object({
          id: stringId,
          name: z.string(),
          to: status,
          // Keyed by field id; very old Data Center versions sent a list with the id inside.
          fields: z
            .union([
              z.record(z.string(), screenField),
              z
                .array(screenField.extend({ id: z.string() }))
                .transform((list) => Object.fromEntries(list.map(({ id, ...field }) => [id, field]))),
            ])
            .optional(),
        }),
      ),
    }),
    users: z.array(readers.user),
    namedList: z.array(z.object({ name: z.string() })),
    project: z.object({ id: stringId, key: z.string() }),
    linkTypes: z.object({ issueLinkTypes: z.array(linkType) }),
    issueRef,
    tokenSearchPage: z.object({
      issues: z.array(issueRef),
      nextPageToken: z.string().optional(),
      isLast: z.boolean().optional(),
    }),
    offsetSearchPage: z.object({ issues: z.array(issueRef), startAt: z.number(), total: z.number() }),
    createMetaPage: z.object({
      startAt: z.number().optional(),
      total: z.number().optional(),
      isLast: z.boolean().optional(),
      issueTypes: z.array(issueType).optional(),
      values: z.array(issueType).optional(),
    }),
    created: z.object({ id: stringId, key: z.string() }),
    createdId: z.object({ id: stringId }),
    webhook: z.object({ name: z.string(), url: z.string(), self: z.string() }),
    webhooks: z.array(z.object({ name: z.string(), url: z.string(), self: z.string() })),
  };
}

export type JiraSchemas = ReturnType<typeof jiraSchemas>;
