// The configuration file's shape as one zod schema: the parser validates with it and the published JSON Schema is
// generated from it (its input side), so the two cannot drift apart.
import { z } from 'zod';
import { SECRET_REFERENCE, interpolateEnv } from './env-reference.ts';
import type { ListenAddress, StoreConfig } from './config-types.ts';
import { checkConnectionRules } from './connection-rules-check.ts';
import { scriptSchema, visualSchema } from './visual-config-schema.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The message of a secret written in clear; the parser adds an example naming a variable. */
export const LITERAL_SECRET_MESSAGE = 'a secret must come from the environment';
/** The message of a missing secret; the parser adds the same example. */
export const MISSING_SECRET_MESSAGE = 'is required, from the environment';

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const NAME_RULE = 'names use letters, digits, _ and -, and start with a letter';
const PROJECT_KEY = /^[A-Z][A-Z0-9_]*$/;

type Conversion<T> = { value: T } | { problem: string };

// Refinements normally stop at the first failing sibling; these run regardless so that every problem shows at once.
const always = { when: () => true };

/** A string that may use `${NAME}` references, converted once its references are substituted. */
function envString<T>(env: Env, convert: (value: string, raw: string) => Conversion<T>) {
  return z.string().transform((raw, ctx): T => {
    const { value, problems } = interpolateEnv(raw, env);
    for (const message of problems) ctx.issues.push({ code: 'custom', message, input: raw });
    if (problems.length > 0) return z.NEVER;
    const converted = convert(value, raw);
    if ('problem' in converted) {
      ctx.issues.push({ code: 'custom', message: converted.problem, input: raw });
      return z.NEVER;
    }
    return converted.value;
  });
}

function nonEmpty(value: string): Conversion<string> {
  return value.trim() === '' ? { problem: 'must not be empty' } : { value };
}

function httpUrl(value: string): Conversion<string> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: `'${value}' is not a valid URL, e.g. https://jira.example.com` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { problem: `'${value}' must be an http or https URL` };
  if (url.username !== '' || url.password !== '') return { problem: 'credentials do not belong in the URL' };
  return { value: value.replace(/\/+$/, '') };
}

function listenAddress(value: string): Conversion<ListenAddress> {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):([0-9]{1,5})$/.exec(value);
  const port = Number(match?.[2]);
  if (!match?.[1] || port > 65535) return { problem: `'${value}' is not host:port, e.g. 127.0.0.1:7300` };
  return { value: { host: match[1].replace(/^\[(.*)\]$/, '$1'), port } };
}

// The part of a postgres URL between `user:` and `@`.
const URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/@:]*:([^/@]*)@/i;

function storeLocation(value: string, raw: string): Conversion<StoreConfig> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    return value.trim() === '' ? { problem: 'must not be empty' } : { value: { kind: 'sqlite', path: value } };
  }
  if (scheme !== 'postgres' && scheme !== 'postgresql') {
    return { problem: `unsupported store '${scheme}://'; use a SQLite file path or a postgres:// URL` };
  }
  const password = URL_PASSWORD.exec(raw)?.[1];
  if (password !== undefined && password !== '' && !SECRET_REFERENCE.test(password)) {
    return { problem: `${LITERAL_SECRET_MESSAGE}, e.g. postgres://tandem:\${PGPASSWORD}@db.example.com/tandem` };
  }
  try {
    new URL(value);
  } catch {
    return { problem: 'is not a valid postgres:// URL' };
  }
  return { value: { kind: 'postgres', url: value } };
}

