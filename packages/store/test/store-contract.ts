/**
 * The contract every Store implementation passes: one suite, run against SQLite (sqlite-store.integration.test.ts)
 * and PostgreSQL (postgres-store.integration.test.ts). Each test gets a fresh, empty database.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Replica, SideName, Store, SyncBase, SyncEvent, Twin, TwinError } from '@tandem/core';
import { DuplicateTwinError, NestedStoreCallError, TransactionClosedError, TwinNotFoundError } from '@tandem/store';
import type { StoreOptions } from '@tandem/store';
import { registerQueueModelTest } from './queue-model.ts';

/** A fresh database; `open` may be called several times for several stores (pools, workers) over it. */
export interface StoreTestDatabase {
  open(options?: StoreOptions): Promise<Store>;
  dispose(): Promise<void>;
}

export function makeTwin(id: string, overrides: Partial<Twin> = {}): Twin {
  return {
    id,
    connection: 'conn-1',
    a: { instance: 'cloud', issueId: `a-${id}`, issueKey: `BLUE-${id}` },
    b: { instance: 'dc', issueId: `b-${id}`, issueKey: `GREEN-${id}` },
    origin: 'a',
    state: 'active',
    createIntent: null,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_001,
    lastSyncedAt: null,
    ...overrides,
  };
}

/** Strings that a lossy JSON column would change: NUL, a lone surrogate, astral characters, escapes. */
const AWKWARD = 'nul\u0000 lone\ud800 astral😀 quote" backslash\\ newline\n tab\t ünïcödé';

export function makeReplica(issueId: string): Replica {
  return {
    version: 2,
    connection: 'conn-1',
    instance: 'cloud',
    issueId,
    issueKey: 'BLUE-1',
    issueUrl: 'https://example.atlassian.net/browse/BLUE-1',
    updated: 1_700_000_123_456,
    fields: {
      summary: AWKWARD,
      description: {
        version: 1,
        type: 'doc',
        content: [
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'bold', marks: [{ type: 'strong' }] },
              { type: 'text', text: ` ${AWKWARD}` },
            ],
          },
        ],
      },
      issueType: 'Bug',
    },
    comments: [
      {
        id: '10001',
        author: { displayName: 'Ann', email: null },
        body: { version: 1, type: 'doc', content: [] },
        created: 1,
        updated: 2.5,
      },
    ],
    attachments: [{ id: '20001', filename: 'a b.png', mimeType: 'image/png', size: 1234 }],
    worklogs: [{ id: '30001', author: null, started: 1_700_000_000_000, timeSpentSeconds: 3600, comment: null }],
    links: [{ type: 'Blocks', direction: 'outward', issue: { id: '10002', key: 'BLUE-2' } }],
  };
}

const BASE: SyncBase = {
  remote: { summary: 'remote', description: null, issuetype: 'Task', labels: ['a', 'b'] },
  applied: { summary: 'applied', description: { version: 1, type: 'doc', content: [] }, issuetype: 'Task' },
  links: ['Blocks|outward|10001'],
};

function event(twinId: string, sourceSide: SideName, availableAt: number, reason = 'webhook', connection = 'conn-1') {
  return { connection, twinId, sourceSide, reason, availableAt };
}

