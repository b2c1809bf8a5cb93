/** A Tandem node: composition root (config → trackers, store, engine), HTTP server, and the operations people run. */
export { composeNode, trackerConfigOf, type ComposeNodeOptions, type TandemNode } from './compose-node.ts';
export { startServer, buildApp, type ServerOptions, type TandemServer, type ErrorEnvelope } from './start-server.ts';
export { engineConnections, engineConnectionOf, engineTimings, noMatchTrigger } from './engine-connections.ts';
export { loadNodeSecret, nodeSecretFile, NodeSecretError, NODE_SECRET_VARIABLE } from './node-secret.ts';
export { createNodeLogger, REDACTED_PATHS, type NodeLoggerOptions } from './node-logger.ts';
export { NodeOperations, isIssueKey } from './node-operations.ts';
export { HttpOperations, NodeUnreachableError, probeNode } from './http-operations.ts';
export type { TandemOperations, ConnectInput } from './tandem-operations.ts';
export type * from './operation-views.ts';
export type { HealthDocument } from './routes/health-route.ts';
export {
  NotFoundError,
  InvalidInputError,
  OperationFailedError,
  httpStatusOf,
  type OperationError,
} from './operation-errors.ts';
export { describeStep, describeChanges, isNoteworthy } from './step-description.ts';
export {
  NodePeering,
  HandshakeError,
  deriveSharedKey,
  sidesMismatch,
  HANDSHAKE_PATH,
  type SideDescription,
} from './peering/node-peering.ts';
export {
  decodeInvitationCode,
  encodeInvitationCode,
  InvitationCodeError,
  type InvitationCode,
} from './peering/invitation-code.ts';
export { PEER_HEADERS, MAX_CLOCK_SKEW_MS, canonicalString, signParts } from './peering/message-signature.ts';
export { PeerClient } from './peering/peer-client.ts';
export {
  PeerReplicaTransport,
  ConnectionRouterTransport,
  REPLICAS_PATH,
  attachmentPath,
} from './peering/peer-replica-transport.ts';
export { nodeIdOf } from './peering/node-identity.ts';
export { SealedSecretError } from './peering/sealed-secret.ts';
