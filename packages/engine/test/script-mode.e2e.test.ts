/* Tests read Jira's JSON answers deep and loosely; typing every answer would hide what they check. */
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Script mode end to end, Jira Cloud ("blue") ↔ Jira Data Center ("green"), both seeded with the emulator's demo data:
 * each side runs its own outgoing and incoming rule in the QuickJS sandbox. Fields both ways (summary, description,
 * priority through a value map, a custom field by name, status by mapped name, people by e-mail, parent), comments
 * with a custom format, worklogs; a rule that spins forever parks only its twin, with the rule's file and line, while
 * other twins keep syncing; the dry run writes nothing.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createScriptRules, type ScriptRules } from '@tandem/rules';
import { startHarness, type Harness } from './support/sync-harness.ts';

/** Fields copied as they are, and fields holding people (matched by e-mail on the other side). */
const LISTS = `
const PLAIN = ['environment', 'components', 'fixVersions', 'versions', 'duedate', 'Team', 'Customer', 'Root cause',
  'Start date', 'Deployed at', 'Platforms', 'Region', 'Runbook', 'Tags'];
const PEOPLE = ['reporter', 'Approver', 'Reviewers'];
`;

const OUTGOING = `${LISTS}
export default function outgoing({ issue, replica, tandem }) {
  replica.fields.summary = tandem.get(issue, 'summary');
  replica.fields.description = tandem.get(issue, 'description');
  replica.fields.type = issue.issueType;
  replica.fields.status = issue.status;
  replica.fields.priority = tandem.get(issue, 'priority');
  replica.fields.points = tandem.get(issue, 'Story points');
  replica.fields.assignee = tandem.get(issue, 'assignee');
  replica.fields.parent = tandem.get(issue, 'parent');
  replica.fields.labels = tandem.get(issue, 'labels');
  for (const name of PLAIN) replica.fields[name] = tandem.get(issue, name);
  for (const name of PEOPLE) replica.fields[name] = tandem.get(issue, name);
  tandem.mergeComments();
  tandem.mergeWorklogs();
  tandem.mergeAttachments();
  tandem.mergeLinks();
}
`;

/** The incoming rule of one side; `statuses` maps the other side's status names to this side's. */
function incoming(statuses: Record<string, string>, priorities: Record<string, string>): string {
  return `${LISTS}
const STATUS = ${JSON.stringify(statuses)};
const PRIORITY = ${JSON.stringify(priorities)};

export default function incoming({ replica, firstSync, tandem }) {
  if ((replica.fields.labels ?? []).includes('spin')) {
    while (true) {} // a rule that never ends: the sandbox's CPU limit stops it
  }
  tandem.set('summary', replica.fields.summary);
  tandem.set('description', replica.fields.description);
  if (firstSync) tandem.setIssueType(replica.fields.type);
  tandem.setStatus(tandem.mapValue(replica.fields.status, STATUS, { field: 'status' }));
  tandem.set('priority', tandem.mapValue(replica.fields.priority, PRIORITY, { default: 'Medium' }));
  tandem.set('Story points', replica.fields.points);
  tandem.set('assignee', tandem.byEmail(replica.fields.assignee, { fallback: null }));
  if (replica.fields.parent) tandem.set('parent', tandem.twinOf(replica.fields.parent));
  tandem.set('labels', replica.fields.labels);
  for (const name of PLAIN) tandem.set(name, replica.fields[name]);
  for (const name of PEOPLE) tandem.set(name, tandem.byEmail(replica.fields[name], { fallback: null }));
  tandem.mergeAttachments();
  tandem.mergeLinks();
  tandem.mergeComments({
    format: (comment) => (comment.author?.displayName ?? 'Someone') + ' (other side): ' + tandem.adfToText(comment.body),
  });
  tandem.mergeWorklogs();
  tandem.log('applied ' + replica.issueKey);
}
`;
}

