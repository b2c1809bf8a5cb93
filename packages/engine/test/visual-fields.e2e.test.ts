/* Tests read Jira's JSON answers deep and loosely; typing every answer would hide what they check. */
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Visual mode end to end, Jira Cloud ("blue") ↔ Jira Data Center ("green"), both seeded with the emulator's demo data:
 * every common field in both directions (system fields, each custom field kind, users by e-mail and by name, status
 * through a workflow with a required transition screen field, resolution, parent and sub-task created in the wrong
 * order, links among twins, worklogs), value maps and their three unmatched policies, ownership, constants, scope,
 * and a rich-text round trip that changes nothing.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { compileVisualRules, type VisualMapping, type VisualRules } from '@tandem/rules';
import { startHarness, type Harness } from './support/sync-harness.ts';

const SIDES = ['blue', 'green'];

function mapping(field: string, extra: Partial<VisualMapping> = {}): VisualMapping {
  return {
    key: field,
    fields: { blue: field, green: field },
    from: SIDES,
    values: [],
    users: [],
    unmatched: 'ignore',
    default: {},
    owner: null,
    ...extra,
  };
}

const VISUAL: VisualRules = {
  fields: [
    mapping('summary'),
    mapping('description'),
    mapping('issuetype'),
    mapping('environment'),
    mapping('status', {
      values: [
        { blue: 'To Do', green: 'To Do' },
        { blue: 'In Progress', green: 'In Progress' },
        { blue: 'In Progress', green: 'Review' },
        { blue: 'Done', green: 'Closed' },
      ],
      unmatched: 'error',
    }),
    mapping('resolution'),
    mapping('priority', { owner: 'blue' }),
    mapping('labels'),
    mapping('components'),
    mapping('fixVersions'),
    mapping('duedate'),
    mapping('assignee'),
    mapping('reporter'),
    mapping('parent'),
    mapping('Team', {
      values: [
        { blue: 'Platform', green: 'Platform' },
        { blue: 'Web', green: 'Mobile' },
      ],
      unmatched: 'default',
      default: { blue: 'Platform', green: 'Platform' },
    }),
    mapping('Severity', {
      values: [
        { blue: 'S1', green: 'S1' },
        { blue: 'S2', green: 'S2' },
      ],
      unmatched: 'error',
    }),
    mapping('Customer'),
    mapping('Root cause'),
    mapping('Story points'),
    mapping('Start date'),
    mapping('Deployed at'),
    mapping('Platforms'),
    mapping('Region'),
    mapping('Approver'),
    mapping('Reviewers'),
    mapping('Runbook'),
  ],
  comments: SIDES,
  attachments: SIDES,
  worklogs: SIDES,
  links: SIDES,
  constants: { green: { Tags: { add: ['synced-from-blue'], remove: [] } } },
  scope: {},
};

