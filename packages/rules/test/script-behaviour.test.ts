import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import {
  attributedBody,
  type FieldIntent,
  type FieldValue,
  type IncomingComment,
  type IncomingLink,
  type IncomingRuleResult,
  type IncomingWorklog,
  type OutgoingRuleResult,
  type Replica,
  type RuleIssue,
  type RuleProject,
  type TrackerField,
} from '@tandem/core';
import type * as Script from '../src/script/tandem-script.d.ts';
import { createScriptRules, SandboxPool, SCRIPT_TYPES_FILE, type ScriptRules } from '../src/script/index.ts';
import { cloudIssue, dataCenterReplica, doc, incomingInput, outgoingInput } from './script-fixtures.ts';

/**
 * tandem-script.d.ts repeats core's shapes for users, who do not have @tandem/core: the type check fails here when the
 * two drift apart.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const shapesAgree: [
  Same<Script.RuleIssue, RuleIssue>,
  Same<Script.Replica, Replica>,
  Same<Script.RuleProject, RuleProject>,
  Same<Script.FieldValue, FieldValue>,
  Same<Script.FieldIntent, FieldIntent>,
  Same<Script.CatalogField, TrackerField>,
  Same<Script.OutgoingReplica, OutgoingRuleResult>,
  Same<Script.IncomingComment, IncomingComment>,
  Same<Script.IncomingWorklog, IncomingWorklog>,
  Same<Script.IncomingLink, IncomingLink>,
] = [true, true, true, true, true, true, true, true, true, true];
void shapesAgree;

const pool = new SandboxPool({ size: 2 });
after(() => pool.close());

/** The README's two example files, exactly as written there. */
function readmeExample(name: string): string {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = new RegExp('```ts\\n(// ' + name.replace('.', '\\.') + ':[\\s\\S]*?)```').exec(readme);
  assert.ok(block?.[1], `README has no ${name} example`);
  return block[1];
}

function rulesOf(outgoing: string, incoming = 'export default () => {};'): ScriptRules {
  return createScriptRules({
    connection: 'support-to-engineering',
    instance: 'cloud',
    outgoing: { source: outgoing, name: 'cloud-outgoing.ts' },
    incoming: { source: incoming, name: 'cloud-incoming.ts' },
    // Generous: these tests are about behaviour, on a machine other tests keep busy.
    limits: { cpuTimeMs: 10_000 },
    pool,
  });
}

async function incomingOf(source: string, input = incomingInput()): Promise<IncomingRuleResult> {
  const rules = rulesOf('export default () => {};', source);
  try {
    return await rules.incoming(input);
  } finally {
    await rules.close();
  }
}

async function outgoingOf(source: string, input = outgoingInput()): Promise<OutgoingRuleResult | null> {
  const rules = rulesOf(source);
  try {
    return await rules.outgoing(input);
  } finally {
    await rules.close();
  }
}

