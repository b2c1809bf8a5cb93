import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseConfig, redactConfig } from '../src/index.ts';
import { EXAMPLE_CONFIG, OPTIONS } from './example-config.ts';

void test('redactConfig masks tokens and passwords and leaves everything else as it was', () => {
  const config = parseConfig(EXAMPLE_CONFIG, OPTIONS);
  const redacted = redactConfig(config);
  const printed = JSON.stringify(redacted);
  assert.doesNotMatch(printed, /blue-secret|green-secret/);
  assert.deepEqual(redacted.instances.blue?.auth, {
    kind: 'basic',
    username: 'admin@example.com',
    password: '********',
  });
  assert.deepEqual(redacted.instances.green?.auth, { kind: 'bearer', token: '********' });
  assert.deepEqual({ ...redacted, instances: config.instances }, config);
  assert.equal(config.instances.green?.auth.kind === 'bearer' && config.instances.green.auth.token, 'green-secret');
});

void test('redactConfig masks a Data Center password and the password of a postgres store URL', () => {
  const text = EXAMPLE_CONFIG.replace(
    'store: ./data/tandem.db',
    'store: postgres://tandem:${PGPASSWORD}@db:5432/t',
  ).replace('token: "${GREEN_TOKEN}"', 'username: tandem, password: "${GREEN_PASSWORD}"');
  const env = { BLUE_TOKEN: 'b', GREEN_PASSWORD: 'pa:ss', PGPASSWORD: 'pg-secret' };
  const redacted = redactConfig(parseConfig(text, { ...OPTIONS, env }));
  assert.deepEqual(redacted.store, { kind: 'postgres', url: 'postgres://tandem:********@db:5432/t' });
  assert.deepEqual(redacted.instances.green?.auth, { kind: 'basic', username: 'tandem', password: '********' });
  assert.doesNotMatch(JSON.stringify(redacted), /pg-secret|pa:ss/);
});
