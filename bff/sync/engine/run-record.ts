/**
 * Run history (sync_runs, sync-anchors §4.2): one row per stream run with every count an operator
 * needs. Counts are added by each page in the page's own transaction, so the record always matches
 * what was committed, even when the process dies before the run is finished.
 */
import type { RunCounts, RunStatus } from '../contracts.js';
import type { Sql } from '../../store/types.js';
import type { WriteCounts } from './types.js';

/**
 * Opens the run record. A run of the same stream left 'running' by a process that died is closed
 * as failed in the same statement: the caller holds the stream's lock, so no such run is alive.
 */
export async function startRun(
  sql: Sql,
  streamKey: string,
  details: { full: boolean },
): Promise<{ id: number; startedAt: string }> {
  const { rows } = await sql.query<{ id: number; started_at: Date }>(
    `WITH abandoned AS (
       UPDATE sync_runs SET status = 'failed', finished_at = now(),
              error = coalesce(error, $3)
        WHERE stream = $1 AND status = 'running'
     )
     INSERT INTO sync_runs (stream, status, full_run) VALUES ($1, 'running', $2) RETURNING id, started_at`,
    [
      streamKey,
      details.full,
      '同步进程意外中断，本次运行未正常结束；已提交的数据完整保留，下次运行会从已保存的位置继续。',
    ],
  );
  const row = rows[0] as { id: number; started_at: Date };
  return { id: Number(row.id), startedAt: new Date(row.started_at).toISOString() };
}

export async function setRunBounds(sql: Sql, runId: number, runHi: string, cursorFrom: string | null): Promise<void> {
  await sql.query('UPDATE sync_runs SET run_hi = $2, cursor_from = $3 WHERE id = $1', [runId, runHi, cursorFrom]);
}

/** Adds one page's counts, inside the page's transaction. */
export async function addPageCounts(
  tx: Sql,
  runId: number,
  page: { read: number; counts: WriteCounts; cursorTo: string | null; isPage: boolean },
): Promise<void> {
  const c = page.counts;
  await tx.query(
    `UPDATE sync_runs SET rows_read = rows_read + $2, rows_inserted = rows_inserted + $3, rows_updated = rows_updated + $4,
            rows_unchanged = rows_unchanged + $5, rows_deleted = rows_deleted + $6, rows_quarantined = rows_quarantined + $7,
            rows_pending = rows_pending + $8, rows_applied = rows_applied + $3 + $4 + $6, pages = pages + $10,
            cursor_to = coalesce($9, cursor_to)
      WHERE id = $1`,
    [
      runId,
      page.read,
      c.inserted,
      c.updated,
      c.unchanged,
      c.deleted,
      c.quarantined,
      c.pending,
      page.cursorTo,
      page.isPage ? 1 : 0,
    ],
  );
}

export async function finishRun(
  sql: Sql,
  runId: number,
  outcome: { status: RunStatus; error: string | null; lagSeconds: number | null; retries: number; warnings: string[] },
): Promise<{ finishedAt: string; counts: RunCounts }> {
  const { rows } = await sql.query<Record<string, number | Date>>(
    `UPDATE sync_runs SET status = $2, error = $3, lag_seconds = $4, retries = retries + $5,
            warnings = $6::jsonb, finished_at = now()
      WHERE id = $1
     RETURNING finished_at, rows_read, rows_inserted, rows_updated, rows_unchanged, rows_deleted, rows_quarantined, rows_pending`,
    [runId, outcome.status, outcome.error, outcome.lagSeconds, outcome.retries, JSON.stringify(outcome.warnings)],
  );
  const row = rows[0] ?? {};
  return {
    finishedAt: new Date(row.finished_at as Date).toISOString(),
    counts: {
      read: Number(row.rows_read ?? 0),
      inserted: Number(row.rows_inserted ?? 0),
      updated: Number(row.rows_updated ?? 0),
      unchanged: Number(row.rows_unchanged ?? 0),
      deleted: Number(row.rows_deleted ?? 0),
      quarantined: Number(row.rows_quarantined ?? 0),
      pending: Number(row.rows_pending ?? 0),
    },
  };
}
