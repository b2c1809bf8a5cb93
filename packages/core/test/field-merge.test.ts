import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { mergeIntended, sameFieldValue, type FieldValue, type IntendedMergeInput } from '../src/index.ts';

function input(overrides: Partial<IntendedMergeInput>): IntendedMergeInput {
  return {
    intended: { summary: 'same' },
    remoteUpdated: 1000,
    local: { summary: 'same' },
    localUpdated: 1000,
    localSide: 'b',
    base: { remote: { summary: 'same' }, applied: { summary: 'same' } },
    owners: {},
    ...overrides,
  };
}

void test('a change on the other side only is written and becomes the base', () => {
  const result = mergeIntended(input({ intended: { summary: 'new title' } }));
  assert.deepEqual(result.writes, { summary: 'new title' });
  assert.equal(result.base.remote['summary'], 'new title');
  assert.equal(result.base.applied['summary'], 'new title');
  assert.deepEqual(result.decisions, []);
  assert.deepEqual(result.localOnly, []);
});

void test('a change on this side only is kept and reported as still to travel', () => {
  const result = mergeIntended(input({ local: { summary: 'mine' } }));
  assert.deepEqual(result.writes, {});
  assert.deepEqual(result.localOnly, ['summary']);
});

void test('both changed: the later update wins and the decision is recorded', () => {
  const remoteLater = mergeIntended(
    input({ intended: { summary: 'theirs' }, local: { summary: 'mine' }, remoteUpdated: 2000, localUpdated: 1500 }),
  );
  assert.deepEqual(remoteLater.writes, { summary: 'theirs' });
  assert.equal(remoteLater.decisions[0]?.winner, 'remote');
  assert.equal(remoteLater.decisions[0]?.kind, 'conflict');

  const localLater = mergeIntended(
    input({ intended: { summary: 'theirs' }, local: { summary: 'mine' }, remoteUpdated: 1500, localUpdated: 2000 }),
  );
  assert.deepEqual(localLater.writes, {});
  assert.deepEqual(localLater.localOnly, ['summary']);
  assert.equal(localLater.decisions[0]?.winner, 'local');
});

void test('on a tie side a wins on both sides', () => {
  const onB = mergeIntended(input({ intended: { summary: 'from a' }, local: { summary: 'from b' }, localSide: 'b' }));
  const onA = mergeIntended(input({ intended: { summary: 'from b' }, local: { summary: 'from a' }, localSide: 'a' }));
  assert.deepEqual(onB.writes, { summary: 'from a' });
  assert.deepEqual(onA.writes, {});
});

void test('a field the other side owns is overwritten here even when changed here later, and recorded', () => {
  const result = mergeIntended(
    input({
      intended: { priority: 'High' },
      local: { priority: 'Low' },
      base: { remote: { priority: 'Medium' }, applied: { priority: 'Medium' } },
      owners: { priority: 'remote' },
      remoteUpdated: 1000,
      localUpdated: 5000,
    }),
  );
  assert.deepEqual(result.writes, { priority: 'High' });
  assert.equal(result.decisions[0]?.kind, 'ownership');
  assert.equal(result.decisions[0]?.winner, 'remote');
});

void test('a field this side owns is never taken and travels back', () => {
  const result = mergeIntended(
    input({
      intended: { priority: 'High' },
      local: { priority: 'Medium' },
      base: { remote: { priority: 'Medium' }, applied: { priority: 'Medium' } },
      owners: { priority: 'local' },
      remoteUpdated: 9000,
    }),
  );
  assert.deepEqual(result.writes, {});
  assert.deepEqual(result.localOnly, ['priority']);
  assert.equal(result.decisions[0]?.kind, 'ownership');
});

void test('a new issue takes every intended value', () => {
  const result = mergeIntended(input({ local: null, base: null, intended: { summary: 's', labels: ['x'] } }));
  assert.deepEqual(result.writes, { summary: 's', labels: ['x'] });
});

void test('first contact: the later issue wins per field; agreeing fields write nothing', () => {
  const result = mergeIntended(
    input({
      base: null,
      intended: { summary: 'same', priority: 'High' },
      local: { summary: 'same', priority: 'Low' },
      remoteUpdated: 1000,
      localUpdated: 2000,
    }),
  );
  assert.deepEqual(result.writes, {});
  assert.deepEqual(result.localOnly, ['priority']);
  assert.deepEqual(result.firstContact, ['priority'], 'decided by `updated`: the caller may read the field times');
});

