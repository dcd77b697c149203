/** The exchange (sync): public entry point. See contracts.ts and DEVELOPERS.md § Sync. */
export { createSyncService, type SyncServiceDeps, type SyncServiceWithKinds } from './service.js';
export { syncConfigSchema, defaultSyncConfig, SYNC_ENVIRONMENT_KEYS, type SyncConfig } from './config.js';
export { openFrontSource, type OpenFrontSourceOptions } from './sources/open.js';
export { startSyncScheduler, type SyncScheduler } from './scheduler.js';
export type * from './contracts.js';
