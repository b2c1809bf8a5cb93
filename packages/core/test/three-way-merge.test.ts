import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { wikiToAdf } from '@tandem/rich-text';
import { mergeFields, normalRichText, type FieldMergeInput, type ReplicaFields } from '../src/index.ts';

const fields = (summary: string, issueType = 'Task', description: string | null = null): ReplicaFields => ({
  summary,
  description: description === null ? null : normalRichText(wikiToAdf(description)),
  issueType,
});

function input(overrides: Partial<FieldMergeInput>): FieldMergeInput {
  return {
    remote: fields('same'),
    remoteUpdated: 1000,
    local: fields('same'),
    localUpdated: 1000,
    localSide: 'b',
    base: { remote: fields('same'), applied: fields('same') },
    mapIssueType: (name) => name,
    readBack: (_field, value) => value,
    ...overrides,
  };
}

void test('a change on the other side only is applied, and becomes the base', () => {
  const result = mergeFields(input({ remote: fields('new title') }));
  assert.deepEqual(result.changes, { summary: 'new title' });
  assert.equal(result.base.remote.summary, 'new title');
  assert.equal(result.base.applied.summary, 'new title');
  assert.deepEqual(result.conflicts, []);
});

void test('a change on this side only is kept and reported as still to travel', () => {
  const result = mergeFields(input({ local: fields('mine') }));
  assert.deepEqual(result.changes, {});
  assert.deepEqual(result.localOnly, ['summary']);
  assert.equal(result.base.remote.summary, 'same');
});

void test('changes on both sides: the later updated wins, and the conflict is recorded', () => {
  const remoteLater = mergeFields(
    input({ remote: fields('theirs'), remoteUpdated: 2000, local: fields('mine'), localUpdated: 1500 }),
  );
  assert.deepEqual(remoteLater.changes, { summary: 'theirs' });
  assert.equal(remoteLater.conflicts[0]?.winner, 'remote');
  const localLater = mergeFields(
    input({ remote: fields('theirs'), remoteUpdated: 1500, local: fields('mine'), localUpdated: 2000 }),
  );
  assert.deepEqual(localLater.changes, {});
  assert.equal(localLater.conflicts[0]?.winner, 'local');
  assert.deepEqual(localLater.localOnly, ['summary']);
});

void test('on a tie both sides pick side a, so they never swap values', () => {
  const onB = mergeFields(input({ remote: fields('from a'), local: fields('from b'), localSide: 'b' }));
  const onA = mergeFields(input({ remote: fields('from b'), local: fields('from a'), localSide: 'a' }));
  assert.deepEqual(onB.changes, { summary: 'from a' });
  assert.deepEqual(onA.changes, {});
});

void test('the same change made on both sides is no conflict and no write', () => {
  const result = mergeFields(
    input({ remote: fields('agreed'), local: fields('agreed'), remoteUpdated: 1, localUpdated: 2 }),
  );
  assert.deepEqual(result.changes, {});
  assert.deepEqual(result.conflicts, []);
  assert.equal(result.base.remote.summary, 'agreed');
});

void test('a missing issue type falls back to the default, and the fallback is not a local change later', () => {
  const mapIssueType = (name: string) => (name === 'Story' ? 'Task' : name);
  const first = mergeFields(
    input({
      remote: fields('x', 'Story'),
      local: fields('x', 'Bug'),
      base: { remote: fields('x', 'Bug'), applied: fields('x', 'Bug') },
      mapIssueType,
    }),
  );
  assert.deepEqual(first.changes, { issueTypeName: 'Task' });
  assert.equal(first.base.remote.issueType, 'Story');
  assert.equal(first.base.applied.issueType, 'Task');
  // Next replica still says Story; this side shows Task: nothing to do, nothing pending.
  const again = mergeFields(
    input({ remote: fields('x', 'Story'), local: fields('x', 'Task'), base: first.base, mapIssueType }),
  );
  assert.deepEqual(again.changes, {});
  assert.deepEqual(again.localOnly, []);
});

void test('descriptions compare in normal form, and read-back differences do not count as local changes', () => {
  const remote = fields('x', 'Task', 'h1. Title\n\nSome *bold* text');
  const applied = fields('x', 'Task', 'h1. Title\n\nSome *bold* text');
  const result = mergeFields(input({ remote, local: applied, base: { remote, applied } }));
  assert.deepEqual(result.changes, {});
  assert.deepEqual(result.localOnly, []);
});

void test('first contact takes the replica unless this issue changed later', () => {
  const taken = mergeFields(
    input({ base: null, remote: fields('theirs'), remoteUpdated: 5, local: fields('mine'), localUpdated: 1 }),
  );
  assert.deepEqual(taken.changes, { summary: 'theirs' });
  const kept = mergeFields(
    input({ base: null, remote: fields('theirs'), remoteUpdated: 1, local: fields('mine'), localUpdated: 5 }),
  );
  assert.deepEqual(kept.changes, {});
  assert.deepEqual(kept.localOnly, ['summary']);
});
