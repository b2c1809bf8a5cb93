// Proves the contract helpers can both pass and fail: captured real-Jira responses validate against Atlassian's
// documents (with the known defects allowed for), broken bodies fail with readable errors, route lookup prefers
// literal segments, and shape comparison reports missing keys and type changes.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareShape, FixtureParseError, loadFixture } from './support/fixture-shape.ts';
import {
  assertHasKeys,
  assertValidResponse,
  findOperation,
  loadJiraSpec,
  missingKeys,
  specHasRoute,
  validateResponse,
  type JiraFlavor,
} from './support/openapi-contract.ts';
import { SHARED_JIRA_ENV, SharedJiraMissingError, sharedJiraDir } from './support/shared-jira.ts';

/** A fixture as a plain object, for tests that edit a copy of it. */
function fixtureObject(relativePath: string): Record<string, unknown> {
  const value = loadFixture(relativePath);
  assert.ok(
    typeof value === 'object' && value !== null && !Array.isArray(value),
    `${relativePath} is not a JSON object`,
  );
  return structuredClone(value as Record<string, unknown>);
}

void describe('shared reference data', () => {
  void it('is found next to the repository', () => {
    assert.match(sharedJiraDir(), /shared[/\\]jira$/);
    assert.equal(loadJiraSpec('cloud').openapi, '3.0.1');
    assert.equal(loadJiraSpec('datacenter').openapi, '3.0.1');
  });

  void it('names the path it tried when the folder is missing', () => {
    const saved = process.env[SHARED_JIRA_ENV];
    process.env[SHARED_JIRA_ENV] = '/nonexistent/tandem-shared-jira';
    try {
      assert.throws(
        () => sharedJiraDir(),
        (error: unknown) =>
          error instanceof SharedJiraMissingError && error.message.includes('/nonexistent/tandem-shared-jira'),
      );
    } finally {
      if (saved === undefined) delete process.env[SHARED_JIRA_ENV];
      else process.env[SHARED_JIRA_ENV] = saved;
    }
  });
});

void describe('loadFixture', () => {
  void it('parses captured JSON', () => {
    const issue = fixtureObject('dc-v2-jira-ruby/issue/10002.json');
    assert.equal(issue['key'], 'SAMPLEPROJECT-1');
  });

  void it('loads an empty capture (a 204) as undefined', () => {
    assert.equal(loadFixture('dc-v2-jira-ruby/issue/10002/transitions.post.json'), undefined);
  });

  void it('throws FixtureParseError for the deliberately malformed search capture', () => {
    assert.throws(() => loadFixture('dc-v2-jrjc/search/issues-invalid-total.json'), FixtureParseError);
  });
});

