import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { wikiToAdf } from '@tandem/rich-text';
import {
  bodyHash,
  buildBasicReplica,
  mirrorIdsOn,
  planAttachments,
  planComments,
  replicaChanged,
  type ItemMapping,
  type TrackerIssue,
} from '../src/index.ts';

const doc = (text: string) => wikiToAdf(text);

function issue(overrides: Partial<TrackerIssue> = {}): TrackerIssue {
  return {
    id: '10001',
    key: 'BLUE-1',
    projectKey: 'BLUE',
    updated: 2000,
    created: 1000,
    summary: 'Login fails',
    description: doc('Steps *here*'),
    issueType: { id: '1', name: 'Bug' },
    comments: [
      {
        id: 'c1',
        author: { id: 'u1', displayName: 'Alice', email: 'alice@example.com' },
        body: doc('public'),
        created: 1,
        updated: 1,
        restricted: false,
        internal: false,
      },
      { id: 'c2', author: null, body: doc('team only'), created: 2, updated: 2, restricted: true, internal: false },
      { id: 'c3', author: null, body: doc('agents only'), created: 3, updated: 3, restricted: false, internal: true },
      {
        id: 'c4',
        author: null,
        body: doc('a copy Tandem wrote'),
        created: 4,
        updated: 4,
        restricted: false,
        internal: false,
      },
    ],
    attachments: [
      { id: 'a1', filename: 'log.txt', mimeType: 'text/plain', size: 3, created: 1, author: null },
      { id: 'a2', filename: 'copy.png', mimeType: 'image/png', size: 9, created: 2, author: null },
    ],
    properties: {},
    ...overrides,
  };
}

const base = {
  connection: 'c',
  instance: 'blue',
  issueUrl: 'http://blue/browse/BLUE-1',
  mirrorCommentIds: new Set(['c4']),
  mirrorAttachmentIds: new Set(['a2']),
  base: null,
};

void test('restricted, internal and copied comments never leave; copied attachments neither', () => {
  const replica = buildBasicReplica({ ...base, issue: issue() });
  assert.deepEqual(
    replica.comments.map((comment) => comment.id),
    ['c1'],
  );
  assert.deepEqual(
    replica.attachments.map((attachment) => attachment.id),
    ['a1'],
  );
  assert.equal(replica.fields.issueType, 'Bug');
  assert.equal(replica.comments[0]?.author?.displayName, 'Alice');
});

void test('a field that still reads as Tandem wrote it is sent as the other side had it', () => {
  const replica = buildBasicReplica({
    ...base,
    issue: issue({ issueType: { id: '2', name: 'Task' } }),
    base: {
      remote: { summary: 'Login fails', description: null, issueType: 'Story' },
      applied: { summary: 'Login fails', description: null, issueType: 'Task' },
    },
  });
  assert.equal(replica.fields.issueType, 'Story');
  // The description differs from what was applied: a person changed it, so it is sent as it is now.
  assert.notEqual(replica.fields.description, null);
});

void test('a replica that differs only in updated or key is not news', () => {
  const first = buildBasicReplica({ ...base, issue: issue() });
  const later = buildBasicReplica({ ...base, issue: issue({ updated: 9999, key: 'BLUE-99' }) });
  assert.equal(replicaChanged(first, later), false);
  assert.equal(replicaChanged(null, later), true);
  const edited = buildBasicReplica({ ...base, issue: issue({ summary: 'Login fails on Safari' }) });
  assert.equal(replicaChanged(first, edited), true);
});

void test('comments: new ones are copied with attribution, edited ones updated, gone ones deleted, deleted copies left alone', () => {
  const comments = [
    { id: 'new', author: { displayName: 'Bob', email: null }, body: doc('hello'), created: 1, updated: 1 },
    { id: 'edited', author: null, body: doc('v2'), created: 1, updated: 2 },
    { id: 'same', author: null, body: doc('v1'), created: 1, updated: 1 },
    { id: 'copy-deleted-here', author: null, body: doc('v2'), created: 1, updated: 2 },
  ];
  const mappings: ItemMapping[] = [
    { twinId: 't', originSide: 'a', originId: 'edited', mirrorId: 'm1', originHash: bodyHash(doc('v1')) },
    { twinId: 't', originSide: 'a', originId: 'same', mirrorId: 'm2', originHash: bodyHash(doc('v1')) },
    { twinId: 't', originSide: 'a', originId: 'gone', mirrorId: 'm3', originHash: 'x' },
    { twinId: 't', originSide: 'a', originId: 'copy-deleted-here', mirrorId: 'm4', originHash: bodyHash(doc('v1')) },
    { twinId: 't', originSide: 'b', originId: 'mine', mirrorId: 'theirs', originHash: 'y' },
  ];
  const plan = planComments({ localSide: 'b', comments, mappings, existingIds: new Set(['m1', 'm2', 'm3']) });
  assert.deepEqual(
    plan.add.map((entry) => entry.origin.id),
    ['new'],
  );
  assert.equal(plan.add[0]?.body.content[0]?.content?.[0]?.text, 'Bob');
  assert.deepEqual(
    plan.update.map((entry) => entry.mirrorId),
    ['m1'],
  );
  assert.deepEqual(plan.delete, [{ originId: 'gone', mirrorId: 'm3' }]);
  assert.deepEqual([...mirrorIdsOn('b', mappings)].sort(), ['m1', 'm2', 'm3', 'm4']);
  assert.deepEqual([...mirrorIdsOn('a', mappings)], ['theirs']);
});

void test('attachments: new ones are copied once, gone ones deleted', () => {
  const plan = planAttachments({
    localSide: 'a',
    attachments: [
      { id: 'n', filename: 'n.txt', mimeType: 'text/plain', size: 1 },
      { id: 'k', filename: 'k.txt', mimeType: 'text/plain', size: 1 },
    ],
    mappings: [
      { twinId: 't', originSide: 'b', originId: 'k', mirrorId: 'mk', originHash: '' },
      { twinId: 't', originSide: 'b', originId: 'g', mirrorId: 'mg', originHash: '' },
    ],
  });
  assert.deepEqual(
    plan.add.map((attachment) => attachment.id),
    ['n'],
  );
  assert.deepEqual(plan.delete, [{ originId: 'g', mirrorId: 'mg' }]);
});
