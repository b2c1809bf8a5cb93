import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  adfToWiki,
  normalizeAdf,
  validateAdf,
  wikiToAdf,
  type AdfDoc,
  type AdfMark,
  type AdfNode,
} from '../src/index.ts';
import { adfDocument } from './adf-arbitraries.ts';

// Replay a failure with FC_SEED=<seed> (and FC_PATH=<path>) from the report.
const seed = process.env['FC_SEED'] === undefined ? undefined : Number(process.env['FC_SEED']);
const runs = {
  numRuns: Number(process.env['FC_RUNS'] ?? 300),
  ...(seed === undefined ? {} : { seed }),
  ...(process.env['FC_PATH'] === undefined ? {} : { path: process.env['FC_PATH'] }),
};

void test('generated documents are valid ADF', () => {
  fc.assert(
    fc.property(adfDocument, (doc) => {
      assert.deepEqual(validateAdf(doc), { ok: true });
    }),
    runs,
  );
});

void test('wiki round trip reaches a fixed point after one round', () => {
  fc.assert(
    fc.property(adfDocument, (x) => {
      const wiki = adfToWiki(x);
      const y = wikiToAdf(wiki);
      assert.equal(adfToWiki(y), wiki);
      assert.deepEqual(wikiToAdf(adfToWiki(y)), y);
      assert.deepEqual(validateAdf(y), { ok: true });
    }),
    runs,
  );
});

void test('normalizeAdf is idempotent', () => {
  fc.assert(
    fc.property(adfDocument, (x) => {
      const once = normalizeAdf(x);
      assert.deepEqual(normalizeAdf(once), once);
    }),
    runs,
  );
});

// Free text with wiki punctuation is outside the one-round guarantee (the encoder does not escape most wiki syntax):
// it may need several rounds, or alternate between two markups. normalizeAdf must still be idempotent on it.
const punctuatedText = fc.stringMatching(/^[A-Za-z0-9 *_\-+^~?!#|{}[\]\\.:()@&<>'"]{1,12}$/);
const punctuatedDocument = fc
  .array(
    fc.tuple(
      punctuatedText,
      fc.constantFrom<AdfMark[]>([], [{ type: 'strong' }], [{ type: 'em' }], [{ type: 'code' }]),
    ),
    {
      minLength: 1,
      maxLength: 3,
    },
  )
  .map((runs): AdfDoc => ({
    type: 'doc',
    version: 1,
    content: [
      {
        type: 'paragraph',
        content: runs.map(([text, marks]): AdfNode =>
          marks.length > 0 ? { type: 'text', text, marks } : { type: 'text', text },
        ),
      },
    ],
  }));

void test('normalizeAdf is idempotent even on text full of wiki punctuation', () => {
  fc.assert(
    fc.property(punctuatedDocument, (x) => {
      const once = normalizeAdf(x);
      assert.deepEqual(normalizeAdf(once), once);
    }),
    runs,
  );
});

void test('normalizeAdf settles a markup that alternates between two forms', () => {
  // Found by the property above: each round moves the `+` signs in and out of the bold runs.
  const x: AdfDoc = {
    type: 'doc',
    version: 1,
    content: [
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: "^@['+", marks: [{ type: 'strong' }] },
          { type: 'text', text: '"+:6 ' },
          { type: 'text', text: '+>G> _]})-Q', marks: [{ type: 'strong' }] },
        ],
      },
    ],
  };
  const rounds = [adfToWiki(x)];
  for (let i = 0; i < 8; i++) rounds.push(adfToWiki(wikiToAdf(rounds[rounds.length - 1] ?? '')));
  // The last two rounds differ and each repeats two rounds later: a cycle raw conversion would follow forever.
  assert.notEqual(rounds[8], rounds[7]);
  assert.equal(rounds[8], rounds[6]);
  const once = normalizeAdf(x);
  assert.deepEqual(normalizeAdf(once), once);
});
