/**
 * Workflow transitions with a required screen field, and finding people by e-mail or display name, through the
 * tracker port against the emulator over HTTP, once per flavour. On Cloud, Bob hides his e-mail address (demo seed).
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TrackerError } from '@tandem/core';
import type { JiraEmulator } from '@tandem/jira-emulator';
import type { JiraTracker } from '../src/index.ts';
import { FLAVORS, fieldUser, raw, startEmulator, trackerFor } from './support/emulated-jira.ts';

/** A workflow whose "Resolve" screen requires a resolution and the story points (set up through the control API). */
const REVIEW_WORKFLOW = {
  name: 'Review workflow',
  statuses: ['To Do', { name: 'In Review', category: 'indeterminate' }, 'Done'],
  initialStatus: 'To Do',
  transitions: [
    { id: '11', name: 'Send to review', from: ['To Do'], to: 'In Review' },
    {
      id: '21',
      name: 'Resolve',
      from: ['In Review'],
      to: 'Done',
      screen: [
        { field: 'resolution', required: true },
        { field: 'Story points', required: true },
        { field: 'assignee', required: false },
      ],
      resolution: 'fromScreen',
    },
    { id: '31', name: 'Reopen', from: ['Done'], to: 'To Do', resolution: 'clear' },
  ],
};

for (const setup of FLAVORS) {
  void describe(`${setup.flavor}: transitions and people`, () => {
    let emulator: JiraEmulator;
    let tracker: JiraTracker;

    before(async () => {
      emulator = await startEmulator(setup);
      tracker = trackerFor(setup, emulator);
      const workflow = await raw(
        setup,
        emulator,
        'PUT',
        `/_emulator/projects/${setup.otherProject}/workflows`,
        REVIEW_WORKFLOW,
      );
      assert.equal(workflow.status, 200, JSON.stringify(workflow.json));
      const twin = await raw(setup, emulator, 'POST', '/_emulator/users', {
        name: 'alice2',
        displayName: 'Alice Moreau-Smith',
        email: 'alice.smith@example.com',
      });
      assert.equal(twin.status, 201, JSON.stringify(twin.json));
    });
    after(async () => emulator.close());

    void test('transitions lists screen fields with names and required flags; a required field must be given', async () => {
      const points = (await tracker.fieldCatalog()).find((field) => field.name === 'Story points')?.id ?? '';
      const created = await tracker.createIssue({
        projectKey: setup.otherProject,
        issueTypeName: 'Task',
        summary: 'Through review',
        description: null,
        properties: {},
      });
      assert.deepEqual(await tracker.transitions(created.id), [
        { id: '11', name: 'Send to review', to: { name: 'In Review', category: 'indeterminate' }, screenFields: [] },
      ]);
      await tracker.transition(created.id, '11', {});
      const resolve = (await tracker.transitions(created.id)).find((transition) => transition.name === 'Resolve');
      assert.deepEqual(resolve, {
        id: '21',
        name: 'Resolve',
        to: { name: 'Done', category: 'done' },
        screenFields: [
          { id: 'resolution', name: 'Resolution', required: true },
          { id: points, name: 'Story points', required: true },
          { id: 'assignee', name: 'Assignee', required: false },
        ],
      });

      await assert.rejects(tracker.transition(created.id, '21', { resolution: "Won't Do" }), (error: unknown) => {
        assert.ok(error instanceof TrackerError);
        assert.equal(error.kind, 'bad-request');
        assert.equal(error.message, `${created.id}: field '${points}' (Story points): Story points is required.`);
        return true;
      });
      assert.equal((await tracker.getIssue(created.id))?.status.name, 'In Review', 'nothing moved');

      await tracker.transition(created.id, '21', {
        resolution: "Won't Do",
        [points]: 5,
        assignee: fieldUser(setup, emulator, 'carol'),
      });
      const done = await tracker.getIssue(created.id);
      assert.deepEqual(done?.status, { name: 'Done', category: 'done' });
      assert.equal(done?.fields['status'], 'Done');
      assert.equal(done?.fields['resolution'], "Won't Do");
      assert.equal(done?.fields[points], 5);
      assert.deepEqual(done?.fields['assignee'], fieldUser(setup, emulator, 'carol'));

      await tracker.transition(created.id, '31', {});
      const reopened = await tracker.getIssue(created.id);
      assert.deepEqual(reopened?.status, { name: 'To Do', category: 'new' });
      assert.equal(reopened?.fields['resolution'], null);
      await assert.rejects(tracker.transition(created.id, '21', {}), (error: unknown) => {
        assert.ok(error instanceof TrackerError && error.kind === 'bad-request');
        assert.match(error.message, /Transition id '21' is not valid for this issue/);
        return true;
      });
    });

    void test('findUsers by e-mail: exact, case-insensitive, never by prefix', async () => {
      assert.deepEqual(await tracker.findUsers({ email: 'Alice@Example.com' }), [fieldUser(setup, emulator, 'alice')]);
      assert.deepEqual(await tracker.findUsers({ email: 'alice.smith@example.com' }), [
        fieldUser(setup, emulator, 'alice2'),
      ]);
      assert.deepEqual(await tracker.findUsers({ email: 'alice@example.co' }), []);
      assert.deepEqual(await tracker.findUsers({ email: 'nobody@example.com' }), []);
    });

    void test('findUsers by a hidden e-mail: Cloud finds the person by the whole address and shows no address', async () => {
      // fieldUser gives Bob's e-mail as null on Cloud (his profile hides it) and as his address on Data Center.
      assert.deepEqual(await tracker.findUsers({ email: 'bob@example.com' }), [fieldUser(setup, emulator, 'bob')]);
      assert.deepEqual(await tracker.findUsers({ email: 'bob@example.co' }), [], 'a hidden address is not a prefix');
    });

    void test('findUsers by display name: exact, case-insensitive; both given must both match', async () => {
      assert.deepEqual(await tracker.findUsers({ displayName: 'alice moreau' }), [fieldUser(setup, emulator, 'alice')]);
      assert.deepEqual(await tracker.findUsers({ displayName: 'Alice Moreau-Smith' }), [
        fieldUser(setup, emulator, 'alice2'),
      ]);
      assert.deepEqual(await tracker.findUsers({ displayName: 'Alice' }), []);
      assert.deepEqual(await tracker.findUsers({ email: 'alice@example.com', displayName: 'Alice Moreau' }), [
        fieldUser(setup, emulator, 'alice'),
      ]);
      assert.deepEqual(await tracker.findUsers({ email: 'alice@example.com', displayName: 'Bob Okafor' }), []);
      await assert.rejects(tracker.findUsers({}), (error: unknown) => error instanceof TrackerError);
    });
  });
}
