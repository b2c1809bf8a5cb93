/** What the API's routes work with: the node, the bulk run registry, and how the node is reached. */
import type { TandemNode } from '../compose-node.ts';
import type { BulkRuns } from '../bulk-runs.ts';

export interface ApiContext {
  node: TandemNode;
  bulkRuns: BulkRuns;
  /** Where Jira reaches this node (webhooks are registered there for a new connection); undefined when unknown. */
  publicUrl: string | undefined;
  /** Whether webhooks were registered at start (then a new connection's projects are added to them). */
  webhooks: boolean;
  /** Session cookies carry `Secure` (the node is reached over https). */
  secureCookies: boolean;
}