void test("the README's outgoing rule sends the fields, comments, attachments, worklogs and links it names", async () => {
  const rules = rulesOf(readmeExample('cloud-outgoing.ts'));
  const run = await rules.runOutgoing(outgoingInput());
  await rules.close();
  assert.ok(run.ok, run.ok ? '' : run.error.message);
  assert.deepEqual(run.result, {
    fields: {
      summary: 'Checkout fails on Safari',
      description: doc('Steps: open the cart, press Pay.'),
      issueType: 'Bug',
      status: 'In Progress',
      priority: 'High',
      assignee: { id: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Ada Lovelace', email: 'ada@support.example' },
      storyPoints: 5,
      parent: { id: '10000', key: 'SUP-1' },
    },
    // 502 starts with [private]; 702 is 25 MB; the Relates link is left out.
    comments: [cloudIssue.comments[0]],
    attachments: [cloudIssue.attachments[0]],
    worklogs: cloudIssue.worklogs,
    links: [cloudIssue.links[0]],
  });
  assert.deepEqual(run.log, ['SUP-7: sending 8 fields']);
});

void test("the README's outgoing rule skips issue types it does not send", async () => {
  const result = await outgoingOf(
    readmeExample('cloud-outgoing.ts'),
    outgoingInput({ ...cloudIssue, issueType: 'Epic' }),
  );
  assert.equal(result, null);
});

void test("the README's incoming rule sets fields by name, maps status and priority, finds people and the parent", async () => {
  const result = await incomingOf(readmeExample('cloud-incoming.ts'));
  assert.deepEqual(result, {
    fields: {
      summary: 'Checkout fails on Safari',
      description: doc('Root cause: a missing polyfill.'),
      customfield_10016: 8,
      issuetype: 'Story',
      status: 'Waiting for support',
      priority: 'High',
      assignee: { $user: { email: 'john.doe@corp.example', displayName: 'John Doe', fallback: null } },
      parent: { $twinOf: { id: '20000', key: 'ENG-40' } },
    },
    // The vendor bot's comment is filtered out; the format writes one attributed paragraph.
    comments: [
      { originId: 'c-1', body: doc('John Doe (engineering): Fixed in build 512.') },
      { originId: 'c-3', body: doc('Engineering (engineering): Anonymous note') },
    ],
    attachments: ['a-1'],
    worklogs: [
      {
        originId: 'w-1',
        started: 1_780_000_280_000,
        timeSpentSeconds: 5400,
        comment: attributedBody({ displayName: 'John Doe', email: 'john.doe@corp.example' }, doc('Fixing')),
      },
      {
        originId: 'w-2',
        started: 1_780_000_290_000,
        timeSpentSeconds: 600,
        comment: attributedBody(null, { type: 'doc', version: 1, content: [] }),
      },
    ],
    links: [{ type: 'Blocks', direction: 'outward', remote: { id: '20002', key: 'ENG-43' } }],
    owners: { customfield_10016: 'remote' },
    problems: [],
    log: [],
  });
});

void test("the README's incoming rule parks the twin on a status it has no mapping for, and logs the change", async () => {
  const replica = { ...dataCenterReplica, fields: { ...dataCenterReplica.fields, status: 'Blocked' } };
  const result = await incomingOf(
    readmeExample('cloud-incoming.ts'),
    incomingInput({ replica, previous: dataCenterReplica, firstSync: false, issue: cloudIssue }),
  );
  assert.deepEqual(result.problems, [{ field: 'status', message: 'No mapping for "Blocked" and no default' }]);
  assert.equal('status' in result.fields, false, 'an unmapped status leaves the field alone');
  assert.equal('issuetype' in result.fields, false, 'the issue type is set on the first sync only');
  assert.deepEqual(result.log, ['status: In Review → Blocked']);
});

void test("the README's examples type-check against tandem-script.d.ts", () => {
  // Next to the real tandem-script.d.ts, as a user's files would be; only the two examples are held in memory.
  const folder = dirname(SCRIPT_TYPES_FILE);
  const files = new Map([
    [join(folder, 'cloud-outgoing.ts'), readmeExample('cloud-outgoing.ts')],
    [join(folder, 'cloud-incoming.ts'), readmeExample('cloud-incoming.ts')],
  ]);
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'],
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  host.getSourceFile = (name, language, onError) => {
    const text = files.get(name);
    return text === undefined ? getSourceFile(name, language, onError) : ts.createSourceFile(name, text, language);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const problems = ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  assert.deepEqual(problems, []);
});

void test('mergeComments and mergeWorklogs write exactly the attributed copy core writes in Basic mode', async () => {
  const result = await incomingOf(
    `export default ({ tandem }) => { tandem.mergeComments(); tandem.mergeWorklogs(); };`,
  );
  assert.deepEqual(
    result.comments,
    dataCenterReplica.comments.map((comment) => ({
      originId: comment.id,
      body: attributedBody(comment.author, comment.body),
    })),
  );
  const [withComment] = dataCenterReplica.worklogs;
  assert.ok(withComment?.comment);
  assert.deepEqual(result.worklogs[0]?.comment, attributedBody(withComment.author, withComment.comment));
  // The helper is the same function the rules can call.
  const direct = await incomingOf(`export default ({ replica, tandem }) => {
    tandem.set('description', tandem.attributedBody(replica.comments[2].author, replica.comments[2].body));
  };`);
  const anonymous = dataCenterReplica.comments[2];
  assert.ok(anonymous);
  assert.deepEqual(direct.fields['description'], attributedBody(anonymous.author, anonymous.body));
});

void test('byEmail carries the e-mail, or the display name alone when Cloud hides it, with the fallback given', async () => {
  const result = await incomingOf(
    `export default ({ issue, tandem }) => {
    tandem.set('assignee', tandem.byEmail(issue.fields.assignee));
    tandem.set('reporter', tandem.byEmail(issue.fields.reporter, { fallback: { id: 'svc', displayName: 'Service', email: null } }));
    tandem.set('customfield_10021', null);
  };`,
    incomingInput({ issue: cloudIssue, firstSync: false }),
  );
  assert.deepEqual(result.fields, {
    assignee: { $user: { email: 'ada@support.example', displayName: 'Ada Lovelace' } },
    reporter: {
      $user: { email: null, displayName: 'Grace Hopper', fallback: { id: 'svc', displayName: 'Service', email: null } },
    },
    customfield_10021: null,
  });

  const many = await incomingOf(`export default ({ replica, tandem }) => {
    tandem.set('Labels', tandem.byEmail([replica.fields.assignee, { displayName: 'Hidden', email: null }]));
    tandem.set('assignee', tandem.byEmail(null));
  };`);
  assert.deepEqual(many.fields, {
    labels: {
      $users: [
        { email: 'john.doe@corp.example', displayName: 'John Doe' },
        { email: null, displayName: 'Hidden' },
      ],
    },
    assignee: null,
  });
});

void test('byMap finds people by e-mail (any case), id or display name, with a default, and reports a miss', async () => {
  const result = await incomingOf(`export default ({ replica, tandem }) => {
    const people = { 'JOHN.DOE@corp.example': '5b10ac8d82e05b22cc7d4ef5', 'Grace Hopper': null };
    tandem.set('assignee', tandem.byMap(replica.fields.assignee, people));
    tandem.set('reporter', tandem.byMap({ displayName: 'Grace Hopper', email: null }, people));
    tandem.set('customfield_10021', tandem.byMap({ displayName: 'Nobody', email: 'no@x' }, people, { default: tandem.byEmail({ displayName: 'Nobody', email: 'no@x' }) }));
    tandem.set('summary', tandem.byMap({ id: 'jdoe', displayName: 'J', email: null }, { jdoe: { id: 'u1', displayName: 'Jo', email: null } }));
    tandem.set('description', tandem.byMap({ displayName: 'Stranger', email: 'who@x' }, people, { field: 'reporter' }));
  };`);
  assert.deepEqual(result.fields, {
    assignee: { id: '5b10ac8d82e05b22cc7d4ef5', displayName: 'John Doe', email: null },
    reporter: null,
    customfield_10021: { $user: { email: 'no@x', displayName: 'Nobody' } },
    summary: { id: 'u1', displayName: 'Jo', email: null },
  });
  assert.deepEqual(result.problems, [{ field: 'reporter', message: 'No user mapped for "who@x" and no default' }]);
});

void test('mapValue maps exactly, then ignoring case, maps lists, keeps null, and uses the default', async () => {
  const result = await incomingOf(`export default ({ tandem }) => {
    const map = { 'In Progress': 'Doing', Done: 'Closed' };
    tandem.set('summary', tandem.mapValue('in progress ', map));
    tandem.set('labels', tandem.mapValue(['Done', 'Nope', 'In Progress'], map, { field: 'labels' }));
    tandem.set('priority', tandem.mapValue(null, map));
    tandem.set('Story Points', tandem.mapValue('Other', map, { default: null }));
    tandem.set('duedate', tandem.mapValue('constructor', map, { field: 'due' }));
  };`);
  assert.deepEqual(result.fields, {
    summary: 'Doing',
    labels: ['Closed', 'Doing'],
    priority: null,
    customfield_10016: null,
  });
  assert.deepEqual(result.problems, [
    { field: 'labels', message: 'No mapping for "Nope" and no default' },
    { field: 'due', message: 'No mapping for "constructor" and no default' },
  ]);
});

void test('fields are found by id or name; a name two fields share, or no field has, fails at the rule’s line', async () => {
  const byName = await outgoingOf(`export default ({ issue, replica, tandem }) => {
    replica.fields.points = tandem.get(issue, 'story points');
    replica.fields.byId = tandem.get(issue, 'customfield_10016');
    replica.fields.kind = tandem.field('Story Points').kind;
    replica.fields.none = tandem.field('Nothing');
  };`);
  assert.deepEqual(byName?.fields, { points: 5, byId: 5, kind: 'number', none: null });

  const rules = rulesOf(
    `export default ({ issue, replica, tandem }) => {
    replica.fields.team = tandem.get(issue, 'Team');
  };`,
    `export default ({ tandem }) => {
    tandem.set('Story Pointz', 3);
  };`,
  );
  const shared = await rules.runOutgoing(outgoingInput());
  const unknown = await rules.runIncoming(incomingInput());
  await rules.close();
  assert.ok(!shared.ok && !unknown.ok);
  assert.equal(
    shared.error.message,
    '"Team" names 2 fields on cloud (customfield_10020, customfield_10021): use the id',
  );
  assert.deepEqual([shared.error.details.file, shared.error.details.line], ['cloud-outgoing.ts', 2]);
  assert.equal(unknown.error.message, 'No field "Story Pointz" on cloud (tandem.catalog lists its fields)');
  assert.deepEqual([unknown.error.details.file, unknown.error.details.line], ['cloud-incoming.ts', 2]);
});

void test('a sub-task type is kept only with a parent, else the default type is used', async () => {
  const withParent = await incomingOf(`export default ({ replica, tandem }) => {
    tandem.setIssueType('sub-task');
    tandem.set('parent', tandem.twinOf(replica.fields.parent));
  };`);
  assert.equal(withParent.fields['issuetype'], 'Sub-task');
  assert.deepEqual(withParent.log, []);
  const orphan = await incomingOf(`export default ({ tandem }) => { tandem.setIssueType('Sub-task'); };`);
  assert.equal(orphan.fields['issuetype'], 'Task');
  assert.deepEqual(orphan.log, ['Issue type "Sub-task" is a sub-task type and the rule sets no parent: using "Task"']);
});

void test('setIssueType falls back to the project default (and says so); owner and problem are recorded', async () => {
  const result = await incomingOf(`export default ({ tandem }) => {
    tandem.setIssueType('Incident');
    tandem.owner('summary', 'local');
    tandem.problem('Team', 'pick a team first');
  };`);
  assert.deepEqual(result.fields, { issuetype: 'Task' });
  assert.deepEqual(result.owners, { summary: 'local' });
  assert.deepEqual(result.problems, [{ field: 'Team', message: 'pick a team first' }]);
  assert.deepEqual(result.log, ['Issue type "Incident" does not exist in SUP: using "Task"']);
});

void test('an async rule, a returned replica and a format returning rich text all work', async () => {
  const result = await outgoingOf(`export default async ({ issue, tandem }) => {
    await Promise.resolve();
    const comments = issue.comments.map((comment) => ({ ...comment, body: tandem.textToAdf('hidden') }));
    return { fields: { key: issue.key }, comments, attachments: [], worklogs: [], links: [] };
  };`);
  assert.deepEqual(result?.fields, { key: 'SUP-7' });
  assert.deepEqual(
    result?.comments.map((comment) => comment.body),
    [doc('hidden'), doc('hidden')],
  );

  const formatted = await outgoingOf(`export default ({ tandem }) => {
    tandem.mergeComments({ format: (comment) => ({ type: 'doc', version: 1, content: [...comment.body.content, ...comment.body.content] }) });
    tandem.mergeWorklogs({ format: () => null });
  };`);
  assert.equal(formatted?.comments[0]?.body.content.length, 2);
  assert.equal(formatted?.worklogs[0]?.comment, null);
});

void test('console.log, warn and error go to the log, which the dry run reports with the result', async () => {
  const rules = rulesOf(`export default ({ issue }) => {
    console.log('key', issue.key, { n: 1 });
    console.warn('careful');
    console.error(new Error('x').message);
    return null;
  };`);
  const run = await rules.runOutgoing(outgoingInput());
  await rules.close();
  assert.deepEqual(run.ok && run.result, null);
  assert.deepEqual(run.log, ['key SUP-7 {"n":1}', 'warning: careful', 'error: x']);
  assert.ok(run.durationMs > 0);
});

void test('the default shared pool serves rules created without one, and compile() reports files that compile', async () => {
  const rules = createScriptRules({
    connection: 'c',
    instance: 'cloud',
    outgoing: { source: 'export default ({ replica }) => { replica.fields.a = 1; };', name: 'o.js' },
    incoming: { source: 'export default () => {};', name: 'i.js' },
  });
  assert.deepEqual(await rules.compile(), []);
  assert.deepEqual((await rules.outgoing(outgoingInput()))?.fields, { a: 1 });
  await rules.close();
  await assert.rejects(rules.outgoing(outgoingInput()), /closed/);
});
