import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { adfToWiki, validateAdf, wikiToAdf } from '../src/index.ts';
import { outline } from './adf-outline.ts';

interface Vector {
  name: string;
  wiki: string;
  outline: string;
}

const file = JSON.parse(
  readFileSync(new URL('./vectors/atlassian-jira-wiki-vectors.json', import.meta.url), 'utf8'),
) as {
  vectors: Vector[];
};

for (const vector of file.vectors) {
  void test(`Atlassian vector: ${vector.name}`, () => {
    const adf = wikiToAdf(vector.wiki);
    assert.equal(outline(adf.content), vector.outline);
    assert.deepEqual(validateAdf(adf), { ok: true });
    // One round later the document no longer changes (emoji nodes, for one, come back as their unicode text).
    const wiki = adfToWiki(adf);
    const settled = wikiToAdf(wiki);
    assert.equal(adfToWiki(settled), wiki);
    assert.deepEqual(wikiToAdf(adfToWiki(settled)), settled);
  });
}
