/**
 * Where a command's operations run. When a node already serves this configuration (its `/health` answers at the
 * listen address), the command goes through its JSON API and only queues and watches; it authenticates with the node's
 * local token (derived from the node secret) or TANDEM_API_TOKEN. Otherwise the CLI composes the
 * node itself, without the poll, and runs the worker in this process until the work it queued is done.
 */
import type { TandemConfig } from '@tandem/config';
import type { StepReport } from '@tandem/engine';
import {
  composeNode,
  createNodeLogger,
  HttpOperations,
  localApiTokenFor,
  probeNode,
  type TandemNode,
  type TandemOperations,
} from '@tandem/server';

export interface NodeSession {
  readonly operations: TandemOperations;
  readonly mode: 'local' | 'remote';
  /** Local: runs the queue worker in this process. Remote: the serving node's worker does the work. */
  startWorker(): void;
  /** Local only (remote nodes log their own steps); returns an unsubscribe function. */
  onStep(listener: (report: StepReport, node: TandemNode) => void): () => void;
  close(): Promise<void>;
}

/** The address a CLI on this machine reaches the node's API at, or undefined when it listens on a random port. */
export function localApiUrl(config: TandemConfig): string | undefined {
  const { host, port } = config.listen;
  if (port === 0) return undefined;
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** Opens the session for one command. */
export async function openSession(config: TandemConfig): Promise<NodeSession> {
  const apiUrl = localApiUrl(config);
  if (apiUrl !== undefined && (await probeNode(apiUrl))) {
    return {
      // The node-local token (from the node secret on this machine), or TANDEM_API_TOKEN when set.
      operations: new HttpOperations(apiUrl, { token: localApiTokenFor(config) }),
      mode: 'remote',
      startWorker: () => {},
      onStep: () => () => {},
      close: async () => {},
    };
  }
  const node = await composeNode(config, { logger: createNodeLogger({ level: 'warn', destination: 'stderr' }) });
  try {
    // Sets the connections' initial status; neither the worker nor the poll starts here.
    await node.engine.start({ worker: false, poll: false });
  } catch (error) {
    await node.close();
    throw error;
  }
  return {
    operations: node.operations,
    mode: 'local',
    startWorker: () => node.engine.worker.start(),
    onStep: (listener) => node.engine.onStep((report) => listener(report, node)),
    close: () => node.close(),
  };
}