/** Captured responses and the request that produced them; each must validate against its flavour's document. */
const VALID_CAPTURES: readonly (readonly [JiraFlavor, string, string, number, string])[] = [
  ['cloud', 'GET', '/rest/api/3/issue/TEST-1', 200, 'cloud-jira-cli/issue.json'],
  ['cloud', 'GET', '/rest/api/3/issue/TEST-1', 200, 'cloud-jira-cli/issue-1.json'],
  // Cloud v2 (wiki-markup description) is checked against the v3 document (PATH_ALIASES).
  ['cloud', 'GET', '/rest/api/2/issue/TEST-2', 200, 'cloud-jira-cli/issue-2.json'],
  ['cloud', 'GET', '/rest/api/3/issue/TEST-1/transitions', 200, 'cloud-jira-cli/transitions.json'],
  ['cloud', 'GET', '/rest/api/3/field', 200, 'cloud-jira-cli/fields.json'],
  ['cloud', 'GET', '/rest/api/3/myself', 200, 'cloud-jira-cli/myself.json'],
  ['cloud', 'GET', '/rest/api/3/serverInfo', 200, 'cloud-jira-cli/serverinfo.json'],
  ['cloud', 'POST', '/rest/api/3/issue', 201, 'cloud-jira-cli/create.json'],
  ['cloud', 'GET', '/rest/api/3/user/search?query=a', 200, 'cloud-jira-cli/users.json'],
  ['cloud', 'GET', '/rest/api/3/project', 200, 'cloud-jira-cli/projects.json'],
  ['cloud', 'GET', '/rest/api/3/issueLinkType', 200, 'cloud-jira-cli/issue-link-types.json'],
  ['datacenter', 'GET', '/rest/api/2/issue/10002', 200, 'dc-v2-jira-ruby/issue/10002.json'],
  ['datacenter', 'POST', '/rest/api/2/issue', 201, 'dc-v2-jira-ruby/issue.post.json'],
  ['datacenter', 'GET', '/rest/api/2/search?jql=project%3DTST', 200, 'dc-v2-jrjc/search/issues1.json'],
  ['datacenter', 'GET', '/rest/api/2/search', 200, 'dc-v2-jrjc/search/many-issues.json'],
  ['datacenter', 'GET', '/rest/api/2/issue/10002/comment', 200, 'dc-v2-jira-ruby/issue/10002/comment.json'],
  ['datacenter', 'POST', '/rest/api/2/issue/10002/comment', 201, 'dc-v2-jira-ruby/issue/10002/comment.post.json'],
  ['datacenter', 'GET', '/rest/api/2/issue/10002/comment/10000', 200, 'dc-v2-jira-ruby/issue/10002/comment/10000.json'],
  ['datacenter', 'GET', '/rest/api/2/issue/10002/comment/10000', 200, 'dc-v2-jrjc/comment/valid.json'],
  ['datacenter', 'GET', '/rest/api/2/issue/10002/transitions', 200, 'dc-v2-jira-ruby/issue/10002/transitions.json'],
  ['datacenter', 'GET', '/rest/api/2/issue/10002/transitions', 200, 'dc-v2-jrjc/transition/valid.json'],
  ['datacenter', 'GET', '/rest/api/2/issue/10002/worklog', 200, 'dc-v2-jira-ruby/issue/10002/worklog.json'],
  ['datacenter', 'GET', '/rest/api/2/issue/10002/worklog/10000', 200, 'dc-v2-jrjc/worklog/valid.json'],
  ['datacenter', 'GET', '/rest/api/2/issue/10002/properties', 200, 'dc-v2-jira-ruby/issue/10002/properties.json'],
  [
    'datacenter',
    'GET',
    '/rest/api/2/issue/10002/properties/xyz',
    200,
    'dc-v2-jira-ruby/issue/10002/properties/xyz.json',
  ],
  ['datacenter', 'GET', '/rest/api/2/attachment/10000', 200, 'dc-v2-jira-ruby/issue/10002/attachments/10000.json'],
  ['datacenter', 'GET', '/rest/api/2/attachment/10000', 200, 'dc-v2-jrjc/attachment/valid.json'],
  // jira-cli's Jira Server 9 capture of the paginated createmeta (RESPONSE_SHAPE_DEFECTS: page-of-values).
  ['datacenter', 'GET', '/rest/api/2/issue/createmeta/TEST/issuetypes', 200, 'cloud-jira-cli/createmetav9.json'],
  ['datacenter', 'GET', '/rest/api/2/myself', 200, 'dc-v2-jrjc/user/valid.json'],
  ['datacenter', 'GET', '/rest/api/2/serverInfo', 200, 'dc-v2-jrjc/serverInfo/valid.json'],
  ['datacenter', 'GET', '/rest/api/2/field', 200, 'dc-v2-jira-ruby/field.json'],
  ['datacenter', 'GET', '/rest/api/2/field', 200, 'dc-v2-jrjc/field/valid-multiple-fields.json'],
  ['datacenter', 'GET', '/rest/api/2/status', 200, 'dc-v2-jira-ruby/status.json'],
  ['datacenter', 'GET', '/rest/api/2/priority', 200, 'dc-v2-jira-ruby/priority.json'],
  ['datacenter', 'GET', '/rest/api/2/issuetype', 200, 'dc-v2-jira-ruby/issuetype.json'],
  ['datacenter', 'GET', '/rest/api/2/project', 200, 'dc-v2-jira-ruby/project.json'],
  ['datacenter', 'GET', '/rest/api/2/resolution', 200, 'dc-v2-jira-ruby/resolution.json'],
  ['datacenter', 'GET', '/rest/api/2/statuscategory', 200, 'dc-v2-jira-ruby/statuscategory.json'],
];

