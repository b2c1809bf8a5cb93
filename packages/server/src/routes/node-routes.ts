/**
 * Node-to-node endpoints (decentralized topology). Bodies stay the exact bytes received: signatures cover them.
 * - `POST /node/v1/handshake`: the accepting node proves it holds an invitation (see NodePeering.handleHandshake).
 * - `POST /node/v1/replicas`: a signed DeliveryRequest; runs receiveReplica on this node and answers the signed
 *   DeliveryResult; 503 (retry later) or 422 (parked) with the reason when it cannot be applied.
 * - `GET /node/v1/attachments/:connection/:attachmentId?twin=ID`: the bytes of an attachment of this node's issue of
 *   that twin — only of an issue twinned in that connection.
 * A request that fails verification (bad signature, stale timestamp, replayed nonce, unknown peer) gets 401 and nothing
 * is applied.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TrackerError } from '@tandem/core';
import { receivePeerReplica, SyncStepError, type DeliveryRequest, type EngineDeps } from '@tandem/engine';
import { z } from 'zod';
import type { HttpAnswer, NodePeering } from '../peering/node-peering.ts';
import { HANDSHAKE_PATH } from '../peering/node-peering.ts';
import { REPLICAS_PATH, type PeerReplicaTransport } from '../peering/peer-replica-transport.ts';

/** Replicas carry whole issues with their comments. */
const NODE_BODY_LIMIT = 10 * 1024 * 1024;

const side = z.enum(['a', 'b']);
const deliverySchema = z.object({
  connection: z.string().min(1),
  twinId: z.string().min(1),
  origin: side,
  senderSide: side,
  replica: z.looseObject({
    connection: z.string(),
    issueId: z.string(),
    issueKey: z.string(),
    fields: z.looseObject({}),
    comments: z.array(z.unknown()),
    attachments: z.array(z.unknown()),
  }),
  // Optional hints the receiver needs where its store lacks a record (a schema without them would strip them).
  knownTarget: z.object({ issueId: z.string(), issueKey: z.string().nullable() }).optional(),
  senderIsCopy: z.enum(['untouched', 'edited']).optional(),
  fieldChanged: z.record(z.string(), z.number()).optional(),
  tandemAttachments: z.array(z.object({ id: z.string(), created: z.number() })).optional(),
});

export interface NodeRouteDeps {
  peering: NodePeering;
  engineDeps: EngineDeps;
  peerTransport: PeerReplicaTransport;
  /** Log lines for the node's own log. */
  log: (fields: Record<string, unknown>, message: string) => void;
}

function send(reply: FastifyReply, answer: HttpAnswer): FastifyReply {
  return reply.code(answer.status).headers(answer.headers).send(answer.body);
}

function headerOf(request: FastifyRequest) {
  return (name: string): string | undefined => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
}

function refuse(reply: FastifyReply, reason: string): FastifyReply {
  return reply.code(401).send({ error: { message: reason, details: {} } });
}

/** How a failure to apply a replica travels back: retryable → 503, anything else parks the twin → 422. */
function failureAnswer(error: unknown): { status: number; message: string; details: Record<string, unknown> } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof TrackerError) {
    const retryable = error.retryable || error.kind === 'unknown-outcome';
    const retryAfterMs = error.kind === 'unknown-outcome' ? 1000 : error.details.retryAfterMs;
    const { cause: _cause, ...details } = error.details;
    return {
      status: retryable ? 503 : 422,
      message,
      details: { ...details, kind: error.kind, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
    };
  }
  if (error instanceof SyncStepError) {
    return {
      status: error.retryable ? 503 : 422,
      message,
      details: { ...error.details, ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }) },
    };
  }
  return { status: 422, message, details: { unexpected: true } };
}

export function nodeRoutes(deps: NodeRouteDeps) {
  const { peering, engineDeps } = deps;
  return async (app: FastifyInstance): Promise<void> => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: NODE_BODY_LIMIT }, (_request, body, done) => {
      done(null, body);
    });
    const rawBody = (request: FastifyRequest) => (Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));

    app.post(HANDSHAKE_PATH, async (request, reply) => {
      const answer = await peering.handleHandshake(rawBody(request), headerOf(request));
      deps.log(
        { status: answer.status },
        answer.status === 200 ? 'peer handshake completed' : 'peer handshake refused',
      );
      return send(reply, answer);
    });

    app.post(REPLICAS_PATH, async (request, reply) => {
      const body = rawBody(request);
      const verified = await peering.verifyRequest('POST', request.url, body, headerOf(request));
      if (!verified.ok) {
        deps.log({ reason: verified.reason }, 'node-to-node message refused');
        return refuse(reply, verified.reason);
      }
      const respond = (status: number, document: unknown) =>
        send(
          reply,
          peering.signResponse(verified, request.url, {
            status,
            contentType: 'application/json',
            body: Buffer.from(JSON.stringify(document)),
          }),
        );
      let delivery: DeliveryRequest;
      try {
        const parsed = deliverySchema.safeParse(JSON.parse(body.toString('utf8')));
        if (!parsed.success || parsed.data.connection !== verified.connection)
          return respond(400, { error: { message: 'not a delivery for this connection', details: {} } });
        delivery = parsed.data as unknown as DeliveryRequest;
      } catch {
        return respond(400, { error: { message: 'the delivery is not JSON', details: {} } });
      }
      try {
        const result = await receivePeerReplica(
          engineDeps,
          delivery,
          deps.peerTransport.fetcherFor(delivery.connection, delivery.twinId),
        );
        return respond(200, result);
      } catch (error) {
        const failure = failureAnswer(error);
        return respond(failure.status, { error: { message: failure.message, details: failure.details } });
      }
    });

    app.get<{ Params: { connection: string; attachmentId: string }; Querystring: { twin?: string } }>(
      '/node/v1/attachments/:connection/:attachmentId',
      async (request, reply) => {
        const verified = await peering.verifyRequest('GET', request.url, rawBody(request), headerOf(request));
        if (!verified.ok) {
          deps.log({ reason: verified.reason }, 'node-to-node message refused');
          return refuse(reply, verified.reason);
        }
        const { connection, attachmentId } = request.params;
        const refuseSigned = (status: number, message: string) =>
          send(
            reply,
            peering.signResponse(verified, request.url, {
              status,
              contentType: 'application/json',
              body: Buffer.from(JSON.stringify({ error: { message, details: {} } })),
            }),
          );
        if (connection !== verified.connection) return refuseSigned(400, 'the path names another connection');
        const twin = request.query.twin ? await engineDeps.store.getTwin(request.query.twin) : undefined;
        if (!twin || twin.connection !== connection) return refuseSigned(404, 'no such twin in this connection');
        // This node's side of the twin: the one whose instance it serves.
        const mine = (['a', 'b'] as const).find((s) => engineDeps.trackers.has(twin[s].instance) && twin[s].issueId);
        const tracker = mine ? engineDeps.trackers.get(twin[mine].instance) : undefined;
        const issue = mine && tracker ? await tracker.getIssue(twin[mine].issueId ?? '') : null;
        if (!tracker || !issue || !issue.attachments.some((attachment) => attachment.id === attachmentId))
          return refuseSigned(404, 'no such attachment on the twin issue of this node');
        const bytes = await tracker.downloadAttachment(attachmentId);
        return send(
          reply,
          peering.signResponse(verified, request.url, {
            status: 200,
            contentType: 'application/octet-stream',
            body: bytes,
          }),
        );
      },
    );
  };
}
