import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { JSON_SCHEMA_FILE, configJsonSchema } from '../src/index.ts';
import { EXAMPLE_CONFIG } from './example-config.ts';

const committed = JSON.parse(readFileSync(new URL(`../${JSON_SCHEMA_FILE}`, import.meta.url), 'utf8')) as unknown;

void test(`${JSON_SCHEMA_FILE} is up to date with the zod schema (else: npm run -w @tandem/config schema)`, () => {
  assert.deepEqual(committed, configJsonSchema());
});

void test('the JSON Schema accepts the example and catches what an editor can: unknown keys, literal secrets', () => {
  const validate = new Ajv({ allErrors: true }).compile(configJsonSchema());
  assert.equal(validate(parse(EXAMPLE_CONFIG)), true, JSON.stringify(validate.errors));

  const bad = parse(EXAMPLE_CONFIG.replace('token: "${GREEN_TOKEN}"', 'token: hunter2, colour: green')) as unknown;
  assert.equal(validate(bad), false);
  const problems = (validate.errors ?? []).map((error) => `${error.instancePath} ${error.keyword}`);
  assert.ok(problems.includes('/instances/green/token pattern'), problems.join('\n'));
  assert.ok(problems.includes('/instances/green additionalProperties'), problems.join('\n'));
});

void test('secrets in the JSON Schema are strings that must be one ${NAME} reference', () => {
  const text = JSON.stringify(configJsonSchema());
  const secretPatterns = text.match(/"pattern":"\^\\\\\$\\\\\{\[A-Z0-9_\]\+\\\\\}\$"/g) ?? [];
  // Cloud token, Data Center token and password.
  assert.equal(secretPatterns.length, 3, text);
});