/**
 * dc-v2-jrjc issue captures that are not real Jira answers: JRJC's hand-edited 5.0 drafts hold `"TODO"` for
 * `changelog`/`editmeta` and a URL string for `transitions`. They must keep failing on exactly those keys.
 */
const JRJC_DRAFT_ISSUES = new Set([
  'valid-5.0.json',
  'valid-5.0-null-custom-field.json',
  'valid-5.0-with-labels.json',
  'valid-5.0-without-labels.json',
  'valid-5.0-with-operations.json',
  'valid-with-labels.json',
  'valid-without-labels.json',
]);
const JRJC_ISSUES = [
  'issue-with-project-name-present.json',
  'jrjc49.json',
  'subtasks-5.json',
  'valid-5.0-1.json',
  'valid-5.0-with-changelog.json',
  'valid-all-expanded-with-resolution.json',
  'valid-all-expanded.json',
  'valid-anonymous-comment.json',
  'valid-no-votes-no-watchers.json',
  'valid-unassigned-no-time-tracking.json',
  'valid-user-picker-custom-field-empty.json',
  'valid-user-picker-custom-field-filled-out.json',
  'valid-visibility.json',
  ...JRJC_DRAFT_ISSUES,
];

void describe('validateResponse against captured real responses', () => {
  for (const [flavor, method, path, status, fixture] of VALID_CAPTURES) {
    void it(`${flavor} ${method} ${path} ← ${fixture}`, () => {
      const result = validateResponse(flavor, method, path, status, loadFixture(fixture));
      assert.deepEqual(result.errors, []);
      assert.equal(result.ok, true);
    });
  }

  for (const name of JRJC_ISSUES) {
    void it(`datacenter GET /rest/api/2/issue/{issueIdOrKey} ← dc-v2-jrjc/issue/${name}`, () => {
      const result = validateResponse(
        'datacenter',
        'GET',
        '/rest/api/2/issue/TST-1',
        200,
        loadFixture(`dc-v2-jrjc/issue/${name}`),
      );
      if (!JRJC_DRAFT_ISSUES.has(name)) {
        assert.deepEqual(result.errors, []);
        return;
      }
      assert.equal(result.ok, false);
      for (const error of result.errors)
        assert.match(error, /^(changelog|editmeta|transitions): must be (object|array), got string/);
    });
  }

  void it('cloud /search/jql capture validates once its leftover top-level "expand" is removed', () => {
    // jira-cli built this file from an old /search answer: SearchAndReconcileResults has no "expand" (and forbids
    // extra properties), so the emulator must not send it; the rest of the capture is the /search/jql shape.
    const search = fixtureObject('cloud-jira-cli/search.json');
    assert.deepEqual(validateResponse('cloud', 'GET', '/rest/api/3/search/jql', 200, search).errors, [
      '(root): unexpected property "expand" [SearchAndReconcileResults]',
    ]);
    delete search['expand'];
    assertValidResponse('cloud', 'GET', '/rest/api/3/search/jql', 200, search);
  });

  void it('relaxes only the IssueBean.fields values on DC, not fields itself', () => {
    const issue = fixtureObject('dc-v2-jira-ruby/issue/10002.json');
    assert.equal(validateResponse('datacenter', 'GET', '/rest/api/2/issue/X-1', 200, issue).ok, true);
    issue['fields'] = ['not', 'an', 'object'];
    assert.deepEqual(validateResponse('datacenter', 'GET', '/rest/api/2/issue/X-1', 200, issue).errors, [
      'fields: must be object, got array [IssueBean/properties/fields]',
    ]);
  });

  void it('checks each item of DC list endpoints the document types as a single bean', () => {
    const statuses = loadFixture('dc-v2-jira-ruby/status.json');
    if (!Array.isArray(statuses)) assert.fail('dc-v2-jira-ruby/status.json is not an array');
    const first: unknown = statuses[0];
    assert.equal(validateResponse('datacenter', 'GET', '/rest/api/2/status', 200, first).ok, false);
    const broken = [first, { id: 3, name: 'In Progress' }];
    assert.deepEqual(validateResponse('datacenter', 'GET', '/rest/api/2/status', 200, broken).errors, [
      '[1].id: must be string, got number [StatusJsonBean/properties/id]',
    ]);
  });

  void it('accepts an entity property whose value is any JSON on DC', () => {
    const property = { key: 'tandem.sync', value: { replicaOf: 'CLOUD-1', revision: 3 } };
    assertValidResponse('datacenter', 'GET', '/rest/api/2/issue/X-1/properties/tandem.sync', 200, property);
    assertValidResponse('cloud', 'GET', '/rest/api/3/issue/X-1/properties/tandem.sync', 200, property);
  });

  void it('accepts remote links as an array or a single link', () => {
    const link = {
      id: 10000,
      self: 'https://x.atlassian.net/rest/api/3/issue/X-1/remotelink/10000',
      object: { url: 'https://a.example/1', title: 'A' },
    };
    assertValidResponse('cloud', 'GET', '/rest/api/3/issue/X-1/remotelink', 200, [link]);
    assertValidResponse('cloud', 'GET', '/rest/api/3/issue/X-1/remotelink?globalId=a', 200, link);
    assert.equal(
      validateResponse('cloud', 'GET', '/rest/api/3/issue/X-1/remotelink', 200, [
        { ...link, object: { url: 'https://a.example/1' } },
      ]).ok,
      false,
    );
  });
});

