/** The engine's view of the configuration: connections with sides a and b, and timings from `poll` and `workers`. */
import type { AnySideConfig, ConnectionConfig, TandemConfig } from '@tandem/config';
import { DEFAULT_TIMINGS, type EngineConnection, type EngineSide, type EngineTimings } from '@tandem/engine';
import type { SideName, SideRules } from '@tandem/core';
import { compileVisualRules, visualScopeJql } from '@tandem/rules';

/**
 * A side without a trigger syncs only issues synced by hand. The engine expects a JQL trigger on every side, so such a
 * side gets one that matches no issue (valid JQL on every Jira, unlike a key that does not exist).
 */
export function noMatchTrigger(project: string): string {
  return `project = "${project}" AND created < "1970-01-02"`;
}

function engineSide(side: SideName, config: AnySideConfig, scopeJql: string | null): EngineSide {
  // The peer's side: the engine never polls, reads or writes it; it only addresses replicas to it.
  if (config.remote === true)
    return { side, instance: config.instance, project: '', trigger: '', sync: 'auto', remote: true };
  // A Visual scope's JQL narrows what the triggers start (the rules themselves check the other scope filters).
  const trigger = config.trigger === null ? null : scopeJql ? `(${config.trigger}) AND (${scopeJql})` : config.trigger;
  return {
    side,
    instance: config.instance,
    project: config.project,
    trigger: trigger ?? noMatchTrigger(config.project),
    triggers: config.triggers.map((entry) => ({
      jql: entry.jql,
      active: entry.active,
      ...(entry.note === null ? {} : { note: entry.note }),
    })),
    sync: config.sync,
    ...(scopeJql ? { scopeJql } : {}),
  };
}

/**
 * The rules of the sides this node serves: Visual mode compiles the file's mappings; Script mode loads the side's
 * files through `scriptRules` (the composition root owns the sandbox's lifetime). Basic mode needs none.
 */
function connectionRules(
  config: ConnectionConfig,
  scriptRules: ScriptRulesFactory | undefined,
): Partial<Record<SideName, SideRules>> | undefined {
  if (config.mode === 'basic') return undefined;
  const rules: Partial<Record<SideName, SideRules>> = {};
  const [first, second] = config.sides;
  for (const [side, mine, other] of [
    ['a', first, second],
    ['b', second, first],
  ] as const) {
    if (mine.remote === true) continue;
    if (config.mode === 'visual') {
      rules[side] = compileVisualRules({
        connection: config.name,
        sideInstance: mine.instance,
        otherInstance: other.instance,
        visual: config.visual,
      });
    } else {
      const files = config.script[mine.instance];
      if (!files) throw new Error(`connections.${config.name}.script.${mine.instance}: no rule files for this side`);
      if (!scriptRules) throw new Error(`connection ${config.name} uses script mode, which this node cannot run`);
      rules[side] = scriptRules({ connection: config.name, instance: mine.instance, ...files });
    }
  }
  return rules;
}

/** Builds a side's Script-mode rules from its two files (absolute paths). */
export type ScriptRulesFactory = (input: {
  connection: string;
  instance: string;
  outgoing: string;
  incoming: string;
}) => SideRules;

/** One engine connection per configured connection: side a is the side the file lists first, b the second. */
export function engineConnectionOf(config: ConnectionConfig, scriptRules?: ScriptRulesFactory): EngineConnection {
  const [first, second] = config.sides;
  const scope = (side: AnySideConfig) =>
    config.mode === 'visual' ? visualScopeJql(config.visual, side.instance) : null;
  const rules = connectionRules(config, scriptRules);
  return {
    name: config.name,
    mode: config.mode,
    a: engineSide('a', first, scope(first)),
    b: engineSide('b', second, scope(second)),
    ...(rules ? { rules } : {}),
  };
}

/** Every configured connection, in the file's order. */
export function engineConnections(config: TandemConfig, scriptRules?: ScriptRulesFactory): EngineConnection[] {
  return Object.values(config.connections).map((connection) => engineConnectionOf(connection, scriptRules));
}

/** Timings from the config's `poll` and `workers`, the engine's defaults for the rest, then `overrides`. */
export function engineTimings(config: TandemConfig, overrides: Partial<EngineTimings> = {}): EngineTimings {
  return {
    ...DEFAULT_TIMINGS,
    pollIntervalMs: config.poll.intervalSeconds * 1000,
    pollOverlapMs: config.poll.overlapSeconds * 1000,
    concurrency: config.workers.concurrency,
    ...overrides,
  };
}
