/**
 * Demo data for `--seed demo`: a few users (one with a hidden e-mail on Cloud), custom fields of every common
 * type, two projects with components and versions, and issues with rich descriptions, comments (one restricted
 * to a group) and attachments. Cloud gets BLUE and SUP, Data Center GREEN and ENG, so a sync demo can pair them.
 */
import type { EmulatorContext } from '../emulator-context.ts';
import type { RenderContext } from '../render/render-context.ts';
import { parseRichText } from '../render/rich-text-view.ts';
import { addAttachment } from './attachment-operations.ts';
import { makeUser } from './defaults.ts';
import { nextId } from './jira-data.ts';
import { createIssue, transitionIssue } from './issue-operations.ts';
import { createProject } from './project-operations.ts';
import type { CustomField, CustomFieldKind, FieldOption, Issue } from './types.ts';

// A 1×1 transparent PNG, so the demo has an image attachment.
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

function option(data: EmulatorContext['state']['data'], value: string, children?: string[]): FieldOption {
  const made: FieldOption = { id: nextId(data, 'option'), value, disabled: false };
  if (children) made.children = children.map((child) => option(data, child));
  return made;
}

function addCustomField(
  ctx: EmulatorContext,
  name: string,
  kind: CustomFieldKind,
  options: FieldOption[] = [],
): CustomField {
  const numericId = Number(nextId(ctx.state.data, 'customField', 10000));
  const field: CustomField = { id: `customfield_${numericId}`, numericId, name, description: '', kind, options };
  ctx.state.data.customFields.push(field);
  return field;
}

