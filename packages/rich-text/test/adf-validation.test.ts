import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { validateAdf } from '../src/index.ts';

const doc = (content: unknown[]): unknown => ({ type: 'doc', version: 1, content });
const para = (...content: unknown[]): unknown => ({ type: 'paragraph', content });

void test('accepts valid documents', () => {
  const valid: unknown[] = [
    doc([]),
    doc([
      para({
        type: 'text',
        text: 'x',
        marks: [{ type: 'strong' }, { type: 'link', attrs: { href: 'https://e.test' } }],
      }),
    ]),
    doc([{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'h' }] }]),
    doc([{ type: 'codeBlock', attrs: { language: 'java' }, content: [{ type: 'text', text: 'x' }] }]),
    doc([para({ type: 'mention', attrs: { id: 'acc-1', text: '@Ann' } })]),
    doc([
      {
        type: 'mediaSingle',
        attrs: { layout: 'center' },
        content: [{ type: 'media', attrs: { type: 'file', id: 'f', collection: '' } }],
      },
    ]),
  ];
  for (const value of valid) assert.deepEqual(validateAdf(value), { ok: true }, JSON.stringify(value));
});

function errorsOf(value: unknown): string[] {
  const result = validateAdf(value);
  assert.equal(result.ok, false);
  return result.ok ? [] : result.errors;
}

void test('rejects an unknown node type, naming it and where it is', () => {
  assert.deepEqual(errorsOf(doc([{ type: 'foo', content: [] }])), ['/content/0: unknown node type "foo"']);
});

void test('rejects a document without version', () => {
  assert.deepEqual(errorsOf({ type: 'doc', content: [] }), ["/: must have required property 'version'"]);
});

void test('rejects an unknown mark', () => {
  assert.deepEqual(errorsOf(doc([para({ type: 'text', text: 'x', marks: [{ type: 'bold' }] })])), [
    '/content/0/content/0/marks/0: unknown mark type "bold"',
  ]);
});

void test('rejects a link mark without href', () => {
  assert.deepEqual(errorsOf(doc([para({ type: 'text', text: 'x', marks: [{ type: 'link' }] })])), [
    "/content/0/content/0/marks/0: must have required property 'attrs'",
  ]);
});

void test('rejects a bad attribute value', () => {
  assert.deepEqual(errorsOf(doc([{ type: 'heading', attrs: { level: 9 }, content: [] }])), [
    '/content/0/attrs/level: must be <= 6',
  ]);
});

void test('rejects a node where its parent does not allow it', () => {
  const [error] = errorsOf(doc([{ type: 'mention', attrs: { id: 'x' } }]));
  assert.match(error ?? '', /^\/content\/0: node type "mention" is not allowed here \(expected one of: .*paragraph/);
});

void test('rejects marks inside a code block', () => {
  const value = doc([{ type: 'codeBlock', content: [{ type: 'text', text: 'x', marks: [{ type: 'strong' }] }] }]);
  assert.deepEqual(errorsOf(value), ['/content/0/content/0/marks: must NOT have more than 0 items']);
});

void test('rejects values that are not documents', () => {
  assert.deepEqual(errorsOf('hello'), ['/: must be object']);
  assert.equal(validateAdf(null).ok, false);
});
