/**
 * The live state of one emulated Jira: its data plus indexes for lookups, and a change counter that
 * persistence and the search index watch.
 */
import type { JiraData } from './jira-data.ts';
import type { CustomField, Issue, IssueType, Project, Status, User } from './types.ts';

export class JiraState {
  private issuesById = new Map<string, Issue>();
  private issuesByKey = new Map<string, Issue>();
  /** Incremented on every mutation; persistence writes when it moves. */
  revision = 0;

  constructor(public data: JiraData) {
    this.reindex();
  }

  /** Rebuilds the id/key indexes (after load, reset or a bulk change). */
  reindex(): void {
    this.issuesById.clear();
    this.issuesByKey.clear();
    for (const issue of this.data.issues) this.indexIssue(issue);
  }

  indexIssue(issue: Issue): void {
    this.issuesById.set(issue.id, issue);
    this.issuesByKey.set(issue.key.toUpperCase(), issue);
    for (const key of issue.previousKeys) this.issuesByKey.set(key.toUpperCase(), issue);
  }

  addIssue(issue: Issue): void {
    this.data.issues.push(issue);
    this.indexIssue(issue);
    this.touch();
  }

  removeIssue(issue: Issue): void {
    this.data.issues = this.data.issues.filter((candidate) => candidate.id !== issue.id);
    this.issuesById.delete(issue.id);
    this.issuesByKey.delete(issue.key.toUpperCase());
    for (const key of issue.previousKeys) this.issuesByKey.delete(key.toUpperCase());
    this.data.issueLinks = this.data.issueLinks.filter(
      (link) => link.inwardIssueId !== issue.id && link.outwardIssueId !== issue.id,
    );
    this.touch();
  }

  /** Marks the state changed. */
  touch(): void {
    this.revision++;
  }

  /** An issue by numeric id or by key (current or previous), case-insensitive on keys. */
  findIssue(idOrKey: string): Issue | undefined {
    if (/^\d+$/.test(idOrKey)) return this.issuesById.get(idOrKey);
    return this.issuesByKey.get(idOrKey.toUpperCase());
  }

  issueById(id: string): Issue | undefined {
    return this.issuesById.get(id);
  }

  get issueCount(): number {
    return this.issuesById.size;
  }

  findProject(idOrKey: string): Project | undefined {
    const wanted = idOrKey.toUpperCase();
    return this.data.projects.find((project) => project.id === idOrKey || project.key.toUpperCase() === wanted);
  }

  projectById(id: string): Project {
    const project = this.data.projects.find((candidate) => candidate.id === id);
    if (!project) throw new Error(`project ${id} is referenced but does not exist`);
    return project;
  }

  userById(accountId: string): User | undefined {
    return this.data.users.find((user) => user.accountId === accountId);
  }

  /** A user by accountId, username, user key or e-mail (case-insensitive on the last three). */
  findUser(ref: string): User | undefined {
    const lower = ref.toLowerCase();
    return this.data.users.find(
      (user) =>
        user.accountId === ref ||
        user.name.toLowerCase() === lower ||
        user.key.toLowerCase() === lower ||
        user.emailAddress.toLowerCase() === lower,
    );
  }

  issueType(id: string): IssueType {
    const type = this.data.issueTypes.find((candidate) => candidate.id === id);
    if (!type) throw new Error(`issue type ${id} is referenced but does not exist`);
    return type;
  }

  findIssueType(idOrName: string): IssueType | undefined {
    const lower = idOrName.toLowerCase();
    return this.data.issueTypes.find((type) => type.id === idOrName || type.name.toLowerCase() === lower);
  }

  status(id: string): Status {
    const status = this.data.statuses.find((candidate) => candidate.id === id);
    if (!status) throw new Error(`status ${id} is referenced but does not exist`);
    return status;
  }

  findStatus(idOrName: string): Status | undefined {
    const lower = idOrName.toLowerCase();
    return this.data.statuses.find((status) => status.id === idOrName || status.name.toLowerCase() === lower);
  }

  customField(id: string): CustomField | undefined {
    return this.data.customFields.find((field) => field.id === id);
  }

  /** Custom field by id (`customfield_10010`), JQL form (`cf[10010]`) or name (case-insensitive). */
  findCustomField(ref: string): CustomField | undefined {
    const cf = /^cf\[(\d+)\]$/i.exec(ref);
    if (cf) return this.data.customFields.find((field) => field.numericId === Number(cf[1]));
    const lower = ref.toLowerCase();
    return this.data.customFields.find((field) => field.id === ref || field.name.toLowerCase() === lower);
  }

  /** Whether a user belongs to a group. */
  userInGroup(user: User, group: string): boolean {
    const lower = group.toLowerCase();
    return user.groups.some((name) => name.toLowerCase() === lower);
  }

  /** Whether a user holds a project role (directly or through a group). */
  userHasRole(user: User, project: Project, roleRef: string): boolean {
    const role = this.data.roles.find((candidate) => String(candidate.id) === roleRef || candidate.name === roleRef);
    if (!role) return false;
    const actors = project.roleActors[String(role.id)];
    if (!actors) return false;
    return actors.users.includes(user.accountId) || actors.groups.some((group) => this.userInGroup(user, group));
  }
}
