/** A Tandem node: composition root (config → trackers, store, engine), HTTP server, and the operations people run. */
export {
  composeNode,
  trackerConfigOf,
  ScriptCompileError,
  type ComposeNodeOptions,
  type TandemNode,
} from './compose-node.ts';
export {
  startServer,
  buildApp,
  apiRoutes,
  type AppOptions,
  type ServerOptions,
  type TandemServer,
  type ErrorEnvelope,
} from './start-server.ts';
export { engineConnections, engineConnectionOf, engineTimings, noMatchTrigger } from './engine-connections.ts';
export { loadNodeSecret, nodeSecretFile, NodeSecretError, NODE_SECRET_VARIABLE } from './node-secret.ts';
export { createNodeLogger, REDACTED_PATHS, type NodeLoggerOptions } from './node-logger.ts';
export { NodeOperations, isIssueKey } from './node-operations.ts';
export { HttpOperations, NodeUnreachableError, probeNode } from './http-operations.ts';
export type {
  TandemOperations,
  ConnectInput,
  DryRunDocument,
  DryRunInput,
  UnsyncTriggerDocument,
  UnsyncTriggerInput,
} from './tandem-operations.ts';
export type * from './operation-views.ts';
export type { HealthDocument } from './api/routes/node-info-routes.ts';
export {
  NotFoundError,
  InvalidInputError,
  OperationFailedError,
  AuthenticationError,
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
export { openApiDocument, openApiPath } from './api/openapi-document.ts';
export type { ApiRoute } from './api/api-route.ts';
export { AccessService, SESSION_TTL_MS, type Principal } from './access/access-service.ts';
export { SESSION_COOKIE } from './access/api-access-hook.ts';
export { localApiToken, maskSecret, API_TOKEN_PREFIX, LOCAL_TOKEN_PREFIX } from './access/api-credentials.ts';
export { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from './access/password-hash.ts';
export {
  createOrResetAdmin,
  firstAdminFromEnv,
  passwordProblem,
  ADMIN_EMAIL_VARIABLE,
  ADMIN_PASSWORD_VARIABLE,
} from './access/user-accounts.ts';
export { openNodeAccess, localApiTokenFor, API_TOKEN_VARIABLE, type NodeAccess } from './node-access.ts';
export { ConfigFile, ConfigFileError } from './config-file/config-file.ts';
export { CONSOLE_DIST } from './console-files.ts';
export { BulkRuns } from './bulk-runs.ts';
