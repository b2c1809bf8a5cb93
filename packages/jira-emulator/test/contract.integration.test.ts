// Contract tests: every Jira route the emulator mounts is called with a realistic request, and each answer is
// validated against the matching operation of Atlassian's OpenAPI document for the flavour (Cloud v3; Cloud v2 via
// the v3 document; DC 10.3). Routes are read from the running emulator, so a route someone adds later fails here
// until it has an example request below ("add an example for ..."), and a route Jira does not have fails too.
import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startJiraEmulator, type JiraEmulator } from '../src/index.ts';
import { JiraHttp } from './support/jira-http.ts';
import {
  assertHasKeys,
  JIRA_FLAVORS,
  specHasRoute,
  validateResponse,
  type JiraFlavor,
} from './support/openapi-contract.ts';

/** One request of an example, with the status it must answer. */
interface ExampleRequest {
  /** Concrete request path under the emulator's URL, with query. */
  readonly path: string;
  readonly body?: unknown;
  readonly form?: FormData;
  readonly headers?: Readonly<Record<string, string>>;
  readonly status: number;
  /**
   * Set when the document cannot judge this answer; says why. The body is then checked by `check` instead of the
   * document (only for allow-listed undocumented routes and statuses).
   */
  readonly undocumented?: string;
  readonly check?: (body: unknown) => void;
}

/** What an example may use to build its requests (and the entities they need). */
interface ExampleScope {
  readonly flavor: JiraFlavor;
  readonly http: JiraHttp;
  /** `/rest/api/2` or `/rest/api/3` (the version of the route under test). */
  readonly base: string;
  readonly version: 2 | 3;
  /** The demo project of the flavour (BLUE on Cloud, GREEN on DC). */
  readonly projectKey: string;
  /** Rich text in the form the version takes: ADF on Cloud v3, wiki markup otherwise. */
  text(plain: string): unknown;
  /** How a request names a demo user: `{ accountId }` on Cloud, `{ name }` on DC. */
  userRef(name: string): Record<string, string>;
  /** The user identifier query: `accountId=…` on Cloud, `username=…` on DC. */
  userQuery(name: string): string;
  /** A unique suffix for names and keys. */
  unique(): string;
  /** The id (`customfield_N`) of a demo custom field, by name. */
  customFieldId(name: string): string;
  /** Creates a fresh issue in the demo project; returns its key and id. */
  newIssue(fields?: Record<string, unknown>): Promise<{ key: string; id: string }>;
  /** Adds a comment to an issue; returns the comment id. */
  newComment(issueKey: string): Promise<string>;
}

type Example = (scope: ExampleScope) => Promise<ExampleRequest[]> | ExampleRequest[];

/** The route key: method and path relative to `/rest/api/{version}` (or absolute), parameters written `{}`. */
function routeKey(method: string, url: string): string {
  const relative = url.replace(/^\/rest\/api\/(?:2|3|latest)(?=\/)/, '');
  return `${method.toUpperCase()} ${relative.replace(/\/(?::[^/]+|\{[^}]+\})/g, '/{}')}`;
}

/** Whether a concrete request path can reach a mounted route (so an example really exercises its route). */
function pathFitsRoute(path: string, url: string): boolean {
  const want = url.split('/');
  const got = (path.split('?')[0] ?? '').split('/');
  return want.length === got.length && want.every((part, i) => part.startsWith(':') || part === got[i]);
}

/** Routes outside the contract: not Jira's REST API, or not JSON. Each says why. */
function excludedFromContract(flavor: JiraFlavor, url: string): string | undefined {
  // The emulator's own control API (faults, clock, request counts, reset) lives under a path Jira does not use.
  if (url.startsWith('/_emulator/')) return 'control API';
  // Data Center serves attachment bytes from the web app (`/secure/attachment/{id}/{filename}`, the `content` URL
  // of every DC attachment), not from the REST API, so no OpenAPI document covers it.
  if (flavor === 'datacenter' && url.startsWith('/secure/attachment/')) return 'DC attachment download';
  return undefined;
}

const ok = (path: string, status = 200, extra: Partial<ExampleRequest> = {}): ExampleRequest[] => [
  { path, status, ...extra },
];

/** A small upload for the attachment examples; Jira requires `X-Atlassian-Token: no-check` on it. */
function uploadForm(name: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([Buffer.from(`contents of ${name}\n`)], { type: 'text/plain' }), name);
  return form;
}
const NO_CHECK = { 'X-Atlassian-Token': 'no-check' };