void test('first contact with field times: each field goes to the side that changed it last, whatever `updated` says', () => {
  // The other side's issue was updated last (its summary edit), but this side changed the issue type after the
  // other side's last change of it: each side keeps what it changed last.
  const onThisSide = (localSide: 'a' | 'b') =>
    mergeIntended(
      input({
        base: null,
        localSide,
        intended: { summary: 'their later summary', issuetype: 'Task' },
        local: { summary: 'old summary', issuetype: 'Bug' },
        remoteUpdated: 3000,
        localUpdated: 2000,
        fieldChanged: { remote: { summary: 3000, issuetype: 500 }, local: { summary: 500, issuetype: 2000 } },
      }),
    );
  for (const side of ['a', 'b'] as const) {
    const result = onThisSide(side);
    assert.deepEqual(result.writes, { summary: 'their later summary' });
    assert.deepEqual(result.localOnly, ['issuetype']);
    assert.equal(result.decisions[0]?.reason, 'first sync: this field was changed later here');
    assert.deepEqual(result.firstContact, []);
  }
  // Without the times, the later issue takes both fields (the behaviour the times correct).
  const blind = mergeIntended(
    input({
      base: null,
      intended: { summary: 'their later summary', issuetype: 'Task' },
      local: { summary: 'old summary', issuetype: 'Bug' },
      remoteUpdated: 3000,
      localUpdated: 2000,
    }),
  );
  assert.deepEqual(blind.writes, { summary: 'their later summary', issuetype: 'Task' });
  assert.deepEqual(blind.firstContact, ['summary', 'issuetype']);
});

void test('first contact between a copy and its original: the original wins on both sides, whatever `updated` says', () => {
  // The copy (Tandem just made it) is updated later than the original, which a person edited since.
  const onCopy = mergeIntended(
    input({
      base: null,
      intended: { summary: 'edited' },
      local: { summary: 'as created' },
      remoteUpdated: 1000,
      localUpdated: 2000,
      firstContactWinner: 'remote',
    }),
  );
  assert.deepEqual(onCopy.writes, { summary: 'edited' });
  const onOriginal = mergeIntended(
    input({
      base: null,
      intended: { summary: 'as created' },
      local: { summary: 'edited' },
      remoteUpdated: 2000,
      localUpdated: 1000,
      localSide: 'a',
      firstContactWinner: 'local',
    }),
  );
  assert.deepEqual(onOriginal.writes, {});
  assert.deepEqual(onOriginal.localOnly, ['summary']);
  assert.equal(onOriginal.decisions[0]?.winner, 'local');
});

void test('a value that reads back differently is not written again', () => {
  const result = mergeIntended(
    input({
      intended: { summary: 'Fancy' },
      local: { summary: 'fancy' },
      base: { remote: { summary: 'old' }, applied: { summary: 'old' } },
      readBack: (_field, value) => (typeof value === 'string' ? value.toLowerCase() : value),
    }),
  );
  assert.deepEqual(result.writes, {});
  assert.equal(result.base.applied['summary'], 'fancy');
});

void test('values compare as sets where order means nothing, people by id, empty as empty', () => {
  assert.ok(sameFieldValue(['b', 'a'], ['a', 'b']));
  assert.ok(sameFieldValue(null, []));
  assert.ok(sameFieldValue('', null));
  assert.ok(
    sameFieldValue({ id: 'u1', displayName: 'A', email: null }, { id: 'u1', displayName: 'A B', email: 'a@x' }),
  );
  assert.ok(!sameFieldValue(['a'], ['a', 'b']));
  assert.ok(!sameFieldValue(1, 2));
});

void test('property: after merging, writing and merging the same replica again, nothing more is written', () => {
  const value = fc.oneof(fc.constant(null), fc.string({ maxLength: 4 }), fc.array(fc.constantFrom('a', 'b', 'c')));
  fc.assert(
    fc.property(
      fc.dictionary(fc.constantFrom('f1', 'f2', 'f3'), value),
      fc.dictionary(fc.constantFrom('f1', 'f2', 'f3'), value),
      fc.integer({ min: 0, max: 3000 }),
      fc.integer({ min: 0, max: 3000 }),
      (intended, local, remoteUpdated, localUpdated) => {
        const first = mergeIntended({
          intended: intended as Record<string, FieldValue>,
          remoteUpdated,
          local: local as Record<string, FieldValue>,
          localUpdated,
          localSide: 'b',
          base: null,
          owners: {},
        });
        const written = { ...local, ...first.writes } as Record<string, FieldValue>;
        const second = mergeIntended({
          intended: intended as Record<string, FieldValue>,
          remoteUpdated,
          local: written,
          localUpdated: localUpdated + 1,
          localSide: 'b',
          base: first.base,
          owners: {},
        });
        assert.deepEqual(second.writes, {});
      },
    ),
  );
});