void describe('validateResponse on broken bodies', () => {
  void it('reports each broken key of a Cloud issue with its path', () => {
    const issue = fixtureObject('cloud-jira-cli/issue.json');
    issue['key'] = 42;
    issue['self'] = 'not a uri';
    issue['unexpected'] = true;
    const result = validateResponse('cloud', 'GET', '/rest/api/3/issue/TEST-1', 200, issue);
    assert.equal(result.ok, false);
    assert.equal(result.operation?.template, '/rest/api/3/issue/{issueIdOrKey}');
    assert.deepEqual(result.errors.toSorted(), [
      '(root): unexpected property "unexpected" [IssueBean]',
      'key: must be string, got number [IssueBean/properties/key]',
      'self: must match format "uri", got "not a uri" [IssueBean/properties/self]',
    ]);
    assert.throws(
      () => assertValidResponse('cloud', 'GET', '/rest/api/3/issue/TEST-1', 200, issue),
      /does not match the document:\n {2}.*key: must be string, got number/s,
    );
  });

  void it('honours OpenAPI nullable and Jira timestamps in Cloud comments', () => {
    const comment = {
      id: '10001',
      created: '2024-05-23T14:47:28.592+0000',
      updated: '2024-05-23T14:47:28.592+00:00',
      visibility: { type: 'role', value: 'Developers', identifier: null },
    };
    assertValidResponse('cloud', 'GET', '/rest/api/3/issue/X-1/comment/10001', 200, comment);
    const broken = {
      ...comment,
      created: 'yesterday',
      visibility: { type: 'team', value: 'Developers', identifier: 5 },
    };
    assert.deepEqual(
      validateResponse('cloud', 'GET', '/rest/api/3/issue/X-1/comment/10001', 200, broken).errors.toSorted(),
      [
        'created: must match format "date-time", got "yesterday" [Comment/properties/created]',
        'visibility.identifier: must be string, got number [Visibility/properties/identifier]',
        'visibility.type: must be one of ["group","role"], got "team" [Visibility/properties/type]',
      ],
    );
  });

  void it('rejects undocumented operations and statuses, and a body on 204', () => {
    assert.deepEqual(validateResponse('cloud', 'GET', '/rest/api/3/tandem/invented', 200, {}).errors, [
      'GET /rest/api/3/tandem/invented: no such operation in the cloud document',
    ]);
    assert.match(
      validateResponse('cloud', 'GET', '/rest/api/3/myself', 418, {}).errors[0] ?? '',
      /status 418 is not documented \(documented: 200, 401\)/,
    );
    assert.equal(validateResponse('datacenter', 'POST', '/rest/api/2/issue/X-1/transitions', 204, undefined).ok, true);
    assert.equal(validateResponse('datacenter', 'POST', '/rest/api/2/issue/X-1/transitions', 204, {}).ok, false);
  });
});