async function firstAttachmentId(scope: ExampleScope): Promise<string> {
  const issue = await scope.newIssue();
  const added = await scope.http.expect('POST', `${scope.base}/issue/${issue.key}/attachments`, {
    form: uploadForm('notes.txt'),
    headers: NO_CHECK,
  });
  assert.ok(Array.isArray(added), 'adding an attachment answers an array');
  return String((added[0] as { id: unknown }).id);
}

async function newIssueLink(scope: ExampleScope): Promise<string> {
  const from = await scope.newIssue();
  const to = await scope.newIssue();
  await scope.http.expect('POST', `${scope.base}/issueLink`, {
    body: { type: { name: 'Blocks' }, inwardIssue: { key: from.key }, outwardIssue: { key: to.key } },
    status: 201,
  });
  const issue = await scope.http.object('GET', `${scope.base}/issue/${from.key}?fields=issuelinks`);
  const links = (issue['fields'] as { issuelinks?: { id: string }[] }).issuelinks ?? [];
  const id = links[0]?.id;
  assert.ok(id, 'the created link shows in fields.issuelinks');
  return id;
}

async function newRemoteLink(scope: ExampleScope): Promise<{ key: string; id: string; globalId: string }> {
  const issue = await scope.newIssue();
  const globalId = `system=https://example.com/tickets&id=${scope.unique()}`;
  const made = await scope.http.object('POST', `${scope.base}/issue/${issue.key}/remotelink`, {
    body: { globalId, object: { url: 'https://example.com/tickets/1', title: 'Ticket 1' } },
  });
  return { key: issue.key, id: String(made['id']), globalId };
}

async function newWorklog(scope: ExampleScope): Promise<{ key: string; id: string }> {
  const issue = await scope.newIssue();
  const made = await scope.http.object('POST', `${scope.base}/issue/${issue.key}/worklog`, {
    body: { timeSpentSeconds: 3600, started: '2026-04-25T10:00:00.000+0000', comment: scope.text('Investigated') },
    status: 201,
  });
  return { key: issue.key, id: String(made['id']) };
}

async function newWebhook(scope: ExampleScope): Promise<string> {
  const made = await scope.http.object('POST', '/rest/webhooks/1.0/webhook', {
    body: {
      name: `hook ${scope.unique()}`,
      url: 'http://127.0.0.1:9/hook',
      events: ['jira:issue_created'],
      enabled: true,
    },
    status: 201,
  });
  const self = String(made['self']);
  return self.slice(self.lastIndexOf('/') + 1);
}

const webhookKeys = ['name', 'url', 'events', 'self', 'enabled'];

/**
 * Example requests per route key (see routeKey). Each builds the entities it needs, so examples run in any order.
 * Routes that other parts of the emulator add later get their examples here.
 */
