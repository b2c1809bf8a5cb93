/**
 * The tracker port over Jira's REST API, for either flavour: what differs is read from the flavour's capabilities
 * (see jira-flavor-capabilities.ts), the HTTP, retries and rate limits from the shared client. Issues, comments,
 * attachments and webhooks live here; fields go through the catalog (jira-field-catalog.ts, neutral-field-readers.ts,
 * field-write-requests.ts), and transitions, people, components and versions, links and worklogs have their own
 * modules.
 */
import {
  TrackerError,
  type FieldChanges,
  type FieldValue,
  type IssueLinkTypeInfo,
  type NewTrackerIssue,
  type NewWorklog,
  type RemoteLinkInput,
  type TrackerAttachment,
  type TrackerChange,
  type TrackerComment,
  type TrackerField,
  type TrackerFlavor,
  type TrackerIssue,
  type TrackerIssueRef,
  type TrackerPort,
  type TrackerTransition,
  type TrackerUser,
  type WebhookRegistrationInput,
} from '@tandem/core';
import type { AdfDoc } from '@tandem/rich-text';
import type { z } from 'zod';
import { FieldWriteRequests } from './field-write-requests.ts';
import { issueChangelog } from './jira-changelog.ts';
import { FieldCatalogCache, catalogFromJiraFields } from './jira-field-catalog.ts';
import type { JiraFlavorCapabilities } from './jira-flavor-capabilities.ts';
import { JiraHttpClient, type JiraCallStats, type JiraRequest } from './jira-http-client.ts';
import { addIssueLink, deleteIssueLink, linksOfIssue, listIssueLinkTypes } from './jira-issue-links.ts';
import { JiraProjectItems } from './jira-project-items.ts';
import { jiraSchemas, type JiraSchemas } from './jira-response-schemas.ts';
import type { JiraSendEvent } from './send-log.ts';
import { enc, issueRequest, JiraRest } from './jira-rest.ts';
import {
  resolveJiraTrackerConfig,
  retryPolicyOf,
  type JiraTrackerConfig,
  type JiraTrackerOptions,
} from './jira-tracker-options.ts';
import { listTransitions, runTransition } from './jira-transitions.ts';
import { findJiraUsers } from './jira-user-search.ts';
import { addWorklog, allWorklogs, deleteWorklog, updateWorklog } from './jira-worklogs.ts';
import { propertyEqualsJql } from './jql-literal.ts';
import { neutralFieldReaders, readNeutralFields } from './neutral-field-readers.ts';

/** What getIssue reads besides the catalog's fields. */
const ISSUE_FIELDS = 'project,updated,created,comment,attachment,worklog,issuelinks';
/**
 * Past this length the field list would make the issue URL longer than some proxies accept (instances with hundreds
 * of custom fields): getIssue asks for `*all` instead and keeps what the catalog knows.
 */
const MAX_FIELDS_PARAMETER = 4000;
/** Jira Service Management's comment property; `{ "internal": true }` makes a comment internal. */
const JSM_PUBLIC_COMMENT = 'sd.public.comment';
const WEBHOOK_PATH = '/rest/webhooks/1.0/webhook';
const CREATE_META_PAGE_SIZE = 100;

type ParsedComment = z.output<JiraSchemas['comment']>;
type ParsedIssue = z.output<JiraSchemas['issue']>;

function isInternalProperty(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { internal?: unknown }).internal === true;
}

export class JiraTracker implements TrackerPort {
  readonly instance: string;
  readonly flavor: TrackerFlavor;
  private readonly http: JiraHttpClient;
  private readonly schemas: JiraSchemas;
  private readonly baseUrl: string;
  private readonly propertyKeys: string[];
  private readonly pageSize: number;
  private readonly clock: () => number;
  private readonly rest: JiraRest;
  private readonly catalog: FieldCatalogCache;
  private readonly fieldReaders: ReturnType<typeof neutralFieldReaders>;
  private readonly writes: FieldWriteRequests;
  private readonly projectItems: JiraProjectItems;

