/**
 * Quarantine (隔离区): rows the sync refused, with a stable reason code, a plain-Chinese message and
 * the source position, never silently dropped (G5). The row is stored with every ID number and
 * mobile masked (pii.ts): quarantine must not become a plain copy of personal data, which is why
 * retry-quarantine re-reads the source instead of re-using the stored row.
 */
import type { RowProblem } from '../contracts.js';
import { maskPiiInText } from '../../privacy/pii.js';
import type { Sql } from '../../store/types.js';
import type { RejectedRow } from './types.js';

/** Masks personal data in every string of a row, at any depth (JSON text inside a column too). */
export function maskRow(value: unknown): unknown {
  if (typeof value === 'string') return maskPiiInText(value);
  if (Array.isArray(value)) return value.map(maskRow);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskRow(inner)]));
  }
  return value;
}

/** One reason code per entry: the first problem decides; all messages are kept, in order. */
function reasonOf(problems: readonly RowProblem[]): { code: string; text: string } {
  const first = problems[0];
  const code = first?.code ?? 'write_failed';
  const text = problems
    .map((problem) => (problem.field ? `${problem.field}：${problem.message}` : problem.message))
    .join('；');
  return { code, text: maskPiiInText(text || '无法处理的记录') };
}

/**
 * Writes (or refreshes) one open entry per source row. Returns how many entries are new or changed:
 * a bad row re-read by the look-back window with the same content is not counted again.
 */
export async function quarantineRows(
  tx: Sql,
  stream: string,
  runId: number | null,
  rejected: readonly RejectedRow[],
): Promise<number> {
  if (rejected.length === 0) return 0;
  // One entry per source key in this batch: the last problem seen for a row wins.
  const byKey = new Map<string, RejectedRow>();
  for (const row of rejected) byKey.set(`${row.stream ?? stream}\u0000${row.sourceKey}`, row);
  const payload = [...byKey.values()].map((row) => {
    const reason = reasonOf(row.problems);
    return {
      stream: row.stream ?? stream,
      source_key: row.sourceKey,
      reason_code: reason.code,
      reason_text: reason.text,
      raw_row: maskRow(row.row),
      source_position: JSON.stringify(row.position),
    };
  });
  const { rows } = await tx.query(
    `INSERT INTO sync_quarantine AS q (stream, run_id, source_key, reason_code, reason_text, raw_row, source_position)
     SELECT p.stream, $1, p.source_key, p.reason_code, p.reason_text, p.raw_row, p.source_position
       FROM json_to_recordset($2::json) AS p(stream text, source_key text, reason_code text, reason_text text,
            raw_row jsonb, source_position text)
     ON CONFLICT (stream, source_key) WHERE resolved_at IS NULL DO UPDATE
        SET run_id = EXCLUDED.run_id, reason_code = EXCLUDED.reason_code, reason_text = EXCLUDED.reason_text,
            raw_row = EXCLUDED.raw_row, source_position = EXCLUDED.source_position, updated_at = now()
      WHERE (q.reason_code, q.reason_text, q.raw_row) IS DISTINCT FROM (EXCLUDED.reason_code, EXCLUDED.reason_text, EXCLUDED.raw_row)
     RETURNING 1`,
    [runId, JSON.stringify(payload)],
  );
  return rows.length;
}

/**
 * A row that was quarantined and has now been written in a good version (fixed at the source)
 * closes its entry. Duplicates within a page stay open: they tell the operator the vendor sent a key twice.
 */
export async function resolveSuperseded(tx: Sql, stream: string, sourceKeys: readonly string[]): Promise<void> {
  if (sourceKeys.length === 0) return;
  await tx.query(
    `UPDATE sync_quarantine SET resolved_at = now(), resolution = 'superseded', updated_at = now()
      WHERE stream = $1 AND resolved_at IS NULL AND reason_code <> 'duplicate_in_page' AND source_key = ANY($2::text[])`,
    [stream, sourceKeys],
  );
}

export async function hasOpenQuarantine(sql: Sql, stream: string): Promise<boolean> {
  const { rows } = await sql.query('SELECT 1 FROM sync_quarantine WHERE stream = $1 AND resolved_at IS NULL LIMIT 1', [
    stream,
  ]);
  return rows.length > 0;
}

export function writeFailedProblem(error: unknown): RowProblem {
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'write_failed', message: maskPiiInText(`写入资源库时被数据库拒绝：${message}`) };
}
