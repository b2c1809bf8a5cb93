/**
 * Tandem's writes racing people's and lost answers: a comment copy whose add lost its answer is adopted on the next
 * attempt, not written twice, also when its id on this side equals the id of a mapped item on the other side (each
 * Jira numbers its comments on its own; chaos seed 146); a person's edit of a new copy made right after its create is
 * kept, not overwritten with the create's own values (chaos seed 378).
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { startHarness, type Harness } from './support/sync-harness.ts';

const harnesses: Harness[] = [];
after(async () => {
  for (const harness of harnesses) await harness.close();
});

void test('a lost comment add is adopted even when its id is also the id of a copy on the other side', async () => {
  const h = await startHarness();
  harnesses.push(h);
  const created = await h.jira('blue', 'POST', '/rest/api/2/issue', {
    fields: { project: { key: 'BLUE' }, issuetype: { name: 'Task' }, summary: 'Lost comment add' },
  });
  const blueKey = created.body.key as string;
  await h.settle();
  const greenKey = (await h.engine.status(blueKey))[0]?.twin.b.issueKey;
  assert.ok(greenKey, 'the issue has its twin');
  await h.engine.stop();

  // Both people comment while no engine runs: each Jira gives its first comment the same id. The blue comment's copy
  // on green then gets green's next id, which is also the id blue gives the copy of the green comment.
  await h.jira('blue', 'POST', `/rest/api/2/issue/${blueKey}/comment`, { body: 'Said on blue' });
  await h.jira('green', 'POST', `/rest/api/2/issue/${greenKey}/comment`, { body: 'Said on green' });
  await fetch(`${h.blue.url}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'lostResponse',
      count: 1,
      scope: { user: 'admin', method: 'POST', path: 'issue/{issueIdOrKey}/comment' },
    }),
  });
  await h.engine.start();
  await h.settle();
  await h.settle();

  const faults = (await (await fetch(`${h.blue.url}/_emulator/faults`)).json()) as { faults: { fired: number }[] };
  assert.equal(faults.faults[0]?.fired, 1, 'the lost response really happened');
  const blueComments = (await h.jira('blue', 'GET', `/rest/api/2/issue/${blueKey}/comment`)).body.comments as {
    id: string;
    body: string;
  }[];
  const greenComments = (await h.jira('green', 'GET', `/rest/api/2/issue/${greenKey}/comment`)).body.comments as {
    id: string;
    body: string;
  }[];
  const copiesOfGreen = blueComments.filter((comment) => comment.body.includes('Said on green'));
  assert.equal(copiesOfGreen.length, 1, JSON.stringify(blueComments));
  const copyOfBlue = greenComments.find((comment) => comment.body.includes('Said on blue'));
  assert.ok(copyOfBlue, JSON.stringify(greenComments));
  assert.equal(copyOfBlue.id, copiesOfGreen[0]?.id, 'the case this test is about: the two copies share their id');
});

void test('a person edits a new copy right after its create: the edit stands and travels back', async () => {
  const h = await startHarness();
  harnesses.push(h);
  const blue = h.trackers.get('blue');
  assert.ok(blue);
  // The person's edit lands between Tandem's create and its read of the new issue, as it can on a busy Jira.
  const create = blue.createIssue.bind(blue);
  let edited = false;
  blue.createIssue = async (issue) => {
    const ref = await create(issue);
    const put = await h.jira('blue', 'PUT', `/rest/api/2/issue/${ref.key}`, { fields: { summary: 'Renamed at once' } });
    assert.equal(put.status, 204);
    edited = true;
    return ref;
  };
  const created = await h.jira('green', 'POST', '/rest/api/2/issue', {
    fields: { project: { key: 'GREEN' }, issuetype: { name: 'Task' }, summary: 'Made on green' },
  });
  const greenKey = created.body.key as string;
  await h.settle();
  await h.settle();
  assert.ok(edited, 'the edit really came between the create and the read');
  const blueKey = (await h.engine.status(greenKey))[0]?.twin.a.issueKey;
  assert.ok(blueKey, 'the issue has its twin');
  assert.equal((await h.jira('blue', 'GET', `/rest/api/2/issue/${blueKey}`)).body.fields.summary, 'Renamed at once');
  assert.equal((await h.jira('green', 'GET', `/rest/api/2/issue/${greenKey}`)).body.fields.summary, 'Renamed at once');
});
