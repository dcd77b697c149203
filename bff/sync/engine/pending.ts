/**
 * Children that arrive before their parent (G9): a process step before its case, a material before
 * its item. Each front table is its own stream with its own cursor, so this is normal, not an error.
 * Such records wait in `sync_pending` and are written as soon as the parent is there: in the same
 * transaction as the page that brings the parent, or by the sweep at the end of every run. After the
 * orphan timeout they go to quarantine with reason `orphan_timeout`.
 */
import type { LibraryRecord, SourcePosition } from '../contracts.js';
import type { Sql } from '../../store/types.js';
import { castType, quoteIdent, type LibraryTable } from './library-tables.js';
import { keyText, parentKeyOf, recordKey } from './record-keys.js';
import type { TracedRecord } from './types.js';

/** Stores records whose parent is missing; a newer version replaces an older waiting one. */
export async function parkRecords(tx: Sql, stream: string, runId: number | null, records: readonly TracedRecord[]) {
  if (records.length === 0) return;
  const payload = records.map(({ record, origin }) => {
    const parent = parentKeyOf(record);
    return {
      target: record.target,
      record_key: recordKey(record),
      parent_target: record.parent?.target,
      parent_key_columns: parent?.columns.join(','),
      parent_key: parent?.key,
      record,
      changed_at: record.version.changedAt,
      source_version: record.version.sourceVersion ?? null,
      source_key: origin.sourceKey,
      source_position: JSON.stringify(origin.position),
      first_seen_at: origin.firstSeenAt ?? null,
      stream: origin.stream ?? null,
    };
  });
  // first_seen_at is kept on update: the timeout counts from the first time the child waited.
  await tx.query(
    `INSERT INTO sync_pending AS sp (stream, target, record_key, parent_target, parent_key_columns, parent_key, record,
                                     changed_at, source_version, source_key, source_position, run_id, first_seen_at)
     SELECT coalesce(p.stream, $1), p.target, p.record_key, p.parent_target, p.parent_key_columns, p.parent_key, p.record,
            p.changed_at, p.source_version, p.source_key, p.source_position, $2, coalesce(p.first_seen_at, now())
       FROM json_to_recordset($3::json) AS p(target text, record_key text, parent_target text, parent_key_columns text,
            parent_key text, record jsonb, changed_at timestamptz, source_version integer, source_key text,
            source_position text, first_seen_at timestamptz, stream text)
     ON CONFLICT (target, record_key) DO UPDATE
        SET stream = EXCLUDED.stream, parent_target = EXCLUDED.parent_target,
            parent_key_columns = EXCLUDED.parent_key_columns, parent_key = EXCLUDED.parent_key, record = EXCLUDED.record,
            changed_at = EXCLUDED.changed_at, source_version = EXCLUDED.source_version, source_key = EXCLUDED.source_key,
            source_position = EXCLUDED.source_position, run_id = EXCLUDED.run_id, updated_at = now(),
            first_seen_at = least(sp.first_seen_at, EXCLUDED.first_seen_at)
      WHERE (sp.changed_at, coalesce(sp.source_version, -1)) <= (EXCLUDED.changed_at, coalesce(EXCLUDED.source_version, -1))`,
    [stream, runId, JSON.stringify(payload)],
  );
}

interface PendingRow {
  stream: string;
  record: LibraryRecord;
  source_key: string | null;
  source_position: string | null;
  first_seen_at: string;
}

const RETURNED = 'RETURNING stream, record, source_key, source_position, first_seen_at::text AS first_seen_at';

function toTraced(row: PendingRow): TracedRecord {
  let position: SourcePosition = { table: '' };
  try {
    if (row.source_position) position = JSON.parse(row.source_position) as SourcePosition;
  } catch {
    // An unreadable position only weakens the quarantine entry if the record fails later.
  }
  return {
    record: row.record,
    origin: {
      sourceKey: row.source_key ?? '',
      position,
      row: row.record.values,
      firstSeenAt: row.first_seen_at,
      stream: row.stream,
    },
  };
}

/**
 * Takes out the waiting children of parents just written (`parents`: records of one target). The
 * caller writes them; the parent check runs again there, so a parent refused by its version guard or
 * a tombstone sends them back to wait.
 */
