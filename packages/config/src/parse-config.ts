import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { ConfigError } from './config-error.ts';
import type { ConfigIssue } from './config-error.ts';
import { LITERAL_SECRET_MESSAGE, MISSING_SECRET_MESSAGE, configFileSchema } from './config-schema.ts';
import type { ConfigFile } from './config-schema.ts';
import type {
  AnySideConfig,
  ConnectionConfig,
  InstanceConfig,
  ListenAddress,
  TandemConfig,
  TriggerConfig,
} from './config-types.ts';
import { resolveVisualConfig } from './resolve-visual-config.ts';
import { suggestedVariableName } from './env-reference.ts';
import { readYaml } from './yaml-source.ts';
import type { KeyPath, YamlSource } from './yaml-source.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** Options of `parseConfig`. */
export interface ParseConfigOptions {
  /** values of `${NAME}` references */
  env: Env;
  /** the file's name in error messages */
  sourceName: string;
  /** the folder relative paths (the SQLite file, script files) are resolved against: the config file's folder */
  baseDir: string;
}

/** Reads and parses the configuration file; relative paths in it are relative to its folder. Throws ConfigError. */
export function loadConfig(filePath: string, env: Env = process.env): TandemConfig {
  const absolute = resolve(filePath);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(filePath, [{ path: '', message: `cannot read the file: ${reason}` }], { cause: error });
  }
  return parseConfig(text, { env, sourceName: filePath || basename(absolute), baseDir: dirname(absolute) });
}

/** Parses configuration text, reporting every problem at once in one ConfigError. */
export function parseConfig(text: string, options: ParseConfigOptions): TandemConfig {
  const source = readYaml(text);
  if (source.data === undefined) throw new ConfigError(options.sourceName, source.issues);
  if (source.data === null) {
    throw new ConfigError(options.sourceName, [
      { path: '', message: 'the file is empty; it needs at least store, listen and instances' },
    ]);
  }

  const schema = configFileSchema(options.env, { baseDir: options.baseDir });
  const result = schema.safeParse(source.data, { error: describeIssue });
  const duplicated = source.issues.map((issue) => issue.keyPath);
  const schemaIssues = result.success
    ? []
    : withoutIssuesUnderUnknownKeys(result.error.issues.flatMap((issue) => toConfigIssues(issue, source)));
  // A duplicate key hides one of its values, so what the schema says about the map holding it is beside the point.
  const issues = [
    ...source.issues.map(({ keyPath: _keyPath, ...issue }) => issue),
    ...schemaIssues.filter((issue) => !duplicated.some((path) => path.slice(0, -1).join('.') === issue.path)),
  ];
  if (issues.length > 0 || !result.success) throw new ConfigError(options.sourceName, sortByPosition(issues));
  return resolveConfig(result.data, options.baseDir);
}

// Messages for zod's generic issues, phrased for someone editing the file.
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required';
    const expected = issue.expected === 'object' || issue.expected === 'record' ? 'a mapping' : `a ${issue.expected}`;
    return `expected ${expected}, got ${issue.input === null ? 'nothing' : JSON.stringify(issue.input)}`;
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    const bound = issue.code === 'too_small' ? 'at least' : 'at most';
    return `must be ${issue.inclusive === false ? (issue.code === 'too_small' ? 'more than' : 'less than') : bound} ${String(issue.code === 'too_small' ? issue.minimum : issue.maximum)}`;
  }
  if (issue.code === 'invalid_value') {
    return `expected one of: ${issue.values.map(String).join(', ')}; got ${JSON.stringify(issue.input)}`;
  }
  if (issue.code === 'unrecognized_keys') {
    const shape = (issue.inst as { shape?: object } | undefined)?.shape;
    return shape === undefined ? '' : `expected one of: ${Object.keys(shape).join(', ')}`;
  }
  return undefined;
}

