import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { TrackerField } from '@tandem/core';
import {
  basicVisualRules,
  checkVisualAgainstCatalog,
  compileBasicRules,
  compileVisualRules,
} from '../src/visual/index.ts';
import type { VisualRules } from '../src/visual/index.ts';
import { BLUE_CATALOG, GREEN_CATALOG, mapping, visual } from './visual-fixtures.ts';

const check = (instance: 'blue' | 'green', rules: VisualRules, catalog?: TrackerField[]) =>
  checkVisualAgainstCatalog({
    connection: 'support',
    instance,
    visual: rules,
    catalog: catalog ?? (instance === 'blue' ? BLUE_CATALOG : GREEN_CATALOG),
  });

void describe('checkVisualAgainstCatalog', () => {
  void test('fields named by id or by name (any case) that exist are fine; Basic passes on any catalog', () => {
    const rules = visual({
      fields: [
        mapping({ key: 'summary', fields: { blue: 'summary', green: 'Summary' } }),
        mapping({ key: 'points', fields: { blue: 'story points', green: 'customfield_10010' } }),
        mapping({
          key: 'tier',
          fields: { blue: 'Customer Tier', green: 'Tier' },
          values: [{ blue: 'Gold', green: 'A' }],
        }),
        mapping({
          key: 'assignee',
          fields: { blue: 'assignee', green: 'assignee' },
          users: [{ blue: 'a@b', green: 'a@g' }],
        }),
        mapping({
          key: 'status',
          fields: { blue: 'status', green: 'status' },
          values: [{ blue: 'Open', green: 'New' }],
        }),
      ],
      constants: { green: { Tier: 'Gold', labels: { add: ['x'], remove: [] } } },
    });
    assert.deepEqual(check('blue', rules), []);
    assert.deepEqual(check('green', rules), []);
    assert.deepEqual(check('green', basicVisualRules('blue', 'green'), []), []);
  });

  void test('a field that does not exist on the instance is a problem with its config path', () => {
    const rules = visual({
      fields: [
        mapping({ key: 'summary', fields: { blue: 'summary', green: 'summary' } }),
        mapping({ key: 'points', fields: { blue: 'Story Points', green: 'Story Points' } }),
      ],
      constants: { green: { 'Sync Source': 'blue' }, blue: { 'Not here either': 'x' } },
    });
    assert.deepEqual(check('blue', rules), [
      {
        field: 'connections.support.visual.constants.blue.Not here either',
        message: 'no field "Not here either" on blue (neither a field id nor a field name there)',
      },
    ]);
    assert.deepEqual(check('green', rules), [
      {
        field: 'connections.support.visual.fields.1.green',
        message: 'no field "Story Points" on green (neither a field id nor a field name there)',
      },
      {
        field: 'connections.support.visual.constants.green.Sync Source',
        message: 'no field "Sync Source" on green (neither a field id nor a field name there)',
      },
    ]);
  });

  void test('a name two fields share must be given as an id', () => {
    const rules = visual({ fields: [mapping({ key: 'team', fields: { blue: 'Customer Tier', green: 'Team' } })] });
    assert.deepEqual(check('green', rules), [
      {
        field: 'connections.support.visual.fields.0.green',
        message: '"Team" names 2 fields on green (customfield_12100, customfield_12500); use the field id',
      },
    ]);
  });

  void test("value maps, people maps and unmatched: error that cannot work with the field's kind", () => {
    const rules = visual({
      fields: [
        mapping({
          key: 'points',
          fields: { blue: 'Story Points', green: 'Estimate' },
          values: [{ blue: '1', green: '2' }],
        }),
        mapping({
          key: 'tier',
          fields: { blue: 'Customer Tier', green: 'Tier' },
          users: [{ blue: 'a@b', green: 'c@d' }],
        }),
        mapping({
          key: 'assignee',
          fields: { blue: 'assignee', green: 'assignee' },
          values: [{ blue: 'A', green: 'B' }],
        }),
        mapping({ key: 'reporter', fields: { blue: 'reporter', green: 'reporter' }, unmatched: 'error' }),
      ],
    });
    assert.deepEqual(check('green', rules), [
      {
        field: 'connections.support.visual.fields.0.values',
        message: '"Estimate" on green is a number field: values has nothing to translate',
      },
      {
        field: 'connections.support.visual.fields.1.users',
        message: '"Tier" on green is an option field, not a person: users applies to people',
      },
      {
        field: 'connections.support.visual.fields.2.values',
        message: '"assignee" on green is a user field: values has nothing to translate; people are matched with users:',
      },
      {
        field: 'connections.support.visual.fields.3.unmatched',
        message:
          'unmatched: error cannot apply to people on green: whether a person exists there is known only when Tandem looks them up; use ignore (leave empty) or default',
      },
    ]);
  });

  void test('a field the mapping writes must be editable there (status and resolution go through transitions)', () => {
    const rules = visual({
      fields: [
        mapping({ key: 'created', fields: { blue: 'created', green: 'Created' } }),
        mapping({ key: 'resolution', fields: { blue: 'resolution', green: 'resolution' } }),
      ],
    });
    assert.deepEqual(check('green', rules), [
      {
        field: 'connections.support.visual.fields.0.green',
        message: '"Created" cannot be set on green (not editable), yet the mapping writes it there',
      },
    ]);
    // Travelling only from green, green's field is only read.
    const oneWay = visual({
      fields: [mapping({ key: 'created', fields: { blue: 'duedate', green: 'created' }, from: ['green'] })],
    });
    assert.deepEqual(check('green', oneWay), []);
  });
});

void test("compiled Visual rules check their own side's fields at start; Basic has nothing to check", () => {
  const rules = visual({
    fields: [mapping({ key: 'points', fields: { blue: 'Story Points', green: 'Story Points' } })],
  });
  const compile = (side: 'blue' | 'green') =>
    compileVisualRules({
      connection: 'support',
      sideInstance: side,
      otherInstance: side === 'blue' ? 'green' : 'blue',
      visual: rules,
    });
  assert.deepEqual(compile('blue').check?.(BLUE_CATALOG), []);
  assert.deepEqual(
    compile('green')
      .check?.(GREEN_CATALOG)
      .map((problem) => problem.field),
    ['connections.support.visual.fields.0.green'],
  );
  assert.equal(
    compileBasicRules({ connection: 'support', sideInstance: 'blue', otherInstance: 'green' }).check,
    undefined,
  );
});