export function seedDemoData(ctx: EmulatorContext): void {
  const { state } = ctx;
  const data = state.data;
  const admin = data.users[0];
  if (!admin) throw new Error('the emulator has no admin user');
  const cloud = ctx.flavor === 'cloud';
  const alice = makeUser(data, {
    name: 'alice',
    displayName: 'Alice Moreau',
    groups: ['jira-software-users', 'support-team'],
  });
  const bob = makeUser(data, {
    name: 'bob',
    displayName: 'Bob Okafor',
    emailVisible: !cloud,
    groups: ['jira-software-users'],
  });
  const carol = makeUser(data, {
    name: 'carol',
    displayName: 'Carol Nguyen',
    groups: ['jira-software-users', 'engineering'],
  });
  data.users.push(alice, bob, carol);
  data.groups.push(
    { name: 'support-team', groupId: `${data.groups.length}-support` },
    { name: 'engineering', groupId: `${data.groups.length}-eng` },
  );
  admin.groups.push('support-team', 'engineering');

  const team = addCustomField(ctx, 'Team', 'select', [
    option(data, 'Platform'),
    option(data, 'Mobile'),
    option(data, 'Web'),
  ]);
  const severity = addCustomField(ctx, 'Severity', 'select', [
    option(data, 'S1'),
    option(data, 'S2'),
    option(data, 'S3'),
  ]);
  addCustomField(ctx, 'Customer', 'text');
  addCustomField(ctx, 'Root cause', 'paragraph');
  const points = addCustomField(ctx, 'Story points', 'number');
  const start = addCustomField(ctx, 'Start date', 'date');
  addCustomField(ctx, 'Deployed at', 'datetime');
  addCustomField(ctx, 'Platforms', 'multiselect', [option(data, 'iOS'), option(data, 'Android'), option(data, 'Web')]);
  addCustomField(ctx, 'Region', 'cascadingselect', [
    option(data, 'Europe', ['France', 'Germany']),
    option(data, 'Americas', ['Brazil', 'Canada']),
  ]);
  addCustomField(ctx, 'Approver', 'user');
  addCustomField(ctx, 'Reviewers', 'multiuser');
  addCustomField(ctx, 'Tags', 'labels');
  addCustomField(ctx, 'Runbook', 'url');

  const [mainKey, mainName, otherKey, otherName] = cloud
    ? ['BLUE', 'Blue Support', 'SUP', 'Customer Requests']
    : ['GREEN', 'Green Engineering', 'ENG', 'Platform Engineering'];
  const main = createProject(state, {
    key: mainKey,
    name: mainName,
    leadAccountId: admin.accountId,
    description: `${mainName} (demo project)`,
  });
  createProject(state, {
    key: otherKey,
    name: otherName,
    leadAccountId: alice.accountId,
    description: `${otherName} (demo project)`,
  });
  main.components.push(
    { id: nextId(data, 'component'), name: 'Backend', description: 'Services and APIs' },
    { id: nextId(data, 'component'), name: 'Frontend', description: 'Web app' },
  );
  main.versions.push(
    {
      id: nextId(data, 'version'),
      name: '1.0',
      description: 'First release',
      released: true,
      archived: false,
      releaseDate: '2026-06-01',
    },
    { id: nextId(data, 'version'), name: '2.0', description: '', released: false, archived: false, releaseDate: null },
  );

  // Wiki markup through REST v2 works on both flavours (Cloud converts it to ADF).
  const rc: RenderContext = { ctx, apiVersion: 2, viewer: admin };
  const create = (fields: Record<string, unknown>): Issue =>
    createIssue(rc, { fields: { project: { key: mainKey }, ...fields } });
  const user = (accountId: string, name: string) => (cloud ? { accountId } : { name });

  const login = create({
    summary: 'Customers cannot log in with SSO',
    issuetype: { name: 'Bug' },
    priority: { name: 'High' },
    labels: ['sso', 'customer-reported'],
    description:
      'h2. What happens\nAfter the identity provider redirects back, the app shows *Access denied*.\n\n# Open the login page\n# Choose _Sign in with SSO_\n# See the error\n\n{code:javascript}\nconsole.log(session.user); // undefined\n{code}',
    assignee: user(alice.accountId, alice.name),
    [severity.id]: { value: 'S1' },
    [team.id]: { value: 'Platform' },
  });
  const export_ = create({
    summary: 'Export to CSV drops the last row',
    issuetype: { name: 'Task' },
    labels: ['export'],
    description:
      'The CSV export of the issue list is missing its last line.\n\n||Rows shown||Rows exported||\n|120|119|',
    duedate: '2026-12-15',
    [points.id]: 3,
    [start.id]: '2026-12-01',
  });
  const dark = create({
    summary: 'Dark mode for the dashboard',
    issuetype: { name: 'Story' },
    description: 'As a user I want a dark theme so that I can work at night.',
  });
  create({
    summary: 'Upgrade the database driver',
    issuetype: { name: 'Task' },
    assignee: user(carol.accountId, carol.name),
  });

  const comment = (
    issue: Issue,
    author: typeof admin,
    body: string,
    visibility?: { type: 'group' | 'role'; value: string },
  ) => {
    const now = ctx.clock.now();
    issue.comments.push({
      id: nextId(data, 'comment'),
      authorId: author.accountId,
      updateAuthorId: author.accountId,
      body: parseWiki(rc, body),
      created: now,
      updated: now,
      visibility: visibility ?? null,
      properties: {},
    });
    issue.updated = now;
  };
  comment(login, alice, 'I can reproduce this with the staging identity provider.');
  comment(login, bob, 'Logs attached. The session cookie is set *before* the redirect.');
  comment(login, carol, 'Internal: this is caused by the cookie SameSite change.', {
    type: 'group',
    value: 'engineering',
  });
  comment(export_, admin, 'Confirmed on 1.0.');
  addAttachment(
    rc,
    login,
    'server.log',
    'text/plain',
    Buffer.from('2026-11-20 10:00:01 ERROR session missing after redirect\n'),
  );
  addAttachment(rc, login, 'screenshot.png', 'image/png', TINY_PNG);
  addAttachment(rc, dark, 'mockup.png', 'image/png', TINY_PNG);
  transitionIssue(rc, login, { transition: { id: '11' } });
  state.touch();
}

/** Rich text from wiki markup as a REST v2 request would store it (Cloud converts to ADF). */
function parseWiki(rc: RenderContext, wiki: string): Issue['comments'][number]['body'] {
  const parsed = parseRichText(rc, wiki);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}
