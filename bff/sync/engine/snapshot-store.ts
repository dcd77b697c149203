/**
 * The position of a first load (snapshot) in sync_state, next to the stream's cursor: the upper
 * change time fixed when the load began, the last row id committed and the newest change time
 * committed. Written in the same transaction as the page it covers (G3), so a load that is stopped or
 * killed resumes after the last committed row under the same upper time.
 */
import type { KeysetCursor } from '../contracts.js';
import type { Sql } from '../../store/types.js';
import { compareCursors, writeCursor } from './cursor-store.js';

export interface SnapshotPosition {
  /** Rows with a change time strictly below this (source text) belong to the load. */
  hi: string;
  /** The last row id committed; null before the first page. */
  afterId: string | null;
  /** The newest (change time, row id) committed so far; null before the first row. */
  newest: KeysetCursor | null;
}

/**
 * The later of two positions. Ids are compared in JavaScript, which may order them unlike the
 * source's collation; that is harmless here — every row of the newest time was read by the load, so
 * whichever of them the cursor stands on, the cursor skips none it has not seen.
 */
export function laterPosition(a: KeysetCursor | null, b: KeysetCursor | null): KeysetCursor | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareCursors(a, b) >= 0 ? a : b;
}

export async function readSnapshot(sql: Sql, streamKey: string): Promise<SnapshotPosition | null> {
  const { rows } = await sql.query<{
    snapshot_hi: string | null;
    snapshot_after_id: string | null;
    snapshot_max_time: string | null;
    snapshot_max_id: string | null;
  }>('SELECT snapshot_hi, snapshot_after_id, snapshot_max_time, snapshot_max_id FROM sync_state WHERE stream = $1', [
    streamKey,
  ]);
  const row = rows[0];
  if (!row?.snapshot_hi) return null;
  const newest =
    row.snapshot_max_time !== null && row.snapshot_max_id !== null
      ? { time: row.snapshot_max_time, id: row.snapshot_max_id }
      : null;
  return { hi: row.snapshot_hi, afterId: row.snapshot_after_id, newest };
}

/** Records how far the load got; creates the stream's row (without a cursor) on its first page. */
export async function writeSnapshot(tx: Sql, streamKey: string, position: SnapshotPosition): Promise<void> {
  await tx.query(
    `INSERT INTO sync_state (stream, snapshot_hi, snapshot_after_id, snapshot_max_time, snapshot_max_id,
                             snapshot_started_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, now(), now())
     ON CONFLICT (stream) DO UPDATE SET snapshot_hi = EXCLUDED.snapshot_hi,
        snapshot_after_id = EXCLUDED.snapshot_after_id, snapshot_max_time = EXCLUDED.snapshot_max_time,
        snapshot_max_id = EXCLUDED.snapshot_max_id,
        snapshot_started_at = CASE WHEN sync_state.snapshot_hi IS DISTINCT FROM EXCLUDED.snapshot_hi
                                   THEN now() ELSE sync_state.snapshot_started_at END,
        updated_at = now()`,
    [streamKey, position.hi, position.afterId, position.newest?.time ?? null, position.newest?.id ?? null],
  );
}

/**
 * Ends the load. Every row below `hi` is in the library; the cursor goes to the newest row the load
 * saw — where a cursor run over the same rows would stand — not to `hi`: a vendor's batch pushed
 * later with change times between the two is then still ahead of it. A cursor already further (a full
 * run) stays where it is. The run record shows the cursor reached.
 */
export async function finishSnapshot(
  tx: Sql,
  streamKey: string,
  newest: KeysetCursor,
  stored: KeysetCursor | null,
  runId: number | null,
  sourceTimeZone: string,
): Promise<KeysetCursor> {
  const cursor = laterPosition(stored, newest) as KeysetCursor;
  await writeCursor(tx, streamKey, cursor, runId, sourceTimeZone);
  await clearSnapshot(tx, streamKey);
  if (runId !== null) await tx.query('UPDATE sync_runs SET cursor_to = $2 WHERE id = $1', [runId, cursor.time]);
  return cursor;
}

/** Forgets a load in progress (ended, or the operator switched first loads to `keyset`). */
export async function clearSnapshot(tx: Sql, streamKey: string): Promise<void> {
  await tx.query(
    `UPDATE sync_state SET snapshot_hi = NULL, snapshot_after_id = NULL, snapshot_max_time = NULL,
            snapshot_max_id = NULL, snapshot_started_at = NULL WHERE stream = $1`,
    [streamKey],
  );
}
