/**
 * What differs between the databases, declared once per dialect (sqlite-store-dialect.ts, postgres-store-dialect.ts)
 * so the store's code reads the same for both.
 */
import type { ColumnDataType, ColumnDefinitionBuilder } from 'kysely';

export interface StoreCapabilities {
  readonly name: 'sqlite' | 'postgres';
  /**
   * Opens a write transaction. SQLite takes the write lock up front (`begin immediate`) so that two processes on one
   * file wait for each other (busy timeout) instead of failing when a reader upgrades to a writer.
   */
  readonly beginTransaction: string;
  /** `for update` / `skip locked` exist: several processes lease from one queue without waiting on each other. */
  readonly rowLocks: boolean;
  /**
   * Run first in a lease transaction so that leases from several processes happen one after the other and the
   * one-event-per-twin rule holds across them. Null when the database already admits one writer at a time.
   */
  readonly leaseLockStatement: string | null;
  /** The type and modifiers of an auto-increment integer primary key. */
  readonly serialPrimaryKey: {
    type: ColumnDataType;
    modify: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
  };
  /** Makes a text key column sort bytewise, so ids page in the same order on every database. */
  readonly binaryCollation: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
  /** Whether an error thrown by the driver is a unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
}
