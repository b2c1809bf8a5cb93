/**
 * Replicas to the peer node: `deliver` is a signed `POST /node/v1/replicas`; the peer runs the same receiving code
 * (receiveReplica) on its own instance and store, and fetches attachment bytes back from this node with signed
 * `GET /node/v1/attachments/…` requests (served by node-routes.ts), so the sender's fetcher is not used here.
 */
import type { AttachmentFetcher, DeliveryRequest, DeliveryResult, ReplicaTransport } from '@tandem/engine';
import { SyncStepError } from '@tandem/engine';
import type { PeerClient } from './peer-client.ts';

export const REPLICAS_PATH = '/node/v1/replicas';

/** The path of an attachment of `twinId` served by the sending node. */
export function attachmentPath(connection: string, twinId: string, attachmentId: string): string {
  return `/node/v1/attachments/${encodeURIComponent(connection)}/${encodeURIComponent(attachmentId)}?twin=${encodeURIComponent(twinId)}`;
}

export class PeerReplicaTransport implements ReplicaTransport {
  constructor(private readonly client: PeerClient) {}

  async deliver(request: DeliveryRequest, _fetchAttachment: AttachmentFetcher): Promise<DeliveryResult> {
    const answer = await this.client.request(
      request.connection,
      'POST',
      REPLICAS_PATH,
      Buffer.from(JSON.stringify(request)),
    );
    try {
      return JSON.parse(answer.body.toString('utf8')) as DeliveryResult;
    } catch {
      throw new SyncStepError('the peer node answered a delivery with something else than JSON', {}, true);
    }
  }

  /** The fetcher a receiving node gives receiveReplica: bytes from the sending node, over a signed GET. */
  fetcherFor(connection: string, twinId: string): AttachmentFetcher {
    return async (attachmentId) =>
      (await this.client.request(connection, 'GET', attachmentPath(connection, twinId, attachmentId))).body;
  }
}

/** Picks the transport by connection: in-process when both sides live on this node, the peer's otherwise. */
export class ConnectionRouterTransport implements ReplicaTransport {
  constructor(
    private readonly local: ReplicaTransport,
    private readonly peer: ReplicaTransport,
    private readonly remoteConnections: ReadonlySet<string>,
  ) {}

  deliver(request: DeliveryRequest, fetchAttachment: AttachmentFetcher): Promise<DeliveryResult> {
    const transport = this.remoteConnections.has(request.connection) ? this.peer : this.local;
    return transport.deliver(request, fetchAttachment);
  }
}
