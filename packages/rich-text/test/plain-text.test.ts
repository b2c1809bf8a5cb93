import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { adfToPlainText, wikiToPlainText } from '../src/index.ts';

void test('wiki markup to plain text keeps words and line structure', () => {
  const wiki =
    'h1. Title\n\nSome *bold* [link|http://x.test] text\n* one\n* two\n\n||h1||h2||\n|a|b|\n\n{code}x = 1{code}';
  assert.equal(wikiToPlainText(wiki), 'Title\nSome bold link text\none\ntwo\nh1\th2\na\tb\nx = 1');
});

void test('mentions, emoji and breaks', () => {
  const adf = {
    type: 'doc' as const,
    version: 1 as const,
    content: [
      {
        type: 'paragraph',
        content: [
          { type: 'mention', attrs: { id: 'acc-1', text: '@Ann' } },
          { type: 'text', text: ' and ' },
          { type: 'mention', attrs: { id: 'acc-2', text: '' } },
          { type: 'hardBreak' },
          { type: 'emoji', attrs: { shortName: ':smile:', text: '😄' } },
        ],
      },
    ],
  };
  assert.equal(adfToPlainText(adf), '@Ann and @acc-2\n😄');
});

void test('empty input is empty text', () => {
  assert.equal(adfToPlainText(null), '');
  assert.equal(wikiToPlainText(null), '');
  assert.equal(wikiToPlainText(''), '');
});