  constructor(
    config: JiraTrackerConfig,
    private readonly capabilities: JiraFlavorCapabilities,
    options: JiraTrackerOptions = {},
  ) {
    const resolved = resolveJiraTrackerConfig(config);
    this.instance = resolved.instance;
    this.flavor = capabilities.flavor;
    this.baseUrl = resolved.baseUrl;
    this.clock = options.clock ?? Date.now;
    this.propertyKeys = options.propertyKeys ?? ['tandem.twin'];
    this.pageSize = options.pageSize ?? 100;
    this.schemas = jiraSchemas(capabilities.readers);
    this.http = new JiraHttpClient({
      baseUrl: resolved.baseUrl,
      authorization: resolved.authorization,
      fetch: options.fetch ?? globalThis.fetch,
      clock: this.clock,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
      timeoutMs: options.timeoutMs ?? 30_000,
      retryPolicy: retryPolicyOf(options),
      rateLimitScopeWithoutReason: capabilities.rateLimitScopeWithoutReason,
    });
    this.rest = new JiraRest(this.http, capabilities, this.schemas);
    this.fieldReaders = neutralFieldReaders(capabilities.readers);
    this.catalog = new FieldCatalogCache(async () =>
      catalogFromJiraFields(
        await this.rest.json(
          { method: 'GET', route: '/field', path: '/field', subject: 'field catalog' },
          this.schemas.fieldList,
        ),
      ),
    );
    this.writes = new FieldWriteRequests(this.catalog, capabilities);
    this.projectItems = new JiraProjectItems(this.rest);
  }

  /** Counts of the HTTP calls made so far (for benchmarks). */
  stats(): JiraCallStats {
    return this.http.stats();
  }

  /**
   * When each request was sent and each 429 read, with Retry-After and the gate closed (see send-log.ts): the last few
   * thousand events. For checks from outside, like stats().
   */
  sendLog(): JiraSendEvent[] {
    return this.http.sendLog();
  }

  /** Calls `watcher` with every later send-log event, synchronously, as it happens; returns the call that stops it. */
  watchSends(watcher: (event: JiraSendEvent) => void): () => void {
    return this.http.watchSends(watcher);
  }

  browseUrl(key: string): string {
    return `${this.baseUrl}/browse/${key}`;
  }

  async userById(id: string): Promise<TrackerUser | null> {
    const key = this.capabilities.userSearchParameter === 'query' ? 'accountId' : 'username';
    try {
      return await this.rest.json(
        { method: 'GET', route: '/user', path: '/user', query: { [key]: id }, subject: `user ${id}` },
        this.schemas.user,
      );
    } catch (error) {
      if (error instanceof TrackerError && error.kind === 'not-found') return null;
      throw error;
    }
  }

  async myself(): Promise<TrackerUser> {
    return this.rest.json({ method: 'GET', route: '/myself', path: '/myself' }, this.schemas.user);
  }

  changelog(issueId: string): Promise<TrackerChange[]> {
    return issueChangelog(this.rest, issueId, this.pageSize);
  }

  async getIssue(idOrKey: string): Promise<TrackerIssue | null> {
    const catalog = await this.catalog.all();
    const listed = [ISSUE_FIELDS, ...catalog.map((field) => field.id)].join(',');
    const request: JiraRequest = {
      method: 'GET',
      route: '/issue/{id}',
      path: `/issue/${enc(idOrKey)}`,
      query: {
        fields: listed.length > MAX_FIELDS_PARAMETER ? '*all' : listed,
        properties: this.propertyKeys.join(','),
      },
      issue: idOrKey,
    };
    let issue: ParsedIssue;
    try {
      issue = await this.rest.json(request, this.schemas.issue);
    } catch (error) {
      if (error instanceof TrackerError && error.kind === 'not-found') return null;
      throw error;
    }
    const { fields } = issue;
    const neutral = readNeutralFields(fields, catalog, this.fieldReaders);
    if (neutral.problems.length > 0) {
      const problems = neutral.problems.map(({ field, message }) => `field '${field.id}' (${field.name}): ${message}`);
      throw new TrackerError('server', `${issue.key}: unexpected answer from Jira: ${problems.join('; ')}`, {
        issue: idOrKey,
      });
    }
    const embedded = fields.comment ?? { comments: [], total: 0 };
    const needsList =
      embedded.total > embedded.comments.length ||
      (this.capabilities.internalCommentFlag === 'comment-property' && embedded.total > 0);
    const comments = needsList ? await this.allComments(issue.key) : embedded.comments;
    const worklogs = await allWorklogs(this.rest, issue.key, fields.worklog, this.pageSize);
    const summary = neutral.values['summary'];
    return {
      id: issue.id,
      key: issue.key,
      projectKey: fields.project.key,
      updated: fields.updated,
      created: fields.created,
      summary: typeof summary === 'string' ? summary : '',
      description: adfOrNull(neutral.values['description']),
      issueType: { id: fields.issuetype.id, name: fields.issuetype.name },
      status: { name: fields.status.name, category: fields.status.statusCategory },
      fields: neutral.values,
      comments: comments.map((comment) => this.toComment(comment)),
      attachments: (fields.attachment ?? []).map((attachment): TrackerAttachment => ({
        id: attachment.id,
        filename: attachment.filename,
        mimeType: attachment.mimeType,
        size: attachment.size,
        created: attachment.created,
        author: attachment.author,
      })),
      worklogs,
      links: linksOfIssue(fields.issuelinks ?? []),
      properties: issue.properties ?? {},
    };
  }