void describe('Script mode: rules as code in the sandbox, Cloud ↔ Data Center', () => {
  let h: Harness;
  const scripts: ScriptRules[] = [];
  const read = async (which: 'blue' | 'green', key: string) => {
    const answer = await h.jira(which, 'GET', `/rest/api/2/issue/${key}`, undefined, 'admin');
    assert.equal(answer.status, 200, `${which} ${key}: ${JSON.stringify(answer.body)}`);
    return answer.body.fields;
  };
  const twinKey = async (key: string): Promise<string> => {
    const [status] = await h.engine.status(key);
    const other = status && (status.twin.a.issueKey === key ? status.twin.b.issueKey : status.twin.a.issueKey);
    if (!other) assert.fail(`${key} has no twin issue; errors: ${JSON.stringify(await h.engine.errors())}`);
    return other;
  };
  const create = async (which: 'blue' | 'green', fields: Record<string, unknown>) => {
    const answer = await h.jira(which, 'POST', '/rest/api/2/issue', {
      fields: { project: { key: which === 'blue' ? 'BLUE' : 'GREEN' }, ...fields },
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return answer.body.key as string;
  };
  const points = async (which: 'blue' | 'green') => {
    const fields = await h.jira(which, 'GET', '/rest/api/2/field', undefined, 'admin');
    return fields.body.find((field: any) => field.name === 'Story points').id as string;
  };
  const userId = (which: 'blue' | 'green', name: string) => {
    const user = (which === 'blue' ? h.blue : h.green).context.state.data.users.find((u) => u.name === name);
    return which === 'blue' ? { accountId: user?.accountId } : { name: user?.name };
  };

  before(async () => {
    const rules = (
      instance: 'blue' | 'green',
      statuses: Record<string, string>,
      priorities: Record<string, string>,
    ) => {
      const made = createScriptRules({
        connection: 'blue_green',
        instance,
        outgoing: { source: OUTGOING, name: `${instance}-outgoing.js` },
        incoming: { source: incoming(statuses, priorities), name: `${instance}-incoming.js` },
      });
      scripts.push(made);
      return made;
    };
    h = await startHarness({
      seed: 'demo',
      mode: 'script',
      triggers: { blue: 'project = BLUE AND labels = tandem', green: 'project = GREEN AND labels = tandem' },
      rules: () => ({
        a: rules(
          'blue',
          { 'To Do': 'To Do', Started: 'In Progress', Finished: 'Done' },
          { Low: 'Highest', High: 'High' },
        ),
        b: rules(
          'green',
          { 'To Do': 'To Do', 'In Progress': 'Started', Done: 'Finished' },
          { Highest: 'Low', High: 'High', Medium: 'Medium' },
        ),
      }),
    });
    // Green names its statuses differently: the scripts map them.
    const workflow = await fetch(`${h.green.url}/_emulator/projects/GREEN/workflows`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Green flow',
        statuses: ['To Do', { name: 'Started', category: 'indeterminate' }, { name: 'Finished', category: 'done' }],
        initialStatus: 'To Do',
        transitions: [
          { name: 'Start', from: ['To Do'], to: 'Started' },
          { name: 'Finish', from: ['Started'], to: 'Finished', resolution: { set: 'Done' } },
          { name: 'Restart', from: [], to: 'To Do', resolution: 'clear' },
        ],
      }),
    });
    assert.ok(workflow.status < 300, await workflow.text());
  });
  after(async () => {
    await h.close();
    await Promise.all(scripts.map((rules) => rules.close()));
  });

  void test('fields, status, people, parent, comments and worklogs travel both ways through the scripts', async () => {
    const [bluePoints, greenPoints] = [await points('blue'), await points('green')];
    const parent = await create('blue', { summary: 'Script parent', issuetype: { name: 'Story' } });
    const key = await create('blue', {
      summary: 'Scripted child',
      issuetype: { name: 'Sub-task' },
      parent: { key: parent },
      labels: ['tandem'],
      description: 'Some *bold* words',
      priority: { name: 'Highest' },
      assignee: userId('blue', 'alice'),
      [bluePoints]: 5,
    });
    const comment = await h.jira('blue', 'POST', `/rest/api/2/issue/${key}/comment`, { body: 'First look done.' });
    assert.equal(comment.status, 201);
    const worklog = await h.jira('blue', 'POST', `/rest/api/2/issue/${key}/worklog`, {
      started: '2026-11-20T09:00:00.000+0000',
      timeSpentSeconds: 1800,
    });
    assert.equal(worklog.status, 201);
    await h.engine.syncNow(key);
    await h.settle();
    const greenKey = await twinKey(key);
    const green = await read('green', greenKey);
    assert.equal(green.summary, 'Scripted child');
    assert.equal(green.issuetype.name, 'Sub-task');
    assert.equal(green.parent?.key, await twinKey(parent));
    assert.equal(green.priority.name, 'Low', 'Highest → Low, by green’s map');
    assert.equal(green[greenPoints], 5, 'a custom field by name');
    assert.equal(green.assignee?.name, 'alice', 'by e-mail');
    assert.match(green.description, /\*bold\*/);
    const comments = await h.jira('green', 'GET', `/rest/api/2/issue/${greenKey}/comment`, undefined, 'admin');
    assert.deepEqual(
      comments.body.comments.map((entry: any) => entry.body),
      ['Alice Moreau (other side): First look done.'],
    );
    const worklogs = await h.jira('green', 'GET', `/rest/api/2/issue/${greenKey}/worklog`, undefined, 'admin');
    assert.equal(worklogs.body.worklogs[0]?.timeSpentSeconds, 1800);

    // Back from green: a status through green's own names, priority through green's map.
    const open = await h.jira('green', 'GET', `/rest/api/2/issue/${greenKey}/transitions`);
    const start = open.body.transitions.find((transition: any) => transition.name === 'Start');
    await h.jira('green', 'POST', `/rest/api/2/issue/${greenKey}/transitions`, { transition: { id: start.id } });
    await h.jira('green', 'PUT', `/rest/api/2/issue/${greenKey}`, {
      fields: { priority: { name: 'High' }, summary: 'Scripted child (edited on green)' },
    });
    await h.settle();
    const blue = await read('blue', key);
    assert.equal(blue.status.name, 'In Progress', 'Started → In Progress');
    assert.equal(blue.summary, 'Scripted child (edited on green)');
    assert.equal(blue.priority.name, 'High', 'through blue’s map');

    // Quiet afterwards: no write on either side.
    const writes = { blue: await h.writes('blue'), green: await h.writes('green') };
    await h.settle();
    assert.deepEqual({ blue: await h.writes('blue'), green: await h.writes('green') }, writes);
  });

  void test('every other field kind, attachments and links travel from Data Center to Cloud through the scripts', async () => {
    const ids: Record<string, string> = {};
    for (const field of (await h.jira('green', 'GET', '/rest/api/2/field', undefined, 'admin')).body)
      if (field.custom) ids[field.name] = field.id;
    const blueIds: Record<string, string> = {};
    for (const field of (await h.jira('blue', 'GET', '/rest/api/2/field', undefined, 'admin')).body)
      if (field.custom) blueIds[field.name] = field.id;
    for (const [path, body] of [
      ['/rest/api/2/component', { name: 'Scripting', project: 'GREEN' }],
      ['/rest/api/2/version', { name: '4.0', project: 'GREEN' }],
    ] as const)
      assert.equal((await h.jira('green', 'POST', path, body, 'admin')).status, 201);
    const other = await create('green', { summary: 'Linked target', issuetype: { name: 'Task' }, labels: ['tandem'] });
    const key = await create('green', {
      summary: 'Everything by script',
      issuetype: { name: 'Task' },
      labels: ['tandem'],
      environment: 'Safari *18*',
      components: [{ name: 'Scripting' }],
      fixVersions: [{ name: '4.0' }],
      versions: [{ name: '1.0' }],
      duedate: '2027-03-03',
      reporter: userId('green', 'carol'),
      [ids['Team'] ?? '']: { value: 'Web' },
      [ids['Customer'] ?? '']: 'Initech',
      [ids['Root cause'] ?? '']: 'A *stale* token.',
      [ids['Start date'] ?? '']: '2027-02-20',
      [ids['Deployed at'] ?? '']: '2027-02-21T10:00:00.000+0000',
      [ids['Platforms'] ?? '']: [{ value: 'iOS' }],
      [ids['Region'] ?? '']: { value: 'Europe', child: { value: 'France' } },
      [ids['Runbook'] ?? '']: 'https://runbooks.example.com/token',
      [ids['Tags'] ?? '']: ['script', 'b2b'],
      [ids['Approver'] ?? '']: userId('green', 'alice'),
      [ids['Reviewers'] ?? '']: [userId('green', 'carol')],
    });
    const upload = await fetch(`${h.green.url}/rest/api/2/issue/${key}/attachments`, {
      method: 'POST',
      headers: { authorization: 'Bearer emulator-token', 'x-atlassian-token': 'no-check' },
      body: (() => {
        const form = new FormData();
        form.append('file', new Blob([Buffer.from('log line 1\n')]), 'trace.log');
        return form;
      })(),
    });
    assert.equal(upload.status, 200, await upload.text());
    await h.engine.syncNow(other);
    await h.engine.syncNow(key);
    await h.settle();
    const link = await h.jira('green', 'POST', '/rest/api/2/issueLink', {
      type: { name: 'Relates' },
      inwardIssue: { key },
      outwardIssue: { key: other },
    });
    assert.equal(link.status, 201, JSON.stringify(link.body));
    await h.settle();
    const blueKey = await twinKey(key);
    const f = await read('blue', blueKey);
    assert.match(f.environment, /Safari \*18\*/);
    assert.deepEqual(
      f.components.map((c: any) => c.name),
      ['Scripting'],
      'created on blue',
    );
    assert.deepEqual(
      f.fixVersions.map((v: any) => v.name),
      ['4.0'],
      'created on blue',
    );
    assert.deepEqual(
      f.versions.map((v: any) => v.name),
      ['1.0'],
    );
    assert.equal(f.duedate, '2027-03-03');
    assert.equal(f.reporter?.displayName, 'Carol Nguyen');
    assert.equal(f[blueIds['Team'] ?? '']?.value, 'Web');
    assert.equal(f[blueIds['Customer'] ?? ''], 'Initech');
    assert.match(f[blueIds['Root cause'] ?? ''], /A \*stale\* token\./);
    assert.equal(f[blueIds['Start date'] ?? ''], '2027-02-20');
    assert.equal(Date.parse(f[blueIds['Deployed at'] ?? '']), Date.parse('2027-02-21T10:00:00.000Z'));
    assert.deepEqual(
      f[blueIds['Platforms'] ?? ''].map((o: any) => o.value),
      ['iOS'],
    );
    assert.equal(f[blueIds['Region'] ?? '']?.child?.value, 'France');
    assert.equal(f[blueIds['Runbook'] ?? ''], 'https://runbooks.example.com/token');
    assert.deepEqual([...f[blueIds['Tags'] ?? '']].sort(), ['b2b', 'script']);
    assert.equal(f[blueIds['Approver'] ?? '']?.displayName, 'Alice Moreau');
    assert.deepEqual(
      f[blueIds['Reviewers'] ?? ''].map((u: any) => u.displayName),
      ['Carol Nguyen'],
    );
    assert.deepEqual(
      f.attachment.map((a: any) => a.filename),
      ['trace.log'],
    );
    const otherBlue = await twinKey(other);
    assert.ok(
      f.issuelinks.some((entry: any) => (entry.inwardIssue ?? entry.outwardIssue)?.key === otherBlue),
      JSON.stringify(f.issuelinks),
    );
  });

  void test('a rule that never ends parks only its twin, naming the file and line; other twins keep syncing', async () => {
    const spinning = await create('blue', { summary: 'Spin', issuetype: { name: 'Task' }, labels: ['tandem', 'spin'] });
    const fine = await create('blue', { summary: 'Fine', issuetype: { name: 'Task' }, labels: ['tandem'] });
    await h.engine.syncNow(spinning);
    await h.engine.syncNow(fine);
    await h.settle();
    assert.equal((await read('green', await twinKey(fine))).summary, 'Fine', 'the other twin synced');
    const error = (await h.engine.errors()).find((candidate) => candidate.details['issue'] === spinning);
    assert.ok(error, 'the spinning twin is parked');
    assert.match(error.message, /^green-incoming\.js:\d+/, `file and line: ${error.message}`);
    assert.equal(error.details['file'], 'green-incoming.js');
    // QuickJS places a loop without calls only roughly: between the function's first line and the loop's.
    const lines = incoming({}, {}).split('\n');
    const first = lines.findIndex((line) => line.includes('export default function incoming')) + 1;
    const loop = lines.findIndex((line) => line.includes('while (true)')) + 1;
    const line = Number(error.details['line']);
    assert.ok(line >= first && line <= loop, `line ${line}, expected ${first} to ${loop}`);
    assert.equal(error.details['rule'], 'cpu-limit');
    assert.equal(error.details['retrying'], false);
  });

  void test('the dry run shows what the scripts would do and writes nothing', async () => {
    const key = await create('blue', { summary: 'Dry', issuetype: { name: 'Task' }, labels: ['dry-only'] });
    const before = { blue: await h.writes('blue'), green: await h.writes('green') };
    const report = await h.engine.dryRun('blue_green', key);
    assert.ok(report.target?.served);
    if (!report.target?.served) return;
    assert.equal(report.target.create, true);
    assert.ok(report.target.fields.some((change) => change.field === 'summary' && change.after === 'Dry'));
    assert.deepEqual(report.target.log, [`applied ${key}`]);
    assert.deepEqual({ blue: await h.writes('blue'), green: await h.writes('green') }, before, 'nothing written');
  });
});
