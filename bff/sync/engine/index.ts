/** The sync engine: stream runs, pending children, quarantine, run records. See DEVELOPERS.md § Sync. */
export { runStream, streamKeyOf } from './stream-run.js';
export { retryStreamQuarantine, type RetryOutcome } from './retry-quarantine.js';
export { createStreamLocks, type StreamLease, type StreamLocks } from './stream-lock.js';
export { syncMetrics, type SyncMetrics } from './sync-metrics.js';
export { faultAt, killAtFault, parseFaultSpec, NO_FAULTS, type FaultSpec } from './faults.js';
export { CASE_PROGRESS_TARGETS } from './case-progress.js';
export { isTransientSourceError } from './retry.js';
export type { EngineContext } from './run-state.js';
export type { FaultHooks, FaultPhase, SyncLogger } from './types.js';