  async *search(jql: string): AsyncIterable<TrackerIssueRef> {
    const { searchPaging } = this.capabilities;
    const fetchPage = <T>(query: Record<string, string | number | undefined>, schema: z.ZodType<T, unknown>) =>
      this.rest.json(
        { method: 'GET', route: searchPaging.route, path: searchPaging.route, query, subject: `search ${jql}` },
        schema,
      );
    for await (const page of searchPaging.pages(jql, this.pageSize, fetchPage, this.schemas)) yield* page;
  }

  async findByProperty(key: string, path: string, value: string): Promise<TrackerIssueRef[]> {
    let jql: string;
    try {
      jql = propertyEqualsJql(key, path, value);
    } catch (cause) {
      throw new TrackerError('bad-request', String((cause as Error).message), { cause });
    }
    const found: TrackerIssueRef[] = [];
    for await (const ref of this.search(jql)) found.push(ref);
    return found;
  }

  async issueTypes(projectKey: string): Promise<{ names: string[]; subtaskNames: string[]; defaultName: string }> {
    const listKey = this.capabilities.createMetaIssueTypesKey;
    const names: string[] = [];
    const subtaskNames: string[] = [];
    for (let startAt = 0; ;) {
      const page = await this.rest.json(
        {
          method: 'GET',
          route: '/issue/createmeta/{project}/issuetypes',
          path: `/issue/createmeta/${enc(projectKey)}/issuetypes`,
          query: { startAt, maxResults: CREATE_META_PAGE_SIZE },
          subject: `project ${projectKey}`,
        },
        this.schemas.createMetaPage,
      );
      const types = page[listKey] ?? [];
      names.push(...types.filter((type) => type.subtask !== true).map((type) => type.name));
      subtaskNames.push(...types.filter((type) => type.subtask === true).map((type) => type.name));
      startAt += types.length;
      const done = page.isLast ?? (page.total === undefined || startAt >= page.total);
      if (done || types.length === 0) break;
    }
    const defaultName = names.includes('Task') ? 'Task' : names[0];
    if (defaultName === undefined)
      throw new TrackerError('bad-request', `project ${projectKey}: no issue types can be created`, {});
    return { names, subtaskNames, defaultName };
  }

  async createIssue(issue: NewTrackerIssue): Promise<{ id: string; key: string }> {
    const subject = `new issue in ${issue.projectKey}`;
    const fields: Record<string, unknown> = await this.writes.jiraFields(
      subject,
      undefined,
      issue.fields ?? {},
      'create',
    );
    // The typed members win over the same fields in `fields`; a null description means none was given.
    Object.assign(fields, {
      project: { key: issue.projectKey },
      issuetype: { name: issue.issueTypeName },
      summary: issue.summary,
    });
    if (issue.description !== null) fields['description'] = this.rest.richText(issue.description, issue.projectKey);
    const created = await this.writes.namingFields(subject, () =>
      this.rest.json(
        {
          method: 'POST',
          route: '/issue',
          path: '/issue',
          json: {
            fields,
            properties: Object.entries(issue.properties).map(([key, value]) => ({ key, value })),
          },
          subject,
          idempotent: false,
        },
        this.schemas.created,
      ),
    );
    return { id: created.id, key: created.key };
  }

  async updateFields(issueId: string, changes: FieldChanges): Promise<void> {
    const fields = await this.writes.jiraFields(issueId, issueId, changes.fields ?? {}, 'edit');
    // The typed members win over the same fields in `fields`.
    if (changes.summary !== undefined) fields['summary'] = changes.summary;
    if (changes.description !== undefined) fields['description'] = this.rest.richText(changes.description, issueId);
    if (changes.issueTypeName !== undefined) fields['issuetype'] = { name: changes.issueTypeName };
    if (Object.keys(fields).length === 0) return;
    await this.writes.namingFields(issueId, () =>
      this.rest.call(issueRequest('PUT', issueId, '', '', { json: { fields } })),
    );
  }

