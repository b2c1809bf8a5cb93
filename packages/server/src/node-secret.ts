/**
 * The node's secret: webhook signing secrets are derived from it, so it must survive restarts. From the environment
 * (TANDEM_NODE_SECRET) when set; otherwise a random secret kept in `node-secret` beside the SQLite store, created once,
 * readable by its owner only.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StoreConfig } from '@tandem/config';

export const NODE_SECRET_VARIABLE = 'TANDEM_NODE_SECRET';

/** The node secret could not be read or created. */
export class NodeSecretError extends Error {
  override readonly name = 'NodeSecretError';
}

/** Where the secret file lives for this store, or undefined when the store has no folder (PostgreSQL). */
export function nodeSecretFile(store: StoreConfig): string | undefined {
  return store.kind === 'sqlite' ? join(dirname(store.path), 'node-secret') : undefined;
}

/** Reads (or creates once) the node secret. */
export function loadNodeSecret(store: StoreConfig, env: Readonly<Record<string, string | undefined>>): string {
  const fromEnv = env[NODE_SECRET_VARIABLE];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const file = nodeSecretFile(store);
  if (file === undefined) {
    throw new NodeSecretError(
      `a PostgreSQL store has no folder to keep the node secret in: set ${NODE_SECRET_VARIABLE}`,
    );
  }
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new NodeSecretError(`cannot read the node secret in ${file}`, { cause: error });
    }
  }
  const secret = randomBytes(32).toString('hex');
  try {
    mkdirSync(dirname(file), { recursive: true });
    // 'wx': two processes starting at once must not both write; the loser reads the winner's secret.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw new NodeSecretError(`cannot create the node secret in ${file}`, { cause: error });
  }
}
