/**
 * Rules through the API: read; save Visual rules (checked by the config's parser and against the instances' fields,
 * written into the YAML with its comments, applied live); dry runs with the saved rules and with unsaved ones (which
 * change nothing); an unmapped value parks a twin, is listed with its message, and clears after the mapping is fixed
 * and the twin retried; Script rules (a syntax error names the line and writes nothing; good sources are written to
 * their files and applied); back to Basic.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASIC_CONNECTION, startApiNode, type ApiNode } from './support/api-node.ts';

const paths = (body: { error: { details: { issues: { in: string; path: (string | number)[] }[] } } }) =>
  body.error.details.issues.map((issue) => `${issue.in}:${issue.path.join('.')}`);

const PRIORITY_HIGH = {
  fields: { blue: 'priority', green: 'priority' },
  values: [{ blue: 'High', green: 'Highest' }],
  unmatched: 'error',
};

void describe('rules API', () => {
  let api: ApiNode;
  before(async () => {
    api = await startApiNode(BASIC_CONNECTION);
  });
  after(async () => {
    await api.close();
  });

  async function refused(method: string, url: string, body: unknown, expected: string[]) {
    const file = api.configText();
    const answer = await api.call(method, url, { body });
    assert.equal(answer.status, 400, `${JSON.stringify(body)}: ${answer.text}`);
    assert.deepEqual(paths(answer.body), expected, answer.body.error.message);
    assert.equal(api.configText(), file, 'the config file did not change');
    assert.equal(
      api.node.liveConnections.engineConnection('blue_green')?.mode,
      api.node.config.connections.blue_green?.mode,
    );
    return answer;
  }

  const priorityAfter = (report: { target: { fields: { field: string; after: unknown }[] } }) =>
    report.target.fields.find((field) => field.field === 'priority')?.after;

  void test('read: a Basic connection has no Visual or Script rules', async () => {
    const rules = await api.call('GET', '/api/connections/blue_green/rules');
    assert.equal(rules.status, 200);
    assert.deepEqual(rules.body, {
      connection: 'blue_green',
      mode: 'basic',
      sides: [
        { side: 'a', instance: 'blue', remote: false },
        { side: 'b', instance: 'green', remote: false },
      ],
      visual: null,
      script: null,
    });
    assert.equal((await api.call('GET', '/api/connections/nope/rules')).status, 404);
  });

  void test('Visual rules that do not hold are refused with the path, and nothing changes', async () => {
    const url = '/api/connections/blue_green/rules';
    await refused('PUT', url, { mode: 'visual' }, ['body:visual']);
    await refused('PUT', url, { mode: 'fancy' }, ['body:mode']);
    await refused('PUT', url, { mode: 'visual', visual: { fields: [{ ...PRIORITY_HIGH, unmatched: 'sometimes' }] } }, [
      'body:visual.fields.0.unmatched',
    ]);
    // The config parser's checks, at the body's paths.
    await refused('PUT', url, { mode: 'visual', visual: { fields: [{ ...PRIORITY_HIGH, from: ['purple'] }] } }, [
      'body:visual.fields.0.from',
    ]);
    await refused(
      'PUT',
      url,
      {
        mode: 'visual',
        visual: { fields: [{ fields: { blue: 'priority', green: 'priority' }, unmatched: 'default' }] },
      },
      ['body:visual.fields.0.unmatched'],
    );
    // The instances' own fields: blue has no such field.
    await refused(
      'PUT',
      url,
      { mode: 'visual', visual: { fields: ['summary', { fields: { blue: 'No Such Field', green: 'description' } }] } },
      ['body:visual.fields.1.fields.blue'],
    );
  });

  void test('Visual rules are saved into the YAML (comments kept) and applied at once', async () => {
    const saved = await api.call('PUT', '/api/connections/blue_green/rules', {
      body: { mode: 'visual', visual: { fields: ['summary', PRIORITY_HIGH] } },
    });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body.mode, 'visual');
    assert.deepEqual(saved.body.visual.fields[1], {
      key: 'priority',
      fields: { blue: 'priority', green: 'priority' },
      from: ['blue', 'green'],
      values: [{ blue: 'High', green: 'Highest' }],
      users: [],
      unmatched: 'error',
      default: {},
      owner: null,
    });
    assert.deepEqual(saved.body.visual.comments, ['blue', 'green']);
    assert.deepEqual(saved.body.visual.worklogs, []);
    const text = api.configText();
    assert.match(text, /# The test node\. This comment must survive/);
    assert.match(text, /# blue's side/);
    assert.match(
      text,
      /    mode: visual\n[\s\S]*    visual:\n      fields:\n        - summary\n        - field: priority\n          values:\n            - \{ blue: High, green: Highest \}\n          unmatched: error\n      comments: true\n      attachments: true\n      worklogs: false\n      links: false\n/,
    );
    assert.equal(api.node.liveConnections.engineConnection('blue_green')?.mode, 'visual');
    assert.deepEqual((await api.call('GET', '/api/connections/blue_green/rules')).body, saved.body);

    // Saving the same mapping with a new one in front keeps the YAML of the unchanged one.
    const withNote = text.replace('        - field: priority\n', '        - field: priority # chosen with support\n');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(api.configFile, withNote);
    const again = await api.call('PUT', '/api/connections/blue_green/rules', {
      body: { mode: 'visual', visual: { fields: ['description', 'summary', PRIORITY_HIGH] } },
    });
    assert.equal(again.status, 200, again.text);
    assert.match(
      api.configText(),
      /        - description\n        - summary\n        - field: priority # chosen with support\n/,
    );
  });

  void test('a dry run uses the saved rules, or unsaved ones for that call only', async () => {
    const saved = await api.call('POST', '/api/connections/blue_green/dry-run', { body: { key: 'BLUE-1' } });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body.source.issueKey, 'BLUE-1');
    assert.equal(saved.body.target.create, true);
    assert.equal(priorityAfter(saved.body), 'Highest');

    const file = api.configText();
    const unsaved = await api.call('POST', '/api/connections/blue_green/dry-run', {
      body: {
        key: 'BLUE-1',
        rules: {
          mode: 'visual',
          visual: { fields: ['summary', { ...PRIORITY_HIGH, values: [{ blue: 'High', green: 'Lowest' }] }] },
        },
      },
    });
    assert.equal(unsaved.status, 200, unsaved.text);
    assert.equal(priorityAfter(unsaved.body), 'Lowest');
    assert.equal(api.configText(), file, 'nothing saved');
    assert.equal(
      priorityAfter((await api.call('POST', '/api/connections/blue_green/dry-run', { body: { key: 'BLUE-1' } })).body),
      'Highest',
      'the running rules are the saved ones',
    );
    assert.equal((await api.call('GET', '/api/twins?key=BLUE-1')).body.items.length, 0, 'no twin was made');

    await refused('POST', '/api/connections/blue_green/dry-run', { key: 'not a key' }, ['body:key']);
    await refused('POST', '/api/connections/blue_green/dry-run', {}, ['body:key']);
    await refused(
      'POST',
      '/api/connections/blue_green/dry-run',
      { key: 'BLUE-1', rules: { mode: 'visual', visual: { fields: [{ ...PRIORITY_HIGH, from: ['purple'] }] } } },
      ['body:rules.visual.fields.0.from'],
    );
    assert.equal(
      (await api.call('POST', '/api/connections/blue_green/dry-run', { body: { key: 'BLUE-999' } })).status,
      404,
    );
    assert.equal((await api.call('POST', '/api/connections/nope/dry-run', { body: { key: 'BLUE-1' } })).status, 404);
  });

  void test('an unmapped value parks its twin; listed with the message; fixed mapping + retry clears it', async () => {
    // BLUE-2 has priority Medium, which the mapping does not know: unmatched: error.
    const synced = await api.call('POST', '/api/issues/BLUE-2/sync');
    assert.equal(synced.status, 200, synced.text);
    await api.idle();
    const errors = await api.call('GET', '/api/errors');
    assert.equal(errors.status, 200);
    const [group] = errors.body.items;
    assert.equal(group.connection, 'blue_green');
    assert.equal(group.blastRadius, 'twin');
    assert.equal(group.count, 1);
    assert.match(group.message, /Medium/);
    const [twinError] = group.twins;
    assert.deepEqual(twinError.keys, ['BLUE-2']);
    assert.equal(twinError.retrying, false);
    assert.equal((await api.call('GET', '/api/errors?connection=blue_green')).body.items.length, 1);
    assert.equal((await api.call('GET', '/api/errors?connection=nope')).status, 404);
    const twin = await api.call('GET', `/api/twins/${twinError.twinId}`);
    assert.match(twin.body.error.message, /Medium/);

    const fixed = await api.call('PUT', '/api/connections/blue_green/rules', {
      body: {
        mode: 'visual',
        visual: {
          fields: [
            'description',
            'summary',
            { ...PRIORITY_HIGH, values: [...PRIORITY_HIGH.values, { blue: 'Medium', green: 'Medium' }] },
          ],
        },
      },
    });
    assert.equal(fixed.status, 200, fixed.text);
    const retried = await api.call('POST', `/api/errors/${twinError.twinId}/retry`);
    assert.deepEqual(retried.body, { queued: [twinError.twinId] });
    await api.idle();
    assert.deepEqual((await api.call('GET', '/api/errors')).body.items, []);
    const after = await api.call('GET', `/api/twins/${twinError.twinId}`);
    assert.equal(after.body.error, null);
    assert.equal(after.body.b.issue.summary, after.body.a.issue.summary);
    const greenIssue = await api.jira('green', 'GET', `/rest/api/2/issue/${after.body.b.issueKey}`);
    assert.equal(greenIssue.fields.priority.name, 'Medium');
  });

  void test('Script rules: a syntax error names the line and writes nothing; good sources are saved and applied', async () => {
    const outgoing =
      "export default ({ issue, replica, tandem }) => {\n  replica.fields.summary = tandem.get(issue, 'summary');\n};\n";
    const incoming =
      "export default ({ replica, tandem }) => {\n  tandem.set('summary', `[script] ${replica.fields.summary}`);\n};\n";
    const rulesDir = join(api.dir, 'rules', 'blue_green');
    const url = '/api/connections/blue_green/rules';
    await refused('PUT', url, { mode: 'script', script: { blue: { outgoing, incoming } } }, ['body:script.green']);
    await refused('PUT', url, { mode: 'script', script: { blue: { outgoing }, green: { outgoing, incoming } } }, [
      'body:script.blue.incoming',
    ]);
    const broken = await refused(
      'PUT',
      url,
      {
        mode: 'script',
        script: {
          blue: { outgoing: 'export default ({ issue }) => {\n  const x = ;\n};\n', incoming },
          green: { outgoing, incoming },
        },
      },
      ['body:script.blue.outgoing'],
    );
    assert.equal(broken.body.error.details.scriptErrors[0].line, 2);
    assert.equal(broken.body.error.details.scriptErrors[0].file, 'rules/blue_green/blue-outgoing.ts');
    assert.equal(existsSync(rulesDir), false, 'no rule file was written');

    const saved = await api.call('PUT', url, {
      body: { mode: 'script', script: { blue: { outgoing, incoming }, green: { outgoing, incoming } } },
    });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body.mode, 'script');
    assert.deepEqual(saved.body.script.blue.outgoing, { file: 'rules/blue_green/blue-outgoing.ts', source: outgoing });
    assert.equal(readFileSync(join(rulesDir, 'green-incoming.ts'), 'utf8'), incoming);
    const text = api.configText();
    assert.match(text, /mode: script/);
    assert.match(
      text,
      /script:\n {6}blue: \{ outgoing: rules\/blue_green\/blue-outgoing\.ts, incoming: rules\/blue_green\/blue-incoming\.ts \}/,
    );
    assert.doesNotMatch(text, /visual:/);
    const live = api.node.liveConnections.engineConnection('blue_green');
    assert.equal(live?.mode, 'script');

    const dry = await api.call('POST', '/api/connections/blue_green/dry-run', { body: { key: 'BLUE-3' } });
    assert.equal(dry.status, 200, dry.text);
    assert.match(
      String(dry.body.target.fields.find((field: { field: string }) => field.field === 'summary')?.after),
      /^\[script\] /,
    );
    const unsaved = await api.call('POST', '/api/connections/blue_green/dry-run', {
      body: {
        key: 'BLUE-3',
        rules: { mode: 'script', script: { green: { outgoing, incoming: incoming.replace('[script]', '[draft]') } } },
      },
    });
    assert.equal(unsaved.status, 200, unsaved.text);
    assert.match(
      String(unsaved.body.target.fields.find((field: { field: string }) => field.field === 'summary')?.after),
      /^\[draft\] /,
    );
    assert.equal(readFileSync(join(rulesDir, 'green-incoming.ts'), 'utf8'), incoming, 'the file is unchanged');

    // Only one side's sources: the other keeps its file.
    const one = await api.call('PUT', url, {
      body: { mode: 'script', script: { green: { outgoing, incoming: incoming.replace('[script]', '[v2]') } } },
    });
    assert.equal(one.status, 200, one.text);
    assert.match(readFileSync(join(rulesDir, 'green-incoming.ts'), 'utf8'), /\[v2\]/);
    assert.equal(readFileSync(join(rulesDir, 'blue-incoming.ts'), 'utf8'), incoming);
  });

  void test('back to Basic: the rule blocks leave the file, Basic rules apply', async () => {
    const saved = await api.call('PUT', '/api/connections/blue_green/rules', { body: { mode: 'basic' } });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body.mode, 'basic');
    const text = api.configText();
    assert.doesNotMatch(text, /script:|visual:/);
    assert.equal(api.node.liveConnections.engineConnection('blue_green')?.mode, 'basic');
    const dry = await api.call('POST', '/api/connections/blue_green/dry-run', { body: { key: 'BLUE-3' } });
    assert.doesNotMatch(
      String(dry.body.target.fields.find((field: { field: string }) => field.field === 'summary')?.after),
      /\[/,
    );
  });
});