const EXAMPLES: Readonly<Record<string, Example>> = {
  'GET /serverInfo': ({ base }) => ok(`${base}/serverInfo`),
  'GET /myself': ({ base }) => ok(`${base}/myself`),
  'GET /field': ({ base }) => ok(`${base}/field`),
  'POST /field': ({ base, unique }) => [
    {
      path: `${base}/field`,
      body: {
        name: `Contract field ${unique()}`,
        type: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield',
        searcherKey: 'com.atlassian.jira.plugin.system.customfieldtypes:textsearcher',
      },
      status: 201,
    },
  ],
  // Cloud custom field contexts and options (select lists are managed through them).
  'GET /field/{}/context': ({ base, customFieldId }) => ok(`${base}/field/${customFieldId('Team')}/context`),
  'GET /field/{}/context/{}/option': async ({ base, http, customFieldId }) => {
    const field = customFieldId('Region');
    const contexts = await http.object('GET', `${base}/field/${field}/context`);
    const context = String((contexts['values'] as { id: string }[])[0]?.id);
    return ok(`${base}/field/${field}/context/${context}/option`);
  },
  'POST /field/{}/context/{}/option': async ({ base, http, customFieldId, unique }) => {
    const field = customFieldId('Team');
    const contexts = await http.object('GET', `${base}/field/${field}/context`);
    const context = String((contexts['values'] as { id: string }[])[0]?.id);
    return ok(`${base}/field/${field}/context/${context}/option`, 200, {
      body: { options: [{ value: `Team ${unique()}` }] },
    });
  },
  'GET /issuetype': ({ base }) => ok(`${base}/issuetype`),
  'GET /issuetype/{}': ({ base }) => [...ok(`${base}/issuetype/10004`), ...ok(`${base}/issuetype/99999`, 404)],
  'GET /priority': ({ base }) => ok(`${base}/priority`),
  'GET /priority/{}': ({ base }) => ok(`${base}/priority/3`),
  'GET /priority/search': ({ base }) => [
    ...ok(`${base}/priority/search`),
    ...ok(`${base}/priority/search?startAt=1&maxResults=2`),
  ],
  'GET /status': ({ base }) => ok(`${base}/status`),
  'GET /status/{}': async ({ base, http }) => {
    const statuses = (await http.expect('GET', `${base}/status`)) as { id: string }[];
    return [
      ...ok(`${base}/status/${statuses[0]?.id ?? ''}`),
      ...ok(`${base}/status/${encodeURIComponent('In Progress')}`),
    ];
  },
  'GET /statuscategory': ({ base }) => ok(`${base}/statuscategory`),
  'GET /resolution': ({ base }) => ok(`${base}/resolution`),
  'GET /resolution/{}': ({ base }) => ok(`${base}/resolution/10000`),
  'GET /issueLinkType': ({ base }) => ok(`${base}/issueLinkType`),
  'GET /issueLinkType/{}': ({ base }) => ok(`${base}/issueLinkType/10000`),

  'POST /project': ({ base, flavor, unique, userRef }) => {
    const key = `C${unique().replace(/\d/g, (digit) => String.fromCharCode(65 + Number(digit)))}`;
    const lead = flavor === 'cloud' ? { leadAccountId: userRef('admin')['accountId'] } : { lead: 'admin' };
    return [
      {
        path: `${base}/project`,
        body: {
          key,
          name: `Contract ${key}`,
          projectTypeKey: 'software',
          description: 'made by a contract test',
          ...lead,
        },
        status: 201,
      },
    ];
  },
  'GET /project': ({ base }) => ok(`${base}/project`),
  'GET /project/search': ({ base, projectKey }) =>
    ok(`${base}/project/search?query=${projectKey.toLowerCase()}&maxResults=10`),
  'GET /project/{}': ({ base, projectKey }) => [
    ...ok(`${base}/project/${projectKey}`),
    ...ok(`${base}/project/NOPE`, 404),
  ],
  'GET /project/{}/statuses': ({ base, projectKey }) => ok(`${base}/project/${projectKey}/statuses`),
  'GET /project/{}/components': ({ base, projectKey }) => ok(`${base}/project/${projectKey}/components`),
  'GET /project/{}/versions': ({ base, projectKey }) => ok(`${base}/project/${projectKey}/versions`),
  'POST /component': ({ base, projectKey, unique }) =>
    ok(`${base}/component`, 201, {
      body: { name: `Component ${unique()}`, project: projectKey, description: 'contract' },
    }),
  'POST /version': async ({ base, http, projectKey, unique }) => {
    const project = await http.object('GET', `${base}/project/${projectKey}`);
    return ok(`${base}/version`, 201, {
      body: { name: `v${unique()}`, projectId: Number(project['id']), description: 'contract', released: false },
    });
  },
  'POST /project/{}/role/{}': ({ base, flavor, projectKey, userRef }) =>
    ok(`${base}/project/${projectKey}/role/10001`, 200, {
      body: flavor === 'cloud' ? { user: [userRef('carol')['accountId']] } : { user: ['carol'] },
    }),

  'GET /user': ({ base, userQuery }) => [...ok(`${base}/user?${userQuery('alice')}`)],
  'POST /user': ({ base, unique }) => {
    const name = `contract${unique()}`;
    return ok(`${base}/user`, 201, {
      body: {
        emailAddress: `${name}@example.com`,
        displayName: `Contract ${name}`,
        name,
        password: 'secret',
        products: [],
      },
    });
  },
  'GET /user/search': ({ base, flavor }) =>
    ok(`${base}/user/search?${flavor === 'cloud' ? 'query=alice' : 'username=alice'}`),
  'GET /user/assignable/search': ({ base, flavor, projectKey }) =>
    ok(`${base}/user/assignable/search?project=${projectKey}&${flavor === 'cloud' ? 'query=a' : 'username=a'}`),
  'POST /group': ({ base, unique }) => ok(`${base}/group`, 201, { body: { name: `contract-group-${unique()}` } }),
  'POST /group/user': ({ base, userRef }) =>
    ok(`${base}/group/user?groupname=engineering`, 201, { body: userRef('bob') }),
  'DELETE /group/user': async ({ base, http, userRef, userQuery }) => {
    await http.expect('POST', `${base}/group/user?groupname=engineering`, { body: userRef('bob') });
    return ok(`${base}/group/user?groupname=engineering&${userQuery('bob')}`);
  },

  'GET /issue/createmeta/{}/issuetypes': ({ base, projectKey }) =>
    ok(`${base}/issue/createmeta/${projectKey}/issuetypes?maxResults=3`),
  'GET /issue/createmeta/{}/issuetypes/{}': ({ base, projectKey }) =>
    ok(`${base}/issue/createmeta/${projectKey}/issuetypes/10004?maxResults=50`),
  'GET /issue/createmeta': ({ base, projectKey }) =>
    ok(`${base}/issue/createmeta?projectKeys=${projectKey}&expand=projects.issuetypes.fields`),
  'GET /issue/{}/editmeta': ({ base, projectKey }) => ok(`${base}/issue/${projectKey}-1/editmeta`),
  'POST /issue': ({ base, projectKey, text, userRef }) => [
    {
      path: `${base}/issue`,
      body: {
        fields: {
          project: { key: projectKey },
          issuetype: { name: 'Bug' },
          summary: 'Created by the contract test',
          description: text('Steps to reproduce'),
          priority: { name: 'High' },
          labels: ['contract'],
          assignee: userRef('alice'),
        },
        properties: [{ key: 'tandem.sync', value: { origin: 'contract' } }],
      },
      status: 201,
    },
    // Jira's validation answer: the missing required field is named in `errors`.
    {
      path: `${base}/issue`,
      body: { fields: { project: { key: projectKey }, issuetype: { name: 'Task' } } },
      status: 400,
    },
  ],
  'POST /issue/bulk': ({ base, projectKey }) =>
    ok(`${base}/issue/bulk`, 201, {
      body: {
        issueUpdates: [
          { fields: { project: { key: projectKey }, issuetype: { name: 'Task' }, summary: 'Bulk one' } },
          { fields: { project: { key: projectKey }, issuetype: { name: 'Task' }, summary: 'Bulk two' } },
        ],
      },
    }),
  'GET /issue/{}': ({ base, projectKey }) => [
    ...ok(`${base}/issue/${projectKey}-1`),
    ...ok(`${base}/issue/${projectKey}-1?expand=renderedFields,names,schema,changelog,transitions,editmeta,operations`),
    ...ok(`${base}/issue/${projectKey}-1?fields=summary,status,customfield_10000&properties=*all`),
    ...ok(`${base}/issue/${projectKey}-999`, 404),
  ],
  'PUT /issue/{}': async (scope) => {
    const issue = await scope.newIssue();
    const requests: ExampleRequest[] = [
      {
        path: `${scope.base}/issue/${issue.key}`,
        body: { fields: { summary: 'Edited summary' }, update: { labels: [{ add: 'edited' }] } },
        status: 204,
      },
      // Status is not editable: a transition is the only way.
      { path: `${scope.base}/issue/${issue.key}`, body: { fields: { status: { name: 'Done' } } }, status: 400 },
    ];
    if (scope.flavor === 'cloud') {
      requests.push({
        path: `${scope.base}/issue/${issue.key}?returnIssue=true`,
        body: { fields: { summary: 'Edited again' } },
        status: 200,
      });
    }
    return requests;
  },
  'DELETE /issue/{}': async (scope) => ok(`${scope.base}/issue/${(await scope.newIssue()).key}`, 204),
  'PUT /issue/{}/assignee': async (scope) =>
    ok(`${scope.base}/issue/${(await scope.newIssue()).key}/assignee`, 204, { body: scope.userRef('carol') }),
  'GET /issue/{}/transitions': ({ base, projectKey }) => [
    ...ok(`${base}/issue/${projectKey}-2/transitions`),
    ...ok(`${base}/issue/${projectKey}-2/transitions?expand=transitions.fields`),
  ],
  'POST /issue/{}/transitions': async (scope) => {
    const issue = await scope.newIssue();
    return [
      { path: `${scope.base}/issue/${issue.key}/transitions`, body: { transition: { id: '11' } }, status: 204 },
      { path: `${scope.base}/issue/${issue.key}/transitions`, body: { transition: { id: '999' } }, status: 400 },
    ];
  },

  'GET /issue/{}/comment': ({ base, projectKey }) => ok(`${base}/issue/${projectKey}-1/comment?orderBy=created`),
  'POST /issue/{}/comment': async (scope) => {
    const issue = await scope.newIssue();
    return [
      { path: `${scope.base}/issue/${issue.key}/comment`, body: { body: scope.text('Plain comment') }, status: 201 },
      {
        path: `${scope.base}/issue/${issue.key}/comment`,
        body: { body: scope.text('Restricted comment'), visibility: { type: 'group', value: 'engineering' } },
        status: 201,
      },
    ];
  },
  'GET /issue/{}/comment/{}': async (scope) => {
    const issue = await scope.newIssue();
    return ok(`${scope.base}/issue/${issue.key}/comment/${await scope.newComment(issue.key)}`);
  },
  'PUT /issue/{}/comment/{}': async (scope) => {
    const issue = await scope.newIssue();
    return ok(`${scope.base}/issue/${issue.key}/comment/${await scope.newComment(issue.key)}`, 200, {
      body: { body: scope.text('Edited comment'), visibility: { type: 'role', value: 'Developers' } },
    });
  },
  'DELETE /issue/{}/comment/{}': async (scope) => {
    const issue = await scope.newIssue();
    return ok(`${scope.base}/issue/${issue.key}/comment/${await scope.newComment(issue.key)}`, 204);
  },

  // Search (Cloud: enhanced search; the old endpoint is gone).
  'GET /search/jql': ({ base, projectKey }) => [
    ...ok(
      `${base}/search/jql?jql=${encodeURIComponent(`project = ${projectKey} ORDER BY key`)}&fields=summary,status&maxResults=2`,
    ),
    ...ok(`${base}/search/jql?jql=${encodeURIComponent('project = ')}`, 400),
  ],
  'POST /search/jql': ({ base, projectKey }) =>
    ok(`${base}/search/jql`, 200, {
      body: {
        jql: `project = ${projectKey} ORDER BY created DESC`,
        fields: ['summary', 'updated'],
        maxResults: 2,
        expand: 'changelog',
      },
    }),
  'POST /search/approximate-count': ({ base, projectKey }) =>
    ok(`${base}/search/approximate-count`, 200, { body: { jql: `project = ${projectKey}` } }),
  'GET /search': ({ base, flavor, projectKey }) =>
    flavor === 'cloud'
      ? ok(`${base}/search?jql=project=${projectKey}`, 410, {
          // Atlassian removed /rest/api/{2,3}/search in 2025; the document still describes it (no 410 there).
          undocumented: 'the removed search answers 410, which the document predates',
          check: (body) => assertHasKeys(body, ['errorMessages[]']),
        })
      : [
          ...ok(
            `${base}/search?jql=${encodeURIComponent(`project = ${projectKey} ORDER BY key`)}&startAt=0&maxResults=2&fields=summary,status`,
          ),
          ...ok(`${base}/search?jql=${encodeURIComponent('nosuchfield = 1')}`, 400),
        ],
  'POST /search': ({ base, flavor, projectKey }) =>
    flavor === 'cloud'
      ? ok(`${base}/search`, 410, {
          body: { jql: `project = ${projectKey}` },
          undocumented: 'the removed search answers 410, which the document predates',
          check: (body) => assertHasKeys(body, ['errorMessages[]']),
        })
      : ok(`${base}/search`, 200, {
          body: { jql: `project = ${projectKey}`, startAt: 0, maxResults: 2, fields: ['summary'] },
        }),

  // Attachments.
  'POST /issue/{}/attachments': async (scope) => {
    const issue = await scope.newIssue();
    return ok(`${scope.base}/issue/${issue.key}/attachments`, 200, {
      form: uploadForm('report.txt'),
      headers: NO_CHECK,
    });
  },
  'GET /attachment/meta': ({ base }) => ok(`${base}/attachment/meta`),
  'GET /attachment/{}': async (scope) => ok(`${scope.base}/attachment/${await firstAttachmentId(scope)}`),
  'DELETE /attachment/{}': async (scope) => ok(`${scope.base}/attachment/${await firstAttachmentId(scope)}`, 204),
  'GET /attachment/content/{}': async (scope) =>
    ok(`${scope.base}/attachment/content/${await firstAttachmentId(scope)}?redirect=false`),

  // Issue links and remote links.
  'POST /issueLink': async (scope) => {
    const [from, to] = [await scope.newIssue(), await scope.newIssue()];
    return ok(`${scope.base}/issueLink`, 201, {
      body: { type: { name: 'Relates' }, inwardIssue: { key: from.key }, outwardIssue: { key: to.key } },
    });
  },
  'GET /issueLink/{}': async (scope) => ok(`${scope.base}/issueLink/${await newIssueLink(scope)}`),
  'DELETE /issueLink/{}': async (scope) => ok(`${scope.base}/issueLink/${await newIssueLink(scope)}`, 204),
  'GET /issue/{}/remotelink': async (scope) => {
    const link = await newRemoteLink(scope);
    return [
      ...ok(`${scope.base}/issue/${link.key}/remotelink`),
      ...ok(`${scope.base}/issue/${link.key}/remotelink?globalId=${encodeURIComponent(link.globalId)}`),
    ];
  },
  'POST /issue/{}/remotelink': async (scope) => {
    const issue = await scope.newIssue();
    const body = { globalId: `contract-${scope.unique()}`, object: { url: 'https://example.com/a', title: 'A' } };
    return [
      { path: `${scope.base}/issue/${issue.key}/remotelink`, body, status: 201 },
      // Upsert by globalId: the second post updates the same link (200).
      {
        path: `${scope.base}/issue/${issue.key}/remotelink`,
        body: { ...body, object: { ...body.object, title: 'B' } },
        status: 200,
      },
    ];
  },
  'DELETE /issue/{}/remotelink': async (scope) => {
    const link = await newRemoteLink(scope);
    return ok(`${scope.base}/issue/${link.key}/remotelink?globalId=${encodeURIComponent(link.globalId)}`, 204);
  },
  'GET /issue/{}/remotelink/{}': async (scope) => {
    const link = await newRemoteLink(scope);
    return ok(`${scope.base}/issue/${link.key}/remotelink/${link.id}`);
  },
  'PUT /issue/{}/remotelink/{}': async (scope) => {
    const link = await newRemoteLink(scope);
    return ok(`${scope.base}/issue/${link.key}/remotelink/${link.id}`, 204, {
      body: { globalId: link.globalId, object: { url: 'https://example.com/tickets/1', title: 'Renamed' } },
    });
  },
  'DELETE /issue/{}/remotelink/{}': async (scope) => {
    const link = await newRemoteLink(scope);
    return ok(`${scope.base}/issue/${link.key}/remotelink/${link.id}`, 204);
  },

  // Entity properties.
  'GET /issue/{}/properties': async (scope) => {
    const issue = await scope.newIssue();
    await scope.http.expect('PUT', `${scope.base}/issue/${issue.key}/properties/tandem.sync`, { body: { rev: 1 } });
    return ok(`${scope.base}/issue/${issue.key}/properties`);
  },
  'GET /issue/{}/properties/{}': async (scope) => {
    const issue = await scope.newIssue();
    await scope.http.expect('PUT', `${scope.base}/issue/${issue.key}/properties/tandem.sync`, { body: { rev: 1 } });
    return [
      ...ok(`${scope.base}/issue/${issue.key}/properties/tandem.sync`),
      ...ok(`${scope.base}/issue/${issue.key}/properties/no.such.property`, 404),
    ];
  },
  'PUT /issue/{}/properties/{}': async (scope) => {
    const issue = await scope.newIssue();
    const path = `${scope.base}/issue/${issue.key}/properties/tandem.sync`;
    return [
      { path, body: { rev: 1, origin: 'contract' }, status: 201 },
      { path, body: { rev: 2, origin: 'contract' }, status: 200 },
    ];
  },
  'DELETE /issue/{}/properties/{}': async (scope) => {
    const issue = await scope.newIssue();
    await scope.http.expect('PUT', `${scope.base}/issue/${issue.key}/properties/tandem.sync`, { body: { rev: 1 } });
    return ok(`${scope.base}/issue/${issue.key}/properties/tandem.sync`, 204);
  },
  'GET /comment/{}/properties': async (scope) => {
    const comment = await scope.newComment((await scope.newIssue()).key);
    await scope.http.expect('PUT', `${scope.base}/comment/${comment}/properties/sd.public.comment`, {
      body: { internal: true },
    });
    return ok(`${scope.base}/comment/${comment}/properties`);
  },
  'GET /comment/{}/properties/{}': async (scope) => {
    const comment = await scope.newComment((await scope.newIssue()).key);
    await scope.http.expect('PUT', `${scope.base}/comment/${comment}/properties/sd.public.comment`, {
      body: { internal: true },
    });
    return ok(`${scope.base}/comment/${comment}/properties/sd.public.comment`);
  },
  'PUT /comment/{}/properties/{}': async (scope) => {
    const comment = await scope.newComment((await scope.newIssue()).key);
    const path = `${scope.base}/comment/${comment}/properties/sd.public.comment`;
    return [
      { path, body: { internal: true }, status: 201 },
      { path, body: { internal: false }, status: 200 },
    ];
  },
  'DELETE /comment/{}/properties/{}': async (scope) => {
    const comment = await scope.newComment((await scope.newIssue()).key);
    await scope.http.expect('PUT', `${scope.base}/comment/${comment}/properties/sd.public.comment`, {
      body: { internal: true },
    });
    return ok(`${scope.base}/comment/${comment}/properties/sd.public.comment`, 204);
  },

  // Worklogs.
  'GET /issue/{}/worklog': async (scope) => ok(`${scope.base}/issue/${(await newWorklog(scope)).key}/worklog`),
  'POST /issue/{}/worklog': async (scope) =>
    ok(`${scope.base}/issue/${(await scope.newIssue()).key}/worklog`, 201, {
      body: { timeSpent: '1h 30m', started: '2026-04-25T10:00:00.000+0000', comment: scope.text('Worked on it') },
    }),
  'GET /issue/{}/worklog/{}': async (scope) => {
    const worklog = await newWorklog(scope);
    return ok(`${scope.base}/issue/${worklog.key}/worklog/${worklog.id}`);
  },
  'PUT /issue/{}/worklog/{}': async (scope) => {
    const worklog = await newWorklog(scope);
    return ok(`${scope.base}/issue/${worklog.key}/worklog/${worklog.id}`, 200, {
      body: { timeSpentSeconds: 7200, comment: scope.text('Took longer') },
    });
  },
  'DELETE /issue/{}/worklog/{}': async (scope) => {
    const worklog = await newWorklog(scope);
    return ok(`${scope.base}/issue/${worklog.key}/worklog/${worklog.id}`, 204);
  },

  'GET /worklog/updated': async (scope) => {
    await newWorklog(scope);
    return ok(`${scope.base}/worklog/updated?since=0`);
  },
  'POST /worklog/list': async (scope) => {
    const worklog = await newWorklog(scope);
    return ok(`${scope.base}/worklog/list`, 200, { body: { ids: [Number(worklog.id)] } });
  },

  // Changelog (Cloud pages it; DC only has expand=changelog).
  'GET /issue/{}/changelog': ({ base, projectKey }) =>
    ok(`${base}/issue/${projectKey}-1/changelog?startAt=0&maxResults=10`),
  'POST /issue/{}/changelog/list': async ({ base, http, projectKey }) => {
    const page = await http.object('GET', `${base}/issue/${projectKey}-1/changelog`);
    const ids = ((page['values'] as { id: string }[] | undefined) ?? []).map((history) => Number(history.id));
    return ok(`${base}/issue/${projectKey}-1/changelog/list`, 200, { body: { changelogIds: ids } });
  },

  // Admin webhook registration: a plugin resource neither document describes (UNDOCUMENTED_ROUTES); checked for
  // the keys of the captured registration objects (fixtures dc-v2-jira-ruby/webhook.json) instead.
  'GET /rest/webhooks/1.0/webhook': async (scope) => {
    await newWebhook(scope);
    return ok('/rest/webhooks/1.0/webhook', 200, {
      undocumented: 'webhook registration (plugin resource)',
      check: (body) =>
        assertHasKeys(
          body,
          webhookKeys.map((key) => `[].${key}`),
        ),
    });
  },
  'POST /rest/webhooks/1.0/webhook': ({ unique }) =>
    ok('/rest/webhooks/1.0/webhook', 201, {
      body: {
        name: `hook ${unique()}`,
        url: 'http://127.0.0.1:9/hook',
        events: ['jira:issue_created', 'jira:issue_updated', 'comment_created'],
        filters: { 'issue-related-events-section': 'project = BLUE' },
        excludeBody: false,
        enabled: true,
      },
      undocumented: 'webhook registration (plugin resource)',
      check: (body) => assertHasKeys(body, webhookKeys),
    }),
  'GET /rest/webhooks/1.0/webhook/{}': async (scope) =>
    ok(`/rest/webhooks/1.0/webhook/${await newWebhook(scope)}`, 200, {
      undocumented: 'webhook registration (plugin resource)',
      check: (body) => assertHasKeys(body, webhookKeys),
    }),
  'PUT /rest/webhooks/1.0/webhook/{}': async (scope) =>
    ok(`/rest/webhooks/1.0/webhook/${await newWebhook(scope)}`, 200, {
      body: { name: 'renamed hook', url: 'http://127.0.0.1:9/other', events: ['jira:issue_updated'], enabled: false },
      undocumented: 'webhook registration (plugin resource)',
      check: (body) => assertHasKeys(body, webhookKeys),
    }),
  'DELETE /rest/webhooks/1.0/webhook/{}': async (scope) =>
    ok(`/rest/webhooks/1.0/webhook/${await newWebhook(scope)}`, 204, {
      undocumented: 'webhook registration (plugin resource)',
    }),
};

