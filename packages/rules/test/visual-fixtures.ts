// Realistic inputs for the Visual tests: two instances' field catalogs, issues and replicas as the engine hands them.
import type {
  FieldUser,
  FieldValue,
  IncomingRuleInput,
  OutgoingRuleInput,
  Replica,
  RuleIssue,
  RuleProject,
  SideRules,
  TrackerField,
} from '@tandem/core';
import type { AdfDoc } from '@tandem/rich-text';
import type { VisualMapping, VisualRules } from '../src/visual/index.ts';

const field = (id: string, name: string, kind: TrackerField['kind'], editable = true): TrackerField => ({
  id,
  name,
  kind,
  custom: id.startsWith('customfield_'),
  editable,
});

const SYSTEM_FIELDS: TrackerField[] = [
  field('summary', 'Summary', 'string'),
  field('description', 'Description', 'richtext'),
  field('environment', 'Environment', 'richtext'),
  field('issuetype', 'Issue Type', 'issuetype'),
  field('status', 'Status', 'status', false),
  field('resolution', 'Resolution', 'resolution', false),
  field('priority', 'Priority', 'priority'),
  field('labels', 'Labels', 'labels'),
  field('components', 'Component/s', 'components'),
  field('fixVersions', 'Fix Version/s', 'versions'),
  field('assignee', 'Assignee', 'user'),
  field('reporter', 'Reporter', 'user'),
  field('duedate', 'Due date', 'date'),
  field('parent', 'Parent', 'issue'),
  field('created', 'Created', 'datetime', false),
];

/** Blue: a Jira Cloud site. */
export const BLUE_CATALOG: TrackerField[] = [
  ...SYSTEM_FIELDS,
  field('customfield_10016', 'Story Points', 'number'),
  field('customfield_10020', 'Customer Tier', 'option'),
  field('customfield_10030', 'Watchers Team', 'users'),
  field('customfield_10040', 'Platforms', 'options'),
];

/** Green: a Jira Data Center instance with its own custom field ids. */
export const GREEN_CATALOG: TrackerField[] = [
  ...SYSTEM_FIELDS,
  field('customfield_10010', 'Estimate', 'number'),
  field('customfield_12000', 'Tier', 'option'),
  field('customfield_12100', 'Team', 'option'),
  field('customfield_12200', 'Reviewers', 'users'),
  field('customfield_12300', 'OS', 'options'),
  field('customfield_12400', 'Escalation Notes', 'richtext'),
  field('customfield_12500', 'Team', 'string'),
  field('customfield_12600', 'Customer Facing', 'option'),
];

/** By instance; the README's example names the same two instances cloud and datacenter. */
export const CATALOGS: Record<string, TrackerField[]> = {
  blue: BLUE_CATALOG,
  green: GREEN_CATALOG,
  cloud: BLUE_CATALOG,
  datacenter: GREEN_CATALOG,
};

export const GREEN_PROJECT: RuleProject = {
  key: 'GREEN',
  issueTypes: ['Bug', 'Task', 'Story'],
  subtaskIssueTypes: ['Sub-task'],
  defaultIssueType: 'Task',
};
export const BLUE_PROJECT: RuleProject = {
  key: 'BLUE',
  issueTypes: ['Bug', 'Task', 'Incident'],
  subtaskIssueTypes: ['Sub-task'],
  defaultIssueType: 'Task',
};
export const PROJECTS: Record<string, RuleProject> = {
  blue: BLUE_PROJECT,
  green: GREEN_PROJECT,
  cloud: BLUE_PROJECT,
  datacenter: GREEN_PROJECT,
};

/** A one-paragraph ADF document. */
export function doc(text: string): AdfDoc {
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}

