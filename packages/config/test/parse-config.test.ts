import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseConfig } from '../src/index.ts';
import type { TandemConfig } from '../src/index.ts';
import { EXAMPLE_CONFIG, EXAMPLE_ENV, OPTIONS } from './example-config.ts';

void describe('parseConfig', () => {
  void test('the example parses, with defaults applied, secrets resolved and the store path absolute', () => {
    const expected: TandemConfig = {
      store: { kind: 'sqlite', path: '/etc/tandem/data/tandem.db' },
      listen: { host: '127.0.0.1', port: 7300 },
      publicUrl: 'http://127.0.0.1:7300',
      instances: {
        blue: {
          name: 'blue',
          type: 'jira-cloud',
          url: 'http://127.0.0.1:8081',
          auth: { kind: 'basic', username: 'admin@example.com', password: 'blue-secret' },
        },
        green: {
          name: 'green',
          type: 'jira-datacenter',
          url: 'http://127.0.0.1:8082',
          auth: { kind: 'bearer', token: 'green-secret' },
        },
      },
      connections: {
        blue_green: {
          name: 'blue_green',
          mode: 'basic',
          description: 'optional text',
          conflict: 'later-wins',
          sides: [
            {
              instance: 'blue',
              project: 'BLUE',
              trigger: 'project = BLUE AND issuetype in (Task, Bug)',
              triggers: [{ jql: 'project = BLUE AND issuetype in (Task, Bug)', active: true, note: null }],
              sync: 'auto',
            },
            {
              instance: 'green',
              project: 'GREEN',
              trigger: 'project = GREEN',
              triggers: [{ jql: 'project = GREEN', active: true, note: null }],
              sync: 'auto',
            },
          ],
        },
      },
      poll: { intervalSeconds: 30, overlapSeconds: 120 },
      webhooks: { enabled: true },
      workers: { concurrency: 4 },
    };
    assert.deepEqual(parseConfig(EXAMPLE_CONFIG, OPTIONS), expected);
  });

  void test('every optional key given explicitly is kept', () => {
    const config = parseConfig(
      `store: postgres://tandem:\${PGPASSWORD}@db.example.com:5432/tandem
listen: "[::1]:7400"
publicUrl: https://tandem.example.com/
instances:
  blue: { type: jira-cloud, url: "https://blue.atlassian.net/", email: bot@example.com, token: "\${BLUE_TOKEN}" }
  green:
    type: jira-datacenter
    url: https://jira.example.com/jira
    username: tandem
    password: \${GREEN_PASSWORD}
connections:
  one:
    sides:
      green: { project: ENG, sync: manual }
      blue: { project: SUP, sync: "off" }
poll: { intervalSeconds: 5, overlapSeconds: 0 }
webhooks: { enabled: false }
workers: { concurrency: 16 }
`,
      { env: { PGPASSWORD: 'pg', BLUE_TOKEN: 'b', GREEN_PASSWORD: 'g' }, sourceName: 'x.yaml', baseDir: '/' },
    );
    assert.deepEqual(config.store, { kind: 'postgres', url: 'postgres://tandem:pg@db.example.com:5432/tandem' });
    assert.deepEqual(config.listen, { host: '::1', port: 7400 });
    assert.equal(config.publicUrl, 'https://tandem.example.com');
    assert.equal(config.instances.blue?.url, 'https://blue.atlassian.net');
    assert.deepEqual(config.instances.green?.auth, { kind: 'basic', username: 'tandem', password: 'g' });
    assert.deepEqual(config.connections.one?.sides, [
      { instance: 'green', project: 'ENG', trigger: null, triggers: [], sync: 'manual' },
      { instance: 'blue', project: 'SUP', trigger: null, triggers: [], sync: 'off' },
    ]);
    assert.equal(config.connections.one?.description, null);
    assert.deepEqual(config.poll, { intervalSeconds: 5, overlapSeconds: 0 });
    assert.deepEqual(config.webhooks, { enabled: false });
    assert.deepEqual(config.workers, { concurrency: 16 });
  });

  void test('publicUrl defaults to http://<listen>, brackets kept for IPv6', () => {
    const config = parseConfig(EXAMPLE_CONFIG.replace('listen: 127.0.0.1:7300', 'listen: "[::]:0"'), OPTIONS);
    assert.deepEqual(config.listen, { host: '::', port: 0 });
    assert.equal(config.publicUrl, 'http://[::]:0');
  });

  void test('${NAME} is substituted in any string value; $${ is a literal ${', () => {
    const text = EXAMPLE_CONFIG.replace('store: ./data/tandem.db', 'store: ${DATA_DIR}/tandem.db')
      .replace('listen: 127.0.0.1:7300', 'listen: ${HOST}:${PORT}')
      .replace('description: optional text', () => 'description: "costs $${PRICE} in ${REGION}"')
      .replace('trigger: "project = GREEN"', 'trigger: "project = ${GREEN_PROJECT}"');
    const env = {
      ...EXAMPLE_ENV,
      DATA_DIR: '/var/lib/tandem',
      HOST: '0.0.0.0',
      PORT: '8000',
      REGION: 'eu',
      GREEN_PROJECT: 'ENG',
    };
    const config = parseConfig(text, { ...OPTIONS, env });
    assert.deepEqual(config.store, { kind: 'sqlite', path: '/var/lib/tandem/tandem.db' });
    assert.deepEqual(config.listen, { host: '0.0.0.0', port: 8000 });
    assert.equal(config.connections.blue_green?.description, 'costs ${PRICE} in eu');
    const green = config.connections.blue_green?.sides[1];
    assert.equal(green?.remote, undefined);
    assert.equal(green?.remote === true ? undefined : green?.trigger, 'project = ENG');
  });

  void test('a secret written as a plain block value needs no quotes', () => {
    const text = EXAMPLE_CONFIG.replace(
      /  green: \{.*\n/,
      '  green:\n    type: jira-datacenter\n    url: http://127.0.0.1:8082\n    token: ${GREEN_TOKEN}\n',
    );
    assert.deepEqual(parseConfig(text, OPTIONS).instances.green?.auth, { kind: 'bearer', token: 'green-secret' });
  });

  void test('the same project on the same instance in two connections is allowed', () => {
    const text = `${EXAMPLE_CONFIG}  again:
    sides:
      blue: { project: BLUE }
      green: { project: GREEN }
`;
    assert.deepEqual(Object.keys(parseConfig(text, OPTIONS).connections), ['blue_green', 'again']);
  });
});
