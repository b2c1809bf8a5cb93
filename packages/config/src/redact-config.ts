import type { InstanceConfig, StoreConfig, TandemConfig } from './config-types.ts';

const MASK = '********';

/** A copy of the configuration safe to print or log: tokens, passwords and the store URL's password masked. */
export function redactConfig(config: TandemConfig): TandemConfig {
  const instances: Record<string, InstanceConfig> = {};
  for (const [name, instance] of Object.entries(config.instances)) {
    const auth = instance.auth;
    instances[name] = {
      ...instance,
      auth: auth.kind === 'bearer' ? { kind: 'bearer', token: MASK } : { ...auth, password: MASK },
    };
  }
  return { ...config, store: redactStore(config.store), instances };
}

function redactStore(store: StoreConfig): StoreConfig {
  if (store.kind !== 'postgres') return store;
  const url = new URL(store.url);
  if (url.password === '') return store;
  url.password = MASK;
  return { kind: 'postgres', url: url.toString() };
}
