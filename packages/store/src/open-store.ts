/** Opens the store a URL names, migrated to the latest schema. */
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Database } from './database-schema.ts';
import { KyselyStore } from './kysely-store.ts';
import { openPostgresDatabase, postgresCapabilities } from './postgres-store-dialect.ts';
import { openSqliteDatabase, sqliteCapabilities } from './sqlite-store-dialect.ts';
import type { StoreCapabilities } from './store-capabilities.ts';
import { StoreOpenError, UnsupportedStoreUrlError } from './store-errors.ts';
import { migrateToLatest } from './store-migrations.ts';
import type { StoreOptions } from './store-options.ts';

export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/**
 * Reads a store URL: `postgres://…` or `postgresql://…`; `sqlite:<path>` (`sqlite:///abs/path`, `sqlite::memory:`),
 * `file:` URLs and plain file paths are SQLite files.
 */
export function parseStoreUrl(url: string): StoreLocation {
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgres', url };
  if (/^sqlite:/i.test(url)) {
    const rest = url.slice('sqlite:'.length);
    const path = rest.startsWith('//') ? rest.slice(2) : rest;
    if (path === '') throw new UnsupportedStoreUrlError(url);
    return { kind: 'sqlite', path };
  }
  if (/^file:/i.test(url)) return { kind: 'sqlite', path: fileURLToPath(url) };
  // Any other scheme (mysql://…) is a mistake, not a file name; a Windows drive letter (C:\) is a path.
  if (/^[a-z][a-z0-9+.-]+:/i.test(url) || url === '') throw new UnsupportedStoreUrlError(url);
  return { kind: 'sqlite', path: url };
}

/** Opens and migrates the store at `url` (see parseStoreUrl); throws StoreOpenError with the driver's error as cause. */
export async function openStore(url: string, options: StoreOptions = {}): Promise<KyselyStore> {
  const location = parseStoreUrl(url);
  let db: Kysely<Database>;
  let capabilities: StoreCapabilities;
  try {
    if (location.kind === 'sqlite') {
      if (options.schema !== undefined) throw new Error('the schema option is for PostgreSQL; SQLite has no schemas');
      db = openSqliteDatabase(
        location.path,
        options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs },
      );
      capabilities = sqliteCapabilities;
    } else {
      db = openPostgresDatabase(location.url, {
        ...(options.schema === undefined ? {} : { schema: options.schema }),
        ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
      });
      capabilities = postgresCapabilities;
    }
  } catch (error) {
    throw new StoreOpenError(`cannot open the store at ${redact(url)}`, { cause: error });
  }
  try {
    await migrateToLatest(db, capabilities);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new StoreOpenError(`cannot open or migrate the store at ${redact(url)}`, { cause: error });
  }
  return new KyselyStore(db, capabilities, options.clock);
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