/** A running emulator and the scope its examples use. */
interface Target {
  readonly emulator: JiraEmulator;
  scope(version: 2 | 3): ExampleScope;
}

let counter = 0;

async function startTarget(flavor: JiraFlavor): Promise<Target> {
  const emulator = await startJiraEmulator({
    flavor,
    port: 0,
    seed: 'demo',
    frozenClockAt: Date.UTC(2026, 3, 25, 18, 35, 13, 605),
  });
  const http = new JiraHttp(flavor, emulator.url);
  const projectKey = flavor === 'cloud' ? 'BLUE' : 'GREEN';
  const accountIds = new Map<string, string>();
  if (flavor === 'cloud') {
    for (const name of ['admin', 'alice', 'bob', 'carol']) {
      const user = emulator.context.state.data.users.find((candidate) => candidate.name === name);
      assert.ok(user, `demo user ${name}`);
      accountIds.set(name, user.accountId);
    }
  }
  const scope = (version: 2 | 3): ExampleScope => {
    const base = `/rest/api/${version}`;
    const text = (plain: string): unknown =>
      flavor === 'cloud' && version === 3
        ? { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: plain }] }] }
        : plain;
    return {
      flavor,
      http,
      base,
      version,
      projectKey,
      text,
      userRef: (name) => (flavor === 'cloud' ? { accountId: accountIds.get(name) ?? name } : { name }),
      userQuery: (name) => (flavor === 'cloud' ? `accountId=${accountIds.get(name) ?? name}` : `username=${name}`),
      unique: () => String((counter += 1)),
      customFieldId: (name) => {
        const field = emulator.context.state.data.customFields.find((candidate) => candidate.name === name);
        assert.ok(field, `demo custom field ${name}`);
        return field.id;
      },
      newIssue: async (fields = {}) => {
        const made = await http.object('POST', `${base}/issue`, {
          body: {
            fields: { project: { key: projectKey }, issuetype: { name: 'Task' }, summary: 'Example issue', ...fields },
          },
          status: 201,
        });
        return { key: String(made['key']), id: String(made['id']) };
      },
      newComment: async (issueKey) => {
        const made = await http.object('POST', `${base}/issue/${issueKey}/comment`, {
          body: { body: text('Example comment') },
          status: 201,
        });
        return String(made['id']);
      },
    };
  };
  return { emulator, scope };
}

