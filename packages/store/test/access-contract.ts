/**
 * The contract of the store's access records (users, sessions, API tokens) and audit trail reads, run against SQLite
 * (sqlite-store.integration.test.ts) and PostgreSQL (postgres-store.integration.test.ts) like the store contract.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DuplicateUserError, type KyselyStore, type StoreOptions, type UserRecord } from '@tandem/store';

export interface AccessTestDatabase {
  open(options?: StoreOptions): Promise<KyselyStore>;
  dispose(): Promise<void>;
}

function user(id: string, email: string, at = 1_000): UserRecord {
  return {
    id,
    email,
    name: `User ${id}`,
    role: 'admin',
    passwordHash: `scrypt$hash-of-${id}`,
    createdAt: at,
    updatedAt: at,
  };
}

export function accessContract(label: string, freshDatabase: () => Promise<AccessTestDatabase>): void {
  void describe(`Access records and audit trail: ${label}`, () => {
    let database: AccessTestDatabase;
    let store: KyselyStore;
    const opened: KyselyStore[] = [];
    const open = async () => {
      const another = await database.open();
      opened.push(another);
      return another;
    };

    beforeEach(async () => {
      database = await freshDatabase();
      store = await open();
    });
    afterEach(async () => {
      for (const each of opened.splice(0)) await each.close();
      await database.dispose();
    });

    void test('users: insert, find by e-mail in any case, one account per address, list in creation order', async () => {
      const { access } = store;
      assert.equal(await access.countUsers(), 0);
      await access.insertUser(user('u1', 'Ann@Example.com'));
      await access.insertUser(user('u2', 'bob@example.com', 2_000));
      assert.equal(await access.countUsers(), 2);
      const found = await access.findUserByEmail('ANN@example.COM');
      assert.deepEqual(found, { ...user('u1', 'ann@example.com') });
      assert.deepEqual(await access.getUser('u1'), {
        id: 'u1',
        email: 'ann@example.com',
        name: 'User u1',
        role: 'admin',
        createdAt: 1_000,
        updatedAt: 1_000,
      });
      assert.equal('passwordHash' in ((await access.getUser('u1')) ?? {}), false, 'getUser never returns the hash');
      await assert.rejects(access.insertUser(user('u3', 'ann@EXAMPLE.com')), DuplicateUserError);
      await assert.rejects(access.insertUser(user('u1', 'carol@example.com')), DuplicateUserError);
      assert.equal(await access.findUserByEmail('nobody@example.com'), undefined);
      assert.deepEqual(
        (await access.listUsers()).map((each) => each.id),
        ['u1', 'u2'],
      );
    });

    void test('sessions: round trip, touch, delete, prune by expiry; a new password ends the user’s sessions', async () => {
      const { access } = store;
      await access.insertUser(user('u1', 'ann@example.com'));
      await access.insertUser(user('u2', 'bob@example.com'));
      const session = { tokenHash: 'a'.repeat(64), userId: 'u1', createdAt: 1, lastSeenAt: 1, expiresAt: 100 };
      await access.insertSession(session);
      await access.insertSession({ ...session, tokenHash: 'b'.repeat(64), expiresAt: 10 });
      await access.insertSession({ ...session, tokenHash: 'c'.repeat(64), userId: 'u2', expiresAt: 500 });
      assert.deepEqual(await access.getSession('a'.repeat(64)), session);
      await access.touchSession('a'.repeat(64), 50, 200);
      assert.deepEqual(await access.getSession('a'.repeat(64)), { ...session, lastSeenAt: 50, expiresAt: 200 });
      assert.equal(await access.pruneSessions(150), 1);
      assert.equal(await access.getSession('b'.repeat(64)), undefined);
      assert.equal(await access.setPassword('u1', 'scrypt$new', 60), true);
      assert.equal(await access.getSession('a'.repeat(64)), undefined);
      assert.equal((await access.findUserByEmail('ann@example.com'))?.passwordHash, 'scrypt$new');
      assert.equal((await access.findUserByEmail('ann@example.com'))?.updatedAt, 60);
      assert.ok(await access.getSession('c'.repeat(64)), 'other users keep their sessions');
      assert.equal(await access.setPassword('nobody', 'x', 60), false);
      await access.deleteSession('c'.repeat(64));
      assert.equal(await access.getSession('c'.repeat(64)), undefined);
      await assert.rejects(access.insertSession({ ...session, tokenHash: 'd'.repeat(64), userId: 'nobody' }));
    });

    void test('API tokens: found by hash from another store, listed oldest first, touched, deleted once', async () => {
      const { access } = store;
      await access.insertUser(user('u1', 'ann@example.com'));
      const token = {
        id: 't1',
        name: 'ci',
        tokenHash: 'e'.repeat(64),
        lastChars: 'wxyz',
        createdBy: 'u1',
        createdAt: 10,
        lastUsedAt: null,
      };
      await access.insertApiToken(token);
      await access.insertApiToken({
        ...token,
        id: 't0',
        name: 'cli',
        tokenHash: 'f'.repeat(64),
        createdBy: null,
        createdAt: 20,
      });
      assert.deepEqual(await (await open()).access.findApiToken('e'.repeat(64)), token);
      assert.deepEqual(await access.getApiToken('t1'), token);
      assert.equal(await access.findApiToken('0'.repeat(64)), undefined);
      await assert.rejects(access.insertApiToken({ ...token, id: 't2' }), 'the same hash twice');
      await access.touchApiToken('t1', 99);
      assert.deepEqual(
        (await access.listApiTokens()).map((each) => [each.id, each.lastUsedAt, each.createdBy]),
        [
          ['t1', 99, 'u1'],
          ['t0', null, null],
        ],
      );
      assert.equal(await access.deleteApiToken('t1'), true);
      assert.equal(await access.deleteApiToken('t1'), false);
      assert.deepEqual(
        (await access.listApiTokens()).map((each) => each.id),
        ['t0'],
      );
    });

    void test('audit trail: pages newest first by id with filters; marks of a window oldest first; last per connection', async () => {
      const entries = [
        { at: 100, connection: 'c1', twinId: 't1', kind: 'detected' as const, detail: { n: 1 } },
        { at: 110, connection: 'c1', twinId: 't1', kind: 'applied' as const, detail: { diff: [] } },
        { at: 120, connection: 'c2', twinId: 't2', kind: 'created' as const, detail: {} },
        { at: 130, connection: 'c1', twinId: null, kind: 'error' as const, detail: { message: 'x' } },
        { at: 140, connection: 'c1', twinId: 't3', kind: 'applied' as const, detail: {} },
      ];
      for (const entry of entries) await store.audit(entry);
      const { auditTrail } = store;
      const all = await auditTrail.page({});
      assert.deepEqual(
        all.map((entry) => entry.at),
        [140, 130, 120, 110, 100],
      );
      assert.deepEqual(all[3]?.detail, { diff: [] });
      const first = await auditTrail.page({ connection: 'c1', limit: 2 });
      assert.deepEqual(
        first.map((entry) => entry.at),
        [140, 130],
      );
      const second = await auditTrail.page({ connection: 'c1', limit: 2, beforeId: first[1]?.id ?? 0 });
      assert.deepEqual(
        second.map((entry) => entry.at),
        [110, 100],
      );
      assert.deepEqual(
        (await auditTrail.page({ kinds: ['applied', 'created'] })).map((entry) => entry.at),
        [140, 120, 110],
      );
      assert.deepEqual(
        (await auditTrail.page({ twinId: 't1', kinds: ['applied'] })).map((entry) => entry.at),
        [110],
      );
      const marks = await auditTrail.marksSince(110, { kinds: ['applied', 'created'] });
      assert.deepEqual(
        marks.map(({ at, connection, twinId, kind }) => ({ at, connection, twinId, kind })),
        [
          { at: 110, connection: 'c1', twinId: 't1', kind: 'applied' },
          { at: 120, connection: 'c2', twinId: 't2', kind: 'created' },
          { at: 140, connection: 'c1', twinId: 't3', kind: 'applied' },
        ],
      );
      assert.deepEqual(
        (await auditTrail.marksSince(0, { connection: 'c2' })).map((mark) => mark.at),
        [120],
      );
      assert.deepEqual(await auditTrail.latestByConnection(['applied', 'created']), { c1: 140, c2: 120 });
    });
  });
}
