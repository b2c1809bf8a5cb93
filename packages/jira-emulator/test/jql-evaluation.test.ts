// JQL evaluation over the emulator's model, on both flavours, without HTTP: every operator, the fields a sync engine
// queries, relative and absolute dates with a frozen clock and the searcher's time zone, currentUser(), restricted
// comments, ORDER BY, and Jira's 400 errors.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { MemoryBlobStore } from '../src/attachments/blob-store.ts';
import { EmulatorClock } from '../src/clock/emulator-clock.ts';
import type { EmulatorContext } from '../src/emulator-context.ts';
import { DEFAULT_SETTINGS } from '../src/emulator-settings.ts';
import { JiraError } from '../src/http/jira-error.ts';
import { compileJql } from '../src/jql/compile-jql.ts';
import { matchesJql } from '../src/jql/match-jql.ts';
import { createDefaultData, makeUser } from '../src/model/defaults.ts';
import { createIssue } from '../src/model/issue-operations.ts';
import { JiraEventBus } from '../src/model/jira-events.ts';
import { nextId } from '../src/model/jira-data.ts';
import { JiraState } from '../src/model/jira-state.ts';
import { createProject } from '../src/model/project-operations.ts';
import type { CustomField, Flavor, Issue, User } from '../src/model/types.ts';
import type { RenderContext } from '../src/render/render-context.ts';
import { SearchIndex } from '../src/search/search-index.ts';

const T0 = Date.parse('2026-03-10T12:00:00.000Z'); // a Tuesday
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface World {
  ctx: EmulatorContext;
  admin: User;
  alice: User;
  bob: User;
  issues: Record<string, Issue>;
  points: CustomField;
  team: CustomField;
}

function userRef(flavor: Flavor, user: User): Record<string, string> {
  return flavor === 'cloud' ? { accountId: user.accountId } : { name: user.name };
}

/** An emulator context without HTTP, with two projects and a handful of issues created a day apart. */
function makeWorld(flavor: Flavor): World {
  const state = new JiraState(createDefaultData(flavor));
  const clock = new EmulatorClock();
  clock.freeze(T0 - 10 * DAY);
  const events = new JiraEventBus();
  const ctx = {
    flavor,
    state,
    clock,
    events,
    blobs: new MemoryBlobStore(),
    settings: { ...DEFAULT_SETTINGS },
    searchIndex: new SearchIndex({ state, clock, events }),
    baseUrl: () => 'http://127.0.0.1:1',
  } as unknown as EmulatorContext;
  const data = state.data;
  const admin = data.users[0];
  assert.ok(admin);
  const alice = makeUser(data, {
    name: 'alice',
    displayName: 'Alice Moreau',
    groups: ['jira-software-users', 'support-team'],
    timeZone: 'Europe/Paris',
  });
  const bob = makeUser(data, { name: 'bob', displayName: 'Bob Okafor', groups: ['jira-software-users'] });
  data.users.push(alice, bob);
  data.groups.push({ name: 'support-team', groupId: 'g-support' });
  const points: CustomField = {
    id: 'customfield_10100',
    numericId: 10100,
    name: 'Story points',
    description: '',
    kind: 'number',
    options: [],
  };
  const team: CustomField = {
    id: 'customfield_10101',
    numericId: 10101,
    name: 'Team',
    description: '',
    kind: 'select',
    options: [
      { id: nextId(data, 'option'), value: 'Platform', disabled: false },
      { id: nextId(data, 'option'), value: 'Mobile', disabled: false },
    ],
  };
  data.customFields.push(points, team);
  createProject(state, { key: 'ALPHA', name: 'Alpha', leadAccountId: admin.accountId });
  createProject(state, { key: 'BETA', name: 'Beta', leadAccountId: admin.accountId });
  const rc: RenderContext = { ctx, apiVersion: 2, viewer: admin };
  const make = (fields: Record<string, unknown>): Issue => {
    clock.advance(DAY);
    return createIssue(rc, { fields: { issuetype: { name: 'Task' }, ...fields } });
  };
  const issues: Record<string, Issue> = {
    login: make({
      project: { key: 'ALPHA' },
      summary: 'Login fails on Safari',
      description: 'The *session* cookie is dropped after redirect.',
      labels: ['auth', 'customer'],
      assignee: userRef(flavor, alice),
      priority: { name: 'High' },
      duedate: '2026-03-12',
      [points.id]: 5,
      [team.id]: { value: 'Platform' },
    }),
    export: make({
      project: { key: 'ALPHA' },
      summary: 'Export to CSV is slow',
      issuetype: { name: 'Bug' },
      labels: ['perf'],
      assignee: userRef(flavor, bob),
      priority: { name: 'Low' },
      [points.id]: 2,
    }),
    docs: make({ project: { key: 'BETA' }, summary: 'Write onboarding docs' }),
  };
  const login = issues['login'];
  assert.ok(login);
  login.properties['sync'] = { state: 'linked', revision: 7 };
  // A comment restricted to support-team, as Jira stores one with visibility.
  login.comments.push({
    id: nextId(data, 'comment'),
    authorId: alice.accountId,
    updateAuthorId: alice.accountId,
    body:
      flavor === 'cloud'
        ? {
            type: 'doc',
            version: 1,
            content: [{ type: 'paragraph', content: [{ type: 'text', text: 'secret workaround inside' }] }],
          }
        : 'secret workaround inside',
    created: clock.now(),
    updated: clock.now(),
    visibility: { type: 'group', value: 'support-team' },
    properties: {},
  });
  clock.set(T0);
  return { ctx, admin, alice, bob, issues, points, team };
}