const targets = new Map<JiraFlavor, Target>();
for (const flavor of JIRA_FLAVORS) targets.set(flavor, await startTarget(flavor));
after(async () => {
  for (const target of targets.values()) await target.emulator.close();
});

for (const flavor of JIRA_FLAVORS) {
  const target = targets.get(flavor);
  assert.ok(target);
  const routes = target.emulator.routes.filter((route) => excludedFromContract(flavor, route.url) === undefined);

  void describe(`${flavor}: routes`, () => {
    void it('serves only routes that the document has (allow-listed plugin resources excepted)', () => {
      const unknown = routes
        .filter((route) => !specHasRoute(flavor, route.method, route.url))
        .map((route) => `${route.method} ${route.url}`);
      assert.deepEqual(unknown, [], `the emulator serves routes Jira's ${flavor} document does not have`);
    });

    void it('has an example request for every route it serves', () => {
      const missing = [...new Set(routes.map((route) => routeKey(route.method, route.url)))].filter(
        (key) => EXAMPLES[key] === undefined,
      );
      assert.deepEqual(
        missing,
        [],
        `add an example to EXAMPLES in contract.integration.test.ts for: ${missing.join(', ')}`,
      );
    });
  });

  void describe(`${flavor}: every response matches the document`, () => {
    for (const route of routes) {
      const example = EXAMPLES[routeKey(route.method, route.url)];
      const version = /^\/rest\/api\/3\//.test(route.url) ? 3 : 2;
      void it(
        `${route.method} ${route.url}`,
        { skip: example ? false : 'no example yet (see the coverage test)' },
        async () => {
          assert.ok(example);
          const requests = await example(target.scope(version));
          assert.ok(requests.length > 0, 'an example makes at least one request');
          const problems: string[] = [];
          for (const request of requests) {
            assert.ok(
              pathFitsRoute(request.path, route.url),
              `example path ${request.path} does not reach ${route.url}`,
            );
            const response = await target.scope(version).http.call(route.method, request.path, {
              body: request.body,
              ...(request.form ? { form: request.form } : {}),
              ...(request.headers ? { headers: request.headers } : {}),
            });
            const label = `${route.method} ${request.path} → ${response.status}`;
            if (response.status !== request.status) {
              problems.push(
                `${label}: expected status ${request.status}; body ${JSON.stringify(response.body)?.slice(0, 300)}`,
              );
              continue;
            }
            if (request.undocumented !== undefined) {
              request.check?.(response.body);
              continue;
            }
            const result = validateResponse(flavor, route.method, request.path, response.status, response.body);
            // Array elements report alike: name each problem once (`[31]: …` … `[43]: …` → `[]: …`).
            const errors = [...new Set(result.errors.map((error) => error.replace(/\[\d+\]/g, '[]')))];
            if (!result.ok) problems.push(`${label}:\n    ${errors.join('\n    ')}`);
            // Errors must come in Jira's error body.
            if (response.status >= 400) assertHasKeys(response.body, ['errorMessages', 'errors']);
          }
          if (problems.length > 0)
            assert.fail(`responses that do not match the ${flavor} document:\n  ${problems.join('\n  ')}`);
        },
      );
    }
  });
}