void describe('Visual mode: every common field, Cloud ↔ Data Center', () => {
  let h: Harness;
  const ids: Record<'blue' | 'green', Record<string, string>> = { blue: {}, green: {} };
  const cf = (which: 'blue' | 'green', name: string) => {
    const id = ids[which][name];
    assert.ok(id, `custom field ${name} on ${which}`);
    return id;
  };
  const read = async (which: 'blue' | 'green', key: string) => {
    const answer = await h.jira(which, 'GET', `/rest/api/2/issue/${key}?expand=names`, undefined, 'admin');
    assert.equal(answer.status, 200, `${which} ${key}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const twinKey = async (key: string): Promise<string> => {
    const [status] = await h.engine.status(key);
    assert.ok(status, `${key} has a twin`);
    const other = status.twin.a.issueKey === key ? status.twin.b.issueKey : status.twin.a.issueKey;
    if (!other) assert.fail(`${key}'s twin issue is not known; errors: ${JSON.stringify(await h.engine.errors())}`);
    return other;
  };
  const create = async (which: 'blue' | 'green', fields: Record<string, unknown>) => {
    const answer = await h.jira(which, 'POST', '/rest/api/2/issue', {
      fields: { project: { key: which === 'blue' ? 'BLUE' : 'GREEN' }, ...fields },
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return answer.body.key as string;
  };
  const edit = async (which: 'blue' | 'green', key: string, fields: Record<string, unknown>) => {
    const answer = await h.jira(which, 'PUT', `/rest/api/2/issue/${key}`, { fields });
    assert.equal(answer.status, 204, JSON.stringify(answer.body));
  };
  const transition = async (which: 'blue' | 'green', key: string, name: string, fields?: Record<string, unknown>) => {
    const open = await h.jira(which, 'GET', `/rest/api/2/issue/${key}/transitions`);
    const found = open.body.transitions.find((candidate: any) => candidate.name === name);
    assert.ok(found, `${key} offers ${name}: ${JSON.stringify(open.body.transitions.map((t: any) => t.name))}`);
    const answer = await h.jira(which, 'POST', `/rest/api/2/issue/${key}/transitions`, {
      transition: { id: found.id },
      ...(fields ? { fields } : {}),
    });
    assert.equal(answer.status, 204, JSON.stringify(answer.body));
  };

  before(async () => {
    h = await startHarness({
      seed: 'demo',
      mode: 'visual',
      triggers: { blue: 'project = BLUE AND labels = tandem', green: 'project = GREEN AND labels = tandem' },
      rules: ({ name }) => ({
        a: compileVisualRules({ connection: name, sideInstance: 'blue', otherInstance: 'green', visual: VISUAL }),
        b: compileVisualRules({ connection: name, sideInstance: 'green', otherInstance: 'blue', visual: VISUAL }),
      }),
    });
    for (const which of ['blue', 'green'] as const) {
      const fields = await h.jira(which, 'GET', '/rest/api/2/field', undefined, 'admin');
      for (const field of fields.body) if (field.custom) ids[which][field.name] = field.id;
    }
    // Green's workflow has a review step and a close transition whose screen requires a resolution.
    const workflow = await fetch(`${h.green.url}/_emulator/projects/GREEN/workflows`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Green review workflow',
        statuses: [
          'To Do',
          'In Progress',
          { name: 'Review', category: 'indeterminate' },
          { name: 'Closed', category: 'done' },
        ],
        initialStatus: 'To Do',
        transitions: [
          { name: 'Start', from: ['To Do'], to: 'In Progress' },
          { name: 'Send to review', from: ['In Progress'], to: 'Review' },
          {
            name: 'Close',
            from: ['Review'],
            to: 'Closed',
            screen: [{ field: 'resolution', required: true }],
            resolution: 'fromScreen',
          },
          { name: 'Reopen', from: ['Closed'], to: 'To Do', resolution: 'clear' },
          { name: 'Back to work', from: ['Review'], to: 'In Progress' },
        ],
      }),
    });
    assert.equal(workflow.status < 300, true, await workflow.text());
  });
  after(async () => h.close());

  void test('a sub-task synced before its parent lands under the parent’s twin, with every field mapped', async () => {
    const parent = await create('blue', { summary: 'Checkout epic work', issuetype: { name: 'Story' } });
    const child = await create('blue', {
      summary: 'Card form *validation*',
      issuetype: { name: 'Sub-task' },
      parent: { key: parent },
      labels: ['tandem', 'checkout'],
      description: 'Validate the *card number* before submit.\n\n* Luhn check\n* expiry in the future',
      environment: 'Chrome _131_',
      priority: { name: 'High' },
      components: [{ name: 'Frontend' }],
      fixVersions: [{ name: '2.0' }],
      duedate: '2026-12-24',
      assignee: { accountId: h.blue.context.state.data.users.find((u) => u.name === 'alice')?.accountId },
      [cf('blue', 'Team')]: { value: 'Web' },
      [cf('blue', 'Severity')]: { value: 'S2' },
      [cf('blue', 'Customer')]: 'ACME Corp',
      [cf('blue', 'Root cause')]: 'The form posts *before* validation.',
      [cf('blue', 'Story points')]: 3,
      [cf('blue', 'Start date')]: '2026-12-01',
      [cf('blue', 'Deployed at')]: '2026-11-22T05:15:11.000+0000',
      [cf('blue', 'Platforms')]: [{ value: 'Web' }, { value: 'iOS' }],
      [cf('blue', 'Region')]: { value: 'Europe', child: { value: 'Germany' } },
      [cf('blue', 'Approver')]: {
        accountId: h.blue.context.state.data.users.find((u) => u.name === 'carol')?.accountId,
      },
      [cf('blue', 'Reviewers')]: [
        { accountId: h.blue.context.state.data.users.find((u) => u.name === 'bob')?.accountId },
      ],
      [cf('blue', 'Runbook')]: 'https://runbooks.example.com/checkout',
    });
    // Only the child matches the trigger: syncing it must bring its parent along, first.
    await h.engine.syncNow(child);
    await h.settle();
    const greenChild = await read('green', await twinKey(child));
    const greenParent = await twinKey(parent);
    const f = greenChild.fields;
    assert.equal(f.issuetype.name, 'Sub-task');
    assert.equal(f.parent?.key, greenParent, 'the sub-task sits under the parent’s twin');
    assert.equal(f.summary, 'Card form *validation*');
    assert.match(f.description, /Validate the \*card number\* before submit/);
    assert.match(f.description, /\* Luhn check/);
    assert.equal(f.environment, 'Chrome _131_');
    assert.equal(f.priority.name, 'High');
    assert.deepEqual(f.labels.sort(), ['checkout', 'tandem']);
    assert.deepEqual(
      f.components.map((c: any) => c.name),
      ['Frontend'],
    );
    assert.deepEqual(
      f.fixVersions.map((v: any) => v.name),
      ['2.0'],
    );
    assert.equal(f.duedate, '2026-12-24');
    assert.equal(f.assignee?.name, 'alice', 'people by e-mail');
    assert.equal(f[cf('green', 'Team')]?.value, 'Mobile', 'value map: Web → Mobile');
    assert.equal(f[cf('green', 'Severity')]?.value, 'S2');
    assert.equal(f[cf('green', 'Customer')], 'ACME Corp');
    assert.match(f[cf('green', 'Root cause')], /posts \*before\* validation/);
    assert.equal(f[cf('green', 'Story points')], 3);
    assert.equal(f[cf('green', 'Start date')], '2026-12-01');
    assert.equal(Date.parse(f[cf('green', 'Deployed at')]), Date.parse('2026-11-22T05:15:11.000Z'));
    assert.deepEqual(f[cf('green', 'Platforms')].map((o: any) => o.value).sort(), ['Web', 'iOS']);
    assert.equal(f[cf('green', 'Region')]?.value, 'Europe');
    assert.equal(f[cf('green', 'Region')]?.child?.value, 'Germany');
    assert.equal(f[cf('green', 'Approver')]?.name, 'carol');
    // Bob hides his e-mail on Cloud: he is found on Data Center by his display name.
    assert.deepEqual(
      f[cf('green', 'Reviewers')].map((u: any) => u.name),
      ['bob'],
    );
    assert.equal(f[cf('green', 'Runbook')], 'https://runbooks.example.com/checkout');
    assert.deepEqual(f[cf('green', 'Tags')], ['synced-from-blue'], 'the constant of green');

    // And back: nothing written on blue by the echo, the blue issue unchanged.
    const writes = await h.writes('blue');
    await h.settle();
    assert.equal(await h.writes('blue'), writes, 'quiet: no write once synced');
  });

  void test('edits on Data Center travel to Cloud; a value map miss with a default takes the default', async () => {
    const key = await create('blue', {
      summary: 'Edits from green',
      issuetype: { name: 'Task' },
      labels: ['tandem'],
      [cf('blue', 'Story points')]: 1,
    });
    await h.engine.syncNow(key);
    await h.settle();
    const green = await twinKey(key);
    await edit('green', green, {
      labels: ['tandem', 'from-green'],
      [cf('green', 'Story points')]: 8,
      [cf('green', 'Team')]: { value: 'Web' },
      [cf('green', 'Platforms')]: [{ value: 'Android' }],
      duedate: '2027-01-15',
      components: [{ name: 'Backend' }],
    });
    await h.settle();
    const f = (await read('blue', key)).fields;
    assert.deepEqual(f.labels.sort(), ['from-green', 'tandem']);
    assert.equal(f[cf('blue', 'Story points')], 8);
    assert.equal(f[cf('blue', 'Team')]?.value, 'Platform', 'green Web has no pair: the default');
    assert.deepEqual(
      f[cf('blue', 'Platforms')].map((o: any) => o.value),
      ['Android'],
    );
    assert.equal(f.duedate, '2027-01-15');
    assert.deepEqual(
      f.components.map((c: any) => c.name),
      ['Backend'],
    );
  });

  void test('an issue created on Data Center brings every field kind to Cloud, creating missing components and versions', async () => {
    const green = (name: string) => h.green.context.state.data.users.find((user) => user.name === name)?.name;
    // Payments and 3.1 exist on green only.
    const component = await h.jira(
      'green',
      'POST',
      '/rest/api/2/component',
      { name: 'Payments', project: 'GREEN' },
      'admin',
    );
    assert.equal(component.status, 201, JSON.stringify(component.body));
    const version = await h.jira('green', 'POST', '/rest/api/2/version', { name: '3.1', project: 'GREEN' }, 'admin');
    assert.equal(version.status, 201, JSON.stringify(version.body));
    const key = await create('green', {
      summary: 'From green with everything',
      issuetype: { name: 'Bug' },
      labels: ['tandem', 'regression'],
      description: 'h3. Context\n\nSee _the_ {{logs}}.',
      environment: 'Firefox *128*',
      priority: { name: 'Low' },
      reporter: { name: green('bob') },
      components: [{ name: 'Payments' }],
      fixVersions: [{ name: '3.1' }],
      duedate: '2027-02-01',
      [cf('green', 'Team')]: { value: 'Platform' },
      [cf('green', 'Severity')]: { value: 'S1' },
      [cf('green', 'Customer')]: 'Globex',
      [cf('green', 'Root cause')]: 'A *race* in the cache.',
      [cf('green', 'Story points')]: 13,
      [cf('green', 'Start date')]: '2027-01-10',
      [cf('green', 'Deployed at')]: '2027-01-12T08:30:00.000+0000',
      [cf('green', 'Platforms')]: [{ value: 'Android' }, { value: 'Web' }],
      [cf('green', 'Region')]: { value: 'Americas', child: { value: 'Canada' } },
      [cf('green', 'Approver')]: { name: green('alice') },
      [cf('green', 'Reviewers')]: [{ name: green('carol') }, { name: green('bob') }],
      [cf('green', 'Runbook')]: 'https://runbooks.example.com/cache',
    });
    await h.engine.syncNow(key);
    await h.settle();
    const blueKey = await twinKey(key);
    const f = (await read('blue', blueKey)).fields;
    assert.equal(f.summary, 'From green with everything');
    assert.equal(f.issuetype.name, 'Bug');
    assert.match(f.description, /h3\. Context/);
    assert.match(f.environment, /Firefox \*128\*/);
    assert.equal(f.priority.name, 'Low');
    assert.equal(f.reporter?.displayName, 'Bob Okafor', 'found by display name: his Cloud e-mail is hidden');
    assert.deepEqual(
      f.components.map((c: any) => c.name),
      ['Payments'],
      'created on blue',
    );
    assert.deepEqual(
      f.fixVersions.map((v: any) => v.name),
      ['3.1'],
      'created on blue',
    );
    assert.equal(f.duedate, '2027-02-01');
    assert.equal(f[cf('blue', 'Team')]?.value, 'Platform');
    assert.equal(f[cf('blue', 'Severity')]?.value, 'S1');
    assert.equal(f[cf('blue', 'Customer')], 'Globex');
    assert.match(f[cf('blue', 'Root cause')], /A \*race\* in the cache\./);
    assert.equal(f[cf('blue', 'Story points')], 13);
    assert.equal(f[cf('blue', 'Start date')], '2027-01-10');
    assert.equal(Date.parse(f[cf('blue', 'Deployed at')]), Date.parse('2027-01-12T08:30:00.000Z'));
    assert.deepEqual(f[cf('blue', 'Platforms')].map((o: any) => o.value).sort(), ['Android', 'Web']);
    assert.deepEqual([f[cf('blue', 'Region')]?.value, f[cf('blue', 'Region')]?.child?.value], ['Americas', 'Canada']);
    assert.equal(f[cf('blue', 'Approver')]?.displayName, 'Alice Moreau');
    assert.deepEqual(f[cf('blue', 'Reviewers')].map((u: any) => u.displayName).sort(), ['Bob Okafor', 'Carol Nguyen']);
    assert.equal(f[cf('blue', 'Runbook')], 'https://runbooks.example.com/cache');
    assert.equal(f[cf('blue', 'Tags')] ?? null, null, 'green’s constant stays on green');
  });

  void test('status walks the other workflow’s shortest path and fills the required screen field', async () => {
    const key = await create('blue', { summary: 'Walk me', issuetype: { name: 'Task' }, labels: ['tandem'] });
    await h.engine.syncNow(key);
    await h.settle();
    const green = await twinKey(key);
    await transition('blue', key, 'Start Progress');
    await transition('blue', key, 'Done');
    await h.settle();
    const closed = (await read('green', green)).fields;
    assert.equal(closed.status.name, 'Closed', 'To Do → In Progress → Review → Closed');
    assert.equal(closed.resolution?.name, 'Done', 'the resolution filled the Close screen');
    // Back on green: review maps to In Progress on blue.
    await transition('green', green, 'Reopen');
    await transition('green', green, 'Start');
    await transition('green', green, 'Send to review');
    await h.settle();
    assert.equal((await read('blue', key)).fields.status.name, 'In Progress');
  });

  void test('an unmatched value with policy error parks the twin with a clear message; fixing it heals', async () => {
    const key = await create('blue', {
      summary: 'Severity S3',
      issuetype: { name: 'Task' },
      labels: ['tandem'],
      [cf('blue', 'Severity')]: { value: 'S3' },
    });
    await h.engine.syncNow(key);
    await h.settle();
    const errors = await h.engine.errors();
    const error = errors.find((candidate) => candidate.message.includes(key));
    assert.ok(error, `an error for ${key}: ${JSON.stringify(errors)}`);
    assert.match(error.message, /Severity/, 'the message names the field');
    assert.match(error.message, /S3/);
    await edit('blue', key, { [cf('blue', 'Severity')]: { value: 'S1' } });
    await h.engine.retry(error.twinId);
    await h.settle();
    const green = await twinKey(key);
    assert.equal((await read('green', green)).fields[cf('green', 'Severity')]?.value, 'S1');
    assert.equal((await h.engine.errors()).filter((candidate) => candidate.twinId === error.twinId).length, 0);
  });

  void test('the owner side wins: a priority change on green is overwritten and recorded', async () => {
    const key = await create('blue', {
      summary: 'Owned priority',
      issuetype: { name: 'Task' },
      labels: ['tandem'],
      priority: { name: 'Low' },
    });
    await h.engine.syncNow(key);
    await h.settle();
    const green = await twinKey(key);
    await edit('green', green, { priority: { name: 'Highest' }, summary: 'Owned priority (renamed on green)' });
    await h.settle();
    assert.equal((await read('green', green)).fields.priority.name, 'Low', 'overwritten by the owner');
    const blue = (await read('blue', key)).fields;
    assert.equal(blue.priority.name, 'Low');
    assert.equal(blue.summary, 'Owned priority (renamed on green)', 'other fields still travel');
    const [status] = await h.engine.status(key);
    const audit = await h.store.listAudit({ twinId: status?.twin.id ?? '' });
    assert.ok(
      audit.some((entry) => entry.kind === 'conflict' && (entry.detail as any).kind === 'ownership'),
      'the overwrite is recorded',
    );
  });

  void test('links among twins, worklogs and comments travel; a rich-text round trip changes nothing', async () => {
    const first = await create('blue', { summary: 'Link A', issuetype: { name: 'Task' }, labels: ['tandem'] });
    const second = await create('blue', { summary: 'Link B', issuetype: { name: 'Task' }, labels: ['tandem'] });
    await h.engine.syncNow(first);
    await h.engine.syncNow(second);
    await h.settle();
    const link = await h.jira('blue', 'POST', '/rest/api/2/issueLink', {
      type: { name: 'Blocks' },
      outwardIssue: { key: first },
      inwardIssue: { key: second },
    });
    assert.equal(link.status, 201, JSON.stringify(link.body));
    const worklog = await h.jira('blue', 'POST', `/rest/api/2/issue/${first}/worklog`, {
      started: '2026-11-20T09:00:00.000+0000',
      timeSpentSeconds: 5400,
      comment: 'Pairing on *validation*',
    });
    assert.equal(worklog.status, 201, JSON.stringify(worklog.body));
    await h.engine.syncNow(first);
    await h.settle();
    const greenFirst = await twinKey(first);
    const greenSecond = await twinKey(second);
    const g = (await read('green', greenFirst)).fields;
    // Jira's request names the ends the other way round: `inwardIssue` is the one that blocks, so on the first
    // issue's own view the second one shows as `inwardIssue` ("is blocked by"), on both instances.
    const links = g.issuelinks.filter((entry: any) => entry.inwardIssue?.key === greenSecond);
    assert.equal(links.length, 1, `is blocked by ${greenSecond}: ${JSON.stringify(g.issuelinks)}`);
    assert.equal(links[0].type.name, 'Blocks');
    const worklogs = await h.jira('green', 'GET', `/rest/api/2/issue/${greenFirst}/worklog`, undefined, 'admin');
    assert.equal(worklogs.body.worklogs.length, 1);
    assert.equal(worklogs.body.worklogs[0].timeSpentSeconds, 5400);

    // The link removed on green goes away on blue too.
    const greenLinkId = links[0].id;
    assert.equal(
      (await h.jira('green', 'DELETE', `/rest/api/2/issueLink/${greenLinkId}`, undefined, 'admin')).status,
      204,
    );
    await h.engine.syncNow(greenFirst);
    await h.settle();
    const blueLinks = (await read('blue', first)).fields.issuelinks.filter(
      (entry: any) => (entry.inwardIssue ?? entry.outwardIssue)?.key === second,
    );
    assert.equal(blueLinks.length, 0);

    // Rich text: a formatted description written on green travels to blue and back without changing either.
    await edit('green', greenFirst, {
      description: 'h2. Steps\n\n# open *checkout*\n# pay with {{4111 1111}}\n\n||a||b||\n|1|2|',
    });
    await h.settle();
    const before = { blue: await h.writes('blue'), green: await h.writes('green') };
    const blueDescription = (await read('blue', first)).fields.description;
    const greenDescription = (await read('green', greenFirst)).fields.description;
    await h.engine.syncNow(first);
    await h.engine.syncNow(greenFirst);
    await h.settle();
    assert.equal((await read('blue', first)).fields.description, blueDescription);
    assert.equal((await read('green', greenFirst)).fields.description, greenDescription);
    assert.deepEqual({ blue: await h.writes('blue'), green: await h.writes('green') }, before, 'no write');
  });

  void test('mentions point at the same person on the other instance, or become their name', async () => {
    const users = (which: 'blue' | 'green') => (which === 'blue' ? h.blue : h.green).context.state.data.users;
    const alice = users('blue').find((user) => user.name === 'alice');
    assert.ok(alice);
    // Someone only blue knows: mentioned on blue, written as plain text on green.
    const only = await fetch(`${h.blue.url}/_emulator/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'dora', displayName: 'Dora Blue-only', email: 'dora@blue.example' }),
    });
    assert.ok(only.status < 300, await only.text());
    const dora = users('blue').find((user) => user.name === 'dora');
    const mention = (id: string, text: string) => ({ type: 'mention', attrs: { id, text } });
    const created = await h.jira('blue', 'POST', '/rest/api/3/issue', {
      fields: {
        project: { key: 'BLUE' },
        issuetype: { name: 'Task' },
        summary: 'Mentions',
        labels: ['tandem'],
        description: {
          type: 'doc',
          version: 1,
          content: [
            {
              type: 'paragraph',
              content: [
                { type: 'text', text: 'Ask ' },
                mention(alice.accountId, '@Alice Moreau'),
                { type: 'text', text: ' and ' },
                mention(dora?.accountId ?? '', '@Dora Blue-only'),
              ],
            },
          ],
        },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const key = created.body.key as string;
    await h.engine.syncNow(key);
    await h.settle();
    const green = await twinKey(key);
    const description = (await read('green', green)).fields.description as string;
    assert.match(description, /Ask \[~alice\] and @Dora Blue-only/, description);

    // A comment on green mentioning carol reaches blue as a mention of carol's Cloud account.
    const comment = await h.jira('green', 'POST', `/rest/api/2/issue/${green}/comment`, { body: 'Over to [~carol].' });
    assert.equal(comment.status, 201);
    await h.settle();
    const carol = users('blue').find((user) => user.name === 'carol');
    const blueComments = await h.jira('blue', 'GET', `/rest/api/3/issue/${key}/comment`, undefined, 'admin');
    const mentions = JSON.stringify(blueComments.body.comments.map((entry: any) => entry.body));
    assert.ok(mentions.includes(`"id":"${carol?.accountId}"`), mentions);

    // Quiet afterwards: the mapped mentions read back as written.
    const writes = { blue: await h.writes('blue'), green: await h.writes('green') };
    await h.engine.syncNow(key);
    await h.engine.syncNow(green);
    await h.settle();
    assert.deepEqual({ blue: await h.writes('blue'), green: await h.writes('green') }, writes);
  });

  void test('the dry run shows the replica and the planned changes and writes nothing', async () => {
    const key = await create('blue', {
      summary: 'Dry run me',
      issuetype: { name: 'Task' },
      // Outside the trigger: only the dry run looks at it.
      labels: ['dry-run-only'],
      [cf('blue', 'Story points')]: 5,
    });
    const before = { blue: await h.writes('blue'), green: await h.writes('green') };
    const report = await h.engine.dryRun('blue_green', key);
    assert.equal(report.replica?.fields['summary'], 'Dry run me');
    assert.ok(report.target?.served);
    if (!report.target?.served) return;
    assert.equal(report.target.create, true);
    const planned = Object.fromEntries(report.target.fields.map((change) => [change.name, change.after]));
    assert.equal(planned['Summary'], 'Dry run me');
    assert.equal(planned['Story points'], 5);
    assert.deepEqual({ blue: await h.writes('blue'), green: await h.writes('green') }, before, 'nothing written');
    assert.equal(await h.engine.status(key).then((twins) => twins.length), 0, 'no twin made');
  });
});
