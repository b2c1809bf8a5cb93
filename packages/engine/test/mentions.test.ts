import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { AdfDoc } from '@tandem/rich-text';
import { localizeMentions, mapMentions, mentionIds } from '../src/mentions.ts';

const doc = (...content: AdfDoc['content']): AdfDoc => ({ type: 'doc', version: 1, content });
const mention = (id: string) => ({ type: 'mention', attrs: { id, text: '' } });
const paragraph = (...content: AdfDoc['content']) => ({ type: 'paragraph', content });

void test('mention ids are found at any depth', () => {
  const value = doc(paragraph({ type: 'text', text: 'a ' }, mention('u1')), {
    type: 'bulletList',
    content: [{ type: 'listItem', content: [paragraph(mention('u2'), mention('u1'))] }],
  });
  assert.deepEqual([...mentionIds(value)], ['u1', 'u2']);
});

void test('mapping rewrites ids or turns a mention into text, leaving everything else as it is', () => {
  const value = doc(paragraph({ type: 'text', text: 'ask ' }, mention('u1'), mention('u2')));
  const mapped = mapMentions(value, (id) => (id === 'u1' ? { id: 'alice' } : { text: '@Dora' }));
  assert.deepEqual(
    mapped,
    doc(paragraph({ type: 'text', text: 'ask ' }, mention('alice'), { type: 'text', text: '@Dora' })),
  );
  assert.deepEqual(
    value,
    doc(paragraph({ type: 'text', text: 'ask ' }, mention('u1'), mention('u2'))),
    'input untouched',
  );
});

void test('localizing: found people by e-mail or name, others as their name, unknown ids as the id', async () => {
  const value = doc(paragraph(mention('a1'), mention('d1'), mention('x9')));
  const people = {
    a1: { displayName: 'Alice Moreau', email: 'alice@example.com' },
    d1: { displayName: 'Dora Blue-only', email: null },
  };
  const lookups: string[] = [];
  const local = await localizeMentions(value, people, async (person) => {
    lookups.push(person.email ?? person.displayName);
    return person.email === 'alice@example.com' ? 'alice' : null;
  });
  assert.deepEqual(
    local,
    doc(paragraph(mention('alice'), { type: 'text', text: '@Dora Blue-only' }, { type: 'text', text: '@x9' })),
  );
  assert.deepEqual(lookups, ['alice@example.com', 'Dora Blue-only']);
  assert.equal(await localizeMentions('plain text', people, async () => 'never'), 'plain text');
});
