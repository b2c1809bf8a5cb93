/**
 * Connections: list and read them, create one (saved to the config file and started at once), pair it with a peer
 * node (initiate / accept an invitation code), pause, resume, recover, its triggers and each side's sync method, and
 * start a bulk run. Unsyncing one trigger's matches is kept for the CLI.
 */
import { z } from 'zod';
import type { SyncMethod, TriggerConfig } from '@tandem/config';
import { addConnection, setSideSync, setTriggers } from '../../config-file/connection-yaml.ts';
import type { BodyPathMapper } from '../../config-file/config-issue-paths.ts';
import { NotFoundError, OperationFailedError } from '../../operation-errors.ts';
import { decodeInvitationCode, InvitationCodeError } from '../../peering/invitation-code.ts';
import { HandshakeError } from '../../peering/node-peering.ts';
import { invalidInput } from '../../routes/route-input.ts';
import type { ApiContext } from '../api-context.ts';
import { defineRoute, type ApiRoute } from '../api-route.ts';
import { editConnectionConfig } from '../connection-config-edit.ts';
import { offsetPage, pageOf, pageQuery } from '../paging.ts';
import { nameParams } from '../schemas/common-schemas.ts';
import {
  acceptBody,
  connectionSchema,
  initiateBody,
  invitationDocument,
  newConnectionBody,
  recoverDocument,
  sideParams,
  sideSyncBody,
  triggersBody,
  triggersDocument,
} from '../schemas/connection-schemas.ts';
import { bulkRunSchema } from '../schemas/statistics-schemas.ts';
import { twinSummarySchema } from '../schemas/twin-schemas.ts';
import { configuredConnection, connectionDocument, connectionDocuments } from '../views/connection-view.ts';
import { twinSummary } from '../views/twin-view.ts';

const tag = 'Connections';

/** A peering failure as the API answers it: the peer's own status never becomes ours (its 401 is not the caller's). */
function peeringFailure(error: unknown): never {
  if (error instanceof HandshakeError) {
    if (error.status === 404) throw new NotFoundError(error.message);
    throw new OperationFailedError(error.message, { peerStatus: error.status }, { cause: error });
  }
  throw error;
}

