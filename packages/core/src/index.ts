/** Tandem's core: the neutral shapes and ports the engine works with, and the pure sync decisions. */
export * from './tracker-port.ts';
export * from './issue-fields.ts';
export * from './replica.ts';
export * from './sync-rules.ts';
export * from './store-port.ts';
export * from './field-values.ts';
export * from './tandem-copies.ts';
export * from './field-merge.ts';
export * from './transition-path.ts';
export * from './item-plans.ts';
export * from './connection-status.ts';
