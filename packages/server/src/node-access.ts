/**
 * The node's access records opened without composing the node (no trackers, no engine): what `tandem init` and
 * `tandem token …` use, whether or not the node is serving; and the token the CLI sends to a serving node.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TandemConfig } from '@tandem/config';
import { openStore, type AccessStore } from '@tandem/store';
import { AccessService } from './access/access-service.ts';
import { localApiToken } from './access/api-credentials.ts';
import { loadNodeSecret } from './node-secret.ts';

/** An API token for the CLI to use instead of the node-local one (e.g. a node on another machine). */
export const API_TOKEN_VARIABLE = 'TANDEM_API_TOKEN';

type Env = Readonly<Record<string, string | undefined>>;

export interface NodeAccess {
  readonly access: AccessStore;
  readonly accessService: AccessService;
  close(): Promise<void>;
}

/** Opens (and migrates) the store of `config` for its users and tokens. */
export async function openNodeAccess(config: TandemConfig, env: Env = process.env): Promise<NodeAccess> {
  if (config.store.kind === 'sqlite') mkdirSync(dirname(config.store.path), { recursive: true });
  const secret = loadNodeSecret(config.store, env);
  const store = await openStore(config.store.kind === 'sqlite' ? config.store.path : config.store.url);
  return {
    access: store.access,
    accessService: new AccessService({
      access: store.access,
      localToken: localApiToken(secret),
      now: Date.now,
      newId: randomUUID,
    }),
    close: () => store.close(),
  };
}

/**
 * The bearer token the CLI sends to the node serving `config`: TANDEM_API_TOKEN when set, else the node-local token
 * derived from the node secret (readable on the node's own machine).
 */
export function localApiTokenFor(config: TandemConfig, env: Env = process.env): string {
  const given = env[API_TOKEN_VARIABLE];
  if (given !== undefined && given.trim() !== '') return given.trim();
  return localApiToken(loadNodeSecret(config.store, env));
}