export async function takeChildrenOf(
  tx: Sql,
  parentTarget: string,
  parents: readonly LibraryRecord[],
): Promise<TracedRecord[]> {
  if (parents.length === 0) return [];
  const { rows: sets } = await tx.query<{ parent_key_columns: string }>(
    'SELECT DISTINCT parent_key_columns FROM sync_pending WHERE parent_target = $1',
    [parentTarget],
  );
  const taken: TracedRecord[] = [];
  for (const { parent_key_columns: columnList } of sets) {
    const columns = columnList.split(',');
    // Parents that lack one of the columns cannot be what these children wait for.
    const keys = parents
      .filter((parent) => columns.every((column) => parent.values[column] !== undefined))
      .map((parent) => keyText(parent.values, columns));
    if (keys.length === 0) continue;
    const { rows } = await tx.query<PendingRow>(
      `DELETE FROM sync_pending WHERE parent_target = $1 AND parent_key_columns = $2 AND parent_key = ANY($3::text[])
       ${RETURNED}`,
      [parentTarget, columnList, [...new Set(keys)]],
    );
    taken.push(...rows.map(toTraced));
  }
  return taken;
}

/** Drops waiting versions that a delete of the same record makes pointless. */
export async function dropPendingDeleted(tx: Sql, deletes: readonly LibraryRecord[]): Promise<void> {
  if (deletes.length === 0) return;
  const payload = deletes.map((record) => ({
    target: record.target,
    record_key: recordKey(record),
    changed_at: record.version.changedAt,
  }));
  await tx.query(
    `DELETE FROM sync_pending sp USING json_to_recordset($1::json) AS d(target text, record_key text, changed_at timestamptz)
      WHERE sp.target = d.target AND sp.record_key = d.record_key AND sp.changed_at <= d.changed_at`,
    [JSON.stringify(payload)],
  );
}

/** The parent groups a stream's waiting records belong to (for the end-of-run sweep). */
export async function pendingParentGroups(sql: Sql, stream: string) {
  const { rows } = await sql.query<{ parent_target: string; parent_key_columns: string }>(
    'SELECT DISTINCT parent_target, parent_key_columns FROM sync_pending WHERE stream = $1',
    [stream],
  );
  return rows.map((row) => ({ parentTarget: row.parent_target, columns: row.parent_key_columns.split(',') }));
}

/** Takes out up to `limit` waiting records of a stream whose parent now exists. */
export async function takeResolvable(
  tx: Sql,
  stream: string,
  parent: LibraryTable,
  columns: readonly string[],
  limit: number,
): Promise<TracedRecord[]> {
  const match = columns
    .map((column, i) => `p.${quoteIdent(column)} = (sp.parent_key::json->>${i})::${castType(parent, column)}`)
    .join(' AND ');
  const { rows } = await tx.query<PendingRow>(
    `DELETE FROM sync_pending WHERE id IN (
        SELECT sp.id FROM sync_pending sp
         WHERE sp.stream = $1 AND sp.parent_target = $2 AND sp.parent_key_columns = $3
           AND EXISTS (SELECT 1 FROM ${quoteIdent(parent.name)} p WHERE ${match})
         ORDER BY sp.id LIMIT $4)
     ${RETURNED}`,
    [stream, parent.name, columns.join(','), limit],
  );
  return rows.map(toTraced);
}

/** Records of a stream that waited longer than the orphan timeout: removed and returned for quarantine. */
export async function takeOrphans(tx: Sql, stream: string, olderThan: Date, limit: number) {
  const { rows } = await tx.query<PendingRow>(
    `DELETE FROM sync_pending WHERE id IN (
        SELECT id FROM sync_pending WHERE stream = $1 AND first_seen_at < $2 ORDER BY id LIMIT $3)
     ${RETURNED}`,
    [stream, olderThan, limit],
  );
  return rows.map(toTraced);
}

export async function countPending(sql: Sql, stream: string): Promise<number> {
  const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM sync_pending WHERE stream = $1', [
    stream,
  ]);
  return Number(rows[0]?.n ?? 0);
}
