import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { adfToWiki, normalizeAdf, validateAdf, wikiToAdf, type AdfDoc, type AdfNode } from '../src/index.ts';
import { outline } from './adf-outline.ts';

const doc = (...content: AdfNode[]): AdfDoc => ({ type: 'doc', version: 1, content });
const p = (...content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });
const text = (value: string, ...marks: string[]): AdfNode =>
  marks.length > 0
    ? { type: 'text', text: value, marks: marks.map((type) => ({ type })) }
    : { type: 'text', text: value };

/** wiki → ADF gives `shape`, the ADF is valid, and ADF → wiki gives `back` (default: the input). */
function vector(name: string, wiki: string, shape: string, back: string = wiki): void {
  void test(`wiki vector: ${name}`, () => {
    const adf = wikiToAdf(wiki);
    assert.equal(outline(adf.content), shape);
    assert.deepEqual(validateAdf(adf), { ok: true });
    assert.equal(adfToWiki(adf), back);
  });
}

vector('headings', 'h1. One\n\nh6. Six', 'heading(text) heading(text)');
vector(
  'nested bullet list',
  '* a\n** b\n* c',
  'bulletList(listItem(paragraph(text) bulletList(listItem(paragraph(text)))) listItem(paragraph(text)))',
);
vector(
  'ordered list inside bullet list',
  '* a\n*# b',
  'bulletList(listItem(paragraph(text) orderedList(listItem(paragraph(text)))))',
);
vector('code block with language', '{code:python}print(1){code}', 'codeBlock(text)');
vector('code block without language is java', '{code}x{code}', 'codeBlock(text)', '{code:java}x{code}');
vector('noformat', '{noformat}raw *x*{noformat}', 'codeBlock(text)');
vector('bq. quote', 'bq. quoted', 'blockquote(paragraph(text))', '{quote}quoted{quote}');
vector('quote macro', '{quote}a\n\nb{quote}', 'blockquote(paragraph(text) paragraph(text))');
vector(
  'panel with title',
  '{panel:title=T}body{panel}',
  'panel(paragraph(text[strong]) paragraph(text))',
  '{panel:bgColor=#deebff}\n*T*\n\nbody\n{panel}',
);
vector('info macro is not supported', '{info}hi{info}', 'paragraph(text)');
vector('link with title', '[Google|http://google.com]', 'paragraph(text[link])');
vector('bare URL', 'see http://x.com now', 'paragraph(text text[link] text)', 'see [http://x.com|http://x.com/] now');
vector(
  'table with header row',
  '||h1||h2||\n|a|b|',
  'table(tableRow(tableHeader(paragraph(text)) tableHeader(paragraph(text))) tableRow(tableCell(paragraph(text)) tableCell(paragraph(text))))',
);
vector('emoji shortcuts', ':) (y)', 'paragraph(emoji text emoji)', '🙂 👍');
vector('embedded image', '!file.png!', 'mediaSingle(media)', '!file.png|thumbnail!');
vector('image with size', '!file.png|width=300,height=200!', 'mediaSingle(media)');
vector('external image', '!https://x.test/a.png|thumbnail!', 'mediaSingle(media)');
vector('attachment link', '[^report.pdf]', 'mediaGroup(media)');
vector(
  'text effects',
  '*b* _i_ -s- +u+ ^sup^ ~sub~ {{mono}}',
  'paragraph(text[strong] text text[em] text text[strike] text text[underline] text text[subsup] text text[subsup] text text[code])',
);
vector('citation becomes emphasis', '??cite??', 'paragraph(text[em])', '??cite??');
vector('colour', '{color:red}red{color}', 'paragraph(text[textColor])', '{color:#ff0000}red{color}');
vector('rule', '----', 'rule');
vector('line break', 'a\nb', 'paragraph(text hardBreak text)');

void test('an image keeps its file name as the media id', () => {
  const media = wikiToAdf('!file.png!').content[0]?.content?.[0];
  assert.deepEqual(media?.attrs, { type: 'file', id: 'file.png', collection: '' });
});

void test('Cloud mention [~accountid:X] ↔ mention id X', () => {
  const adf = wikiToAdf('hi [~accountid:557058:f58131cb]');
  assert.deepEqual(adf.content[0]?.content?.[1], {
    type: 'mention',
    attrs: { id: '557058:f58131cb', text: '', accessLevel: '' },
  });
  assert.equal(adfToWiki(adf), 'hi [~accountid:557058:f58131cb]');
});

void test('Data Center mention [~username] with username style and id maps', () => {
  const toAccount: Record<string, string> = { jdoe: 'acc-1' };
  const toUser: Record<string, string> = { 'acc-1': 'jdoe' };
  const adf = wikiToAdf('ping [~jdoe]', { mapMentionId: (user) => toAccount[user] ?? user });
  assert.equal(adf.content[0]?.content?.[1]?.attrs?.['id'], 'acc-1');
  assert.equal(adfToWiki(adf), 'ping [~accountid:acc-1]');
  assert.equal(adfToWiki(adf, { mentionStyle: 'username', mapMentionId: (id) => toUser[id] ?? id }), 'ping [~jdoe]');
});

void test('empty input: null stays null, blank markup is an empty document', () => {
  assert.equal(wikiToAdf(null), null);
  assert.equal(adfToWiki(null), null);
  assert.deepEqual(wikiToAdf('  \n '), doc());
  assert.equal(adfToWiki(doc()), '');
  assert.deepEqual(validateAdf(doc()), { ok: true });
});

void test('table header text loses strong on both sides, so ||a|| and ||*a*|| are one document', () => {
  const header = (...content: AdfNode[]): AdfDoc =>
    doc({
      type: 'table',
      content: [{ type: 'tableRow', content: [{ type: 'tableHeader', content: [p(...content)] }] }],
    });
  assert.equal(adfToWiki(header(text('a', 'strong'))), '||a||');
  assert.deepEqual(wikiToAdf('||*a*||'), wikiToAdf('||a||'));
});

void test('attachment links stay attachment links through ADF', () => {
  const adf = doc({
    type: 'mediaGroup',
    content: [{ type: 'media', attrs: { type: 'file', id: 'doc.pdf', collection: '' } }],
  });
  assert.equal(adfToWiki(adf), '[^doc.pdf]');
});

void test('empty paragraphs are dropped, as wiki markup cannot hold them', () => {
  assert.equal(adfToWiki(doc(p(), p(text('x')), p())), 'x');
});

void test('normalizeAdf maps an emoji node to the text it is written as', () => {
  const adf = doc(p({ type: 'emoji', attrs: { shortName: ':slight_smile:', id: '1f642', text: '🙂' } }));
  assert.deepEqual(normalizeAdf(adf), doc(p(text('🙂'))));
});

void test('invalid ADF is refused with a named error', () => {
  const bad = { type: 'doc', version: 1, content: [{ type: 'nonsense' }] } as unknown as AdfDoc;
  assert.throws(() => adfToWiki(bad), { name: 'RichTextConversionError' });
});
