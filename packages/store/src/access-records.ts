/**
 * The records of who may use a node's HTTP API: users, their login sessions and API tokens (migration 0004). Sessions
 * and tokens are stored as the SHA-256 hash of the random value handed out, never the value itself; passwords as the
 * hash the server computed (this package does not look inside it).
 */
import type { Kysely, Selectable } from 'kysely';
import type { ApiTokensTable, Database, UserSessionsTable, UsersTable } from './database-schema.ts';
import type { StoreCapabilities } from './store-capabilities.ts';
import { DuplicateUserError, StoreCorruptionError } from './store-errors.ts';

export const USER_ROLES = ['admin'] as const;
/** What a user may do. One role for now: an admin may do everything the API offers. */
export type UserRole = (typeof USER_ROLES)[number];

export interface User {
  id: string;
  /** Lower-case. */
  email: string;
  name: string;
  role: UserRole;
  createdAt: number;
  updatedAt: number;
}

/** A user with the stored password hash (only the login check reads it). */
export interface UserRecord extends User {
  passwordHash: string;
}

export interface UserSession {
  /** SHA-256 (hex) of the session value in the cookie. */
  tokenHash: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface ApiToken {
  id: string;
  name: string;
  /** SHA-256 (hex) of the token's value. */
  tokenHash: string;
  /** The value's last characters, shown masked so that people can tell tokens apart. */
  lastChars: string;
  /** The user who created it, or null when it was created on the node itself (`tandem token create`). */
  createdBy: string | null;
  createdAt: number;
  lastUsedAt: number | null;
}

/** Users, sessions and API tokens. Every method is one autocommit statement. */
export interface AccessStore {
  countUsers(): Promise<number>;
  /** Throws DuplicateUserError when the id or the (lower-cased) e-mail address is taken. */
  insertUser(user: UserRecord): Promise<void>;
  getUser(id: string): Promise<User | undefined>;
  /** By e-mail address, any case. */
  findUserByEmail(email: string): Promise<UserRecord | undefined>;
  listUsers(): Promise<User[]>;
  /** Replaces a user's password hash and ends their sessions; false when there is no such user. */
  setPassword(userId: string, passwordHash: string, at: number): Promise<boolean>;

  insertSession(session: UserSession): Promise<void>;
  getSession(tokenHash: string): Promise<UserSession | undefined>;
  /** Records use of a session and moves its expiry. */
  touchSession(tokenHash: string, lastSeenAt: number, expiresAt: number): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Deletes sessions whose expiry is before `now`; returns how many. */
  pruneSessions(now: number): Promise<number>;

  insertApiToken(token: ApiToken): Promise<void>;
  findApiToken(tokenHash: string): Promise<ApiToken | undefined>;
  getApiToken(id: string): Promise<ApiToken | undefined>;
  /** Oldest first. */
  listApiTokens(): Promise<ApiToken[]>;
  /** False when there is no such token. */
  deleteApiToken(id: string): Promise<boolean>;
  touchApiToken(id: string, at: number): Promise<void>;
}

function asRole(value: string): UserRole {
  if ((USER_ROLES as readonly string[]).includes(value)) return value as UserRole;
  throw new StoreCorruptionError(`unexpected users.role ${JSON.stringify(value)}`);
}

function rowToUser(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: asRole(row.role),
    passwordHash: row.password_hash,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function withoutPassword(user: UserRecord): User {
  const { passwordHash: _passwordHash, ...rest } = user;
  return rest;
}

function rowToSession(row: Selectable<UserSessionsTable>): UserSession {
  return {
    tokenHash: row.token_hash,
    userId: row.user_id,
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
    expiresAt: Number(row.expires_at),
  };
}

function rowToToken(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: row.id,
    name: row.name,
    tokenHash: row.token_hash,
    lastChars: row.last_chars,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
  };
}

/** The AccessStore on Kysely, over the store's autocommit executor. */
export class KyselyAccessStore implements AccessStore {
  constructor(
    private readonly db: () => Kysely<Database>,
    /** Runs statements in one transaction (the store's runner: `begin immediate` on SQLite). */
    private readonly atomic: <T>(work: (db: Kysely<Database>) => Promise<T>) => Promise<T>,
    private readonly capabilities: StoreCapabilities,
  ) {}

