import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { explorationStep, shortestTransitionPath, type KnownTransition } from '../src/index.ts';

const edge = (from: string, to: string, id = `${from}>${to}`): KnownTransition => ({ from, to, id, name: id });

void test('the shortest known path is found, case-insensitively', () => {
  const edges = [
    edge('To Do', 'In Progress'),
    edge('In Progress', 'Review'),
    edge('Review', 'Done'),
    edge('In Progress', 'Done'),
  ];
  assert.deepEqual(
    shortestTransitionPath(edges, 'to do', 'DONE')?.map((step) => step.id),
    ['To Do>In Progress', 'In Progress>Done'],
  );
  assert.deepEqual(shortestTransitionPath(edges, 'Done', 'done'), []);
  assert.equal(shortestTransitionPath(edges, 'Done', 'To Do'), null);
});

void test('exploration prefers an unvisited status in the target category', () => {
  const open = [
    { to: { name: 'To Do', category: 'new' } },
    { to: { name: 'Blocked', category: 'indeterminate' } },
    { to: { name: 'Closed', category: 'done' } },
  ];
  assert.equal(explorationStep(open, new Set(['to do']), 'done')?.to.name, 'Closed');
  assert.equal(explorationStep(open, new Set(['to do']), undefined)?.to.name, 'Blocked');
  assert.equal(explorationStep(open, new Set(['to do', 'blocked', 'closed']), 'done'), undefined);
});
