#!/usr/bin/env node
// Runs every test file of every package with Node's own test runner, TypeScript loaded by tsx.
// Node 20's runner takes no glob patterns, so this script finds the files.
//   node scripts/run-tests.mjs                 all tiers
//   node scripts/run-tests.mjs --tier unit     only *.test.ts that are not integration/e2e
//   node scripts/run-tests.mjs path/to/a.test.ts ...   the named files
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const tierIndex = args.indexOf('--tier');
const tier = tierIndex >= 0 ? args[tierIndex + 1] : undefined;
const named = args.filter((arg, i) => !arg.startsWith('--') && (tierIndex < 0 || i !== tierIndex + 1));

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (entry.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

let files = named.length > 0 ? named : findTests(join(root, 'packages')).map((path) => relative(root, path));
if (tier === 'unit') files = files.filter((file) => !/\.(integration|e2e)\.test\.ts$/.test(file));
files.sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=120000', ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