export function storeContract(label: string, freshDatabase: () => Promise<StoreTestDatabase>): void {
  void describe(`Store contract: ${label}`, () => {
    let database: StoreTestDatabase;
    let store: Store;
    let now = 1_000;
    const opened: Store[] = [];
    const clock = () => now;
    const open = async () => {
      const another = await database.open({ clock });
      opened.push(another);
      return another;
    };

    beforeEach(async () => {
      now = 1_000;
      database = await freshDatabase();
      store = await open();
    });
    afterEach(async () => {
      for (const each of opened.splice(0)) await each.close();
      await database.dispose();
    });

    async function insertTwins(...ids: string[]) {
      for (const id of ids) await store.insertTwin(makeTwin(id));
    }

    void describe('connections', () => {
      void test('status is unknown until set, then upserted', async () => {
        assert.equal(await store.getConnectionStatus('conn-1'), undefined);
        await store.setConnectionStatus('conn-1', 'pending', null);
        assert.deepEqual(await store.getConnectionStatus('conn-1'), { status: 'pending', reason: null });
        await store.setConnectionStatus('conn-1', 'error', 'token revoked');
        assert.deepEqual(await store.getConnectionStatus('conn-1'), { status: 'error', reason: 'token revoked' });
        assert.equal(await store.getConnectionStatus('conn-2'), undefined);
      });
    });

    void describe('twins', () => {
      void test('insert and get round-trip exactly; unknown ids are undefined', async () => {
        const twin = makeTwin('t1', { createIntent: 'intent-1', lastSyncedAt: 1_700_000_000_999, origin: 'b' });
        await store.insertTwin(twin);
        assert.deepEqual(await store.getTwin('t1'), twin);
        assert.equal(await store.getTwin('t2'), undefined);
      });

      void test('a creating twin with its other issue not yet known round-trips its nulls', async () => {
        const creating = makeTwin('t1', { state: 'creating', b: { instance: 'dc', issueId: null, issueKey: null } });
        const another = makeTwin('t2', { state: 'creating', b: { instance: 'dc', issueId: null, issueKey: null } });
        await store.insertTwin(creating);
        await store.insertTwin(another);
        assert.deepEqual(await store.getTwin('t1'), creating);
        assert.deepEqual(await store.getTwin('t2'), another);
      });

      void test('findTwinByIssue finds by either side, only in its connection and instance', async () => {
        const twin = makeTwin('t1');
        await store.insertTwin(twin);
        assert.deepEqual(await store.findTwinByIssue('conn-1', 'cloud', 'a-t1'), twin);
        assert.deepEqual(await store.findTwinByIssue('conn-1', 'dc', 'b-t1'), twin);
        assert.equal(await store.findTwinByIssue('conn-1', 'dc', 'a-t1'), undefined);
        assert.equal(await store.findTwinByIssue('conn-2', 'cloud', 'a-t1'), undefined);
        assert.equal(await store.findTwinByIssue('conn-1', 'cloud', 'nope'), undefined);
      });

      void test('findTwinByIntent', async () => {
        const twin = makeTwin('t1', { createIntent: 'intent-1', state: 'creating' });
        await store.insertTwin(twin);
        assert.deepEqual(await store.findTwinByIntent('intent-1'), twin);
        assert.equal(await store.findTwinByIntent('intent-2'), undefined);
      });

      void test('insertTwin rejects a duplicate id, issue or create intent with DuplicateTwinError', async () => {
        await store.insertTwin(makeTwin('t1', { createIntent: 'intent-1' }));
        await assert.rejects(
          store.insertTwin(makeTwin('t1', { a: { instance: 'x', issueId: 'x', issueKey: 'x' } })),
          DuplicateTwinError,
        );
        // Same issue on side a, different id.
        await assert.rejects(
          store.insertTwin(makeTwin('t2', { a: { instance: 'cloud', issueId: 'a-t1', issueKey: 'K' } })),
          DuplicateTwinError,
        );
        await assert.rejects(
          store.insertTwin(makeTwin('t3', { b: { instance: 'dc', issueId: 'b-t1', issueKey: 'K' } })),
          DuplicateTwinError,
        );
        await assert.rejects(store.insertTwin(makeTwin('t4', { createIntent: 'intent-1' })), DuplicateTwinError);
        // The same issue id in another connection is another twin.
        await store.insertTwin(
          makeTwin('t5', { connection: 'conn-2', a: { instance: 'cloud', issueId: 'a-t1', issueKey: 'K' } }),
        );
        assert.equal(await store.countTwins('conn-1'), 1);
        assert.equal(await store.countTwins('conn-2'), 1);
      });

      void test('a duplicate insert inside a transaction leaves the transaction usable', async () => {
        await store.insertTwin(makeTwin('t1'));
        await store.transaction(async (tx) => {
          await assert.rejects(tx.insertTwin(makeTwin('t1')), DuplicateTwinError);
          await tx.insertTwin(makeTwin('t2'));
        });
        assert.equal(await store.countTwins('conn-1'), 2);
      });

      void test('updateTwin replaces every field; a missing twin is TwinNotFoundError', async () => {
        await store.insertTwin(
          makeTwin('t1', { state: 'creating', b: { instance: 'dc', issueId: null, issueKey: null } }),
        );
        const updated = makeTwin('t1', {
          state: 'active',
          createIntent: 'i',
          updatedAt: 5,
          lastSyncedAt: 6,
          origin: 'b',
        });
        await store.updateTwin(updated);
        assert.deepEqual(await store.getTwin('t1'), updated);
        await assert.rejects(store.updateTwin(makeTwin('nope')), TwinNotFoundError);
      });

      void test('listTwins pages by id within a connection; countTwins counts', async () => {
        await insertTwins('t03', 't01', 't05', 't02', 't04');
        await store.insertTwin(makeTwin('t00', { connection: 'conn-2' }));
        const ids = (twins: Twin[]) => twins.map((twin) => twin.id);
        assert.deepEqual(ids(await store.listTwins('conn-1')), ['t01', 't02', 't03', 't04', 't05']);
        assert.deepEqual(ids(await store.listTwins('conn-1', { limit: 2 })), ['t01', 't02']);
        assert.deepEqual(ids(await store.listTwins('conn-1', { limit: 2, afterId: 't02' })), ['t03', 't04']);
        assert.deepEqual(ids(await store.listTwins('conn-1', { afterId: 't04' })), ['t05']);
        assert.deepEqual(ids(await store.listTwins('conn-3')), []);
        assert.equal(await store.countTwins('conn-1'), 5);
        assert.equal(await store.countTwins('conn-2'), 1);
        assert.equal(await store.countTwins('conn-3'), 0);
        assert.deepEqual(await store.listTwins('conn-2'), [makeTwin('t00', { connection: 'conn-2' })]);
      });

      void test('ids page bytewise, the same on every database', async () => {
        await insertTwins('b', 'B', 'a', '_', 'a-1', 'a1');
        assert.deepEqual(
          (await store.listTwins('conn-1')).map((twin) => twin.id),
          ['B', '_', 'a', 'a-1', 'a1', 'b'],
        );
      });

      void test('deleteTwin removes its state, mappings, error and events, and keeps its audit', async () => {
        await insertTwins('t1', 't2');
        await store.putSideState({ twinId: 't1', side: 'a', lastSent: makeReplica('1'), base: BASE });
        await store.putCommentMapping({
          twinId: 't1',
          originSide: 'a',
          originId: 'c1',
          mirrorId: 'm1',
          originHash: 'h',
        });
        await store.putAttachmentMapping({
          twinId: 't1',
          originSide: 'b',
          originId: 'f1',
          mirrorId: 'g1',
          originHash: '',
        });
        await store.putWorklogMapping({
          twinId: 't1',
          originSide: 'a',
          originId: 'w1',
          mirrorId: 'v1',
          originHash: 'h',
        });
        await store.putError({
          twinId: 't1',
          connection: 'conn-1',
          message: 'm',
          details: {},
          firstAt: 1,
          lastAt: 1,
          attempts: 1,
        });
        await store.enqueue(event('t1', 'a', 0));
        await store.enqueue(event('t2', 'a', 0));
        await store.audit({ at: 1, connection: 'conn-1', twinId: 't1', kind: 'created', detail: {} });
        await store.deleteTwin('t1');
        await store.deleteTwin('never-existed');
        assert.equal(await store.getTwin('t1'), undefined);
        assert.equal(await store.getSideState('t1', 'a'), undefined);
        assert.deepEqual(await store.listCommentMappings('t1'), []);
        assert.deepEqual(await store.listAttachmentMappings('t1'), []);
        assert.deepEqual(await store.listWorklogMappings('t1'), []);
        assert.equal(await store.getError('t1'), undefined);
        assert.equal(await store.queue.pendingFor('t1'), 0);
        assert.equal(await store.queue.depth(), 1);
        assert.equal((await store.listAudit({ twinId: 't1' })).length, 1);
        assert.ok(await store.getTwin('t2'));
      });
    });

    void describe('side state', () => {
      void test('round-trips replicas and bases exactly, per side, and is replaced on put', async () => {
        await insertTwins('t1');
        assert.equal(await store.getSideState('t1', 'a'), undefined);
        const a = { twinId: 't1', side: 'a' as const, lastSent: makeReplica('issue-a'), base: BASE };
        const b = { twinId: 't1', side: 'b' as const, lastSent: null, base: null };
        await store.putSideState(a);
        await store.putSideState(b);
        assert.deepEqual(await store.getSideState('t1', 'a'), a);
        assert.deepEqual(await store.getSideState('t1', 'b'), b);
        const replaced = { ...a, lastSent: null, base: { ...BASE, remote: { ...BASE.remote, summary: AWKWARD } } };
        await store.putSideState(replaced);
        assert.deepEqual(await store.getSideState('t1', 'a'), replaced);
      });
    });

    void describe('comment, attachment and worklog mappings', () => {
      void test('put upserts, list orders by side then id, delete removes one; the two kinds are separate', async () => {
        await insertTwins('t1', 't2');
        const c = (originSide: SideName, originId: string, mirrorId: string, originHash = 'h') => ({
          twinId: 't1',
          originSide,
          originId,
          mirrorId,
          originHash,
        });
        await store.putCommentMapping(c('b', '200', 'm200'));
        await store.putCommentMapping(c('a', '101', 'm101'));
        await store.putCommentMapping(c('a', '100', 'm100'));
        await store.putCommentMapping(c('a', '101', 'm101', 'edited'));
        await store.putCommentMapping({ ...c('a', '100', 'x'), twinId: 't2' });
        assert.deepEqual(await store.listCommentMappings('t1'), [
          c('a', '100', 'm100'),
          c('a', '101', 'm101', 'edited'),
          c('b', '200', 'm200'),
        ]);
        await store.deleteCommentMapping('t1', 'a', '100');
        await store.deleteCommentMapping('t1', 'b', '100');
        assert.deepEqual(await store.listCommentMappings('t1'), [
          c('a', '101', 'm101', 'edited'),
          c('b', '200', 'm200'),
        ]);
        assert.deepEqual(await store.listAttachmentMappings('t1'), []);

        await store.putAttachmentMapping(c('b', 'f2', 'g2', ''));
        await store.putAttachmentMapping(c('a', 'f1', 'g1', ''));
        assert.deepEqual(await store.listAttachmentMappings('t1'), [c('a', 'f1', 'g1', ''), c('b', 'f2', 'g2', '')]);
        await store.deleteAttachmentMapping('t1', 'a', 'f1');
        assert.deepEqual(await store.listAttachmentMappings('t1'), [c('b', 'f2', 'g2', '')]);
        assert.equal((await store.listCommentMappings('t1')).length, 2);

        assert.deepEqual(await store.listWorklogMappings('t1'), []);
        await store.putWorklogMapping(c('b', 'w2', 'v2'));
        await store.putWorklogMapping(c('a', 'w1', 'v1'));
        await store.putWorklogMapping(c('a', 'w1', 'v1', 'edited'));
        assert.deepEqual(await store.listWorklogMappings('t1'), [c('a', 'w1', 'v1', 'edited'), c('b', 'w2', 'v2')]);
        await store.deleteWorklogMapping('t1', 'b', 'w2');
        assert.deepEqual(await store.listWorklogMappings('t1'), [c('a', 'w1', 'v1', 'edited')]);
        assert.equal((await store.listAttachmentMappings('t1')).length, 1);
      });
    });

    void describe('errors', () => {
      const error = (twinId: string, connection: string, lastAt: number): TwinError => ({
        twinId,
        connection,
        message: `failed ${twinId}`,
        details: { status: 400, errors: { summary: AWKWARD }, nested: [1, 'two', null, true] },
        firstAt: 10,
        lastAt,
        attempts: 2,
      });

      void test('one error per twin: put replaces, get, clear, list newest first per connection', async () => {
        await insertTwins('t1', 't2');
        await store.insertTwin(makeTwin('t3', { connection: 'conn-2' }));
        assert.equal(await store.getError('t1'), undefined);
        await store.putError(error('t1', 'conn-1', 100));
        await store.putError(error('t2', 'conn-1', 300));
        await store.putError(error('t3', 'conn-2', 200));
        const replaced = { ...error('t1', 'conn-1', 400), message: 'again', attempts: 3 };
        await store.putError(replaced);
        assert.deepEqual(await store.getError('t1'), replaced);
        assert.deepEqual(await store.listErrors('conn-1'), [replaced, error('t2', 'conn-1', 300)]);
        assert.deepEqual(await store.listErrors(), [replaced, error('t2', 'conn-1', 300), error('t3', 'conn-2', 200)]);
        await store.clearError('t1');
        await store.clearError('t1');
        assert.equal(await store.getError('t1'), undefined);
        assert.deepEqual(await store.listErrors('conn-1'), [error('t2', 'conn-1', 300)]);
        assert.deepEqual(await store.listErrors('conn-9'), []);
      });
    });

    void describe('audit', () => {
      void test('entries get increasing ids; list filters, newest first, limit', async () => {
        const detail = { field: 'summary', from: AWKWARD, to: { nested: [1, 2.5, null] } };
        await store.audit({ at: 1, connection: 'conn-1', twinId: 't1', kind: 'detected', detail });
        await store.audit({ at: 2, connection: 'conn-1', twinId: null, kind: 'error', detail: {} });
        await store.audit({ at: 3, connection: 'conn-2', twinId: 't2', kind: 'applied', detail: { n: 1 } });
        await store.audit({ at: 4, connection: 'conn-1', twinId: 't1', kind: 'sent', detail: {} });
        const all = await store.listAudit({});
        assert.deepEqual(
          all.map((entry) => entry.at),
          [4, 3, 2, 1],
        );
        assert.ok(all.every((entry, i) => i === 0 || entry.id < all[i - 1]!.id));
        const oldest = all[3]!;
        assert.deepEqual(oldest, {
          id: oldest.id,
          at: 1,
          connection: 'conn-1',
          twinId: 't1',
          kind: 'detected',
          detail,
        });
        assert.deepEqual(
          (await store.listAudit({ twinId: 't1' })).map((entry) => entry.at),
          [4, 1],
        );
        assert.deepEqual(
          (await store.listAudit({ connection: 'conn-1' })).map((entry) => entry.at),
          [4, 2, 1],
        );
        assert.deepEqual(
          (await store.listAudit({ connection: 'conn-1', limit: 2 })).map((entry) => entry.at),
          [4, 2],
        );
        assert.deepEqual(await store.listAudit({ twinId: 't2', connection: 'conn-1' }), []);
        assert.equal(all[2]!.twinId, null);
      });
    });

    void describe('poll cursors', () => {
      void test('per connection and instance, upserted', async () => {
        assert.equal(await store.getPollCursor('conn-1', 'cloud'), undefined);
        await store.setPollCursor('conn-1', 'cloud', 1_700_000_000_000);
        await store.setPollCursor('conn-1', 'dc', 5);
        await store.setPollCursor('conn-1', 'cloud', 1_700_000_000_500);
        assert.equal(await store.getPollCursor('conn-1', 'cloud'), 1_700_000_000_500);
        assert.equal(await store.getPollCursor('conn-1', 'dc'), 5);
        assert.equal(await store.getPollCursor('conn-2', 'cloud'), undefined);
      });
    });

    void describe('peers: invitations, links, nonces', () => {
      const invitation = {
        secretHash: 'ab'.repeat(32),
        connection: 'conn-1',
        sealedSecret: 'v1.sealed',
        createdAt: 1_000,
        expiresAt: 90_000_000,
        consumedAt: null,
      };

      void test('an invitation round-trips and is consumed exactly once', async () => {
        assert.equal(await store.getInvitation(invitation.secretHash), undefined);
        await store.insertInvitation(invitation);
        assert.deepEqual(await store.getInvitation(invitation.secretHash), invitation);
        const attempts = await Promise.all([
          store.consumeInvitation(invitation.secretHash, 2_000),
          (await open()).consumeInvitation(invitation.secretHash, 2_001),
        ]);
        assert.deepEqual(
          attempts.filter((won) => won),
          [true],
        );
        const consumed = await store.getInvitation(invitation.secretHash);
        assert.ok(consumed?.consumedAt === 2_000 || consumed?.consumedAt === 2_001);
        assert.equal(await store.consumeInvitation(invitation.secretHash, 3_000), false);
        assert.equal(await store.consumeInvitation('unknown', 3_000), false);
      });

      void test('a peer link is upserted per connection and listed', async () => {
        const link = {
          connection: 'conn-1',
          peerNodeId: 'node-b',
          peerUrl: 'https://b.example.com',
          sealedKey: 'v1.key',
          status: 'active' as const,
          reason: null,
          createdAt: 1_000,
          updatedAt: 1_000,
        };
        assert.equal(await store.getPeerLink('conn-1'), undefined);
        await store.putPeerLink(link);
        assert.deepEqual(await store.getPeerLink('conn-1'), link);
        const failed = { ...link, status: 'error' as const, reason: 'peer refused: bad signature', updatedAt: 2_000 };
        await store.transaction((tx) => tx.putPeerLink(failed));
        await store.putPeerLink({ ...link, connection: 'conn-0' });
        assert.deepEqual(await store.listPeerLinks(), [{ ...link, connection: 'conn-0' }, failed]);
      });

      void test('a nonce is accepted once per peer; expired nonces are pruned', async () => {
        assert.equal(await store.rememberNonce('node-b', 'n1', 5_000), true);
        assert.equal(await store.rememberNonce('node-b', 'n1', 5_000), false);
        assert.equal(await (await open()).rememberNonce('node-b', 'n1', 9_000), false);
        assert.equal(await store.rememberNonce('node-c', 'n1', 5_000), true);
        assert.equal(await store.rememberNonce('node-b', 'n2', 20_000), true);
        assert.equal(await store.pruneNonces(10_000), 2);
        assert.equal(await store.rememberNonce('node-b', 'n1', 30_000), true);
        assert.equal(await store.rememberNonce('node-b', 'n2', 30_000), false);
      });
    });

    void describe('transactions', () => {
      void test('commit lands every write, including the enqueued event, and returns work’s value', async () => {
        const result = await store.transaction(async (tx) => {
          await tx.insertTwin(makeTwin('t1'));
          await tx.putSideState({ twinId: 't1', side: 'a', lastSent: makeReplica('x'), base: null });
          await tx.enqueue(event('t1', 'a', 0));
          await tx.audit({ at: 1, connection: 'conn-1', twinId: 't1', kind: 'created', detail: {} });
          // Reads inside see the transaction's own writes.
          assert.ok(await tx.getTwin('t1'));
          return 42;
        });
        assert.equal(result, 42);
        assert.ok(await store.getTwin('t1'));
        assert.ok(await store.getSideState('t1', 'a'));
        assert.equal(await store.queue.depth(), 1);
        assert.equal((await store.listAudit({})).length, 1);
      });

      void test('a throw rolls back every write: no twin, no state, no event, no audit', async () => {
        await insertTwins('t0');
        const failure = new Error('boom');
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.insertTwin(makeTwin('t1'));
            await tx.updateTwin(makeTwin('t0', { state: 'unsynced' }));
            await tx.putSideState({ twinId: 't1', side: 'a', lastSent: null, base: BASE });
            await tx.enqueue(event('t1', 'a', 0));
            await tx.enqueue(event('t0', 'b', 0));
            await tx.setConnectionStatus('conn-1', 'active', null);
            await tx.audit({ at: 1, connection: 'conn-1', twinId: 't1', kind: 'created', detail: {} });
            await tx.setPollCursor('conn-1', 'cloud', 9);
            throw failure;
          }),
          (error) => error === failure,
        );
        assert.equal(await store.getTwin('t1'), undefined);
        assert.equal((await store.getTwin('t0'))?.state, 'active');
        assert.equal(await store.getSideState('t1', 'a'), undefined);
        assert.equal(await store.queue.depth(), 0);
        assert.equal(await store.getConnectionStatus('conn-1'), undefined);
        assert.deepEqual(await store.listAudit({}), []);
        assert.equal(await store.getPollCursor('conn-1', 'cloud'), undefined);
      });

      void test('a transaction used after it ended, or the store used inside one, throws', async () => {
        let leaked: Parameters<Parameters<Store['transaction']>[0]>[0] | undefined;
        await store.transaction(async (tx) => {
          leaked = tx;
          await assert.rejects(store.getTwin('t1'), NestedStoreCallError);
          await assert.rejects(store.queue.depth(), NestedStoreCallError);
          await assert.rejects(
            store.transaction(() => Promise.resolve()),
            NestedStoreCallError,
          );
        });
        await assert.rejects(leaked!.getTwin('t1'), TransactionClosedError);
        await assert.rejects(leaked!.enqueue(event('t1', 'a', 0)), TransactionClosedError);
      });

      void test('concurrent transactions of several async callers each land whole or not at all', async () => {
        const ids = Array.from({ length: 12 }, (_, i) => `t${String(i).padStart(2, '0')}`);
        const results = await Promise.allSettled(
          ids.map((id, i) =>
            store.transaction(async (tx) => {
              await tx.insertTwin(makeTwin(id));
              // Yield between statements so the callers' transactions would interleave if nothing kept them apart.
              await new Promise((resolve) => setImmediate(resolve));
              await tx.enqueue(event(id, 'a', i));
              await tx.putSideState({ twinId: id, side: 'a', lastSent: null, base: BASE });
              if (i % 4 === 3) throw new Error(`fail ${id}`);
              await tx.audit({ at: i, connection: 'conn-1', twinId: id, kind: 'created', detail: {} });
            }),
          ),
        );
        const committed = ids.filter((_, i) => i % 4 !== 3);
        assert.deepEqual(
          results.map((result) => result.status),
          ids.map((_, i) => (i % 4 === 3 ? 'rejected' : 'fulfilled')),
        );
        assert.deepEqual(
          (await store.listTwins('conn-1')).map((twin) => twin.id),
          committed,
        );
        assert.equal(await store.queue.depth(), committed.length);
        assert.equal((await store.listAudit({})).length, committed.length);
        for (const id of ids) {
          assert.equal((await store.getSideState(id, 'a')) !== undefined, committed.includes(id));
        }
      });
    });

    void describe('queue', () => {
      void test('enqueue outside a transaction autocommits; depth and pendingFor count', async () => {
        await insertTwins('t1', 't2');
        await store.transaction(async (tx) => tx.insertTwin(makeTwin('t3', { connection: 'conn-2' })));
        await store.enqueue(event('t1', 'a', 0));
        await store.enqueue(event('t1', 'b', 0));
        await store.enqueue(event('t2', 'a', 0));
        await store.enqueue(event('t3', 'a', 0, 'poll', 'conn-2'));
        assert.equal(await store.queue.depth(), 4);
        assert.equal(await store.queue.depth('conn-1'), 3);
        assert.equal(await store.queue.depth('conn-2'), 1);
        assert.equal(await store.queue.depth('conn-9'), 0);
        assert.equal(await store.queue.pendingFor('t1'), 2);
        assert.equal(await store.queue.pendingFor('t3'), 1);
        assert.equal(await store.queue.pendingFor('nope'), 0);
      });

      void test('an event for a twin that does not exist is refused', async () => {
        await assert.rejects(store.enqueue(event('ghost', 'a', 0)));
        assert.equal(await store.queue.depth(), 0);
      });

      void test('coalescing: one queued event per twin and side, earliest availableAt, first id, reasons joined', async () => {
        await insertTwins('t1');
        now = 10;
        await store.enqueue(event('t1', 'a', 200, 'webhook'));
        now = 20;
        await store.enqueue(event('t1', 'a', 100, 'poll'));
        await store.enqueue(event('t1', 'a', 300, 'webhook'));
        await store.transaction((tx) => tx.enqueue(event('t1', 'a', 150, 'manual')));
        await store.enqueue(event('t1', 'b', 500, 'webhook'));
        assert.equal(await store.queue.depth(), 2);
        const [leased] = await store.queue.lease('w1', 10, 1_000, 60_000);
        assert.deepEqual(leased, {
          id: leased!.id,
          connection: 'conn-1',
          twinId: 't1',
          sourceSide: 'a',
          reason: 'webhook,poll,manual',
          availableAt: 100,
          attempts: 0,
          createdAt: 10,
          leaseOwner: 'w1',
          leaseUntil: 61_000,
        });
      });

      void test('a leased event absorbs nothing: a new event queues behind it and waits for the twin', async () => {
        await insertTwins('t1');
        await store.enqueue(event('t1', 'a', 0));
        const [first] = await store.queue.lease('w1', 10, 100, 1_000);
        await store.enqueue(event('t1', 'a', 50, 'poll'));
        assert.equal(await store.queue.depth(), 2);
        assert.deepEqual(await store.queue.lease('w2', 10, 200, 1_000), []);
        await store.queue.complete(first!.id);
        const [second] = await store.queue.lease('w2', 10, 300, 1_000);
        assert.equal(second?.reason, 'poll');
        assert.notEqual(second?.id, first?.id);
      });

      void test('lease: available only from availableAt, oldest first, at most max, one per twin', async () => {
        await insertTwins('t1', 't2', 't3', 't4');
        await store.enqueue(event('t1', 'a', 300));
        await store.enqueue(event('t2', 'a', 100));
        await store.enqueue(event('t1', 'b', 200));
        await store.enqueue(event('t3', 'b', 100));
        await store.enqueue(event('t4', 'a', 5_000));
        assert.deepEqual(await store.queue.lease('w', 10, 99, 1_000), []);
        const leased = await store.queue.lease('w', 2, 1_000, 1_000);
        assert.deepEqual(
          leased.map((e) => [e.twinId, e.sourceSide]),
          [
            ['t2', 'a'],
            ['t3', 'b'],
          ],
        );
        const more = await store.queue.lease('w', 10, 1_000, 1_000);
        // t1's older event (side b, at 200) first; its side-a event waits for it; t4 is not yet available.
        assert.deepEqual(
          more.map((e) => [e.twinId, e.sourceSide]),
          [['t1', 'b']],
        );
        assert.deepEqual(await store.queue.lease('w', 10, 1_000, 1_000), []);
        await store.queue.complete(more[0]!.id);
        assert.deepEqual(
          (await store.queue.lease('w', 10, 1_000, 1_000)).map((e) => [e.twinId, e.sourceSide]),
          [['t1', 'a']],
        );
        assert.deepEqual(await store.queue.lease('w', 0, 10_000, 1_000), []);
      });

      void test('an expired lease makes the event available again, to another owner, with the same id', async () => {
        await insertTwins('t1');
        await store.enqueue(event('t1', 'a', 0));
        const [first] = await store.queue.lease('w1', 1, 100, 1_000);
        assert.deepEqual(await store.queue.lease('w2', 1, 1_099, 1_000), []);
        const [again] = await store.queue.lease('w2', 1, 1_100, 1_000);
        assert.equal(again?.id, first?.id);
        assert.equal(again?.leaseOwner, 'w2');
        assert.equal(again?.leaseUntil, 2_100);
        assert.equal(again?.attempts, 0);
        assert.equal(await store.queue.depth(), 1);
      });

      void test('complete removes; an unknown id is no error', async () => {
        await insertTwins('t1');
        await store.enqueue(event('t1', 'a', 0));
        const [leased] = await store.queue.lease('w', 1, 0, 1_000);
        await store.queue.complete(leased!.id);
        await store.queue.complete(leased!.id);
        await store.queue.complete('not-an-id');
        await store.queue.complete('999999');
        assert.equal(await store.queue.depth(), 0);
      });

      void test('retry clears the lease, counts an attempt and waits until availableAt', async () => {
        await insertTwins('t1');
        await store.enqueue(event('t1', 'a', 0));
        const [leased] = await store.queue.lease('w', 1, 0, 1_000);
        await store.queue.retry(leased!.id, 5_000);
        assert.deepEqual(await store.queue.lease('w', 1, 4_999, 1_000), []);
        const [again] = await store.queue.lease('w2', 1, 5_000, 1_000);
        assert.deepEqual(again, { ...leased!, availableAt: 5_000, attempts: 1, leaseOwner: 'w2', leaseUntil: 6_000 });
        await store.queue.retry(again!.id, 6_000);
        const [third] = await store.queue.lease('w', 1, 6_000, 1_000);
        assert.equal(third?.attempts, 2);
        await store.queue.retry('999999', 0);
        await store.queue.retry('bogus', 0);
      });

      void test('retry folds into an event queued meanwhile for the same twin and side', async () => {
        await insertTwins('t1');
        await store.enqueue(event('t1', 'a', 0, 'webhook'));
        const [leased] = await store.queue.lease('w', 1, 0, 1_000);
        await store.enqueue(event('t1', 'a', 700, 'poll'));
        await store.queue.retry(leased!.id, 500);
        assert.equal(await store.queue.depth(), 1);
        const [merged] = await store.queue.lease('w', 1, 500, 1_000);
        assert.equal(merged?.availableAt, 500);
        assert.equal(merged?.attempts, 1);
        assert.equal(merged?.reason, 'poll,webhook');
        assert.notEqual(merged?.id, leased?.id);
      });

      void test('nextAvailableAt: earliest queued availableAt, or a lease’s expiry', async () => {
        assert.equal(await store.queue.nextAvailableAt(), undefined);
        await insertTwins('t1', 't2');
        await store.enqueue(event('t1', 'a', 700));
        await store.enqueue(event('t2', 'a', 300));
        assert.equal(await store.queue.nextAvailableAt(), 300);
        await store.queue.lease('w', 1, 400, 1_000);
        assert.equal(await store.queue.nextAvailableAt(), 700);
        await store.queue.lease('w', 1, 800, 100);
        // t2's lease runs to 1_400, t1's to 900.
        assert.equal(await store.queue.nextAvailableAt(), 900);
      });

      void test('enqueue inside a rolled-back transaction leaves the queue as it was', async () => {
        await insertTwins('t1');
        await store.enqueue(event('t1', 'a', 500, 'webhook'));
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.enqueue(event('t1', 'a', 100, 'poll'));
            await tx.enqueue(event('t1', 'b', 100, 'poll'));
            throw new Error('boom');
          }),
        );
        const leased = await store.queue.lease('w', 10, 10_000, 1_000);
        assert.deepEqual(
          leased.map((e) => [e.sourceSide, e.availableAt, e.reason]),
          [['a', 500, 'webhook']],
        );
      });

      void test('two workers with their own stores never lease the same event or twin at once', async () => {
        const other = await open();
        const twins = Array.from({ length: 16 }, (_, i) => `t${String(i).padStart(2, '0')}`);
        await insertTwins(...twins);
        for (const [i, id] of twins.entries()) {
          await store.enqueue(event(id, 'a', i));
          await store.enqueue(event(id, 'b', i + 100));
        }
        const busy = new Set<string>();
        const completed: string[] = [];
        const violations: string[] = [];
        const work = async (worker: Store, owner: string) => {
          for (let round = 0; round < 200; round += 1) {
            const leased: SyncEvent[] = await worker.queue.lease(owner, 3, 10_000, 60_000);
            if (leased.length === 0) {
              if ((await worker.queue.depth()) === 0) return;
              await new Promise((resolve) => setImmediate(resolve));
              continue;
            }
            for (const e of leased) {
              if (busy.has(e.twinId)) violations.push(`${owner} leased ${e.twinId} while it was busy`);
              busy.add(e.twinId);
            }
            for (const e of leased) {
              busy.delete(e.twinId);
              completed.push(e.id);
              await worker.queue.complete(e.id);
            }
          }
        };
        await Promise.all([work(store, 'w1'), work(other, 'w2')]);
        assert.deepEqual(violations, []);
        assert.equal(completed.length, 32);
        assert.equal(new Set(completed).size, 32);
        assert.equal(await store.queue.depth(), 0);
      });

      registerQueueModelTest(
        () => store,
        (set) => (now = set),
      );
    });
  });
}
