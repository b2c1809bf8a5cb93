/**
 * The emulator's data model: what a Jira instance holds, in one neutral internal form for both flavours.
 * Rendering to Cloud (accountId users, ADF) or Data Center (name/key users, wiki markup) happens in src/render/.
 * All times are epoch milliseconds of the emulator clock.
 */
import type { AdfDoc } from '@tandem/rich-text';

export type Flavor = 'cloud' | 'datacenter';
/** REST API major version of a request: Cloud serves 2 and 3, Data Center serves 2. */
export type ApiVersion = 2 | 3;

/**
 * Rich text as stored: Cloud keeps ADF (its native form, REST v3), Data Center keeps wiki markup (REST v2).
 * Cloud's REST v2 converts on the way in and out.
 */
export type StoredRichText = AdfDoc | string | null;

export interface User {
  /** Cloud identity; Data Center users get one too, so every reference in the model is an accountId. */
  accountId: string;
  /** Data Center username. */
  name: string;
  /** Data Center user key (JIRAUSER10000 style). */
  key: string;
  displayName: string;
  emailAddress: string;
  /** Cloud profile visibility: when false, emailAddress is never rendered to other users. */
  emailVisible: boolean;
  active: boolean;
  timeZone: string;
  locale: string;
  accountType: 'atlassian' | 'app';
  groups: string[];
  /** Basic-auth secret: Cloud API token, Data Center password. */
  apiToken: string;
  password: string;
  /** Data Center personal access tokens (Bearer). */
  personalAccessTokens: string[];
}

export interface Group {
  name: string;
  groupId: string;
}

export interface ProjectRole {
  id: number;
  name: string;
  description: string;
}

export interface IssueType {
  id: string;
  name: string;
  description: string;
  subtask: boolean;
  hierarchyLevel: number;
  iconUrl: string;
}

export interface Priority {
  id: string;
  name: string;
  description: string;
  statusColor: string;
  iconUrl: string;
}

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export interface Status {
  id: string;
  name: string;
  description: string;
  categoryKey: StatusCategoryKey;
}

export interface Resolution {
  id: string;
  name: string;
  description: string;
}

/** Who may run a transition; evaluated against the acting user and the issue. */
export type TransitionCondition =
  | { type: 'userInGroup'; group: string }
  | { type: 'userInProjectRole'; roleId: number }
  | { type: 'onlyAssignee' }
  | { type: 'onlyReporter' };

export interface TransitionScreenField {
  fieldId: string;
  required: boolean;
}

export interface WorkflowTransition {
  id: string;
  name: string;
  /** Source statuses; empty means a global transition (from any status). */
  from: string[];
  to: string;
  /** Fields shown on the transition screen; required ones must be supplied with the transition. */
  screen: TransitionScreenField[];
  conditions: TransitionCondition[];
  /** What happens to resolution: take it from the screen/request, clear it, or set a fixed one. */
  resolution: 'fromScreen' | 'clear' | 'keep' | { set: string };
}

export interface Workflow {
  name: string;
  initialStatusId: string;
  statusIds: string[];
  transitions: WorkflowTransition[];
}

export type CustomFieldKind =
  | 'text'
  | 'paragraph'
  | 'number'
  | 'date'
  | 'datetime'
  | 'select'
  | 'multiselect'
  | 'cascadingselect'
  | 'user'
  | 'multiuser'
  | 'labels'
  | 'url';

export interface FieldOption {
  id: string;
  value: string;
  disabled: boolean;
  /** Cascading select: second-level options. */
  children?: FieldOption[];
}

export interface CustomField {
  id: string; // customfield_10000
  numericId: number; // 10000, for cf[10000] in JQL
  name: string;
  description: string;
  kind: CustomFieldKind;
  options: FieldOption[];
}

export interface Component {
  id: string;
  name: string;
  description: string;
}

export interface Version {
  id: string;
  name: string;
  description: string;
  released: boolean;
  archived: boolean;
  releaseDate: string | null;
}

