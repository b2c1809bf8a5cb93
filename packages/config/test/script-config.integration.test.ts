import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/index.ts';
import { EXAMPLE_ENV } from './example-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'tandem-script-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'rules'));
for (const name of ['blue-out.ts', 'blue-in.ts', 'green-out.js', 'green-in.js']) {
  writeFileSync(join(dir, 'rules', name), 'export default () => ({});\n');
}

/** Writes a config file whose one connection has these lines (indented under it) and loads it. */
function load(connection: string, instances = 'both'): ReturnType<typeof loadConfig> {
  const green =
    instances === 'both'
      ? '  green: { type: jira-datacenter, url: http://127.0.0.1:8082, token: "${GREEN_TOKEN}" }\n'
      : '';
  const file = join(dir, 'tandem.yaml');
  writeFileSync(
    file,
    `store: ./tandem.db
listen: 127.0.0.1:7300
instances:
  blue: { type: jira-cloud, url: http://127.0.0.1:8081, email: admin@example.com, token: "\${BLUE_TOKEN}" }
${green}connections:
  scripted:
${connection
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => `    ${line}`)
  .join('\n')}
`,
  );
  return loadConfig(file, EXAMPLE_ENV);
}

function problems(connection: string, instances = 'both'): [string, string][] {
  try {
    load(connection, instances);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.issues.map((issue) => [issue.path, issue.message]);
  }
  return assert.fail('expected a ConfigError');
}

const SIDES = `sides:
  blue: { project: BLUE }
  green: { project: GREEN }`;

void describe('mode: script', () => {
  void test('paths are resolved against the config file’s folder', () => {
    const connection = load(`mode: script
${SIDES}
script:
  blue: { outgoing: ./rules/blue-out.ts, incoming: rules/blue-in.ts }
  green: { outgoing: ${join(dir, 'rules', 'green-out.js')}, incoming: ./rules/../rules/green-in.js }`).connections[
      'scripted'
    ];
    assert.equal(connection?.mode, 'script');
    assert.deepEqual(connection.script, {
      blue: { outgoing: join(dir, 'rules', 'blue-out.ts'), incoming: join(dir, 'rules', 'blue-in.ts') },
      green: { outgoing: join(dir, 'rules', 'green-out.js'), incoming: join(dir, 'rules', 'green-in.js') },
    });
  });

  void test('a file that does not exist is an error naming its absolute path', () => {
    assert.deepEqual(
      problems(`mode: script
${SIDES}
script:
  blue: { outgoing: ./rules/blue-out.ts, incoming: ./rules/missing.ts }
  green: { outgoing: ./rules/green-out.js, incoming: ./rules/green-in.js }`),
      [['connections.scripted.script.blue.incoming', `no such file: ${join(dir, 'rules', 'missing.ts')}`]],
    );
  });

  void test('every side this node serves needs its files; only a side of the connection may have some', () => {
    assert.deepEqual(
      problems(`mode: script
${SIDES}
script:
  blue: { outgoing: ./rules/blue-out.ts }
  red: { outgoing: ./rules/blue-out.ts, incoming: ./rules/blue-in.ts }`),
      [
        [
          'connections.scripted.script',
          'needs the files of green, e.g. green: { outgoing: ./green-outgoing.ts, incoming: ./green-incoming.ts }',
        ],
        ['connections.scripted.script.blue.incoming', 'is required'],
        ['connections.scripted.script.red', "unknown side 'red' (sides: blue, green)"],
      ],
    );
  });

  void test("the peer node's side takes no files: the peer runs its own", () => {
    assert.deepEqual(
      problems(
        `mode: script
sides:
  blue: { project: BLUE }
  green: { remote: true }
script:
  blue: { outgoing: ./rules/blue-out.ts, incoming: ./rules/blue-in.ts }
  green: { outgoing: ./rules/green-out.js, incoming: ./rules/green-in.js }`,
        'blue only',
      ),
      [['connections.scripted.script.green', 'green is served by the peer node, which runs its own scripts']],
    );
    const config = load(
      `mode: script
sides:
  blue: { project: BLUE }
  green: { remote: true }
script:
  blue: { outgoing: ./rules/blue-out.ts, incoming: ./rules/blue-in.ts }`,
      'blue only',
    );
    const connection = config.connections['scripted'];
    assert.equal(connection?.mode === 'script' ? Object.keys(connection.script).join() : undefined, 'blue');
  });

  void test('script with another mode, and script mode without script', () => {
    assert.deepEqual(
      problems(`mode: basic
${SIDES}
script:
  blue: { outgoing: ./rules/blue-out.ts, incoming: ./rules/blue-in.ts }
  green: { outgoing: ./rules/green-out.js, incoming: ./rules/green-in.js }`),
      [['connections.scripted.script', "is used only with mode: script (this connection's mode is basic)"]],
    );
    assert.deepEqual(problems(`mode: script\n${SIDES}`), [
      ['connections.scripted.script', 'is required with mode: script'],
    ]);
  });
});