/** A secret: exactly one `${NAME}` reference in the file, resolved from the environment. */
function secret(env: Env, description: string) {
  return z
    .string({
      // Never echo what was written: a secret of the wrong type is still a secret.
      error: (issue) => (issue.input === undefined ? MISSING_SECRET_MESSAGE : LITERAL_SECRET_MESSAGE),
    })
    .regex(SECRET_REFERENCE, { error: LITERAL_SECRET_MESSAGE })
    .transform((raw, ctx) => {
      const { value, problems } = interpolateEnv(raw, env);
      for (const message of problems) ctx.issues.push({ code: 'custom', message, input: raw });
      if (problems.length === 0 && value === '') {
        ctx.issues.push({ code: 'custom', message: `environment variable ${raw.slice(2, -1)} is empty`, input: raw });
      }
      return value;
    })
    .meta({ description: `${description}. Must be an environment reference such as \${BLUE_TOKEN}.` });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Options of the schema that depend on where the file is. */
export interface ConfigSchemaOptions {
  /** The config file's folder: script paths are resolved against it and must exist. Left out: kept as written. */
  baseDir?: string;
}

/** The configuration file's schema; `env` supplies the values of `${NAME}` references. */
export function configFileSchema(env: Env, options: ConfigSchemaOptions = {}) {
  const name = (what: string) => z.string().regex(NAME, { error: `invalid ${what} name: ${NAME_RULE}` });
  const url = (description: string) => envString(env, httpUrl).meta({ description });

  const jiraCloud = z
    .strictObject({
      type: z.literal('jira-cloud'),
      url: url('Base URL of the Jira Cloud site, e.g. https://example.atlassian.net'),
      email: envString(env, nonEmpty).meta({ description: 'Email address of the Atlassian account Tandem acts as' }),
      token: secret(env, 'API token of that account'),
    })
    .meta({ description: 'A Jira Cloud site (REST v3, rich text as ADF)' });

  const jiraDataCenter = z
    .strictObject({
      type: z.literal('jira-datacenter'),
      url: url('Base URL of the Jira Data Center or Server instance, e.g. https://jira.example.com'),
      token: secret(env, 'Personal access token (sent as a bearer token); or give username and password').optional(),
      username: envString(env, nonEmpty)
        .meta({ description: 'User for basic authentication, with password' })
        .optional(),
      password: secret(env, 'Password of username (basic authentication)').optional(),
    })
    .superRefine((instance: unknown, ctx) => {
      if (!isRecord(instance)) return;
      const has = (key: string) => instance[key] !== undefined;
      if (has('token') && (has('username') || has('password'))) {
        ctx.addIssue({ code: 'custom', message: 'give either token or username and password, not both', path: [] });
      } else if (has('username') && !has('password')) {
        ctx.addIssue({ code: 'custom', message: 'is required with username', path: ['password'] });
      } else if (has('password') && !has('username')) {
        ctx.addIssue({ code: 'custom', message: 'is required with password', path: ['username'] });
      } else if (!has('token') && !has('username')) {
        ctx.addIssue({
          code: 'custom',
          message: 'needs credentials: token (a personal access token), or username and password',
          path: [],
        });
      }
    }, always)
    .meta({ description: 'A Jira Data Center or Server instance (REST v2, rich text as wiki markup)' });

  const instance = z.discriminatedUnion('type', [jiraCloud, jiraDataCenter], {
    error: (issue) => {
      const type = isRecord(issue.input) ? issue.input.type : undefined;
      return type === undefined
        ? 'is required: jira-cloud or jira-datacenter'
        : `unknown instance type ${JSON.stringify(type)}; expected jira-cloud or jira-datacenter`;
    },
  });

  const side = z
    .strictObject({
      project: envString(env, (value) =>
        PROJECT_KEY.test(value)
          ? { value }
          : { problem: `'${value}' is not a Jira project key, e.g. BLUE (upper-case letters, digits and _)` },
      ).meta({ description: 'Key of the Jira project this side creates and syncs issues in' }),
      trigger: envString(env, nonEmpty)
        .meta({
          description:
            'JQL: issues that match start syncing automatically (one active trigger; see triggers for several). Without a trigger, only issues synced by hand',
        })
        .optional(),
      triggers: z
        .array(
          z
            .strictObject({
              jql: envString(env, nonEmpty).meta({ description: 'JQL: issues that match start syncing automatically' }),
              active: z.boolean().default(true).meta({ description: 'false: kept here, but starts nothing' }),
              note: envString(env, (value) => ({ value }))
                .meta({ description: 'Free text: why the trigger exists' })
                .optional(),
            })
            .meta({ description: 'One trigger' }),
        )
        .meta({ description: 'Several triggers, each with its JQL, an active flag and a note (instead of trigger)' })
        .optional(),
      sync: z
        .enum(['auto', 'manual', 'off'])
        .default('auto')
        .meta({ description: "How this side's changes travel: auto, manual (only when asked) or off" }),
    })
    .meta({ description: "One instance's half of the connection" });

  // The discriminator reads `remote`; a side of this node leaves it out (or writes false).
  const localSide = side
    .extend({
      remote: z.literal(false).optional().meta({ description: 'false (the default): this node serves this side' }),
    })
    .superRefine((value: unknown, ctx) => {
      if (isRecord(value) && value.trigger !== undefined && value.triggers !== undefined) {
        ctx.addIssue({ code: 'custom', message: 'give trigger or triggers, not both', path: ['triggers'] });
      }
    }, always);
  const remoteSide = z
    .strictObject({
      remote: z.literal(true).meta({
        description: 'The peer node serves this side (decentralized topology): its project and trigger are its own',
      }),
    })
    .meta({ description: "The other organisation's half, served by the peer node set up with an invitation code" });
  const anySide = z.discriminatedUnion('remote', [remoteSide, localSide], {
    error: (issue) =>
      `remote is true (the peer node serves this side) or false; got ${JSON.stringify(isRecord(issue.input) ? issue.input.remote : issue.input)}`,
  });

  const connection = z
    .strictObject({
      mode: z
        .enum(['basic', 'visual', 'script'], {
          error: (issue) => `unknown mode ${JSON.stringify(issue.input)}; expected basic, visual or script`,
        })
        .default('basic')
        .meta({
          description:
            'How rules are written. basic: fixed rules, no configuration; visual: field mappings under visual:; script: rule files under script:',
        }),
      description: envString(env, (value) => ({ value }))
        .meta({ description: 'Free text shown in the console and the CLI' })
        .optional(),
      conflict: z
        .enum(['later-wins'])
        .default('later-wins')
        .meta({ description: "Field changed on both sides: the change with the later Jira 'updated' time wins" }),
      sides: z
        .record(name('instance'), anySide)
        .superRefine((sides, ctx) => {
          if (!isRecord(sides)) return;
          const names = Object.keys(sides);
          if (names.length !== 2) {
            const found = names.length === 0 ? 'none' : `${names.length} (${names.join(', ')})`;
            ctx.addIssue({ code: 'custom', message: `a connection has exactly two sides; found ${found}`, path: [] });
          }
        }, always)
        .meta({
          description:
            "Exactly two sides, each keyed by the name of an instance above, or by the name of the peer node's instance with remote: true",
        }),
      visual: visualSchema(env).optional(),
      script: scriptSchema(env, options.baseDir).optional(),
    })
    .superRefine((value: unknown, ctx) => {
      for (const { path, message } of checkConnectionRules(value)) ctx.addIssue({ code: 'custom', message, path });
    }, always)
    .meta({ description: 'A connection syncing issues between two instances' });

  return z
    .strictObject({
      $schema: z
        .string()
        .meta({ description: 'The JSON Schema of this file (for editors); ignored by Tandem' })
        .optional(),
      store: envString(env, storeLocation).meta({
        description:
          "SQLite database file (relative to this file's folder), e.g. ./data/tandem.db, or a postgres:// URL selecting PostgreSQL (a password in it must be a ${NAME} reference)",
      }),
      listen: envString(env, listenAddress).meta({
        description: 'host:port of the HTTP server (webhooks, node-to-node, API), e.g. 127.0.0.1:7300',
      }),
      publicUrl: url('Where Jira instances and other nodes reach this node (default: http://<listen>)').optional(),
      instances: z
        .record(name('instance'), instance)
        .meta({ description: 'The Jira instances this node serves, by name' }),
      connections: z
        .record(name('connection'), connection)
        .prefault({})
        .meta({ description: 'Connections between two instances, by name' }),
      poll: z
        .strictObject({
          intervalSeconds: z.int().min(1).default(30).meta({ description: 'Seconds between two polls of an instance' }),
          overlapSeconds: z
            .int()
            .min(0)
            .default(120)
            .meta({ description: "Seconds each poll reaches back before the previous poll's start" }),
        })
        .prefault({})
        .meta({ description: 'The reconciliation poll (JQL on updated), which alone keeps sides correct' }),
      webhooks: z
        .strictObject({
          enabled: z.boolean().default(true).meta({ description: 'Register webhooks on the instances' }),
        })
        .prefault({})
        .meta({ description: 'Webhooks make detection sub-second; the poll still runs' }),
      workers: z
        .strictObject({
          concurrency: z.int().min(1).max(256).default(4).meta({ description: 'Twins synced in parallel' }),
        })
        .prefault({})
        .meta({ description: 'Sync workers of this node' }),
    })
    .superRefine((config, ctx) => {
      if (!isRecord(config) || !isRecord(config.connections)) return;
      const instances = isRecord(config.instances) ? Object.keys(config.instances) : [];
      for (const [connectionName, connection] of Object.entries(config.connections)) {
        if (!isRecord(connection) || !isRecord(connection.sides)) continue;
        const entries = Object.entries(connection.sides);
        const isRemote = (value: unknown) => isRecord(value) && value.remote === true;
        if (entries.length === 2 && entries.every(([, value]) => isRemote(value))) {
          ctx.addIssue({
            code: 'custom',
            message: 'both sides are remote; this node must serve at least one side of a connection',
            path: ['connections', connectionName, 'sides'],
          });
        }
        for (const [sideName, value] of entries) {
          if (isRemote(value)) {
            if (instances.includes(sideName)) {
              ctx.addIssue({
                code: 'custom',
                message: `'${sideName}' is an instance of this node; remote: true names the peer node's instance`,
                path: ['connections', connectionName, 'sides', sideName, 'remote'],
              });
            }
            continue;
          }
          if (instances.includes(sideName)) continue;
          const known = instances.length === 0 ? 'no instances are defined' : `instances: ${instances.join(', ')}`;
          ctx.addIssue({
            code: 'custom',
            message: `unknown instance '${sideName}' (${known})`,
            path: ['connections', connectionName, 'sides', sideName],
          });
        }
      }
    }, always)
    .meta({
      title: 'Tandem configuration',
      description: 'Two-way issue sync between Jira instances. Secrets come from the environment as ${NAME}.',
    });
}

/** The configuration file after validation, before paths and defaults that depend on other keys are resolved. */
export type ConfigFile = z.output<ReturnType<typeof configFileSchema>>;
