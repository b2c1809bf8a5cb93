/**
 * Shared data for the Script mode tests: one Cloud-side issue, the replica a Data Center side sent, the catalog and
 * the project, as the engine would pass them.
 */
import type { AdfDoc } from '@tandem/rich-text';
import type { IncomingRuleInput, OutgoingRuleInput, Replica, RuleIssue, RuleProject, TrackerField } from '@tandem/core';

/** A one-paragraph ADF document. */
export function doc(text: string): AdfDoc {
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}

export const catalog: TrackerField[] = [
  { id: 'summary', name: 'Summary', kind: 'string', custom: false, editable: true },
  { id: 'description', name: 'Description', kind: 'richtext', custom: false, editable: true },
  { id: 'issuetype', name: 'Issue Type', kind: 'issuetype', custom: false, editable: true },
  { id: 'status', name: 'Status', kind: 'status', custom: false, editable: false },
  { id: 'priority', name: 'Priority', kind: 'priority', custom: false, editable: true },
  { id: 'assignee', name: 'Assignee', kind: 'user', custom: false, editable: true },
  { id: 'reporter', name: 'Reporter', kind: 'user', custom: false, editable: true },
  { id: 'labels', name: 'Labels', kind: 'labels', custom: false, editable: true },
  { id: 'duedate', name: 'Due date', kind: 'date', custom: false, editable: true },
  { id: 'parent', name: 'Parent', kind: 'issue', custom: false, editable: true },
  { id: 'customfield_10016', name: 'Story Points', kind: 'number', custom: true, editable: true },
  { id: 'customfield_10020', name: 'Team', kind: 'option', custom: true, editable: true },
  { id: 'customfield_10021', name: 'Team', kind: 'string', custom: true, editable: true },
];

export const cloudIssue: RuleIssue = {
  id: '10001',
  key: 'SUP-7',
  projectKey: 'SUP',
  issueType: 'Bug',
  status: 'In Progress',
  statusCategory: 'indeterminate',
  fields: {
    summary: 'Checkout fails on Safari',
    description: doc('Steps: open the cart, press Pay.'),
    issuetype: 'Bug',
    status: 'In Progress',
    priority: 'High',
    assignee: { id: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Ada Lovelace', email: 'ada@support.example' },
    reporter: { id: '5b10ac8d82e05b22cc7d4ef6', displayName: 'Grace Hopper', email: null },
    labels: ['checkout', 'safari'],
    duedate: '2026-12-01',
    parent: { id: '10000', key: 'SUP-1' },
    customfield_10016: 5,
    customfield_10020: 'Payments',
    customfield_10021: null,
  },
  comments: [
    {
      id: '501',
      author: { displayName: 'Ada Lovelace', email: 'ada@support.example' },
      body: doc('Reproduced on Safari 17.'),
      created: 1_780_000_000_000,
      updated: 1_780_000_000_000,
    },
    {
      id: '502',
      author: { displayName: 'Grace Hopper', email: null },
      body: doc('[private] the customer is upset'),
      created: 1_780_000_100_000,
      updated: 1_780_000_100_000,
    },
  ],
  attachments: [
    { id: '701', filename: 'screenshot.png', mimeType: 'image/png', size: 48_000 },
    { id: '702', filename: 'capture.har', mimeType: 'application/json', size: 25_000_000 },
  ],
  worklogs: [
    {
      id: '901',
      author: { displayName: 'Ada Lovelace', email: 'ada@support.example' },
      started: 1_780_000_200_000,
      timeSpentSeconds: 3600,
      comment: doc('Investigation'),
    },
  ],
  links: [
    { type: 'Blocks', direction: 'outward', issue: { id: '10002', key: 'SUP-8' } },
    { type: 'Relates', direction: 'inward', issue: { id: '10003', key: 'SUP-9' } },
  ],
};

export function outgoingInput(issue: RuleIssue = cloudIssue): OutgoingRuleInput {
  return { connection: 'support-to-engineering', instance: 'cloud', issue, catalog };
}

export const dataCenterReplica: Replica = {
  version: 2,
  connection: 'support-to-engineering',
  instance: 'datacenter',
  issueId: '20001',
  issueKey: 'ENG-42',
  issueUrl: 'https://jira.corp.example/browse/ENG-42',
  updated: 1_780_000_300_000,
  fields: {
    summary: 'Checkout fails on Safari',
    description: doc('Root cause: a missing polyfill.'),
    storyPoints: 8,
    status: 'In Review',
    priority: 'Highest',
    assignee: { id: 'jdoe', displayName: 'John Doe', email: 'john.doe@corp.example' },
    issueType: 'Story',
    parent: { id: '20000', key: 'ENG-40' },
  },
  comments: [
    {
      id: 'c-1',
      author: { displayName: 'John Doe', email: 'john.doe@corp.example' },
      body: doc('Fixed in build 512.'),
      created: 1_780_000_250_000,
      updated: 1_780_000_250_000,
    },
    {
      id: 'c-2',
      author: { displayName: 'Support Bot', email: 'bot@vendor.example' },
      body: doc('Automatic reminder'),
      created: 1_780_000_260_000,
      updated: 1_780_000_260_000,
    },
    {
      id: 'c-3',
      author: null,
      body: doc('Anonymous note'),
      created: 1_780_000_270_000,
      updated: 1_780_000_270_000,
    },
  ],
  attachments: [{ id: 'a-1', filename: 'fix.patch', mimeType: 'text/x-diff', size: 1200 }],
  worklogs: [
    {
      id: 'w-1',
      author: { displayName: 'John Doe', email: 'john.doe@corp.example' },
      started: 1_780_000_280_000,
      timeSpentSeconds: 5400,
      comment: doc('Fixing'),
    },
    { id: 'w-2', author: null, started: 1_780_000_290_000, timeSpentSeconds: 600, comment: null },
  ],
  links: [{ type: 'Blocks', direction: 'outward', issue: { id: '20002', key: 'ENG-43' } }],
};

export const project: RuleProject = {
  key: 'SUP',
  issueTypes: ['Bug', 'Task', 'Story'],
  subtaskIssueTypes: ['Sub-task'],
  defaultIssueType: 'Task',
};

export function incomingInput(overrides: Partial<IncomingRuleInput> = {}): IncomingRuleInput {
  return {
    connection: 'support-to-engineering',
    instance: 'cloud',
    replica: dataCenterReplica,
    previous: null,
    firstSync: true,
    issue: null,
    catalog,
    project,
    ...overrides,
  };
}