void describe('findOperation', () => {
  void it('prefers literal segments over parameters', () => {
    assert.equal(
      findOperation('cloud', 'GET', '/rest/api/3/issue/createmeta')?.template,
      '/rest/api/3/issue/createmeta',
    );
    assert.equal(
      findOperation('cloud', 'GET', '/rest/api/3/issue/ABC-1')?.template,
      '/rest/api/3/issue/{issueIdOrKey}',
    );
    assert.equal(
      findOperation('datacenter', 'GET', '/rest/api/2/issue/createmeta/ABC/issuetypes')?.template,
      '/api/2/issue/createmeta/{projectIdOrKey}/issuetypes',
    );
  });

  void it('matches concrete paths and both template styles, ignoring the query', () => {
    const comment = findOperation('cloud', 'GET', '/rest/api/3/issue/ABC-1/comment/10001?expand=renderedBody');
    assert.equal(comment?.template, '/rest/api/3/issue/{issueIdOrKey}/comment/{id}');
    assert.deepEqual(comment?.params, { issueIdOrKey: 'ABC-1', id: '10001' });
    const dc = findOperation('datacenter', 'PUT', '/rest/api/2/issue/:issueIdOrKey/comment/:id');
    assert.equal(dc?.template, '/api/2/issue/{issueIdOrKey}/comment/{id}');
    assert.equal(dc?.requestTemplate, '/rest/api/2/issue/{issueIdOrKey}/comment/{id}');
    assert.equal(findOperation('datacenter', 'GET', '/rest/api/2/issue/{issueIdOrKey}/worklog/{id}')?.method, 'GET');
    assert.equal(findOperation('cloud', 'PATCH', '/rest/api/3/issue/ABC-1'), undefined);
  });
});

void describe('specHasRoute', () => {
  void it('is false for an invented route and true for documented ones', () => {
    assert.equal(specHasRoute('cloud', 'GET', '/rest/api/3/issue/:issueIdOrKey/tandem-replicas'), false);
    assert.equal(specHasRoute('cloud', 'GET', '/rest/api/3/issue/:issueIdOrKey/changelog'), true);
    assert.equal(specHasRoute('cloud', 'GET', '/rest/api/3/search/jql'), true);
    assert.equal(specHasRoute('datacenter', 'GET', '/rest/api/2/search'), true);
    assert.equal(specHasRoute('datacenter', 'POST', '/rest/api/2/issue/:issueIdOrKey/transitions'), true);
  });

  void it('knows what the DC document lacks (SOURCES.md)', () => {
    // A literal segment of the template may not be swallowed by a documented parameter: `createmeta` is no issue key.
    assert.equal(specHasRoute('datacenter', 'GET', '/rest/api/2/issue/createmeta'), false);
    assert.equal(specHasRoute('datacenter', 'GET', '/rest/api/2/issue/:issueIdOrKey/changelog'), false);
  });

  void it('allows webhook registration, a plugin resource, on both flavours', () => {
    for (const flavor of ['cloud', 'datacenter'] as const) {
      assert.equal(specHasRoute(flavor, 'POST', '/rest/webhooks/1.0/webhook'), true);
      assert.equal(specHasRoute(flavor, 'DELETE', '/rest/webhooks/1.0/webhook/:id'), true);
      assert.equal(specHasRoute(flavor, 'POST', '/rest/webhooks/1.0/webhook/:id/retry'), false);
    }
  });
});

