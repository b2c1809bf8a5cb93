import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseStoreUrl, UnsupportedStoreUrlError, withDefaultUser } from '@tandem/store';

void test('store URLs: postgres, sqlite: forms, file: URLs and plain paths', () => {
  assert.deepEqual(parseStoreUrl('postgres://u:p@db:5432/tandem'), {
    kind: 'postgres',
    url: 'postgres://u:p@db:5432/tandem',
  });
  assert.deepEqual(parseStoreUrl('postgresql://db/tandem'), { kind: 'postgres', url: 'postgresql://db/tandem' });
  assert.deepEqual(parseStoreUrl('sqlite:data/tandem.db'), { kind: 'sqlite', path: 'data/tandem.db' });
  assert.deepEqual(parseStoreUrl('sqlite:///var/lib/tandem.db'), { kind: 'sqlite', path: '/var/lib/tandem.db' });
  assert.deepEqual(parseStoreUrl('sqlite::memory:'), { kind: 'sqlite', path: ':memory:' });
  assert.deepEqual(parseStoreUrl('file:///var/lib/tandem.db'), { kind: 'sqlite', path: '/var/lib/tandem.db' });
  assert.deepEqual(parseStoreUrl('./tandem.db'), { kind: 'sqlite', path: './tandem.db' });
  assert.deepEqual(parseStoreUrl('/abs/tandem.db'), { kind: 'sqlite', path: '/abs/tandem.db' });
  for (const bad of ['mysql://db/x', 'sqlite:', '']) assert.throws(() => parseStoreUrl(bad), UnsupportedStoreUrlError);
});

void test('a PostgreSQL URL without a user gets the default one; a named user is kept', () => {
  assert.equal(withDefaultUser('postgres://alice:pw@db/x'), 'postgres://alice:pw@db/x');
  const filled = new URL(withDefaultUser('postgres://127.0.0.1:5432/test'));
  assert.notEqual(filled.username, '');
  assert.equal(filled.pathname, '/test');
});
