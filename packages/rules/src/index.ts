/** Sync rules of every mode, each implementing core's SideRules. */
export * from './visual/index.ts';
export * from './script/index.ts';