  async countUsers(): Promise<number> {
    const row = await this.db()
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async insertUser(user: UserRecord): Promise<void> {
    const email = user.email.toLowerCase();
    try {
      await this.db()
        .insertInto('users')
        .values({
          id: user.id,
          email,
          name: user.name,
          role: user.role,
          password_hash: user.passwordHash,
          created_at: user.createdAt,
          updated_at: user.updatedAt,
        })
        .execute();
    } catch (error) {
      if (this.capabilities.isUniqueViolation(error)) throw new DuplicateUserError(email);
      throw error;
    }
  }

  async getUser(id: string): Promise<User | undefined> {
    const row = await this.db().selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : withoutPassword(rowToUser(row));
  }

  async findUserByEmail(email: string): Promise<UserRecord | undefined> {
    const row = await this.db()
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
    return row === undefined ? undefined : rowToUser(row);
  }

  async listUsers(): Promise<User[]> {
    const rows = await this.db().selectFrom('users').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map((row) => withoutPassword(rowToUser(row)));
  }

  async setPassword(userId: string, passwordHash: string, at: number): Promise<boolean> {
    // One transaction: a new password and the end of every session opened with the old one land together.
    return this.atomic(async (tx) => {
      const result = await tx
        .updateTable('users')
        .set({ password_hash: passwordHash, updated_at: at })
        .where('id', '=', userId)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) return false;
      await tx.deleteFrom('user_sessions').where('user_id', '=', userId).execute();
      return true;
    });
  }

  async insertSession(session: UserSession): Promise<void> {
    await this.db()
      .insertInto('user_sessions')
      .values({
        token_hash: session.tokenHash,
        user_id: session.userId,
        created_at: session.createdAt,
        last_seen_at: session.lastSeenAt,
        expires_at: session.expiresAt,
      })
      .execute();
  }

  async getSession(tokenHash: string): Promise<UserSession | undefined> {
    const row = await this.db()
      .selectFrom('user_sessions')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row === undefined ? undefined : rowToSession(row);
  }

  async touchSession(tokenHash: string, lastSeenAt: number, expiresAt: number): Promise<void> {
    await this.db()
      .updateTable('user_sessions')
      .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
      .where('token_hash', '=', tokenHash)
      .execute();
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db().deleteFrom('user_sessions').where('token_hash', '=', tokenHash).execute();
  }

  async pruneSessions(now: number): Promise<number> {
    const result = await this.db().deleteFrom('user_sessions').where('expires_at', '<', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async insertApiToken(token: ApiToken): Promise<void> {
    await this.db()
      .insertInto('api_tokens')
      .values({
        id: token.id,
        name: token.name,
        token_hash: token.tokenHash,
        last_chars: token.lastChars,
        created_by: token.createdBy,
        created_at: token.createdAt,
        last_used_at: token.lastUsedAt,
      })
      .execute();
  }

  async findApiToken(tokenHash: string): Promise<ApiToken | undefined> {
    const row = await this.db()
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row === undefined ? undefined : rowToToken(row);
  }

  async getApiToken(id: string): Promise<ApiToken | undefined> {
    const row = await this.db().selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : rowToToken(row);
  }

  async listApiTokens(): Promise<ApiToken[]> {
    const rows = await this.db().selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(rowToToken);
  }

  async deleteApiToken(id: string): Promise<boolean> {
    const result = await this.db().deleteFrom('api_tokens').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async touchApiToken(id: string, at: number): Promise<void> {
    await this.db().updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}
