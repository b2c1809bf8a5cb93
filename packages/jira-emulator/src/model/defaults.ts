/**
 * What a fresh Jira instance starts with: Jira's own default issue types, priorities, statuses, resolutions,
 * link types, roles, groups, the admin user and the default workflow (To Do → In Progress → Done, and back).
 * Ids follow Jira's conventions (numeric strings; Data Center's built-in priorities 1–5).
 */
import { randomUUID } from 'node:crypto';
import type { JiraData } from './jira-data.ts';
import type { Flavor, User, Workflow } from './types.ts';

export const DEFAULT_WORKFLOW_NAME = 'Tandem Emulator Default Workflow';
export const ADMIN_EMAIL = 'admin@example.com';
export const DEFAULT_TOKEN = 'emulator-token';

export const STATUS_TO_DO = '10000';
export const STATUS_IN_PROGRESS = '3';
export const STATUS_DONE = '10001';
export const RESOLUTION_DONE = '10000';

/** A Cloud-style accountId (`712020:` + uuid), stable for a given seed string. */
export function makeAccountId(): string {
  return `712020:${randomUUID()}`;
}

/** Builds a user record with defaults; credentials default to the emulator's well-known token. */
export function makeUser(data: JiraData, init: Partial<User> & { name: string; displayName: string }): User {
  const keyNumber = (data.counters['userKey'] ?? 9999) + 1;
  data.counters['userKey'] = keyNumber;
  return {
    accountId: init.accountId ?? makeAccountId(),
    name: init.name,
    key: init.key ?? `JIRAUSER${keyNumber}`,
    displayName: init.displayName,
    emailAddress: init.emailAddress ?? `${init.name}@example.com`,
    emailVisible: init.emailVisible ?? true,
    active: init.active ?? true,
    timeZone: init.timeZone ?? 'UTC',
    locale: init.locale ?? 'en_US',
    accountType: init.accountType ?? 'atlassian',
    groups: init.groups ?? ['jira-software-users'],
    apiToken: init.apiToken ?? DEFAULT_TOKEN,
    password: init.password ?? init.name,
    personalAccessTokens: init.personalAccessTokens ?? [],
  };
}

function defaultWorkflow(): Workflow {
  return {
    name: DEFAULT_WORKFLOW_NAME,
    initialStatusId: STATUS_TO_DO,
    statusIds: [STATUS_TO_DO, STATUS_IN_PROGRESS, STATUS_DONE],
    transitions: [
      {
        id: '11',
        name: 'Start Progress',
        from: [STATUS_TO_DO],
        to: STATUS_IN_PROGRESS,
        screen: [],
        conditions: [],
        resolution: 'keep',
      },
      {
        id: '21',
        name: 'Done',
        from: [STATUS_IN_PROGRESS],
        to: STATUS_DONE,
        screen: [{ fieldId: 'resolution', required: false }],
        conditions: [],
        resolution: { set: RESOLUTION_DONE },
      },
      {
        id: '31',
        name: 'Reopen',
        from: [STATUS_DONE],
        to: STATUS_IN_PROGRESS,
        screen: [],
        conditions: [],
        resolution: 'clear',
      },
      {
        id: '41',
        name: 'Stop Progress',
        from: [STATUS_IN_PROGRESS],
        to: STATUS_TO_DO,
        screen: [],
        conditions: [],
        resolution: 'keep',
      },
    ],
  };
}

/** A fresh instance: defaults only, no projects or issues. */
export function createDefaultData(flavor: Flavor): JiraData {
  const data: JiraData = {
    formatVersion: 1,
    flavor,
    counters: {},
    users: [],
    groups: [
      { name: 'jira-administrators', groupId: randomUUID() },
      { name: 'jira-software-users', groupId: randomUUID() },
      { name: 'jira-servicedesk-users', groupId: randomUUID() },
    ],
    roles: [
      { id: 10000, name: 'Users', description: 'A project role that represents users in a project' },
      { id: 10001, name: 'Developers', description: 'A project role that represents developers in a project' },
      { id: 10002, name: 'Administrators', description: 'A project role that represents administrators in a project' },
    ],
    issueTypes: [
      {
        id: '10000',
        name: 'Epic',
        description: 'A big user story that needs to be broken down.',
        subtask: false,
        hierarchyLevel: 1,
        iconUrl: '',
      },
      {
        id: '10001',
        name: 'Story',
        description: 'Functionality or a feature expressed as a user goal.',
        subtask: false,
        hierarchyLevel: 0,
        iconUrl: '',
      },
      {
        id: '10002',
        name: 'Task',
        description: 'A small, distinct piece of work.',
        subtask: false,
        hierarchyLevel: 0,
        iconUrl: '',
      },
      {
        id: '10003',
        name: 'Sub-task',
        description: 'A small piece of work that is part of a larger task.',
        subtask: true,
        hierarchyLevel: -1,
        iconUrl: '',
      },
      { id: '10004', name: 'Bug', description: 'A problem or error.', subtask: false, hierarchyLevel: 0, iconUrl: '' },
    ],
    priorities: [
      {
        id: '1',
        name: 'Highest',
        description: 'This problem will block progress.',
        statusColor: '#d04437',
        iconUrl: '',
      },
      {
        id: '2',
        name: 'High',
        description: 'Serious problem that could block progress.',
        statusColor: '#f15C75',
        iconUrl: '',
      },
      {
        id: '3',
        name: 'Medium',
        description: 'Has the potential to affect progress.',
        statusColor: '#f79232',
        iconUrl: '',
      },
      {
        id: '4',
        name: 'Low',
        description: 'Minor problem or easily worked around.',
        statusColor: '#707070',
        iconUrl: '',
      },
      {
        id: '5',
        name: 'Lowest',
        description: 'Trivial problem with little or no impact on progress.',
        statusColor: '#999999',
        iconUrl: '',
      },
    ],
    statuses: [
      { id: STATUS_TO_DO, name: 'To Do', description: '', categoryKey: 'new' },
      {
        id: STATUS_IN_PROGRESS,
        name: 'In Progress',
        description: 'This issue is being actively worked on at the moment by the assignee.',
        categoryKey: 'indeterminate',
      },
      { id: STATUS_DONE, name: 'Done', description: '', categoryKey: 'done' },
    ],
    resolutions: [
      { id: RESOLUTION_DONE, name: 'Done', description: 'Work has been completed on this issue.' },
      { id: '10001', name: "Won't Do", description: "This issue won't be actioned." },
      { id: '10002', name: 'Duplicate', description: 'The problem is a duplicate of an existing issue.' },
      { id: '10003', name: 'Cannot Reproduce', description: 'All attempts at reproducing this issue failed.' },
    ],
    workflows: [defaultWorkflow()],
    customFields: [],
    linkTypes: [
      { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
      { id: '10001', name: 'Cloners', inward: 'is cloned by', outward: 'clones' },
      { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
      { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
    ],
    projects: [],
    issues: [],
    issueLinks: [],
    webhooks: [],
  };
  data.users.push(
    makeUser(data, {
      name: 'admin',
      displayName: 'Emulator Admin',
      emailAddress: ADMIN_EMAIL,
      groups: ['jira-administrators', 'jira-software-users'],
      apiToken: DEFAULT_TOKEN,
      password: 'admin',
      personalAccessTokens: [DEFAULT_TOKEN],
    }),
  );
  return data;
}
