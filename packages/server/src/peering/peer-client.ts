/**
 * Signed requests to the peer node of a connection, and the checks on its signed answers. Failures come back as the
 * engine's SyncStepError so the worker decides as for any step: an unreachable peer or a 5xx retries with backoff (a
 * node that is down gets the replica when it returns); a 401 is not retried and puts the connection in error with the
 * peer's reason; a 422 parks the twin with the peer's message.
 */
import { SyncStepError } from '@tandem/engine';
import { checkSignature, newNonce, readSignedHeaders, signatureHeaders } from './message-signature.ts';
import type { NodePeering } from './node-peering.ts';

export interface PeerAnswer {
  status: number;
  body: Buffer;
}

/** How long to wait before asking again while a connection has no peer yet, ms. */
const UNPAIRED_RETRY_MS = 5_000;

export class PeerClient {
  constructor(
    private readonly peering: NodePeering,
    private readonly now: () => number,
    private readonly timeoutMs = 120_000,
  ) {}

  /** Sends a signed request to the peer of `connection`; answers the verified 2xx response or throws SyncStepError. */
  async request(
    connection: string,
    method: 'GET' | 'POST',
    path: string,
    body: Buffer = Buffer.alloc(0),
  ): Promise<PeerAnswer> {
    const peer = await this.peering.peerOf(connection);
    if (!peer) {
      throw new SyncStepError(
        `connection ${connection} has no peer node yet: pair it with tandem connection initiate / accept`,
        { connection },
        true,
        UNPAIRED_RETRY_MS,
      );
    }
    const nonce = newNonce();
    const headers = signatureHeaders(peer.key, connection, {
      method,
      path,
      timestamp: this.now(),
      nonce,
      body,
      senderNodeId: this.peering.nodeId,
    });
    const url = peer.link.peerUrl + path;
    let response: Response;
    let answer: Buffer;
    try {
      response = await fetch(url, {
        method,
        headers: { ...headers, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
        ...(method === 'POST' ? { body } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      answer = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
      throw new SyncStepError(`the peer node at ${peer.link.peerUrl} is unreachable (${reason})`, { peer: url }, true);
    }
    const message = errorMessage(answer) ?? `${method} ${path} answered ${response.status}`;
    if (response.status === 401) {
      const reason = `the peer node refused this node's message: ${message}`;
      await this.peering.markFailed(connection, reason);
      throw new SyncStepError(reason, { peer: url, status: 401 });
    }
    if (response.status >= 500) {
      const retryAfterMs = errorDetail(answer, 'retryAfterMs');
      throw new SyncStepError(
        `the peer node could not apply it yet: ${message}`,
        { peer: url, status: response.status },
        true,
        typeof retryAfterMs === 'number' ? retryAfterMs : undefined,
      );
    }
    const signed = readSignedHeaders((name) => response.headers.get(name) ?? undefined);
    const verdict = signed.ok
      ? checkSignature(
          peer.key,
          {
            method: `RESPONSE ${response.status}`,
            path,
            timestamp: signed.timestamp,
            nonce: signed.nonce,
            body: answer,
            senderNodeId: signed.node,
          },
          signed.signature,
          this.now(),
        )
      : signed;
    if (!verdict.ok || !signed.ok || signed.nonce !== nonce || signed.node !== peer.link.peerNodeId) {
      // Not trusted, but retrying is safe: the step is state-based and the peer's writes are idempotent.
      throw new SyncStepError(
        `the peer node's answer is not signed for this request${verdict.ok ? '' : `: ${verdict.reason}`}`,
        { peer: url, status: response.status },
        true,
      );
    }
    if (response.status >= 400) {
      const details = errorDetails(answer);
      throw new SyncStepError(`the peer node: ${message}`, { ...details, peer: url, status: response.status });
    }
    await this.peering.markHealthy(connection);
    return { status: response.status, body: answer };
  }
}

function envelope(answer: Buffer): { message?: unknown; details?: unknown } | undefined {
  try {
    return (JSON.parse(answer.toString('utf8')) as { error?: { message?: unknown; details?: unknown } }).error;
  } catch {
    return undefined;
  }
}

function errorMessage(answer: Buffer): string | undefined {
  const message = envelope(answer)?.message;
  return typeof message === 'string' ? message : undefined;
}

function errorDetails(answer: Buffer): Record<string, unknown> {
  const details = envelope(answer)?.details;
  return typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : {};
}

function errorDetail(answer: Buffer, key: string): unknown {
  return errorDetails(answer)[key];
}
