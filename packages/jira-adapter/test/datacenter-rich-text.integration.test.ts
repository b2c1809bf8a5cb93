/**
 * Data Center speaks wiki markup; the port speaks ADF. Both directions over real HTTP: what the adapter writes is
 * wiki markup on Jira's side, and wiki markup written by people reads back as ADF (mentions by username).
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { JiraEmulator } from '@tandem/jira-emulator';
import type { AdfDoc } from '@tandem/rich-text';
import type { JiraTracker } from '../src/index.ts';
import { FLAVORS, raw, startEmulator, trackerFor } from './support/emulated-jira.ts';

const dataCenter = FLAVORS.find((setup) => setup.flavor === 'datacenter');

void describe('Data Center rich text', () => {
  let emulator: JiraEmulator;
  let tracker: JiraTracker;
  const setup = dataCenter ?? assert.fail('no Data Center setup');
  const jira = (method: string, path: string, body?: unknown) => raw(setup, emulator, method, path, body);

  before(async () => {
    emulator = await startEmulator(setup);
    tracker = trackerFor(setup, emulator);
  });
  after(async () => emulator.close());

  void test('ADF written through the port is stored as wiki markup (description and comments)', async () => {
    const description: AdfDoc = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Steps' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Ask ' },
            { type: 'mention', attrs: { id: 'alice', text: '@Alice' } },
            { type: 'text', text: ' about the ' },
            { type: 'text', text: 'cookie', marks: [{ type: 'strong' }] },
          ],
        },
      ],
    };
    const created = await tracker.createIssue({
      projectKey: 'GREEN',
      issueTypeName: 'Task',
      summary: 'Wiki out',
      description,
      properties: {},
    });
    const comment = await tracker.addComment(created.id, {
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'in code', marks: [{ type: 'code' }] }] }],
    });
    const stored = (await jira('GET', `/rest/api/2/issue/${created.key}?fields=description`)).json as {
      fields: { description: string };
    };
    assert.equal(stored.fields.description, 'h2. Steps\n\nAsk [~alice] about the *cookie*');
    const storedComment = (await jira('GET', `/rest/api/2/issue/${created.key}/comment/${comment.id}`)).json as {
      body: string;
    };
    assert.equal(storedComment.body, '{{in code}}');
    // Back as ADF: the same document, except that wiki markup keeps a mention's user but not its display text.
    const mention = { type: 'mention', attrs: { id: 'alice', text: '', accessLevel: '' } };
    const readBack = structuredClone(description);
    readBack.content[1]?.content?.splice(1, 1, mention);
    assert.deepEqual((await tracker.getIssue(created.key))?.description, readBack);
  });

  void test('wiki markup written in Jira reads as ADF', async () => {
    const created = await jira('POST', '/rest/api/2/issue', {
      fields: {
        project: { key: 'GREEN' },
        issuetype: { name: 'Task' },
        summary: 'Wiki in',
        description: '* one\n* _two_',
      },
    });
    const key = (created.json as { key: string }).key;
    await jira('POST', `/rest/api/2/issue/${key}/comment`, { body: 'Thanks [~bob], see {{config.yml}}' });
    const issue = await tracker.getIssue(key);
    assert.deepEqual(issue?.description, {
      type: 'doc',
      version: 1,
      content: [
        {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one' }] }] },
            {
              type: 'listItem',
              content: [{ type: 'paragraph', content: [{ type: 'text', text: 'two', marks: [{ type: 'em' }] }] }],
            },
          ],
        },
      ],
    });
    const paragraph = issue?.comments[0]?.body.content[0];
    assert.deepEqual(
      paragraph?.content?.map((node) => [node.type, node.text ?? node.attrs?.['id'], node.marks?.[0]?.type]),
      [
        ['text', 'Thanks ', undefined],
        ['mention', 'bob', undefined],
        ['text', ', see ', undefined],
        ['text', 'config.yml', 'code'],
      ],
    );
  });
});
