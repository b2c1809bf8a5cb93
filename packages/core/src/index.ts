/** Tandem's core: the neutral shapes and ports the engine works with, and the pure sync decisions. */
export * from './tracker-port.ts';
export * from './replica.ts';
export * from './store-port.ts';
export * from './field-values.ts';
export * from './basic-outgoing.ts';
export * from './three-way-merge.ts';
export * from './item-plans.ts';
export * from './connection-status.ts';
