/** The sync engine: build it from connections, trackers and a store; start it; run operations on it. */
export * from './engine-config.ts';
export * from './engine-deps.ts';
export { SyncEngine, type EngineStartOptions, type TwinStatus } from './sync-engine.ts';
export type { StepReport } from './sync-worker.ts';
export type { StepOutcome } from './sync-step.ts';
export { SyncStepError } from './sync-step-error.ts';
export * from './replica-transport.ts';
export { receivePeerReplica, receiveReplica } from './receive-replica.ts';
export { TWIN_PROPERTY, readMarker, type TwinMarker } from './twin-marker.ts';
export { verifySignature, WEBHOOK_EVENTS } from './webhook-intake.ts';
export type { PollResult } from './reconciliation-poll.ts';
export type { RecoveryReport } from './recover-twins.ts';
export type { DryRunReport, DryRunFieldChange } from './dry-run.ts';