export interface Project {
  id: string;
  key: string;
  name: string;
  description: string;
  leadAccountId: string;
  projectTypeKey: 'software' | 'business' | 'service_desk';
  issueTypeIds: string[];
  components: Component[];
  versions: Version[];
  /** Role id → accountIds (and groups) that hold the role in this project. */
  roleActors: Record<string, { users: string[]; groups: string[] }>;
  /** Issue type id → workflow name; issue types not listed use `defaultWorkflow`. */
  workflowByIssueType: Record<string, string>;
  defaultWorkflow: string;
  nextIssueNumber: number;
  /** Key history: issues keep answering to keys they had before a move. */
}

export interface Visibility {
  type: 'group' | 'role';
  value: string;
  identifier?: string;
}

export interface Comment {
  id: string;
  authorId: string;
  updateAuthorId: string;
  body: StoredRichText;
  created: number;
  updated: number;
  visibility: Visibility | null;
  properties: Record<string, unknown>;
}

export interface Attachment {
  id: string;
  filename: string;
  authorId: string;
  created: number;
  size: number;
  mimeType: string;
  /** Key of the bytes in the attachment blob store. */
  blobKey: string;
}

export interface Worklog {
  id: string;
  authorId: string;
  updateAuthorId: string;
  comment: StoredRichText;
  started: number;
  timeSpentSeconds: number;
  created: number;
  updated: number;
  visibility: Visibility | null;
  properties: Record<string, unknown>;
}

export interface RemoteLink {
  id: number;
  globalId: string | null;
  application: { type?: string; name?: string } | null;
  relationship: string | null;
  object: {
    url: string;
    title: string;
    summary?: string;
    icon?: { url16x16?: string; title?: string };
    status?: { resolved?: boolean; icon?: { url16x16?: string; title?: string; link?: string } };
  };
}

export interface ChangeItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  /** Absent on items that are no field of the issue (Link, RemoteIssueLink, WorklogId), as Jira sends them. */
  fieldId?: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface ChangeHistory {
  id: string;
  authorId: string;
  created: number;
  items: ChangeItem[];
}

export interface IssueLinkType {
  id: string;
  name: string;
  inward: string;
  outward: string;
}

export interface IssueLink {
  id: string;
  typeId: string;
  inwardIssueId: string;
  outwardIssueId: string;
}

export type CascadingValue = { parent: string; child: string | null };

/**
 * Field values in internal form. Users are accountIds, options are option ids, dates are `YYYY-MM-DD`,
 * datetimes are epoch ms, rich text is StoredRichText.
 */
export interface IssueFields {
  summary: string;
  description: StoredRichText;
  environment: StoredRichText;
  issuetype: string;
  status: string;
  statusCategoryChangedate: number;
  priority: string | null;
  resolution: string | null;
  resolutiondate: number | null;
  labels: string[];
  components: string[];
  fixVersions: string[];
  versions: string[];
  assignee: string | null;
  reporter: string | null;
  creator: string;
  duedate: string | null;
  parent: string | null;
  /** customfield_NNNNN → internal value. */
  custom: Record<string, unknown>;
}

export interface Issue {
  id: string;
  key: string;
  /** Keys this issue had before (after a move); still resolvable. */
  previousKeys: string[];
  projectId: string;
  created: number;
  updated: number;
  fields: IssueFields;
  comments: Comment[];
  attachments: Attachment[];
  worklogs: Worklog[];
  remoteLinks: RemoteLink[];
  properties: Record<string, unknown>;
  changelog: ChangeHistory[];
  watchers: string[];
}

export interface WebhookRegistration {
  id: number;
  name: string;
  url: string;
  events: string[];
  jqlFilter: string;
  enabled: boolean;
  secret: string | null;
  excludeBody: boolean;
  /** The user who registered it: payloads are built with this user's permissions. */
  ownerId: string;
  created: number;
  lastUpdated: number;
  /** Who last changed it (Jira's `lastUpdatedUser`). */
  lastUpdatedById: string;
}