function toConfigIssues(issue: z.core.$ZodIssue, source: YamlSource): ConfigIssue[] {
  const at = (path: KeyPath, message: string): ConfigIssue => ({
    path: path.map(String).join('.'),
    message,
    ...source.locate(path),
  });
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) =>
        at([...issue.path, key], `unknown key${issue.message ? ` (${issue.message})` : ''}`),
      );
    case 'invalid_key':
      return [at(issue.path, issue.issues[0]?.message ?? issue.message)];
    case 'invalid_union': {
      // A shorthand or a mapping: when the value is of the mapping's kind, what is wrong inside it is the news.
      const inside = issue.errors.find(
        (branch) => !branch.every((inner) => inner.path.length === 0 && inner.code === 'invalid_type'),
      );
      if (inside === undefined) return [at(issue.path, issue.message)];
      return inside.flatMap((inner) =>
        toConfigIssues({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue, source),
      );
    }
    default:
      if (issue.message === LITERAL_SECRET_MESSAGE || issue.message === MISSING_SECRET_MESSAGE) {
        const key = String(issue.path[issue.path.length - 1]);
        return [at(issue.path, `${issue.message}, e.g. ${key}: \${${suggestedVariableName(issue.path)}}`)];
      }
      return [at(issue.path, issue.message)];
  }
}

/** A misspelt key whose value is of another type is one problem, reported once, as the unknown key. */
function withoutIssuesUnderUnknownKeys(issues: ConfigIssue[]): ConfigIssue[] {
  const unknown = issues.filter((issue) => issue.message.startsWith('unknown key')).map((issue) => issue.path);
  return issues.filter(
    (issue) =>
      issue.message.startsWith('unknown key') ||
      !unknown.some((path) => issue.path === path || issue.path.startsWith(`${path}.`)),
  );
}

function sortByPosition(issues: ConfigIssue[]): ConfigIssue[] {
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort(
      (a, b) =>
        (a.issue.line ?? 0) - (b.issue.line ?? 0) || (a.issue.column ?? 0) - (b.issue.column ?? 0) || a.index - b.index,
    )
    .map(({ issue }) => issue);
}

function resolveConfig(file: ConfigFile, baseDir: string): TandemConfig {
  const instances: Record<string, InstanceConfig> = {};
  for (const [name, instance] of Object.entries(file.instances)) {
    instances[name] = {
      name,
      type: instance.type,
      url: instance.url,
      auth:
        instance.type === 'jira-cloud'
          ? { kind: 'basic', username: instance.email, password: instance.token }
          : instance.token !== undefined
            ? { kind: 'bearer', token: instance.token }
            : { kind: 'basic', username: instance.username ?? '', password: instance.password ?? '' },
    };
  }
  const connections: Record<string, ConnectionConfig> = {};
  for (const [name, connection] of Object.entries(file.connections)) {
    const [first, second] = Object.entries(connection.sides).map(([instance, side]): AnySideConfig => {
      if (side.remote === true) return { instance, remote: true };
      const triggers: TriggerConfig[] =
        side.triggers?.map((trigger) => ({ jql: trigger.jql, active: trigger.active, note: trigger.note ?? null })) ??
        (side.trigger === undefined ? [] : [{ jql: side.trigger, active: true, note: null }]);
      return { instance, project: side.project, trigger: activeJql(triggers), triggers, sync: side.sync };
    });
    // The schema has checked there are exactly two.
    if (first === undefined || second === undefined) throw new Error(`connection ${name} lost a side`);
    const base = {
      name,
      description: connection.description ?? null,
      conflict: connection.conflict,
      sides: [first, second] as const,
    };
    const sideNames = [first.instance, second.instance];
    // The schema has checked that the block of the connection's mode is there.
    if (connection.mode === 'visual' && connection.visual !== undefined) {
      connections[name] = { ...base, mode: 'visual', visual: resolveVisualConfig(connection.visual, sideNames) };
    } else if (connection.mode === 'script' && connection.script !== undefined) {
      connections[name] = { ...base, mode: 'script', script: connection.script };
    } else {
      connections[name] = { ...base, mode: 'basic' };
    }
  }
  return {
    store: file.store.kind === 'sqlite' ? { kind: 'sqlite', path: resolve(baseDir, file.store.path) } : file.store,
    listen: file.listen,
    publicUrl: file.publicUrl ?? `http://${hostPort(file.listen)}`,
    instances,
    connections,
    poll: file.poll,
    webhooks: file.webhooks,
    workers: file.workers,
  };
}

/** The active triggers as one JQL query: one as written, several each in parentheses joined by OR; none: null. */
function activeJql(triggers: readonly TriggerConfig[]): string | null {
  const active = triggers.filter((trigger) => trigger.active).map((trigger) => trigger.jql);
  if (active.length <= 1) return active[0] ?? null;
  return active.map((jql) => `(${jql})`).join(' OR ');
}

function hostPort({ host, port }: ListenAddress): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
