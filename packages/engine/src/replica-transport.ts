/**
 * How a replica reaches the side that applies it. Both topologies go through this one interface: on one node the
 * receiving code runs in-process; in the decentralized topology the replica travels to the peer node, signed, and the
 * peer runs the same receiving code against its own instance and store. The receiver fetches attachment bytes
 * through `fetchAttachment`, which the sender serves.
 */
import type { FieldDecision, Replica, SideName } from '@tandem/core';
import type { EngineDeps } from './engine-deps.ts';
import { receiveReplica } from './receive-replica.ts';

export interface DeliveryRequest {
  connection: string;
  twinId: string;
  /** The side the twin's first issue was created on. */
  origin: SideName;
  senderSide: SideName;
  replica: Replica;
  /** The receiving side's issue, when the sender knows it (a receiver that lost its record takes it from here). */
  knownTarget?: { issueId: string; issueKey: string | null };
  /**
   * Set when the sender's issue is the copy Tandem created of the receiver's issue (its marker says so; the receiver
   * cannot see that marker): `untouched` while every field of the copy still reads as the sender's base recorded it
   * after Tandem's last write, `edited` once a person has changed one since. An original without a base of its own
   * sends first rather than merge a copy's replica blind (see receiveReplica).
   */
  senderIsCopy?: 'untouched' | 'edited';
  /**
   * By replica field name, when the sender's fields behind it last changed (epoch ms, from Jira's change history).
   * Sent only while the sender has no merge base for the twin (a store restored to before the twin, two issues
   * connected): the receiver decides each field neither side has a base for by these times rather than by `updated`.
   */
  fieldChanged?: Record<string, number>;
  /**
   * The replica's attachments that Tandem's account wrote on the sender without a mapping saying what they copy (the
   * store lost it), with when each was written: the receiver checks whether each is the copy of one of its own before
   * copying it back.
   */
  tandemAttachments?: { id: string; created: number }[];
}

export interface DeliveryResult {
  /** The receiver created its issue for this twin now. */
  created: boolean;
  targetIssue: { id: string; key: string; url: string };
  /** What was written: field names and comment/attachment operations. */
  changes: string[];
  /** Field by field, what the receiver wrote: the value before and after (for the twin's timeline). */
  diff?: FieldDiff[];
  /** Conflict and ownership decisions the receiver made. */
  conflicts: FieldDecision[];
  /**
   * What the receiving side would now send back (its outgoing rule on its issue as written): the sender takes its
   * own base from it, so the receiver's reading of the values (a lossy conversion, a mapped value) is not news.
   * Null when the receiving side's issue is outside its outgoing scope.
   */
  echo: Replica | null;
  /** Lines the receiving side's rules logged. */
  log: string[];
  /**
   * Of the request's `tandemAttachments`: those that are copies of the receiver's attachments (`originId` on the
   * receiver, `mirrorId` on the sender), to record as such, and those whose original was deleted on the receiver,
   * for the sender to delete. Missing when there were none.
   */
  attachmentCopies?: { copies: { originId: string; mirrorId: string }[]; deleted: string[] };
}

export interface FieldDiff {
  /** The field's id on the receiving instance. */
  field: string;
  /** Its name there, where the catalog knows it. */
  name: string;
  before: unknown;
  after: unknown;
}

/** Downloads the bytes of one of the sender's attachments. */
export type AttachmentFetcher = (attachmentId: string) => Promise<Buffer>;

export interface ReplicaTransport {
  deliver(request: DeliveryRequest, fetchAttachment: AttachmentFetcher): Promise<DeliveryResult>;
}

/** Both sides on this node: the receiving code runs here, on this node's trackers and store. */
export class LocalReplicaTransport implements ReplicaTransport {
  constructor(private readonly deps: EngineDeps) {}

  deliver(request: DeliveryRequest, fetchAttachment: AttachmentFetcher): Promise<DeliveryResult> {
    return receiveReplica(this.deps, request, fetchAttachment);
  }
}
