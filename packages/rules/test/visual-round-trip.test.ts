// Round trips: with a mapping that travels both ways and one-to-one maps, a value going blue → green → blue comes
// back as it left, so a mapping never makes the two sides chase each other.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FieldIntent, FieldUser, FieldValue, IncomingRuleResult } from '@tandem/core';
import { compileVisualRules } from '../src/visual/index.ts';
import type { VisualRules } from '../src/visual/index.ts';
import { blueIssue, greenIssue, incomingInput, mapping, replicaFrom, visual } from './visual-fixtures.ts';

const rulesOn = (side: 'blue' | 'green', rules: VisualRules) =>
  compileVisualRules({
    connection: 'support',
    sideInstance: side,
    otherInstance: side === 'blue' ? 'green' : 'blue',
    visual: rules,
  });

/** What the engine makes of a `$user` intent when the person asked for exists: that person. */
function resolvePerson(value: FieldValue | FieldIntent | undefined): FieldValue | undefined {
  if (value && typeof value === 'object' && '$user' in value) {
    const { email, displayName } = value.$user;
    const person: FieldUser = {
      id: `id-of-${email ?? displayName ?? ''}`,
      displayName: displayName ?? email ?? '',
      email,
    };
    return person;
  }
  return value as FieldValue | undefined;
}

/** Blue's fields → green's rules → green's issue holds the result → green's rules → what blue's rules write back. */
async function roundTrip(rules: VisualRules, blueFields: Record<string, FieldValue>): Promise<IncomingRuleResult> {
  const toGreen = await replicaFrom(rulesOn('blue', rules), 'blue', blueIssue(blueFields));
  const atGreen = await rulesOn('green', rules).incoming(incomingInput('green', toGreen));
  const greenFields: Record<string, FieldValue> = {};
  for (const [id, value] of Object.entries(atGreen.fields)) {
    const resolved = resolvePerson(value);
    if (resolved !== undefined) greenFields[id] = resolved;
  }
  const toBlue = await replicaFrom(rulesOn('green', rules), 'green', greenIssue(greenFields));
  return rulesOn('blue', rules).incoming(incomingInput('blue', toBlue, blueIssue(blueFields)));
}

// Option texts as people write them: letters, digits, spaces and a few signs, never empty.
const optionText = fc
  .string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_/()'),
    minLength: 1,
    maxLength: 12,
  })
  .filter((text) => text.trim() !== '');

/** One-to-one pairs: distinct values on each side, as many on both. */
const oneToOnePairs = fc
  .integer({ min: 1, max: 8 })
  .chain((size) =>
    fc
      .tuple(
        fc.uniqueArray(optionText, { minLength: size, maxLength: size }),
        fc.uniqueArray(optionText, { minLength: size, maxLength: size }),
      )
      .map(([blue, green]) => blue.map((value, index) => ({ blue: value, green: green[index] ?? '' }))),
  );

const RUNS = { numRuns: 200 };

void describe('round trips through Visual mappings (property)', () => {
  void test('a single value: blue → green → blue unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(oneToOnePairs, fc.nat(), async (pairs, pick) => {
        const rules = visual({
          fields: [mapping({ key: 'tier', fields: { blue: 'Customer Tier', green: 'Tier' }, values: pairs })],
        });
        const original = pairs[pick % pairs.length]?.blue ?? '';
        const back = await roundTrip(rules, { customfield_10020: original });
        assert.deepEqual(back.fields, { customfield_10020: original });
        assert.deepEqual(back.problems, []);
      }),
      RUNS,
    );
  });

  void test('a list of values: blue → green → blue unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(oneToOnePairs, fc.array(fc.nat()), async (pairs, picks) => {
        const rules = visual({
          fields: [mapping({ key: 'platforms', fields: { blue: 'Platforms', green: 'OS' }, values: pairs })],
        });
        const original = [...new Set(picks.map((pick) => pairs[pick % pairs.length]?.blue ?? ''))].sort();
        const back = await roundTrip(rules, { customfield_10040: original });
        assert.deepEqual(back.fields, { customfield_10040: original });
      }),
      RUNS,
    );
  });

  void test('a person through a one-to-one people map: blue → green → blue unchanged', async () => {
    const emails = (domain: string, size: number) =>
      fc
        .uniqueArray(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: size, maxLength: size })
        .map((names) => names.map((name) => `${name}@${domain}`));
    const peoplePairs = fc
      .integer({ min: 1, max: 6 })
      .chain((size) => fc.tuple(emails('blue.example', size), emails('green.example', size)))
      .map(([blue, green]) => blue.map((value, index) => ({ blue: value, green: green[index] ?? '' })));
    await fc.assert(
      fc.asyncProperty(peoplePairs, fc.nat(), async (pairs, pick) => {
        const rules = visual({
          fields: [mapping({ key: 'assignee', fields: { blue: 'assignee', green: 'assignee' }, users: pairs })],
        });
        const email = pairs[pick % pairs.length]?.blue ?? '';
        const back = await roundTrip(rules, { assignee: { id: 'a-1', displayName: 'Someone Here', email } });
        assert.deepEqual(back.fields, { assignee: { $user: { email, displayName: null } } });
      }),
      RUNS,
    );
  });
});
