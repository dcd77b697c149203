/**
 * Types shared inside the sync engine (not part of contracts.ts: nothing outside the engine needs them).
 */
import type { LibraryRecord, RowProblem, SourcePosition, SourceRow } from '../contracts.js';

/** The logger calls the engine makes; pino's Logger fits, and so does a test double. */
export interface SyncLogger {
  debug(data: object, message?: string): void;
  info(data: object, message?: string): void;
  warn(data: object, message?: string): void;
  error(data: object, message?: string): void;
}

/**
 * Points where a crash test can stop the engine (sync-anchors §4.4): during the read, after staging
 * (quarantine, pending) but before the merge, after the merge but before COMMIT, after COMMIT but
 * before the next page or the run record, and while finishing the run record.
 */
export type FaultPhase = 'read' | 'stage' | 'merge' | 'commit' | 'run-record';

export interface FaultHooks {
  hit(phase: FaultPhase): void | Promise<void>;
}

/** One source row of a page, with where it came from. */
export interface PageRow {
  row: SourceRow;
  position: SourcePosition;
  /** The row's id at the source (row_guid), or `file:line` for a drop-file line without one. */
  sourceKey: string;
}

/** A row the engine refuses, on its way to quarantine. */
export interface RejectedRow {
  /** Set when the row belongs to another stream than the run's (a waiting child taken out by a parent). */
  stream?: string;
  sourceKey: string;
  position: SourcePosition;
  /** Masked before it is written (quarantine.ts). */
  row: SourceRow | Record<string, unknown>;
  problems: RowProblem[];
}

/** A library record with the source row it came from (for quarantine after a write error). */
export interface TracedRecord {
  record: LibraryRecord;
  origin: {
    sourceKey: string;
    position: SourcePosition;
    row: SourceRow | Record<string, unknown>;
    /** When the record first waited for its parent: the orphan timeout counts from here, across re-parks. */
    firstSeenAt?: string;
    /** The stream a waiting record belongs to, when another stream's page takes it out of sync_pending. */
    stream?: string;
  };
}

/** What a page (or a pending resolution) changed, counted exactly from RETURNING. */
export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  quarantined: number;
  pending: number;
}

export function emptyWriteCounts(): WriteCounts {
  return { inserted: 0, updated: 0, unchanged: 0, deleted: 0, quarantined: 0, pending: 0 };
}

export function addWriteCounts(into: WriteCounts, add: WriteCounts): void {
  into.inserted += add.inserted;
  into.updated += add.updated;
  into.unchanged += add.unchanged;
  into.deleted += add.deleted;
  into.quarantined += add.quarantined;
  into.pending += add.pending;
}

/** A case-progress change committed by a page: published after COMMIT. */
export interface ProgressEvent {
  issuer: string;
  subject: string;
  projectNo: string;
  kind: string;
}
