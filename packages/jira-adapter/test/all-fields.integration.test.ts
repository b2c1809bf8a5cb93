/**
 * Every field kind through the tracker port against the emulator over HTTP, once per flavour: the field catalog,
 * each system field and each custom field kind written, read back in neutral form, changed and emptied, a sub-task's
 * parent, and bad values turned into errors that name the issue, the field (id and name) and Jira's words.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TrackerError, type FieldValue, type TrackerField } from '@tandem/core';
import type { JiraEmulator } from '@tandem/jira-emulator';
import type { AdfDoc } from '@tandem/rich-text';
import type { JiraTracker } from '../src/index.ts';
import { FLAVORS, emulatorCount, fieldUser, raw, startEmulator, trackerFor } from './support/emulated-jira.ts';

const doc = (...content: AdfDoc['content']): AdfDoc => ({ type: 'doc', version: 1, content });
const paragraph = (...content: AdfDoc['content']) => ({ type: 'paragraph', content });
const text = (value: string, marks?: { type: string }[]) => ({
  type: 'text',
  text: value,
  ...(marks ? { marks } : {}),
});

/** The seeded custom fields by name (see the emulator's demo seed) and the kind each must have in the catalog. */
const CUSTOM_FIELDS = {
  Team: 'option',
  Customer: 'string',
  'Root cause': 'richtext',
  'Story points': 'number',
  'Start date': 'date',
  'Deployed at': 'datetime',
  Platforms: 'options',
  Region: 'cascading',
  Approver: 'user',
  Reviewers: 'users',
  Tags: 'labels',
  Runbook: 'url',
} as const;
type CustomName = keyof typeof CUSTOM_FIELDS;

