/** Named failures of the store. Expected outcomes (not found) are `undefined` returns, not errors. */

/** The store URL names no database this package can open. */
export class UnsupportedStoreUrlError extends Error {
  override readonly name = 'UnsupportedStoreUrlError';
  constructor(readonly url: string) {
    super(`unsupported store URL ${JSON.stringify(url)}: use a file path, sqlite:<path> or postgres://…`);
  }
}

/** The database could not be opened or migrated. */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
  }
}

/** `insertTwin` met a twin with the same id, the same issue on one side, or the same create intent. */
export class DuplicateTwinError extends Error {
  override readonly name = 'DuplicateTwinError';
  constructor(readonly twinId: string) {
    super(`twin ${twinId} conflicts with an existing twin (same id, issue or create intent)`);
  }
}

/** `updateTwin` for a twin that does not exist (deleted meanwhile, or never inserted). */
export class TwinNotFoundError extends Error {
  override readonly name = 'TwinNotFoundError';
  constructor(readonly twinId: string) {
    super(`twin ${twinId} does not exist`);
  }
}

/**
 * A top-level store method (or `transaction`, or the queue) was called inside `store.transaction(work)`. On SQLite
 * that would wait forever for the connection the transaction holds, and on PostgreSQL it would run outside the
 * transaction, so both refuse: use the transaction passed to `work`.
 */
export class NestedStoreCallError extends Error {
  override readonly name = 'NestedStoreCallError';
  constructor() {
    super('store method called inside store.transaction(work): use the transaction passed to work instead');
  }
}

/** A StoreTransaction was used after its transaction ended. */
export class TransactionClosedError extends Error {
  override readonly name = 'TransactionClosedError';
  constructor() {
    super('store transaction used after it committed or rolled back');
  }
}

/** A row holds a value the schema's checks should have made impossible. */
export class StoreCorruptionError extends Error {
  override readonly name = 'StoreCorruptionError';
  constructor(message: string) {
    super(message);
  }
}

/** `insertUser` met a user with the same id or the same e-mail address. */
export class DuplicateUserError extends Error {
  override readonly name = 'DuplicateUserError';
  constructor(readonly email: string) {
    super(`a user with e-mail ${email} already exists`);
  }
}
