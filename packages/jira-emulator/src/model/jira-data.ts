/**
 * Everything one emulated Jira instance holds, as one JSON-serialisable value (persisted by --data DIR).
 * Lookups by id and key go through JiraState, which keeps indexes over this data.
 */
import type {
  CustomField,
  Flavor,
  Group,
  Issue,
  IssueLink,
  IssueLinkType,
  IssueType,
  Priority,
  Project,
  ProjectRole,
  Resolution,
  Status,
  User,
  WebhookRegistration,
  Workflow,
} from './types.ts';

export interface JiraData {
  /** Bumped when the shape changes, so an old --data directory is refused with a clear message. */
  formatVersion: 1;
  flavor: Flavor;
  /** Counters for every id space; ids are never reused. */
  counters: Record<string, number>;
  users: User[];
  groups: Group[];
  roles: ProjectRole[];
  issueTypes: IssueType[];
  priorities: Priority[];
  statuses: Status[];
  resolutions: Resolution[];
  workflows: Workflow[];
  customFields: CustomField[];
  linkTypes: IssueLinkType[];
  projects: Project[];
  issues: Issue[];
  issueLinks: IssueLink[];
  webhooks: WebhookRegistration[];
}

/** Next id in one id space, as a string (Jira ids are numeric strings). */
export function nextId(data: JiraData, space: string, start = 10000): string {
  const current = data.counters[space] ?? start - 1;
  const next = current + 1;
  data.counters[space] = next;
  return String(next);
}