for (const setup of FLAVORS) {
  void describe(`${setup.flavor}: every field kind`, () => {
    let emulator: JiraEmulator;
    let tracker: JiraTracker;
    let catalog: TrackerField[];
    const cf = (name: string): string => {
      const field = catalog.find((candidate) => candidate.custom && candidate.name === name);
      assert.ok(field, `custom field ${name} in the catalog`);
      return field.id;
    };
    const user = (name: string) => fieldUser(setup, emulator, name);
    const newTask = (summary: string, fields?: Record<string, FieldValue>) =>
      tracker.createIssue({
        projectKey: setup.project,
        issueTypeName: 'Task',
        summary,
        description: null,
        properties: {},
        ...(fields ? { fields } : {}),
      });
    const rejectsWith = (work: Promise<unknown>, message: string, fieldErrors?: Record<string, string>) =>
      assert.rejects(work, (error: unknown) => {
        assert.ok(error instanceof TrackerError, `a TrackerError, got ${String(error)}`);
        assert.equal(error.kind, 'bad-request');
        assert.equal(error.message, message);
        if (fieldErrors) assert.deepEqual(error.details.fieldErrors, fieldErrors);
        return true;
      });

    before(async () => {
      emulator = await startEmulator(setup);
      tracker = trackerFor(setup, emulator);
      catalog = await tracker.fieldCatalog();
    });
    after(async () => emulator.close());

    void test('fieldCatalog: system fields and every custom kind from GET /field, read once', async () => {
      const system = catalog.filter((field) => !field.custom);
      assert.deepEqual(
        system.map((field) => [field.id, field.kind, field.editable]),
        [
          ['summary', 'string', true],
          ['description', 'richtext', true],
          ['environment', 'richtext', true],
          ['issuetype', 'issuetype', true],
          ['status', 'status', false],
          ['resolution', 'resolution', false],
          ['priority', 'priority', true],
          ['labels', 'labels', true],
          ['components', 'components', true],
          ['fixVersions', 'versions', true],
          ['versions', 'versions', true],
          ['assignee', 'user', true],
          ['reporter', 'user', true],
          ['duedate', 'date', true],
          ['parent', 'issue', true],
        ],
      );
      assert.equal(system.find((field) => field.id === 'fixVersions')?.name, 'Fix versions', "Jira's own name");
      for (const [name, kind] of Object.entries(CUSTOM_FIELDS)) {
        assert.equal(catalog.find((field) => field.name === name)?.kind, kind, name);
      }
      assert.ok(catalog.every((field) => field.custom === field.id.startsWith('customfield_')));
      await tracker.fieldCatalog();
      await tracker.getIssue(`${setup.project}-1`);
      assert.equal(emulatorCount(emulator, 'GET', '/field'), 1, 'the catalog is cached');
    });

    void test('every kind written at create, read back in neutral form in one GET, changed, then emptied', async () => {
      const rootCause = doc(
        paragraph(text('The cookie is set '), text('before', [{ type: 'strong' }]), text(' the redirect.')),
      );
      const created = await newTask('All fields', {
        environment: doc(paragraph(text('Firefox '), text('128', [{ type: 'em' }]))),
        priority: 'High',
        labels: ['sso', 'customer-reported'],
        components: ['Frontend', 'Backend'],
        fixVersions: ['2.0'],
        versions: ['1.0'],
        assignee: user('alice'),
        reporter: user('bob'),
        duedate: '2026-12-24',
        [cf('Team')]: 'Mobile',
        [cf('Customer')]: 'ACME Corp',
        [cf('Root cause')]: rootCause,
        [cf('Story points')]: 2.5,
        [cf('Start date')]: '2026-12-01',
        // Any offset in, UTC with milliseconds out.
        [cf('Deployed at')]: '2026-11-22T05:15:11.250+01:00',
        [cf('Platforms')]: ['iOS', 'Web'],
        [cf('Region')]: { parent: 'Europe', child: 'Germany' },
        [cf('Approver')]: user('carol'),
        [cf('Reviewers')]: [user('alice'), user('bob')],
        [cf('Tags')]: ['urgent', 'b2b'],
        [cf('Runbook')]: 'https://runbooks.example.com/sso',
      });
      const requests = tracker.stats().requests;
      const issue = await tracker.getIssue(created.key);
      assert.equal(tracker.stats().requests - requests, 1, 'one GET of the issue');
      assert.ok(issue);
      assert.deepEqual(issue.status, { name: 'To Do', category: 'new' });
      assert.deepEqual(issue.fields, {
        summary: 'All fields',
        description: null,
        environment: doc(paragraph(text('Firefox '), text('128', [{ type: 'em' }]))),
        issuetype: 'Task',
        status: 'To Do',
        resolution: null,
        priority: 'High',
        labels: ['customer-reported', 'sso'],
        components: ['Backend', 'Frontend'],
        fixVersions: ['2.0'],
        versions: ['1.0'],
        assignee: user('alice'),
        reporter: user('bob'),
        duedate: '2026-12-24',
        parent: null,
        [cf('Team')]: 'Mobile',
        [cf('Severity')]: null,
        [cf('Customer')]: 'ACME Corp',
        [cf('Root cause')]: rootCause,
        [cf('Story points')]: 2.5,
        [cf('Start date')]: '2026-12-01',
        [cf('Deployed at')]: '2026-11-22T04:15:11.250Z',
        [cf('Platforms')]: ['Web', 'iOS'],
        [cf('Region')]: { parent: 'Europe', child: 'Germany' },
        [cf('Approver')]: user('carol'),
        [cf('Reviewers')]: [user('alice'), user('bob')],
        [cf('Tags')]: ['b2b', 'urgent'],
        [cf('Runbook')]: 'https://runbooks.example.com/sso',
      });

      await tracker.updateFields(created.id, {
        fields: {
          environment: doc(paragraph(text('Safari'))),
          priority: 'Low',
          labels: ['sso'],
          components: ['Backend'],
          fixVersions: ['1.0', '2.0'],
          versions: [],
          assignee: user('carol'),
          duedate: '2027-01-15',
          [cf('Team')]: 'Web',
          [cf('Severity')]: 'S2',
          [cf('Customer')]: 'Globex',
          [cf('Story points')]: 13,
          [cf('Start date')]: '2027-01-02',
          [cf('Deployed at')]: '2027-01-02T00:00:00.000Z',
          [cf('Platforms')]: ['Android'],
          [cf('Region')]: { parent: 'Americas', child: null },
          [cf('Approver')]: user('bob'),
          [cf('Reviewers')]: [user('carol')],
          [cf('Tags')]: ['calm'],
          [cf('Runbook')]: 'https://runbooks.example.com/v2',
        },
      });
      const changed = (await tracker.getIssue(created.key))?.fields;
      assert.deepEqual(
        {
          environment: changed?.['environment'],
          priority: changed?.['priority'],
          labels: changed?.['labels'],
          components: changed?.['components'],
          fixVersions: changed?.['fixVersions'],
          versions: changed?.['versions'],
          assignee: changed?.['assignee'],
          duedate: changed?.['duedate'],
          team: changed?.[cf('Team')],
          severity: changed?.[cf('Severity')],
          customer: changed?.[cf('Customer')],
          points: changed?.[cf('Story points')],
          start: changed?.[cf('Start date')],
          deployed: changed?.[cf('Deployed at')],
          platforms: changed?.[cf('Platforms')],
          region: changed?.[cf('Region')],
          approver: changed?.[cf('Approver')],
          reviewers: changed?.[cf('Reviewers')],
          tags: changed?.[cf('Tags')],
          runbook: changed?.[cf('Runbook')],
        },
        {
          environment: doc(paragraph(text('Safari'))),
          priority: 'Low',
          labels: ['sso'],
          components: ['Backend'],
          fixVersions: ['1.0', '2.0'],
          versions: [],
          assignee: user('carol'),
          duedate: '2027-01-15',
          team: 'Web',
          severity: 'S2',
          customer: 'Globex',
          points: 13,
          start: '2027-01-02',
          deployed: '2027-01-02T00:00:00.000Z',
          platforms: ['Android'],
          region: { parent: 'Americas', child: null },
          approver: user('bob'),
          reviewers: [user('carol')],
          tags: ['calm'],
          runbook: 'https://runbooks.example.com/v2',
        },
      );

      const emptied: Record<string, FieldValue> = {
        environment: null,
        labels: [],
        components: [],
        fixVersions: [],
        versions: [],
        assignee: null,
        duedate: null,
      };
      for (const name of Object.keys(CUSTOM_FIELDS) as CustomName[]) {
        emptied[cf(name)] = ['options', 'users', 'labels'].includes(CUSTOM_FIELDS[name]) ? [] : null;
      }
      await tracker.updateFields(created.id, { fields: emptied });
      const empty = (await tracker.getIssue(created.key))?.fields ?? {};
      assert.deepEqual(
        Object.fromEntries(Object.keys(emptied).map((id) => [id, empty[id]])),
        emptied,
        'empty is null, or [] for lists',
      );
    });

    void test('typed members win over the same field in `fields`', async () => {
      const created = await tracker.createIssue({
        projectKey: setup.project,
        issueTypeName: 'Task',
        summary: 'Typed summary',
        description: null,
        properties: {},
        fields: { summary: 'Ignored', description: doc(paragraph(text('From fields'))) },
      });
      await tracker.updateFields(created.id, {
        issueTypeName: 'Bug',
        fields: { issuetype: 'Story', priority: 'Lowest' },
      });
      const issue = await tracker.getIssue(created.key);
      assert.equal(issue?.summary, 'Typed summary');
      assert.deepEqual(issue?.description, doc(paragraph(text('From fields'))), 'a null description gives way');
      assert.equal(issue?.issueType.name, 'Bug');
      assert.equal(issue?.fields['priority'], 'Lowest');
    });

    void test('parent: a sub-task created under its parent reads it back by id and key', async () => {
      const parent = await newTask('Parent');
      const child = await tracker.createIssue({
        projectKey: setup.project,
        issueTypeName: 'Sub-task',
        summary: 'Child',
        description: null,
        properties: {},
        fields: { parent: { id: parent.id, key: parent.key } },
      });
      assert.deepEqual((await tracker.getIssue(child.key))?.fields['parent'], { id: parent.id, key: parent.key });
      assert.equal((await tracker.getIssue(parent.key))?.fields['parent'], null);
      const byKey = await tracker.createIssue({
        projectKey: setup.project,
        issueTypeName: 'Sub-task',
        summary: 'Child by key',
        description: null,
        properties: {},
        fields: { parent: { id: '', key: parent.key } },
      });
      assert.deepEqual((await tracker.getIssue(byKey.id))?.fields['parent'], { id: parent.id, key: parent.key });
    });

    void test("a value Jira refuses: the error names the issue, the field's id and name, and Jira's message", async () => {
      const created = await newTask('Bad values');
      const team = cf('Team');
      await rejectsWith(
        tracker.updateFields(created.id, { fields: { [team]: 'Nonexistent' } }),
        `${created.id}: field '${team}' (Team): Option value 'Nonexistent' is not valid`,
        { [team]: "Option value 'Nonexistent' is not valid" },
      );
      await rejectsWith(
        tracker.updateFields(created.key, { fields: { components: ['Nope'] } }),
        `${created.key}: field 'components' (Components): Component name 'Nope' is not valid`,
      );
      await rejectsWith(
        newTask('Bad at create', { [cf('Region')]: { parent: 'Europe', child: 'Brazil' } }),
        `new issue in ${setup.project}: field '${cf('Region')}' (Region): Option value 'Brazil' is not valid for parent option 'Europe'`,
      );
      // The catalog is not loaded yet in a fresh tracker: it is read on the error path, to name the field.
      const fresh = trackerFor(setup, emulator);
      await rejectsWith(
        fresh.updateFields(created.id, { summary: '' }),
        `${created.id}: field 'summary' (Summary): You must specify a summary of the issue.`,
      );
      assert.equal(fresh.stats().requests, 2, 'the edit, then GET /field');
    });

    void test('a value that does not fit its kind is refused before Jira is asked', async () => {
      const created = await newTask('Refused here');
      const points = cf('Story points');
      const before = tracker.stats().requests;
      await rejectsWith(
        tracker.updateFields(created.id, { fields: { [points]: 'three' } }),
        `${created.id}: field '${points}' (Story points): expected a number or null, got "three"`,
      );
      await rejectsWith(
        tracker.updateFields(created.id, { fields: { status: 'Done' } }),
        `${created.id}: field 'status' (Status): can only be set by a workflow transition`,
      );
      await rejectsWith(
        tracker.updateFields(created.id, { fields: { assignee: { id: null, displayName: 'Stranger', email: null } } }),
        `${created.id}: field 'assignee' (Assignee): Stranger has no account on this instance (no user id to write)`,
      );
      await rejectsWith(
        tracker.updateFields(created.id, { fields: { [cf('Deployed at')]: 'yesterday' } }),
        `${created.id}: field '${cf('Deployed at')}' (Deployed at): expected an ISO 8601 date-time, got "yesterday"`,
      );
      assert.equal(tracker.stats().requests, before, 'nothing sent');
      await rejectsWith(
        tracker.updateFields(created.id, { fields: { customfield_99999: 'x' } }),
        `${created.id}: field 'customfield_99999': not a field Tandem can write on this instance (unknown, or of a kind it does not handle)`,
      );
      assert.equal(tracker.stats().requests, before + 1, 'only the catalog, read again for the unknown id');
    });

    void test('a field added in Jira later is found: the catalog is read again when an unknown id is written', async () => {
      const added = await raw(setup, emulator, 'POST', '/_emulator/fields', { name: 'Contract', kind: 'text' });
      assert.equal(added.status, 201);
      const id = (added.json as { id: string }).id;
      const created = await newTask('Late field');
      const reads = emulatorCount(emulator, 'GET', '/field');
      await tracker.updateFields(created.id, { fields: { [id]: 'C-42' } });
      assert.equal(emulatorCount(emulator, 'GET', '/field'), reads + 1);
      assert.equal((await tracker.getIssue(created.key))?.fields[id], 'C-42');
      assert.ok((await tracker.fieldCatalog()).some((field) => field.id === id && field.kind === 'string'));
    });

    void test('hundreds of custom fields: getIssue asks for *all rather than a very long field list, still one GET', async () => {
      let extra = '';
      for (let index = 0; index < 250; index++) {
        const added = await raw(setup, emulator, 'POST', '/_emulator/fields', {
          name: `Extra ${index}`,
          kind: 'number',
        });
        assert.equal(added.status, 201);
        extra = (added.json as { id: string }).id;
      }
      const created = await newTask('Wide instance');
      await tracker.updateFields(created.id, { fields: { [extra]: 7 } });

      const urls: string[] = [];
      const wide = trackerFor(setup, emulator, {
        fetch: (input, init) => {
          urls.push(String(input));
          return fetch(input, init);
        },
      });
      const issue = await wide.getIssue(created.key);
      assert.equal(issue?.fields[extra], 7);
      assert.equal(Object.keys(issue?.fields ?? {}).length, (await wide.fieldCatalog()).length);
      assert.ok((await wide.fieldCatalog()).length > 250);
      assert.deepEqual(
        urls.map((url) => new URL(url).searchParams.get('fields')),
        [null, '*all'],
        'GET /field, then the issue with every field',
      );
    });
  });
}
