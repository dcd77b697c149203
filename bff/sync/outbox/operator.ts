/**
 * What operators see of the outbox and may do with it (for the operator API and CLI): counts per
 * status, the rows that need a person (dead letters) with their reason, and re-queueing after the
 * cause is fixed. Payloads are not listed: they hold masked names and free text, and an operator
 * needs the reason, not the content.
 */
import type { Sql } from '../../store/types.js';

export type OutboxStatus = 'pending' | 'retrying' | 'delivered' | 'dead_letter';

export interface OutboxRowSummary {
  id: number;
  kind: string;
  dedupKey: string;
  status: OutboxStatus;
  attempts: number;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string;
  deliveredAt: string | null;
  deadLetteredAt: string | null;
  lastError: string | null;
}

const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : String(value);

export async function outboxCounts(sql: Sql): Promise<Record<OutboxStatus, number>> {
  const counts: Record<OutboxStatus, number> = { pending: 0, retrying: 0, delivered: 0, dead_letter: 0 };
  const { rows } = await sql.query<{ status: OutboxStatus; n: string | number }>(
    'SELECT status, count(*) AS n FROM outbox GROUP BY status',
  );
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

export async function listOutbox(
  sql: Sql,
  filter: { status?: OutboxStatus; kind?: string; limit?: number } = {},
): Promise<OutboxRowSummary[]> {
  const { rows } = await sql.query<Record<string, unknown>>(
    `SELECT id, kind, dedup_key, status, attempts, created_at, last_attempt_at, next_attempt_at, delivered_at,
            dead_lettered_at, last_error
       FROM outbox
      WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR kind = $2)
      ORDER BY id DESC
      LIMIT $3`,
    [filter.status ?? null, filter.kind ?? null, Math.min(Math.max(filter.limit ?? 100, 1), 1000)],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    kind: String(row.kind),
    dedupKey: String(row.dedup_key),
    status: row.status as OutboxStatus,
    attempts: Number(row.attempts),
    createdAt: text(row.created_at) as string,
    lastAttemptAt: text(row.last_attempt_at),
    nextAttemptAt: text(row.next_attempt_at) as string,
    deliveredAt: text(row.delivered_at),
    deadLetteredAt: text(row.dead_lettered_at),
    lastError: text(row.last_error),
  }));
}

/**
 * Puts dead letters back in the queue with a fresh set of attempts (after the front's table was
 * created, a column widened …). The last error stays until the next attempt replaces it.
 * Without ids: every dead letter. Returns how many were re-queued.
 */
export async function requeueDeadLetters(sql: Sql, ids?: readonly number[]): Promise<number> {
  const result = await sql.query(
    `UPDATE outbox SET dead_lettered_at = NULL, attempts = 0, next_attempt_at = now()
      WHERE dead_lettered_at IS NOT NULL AND delivered_at IS NULL AND ($1::bigint[] IS NULL OR id = ANY($1::bigint[]))`,
    [ids ? [...ids] : null],
  );
  return result.affectedRows ?? 0;
}
