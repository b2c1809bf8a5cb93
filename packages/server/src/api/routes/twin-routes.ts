/**
 * Twins: look them up by issue key or list them, read one with both issues from Jira, its timeline (the audit
 * entries with their field-level diffs), sync it now, stop syncing it, connect two existing issues. Syncing and
 * unsyncing by issue key are kept for the CLI.
 */
import { z } from 'zod';
import type { Twin } from '@tandem/core';
import { NotFoundError } from '../../operation-errors.ts';
import type { ApiContext } from '../api-context.ts';
import { defineRoute, type ApiRoute } from '../api-route.ts';
import { cursorBeforeId, decodeCursor, encodeCursor, idCursor, offsetPage, pageOf, pageQuery } from '../paging.ts';
import { connectionName, issueKey } from '../schemas/common-schemas.ts';
import { auditEntrySchema, twinDetailSchema, twinParams, twinSummarySchema } from '../schemas/twin-schemas.ts';
import { configuredConnection } from '../views/connection-view.ts';
import { twinDetail, twinSummary } from '../views/twin-view.ts';
import { invalidInput } from '../../routes/route-input.ts';

const tag = 'Twins';

export const AUDIT_KINDS = [
  'detected',
  'sent',
  'received',
  'applied',
  'created',
  'conflict',
  'error',
  'skipped',
] as const;

/** `?kind=applied,created`: one kind or several, comma-separated. */
export const kindQuery = z
  .string()
  .transform((value, ctx) => {
    const kinds = value
      .split(',')
      .map((kind) => kind.trim())
      .filter((kind) => kind !== '');
    for (const kind of kinds)
      if (!(AUDIT_KINDS as readonly string[]).includes(kind))
        ctx.addIssue({ code: 'custom', message: `unknown kind ${kind}; kinds: ${AUDIT_KINDS.join(', ')}` });
    return kinds as (typeof AUDIT_KINDS)[number][];
  })
  .optional()
  .meta({ description: `Only entries of these kinds, comma-separated: ${AUDIT_KINDS.join(', ')}` });

const keyBody = z.object({ key: issueKey });

