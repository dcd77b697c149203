/**
 * The stream cursor in sync_state, written in the same transaction as the rows it covers (G3). The
 * exact source text is kept (`cursor_text`); cursor_time is the same instant as timestamptz for
 * people and dashboards, when the text is a real time.
 */
import type { KeysetCursor } from '../contracts.js';
import type { Sql } from '../../store/types.js';
import { compareSourceTimes, sourceTimeToIso } from '../sources/sql/source-time.js';

export async function readCursor(sql: Sql, streamKey: string): Promise<KeysetCursor | null> {
  const { rows } = await sql.query<{ cursor_text: string | null; cursor_id: string | null }>(
    'SELECT cursor_text, cursor_id FROM sync_state WHERE stream = $1',
    [streamKey],
  );
  const row = rows[0];
  return row?.cursor_text && row.cursor_id !== null ? { time: row.cursor_text, id: row.cursor_id } : null;
}

/**
 * Source order of two cursors, as far as JavaScript can tell: only used to never move a stored cursor
 * backwards (look-back and full runs re-read below it). Every read compares in the source itself.
 */
export function compareCursors(a: KeysetCursor, b: KeysetCursor): number {
  const byTime = compareSourceTimes(a.time, b.time);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export async function writeCursor(
  tx: Sql,
  streamKey: string,
  cursor: KeysetCursor,
  runId: number | null,
  sourceTimeZone: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO sync_state (stream, cursor_time, cursor_id, cursor_text, run_id, updated_at)
     VALUES ($1, $2::timestamptz, $3, $4, $5, now())
     ON CONFLICT (stream) DO UPDATE SET cursor_time = EXCLUDED.cursor_time, cursor_id = EXCLUDED.cursor_id,
        cursor_text = EXCLUDED.cursor_text, run_id = EXCLUDED.run_id, updated_at = now()`,
    [streamKey, sourceTimeToIso(cursor.time, sourceTimeZone), cursor.id, cursor.time, runId],
  );
}

export async function deleteCursor(tx: Sql, streamKey: string): Promise<void> {
  await tx.query('DELETE FROM sync_state WHERE stream = $1', [streamKey]);
}
