/** Tandem's store: the durable state of a node and its sync-event queue, on SQLite or PostgreSQL. */
export { openStore, parseStoreUrl } from './open-store.ts';
export type { StoreLocation } from './open-store.ts';
export type { StoreOptions } from './store-options.ts';
export { KyselyStore } from './kysely-store.ts';
export type { StoreCapabilities } from './store-capabilities.ts';
export { withDefaultUser } from './postgres-store-dialect.ts';
export {
  DuplicateTwinError,
  DuplicateUserError,
  NestedStoreCallError,
  StoreCorruptionError,
  StoreOpenError,
  TransactionClosedError,
  TwinNotFoundError,
  UnsupportedStoreUrlError,
} from './store-errors.ts';
export {
  KyselyAccessStore,
  USER_ROLES,
  type AccessStore,
  type ApiToken,
  type User,
  type UserRecord,
  type UserRole,
  type UserSession,
} from './access-records.ts';
export { KyselyAuditTrail, type AuditMark, type AuditPageQuery, type AuditTrail } from './audit-trail.ts';