export const ALICE: FieldUser = {
  id: '5b10a2844c20165700ede21g',
  displayName: 'Alice Martin',
  email: 'alice@blue.example',
};
export const BOB: FieldUser = { id: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Bob Stone', email: null };

/** A blue issue with every common field filled, as the engine's rule view gives it. */
export function blueIssue(fields: Record<string, FieldValue> = {}, overrides: Partial<RuleIssue> = {}): RuleIssue {
  return {
    id: '10001',
    key: 'BLUE-1',
    projectKey: 'BLUE',
    issueType: 'Bug',
    status: 'In Progress',
    statusCategory: 'indeterminate',
    fields: {
      summary: 'Checkout fails for EU customers',
      description: doc('Steps: pay with SEPA.'),
      environment: null,
      issuetype: 'Bug',
      status: 'In Progress',
      resolution: null,
      priority: 'Highest',
      labels: ['checkout', 'escalate'],
      components: ['Payments'],
      fixVersions: [],
      assignee: ALICE,
      reporter: BOB,
      duedate: '2026-12-01',
      parent: { id: '10000', key: 'BLUE-0' },
      customfield_10016: 5,
      customfield_10020: 'Gold',
      customfield_10030: [ALICE, BOB],
      customfield_10040: ['Android', 'iOS'],
      ...fields,
    },
    comments: [
      {
        id: '20001',
        author: { displayName: 'Alice Martin', email: 'alice@blue.example' },
        body: doc('Seen again this morning.'),
        created: 1_790_000_000_000,
        updated: 1_790_000_000_000,
      },
    ],
    attachments: [{ id: '30001', filename: 'trace.har', mimeType: 'application/json', size: 2048 }],
    worklogs: [
      {
        id: '40001',
        author: { displayName: 'Alice Martin', email: 'alice@blue.example' },
        started: 1_790_000_100_000,
        timeSpentSeconds: 3600,
        comment: doc('Reproduced.'),
      },
    ],
    links: [{ type: 'Blocks', direction: 'outward', issue: { id: '10002', key: 'BLUE-2' } }],
    ...overrides,
  };
}

/** A green issue (the twin of blue's), for what green sends back. */
export function greenIssue(fields: Record<string, FieldValue> = {}): RuleIssue {
  return {
    id: '50001',
    key: 'GREEN-7',
    projectKey: 'GREEN',
    issueType: 'Bug',
    status: 'Open',
    statusCategory: 'new',
    fields: { summary: 'Checkout fails for EU customers', issuetype: 'Bug', status: 'Open', labels: [], ...fields },
    comments: [],
    attachments: [],
    worklogs: [],
    links: [],
  };
}

/** What the engine gives an outgoing rule for `issue` on `instance`. */
export function outgoingInput(instance: string, issue: RuleIssue): OutgoingRuleInput {
  return { connection: 'support', instance, issue, catalog: CATALOGS[instance] ?? [] };
}

/** Runs `rules`' outgoing rule and wraps the result as the engine does: a replica from `instance`. */
export async function replicaFrom(rules: SideRules, instance: string, issue: RuleIssue): Promise<Replica> {
  const out = await rules.outgoing(outgoingInput(instance, issue));
  if (!out) throw new Error(`${issue.key} is out of scope`);
  return {
    version: 2,
    connection: 'support',
    instance,
    issueId: issue.id,
    issueKey: issue.key,
    issueUrl: `https://${instance}.example/browse/${issue.key}`,
    updated: 1_790_000_200_000,
    ...out,
  };
}

/** What the engine gives an incoming rule on `instance` for `replica`. */
export function incomingInput(instance: string, replica: Replica, issue: RuleIssue | null = null): IncomingRuleInput {
  return {
    connection: 'support',
    instance,
    replica,
    previous: null,
    firstSync: issue === null,
    issue,
    catalog: CATALOGS[instance] ?? [],
    project: PROJECTS[instance] ?? GREEN_PROJECT,
  };
}

/** A mapping with every option at its default, `changes` on top. */
export function mapping(changes: Partial<VisualMapping> & Pick<VisualMapping, 'key' | 'fields'>): VisualMapping {
  return {
    from: ['blue', 'green'],
    values: [],
    users: [],
    unmatched: 'ignore',
    default: {},
    owner: null,
    ...changes,
  };
}

/** Visual rules between blue and green with nothing mapped and nothing toggled, `changes` on top. */
export function visual(changes: Partial<VisualRules> = {}): VisualRules {
  return {
    fields: [],
    comments: [],
    attachments: [],
    worklogs: [],
    links: [],
    constants: {},
    scope: {},
    ...changes,
  };
}

/** A scope with no filter, `changes` on top. */
export function scope(changes: Partial<VisualRules['scope'][string]> = {}): VisualRules['scope'][string] {
  return {
    labels: null,
    issueTypes: null,
    statuses: null,
    priorities: null,
    assignees: null,
    reporters: null,
    jql: null,
    ...changes,
  };
}