function keys(world: World, jql: string, viewer: User = world.admin): string[] {
  const compiled = compileJql(world.ctx, viewer, jql);
  return world.ctx.state.data.issues
    .filter((issue) => compiled.matches(issue))
    .sort(compiled.compare)
    .map((issue) => issue.key);
}

function jqlErrorOf(world: World, jql: string, viewer: User = world.admin): string {
  try {
    compileJql(world.ctx, viewer, jql);
  } catch (error) {
    assert.ok(error instanceof JiraError, `expected a JiraError, got ${String(error)}`);
    assert.equal(error.status, 400);
    assert.deepEqual(error.errors, {});
    return error.errorMessages[0] ?? '';
  }
  assert.fail(`expected ${jql} to be rejected`);
}

for (const flavor of ['cloud', 'datacenter'] as const) {
  void test(`${flavor}: equality, IN, negation and EMPTY on entity fields`, () => {
    const world = makeWorld(flavor);
    assert.deepEqual(keys(world, 'project = ALPHA'), ['ALPHA-2', 'ALPHA-1']);
    assert.deepEqual(keys(world, 'project != ALPHA'), ['BETA-1']);
    assert.deepEqual(keys(world, 'project in (ALPHA, BETA) AND issuetype = Bug'), ['ALPHA-2']);
    assert.deepEqual(keys(world, 'type not in (Bug)'), ['BETA-1', 'ALPHA-1']);
    assert.deepEqual(keys(world, 'status = "To Do" AND statusCategory = new'), ['BETA-1', 'ALPHA-2', 'ALPHA-1']);
    assert.deepEqual(keys(world, 'priority > Medium'), ['ALPHA-1']);
    assert.deepEqual(keys(world, 'priority <= Medium'), ['BETA-1', 'ALPHA-2']);
    assert.deepEqual(keys(world, 'resolution = Unresolved'), ['BETA-1', 'ALPHA-2', 'ALPHA-1']);
    assert.deepEqual(keys(world, 'resolution is not EMPTY'), []);
    assert.deepEqual(keys(world, 'labels = AUTH'), ['ALPHA-1']);
    // Jira's != never returns issues where the field is empty; NOT (...) does.
    assert.deepEqual(keys(world, 'labels != auth'), ['ALPHA-2']);
    assert.deepEqual(keys(world, 'NOT labels = auth'), ['BETA-1', 'ALPHA-2']);
    assert.deepEqual(keys(world, 'labels is EMPTY'), ['BETA-1']);
    assert.deepEqual(keys(world, 'labels in (perf, EMPTY)'), ['BETA-1', 'ALPHA-2']);
    assert.deepEqual(keys(world, 'key = alpha-1 OR issuekey = BETA-1'), ['BETA-1', 'ALPHA-1']);
    assert.deepEqual(keys(world, `id = ${world.issues['export']?.id ?? ''}`), ['ALPHA-2']);
    assert.deepEqual(keys(world, 'key > ALPHA-1'), ['ALPHA-2']);
    assert.deepEqual(keys(world, '(project = BETA OR labels = perf) AND NOT (assignee is EMPTY)'), ['ALPHA-2']);
  });

  void test(`${flavor}: users by ${flavor === 'cloud' ? 'accountId' : 'username'}, currentUser() and membersOf()`, () => {
    const world = makeWorld(flavor);
    const aliceRef = flavor === 'cloud' ? world.alice.accountId : 'alice';
    assert.deepEqual(keys(world, `assignee = "${aliceRef}"`), ['ALPHA-1']);
    assert.deepEqual(keys(world, 'assignee = currentUser()', world.bob), ['ALPHA-2']);
    assert.deepEqual(keys(world, 'assignee in (currentUser(), EMPTY)', world.bob), ['BETA-1', 'ALPHA-2']);
    assert.deepEqual(keys(world, 'assignee in membersOf("support-team")'), ['ALPHA-1']);
    assert.deepEqual(keys(world, 'reporter = currentUser() AND creator = currentUser()'), [
      'BETA-1',
      'ALPHA-2',
      'ALPHA-1',
    ]);
    if (flavor === 'cloud') {
      // Cloud does not resolve usernames, e-mail addresses or display names in JQL.
      assert.equal(jqlErrorOf(world, 'assignee = alice'), "The value 'alice' does not exist for the field 'assignee'.");
      assert.equal(
        jqlErrorOf(world, 'assignee = "alice@example.com"'),
        "The value 'alice@example.com' does not exist for the field 'assignee'.",
      );
    } else {
      assert.deepEqual(keys(world, `assignee = ${world.alice.key}`), ['ALPHA-1']);
      assert.equal(
        jqlErrorOf(world, `assignee = "${world.alice.accountId}"`),
        `The value '${world.alice.accountId}' does not exist for the field 'assignee'.`,
      );
    }
  });

  void test(`${flavor}: text search with ~ and !~, restricted comments only for those who may read them`, () => {
    const world = makeWorld(flavor);
    assert.deepEqual(keys(world, 'summary ~ safari'), ['ALPHA-1']);
    assert.deepEqual(keys(world, 'summary ~ "login safari"'), ['ALPHA-1']);
    assert.deepEqual(keys(world, 'summary ~ "saf*"'), ['ALPHA-1']);
    assert.deepEqual(keys(world, 'summary ~ "\\"fails on\\""'), ['ALPHA-1']);
    assert.deepEqual(keys(world, 'summary ~ "\\"on fails\\""'), []);
    assert.deepEqual(keys(world, 'summary ~ saf'), [], 'whole words only without a wildcard');
    assert.deepEqual(keys(world, 'summary !~ safari'), ['BETA-1', 'ALPHA-2']);
    assert.deepEqual(keys(world, 'description ~ "SESSION"'), ['ALPHA-1']);
    assert.deepEqual(keys(world, 'description is EMPTY'), ['BETA-1', 'ALPHA-2']);
    assert.deepEqual(keys(world, 'text ~ onboarding'), ['BETA-1']);
    // alice is in support-team and may read the restricted comment; bob is not.
    assert.deepEqual(keys(world, 'comment ~ workaround', world.alice), ['ALPHA-1']);
    assert.deepEqual(keys(world, 'comment ~ workaround', world.bob), []);
    assert.deepEqual(keys(world, 'text ~ workaround', world.bob), []);
    assert.equal(
      jqlErrorOf(world, 'summary = "Login fails on Safari"'),
      "The operator '=' is not supported by the 'summary' field.",
    );
    assert.equal(jqlErrorOf(world, 'text !~ x'), "The operator '!~' is not supported by the 'text' field.");
  });

  void test(`${flavor}: relative dates, absolute dates at minute precision in the searcher's zone, date functions`, () => {
    const world = makeWorld(flavor);
    // Issues were created 9, 8 and 7 days before T0 (12:00 UTC).
    assert.deepEqual(keys(world, 'created >= -8d'), ['BETA-1', 'ALPHA-2']);
    assert.deepEqual(keys(world, 'created < "-8d"'), ['ALPHA-1']);
    assert.deepEqual(keys(world, 'created > -1w'), []);
    assert.deepEqual(keys(world, 'createdDate >= -7d'), ['BETA-1']);
    world.ctx.clock.advance(5 * MINUTE);
    assert.deepEqual(keys(world, 'created >= -7d'), [], 'relative dates move with the clock');
    assert.deepEqual(keys(world, 'created >= "-7d 5m"'), ['BETA-1']);
    assert.deepEqual(keys(world, 'updated >= "2026-03-03 12:00"'), ['BETA-1']);
    assert.deepEqual(keys(world, 'updated = "2026-03-03 12:00"'), ['BETA-1']);
    assert.deepEqual(keys(world, 'created > "2026/03/02"'), ['BETA-1', 'ALPHA-2']);
    // alice is in Europe/Paris (UTC+1 in March): 13:00 there is 12:00 UTC.
    assert.deepEqual(keys(world, 'created = "2026-03-03 13:00"', world.alice), ['BETA-1']);
    assert.deepEqual(keys(world, 'created = "2026-03-03 13:00"'), []);
    assert.deepEqual(keys(world, 'created < startOfDay(-6d)'), ['BETA-1', 'ALPHA-2', 'ALPHA-1']);
    assert.deepEqual(keys(world, 'created < startOfDay(-7d)'), ['ALPHA-2', 'ALPHA-1']);
    // Weeks start on Sunday: startOfWeek(-1w) is 2026-03-01 00:00 (a Monday start would exclude ALPHA-1 of 03-01).
    assert.deepEqual(keys(world, 'created > startOfWeek(-1w)'), ['BETA-1', 'ALPHA-2', 'ALPHA-1']);
    assert.deepEqual(keys(world, 'created >= startOfWeek()'), []);
    assert.deepEqual(keys(world, 'created < now() AND created < endOfDay()'), ['BETA-1', 'ALPHA-2', 'ALPHA-1']);
    assert.deepEqual(keys(world, 'resolved is EMPTY AND resolutiondate is EMPTY'), ['BETA-1', 'ALPHA-2', 'ALPHA-1']);
    assert.deepEqual(keys(world, 'duedate <= 2d'), ['ALPHA-1']);
    assert.deepEqual(keys(world, 'due = "2026-03-12"'), ['ALPHA-1']);
    assert.deepEqual(keys(world, 'duedate < startOfDay()'), []);
    assert.equal(
      jqlErrorOf(world, 'created > "last tuesday"'),
      "Date value 'last tuesday' for field 'created' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.",
    );
  });

  void test(`${flavor}: custom fields by cf[N] and by name, entity properties`, () => {
    const world = makeWorld(flavor);
    assert.deepEqual(keys(world, 'cf[10100] > 3'), ['ALPHA-1']);
    assert.deepEqual(keys(world, '"Story points" <= 5 order by "Story points" asc'), ['ALPHA-2', 'ALPHA-1']);
    assert.deepEqual(keys(world, '"story points" is EMPTY'), ['BETA-1']);
    assert.deepEqual(keys(world, 'Team = Platform'), ['ALPHA-1']);
    assert.deepEqual(keys(world, 'cf[10101] in (Mobile, EMPTY)'), ['BETA-1', 'ALPHA-2']);
    assert.equal(jqlErrorOf(world, 'Team = Sales'), "The option 'Sales' for field 'Team' does not exist.");
    assert.deepEqual(keys(world, 'issue.property[sync].state = linked'), ['ALPHA-1']);
    assert.deepEqual(keys(world, 'issue.property[sync].revision >= 7'), ['ALPHA-1']);
    assert.deepEqual(keys(world, 'issue.property[sync].revision > 7'), []);
    assert.deepEqual(keys(world, 'issue.property[sync].state is EMPTY'), ['BETA-1', 'ALPHA-2']);
  });

  void test(`${flavor}: ORDER BY and the default order (key, newest first)`, () => {
    const world = makeWorld(flavor);
    assert.deepEqual(keys(world, 'project in (ALPHA, BETA)'), ['BETA-1', 'ALPHA-2', 'ALPHA-1']);
    assert.deepEqual(keys(world, 'project in (ALPHA, BETA) ORDER BY created ASC'), ['ALPHA-1', 'ALPHA-2', 'BETA-1']);
    assert.deepEqual(keys(world, 'project in (ALPHA, BETA) ORDER BY key'), ['ALPHA-1', 'ALPHA-2', 'BETA-1']);
    assert.deepEqual(keys(world, 'project in (ALPHA, BETA) ORDER BY priority DESC, key DESC'), [
      'ALPHA-1',
      'BETA-1',
      'ALPHA-2',
    ]);
    // EMPTY sorts last ascending, first descending.
    assert.deepEqual(keys(world, 'project in (ALPHA, BETA) ORDER BY duedate ASC, key ASC'), [
      'ALPHA-1',
      'ALPHA-2',
      'BETA-1',
    ]);
    assert.deepEqual(keys(world, 'project in (ALPHA, BETA) ORDER BY assignee DESC'), ['BETA-1', 'ALPHA-2', 'ALPHA-1']);
    assert.deepEqual(keys(world, 'ORDER BY summary'), ['ALPHA-2', 'ALPHA-1', 'BETA-1']);
    assert.equal(compileJql(world.ctx, world.admin, 'ORDER BY summary').bounded, false);
    assert.equal(
      jqlErrorOf(world, 'project = ALPHA ORDER BY description'),
      "Not able to sort using field 'description'.",
    );
  });

  void test(`${flavor}: unknown fields, values, functions and bad syntax are Jira's 400s`, () => {
    const world = makeWorld(flavor);
    assert.equal(
      jqlErrorOf(world, 'foo = bar'),
      "Field 'foo' does not exist or you do not have permission to view it.",
    );
    assert.equal(jqlErrorOf(world, 'project = NOPE'), "The value 'NOPE' does not exist for the field 'project'.");
    assert.equal(jqlErrorOf(world, 'status = Nope'), "The value 'Nope' does not exist for the field 'status'.");
    assert.equal(
      jqlErrorOf(world, 'project = ALPHA AND key = ALPHA-99'),
      "An issue with key 'ALPHA-99' does not exist for field 'key'.",
    );
    assert.equal(jqlErrorOf(world, 'issuekey = banana'), "The issue key 'banana' for field 'issuekey' is invalid.");
    assert.equal(jqlErrorOf(world, 'project ~ ALPHA'), "The operator '~' is not supported by the 'project' field.");
    assert.equal(jqlErrorOf(world, 'status > Done'), "The operator '>' is not supported by the 'status' field.");
    assert.equal(jqlErrorOf(world, 'assignee = nobody()'), "Unable to find JQL function 'nobody()'.");
    assert.equal(
      jqlErrorOf(world, 'status = currentUser()'),
      "A value provided by the function 'currentUser' is invalid for the field 'status'.",
    );
    assert.match(jqlErrorOf(world, 'project = ALPHA AND'), /^Error in the JQL Query: /);
    assert.match(jqlErrorOf(world, 'status was Done'), /does not support the 'WAS' operator/);
  });

  void test(`${flavor}: matchesJql for single issues, cached per query and searcher`, () => {
    const world = makeWorld(flavor);
    const login = world.issues['login'];
    assert.ok(login);
    assert.equal(matchesJql(world.ctx, world.admin, 'labels = auth', login), true);
    assert.equal(
      compileJql(world.ctx, world.admin, 'labels = auth'),
      compileJql(world.ctx, world.admin, 'labels = auth'),
    );
    assert.notEqual(
      compileJql(world.ctx, world.admin, 'labels = auth'),
      compileJql(world.ctx, world.bob, 'labels = auth'),
    );
    login.fields.labels = [];
    assert.equal(
      matchesJql(world.ctx, world.admin, 'labels = auth', login),
      false,
      'evaluation reads the issue as it is now',
    );
    // A project created after a query was cached is resolved by the next compile.
    assert.equal(jqlErrorOf(world, 'project = GAMMA'), "The value 'GAMMA' does not exist for the field 'project'.");
    createProject(world.ctx.state, { key: 'GAMMA', name: 'Gamma', leadAccountId: world.admin.accountId });
    assert.deepEqual(keys(world, 'project = GAMMA'), []);
  });
}
