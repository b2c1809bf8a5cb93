import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Twin } from '@tandem/core';
import type { StepReport } from '@tandem/engine';
import { describeChanges, describeStep, isNoteworthy } from '../src/index.ts';

const twin: Twin = {
  id: 't1',
  connection: 'blue_green',
  a: { instance: 'blue', issueId: '1', issueKey: 'BLUE-1' },
  b: { instance: 'green', issueId: '5', issueKey: 'GREEN-5' },
  origin: 'a',
  state: 'active',
  createIntent: null,
  createdAt: 0,
  updatedAt: 0,
  lastSyncedAt: null,
};
const event = {
  id: 'e1',
  connection: 'blue_green',
  twinId: 't1',
  sourceSide: 'a' as const,
  reason: 'webhook',
  availableAt: 0,
  attempts: 0,
  createdAt: 0,
  leaseOwner: null,
  leaseUntil: null,
};

void test('a created twin reads as the issue line of the live log, items counted', () => {
  const report: StepReport = {
    event,
    outcome: {
      kind: 'synced',
      created: true,
      changes: ['comment+10', 'comment+11', 'attachment+a.log', 'attachment+b.png'],
    },
  };
  assert.equal(describeStep(report, twin), 'BLUE-1 → GREEN-5 created: summary, description, 2 comments, 2 attachments');
  assert.equal(isNoteworthy(report), true);
});

void test('updates name their fields; edits and deletions are told apart; unknown change names are kept', () => {
  assert.deepEqual(
    describeChanges(['summary', 'issueType', 'comment~3', 'comment-4', 'attachment-9', 'remote-link'], false),
    ['summary', 'issue type', '1 comment edited', '1 comment deleted', '1 attachment deleted', 'remote-link'],
  );
});

void test('from side b the arrow points the other way; failures say whether they retry', () => {
  const report: StepReport = {
    event: { ...event, sourceSide: 'b' },
    error: { message: 'Jira said 400', parked: true },
  };
  assert.equal(
    describeStep(report, twin),
    'GREEN-5 → BLUE-1 failed: Jira said 400; parked until retried (tandem retry)',
  );
  const retrying: StepReport = { event, error: { message: '503', parked: false, retryAt: Date.UTC(2026, 0, 1) } };
  assert.match(describeStep(retrying, twin), /will retry at 2026-01-01T00:00:00.000Z$/);
});

void test('steps that wrote nothing stay out of the live log', () => {
  assert.equal(isNoteworthy({ event, outcome: { kind: 'unchanged' } }), false);
  assert.equal(isNoteworthy({ event, outcome: { kind: 'synced', created: false, changes: [] } }), false);
  assert.equal(isNoteworthy({ event, outcome: { kind: 'skipped', reason: 'unsynced' } }), false);
});
