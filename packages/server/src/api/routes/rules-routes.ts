/**
 * A connection's rules: read them (`GET .../rules`), save new ones (`PUT`: checked by the config's own parser, for
 * Visual mode against each instance's fields too, for Script mode compiled; then written to the config file or the
 * rule files and applied at once with engine.setRules), and try rules on an issue without writing anything
 * (`POST .../dry-run`, with the saved rules or unsaved ones given for that call only).
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { ConnectionConfig, TandemConfig } from '@tandem/config';
import type { RuleError } from '@tandem/core';
import { SyncEngine } from '@tandem/engine';
import { compileVisualRules, type ScriptRules } from '@tandem/rules';
import { setMode, setScriptFiles } from '../../config-file/connection-yaml.ts';
import { rulesBodyPath } from '../../config-file/config-issue-paths.ts';
import { resolveVisualInput, writeVisual } from '../../config-file/visual-yaml.ts';
import { engineConnectionOf, type ScriptRulesFactory } from '../../engine-connections.ts';
import { isIssueKey } from '../../node-operations.ts';
import { InvalidInputError, NotFoundError, OperationFailedError } from '../../operation-errors.ts';
import { invalidInput, type InputIssue } from '../../routes/route-input.ts';
import type { ApiContext } from '../api-context.ts';
import { defineRoute, type ApiRoute } from '../api-route.ts';
import { editConnectionConfig } from '../connection-config-edit.ts';
import { nameParams } from '../schemas/common-schemas.ts';
import { dryRunBody, dryRunDocument, dryRunReportSchema } from '../schemas/dry-run-schemas.ts';
import { rulesDocument, rulesInput, type RulesDocument, type RulesInput } from '../schemas/rules-schemas.ts';
import { configuredConnection } from '../views/connection-view.ts';

const tag = 'Rules';

type ScriptSources = Extract<RulesInput, { mode: 'script' }>['script'];

/** Where new rule files go when a connection switches to Script mode: next to the config, one folder per connection. */
function defaultScriptFiles(configDir: string, connection: string, instance: string) {
  return {
    outgoing: resolve(configDir, 'rules', connection, `${instance}-outgoing.ts`),
    incoming: resolve(configDir, 'rules', connection, `${instance}-incoming.ts`),
  };
}

