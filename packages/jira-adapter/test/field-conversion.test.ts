/**
 * The field catalog's kinds from Jira's `/field` answer and the conversions between neutral values and Jira's JSON,
 * without I/O: what the integration tests cannot reach through the emulator (field types it does not emulate, Data
 * Center answers in a non-UTC zone, a catalog load that fails).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { TrackerField } from '@tandem/core';
import { JIRA_CLOUD, JIRA_DATA_CENTER } from '../src/index.ts';
import { FieldCatalogCache, catalogFromJiraFields, customFieldKind } from '../src/jira-field-catalog.ts';
import { FieldValueProblem, toJiraFieldValue } from '../src/jira-field-writers.ts';
import { neutralFieldReaders } from '../src/neutral-field-readers.ts';

const TYPE = 'com.atlassian.jira.plugin.system.customfieldtypes:';

void test('custom field types map to kinds; other types are left out', () => {
  const expected = {
    textfield: 'string',
    textarea: 'richtext',
    float: 'number',
    datepicker: 'date',
    datetime: 'datetime',
    select: 'option',
    radiobuttons: 'option',
    multiselect: 'options',
    multicheckboxes: 'options',
    cascadingselect: 'cascading',
    userpicker: 'user',
    multiuserpicker: 'users',
    labels: 'labels',
    url: 'url',
  };
  for (const [type, kind] of Object.entries(expected)) assert.equal(customFieldKind(TYPE + type), kind, type);
  assert.equal(customFieldKind('com.pyxis.greenhopper.jira:gh-sprint'), undefined);
  assert.equal(customFieldKind(`${TYPE}grouppicker`), undefined);
  assert.equal(customFieldKind(undefined), undefined);
});

void test("catalog: every system field even when /field omits it (Data Center's parent), Jira's names, custom kinds", () => {
  const catalog = catalogFromJiraFields([
    { id: 'summary', name: 'Summary', custom: false, schema: { type: 'string', system: 'summary' } },
    { id: 'fixVersions', name: 'Fix Version/s', custom: false, schema: { type: 'array', system: 'fixVersions' } },
    { id: 'issuekey', name: 'Key', custom: false, schema: null },
    {
      id: 'customfield_10000',
      name: 'Sprint',
      custom: true,
      schema: { custom: 'com.pyxis.greenhopper.jira:gh-sprint' },
    },
    {
      id: 'customfield_10001',
      name: 'Impact',
      custom: true,
      schema: { type: 'option', custom: `${TYPE}radiobuttons` },
    },
    { id: 'customfield_10002', name: 'Browsers', custom: true, schema: { custom: `${TYPE}multicheckboxes` } },
  ]);
  assert.equal(catalog.find((field) => field.id === 'fixVersions')?.name, 'Fix Version/s');
  assert.deepEqual(
    catalog.find((field) => field.id === 'parent'),
    {
      id: 'parent',
      name: 'Parent',
      kind: 'issue',
      custom: false,
      editable: true,
    },
  );
  assert.deepEqual(
    catalog.filter((field) => field.custom).map((field) => [field.id, field.kind]),
    [
      ['customfield_10001', 'option'],
      ['customfield_10002', 'options'],
    ],
  );
  assert.ok(!catalog.some((field) => field.id === 'issuekey'));
});

void test('values to Jira: users by the flavour, datetimes with an offset, options, cascades, names', () => {
  const alice = { id: 'a-1', displayName: 'Alice', email: null };
  assert.deepEqual(toJiraFieldValue('user', alice, JIRA_CLOUD), { accountId: 'a-1' });
  assert.deepEqual(toJiraFieldValue('users', [alice], JIRA_DATA_CENTER), [{ name: 'a-1' }]);
  assert.equal(toJiraFieldValue('user', null, JIRA_CLOUD), null);
  assert.equal(
    toJiraFieldValue('datetime', '2026-11-22T05:15:11.25+01:00', JIRA_CLOUD),
    '2026-11-22T04:15:11.250+0000',
  );
  assert.deepEqual(toJiraFieldValue('cascading', { parent: 'Europe', child: null }, JIRA_CLOUD), { value: 'Europe' });
  assert.deepEqual(toJiraFieldValue('options', null, JIRA_CLOUD), []);
  assert.deepEqual(toJiraFieldValue('versions', ['1.0'], JIRA_CLOUD), [{ name: '1.0' }]);
  assert.equal(toJiraFieldValue('priority', null, JIRA_CLOUD), null);
  assert.deepEqual(toJiraFieldValue('issue', { id: '', key: 'X-1' }, JIRA_CLOUD), { key: 'X-1' });
  const wiki = toJiraFieldValue(
    'richtext',
    { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hi' }] }] },
    JIRA_DATA_CENTER,
  );
  assert.equal(wiki, 'Hi');
  for (const [kind, value] of [
    ['number', Number.NaN],
    ['date', '22/11/2026'],
    ['options', 'one'],
    ['issuetype', null],
    ['status', 'Done'],
    ['cascading', { parent: 'Europe' }],
    ['richtext', 'plain text'],
  ] as const) {
    assert.throws(
      () => toJiraFieldValue(kind, value as never, JIRA_CLOUD),
      FieldValueProblem,
      `${kind} ${String(value)}`,
    );
  }
});

void test("values from Jira: a Data Center zone's offset becomes UTC; empty text is null; names, not objects", () => {
  const readers = neutralFieldReaders(JIRA_DATA_CENTER.readers);
  assert.equal(readers.datetime.parse('2026-11-22T05:15:11.250+0100'), '2026-11-22T04:15:11.250Z');
  assert.equal(readers.string.parse(''), null);
  assert.deepEqual(readers.cascading.parse({ value: 'Europe', id: '1', child: { value: 'France', id: '2' } }), {
    parent: 'Europe',
    child: 'France',
  });
  assert.deepEqual(readers.components.parse([{ name: 'b' }, { name: 'a' }]), ['a', 'b']);
  assert.deepEqual(readers.user.parse({ name: 'bob', displayName: 'Bob', emailAddress: '' }), {
    id: 'bob',
    displayName: 'Bob',
    email: null,
  });
  assert.equal(readers.richtext.parse(null), null);
  assert.ok(!readers.number.safeParse('3').success);
});

void test('catalog cache: one load for concurrent callers, a failed load is tried again, unknown ids reload once', async () => {
  let loads = 0;
  let fail = false;
  let fields: TrackerField[] = [{ id: 'summary', name: 'Summary', kind: 'string', custom: false, editable: true }];
  const cache = new FieldCatalogCache(async () => {
    loads++;
    await Promise.resolve();
    if (fail) throw new Error('down');
    return fields;
  });
  fail = true;
  await assert.rejects(cache.all(), /down/);
  fail = false;
  const [a, b] = await Promise.all([cache.all(), cache.all()]);
  assert.equal(a, b);
  assert.equal(loads, 2);
  assert.equal(cache.peek(), fields);
  await cache.lookup(['summary']);
  assert.equal(loads, 2, 'known ids need no reload');
  fields = [...fields, { id: 'customfield_1', name: 'New', kind: 'number', custom: true, editable: true }];
  assert.equal((await cache.lookup(['customfield_1'])).get('customfield_1')?.name, 'New');
  assert.equal(loads, 3);
});