void describe('assertHasKeys', () => {
  void it('passes when every dotted path is present, through arrays', () => {
    const payload = fixtureObject('webhooks-mattermost/webhook-cloud-issue-created-many-fields.json');
    assertHasKeys(payload['issue'], ['id', 'key', 'fields.status.statusCategory.key', 'fields.reporter.accountId']);
    assertHasKeys(loadFixture('dc-v2-jira-ruby/issue/10002/comment.json'), ['comments[].id', 'comments[].author.name']);
  });

  void it('names every missing, null or unreachable path', () => {
    const comments = {
      comments: [
        { id: '1', author: { accountId: 'a' } },
        { id: '2', author: null },
      ],
    };
    assert.deepEqual(missingKeys(comments, ['comments[].author.accountId', 'total', 'comments[].visibility.type']), [
      'comments[].author.accountId: comments[1].author is null',
      'total: total is missing',
      'comments[].visibility.type: comments[0].visibility is missing',
      'comments[].visibility.type: comments[1].visibility is missing',
    ]);
    assert.deepEqual(missingKeys({ comments: [] }, ['comments[].id']), [
      'comments[].id: comments empty array, nothing to check',
    ]);
    assert.throws(
      () => assertHasKeys({ key: 'A-1' }, ['id', 'key']),
      /lacks keys the engine relies on:\n {2}id: id is missing/,
    );
  });
});

void describe('compareShape', () => {
  const fixture = 'webhooks-mattermost/webhook-cloud-issue-created-many-fields.json';

  void it('finds no difference between a capture and itself', () => {
    const captured = loadFixture(fixture);
    assert.deepEqual(compareShape(captured, structuredClone(captured)), []);
  });

  void it('reports a missing key and a type change with their paths', () => {
    const captured = fixtureObject(fixture);
    const actual = structuredClone(captured);
    const issue = actual['issue'] as {
      fields: { status: { statusCategory: Record<string, unknown> }; summary: unknown };
    };
    delete issue.fields.status.statusCategory['key'];
    issue.fields.summary = 7;
    assert.deepEqual(compareShape(captured, actual), [
      'issue.fields.status.statusCategory.key: expected string, got undefined',
      'issue.fields.summary: expected string, got number',
    ]);
  });

  void it('checks every actual element against the shape the captured elements share', () => {
    const expected = { comments: [{ id: '1', author: { name: 'fred' } }] };
    const actual = {
      comments: [
        { id: '1', author: { name: 'a' } },
        { id: 2, author: {} },
      ],
    };
    assert.deepEqual(compareShape(expected, actual), [
      'comments[1].id: expected string, got number',
      'comments[1].author.name: expected string, got undefined',
    ]);
    // Changelog items differ from one another: only keys all captured items have are required, and a key that is
    // null in one captured item and a string in another accepts anything.
    const items = {
      items: [
        { field: 'assignee', to: 'u1', tmpToAccountId: 'a1' },
        { field: 'status', to: null },
      ],
    };
    assert.deepEqual(compareShape(items, { items: [{ field: 'summary', to: 3 }] }), []);
    assert.deepEqual(compareShape(items, { items: [{ to: 'x' }] }), ['items[0].field: expected string, got undefined']);
  });

  void it('lets a fixture null match anything, and an actual null only where declared nullable', () => {
    const expected = { fields: { resolution: null, assignee: { accountId: 'x' } } };
    assert.deepEqual(compareShape(expected, { fields: { resolution: { id: '1' }, assignee: { accountId: 'y' } } }), []);
    assert.deepEqual(compareShape(expected, { fields: { assignee: null } }), [
      'fields.resolution: expected any value (null in fixture), got undefined',
      'fields.assignee: expected object, got null',
    ]);
    assert.deepEqual(
      compareShape(expected, { fields: { resolution: null, assignee: null } }, { nullable: ['fields.assignee'] }),
      [],
    );
  });

  void it('compares only the listed paths when asked', () => {
    const captured = loadFixture('dc-v2-jrjc/issue/valid-all-expanded.json');
    const actual = structuredClone(captured) as {
      changelog: { histories: { items: { field: unknown }[] }[] };
      fields: Record<string, unknown>;
    };
    const [history] = actual.changelog.histories;
    const [item] = history?.items ?? [];
    assert.ok(item);
    item.field = 1;
    actual.fields['summary'] = null;
    const paths = ['changelog.histories[].items[].field', 'fields.status.name', 'fields.summary'];
    assert.deepEqual(compareShape(captured, actual, { paths }), [
      'changelog.histories[0].items[0].field: expected string, got number',
      'fields.summary: expected string, got null',
    ]);
    assert.throws(
      () => compareShape(captured, actual, { paths: ['fields.status.statusCategory.key'] }),
      /fixture does not have/,
    );
  });
});
