import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/index.ts';
import { EXAMPLE_CONFIG, EXAMPLE_ENV } from './example-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'tandem-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

void test('loadConfig reads the file and resolves the store path against its folder', () => {
  const file = join(dir, 'tandem.yaml');
  writeFileSync(file, EXAMPLE_CONFIG);
  const config = loadConfig(file, EXAMPLE_ENV);
  assert.deepEqual(config.store, { kind: 'sqlite', path: join(dir, 'data', 'tandem.db') });
});

void test('loadConfig names the file in its errors', () => {
  const file = join(dir, 'broken.yaml');
  writeFileSync(file, EXAMPLE_CONFIG);
  assert.throws(
    () => loadConfig(file, {}),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, new RegExp(`^Invalid configuration in ${file} \\(2 problems\\):`));
      return true;
    },
  );
});

void test('a missing file is a ConfigError with the cause attached', () => {
  const file = join(dir, 'absent.yaml');
  assert.throws(
    () => loadConfig(file, EXAMPLE_ENV),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.issues[0]?.message ?? '', /^cannot read the file: ENOENT/);
      assert.equal((error.cause as NodeJS.ErrnoException).code, 'ENOENT');
      return true;
    },
  );
});
