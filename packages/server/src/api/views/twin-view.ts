/** Twins as the API shows them: both issues with their Jira links, pending work and error; live issue data on request. */
import type { Twin, TwinError } from '@tandem/core';
import type { z } from 'zod';
import type { TandemNode } from '../../compose-node.ts';
import type { twinDetailSchema, twinSummarySchema } from '../schemas/twin-schemas.ts';

export type TwinSummaryDocument = z.input<typeof twinSummarySchema>;
export type TwinDetailDocument = z.input<typeof twinDetailSchema>;

/** The browse link of an issue on an instance this node knows, or null. */
export function browseUrl(node: TandemNode, instance: string, key: string | null): string | null {
  const base = node.config.instances[instance]?.url;
  return base && key ? `${base}/browse/${encodeURIComponent(key)}` : null;
}

/** A twin's error without what it only repeats (its twin id and connection). */
export function errorView(error: TwinError | undefined) {
  return error
    ? {
        message: error.message,
        details: error.details,
        firstAt: error.firstAt,
        lastAt: error.lastAt,
        attempts: error.attempts,
      }
    : null;
}

/** A twin with its links, pending flag and error. */
export async function twinSummary(node: TandemNode, twin: Twin): Promise<TwinSummaryDocument> {
  const side = (which: 'a' | 'b') => ({
    ...twin[which],
    url: browseUrl(node, twin[which].instance, twin[which].issueKey),
  });
  return {
    id: twin.id,
    connection: twin.connection,
    state: twin.state,
    origin: twin.origin,
    a: side('a'),
    b: side('b'),
    createIntent: twin.createIntent,
    createdAt: twin.createdAt,
    updatedAt: twin.updatedAt,
    lastSyncedAt: twin.lastSyncedAt,
    pending: (await node.store.queue.pendingFor(twin.id)) > 0,
    error: errorView(await node.store.getError(twin.id)),
  };
}

/** A twin with both issues read from Jira (null for the peer's side, or when Jira cannot be read). */
export async function twinDetail(node: TandemNode, twin: Twin): Promise<TwinDetailDocument> {
  const summary = await twinSummary(node, twin);
  const issueOf = async (which: 'a' | 'b') => {
    const { instance, issueId } = twin[which];
    const tracker = node.trackers.get(instance);
    if (!tracker || !issueId) return null;
    try {
      const issue = await tracker.getIssue(issueId);
      return issue
        ? {
            summary: issue.summary,
            status: issue.status.name,
            statusCategory: issue.status.category,
            issueType: issue.issueType.name,
            updated: issue.updated,
          }
        : null;
    } catch (error) {
      node.logger.warn({ err: error, instance, twin: twin.id }, 'reading a twin issue for the API failed');
      return null;
    }
  };
  const [a, b] = await Promise.all([issueOf('a'), issueOf('b')]);
  return { ...summary, a: { ...summary.a, issue: a }, b: { ...summary.b, issue: b } };
}