  async fieldCatalog(): Promise<TrackerField[]> {
    return (await this.catalog.all()).map((field) => ({ ...field }));
  }

  transitions(issueId: string): Promise<TrackerTransition[]> {
    return listTransitions(this.rest, this.catalog, issueId);
  }

  transition(issueId: string, transitionId: string, fields: Record<string, FieldValue>): Promise<void> {
    return runTransition(this.rest, this.writes, issueId, transitionId, fields);
  }

  /** See jira-user-search.ts for what Cloud does with hidden e-mail addresses. */
  findUsers(query: { email?: string; displayName?: string }): Promise<TrackerUser[]> {
    return findJiraUsers(this.rest, query);
  }

  projectComponents(projectKey: string): Promise<string[]> {
    return this.projectItems.components(projectKey);
  }

  projectVersions(projectKey: string): Promise<string[]> {
    return this.projectItems.versions(projectKey);
  }

  createComponent(projectKey: string, name: string): Promise<void> {
    return this.projectItems.createComponent(projectKey, name);
  }

  createVersion(projectKey: string, name: string): Promise<void> {
    return this.projectItems.createVersion(projectKey, name);
  }

  issueLinkTypes(): Promise<IssueLinkTypeInfo[]> {
    return listIssueLinkTypes(this.rest);
  }

  addIssueLink(input: { type: string; outwardIssueId: string; inwardIssueId: string }): Promise<void> {
    return addIssueLink(this.rest, input);
  }

  deleteIssueLink(linkId: string): Promise<void> {
    return deleteIssueLink(this.rest, linkId);
  }

  addWorklog(issueId: string, worklog: NewWorklog): Promise<{ id: string }> {
    return addWorklog(this.rest, this.writes, issueId, worklog);
  }

  updateWorklog(issueId: string, worklogId: string, worklog: NewWorklog): Promise<void> {
    return updateWorklog(this.rest, this.writes, issueId, worklogId, worklog);
  }

  deleteWorklog(issueId: string, worklogId: string): Promise<void> {
    return deleteWorklog(this.rest, issueId, worklogId);
  }

  async addComment(issueId: string, body: AdfDoc): Promise<{ id: string }> {
    const created = await this.rest.json(
      issueRequest('POST', issueId, '/comment', '/comment', {
        json: { body: this.rest.richText(body, issueId) },
        idempotent: false,
      }),
      this.schemas.createdId,
    );
    return { id: created.id };
  }

  async updateComment(issueId: string, commentId: string, body: AdfDoc): Promise<void> {
    await this.rest.call(
      issueRequest('PUT', issueId, '/comment/{commentId}', `/comment/${enc(commentId)}`, {
        json: { body: this.rest.richText(body, issueId) },
      }),
    );
  }

  async deleteComment(issueId: string, commentId: string): Promise<void> {
    await this.rest.call(issueRequest('DELETE', issueId, '/comment/{commentId}', `/comment/${enc(commentId)}`));
  }

  async downloadAttachment(attachmentId: string): Promise<Buffer> {
    const subject = `attachment ${attachmentId}`;
    if (this.capabilities.attachmentDownload === 'content-resource') {
      const response = await this.http.send({
        method: 'GET',
        route: '/attachment/content/{id}',
        // redirect=false: Jira answers with the bytes instead of a redirect to them (one request, not two).
        path: `${this.capabilities.apiPath}/attachment/content/${enc(attachmentId)}?redirect=false`,
        headers: { Accept: '*/*' },
        subject,
      });
      return response.body;
    }
    const meta = await this.rest.json(
      { method: 'GET', route: '/attachment/{id}', path: `/attachment/${enc(attachmentId)}`, subject },
      this.schemas.attachment,
    );
    if (meta.content === undefined) throw new TrackerError('server', `${subject}: Jira gave no content URL`, {});
    const response = await this.http.send({
      method: 'GET',
      route: '/secure/attachment/{id}/{filename}',
      path: new URL(meta.content, `${this.baseUrl}/`).toString(),
      headers: { Accept: '*/*' },
      subject,
    });
    return response.body;
  }

