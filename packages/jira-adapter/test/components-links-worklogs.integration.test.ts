/**
 * A project's components and versions (listed, created when missing), issue links seen from both ends, and worklogs
 * (add, edit, delete, and more than the twenty Jira embeds in an issue), through the tracker port against the emulator
 * over HTTP, once per flavour.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TrackerError } from '@tandem/core';
import type { JiraEmulator } from '@tandem/jira-emulator';
import type { AdfDoc } from '@tandem/rich-text';
import type { JiraTracker } from '../src/index.ts';
import { FLAVORS, START, emulatorCount, fieldUser, raw, startEmulator, trackerFor } from './support/emulated-jira.ts';

const doc = (...content: AdfDoc['content']): AdfDoc => ({ type: 'doc', version: 1, content });
const paragraph = (...content: AdfDoc['content']) => ({ type: 'paragraph', content });
const text = (value: string, marks?: { type: string }[]) => ({
  type: 'text',
  text: value,
  ...(marks ? { marks } : {}),
});
const HOUR = 3_600_000;

for (const setup of FLAVORS) {
  void describe(`${setup.flavor}: components, versions, links, worklogs`, () => {
    let emulator: JiraEmulator;
    let tracker: JiraTracker;
    const newTask = (summary: string) =>
      tracker.createIssue({
        projectKey: setup.project,
        issueTypeName: 'Task',
        summary,
        description: null,
        properties: {},
      });

    before(async () => {
      emulator = await startEmulator(setup);
      tracker = trackerFor(setup, emulator);
    });
    after(async () => emulator.close());

    void test('components and versions: listed, created when missing, then usable in fields', async () => {
      assert.deepEqual(await tracker.projectComponents(setup.project), ['Backend', 'Frontend']);
      assert.deepEqual(await tracker.projectVersions(setup.project), ['1.0', '2.0']);
      await tracker.createComponent(setup.project, 'Mobile');
      await tracker.createVersion(setup.project, '3.0');
      assert.deepEqual(await tracker.projectComponents(setup.project), ['Backend', 'Frontend', 'Mobile']);
      assert.deepEqual(await tracker.projectVersions(setup.project), ['1.0', '2.0', '3.0']);
      // Asking again (a retry, or a race with someone else) is no error: the component or version is there.
      await tracker.createComponent(setup.project, 'mobile');
      await tracker.createVersion(setup.project, '3.0');
      assert.deepEqual(await tracker.projectVersions(setup.project), ['1.0', '2.0', '3.0']);
      assert.equal(emulatorCount(emulator, 'GET', '/project/:projectIdOrKey'), 1, 'the project id is read once');

      const created = await newTask('Uses new ones');
      await tracker.updateFields(created.id, { fields: { components: ['Mobile'], fixVersions: ['3.0'] } });
      const fields = (await tracker.getIssue(created.key))?.fields;
      assert.deepEqual([fields?.['components'], fields?.['fixVersions']], [['Mobile'], ['3.0']]);
      await assert.rejects(tracker.createComponent('NOPE', 'X'), (error: unknown) => error instanceof TrackerError);
    });

    void test('issue links: types, add with direction seen from each end, delete', async () => {
      const types = await tracker.issueLinkTypes();
      assert.deepEqual(
        types.find((type) => type.name === 'Blocks'),
        { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
      );
      const blocker = await newTask('Blocker');
      const blocked = await newTask('Blocked');
      await tracker.addIssueLink({ type: 'Blocks', outwardIssueId: blocker.id, inwardIssueId: blocked.id });
      await tracker.addIssueLink({ type: 'Blocks', outwardIssueId: blocker.id, inwardIssueId: blocked.id });

      const fromBlocker = await tracker.getIssue(blocker.key);
      const fromBlocked = await tracker.getIssue(blocked.key);
      assert.equal(fromBlocker?.links.length, 1, 'a repeated add makes no second link');
      const linkId = fromBlocker?.links[0]?.id ?? '';
      assert.deepEqual(fromBlocker?.links, [
        { id: linkId, type: 'Blocks', direction: 'outward', issue: { id: blocked.id, key: blocked.key } },
      ]);
      assert.deepEqual(fromBlocked?.links, [
        { id: linkId, type: 'Blocks', direction: 'inward', issue: { id: blocker.id, key: blocker.key } },
      ]);
      // Jira's own wording on the blocker's history: it is the one that blocks.
      const history = (await raw(setup, emulator, 'GET', `${setup.apiPath}/issue/${blocker.key}?expand=changelog`))
        .json as { changelog: { histories: { items: { field: string; toString: string | null }[] }[] } };
      const linkItems = history.changelog.histories
        .flatMap((entry) => entry.items)
        .filter((item) => item.field === 'Link');
      assert.deepEqual(
        linkItems.map((item) => item.toString),
        [`This issue blocks ${blocked.key}`],
      );

      await tracker.deleteIssueLink(linkId);
      assert.deepEqual((await tracker.getIssue(blocker.key))?.links, []);
      assert.deepEqual((await tracker.getIssue(blocked.key))?.links, []);
      await assert.rejects(tracker.deleteIssueLink(linkId), (error: unknown) => {
        assert.ok(error instanceof TrackerError);
        assert.equal(error.kind, 'not-found');
        return true;
      });
    });

    void test('worklogs: add with a rich comment, edit, delete', async () => {
      const created = await newTask('Work');
      const comment = doc(paragraph(text('Paired on the '), text('fix', [{ type: 'strong' }])));
      const { id } = await tracker.addWorklog(created.id, {
        started: START - 2 * HOUR,
        timeSpentSeconds: 5400,
        comment,
      });
      const plain = await tracker.addWorklog(created.id, {
        started: START - HOUR,
        timeSpentSeconds: 600,
        comment: null,
      });
      const admin = fieldUser(setup, emulator, 'admin');
      let issue = await tracker.getIssue(created.key);
      assert.deepEqual(issue?.worklogs, [
        { id, author: admin, started: START - 2 * HOUR, timeSpentSeconds: 5400, comment, updated: START },
        { id: plain.id, author: admin, started: START - HOUR, timeSpentSeconds: 600, comment: null, updated: START },
      ]);

      emulator.context.clock.advance(60_000);
      await tracker.updateWorklog(created.id, id, {
        started: START - 3 * HOUR,
        timeSpentSeconds: 7200,
        comment: doc(paragraph(text('Edited'))),
      });
      await tracker.updateWorklog(created.id, plain.id, {
        started: START - HOUR,
        timeSpentSeconds: 900,
        comment: null,
      });
      issue = await tracker.getIssue(created.key);
      assert.deepEqual(issue?.worklogs[0], {
        id,
        author: admin,
        started: START - 3 * HOUR,
        timeSpentSeconds: 7200,
        comment: doc(paragraph(text('Edited'))),
        updated: START + 60_000,
      });
      assert.equal(issue?.worklogs[1]?.timeSpentSeconds, 900);

      await tracker.updateWorklog(created.id, id, { started: START - 3 * HOUR, timeSpentSeconds: 7200, comment: null });
      assert.equal((await tracker.getIssue(created.key))?.worklogs[0]?.comment, null, 'a null comment clears it');

      await tracker.deleteWorklog(created.id, plain.id);
      assert.deepEqual(
        (await tracker.getIssue(created.key))?.worklogs.map((worklog) => worklog.id),
        [id],
      );
      await assert.rejects(tracker.deleteWorklog(created.id, plain.id), (error: unknown) => {
        assert.ok(error instanceof TrackerError);
        assert.equal(error.kind, 'not-found');
        return true;
      });
      await assert.rejects(
        tracker.addWorklog(created.id, { started: START, timeSpentSeconds: 0, comment: null }),
        (error: unknown) => {
          assert.ok(error instanceof TrackerError);
          assert.equal(error.message, `${created.id}: field 'timeLogged': Time Spent must be greater than zero.`);
          return true;
        },
      );
    });

    void test('more worklogs than the issue embeds: the rest are read from the worklog list', async () => {
      const created = await newTask('Long effort');
      const ids: string[] = [];
      for (let day = 0; day < 23; day++) {
        const { id } = await tracker.addWorklog(created.id, {
          started: START - (23 - day) * 24 * HOUR,
          timeSpentSeconds: 3600 + day,
          comment: null,
        });
        ids.push(id);
      }
      const requests = tracker.stats().requests;
      const issue = await tracker.getIssue(created.key);
      assert.deepEqual(
        issue?.worklogs.map((worklog) => worklog.id),
        ids,
      );
      assert.deepEqual(
        issue?.worklogs.map((worklog) => worklog.timeSpentSeconds),
        ids.map((_, day) => 3600 + day),
      );
      assert.equal(tracker.stats().requests - requests, 2, 'the issue, then the worklog list');
      // Pages of ten: Cloud's worklog list takes three requests, Data Center answers every worklog at once.
      const paged = await trackerFor(setup, emulator, { pageSize: 10 }).getIssue(created.key);
      assert.deepEqual(
        paged?.worklogs.map((worklog) => worklog.id),
        ids,
      );
    });
  });
}
