/**
 * A connection's rules as the API reads and writes them. Visual mode is the resolved form of the config's `visual:`
 * block (every key present, sides by instance); in a PUT everything but `fields` may be left out and takes the config's
 * defaults. Script mode is the rule files' sources per side.
 */
import { z } from 'zod';

const instanceName = z.string().min(1).meta({ description: 'An instance name (one of the connection’s two sides)' });
const bySide = <T extends z.ZodType>(value: T) => z.record(z.string(), value);
const pair = bySide(z.string()).meta({ description: 'One value per side, by instance' });
const textList = z.array(z.string().min(1));

const constant = z
  .union([
    z.string(),
    z.number(),
    z.null(),
    textList,
    z.object({ add: textList, remove: textList }).meta({ description: 'List items added and removed' }),
  ])
  .meta({ description: 'A value to set, a list, null, or { add, remove } for list fields' });

const scopeFilter = z.object({
  labels: textList.nullable(),
  issueTypes: textList.nullable(),
  statuses: textList.nullable(),
  priorities: textList.nullable(),
  assignees: textList.nullable().meta({ description: 'E-mail addresses or display names' }),
  reporters: textList.nullable(),
  jql: z.string().min(1).nullable(),
});

const unmatched = z.enum(['ignore', 'error', 'default']);

/** One field mapping, resolved. */
export const visualMappingSchema = z.object({
  key: z.string().min(1).meta({ description: 'The name the value travels under in the replica' }),
  fields: bySide(z.string().min(1)).meta({ description: "Each side's field (id or name), by instance" }),
  from: z.array(instanceName).meta({ description: 'The sides whose changes travel (both, or one)' }),
  values: z.array(pair).meta({ description: 'Value pairs, read in the direction of travel' }),
  users: z.array(pair).meta({ description: 'People pairs (e-mail or display name per side)' }),
  unmatched,
  default: pair.meta({ description: 'With unmatched default: the value per receiving side' }),
  owner: instanceName.nullable().meta({ description: 'The only side that may change the field' }),
});

/** The `visual:` block, resolved (GET). */
export const visualSchema = z.object({
  fields: z.array(visualMappingSchema),
  comments: z.array(instanceName).meta({ description: 'The sides whose comments travel ([] = off)' }),
  attachments: z.array(instanceName),
  worklogs: z.array(instanceName),
  links: z.array(instanceName),
  constants: bySide(z.record(z.string(), constant)),
  scope: bySide(scopeFilter),
});

/** A field mapping in a PUT: only `fields` is required. */
export const visualMappingInput = z.strictObject({
  key: z.string().min(1).optional().meta({ description: 'Default: derived from the field names as the config does' }),
  fields: bySide(z.string().min(1)).meta({ description: "Each side's field (id or name), by instance" }),
  from: z.array(instanceName).min(1).max(2).optional().meta({ description: 'Default: both sides' }),
  values: z.array(pair).optional(),
  users: z.array(pair).optional(),
  unmatched: unmatched.optional().meta({ description: 'Default: ignore (default when `default` is given)' }),
  default: pair.optional(),
  owner: instanceName.nullable().optional(),
});

/** The `visual:` block in a PUT or a dry run. */
export const visualInput = z.strictObject({
  fields: z.array(
    z.union([
      z.string().min(1).meta({ description: 'A field mapped to the same field on the other side, both ways' }),
      visualMappingInput,
    ]),
  ),
  comments: z.array(instanceName).max(2).optional().meta({ description: 'Default: both sides' }),
  attachments: z.array(instanceName).max(2).optional().meta({ description: 'Default: both sides' }),
  worklogs: z.array(instanceName).max(2).optional().meta({ description: 'Default: none' }),
  links: z.array(instanceName).max(2).optional().meta({ description: 'Default: none' }),
  constants: bySide(z.record(z.string(), constant)).optional(),
  scope: bySide(scopeFilter.partial().strict()).optional(),
});

export type VisualInput = z.output<typeof visualInput>;

const scriptSourcesInput = z.strictObject({
  outgoing: z
    .string()
    .max(1024 * 1024)
    .meta({ description: 'The outgoing rule’s source (TypeScript or JavaScript)' }),
  incoming: z
    .string()
    .max(1024 * 1024)
    .meta({ description: 'The incoming rule’s source' }),
});

/** New rules: a PUT body, or a dry run's unsaved `rules`. */
export const rulesInput = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('basic') }),
  z.strictObject({ mode: z.literal('visual'), visual: visualInput }),
  z.strictObject({
    mode: z.literal('script'),
    script: bySide(scriptSourcesInput).meta({ description: 'Per side this node serves, by instance' }),
  }),
]);

export type RulesInput = z.output<typeof rulesInput>;

const scriptFile = z.object({
  file: z.string().meta({ description: "The file's path as the config names it (relative to the config's folder)" }),
  source: z.string(),
});

/** A connection's rules (GET, and the answer of a PUT). */
export const rulesDocument = z.object({
  connection: z.string(),
  mode: z.enum(['basic', 'visual', 'script']),
  sides: z.array(z.object({ side: z.enum(['a', 'b']), instance: z.string(), remote: z.boolean() })),
  visual: visualSchema.nullable(),
  script: bySide(z.object({ outgoing: scriptFile, incoming: scriptFile })).nullable(),
});

export type RulesDocument = z.input<typeof rulesDocument>;
