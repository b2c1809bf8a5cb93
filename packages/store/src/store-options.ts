/** Options of `openStore`. */
export interface StoreOptions {
  /** Epoch-ms clock for the times the store stamps itself (event creation, connection status changes). Default `Date.now`. */
  clock?: () => number;
  /**
   * PostgreSQL only: the schema to keep Tandem's tables in (created by the caller; set as the connections'
   * `search_path`). Default: the connection's own search_path. Rejected for SQLite, which has no schemas.
   */
  schema?: string;
  /** PostgreSQL only: the pool's maximum number of connections. Default 10. */
  poolSize?: number;
  /** SQLite only: how long a write waits for another process's write lock before failing, ms. Default 5000. */
  busyTimeoutMs?: number;
}