export function rulesRoutes(context: ApiContext): ApiRoute[] {
  const { node } = context;
  const configDir = () => (node.configFile ? dirname(node.configFile.path) : process.cwd());
  /** A path as people read it: relative to the config file's folder when inside it. */
  const shown = (path: string) => {
    const inside = relative(configDir(), path);
    return inside.startsWith('..') || isAbsolute(inside) ? path : inside;
  };
  const localInstances = (connection: ConnectionConfig) =>
    connection.sides.filter((side) => side.remote !== true).map((side) => side.instance);
  const sideInstances = (connection: ConnectionConfig) => connection.sides.map((side) => side.instance);

  async function rulesView(connection: ConnectionConfig): Promise<RulesDocument> {
    let script: RulesDocument['script'] = null;
    if (connection.mode === 'script') {
      script = {};
      for (const [instance, files] of Object.entries(connection.script)) {
        const read = async (path: string) => ({
          file: shown(path),
          source: await readFile(path, 'utf8').catch(() => ''),
        });
        script[instance] = { outgoing: await read(files.outgoing), incoming: await read(files.incoming) };
      }
    }
    return {
      connection: connection.name,
      mode: connection.mode,
      sides: connection.sides.map((side, index) => ({
        side: index === 0 ? ('a' as const) : ('b' as const),
        instance: side.instance,
        remote: side.remote === true,
      })),
      visual: connection.mode === 'visual' ? (structuredClone(connection.visual) as RulesDocument['visual']) : null,
      script,
    };
  }

  /** Refuses Visual rules that name fields an instance lacks (when the instance can be asked). */
  async function checkAgainstInstances(connection: ConnectionConfig): Promise<void> {
    if (connection.mode !== 'visual') return;
    const sides = sideInstances(connection);
    const issues: InputIssue[] = [];
    for (const instance of localInstances(connection)) {
      const tracker = node.trackers.get(instance);
      if (!tracker) continue;
      const rules = compileVisualRules({
        connection: connection.name,
        sideInstance: instance,
        otherInstance: sides.find((side) => side !== instance) ?? instance,
        visual: connection.visual,
      });
      let catalog;
      try {
        catalog = await tracker.fieldCatalog();
      } catch (error) {
        node.logger.warn({ err: error, instance }, 'cannot read the field list to check new rules');
        continue;
      }
      for (const problem of rules.check?.(catalog) ?? []) {
        const parts = problem.field.split('.');
        const mapped =
          parts[0] === 'connections' && parts[1] === connection.name ? rulesBodyPath(sides)(parts.slice(2)) : undefined;
        issues.push(
          mapped
            ? {
                in: 'body',
                path: mapped.map((part) => (typeof part === 'string' && /^\d+$/.test(part) ? Number(part) : part)),
                message: problem.message,
              }
            : { in: 'config', path: parts, message: problem.message },
        );
      }
    }
    if (issues.length > 0) throw invalidInput(issues);
  }

  /**
   * Script rules for `sources`, compiled; a 400 naming the file and line when one does not compile. The caller owns
   * the rules (kept by the node's registry until it stops, or discarded).
   */
  async function compileScripts(
    connection: ConnectionConfig,
    sources: ScriptSources,
    files: (instance: string) => { outgoing: string; incoming: string },
  ): Promise<Map<string, ScriptRules>> {
    const compiled = new Map<string, ScriptRules>();
    for (const [instance, source] of Object.entries(sources)) {
      const paths = files(instance);
      compiled.set(
        instance,
        node.scriptRules.create({
          connection: connection.name,
          instance,
          outgoing: { source: source.outgoing, name: shown(paths.outgoing) },
          incoming: { source: source.incoming, name: shown(paths.incoming) },
        }),
      );
    }
    const errors: { instance: string; error: RuleError }[] = [];
    for (const [instance, rules] of compiled)
      for (const error of await rules.compile()) errors.push({ instance, error });
    if (errors.length > 0) {
      await Promise.all([...compiled.values()].map((rules) => node.scriptRules.discard(rules)));
      throw invalidInput(
        errors.map(({ instance, error }) => ({
          in: 'body',
          path: ['script', instance, error.details.file === shown(files(instance).incoming) ? 'incoming' : 'outgoing'],
          message: `${[error.details.file, error.details.line, error.details.column].filter((part) => part !== undefined).join(':')}: ${error.message}`,
        })),
        {
          scriptErrors: errors.map(({ error }) => ({
            file: error.details.file ?? null,
            line: error.details.line ?? null,
            column: error.details.column ?? null,
            message: error.message,
          })),
        },
      );
    }
    return compiled;
  }

  /** Checks that script sources name sides this node serves and, on a switch to Script mode, cover all of them. */
  function checkScriptSides(connection: ConnectionConfig, sources: ScriptSources): void {
    const local = localInstances(connection);
    const issues: InputIssue[] = [];
    for (const instance of Object.keys(sources))
      if (!local.includes(instance))
        issues.push({
          in: 'body',
          path: ['script', instance],
          message: `not a side this node serves (${local.join(', ')})`,
        });
    for (const instance of local)
      if (sources[instance] === undefined && !(connection.mode === 'script' && connection.script[instance]))
        issues.push({
          in: 'body',
          path: ['script', instance],
          message: 'is required: the outgoing and incoming sources',
        });
    if (issues.length > 0) throw invalidInput(issues);
  }

  const scriptFilesOf = (connection: ConnectionConfig) => (instance: string) =>
    (connection.mode === 'script' ? connection.script[instance] : undefined) ??
    defaultScriptFiles(configDir(), connection.name, instance);

  /** Saves `rules` for connection `name` and applies them; returns the connection as saved. */
  async function saveRules(name: string, rules: RulesInput): Promise<ConnectionConfig> {
    const current = configuredConnection(node, name);
    const sides = sideInstances(current);
    if (rules.mode === 'script') {
      checkScriptSides(current, rules.script);
      const files = scriptFilesOf(current);
      const compiled = await compileScripts(current, rules.script, files);
      try {
        const saved = await editConnectionConfig(node, name, {
          edit: (document) => {
            setMode(document, name, 'script');
            for (const instance of Object.keys(rules.script)) {
              if (current.mode === 'script' && current.script[instance]) continue;
              const paths = files(instance);
              setScriptFiles(document, name, instance, {
                outgoing: shown(paths.outgoing),
                incoming: shown(paths.incoming),
              });
            }
          },
          mapToBody: rulesBodyPath(sides),
          files: Object.entries(rules.script).flatMap(([instance, source]) => [
            { path: files(instance).outgoing, text: source.outgoing },
            { path: files(instance).incoming, text: source.incoming },
          ]),
        });
        const live = node.liveConnections.engineConnection(name);
        const factory: ScriptRulesFactory = (input) => {
          const fresh = compiled.get(input.instance);
          if (fresh) return fresh;
          const side = live?.a.instance === input.instance ? 'a' : 'b';
          const kept = live?.rules?.[side];
          if (!kept) throw new Error(`no rules for ${input.instance}`);
          return kept;
        };
        await node.liveConnections.replace(saved, { keepRules: false, scriptRules: factory });
        return saved;
      } catch (error) {
        await Promise.all([...compiled.values()].map((each) => node.scriptRules.discard(each)));
        throw error;
      }
    }
    const saved = await editConnectionConfig(node, name, {
      edit: (document, config: TandemConfig) => {
        const before = config.connections[name];
        setMode(document, name, rules.mode);
        if (rules.mode === 'visual')
          writeVisual(
            document,
            name,
            sides,
            resolveVisualInput(rules.visual, sides),
            before?.mode === 'visual' ? before.visual : null,
          );
      },
      mapToBody: rulesBodyPath(sides),
      verify: checkAgainstInstances,
    });
    await node.liveConnections.replace(saved, { keepRules: false });
    return saved;
  }

  /** The connection `rules` would make, checked but not saved, with its Script rules (to discard after use). */
  async function candidate(
    name: string,
    rules: RulesInput,
  ): Promise<{ connection: ConnectionConfig; scripts: ScriptRules[] }> {
    const current = configuredConnection(node, name);
    const sides = sideInstances(current);
    if (rules.mode === 'basic') return { connection: { ...current, mode: 'basic' }, scripts: [] };
    if (rules.mode === 'script') {
      checkScriptSides(current, rules.script);
      const compiled = await compileScripts(current, rules.script, scriptFilesOf(current));
      const script = Object.fromEntries(
        localInstances(current).map((instance) => [instance, scriptFilesOf(current)(instance)]),
      );
      return { connection: { ...current, mode: 'script', script }, scripts: [...compiled.values()] };
    }
    const visual = resolveVisualInput(rules.visual, sides);
    if (!node.configFile) return { connection: { ...current, mode: 'visual', visual }, scripts: [] };
    const checked = await editConnectionConfig(node, name, {
      edit: (document, config) => {
        const before = config.connections[name];
        setMode(document, name, 'visual');
        writeVisual(document, name, sides, visual, before?.mode === 'visual' ? before.visual : null);
      },
      mapToBody: (path) => {
        const mapped = rulesBodyPath(sides)(path);
        return mapped === undefined ? undefined : ['rules', ...mapped];
      },
      write: false,
    });
    return { connection: checked, scripts: [] };
  }

  return [
    defineRoute({
      method: 'GET',
      path: '/api/connections/:name/rules',
      operationId: 'getRules',
      summary: "A connection's rules: its mode, the Visual mapping, or the Script sources per side",
      tag,
      params: nameParams,
      response: rulesDocument,
      errors: [404],
      handler: async ({ params }) => rulesView(configuredConnection(node, params.name)),
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/connections/:name/rules',
      operationId: 'setRules',
      summary: 'Save new rules: checked, written to the config file (or the rule files), applied at once',
      tag,
      params: nameParams,
      body: rulesInput,
      response: rulesDocument,
      errors: [404, 409],
      handler: async ({ params, body }) => rulesView(await saveRules(params.name, body)),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/connections/:name/dry-run',
      operationId: 'dryRun',
      summary: 'What the rules would do with one issue: the replica and the changes on the other side; writes nothing',
      description: 'With `rules`, those unsaved rules are used for this call only.',
      tag,
      params: nameParams,
      body: dryRunBody,
      response: dryRunReportSchema,
      errors: [404, 409],
      handler: async ({ params, body }) => {
        configuredConnection(node, params.name);
        if (!isIssueKey(body.key)) throw invalidInput([{ in: 'body', path: ['key'], message: 'not an issue key' }]);
        if (!(await node.engine.findIssue(body.key)))
          throw new NotFoundError(`issue ${body.key} was not found on any configured instance`, { key: body.key });
        if (!body.rules)
          return dryRunDocument(await node.operations.dryRun({ connection: params.name, key: body.key }));
        const { connection, scripts } = await candidate(params.name, body.rules);
        try {
          const byInstance = new Map(scripts.map((rules) => [rules.instance, rules]));
          const engineConnection = engineConnectionOf(connection, (input) => {
            const rules = byInstance.get(input.instance);
            if (rules) return rules;
            const live = node.liveConnections.engineConnection(params.name);
            const kept = live?.rules?.[live.a.instance === input.instance ? 'a' : 'b'];
            if (!kept) throw new Error(`no rules for ${input.instance}`);
            return kept;
          });
          // An engine of its own, never started, holding only the candidate: nothing the running engine does sees it.
          const trial = new SyncEngine({ ...node.engine.deps, connections: [engineConnection] }, 'dry-run');
          return dryRunDocument(await trial.dryRun(params.name, body.key));
        } catch (error) {
          if (
            error instanceof NotFoundError ||
            error instanceof InvalidInputError ||
            error instanceof OperationFailedError
          )
            throw error;
          // The engine's refusals (an issue outside the connection's projects, a tracker failure) are plain errors.
          throw new OperationFailedError(error instanceof Error ? error.message : String(error), {}, { cause: error });
        } finally {
          await Promise.all(scripts.map((rules) => node.scriptRules.discard(rules)));
        }
      },
    }),
  ];
}
