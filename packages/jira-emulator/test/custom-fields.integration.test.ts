/**
 * Custom fields of every common type, written and read through Jira's REST API on both flavours: value shapes per
 * type, changelog items, Jira's errors for bad values, and Cloud's context/option API for select options.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { startJiraEmulator, type JiraEmulator } from '@tandem/jira-emulator';
import { jiraCall } from './support/jira-http.ts';

for (const flavor of ['cloud', 'datacenter'] as const) {
  void describe(`custom fields on ${flavor}`, () => {
    let emulator: JiraEmulator;
    const ids: Record<string, string> = {};
    const call = (method: string, path: string, body?: unknown) =>
      jiraCall(flavor, emulator.url, method, path, body === undefined ? {} : { body });
    const project = flavor === 'cloud' ? 'BLUE' : 'GREEN';
    const userRef = (name: string) => {
      const user = emulator.context.state.findUser(name);
      assert.ok(user);
      return flavor === 'cloud' ? { accountId: user.accountId } : { name: user.name };
    };

    before(async () => {
      emulator = await startJiraEmulator({ flavor, port: 0, seed: 'demo' });
      for (const field of emulator.context.state.data.customFields) ids[field.name] = field.id;
    });
    after(() => emulator.close());

    void test('every kind takes its Jira input shape and reads back in Jira form', async () => {
      const fields: Record<string, unknown> = {
        project: { key: project },
        issuetype: { name: 'Task' },
        summary: 'All custom fields',
        [ids['Team']!]: { value: 'Mobile' },
        [ids['Customer']!]: 'ACME Corp',
        [ids['Story points']!]: 5.5,
        [ids['Start date']!]: '2026-12-01',
        [ids['Deployed at']!]: '2026-12-02T10:30:00.000+0000',
        [ids['Platforms']!]: [{ value: 'iOS' }, { value: 'Web' }],
        [ids['Region']!]: { value: 'Europe', child: { value: 'Germany' } },
        [ids['Approver']!]: userRef('alice'),
        [ids['Reviewers']!]: [userRef('bob'), userRef('carol')],
        [ids['Tags']!]: ['alpha', 'beta'],
        [ids['Runbook']!]: 'https://runbooks.example.com/sso',
        [ids['Root cause']!]: 'Cookie set *before* redirect',
      };
      const created = await call('POST', '/rest/api/2/issue', { fields });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const { key } = created.body as { key: string };
      const read = await call('GET', `/rest/api/2/issue/${key}`);
      const got = (read.body as { fields: Record<string, unknown> }).fields;
      assert.equal((got[ids['Team']!] as { value: string }).value, 'Mobile');
      assert.equal(got[ids['Customer']!], 'ACME Corp');
      assert.equal(got[ids['Story points']!], 5.5);
      assert.equal(got[ids['Start date']!], '2026-12-01');
      assert.equal(got[ids['Deployed at']!], '2026-12-02T10:30:00.000+0000');
      assert.deepEqual(
        (got[ids['Platforms']!] as { value: string }[]).map((option) => option.value),
        ['iOS', 'Web'],
      );
      const region = got[ids['Region']!] as { value: string; child: { value: string } };
      assert.equal(region.value, 'Europe');
      assert.equal(region.child.value, 'Germany');
      assert.equal((got[ids['Approver']!] as { displayName: string }).displayName, 'Alice Moreau');
      assert.deepEqual(
        (got[ids['Reviewers']!] as { displayName: string }[]).map((user) => user.displayName),
        ['Bob Okafor', 'Carol Nguyen'],
      );
      assert.deepEqual(got[ids['Tags']!], ['alpha', 'beta']);
      assert.equal(got[ids['Runbook']!], 'https://runbooks.example.com/sso');
      assert.equal(got[ids['Root cause']!], 'Cookie set *before* redirect');
      if (flavor === 'cloud') {
        // REST v3 shows the paragraph field as ADF.
        const v3 = await call('GET', `/rest/api/3/issue/${key}?fields=${ids['Root cause']!}`);
        const doc = (v3.body as { fields: Record<string, { type: string }> }).fields[ids['Root cause']!];
        assert.equal(doc?.type, 'doc');
      }

      const edit = await call('PUT', `/rest/api/2/issue/${key}`, {
        fields: { [ids['Team']!]: { value: 'Web' } },
        update: { [ids['Tags']!]: [{ add: 'gamma' }, { remove: 'alpha' }] },
      });
      assert.equal(edit.status, 204, JSON.stringify(edit.body));
      const history = await call('GET', `/rest/api/2/issue/${key}?expand=changelog&fields=${ids['Tags']!}`);
      const body = history.body as {
        fields: Record<string, unknown>;
        changelog: { histories: { items: Record<string, unknown>[] }[] };
      };
      assert.deepEqual(body.fields[ids['Tags']!], ['beta', 'gamma']);
      const items = body.changelog.histories.at(-1)?.items ?? [];
      const team = items.find((item) => item['fieldId'] === ids['Team']);
      assert.ok(team, 'the Team change is in the changelog');
      assert.equal(team['field'], 'Team');
      assert.equal(team['fieldtype'], 'custom');
      assert.equal(team['fromString'], 'Mobile');
      assert.equal(team['toString'], 'Web');
    });

    void test('bad values are refused with Jira errors keyed by field id, nothing is written', async () => {
      const before = emulator.context.state.issueCount;
      const bad = await call('POST', '/rest/api/2/issue', {
        fields: {
          project: { key: project },
          issuetype: { name: 'Task' },
          summary: 'Bad values',
          [ids['Team']!]: { value: 'Nope' },
          [ids['Story points']!]: 'five',
          [ids['Start date']!]: '2026-13-45',
          [ids['Runbook']!]: 'not a url',
        },
      });
      assert.equal(bad.status, 400);
      const errors = (bad.body as { errors: Record<string, string> }).errors;
      assert.equal(errors[ids['Team']!], "Option value 'Nope' is not valid");
      assert.match(errors[ids['Story points']!] ?? '', /invalid number/);
      assert.match(errors[ids['Start date']!] ?? '', /Error parsing date string/);
      assert.match(errors[ids['Runbook']!] ?? '', /Not a valid URL/);
      assert.equal(emulator.context.state.issueCount, before);
    });

    if (flavor === 'cloud') {
      void test('Cloud: create a select field and its options through Jira’s own API, then use them', async () => {
        const field = await call('POST', '/rest/api/3/field', {
          name: 'Channel',
          type: 'com.atlassian.jira.plugin.system.customfieldtypes:select',
        });
        assert.equal(field.status, 201);
        const fieldId = (field.body as { id: string }).id;
        const contexts = await call('GET', `/rest/api/3/field/${fieldId}/context`);
        const contextId = (contexts.body as { values: { id: string }[] }).values[0]?.id;
        assert.ok(contextId);
        const options = await call('POST', `/rest/api/3/field/${fieldId}/context/${contextId}/option`, {
          options: [{ value: 'Email' }, { value: 'Phone' }],
        });
        assert.equal(options.status, 200);
        assert.deepEqual(
          (options.body as { options: { value: string }[] }).options.map((option) => option.value),
          ['Email', 'Phone'],
        );
        const duplicate = await call('POST', `/rest/api/3/field/${fieldId}/context/${contextId}/option`, {
          options: [{ value: 'Email' }],
        });
        assert.equal(duplicate.status, 400);
        const created = await call('POST', '/rest/api/3/issue', {
          fields: {
            project: { key: 'BLUE' },
            issuetype: { name: 'Task' },
            summary: 'Via phone',
            [fieldId]: { value: 'Phone' },
          },
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const read = await call('GET', `/rest/api/3/issue/${(created.body as { key: string }).key}?fields=${fieldId}`);
        assert.equal((read.body as { fields: Record<string, { value: string }> }).fields[fieldId]?.value, 'Phone');
      });
    }
  });
}
