// fast-check generators of ADF documents for the round-trip property. Each constraint below names the transformer
// behaviour it avoids; README.md ("Known limits") lists the same behaviours for callers.
import fc from 'fast-check';
import type { AdfDoc, AdfMark, AdfNode } from '../src/index.ts';

// Words only: punctuation that is wiki syntax at the start of a line (`* `, `# `, `h1. `, `bq. `, `----`, `|`) is not
// escaped by the encoder and is read back as structure (it converges after one round, but changes the document).
const word = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/);
const words = fc.array(word, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(' '));

const linkMark = fc
  .constantFrom('https://example.com/a', 'https://tandem.test/browse/ABC-1')
  .map((href): AdfMark => ({ type: 'link', attrs: { href } }));
// `code` cannot combine with other marks in ADF; strong+em is the common combination.
const markSets: fc.Arbitrary<AdfMark[]> = fc.oneof(
  fc.constant<AdfMark[]>([]),
  fc.constant<AdfMark[]>([{ type: 'strong' }]),
  fc.constant<AdfMark[]>([{ type: 'em' }]),
  fc.constant<AdfMark[]>([{ type: 'em' }, { type: 'strong' }]),
  fc.constant<AdfMark[]>([{ type: 'code' }]),
  linkMark.map((link) => [link]),
);

const mention = fc
  .constantFrom('5b10a2844c20165700ede21g', '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077', 'jdoe')
  .map((id): AdfNode => ({ type: 'mention', attrs: { id, text: '', accessLevel: '' } }));

// Marked text is surrounded by plain spaces: wiki marks only open and close at word boundaries, so `x*ab*y`
// parses as the literal text (stable, but the mark is lost).
const inlineRun: fc.Arbitrary<AdfNode[]> = fc.oneof(
  { weight: 4, arbitrary: words.map((text): AdfNode[] => [{ type: 'text', text }]) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(words, markSets)
      .map(([text, marks]): AdfNode[] => [
        { type: 'text', text: 'x ' },
        marks.length > 0 ? { type: 'text', text, marks } : { type: 'text', text },
        { type: 'text', text: ' y' },
      ]),
  },
  {
    weight: 1,
    arbitrary: mention.map((m): AdfNode[] => [{ type: 'text', text: 'cc ' }, m, { type: 'text', text: ' ok' }]),
  },
);

function mergeText(nodes: AdfNode[]): AdfNode[] {
  const out: AdfNode[] = [];
  for (const node of nodes) {
    const last = out[out.length - 1];
    if (last?.type === 'text' && node.type === 'text' && last.marks === undefined && node.marks === undefined) {
      out[out.length - 1] = { type: 'text', text: `${last.text ?? ''}${node.text ?? ''}` };
    } else out.push(node);
  }
  return out;
}

const inlines = fc
  .array(inlineRun, { minLength: 1, maxLength: 3 })
  .map((runs) =>
    mergeText(runs.flat()).map((n) => (n.type === 'text' ? { ...n, text: n.text?.replace(/ {2,}/g, ' ') } : n)),
  )
  .map((nodes) => nodes as AdfNode[]);

const paragraph = inlines.map((content): AdfNode => ({ type: 'paragraph', content }));
const heading = fc
  .tuple(fc.integer({ min: 1, max: 6 }), words)
  .map(([level, text]): AdfNode => ({ type: 'heading', attrs: { level }, content: [{ type: 'text', text }] }));
const codeBlock = fc
  .tuple(fc.constantFrom('java', 'javascript', 'python', 'sql'), fc.array(words, { minLength: 1, maxLength: 3 }))
  .map(([language, lines]): AdfNode => ({
    type: 'codeBlock',
    attrs: { language },
    content: [{ type: 'text', text: lines.join('\n') }],
  }));

// List items hold a paragraph and optionally a nested list. Code blocks are not generated inside list items:
// the parser drops their language (`{code:js}` inside `* item` comes back as java).
const listOf = (depth: number): fc.Arbitrary<AdfNode> => {
  const item: fc.Arbitrary<AdfNode> =
    depth <= 1
      ? paragraph.map((p): AdfNode => ({ type: 'listItem', content: [p] }))
      : fc
          .tuple(paragraph, fc.option(listOf(depth - 1), { nil: undefined }))
          .map(([p, nested]): AdfNode => ({ type: 'listItem', content: nested === undefined ? [p] : [p, nested] }));
  return fc
    .tuple(fc.boolean(), fc.array(item, { minLength: 1, maxLength: 3 }))
    .map(([ordered, items]): AdfNode =>
      ordered ? { type: 'orderedList', attrs: { order: 1 }, content: items } : { type: 'bulletList', content: items },
    );
};

const blockquote = fc
  .array(paragraph, { minLength: 1, maxLength: 2 })
  .map((content): AdfNode => ({ type: 'blockquote', content }));

const cell = (type: 'tableHeader' | 'tableCell') =>
  words.map((text): AdfNode => ({
    type,
    attrs: {},
    content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
  }));
const table = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.boolean())
  .chain(([columns, rows, header]) =>
    fc.tuple(
      header ? fc.array(cell('tableHeader'), { minLength: columns, maxLength: columns }) : fc.constant(undefined),
      fc.array(fc.array(cell('tableCell'), { minLength: columns, maxLength: columns }), {
        minLength: rows,
        maxLength: rows,
      }),
    ),
  )
  .map(([headerCells, bodyRows]): AdfNode => ({
    type: 'table',
    attrs: { isNumberColumnEnabled: false, layout: 'default' },
    content: [...(headerCells === undefined ? [] : [headerCells]), ...bodyRows].map((content) => ({
      type: 'tableRow',
      content,
    })),
  }));

const block: fc.Arbitrary<AdfNode> = fc.oneof(
  { weight: 4, arbitrary: paragraph },
  { weight: 2, arbitrary: heading },
  { weight: 2, arbitrary: listOf(3) },
  { weight: 1, arbitrary: codeBlock },
  { weight: 1, arbitrary: blockquote },
  { weight: 1, arbitrary: table },
  { weight: 1, arbitrary: fc.constant<AdfNode>({ type: 'rule' }) },
);

/** ADF documents made of the constructs Tandem promises to carry between Cloud and Data Center. */
export const adfDocument: fc.Arbitrary<AdfDoc> = fc
  .array(block, { minLength: 1, maxLength: 5 })
  .map((content): AdfDoc => ({ type: 'doc', version: 1, content }));