export function twinRoutes(context: ApiContext): ApiRoute[] {
  const { node } = context;

  const twinOf = async (id: string): Promise<Twin> => {
    const twin = await node.store.getTwin(id);
    if (!twin) throw new NotFoundError(`no twin with id ${id}`, { twinId: id });
    return twin;
  };

  /** Twins of the node in connection order, then by id, from a cursor `{ c: connection, after: id }`. */
  const listTwins = async (limit: number, cursor: string | undefined, only: string | undefined) => {
    const names = only === undefined ? Object.keys(node.config.connections) : [only];
    let start = 0;
    let afterId: string | undefined;
    if (cursor !== undefined) {
      const { c, after } = decodeCursor(cursor);
      start = typeof c === 'string' ? names.indexOf(c) : -1;
      if (start < 0 || typeof after !== 'string')
        throw invalidInput([{ in: 'query', path: ['cursor'], message: 'not a cursor this API gave out' }]);
      afterId = after;
    }
    const items: Twin[] = [];
    let nextCursor: string | null = null;
    for (let index = start; index < names.length && nextCursor === null; index++) {
      const name = names[index] ?? '';
      const twins = await node.store.listTwins(name, {
        limit: limit - items.length + 1,
        ...(afterId === undefined ? {} : { afterId }),
      });
      afterId = undefined;
      for (const twin of twins) {
        if (items.length === limit) {
          const last = items[items.length - 1];
          nextCursor = last ? encodeCursor({ c: last.connection, after: last.id }) : null;
          break;
        }
        items.push(twin);
      }
    }
    return { items, nextCursor };
  };

  return [
    defineRoute({
      method: 'GET',
      path: '/api/twins',
      operationId: 'listTwins',
      summary: 'Twins: of one issue (?key=BLUE-1, either side), of one connection, or all',
      tag,
      query: pageQuery.extend({
        key: issueKey.optional().meta({ description: 'An issue key on either side' }),
        connection: connectionName.optional(),
      }),
      response: pageOf(twinSummarySchema),
      errors: [404],
      handler: async ({ query }) => {
        if (query.connection !== undefined) configuredConnection(node, query.connection);
        if (query.key !== undefined) {
          if (!(await node.engine.findIssue(query.key)))
            throw new NotFoundError(`issue ${query.key} was not found on any configured instance`, { key: query.key });
          const twins = (await node.engine.status(query.key))
            .map((status) => status.twin)
            .filter((twin) => query.connection === undefined || twin.connection === query.connection);
          const page = offsetPage(twins, query.limit, query.cursor);
          return {
            items: await Promise.all(page.items.map((twin) => twinSummary(node, twin))),
            nextCursor: page.nextCursor,
          };
        }
        const page = await listTwins(query.limit, query.cursor, query.connection);
        return {
          items: await Promise.all(page.items.map((twin) => twinSummary(node, twin))),
          nextCursor: page.nextCursor,
        };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/twins/:id',
      operationId: 'getTwin',
      summary: 'One twin, with both issues as Jira has them now',
      tag,
      params: twinParams,
      response: twinDetailSchema,
      errors: [404],
      handler: async ({ params }) => twinDetail(node, await twinOf(params.id)),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/twins/:id/timeline',
      operationId: 'getTwinTimeline',
      summary: "A twin's timeline, newest first: detected, applied/created with field-level diffs, conflicts, errors",
      tag,
      params: twinParams,
      query: pageQuery.extend({ kind: kindQuery }),
      response: pageOf(auditEntrySchema),
      errors: [404],
      handler: async ({ params, query }) => {
        await twinOf(params.id);
        const beforeId = cursorBeforeId(query.cursor);
        const entries = await node.auditTrail.page({
          twinId: params.id,
          ...(query.kind === undefined ? {} : { kinds: query.kind }),
          ...(beforeId === undefined ? {} : { beforeId }),
          limit: query.limit + 1,
        });
        const items = entries.slice(0, query.limit);
        const last = items[items.length - 1];
        return { items, nextCursor: entries.length > query.limit && last ? idCursor(last.id) : null };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/twins/:id/sync',
      operationId: 'syncTwin',
      summary: "Sync a twin now from each of its issues this node serves, whatever the sides' sync methods",
      description: 'An unsynced twin syncs again.',
      tag,
      params: twinParams,
      response: z.object({ queued: z.array(z.string()) }),
      errors: [404],
      handler: async ({ params }) => {
        const twin = await twinOf(params.id);
        const connection = node.liveConnections.engineConnection(twin.connection);
        const now = node.engine.deps.now();
        await node.store.transaction(async (tx) => {
          if (twin.state === 'unsynced') await tx.updateTwin({ ...twin, state: 'active', updatedAt: now });
          for (const side of ['a', 'b'] as const) {
            // The peer node syncs from its own issue.
            if (!twin[side].issueId || connection?.[side].remote === true) continue;
            await tx.enqueue({
              connection: twin.connection,
              twinId: twin.id,
              sourceSide: side,
              reason: 'manual',
              availableAt: now,
            });
          }
          await tx.audit({
            at: now,
            connection: twin.connection,
            twinId: twin.id,
            kind: 'detected',
            detail: { reason: 'manual', by: 'api' },
          });
        });
        node.engine.worker.wake();
        return { queued: [twin.id] };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/twins/:id/unsync',
      operationId: 'unsyncTwin',
      summary: 'Stop syncing a twin (both issues stay as they are)',
      tag,
      params: twinParams,
      response: twinSummarySchema,
      errors: [404],
      handler: async ({ params }) => {
        const twin = await twinOf(params.id);
        if (twin.state !== 'unsynced') {
          const now = node.engine.deps.now();
          await node.store.transaction(async (tx) => {
            await tx.updateTwin({ ...twin, state: 'unsynced', updatedAt: now });
            await tx.audit({
              at: now,
              connection: twin.connection,
              twinId: twin.id,
              kind: 'skipped',
              detail: { unsynced: twin.a.issueKey ?? twin.b.issueKey, by: 'api' },
            });
          });
        }
        return twinSummary(node, await twinOf(params.id));
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/connect',
      operationId: 'connectIssues',
      summary: 'Make two existing issues twins (nothing is created); the keys may come in either order',
      tag,
      body: z.strictObject({ connection: connectionName.optional(), a: issueKey, b: issueKey }),
      response: z.object({ twin: twinSummarySchema }),
      status: 201,
      errors: [404, 409],
      handler: async ({ body }) => {
        const { twin } = await node.operations.connect({
          a: body.a,
          b: body.b,
          ...(body.connection === undefined ? {} : { connection: body.connection }),
        });
        return { twin: await twinSummary(node, twin) };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/issues/:key/sync',
      operationId: 'syncIssue',
      summary: 'Sync an issue now by key (its twin is created when it has none)',
      tag,
      params: keyBody,
      response: z.object({ key: z.string(), queued: z.array(z.string()) }),
      errors: [404, 409],
      handler: async ({ params }) => node.operations.sync(params.key),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/issues/:key/unsync',
      operationId: 'unsyncIssue',
      summary: 'Stop syncing the twins of an issue, by key',
      tag,
      params: keyBody,
      response: z.object({ key: z.string(), twins: z.array(twinSummarySchema) }),
      errors: [404, 409],
      handler: async ({ params }) => {
        const result = await node.operations.unsync(params.key);
        return { key: result.key, twins: await Promise.all(result.twins.map((twin) => twinSummary(node, twin))) };
      },
    }),
  ];
}
