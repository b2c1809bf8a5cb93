// The shape of a connection's `visual:` and `script:` blocks. Sides are named by instance, which only the connection
// knows: these schemas check the shape, and connection-rules-check.ts checks every name against the sides.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { interpolateEnv } from './env-reference.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** Keys a field mapping has besides one key per side; an instance may not carry one of these names. */
export const MAPPING_KEYS = [
  'field',
  'key',
  'from',
  'values',
  'users',
  'unmatched',
  'default',
  'owner',
  'note',
] as const;

/** Message of a union (a shorthand or a mapping) whose input is neither; parse-config reports it as is. */
export const UNION_MESSAGES = {
  mapping: "expected a field (the same on both sides) or a mapping naming each side's field",
  toggle: 'expected true (both ways), false (off) or { from: <side> }',
  scalar: 'expected a text or a number',
  constant: 'expected a value, a list, or { add: [...], remove: [...] }',
} as const;

/** A string that may use `${NAME}` references, substituted. */
function text(env: Env) {
  return z.string().transform((raw, ctx) => {
    const { value, problems } = interpolateEnv(raw, env);
    for (const message of problems) ctx.issues.push({ code: 'custom', message, input: raw });
    return value;
  });
}

function nonEmptyText(env: Env) {
  return text(env).refine((value) => value.trim() !== '', { error: 'must not be empty' });
}

/** The `visual:` block's shape; `env` supplies the values of `${NAME}` references. */
export function visualSchema(env: Env) {
  const fieldName = nonEmptyText(env);
  const scalar = z.union([text(env), z.number()], { error: UNION_MESSAGES.scalar });
  const pair = (what: string) =>
    z.record(z.string(), scalar).meta({ description: `${what}, one per side by instance name` });

  const mapping = z
    .object({
      field: fieldName
        .meta({ description: 'The field on both sides (an id such as priority, or a name such as Story Points)' })
        .optional(),
      key: nonEmptyText(env)
        .meta({ description: 'The name the value travels under (default: derived from the field names)' })
        .optional(),
      from: nonEmptyText(env)
        .meta({ description: 'both (the default), or the one side whose changes travel, e.g. from: blue' })
        .optional(),
      values: z
        .array(pair('Two values that stand for each other'))
        .meta({ description: 'Value map: pairs such as { blue: Highest, green: Critical }; several may share a value' })
        .optional(),
      users: z
        .array(pair('An e-mail address or a display name'))
        .meta({
          description: 'People map, checked before matching people by e-mail: { blue: a@x.com, green: Ann Lee }',
        })
        .optional(),
      unmatched: z
        .enum(['ignore', 'error', 'default'])
        .meta({
          description:
            'A value with no match: ignore (leave the field as it is), error (stop the issue), default (write default:)',
        })
        .optional(),
      default: pair('The value written on that side')
        .meta({ description: 'With unmatched: default, the value per receiving side' })
        .optional(),
      owner: nonEmptyText(env)
        .meta({ description: "The only side that may change the field; the other side's changes are overwritten" })
        .optional(),
      note: text(env).meta({ description: 'Free text for people' }).optional(),
    })
    // One key per side, named by instance, gives that side's field.
    .catchall(fieldName)
    .meta({ description: "A field mapping: each side's field under its instance name (e.g. blue: priority)" });

  const toggle = z
    .union(
      [
        z.boolean(),
        z.strictObject({
          from: nonEmptyText(env).meta({ description: 'both, or the one side whose items travel' }),
        }),
      ],
      { error: UNION_MESSAGES.toggle },
    )
    .meta({ description: 'true: both ways; false: off; { from: blue }: one way' });

  const constant = z
    .union(
      [
        text(env),
        z.number(),
        z.null(),
        z.array(text(env)),
        z.strictObject({ add: z.array(text(env)).optional(), remove: z.array(text(env)).optional() }),
      ],
      { error: UNION_MESSAGES.constant },
    )
    .meta({ description: 'A value to set, or { add: [...], remove: [...] } for list fields such as labels' });

  const list = (description: string) => z.array(nonEmptyText(env)).meta({ description }).optional();
  const scope = z
    .strictObject({
      labels: list('The issue carries at least one of these labels'),
      issueTypes: list('The issue is of one of these types'),
      statuses: list('The issue is in one of these statuses'),
      priorities: list('The issue has one of these priorities'),
      assignees: list('The assignee is one of these people (e-mail or display name)'),
      reporters: list('The reporter is one of these people (e-mail or display name)'),
      jql: nonEmptyText(env).meta({ description: 'JQL the issue must match as well' }).optional(),
    })
    .meta({ description: "Which of this side's issues are sent; an issue outside it is not" });

  return z
    .strictObject({
      fields: z
        .array(z.union([fieldName, mapping], { error: UNION_MESSAGES.mapping }))
        .default([])
        .meta({ description: 'Field mappings; a bare name maps that field to the same field on the other side' }),
      comments: toggle.default(true),
      attachments: toggle.default(true),
      worklogs: toggle.default(false),
      links: toggle.default(false),
      constants: z
        .record(z.string(), z.record(z.string(), constant))
        .default({})
        .meta({ description: "Per side: values that side's issues always hold, by field id or name" }),
      scope: z.record(z.string(), scope).default({}).meta({ description: 'Per side: which issues are sent' }),
    })
    .meta({ description: 'Visual mode: field mappings, value maps and filters (mode: visual)' });
}

/**
 * The `script:` block's shape: per side, the outgoing and incoming rule files. With `baseDir`, paths are resolved
 * against it and must exist; without (the JSON Schema), they are kept as written.
 */
export function scriptSchema(env: Env, baseDir: string | undefined) {
  const file = (description: string) =>
    nonEmptyText(env)
      .transform((path, ctx) => {
        if (baseDir === undefined) return path;
        const absolute = resolve(baseDir, path);
        if (!existsSync(absolute))
          ctx.issues.push({ code: 'custom', message: `no such file: ${absolute}`, input: path });
        return absolute;
      })
      .meta({ description });
  return z
    .record(
      z.string(),
      z.strictObject({
        outgoing: file("Script turning this side's issue into the replica (relative to this file's folder)"),
        incoming: file("Script turning the other side's replica into this side's values"),
      }),
    )
    .meta({ description: 'Script mode: per side served by this node, its rule files (TypeScript or JavaScript)' });
}
