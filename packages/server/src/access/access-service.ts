/**
 * Who is calling the node's API: a console user with a session cookie, an API token, or the CLI on the node's own
 * machine with the node-local token. Login, logout, and API tokens' life cycle; every value handed out is random and
 * stored only as its SHA-256 hash.
 */
import type { AccessStore, ApiToken, User } from '@tandem/store';
import {
  API_TOKEN_PREFIX,
  LOCAL_TOKEN_PREFIX,
  credentialHash,
  newCredentialValue,
  sameSecret,
} from './api-credentials.ts';
import { unusablePasswordHash, verifyPassword } from './password-hash.ts';

/** How the caller of a request proved who they are. */
export type Principal =
  | { kind: 'session'; user: User; sessionHash: string }
  | { kind: 'token'; tokenId: string; user: User | null }
  | { kind: 'local' };

/** Default life of a session without use: 12 hours, renewed while it is used. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** A session's or token's last use is written at most this often (ms), not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export interface AccessServiceOptions {
  access: AccessStore;
  /** The node-local token (see localApiToken). */
  localToken: string;
  /** Epoch ms. */
  now: () => number;
  newId: () => string;
  sessionTtlMs?: number;
}

export class AccessService {
  readonly sessionTtlMs: number;
  private lastPrune = 0;

  constructor(private readonly options: AccessServiceOptions) {
    this.sessionTtlMs = options.sessionTtlMs ?? SESSION_TTL_MS;
  }

  get access(): AccessStore {
    return this.options.access;
  }

  /** Checks an e-mail address and password; on success opens a session and returns its value (for the cookie). */
  async login(email: string, password: string): Promise<{ user: User; sessionValue: string } | undefined> {
    const record = await this.options.access.findUserByEmail(email);
    // An unknown address costs the same time as a wrong password: answers do not tell which addresses exist.
    const matches = await verifyPassword(password, record?.passwordHash ?? (await unusablePasswordHash()));
    if (!record || !matches) return undefined;
    const now = this.options.now();
    const sessionValue = newCredentialValue();
    await this.options.access.insertSession({
      tokenHash: credentialHash(sessionValue),
      userId: record.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + this.sessionTtlMs,
    });
    await this.pruneNow(now);
    const { passwordHash: _passwordHash, ...user } = record;
    return { user, sessionValue };
  }

  /** Ends the session whose cookie value this is (nothing when unknown). */
  async logout(sessionValue: string): Promise<void> {
    await this.options.access.deleteSession(credentialHash(sessionValue));
  }

  /** The user of a live session cookie; renews the session while it is used. */
  async fromSession(sessionValue: string): Promise<Principal | undefined> {
    const hash = credentialHash(sessionValue);
    const session = await this.options.access.getSession(hash);
    const now = this.options.now();
    if (!session) return undefined;
    if (session.expiresAt <= now) {
      await this.options.access.deleteSession(hash);
      return undefined;
    }
    const user = await this.options.access.getUser(session.userId);
    if (!user) return undefined;
    if (now - session.lastSeenAt >= TOUCH_INTERVAL_MS)
      await this.options.access.touchSession(hash, now, now + this.sessionTtlMs);
    return { kind: 'session', user, sessionHash: hash };
  }

  /** The caller of an `Authorization: Bearer` value: an API token, or the node-local token. */
  async fromBearer(value: string): Promise<Principal | undefined> {
    if (value.startsWith(LOCAL_TOKEN_PREFIX)) {
      return sameSecret(value, this.options.localToken) ? { kind: 'local' } : undefined;
    }
    if (!value.startsWith(API_TOKEN_PREFIX)) return undefined;
    const token = await this.options.access.findApiToken(credentialHash(value));
    if (!token) return undefined;
    const now = this.options.now();
    if (token.lastUsedAt === null || now - token.lastUsedAt >= TOUCH_INTERVAL_MS)
      await this.options.access.touchApiToken(token.id, now);
    const user = token.createdBy === null ? null : ((await this.options.access.getUser(token.createdBy)) ?? null);
    return { kind: 'token', tokenId: token.id, user };
  }

  /** A new API token; its value is returned here and never again. */
  async createToken(name: string, createdBy: string | null): Promise<{ token: ApiToken; value: string }> {
    const value = newCredentialValue(API_TOKEN_PREFIX);
    const token: ApiToken = {
      id: this.options.newId(),
      name,
      tokenHash: credentialHash(value),
      lastChars: value.slice(-4),
      createdBy,
      createdAt: this.options.now(),
      lastUsedAt: null,
    };
    await this.options.access.insertApiToken(token);
    return { token, value };
  }

  private async pruneNow(now: number): Promise<void> {
    if (now - this.lastPrune < TOUCH_INTERVAL_MS) return;
    this.lastPrune = now;
    await this.options.access.pruneSessions(now);
  }
}