  async uploadAttachment(issueId: string, filename: string, mimeType: string, bytes: Buffer): Promise<{ id: string }> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: mimeType }), filename);
    const attachments = await this.rest.json(
      issueRequest('POST', issueId, '/attachments', '/attachments', {
        form,
        // Jira refuses multipart requests without it (its XSRF check).
        headers: { 'X-Atlassian-Token': 'no-check' },
        idempotent: false,
      }),
      this.schemas.attachments,
    );
    const first = attachments[0];
    if (first === undefined) throw new TrackerError('server', `${issueId}: Jira stored no attachment`, {});
    return { id: first.id };
  }

  async deleteAttachment(attachmentId: string): Promise<void> {
    await this.rest.call({
      method: 'DELETE',
      route: '/attachment/{id}',
      path: `/attachment/${enc(attachmentId)}`,
      subject: `attachment ${attachmentId}`,
    });
  }

  async upsertRemoteLink(issueId: string, link: RemoteLinkInput): Promise<void> {
    const object: Record<string, unknown> = { url: link.url, title: link.title };
    if (link.summary !== undefined) object['summary'] = link.summary;
    // Jira replaces the link with the same globalId, so sending it again is harmless.
    await this.rest.call(
      issueRequest('POST', issueId, '/remotelink', '/remotelink', {
        json: { globalId: link.globalId, object },
        idempotent: true,
      }),
    );
  }

  async setIssueProperty(issueId: string, key: string, value: unknown): Promise<void> {
    await this.rest.call(issueRequest('PUT', issueId, '/properties/{key}', `/properties/${enc(key)}`, { json: value }));
  }

  async registerWebhook(input: WebhookRegistrationInput): Promise<{ id: string }> {
    const created = await this.http.json(
      {
        method: 'POST',
        route: WEBHOOK_PATH,
        path: WEBHOOK_PATH,
        json: {
          name: input.name,
          url: input.url,
          events: input.events,
          filters: { 'issue-related-events-section': input.jql },
          enabled: true,
          secret: input.secret,
        },
        subject: `webhook ${input.name}`,
        idempotent: false,
      },
      this.schemas.webhook,
    );
    return { id: webhookId(created.self) };
  }

  async listWebhooks(): Promise<{ id: string; name: string; url: string }[]> {
    const list = await this.http.json(
      { method: 'GET', route: WEBHOOK_PATH, path: WEBHOOK_PATH, subject: 'webhooks' },
      this.schemas.webhooks,
    );
    return list.map((webhook) => ({ id: webhookId(webhook.self), name: webhook.name, url: webhook.url }));
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.http.send({
      method: 'DELETE',
      route: `${WEBHOOK_PATH}/{id}`,
      path: `${WEBHOOK_PATH}/${enc(id)}`,
      subject: `webhook ${id}`,
    });
  }

  /** Every comment of an issue through the paginated comment list (with properties, for the internal flag). */
  private async allComments(issueKey: string): Promise<ParsedComment[]> {
    const comments: ParsedComment[] = [];
    for (let startAt = 0; ;) {
      const page = await this.rest.json(
        {
          method: 'GET',
          route: '/issue/{id}/comment',
          path: `/issue/${enc(issueKey)}/comment`,
          query: { startAt, maxResults: this.pageSize, expand: 'properties' },
          issue: issueKey,
        },
        this.schemas.commentPage,
      );
      comments.push(...page.comments);
      startAt = (page.startAt ?? startAt) + page.comments.length;
      if (page.comments.length === 0 || startAt >= page.total) return comments;
    }
  }

  private toComment(comment: ParsedComment): TrackerComment {
    const internal =
      this.capabilities.internalCommentFlag === 'jsd-public-field'
        ? comment.jsdPublic === false
        : (comment.properties ?? []).some(
            (property) => property.key === JSM_PUBLIC_COMMENT && isInternalProperty(property.value),
          );
    return {
      id: comment.id,
      author: comment.author,
      body: comment.body ?? { type: 'doc', version: 1, content: [] },
      created: comment.created,
      updated: comment.updated,
      restricted: comment.visibility !== undefined && comment.visibility !== null,
      internal,
    };
  }
}

/** A rich-text field's neutral value as a document (the reader gives ADF or null for rich-text kinds). */
function adfOrNull(value: FieldValue | undefined): AdfDoc | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'type' in value && value.type === 'doc'
    ? (value as AdfDoc)
    : null;
}

/** A webhook's id: the last segment of its `self` URL (the resource has no id field). */
function webhookId(self: string): string {
  return self.replace(/\/+$/, '').split('/').pop() ?? self;
}