export function connectionRoutes(context: ApiContext): ApiRoute[] {
  const { node } = context;

  /** The side of `name` served here whose instance is `instance`; 400 at `path` otherwise. */
  const localSide = (name: string, instance: string, path: (string | number)[], place: 'body' | 'path') => {
    const connection = configuredConnection(node, name);
    const side = connection.sides.find((candidate) => candidate.instance === instance);
    if (!side) {
      const names = connection.sides.map((candidate) => candidate.instance).join(', ');
      throw invalidInput([{ in: place, path, message: `not a side of ${name} (its sides: ${names})` }]);
    }
    if (side.remote === true)
      throw invalidInput([{ in: place, path, message: `${instance} is served by the peer node, which sets it` }]);
    return side;
  };

  const triggersView = (name: string) => {
    const connection = configuredConnection(node, name);
    return {
      connection: name,
      sides: connection.sides.map((side, index) => ({
        side: index === 0 ? ('a' as const) : ('b' as const),
        instance: side.instance,
        remote: side.remote === true,
        triggers: side.remote === true ? [] : side.triggers.map((trigger) => ({ ...trigger })),
      })),
    };
  };

  return [
    defineRoute({
      method: 'GET',
      path: '/api/connections',
      operationId: 'listConnections',
      summary: 'Every connection with its status, sides, counts, last sync and syncs per hour',
      tag,
      query: pageQuery,
      response: pageOf(connectionSchema),
      handler: async ({ query }) => {
        const names = Object.keys(node.config.connections);
        const page = offsetPage(names, query.limit, query.cursor);
        return { items: await connectionDocuments(node, page.items), nextCursor: page.nextCursor };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/connections/:name',
      operationId: 'getConnection',
      summary: 'One connection',
      tag,
      params: nameParams,
      response: connectionSchema,
      errors: [404],
      handler: async ({ params }) => connectionDocument(node, params.name),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/connections',
      operationId: 'createConnection',
      summary: 'Create a connection (Basic mode): saved to the config file and started at once',
      description:
        'Sides name instances of this node, or the peer node’s instance with remote: true (then pair it with initiate / accept). Set Visual or Script rules afterwards with PUT /api/connections/{name}/rules.',
      tag,
      body: newConnectionBody.superRefine((body, ctx) => {
        if (body.sides[0].instance === body.sides[1].instance)
          ctx.addIssue({
            code: 'custom',
            path: ['sides', 1, 'instance'],
            message: 'both sides name the same instance',
          });
      }),
      response: connectionSchema,
      status: 201,
      errors: [409],
      handler: async ({ body }) => {
        if (node.config.connections[body.name])
          throw new OperationFailedError(`a connection named ${body.name} exists already`, { connection: body.name });
        const instances = body.sides.map((side) => side.instance);
        const mapToBody: BodyPathMapper = (path) => {
          const [first, instance, ...rest] = path;
          if (first === 'sides' && instance !== undefined && instances.includes(instance))
            return ['sides', instances.indexOf(instance), ...(rest.length === 0 ? ['instance'] : rest)];
          if (first === 'sides' || first === 'description' || first === 'mode') return path;
          return undefined;
        };
        const connection = await editConnectionConfig(node, body.name, {
          edit: (document) => {
            if (document.hasIn(['connections', body.name]))
              throw new OperationFailedError(
                `the config file has a connection named ${body.name} already (restart the node to load it)`,
              );
            addConnection(document, {
              name: body.name,
              description: body.description,
              mode: body.mode,
              sides: [body.sides[0], body.sides[1]],
            });
          },
          mapToBody,
        });
        await node.liveConnections.add(connection);
        if (context.webhooks && context.publicUrl) {
          // The new projects join this node's webhooks; the poll covers them if that fails.
          await node.engine.registerWebhooks(context.publicUrl).catch((error: unknown) => {
            node.logger.warn({ err: error, connection: body.name }, 'registering webhooks for a new connection failed');
          });
        }
        node.logger.info({ connection: body.name }, 'connection created through the API');
        return connectionDocument(node, body.name);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/connections/:name/initiate',
      operationId: 'initiateConnection',
      summary: 'Invite the peer node: a one-time invitation code for the other organisation',
      tag,
      params: nameParams,
      body: initiateBody,
      response: invitationDocument,
      errors: [404, 409],
      handler: async ({ params, body }) => {
        configuredConnection(node, params.name);
        const invitation = await node.peering
          .initiate(params.name, body.expiresInMinutes * 60_000)
          .catch(peeringFailure);
        return { connection: params.name, ...invitation };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/connections/:name/accept',
      operationId: 'acceptInvitation',
      summary: "Accept the peer node's invitation code: pairs the nodes; the connection becomes active",
      tag,
      params: nameParams,
      body: acceptBody,
      response: z.object({ connection: connectionSchema, peer: z.object({ nodeId: z.string(), url: z.string() }) }),
      errors: [404, 409],
      handler: async ({ params, body }) => {
        configuredConnection(node, params.name);
        let code;
        try {
          code = decodeInvitationCode(body.code);
        } catch (error) {
          if (error instanceof InvitationCodeError)
            throw invalidInput([{ in: 'body', path: ['code'], message: error.message }]);
          throw error;
        }
        if (code.connection !== params.name)
          throw invalidInput([
            {
              in: 'body',
              path: ['code'],
              message: `this code is for connection ${code.connection}, not ${params.name}`,
            },
          ]);
        const link = await node.peering.accept(body.code).catch(peeringFailure);
        node.engine.pollNow().catch((error: unknown) => node.logger.error({ err: error }, 'poll after pairing failed'));
        return {
          connection: await connectionDocument(node, params.name),
          peer: { nodeId: link.peerNodeId, url: link.peerUrl },
        };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/connections/:name/pause',
      operationId: 'pauseConnection',
      summary: 'Pause: changes queue up until resumed',
      tag,
      params: nameParams,
      response: connectionSchema,
      errors: [404, 409],
      handler: async ({ params }) => {
        await node.operations.pause(params.name);
        return connectionDocument(node, params.name);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/connections/:name/resume',
      operationId: 'resumeConnection',
      summary: 'Resume: what queued up while paused runs now',
      tag,
      params: nameParams,
      response: connectionSchema,
      errors: [404, 409],
      handler: async ({ params }) => {
        await node.operations.resume(params.name);
        return connectionDocument(node, params.name);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/connections/:name/recover',
      operationId: 'recoverConnection',
      summary: 'Rebuild lost twins from the markers Tandem left in Jira (after the store was lost)',
      tag,
      params: nameParams,
      response: recoverDocument,
      errors: [404, 409],
      handler: async ({ params }) => node.operations.recover(params.name),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/connections/:name/unsync-trigger',
      operationId: 'unsyncTrigger',
      summary: 'Stop syncing every current match of one trigger (numbered from 1) of one side',
      tag,
      params: nameParams,
      body: z.strictObject({ instance: z.string().min(1), trigger: z.int().min(1) }),
      response: z.object({
        connection: z.string(),
        instance: z.string(),
        trigger: z.int(),
        twins: z.array(twinSummarySchema),
      }),
      errors: [404, 409],
      handler: async ({ params, body }) => {
        const result = await node.operations.unsyncTrigger({ connection: params.name, ...body });
        return { ...result, twins: await Promise.all(result.twins.map((twin) => twinSummary(node, twin))) };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/connections/:name/triggers',
      operationId: 'getTriggers',
      summary: "Each side's triggers (JQL, active, note)",
      tag: 'Triggers',
      params: nameParams,
      response: triggersDocument,
      errors: [404],
      handler: async ({ params }) => triggersView(params.name),
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/connections/:name/triggers',
      operationId: 'setTriggers',
      summary: "Replace sides' triggers (sides left out keep theirs): saved to the config file, applied at once",
      tag: 'Triggers',
      params: nameParams,
      body: triggersBody,
      response: triggersDocument,
      errors: [404, 409],
      handler: async ({ params, body }) => {
        configuredConnection(node, params.name);
        const entries = Object.entries(body.triggers);
        for (const [instance] of entries) localSide(params.name, instance, ['triggers', instance], 'body');
        const connection = await editConnectionConfig(node, params.name, {
          edit: (document) => {
            for (const [instance, triggers] of entries)
              setTriggers(document, params.name, instance, triggers as TriggerConfig[]);
          },
          mapToBody: (path) => {
            const [first, instance, key, index, ...rest] = path;
            if (first === 'sides' && instance !== undefined && (key === 'triggers' || key === 'trigger'))
              return ['triggers', instance, ...(key === 'triggers' && index !== undefined ? [index, ...rest] : [])];
            return undefined;
          },
        });
        await node.liveConnections.replace(connection, { keepRules: true });
        return triggersView(params.name);
      },
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/connections/:name/sides/:instance',
      operationId: 'setSideSync',
      summary: "A side's sync method: auto, manual (only when asked) or off",
      tag: 'Triggers',
      params: sideParams,
      body: sideSyncBody,
      response: connectionSchema,
      errors: [404, 409],
      handler: async ({ params, body }) => {
        localSide(params.name, params.instance, ['instance'], 'path');
        const connection = await editConnectionConfig(node, params.name, {
          edit: (document) => setSideSync(document, params.name, params.instance, body.sync as SyncMethod),
          mapToBody: (path) => (path[path.length - 1] === 'sync' ? ['sync'] : undefined),
        });
        await node.liveConnections.replace(connection, { keepRules: true });
        return connectionDocument(node, params.name);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/connections/:name/bulk',
      operationId: 'startBulkRun',
      summary: "Start a bulk run: every current match of both sides' triggers syncs; follow it at /api/bulk/{runId}",
      tag: 'Bulk runs',
      params: nameParams,
      response: bulkRunSchema,
      status: 202,
      errors: [404, 409],
      handler: async ({ params }) => {
        configuredConnection(node, params.name);
        return context.bulkRuns.start(params.name);
      },
    }),
  ];
}
