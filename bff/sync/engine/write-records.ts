/**
 * Writes library records inside a caller's transaction: the newest version per key; upserts,
 * update-only writes, set replacements and deletes per target; children whose parent is missing to
 * `sync_pending` (filling columns from the parent once it is there); children of parents just written
 * out of it; and case-progress candidates for notices.
 *
 * A statement the database refuses for data reasons aborts the first attempt of the page; the page is
 * then redone carefully, each statement in a savepoint and bisected (≤ log2(page) round trips) to find
 * the records at fault, which go to quarantine as `write_failed` while every other record is written
 * (sync-anchors G5; better than DataX's row-by-row replay of the whole batch).
 */
import type { Sql } from '../../store/types.js';
import { CASE_PROGRESS_TARGETS, type ProgressCandidate } from './case-progress.js';
import { libraryTable, type LibraryTable } from './library-tables.js';
import {
  deleteStatement,
  parentLookupStatement,
  payloadOf,
  positionalRows,
  replaceStatement,
  updateStatement,
  upsertStatement,
} from './merge-sql.js';
import { dropPendingDeleted, parkRecords, takeChildrenOf } from './pending.js';
import { writeFailedProblem } from './quarantine.js';
import { newestPerKey, parentKeyOf } from './record-keys.js';
import type { RejectedRow, TracedRecord, WriteCounts } from './types.js';

export interface WriteContext {
  tx: Sql;
  /** The store: library-table metadata is cached per store. */
  owner: object;
  stream: string;
  runId: number | null;
  counts: WriteCounts;
  /** Records the database refused, for the caller to quarantine in the same transaction. */
  failed: RejectedRow[];
  /** New progress rows, for notices in the same transaction. */
  progress: ProgressCandidate[];
  /** Source rows with at least one record written: their open quarantine entries are superseded. */
  written: Set<string>;
  /**
   * False on the first attempt of a page: statements run without savepoints (two round trips fewer
   * per statement). A data error then rolls the page back and it is redone carefully, with a
   * savepoint per statement and bisection down to the records at fault.
   */
  careful: boolean;
}

/** SQLSTATE classes 22 (data exception) and 23 (integrity constraint): the data is at fault, not the system. */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23)/.test(code);
}

/**
 * Runs `attempt` on `items`; in careful mode in a savepoint, splitting the items in halves on a data
 * error until the failing ones are isolated. Other errors (connection, syntax) abort the transaction.
 */
async function bisect<T>(
  context: WriteContext,
  items: readonly T[],
  attempt: (sql: Sql, items: readonly T[]) => Promise<void>,
  onFail: (item: T, error: unknown) => void,
): Promise<void> {
  if (items.length === 0) return;
  if (!context.careful) {
    await attempt(context.tx, items);
    return;
  }
  try {
    await context.tx.transaction((inner) => attempt(inner, items));
  } catch (error) {
    if (!isDataError(error)) throw error;
    if (items.length === 1) {
      onFail(items[0] as T, error);
      return;
    }
    const middle = Math.ceil(items.length / 2);
    await bisect(context, items.slice(0, middle), attempt, onFail);
    await bisect(context, items.slice(middle), attempt, onFail);
  }
}

function failRecord(context: WriteContext, traced: TracedRecord, error: unknown): void {
  context.failed.push({
    ...(traced.origin.stream ? { stream: traced.origin.stream } : {}),
    sourceKey: traced.origin.sourceKey,
    position: traced.origin.position,
    row: traced.origin.row,
    problems: [writeFailedProblem(error)],
  });
}

/** Groups by a key, keeping first-seen order of the groups. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Upserts and update-only writes of one target; returns the records now stored (written or unchanged). */
async function upsertTarget(context: WriteContext, table: LibraryTable, group: readonly TracedRecord[]) {
  const stored: TracedRecord[] = [];
  const progressTarget = CASE_PROGRESS_TARGETS[table.name];
  // Records with different column sets get different statements (an absent column stays untouched).
  const prepared = group.map((traced) => ({ traced, payload: payloadOf(table, traced.record) }));
  const statements = groupBy(
    prepared,
    // Not sorted: one mapping emits its columns in one order, and sorting 40 keys per row costs.
    (item) => `${item.traced.record.write ?? 'upsert'}|${Object.keys(item.payload).join(',')}`,
  );
  for (const [statementKey, items] of statements) {
    const [write, signature = ''] = statementKey.split('|');
    const columns = signature.split(',');
    const conflictKey = (items[0] as (typeof items)[number]).traced.record.conflictKey;
    const sql =
      write === 'update'
        ? updateStatement(table, columns, conflictKey)
        : upsertStatement(table, columns, conflictKey, { progressColumn: progressTarget?.projectColumn }).sql;
    await bisect(
      context,
      items,
      async (tx, batch) => {
        const payloads = batch.map((item) => item.payload);
        const { rows } = await tx.query<{ inserted: boolean; progress_key?: string; progress_record?: string }>(sql, [
          write === 'update' ? JSON.stringify(payloads) : positionalRows(columns, payloads),
          table.name,
        ]);
        let inserted = 0;
        for (const row of rows) {
          if (!row.inserted) continue;
          inserted += 1;
          if (row.progress_key && row.progress_record) {
            context.progress.push({ target: table.name, projectNo: row.progress_key, recordKey: row.progress_record });
          }
        }
        context.counts.inserted += inserted;
        context.counts.updated += rows.length - inserted;
        context.counts.unchanged += batch.length - rows.length;
        for (const item of batch) {
          stored.push(item.traced);
          context.written.add(item.traced.origin.sourceKey);
        }
      },
      (item, error) => failRecord(context, item.traced, error),
    );
  }
  return stored;
}

/**
 * Set-valued children (contracts.ts `replaceScope`): per scope, the records of the last source row
 * that sent it are the whole set; stored rows of the scope not among them are deleted. `markers` are
 * the "this scope is now empty" delete records.
 */
async function replaceScopes(
  context: WriteContext,
  table: LibraryTable,
  members: readonly TracedRecord[],
  markers: readonly TracedRecord[],
): Promise<void> {
  const all = [...members, ...markers];
  if (all.length === 0) return;
  const byShape = groupBy(
    all,
    (traced) => `${traced.record.replaceScope?.join(',')}|${traced.record.conflictKey.join(',')}`,
  );
  for (const group of byShape.values()) {
    const { replaceScope: scope = [], conflictKey } = (group[0] as TracedRecord).record;
    // The last source row that sent a scope decides its members.
    const owner = new Map<string, string>();
    const scopeText = (traced: TracedRecord): string =>
      JSON.stringify(scope.map((c) => traced.record.values[c] ?? null));
    for (const traced of group) owner.set(scopeText(traced), traced.origin.sourceKey);
    const scopes = [...owner.keys()].map((text) =>
      Object.fromEntries(scope.map((c, i) => [c, (JSON.parse(text) as unknown[])[i]])),
    );
    const keep = group
      .filter(
        (traced) => traced.record.operation !== 'delete' && owner.get(scopeText(traced)) === traced.origin.sourceKey,
      )
      .map((traced) => Object.fromEntries(conflictKey.map((c) => [c, traced.record.values[c] ?? null])));
    await bisect(
      context,
      [group],
      async (tx) => {
        const { rows } = await tx.query(replaceStatement(table, scope, conflictKey), [
          JSON.stringify(scopes),
          JSON.stringify(keep),
        ]);
        context.counts.deleted += rows.length;
        for (const marker of markers) context.written.add(marker.origin.sourceKey);
      },
      (records, error) => failRecord(context, records[0] as TracedRecord, error),
    );
  }
}

async function deleteTarget(context: WriteContext, table: LibraryTable, group: readonly TracedRecord[]) {
  if (group.length === 0) return;
  const conflictKey = (group[0] as TracedRecord).record.conflictKey;
  const sql = deleteStatement(table, conflictKey);
  await bisect(
    context,
    group,
    async (inner, batch) => {
      const payload = JSON.stringify(
        batch.map((traced) => {
          const values: Record<string, unknown> = {};
          for (const column of conflictKey) values[column] = traced.record.values[column];
          if (table.hasChangedAt) values.source_changed_at = traced.record.version.changedAt;
          if (table.hasSourceVersion) values.source_version = traced.record.version.sourceVersion ?? null;
          return values;
        }),
      );
      const { rows } = await inner.query(sql, [payload, table.name]);
      context.counts.deleted += rows.length;
      context.counts.unchanged += batch.length - rows.length;
      for (const traced of batch) context.written.add(traced.origin.sourceKey);
    },
    (traced, error) => failRecord(context, traced, error),
  );
  await dropPendingDeleted(
    context.tx,
    group.map((traced) => traced.record),
  );
}

/**
 * Splits records that need their parent into those whose parent exists now — with the columns the
 * parent fills in copied into their values — and those that must wait.
 */
async function checkParents(context: WriteContext, records: readonly TracedRecord[]) {
  const ready: TracedRecord[] = [];
  const waiting: TracedRecord[] = [];
  const groups = groupBy(records, (traced) => {
    const parent = parentKeyOf(traced.record) as { columns: string[] };
    const fill = Object.entries(traced.record.parent?.fill ?? {}).sort();
    return JSON.stringify([traced.record.parent?.target ?? '', parent.columns, fill]);
  });
  for (const [groupKey, group] of groups) {
    const [parentTarget, columns, fill] = JSON.parse(groupKey) as [string, string[], [string, string][]];
    const parent = await libraryTable(context.owner, context.tx, parentTarget);
    const payload = group.map((traced, index) => {
      const key: Record<string, unknown> = { key: String(index) };
      for (const column of columns) key[column] = traced.record.parent?.key[column] ?? null;
      return key;
    });
    const { rows } = await context.tx.query<Record<string, string | null>>(
      parentLookupStatement(
        parent,
        columns,
        fill.map(([, from]) => from),
      ),
      [JSON.stringify(payload)],
    );
    const found = new Map(rows.map((row) => [Number(row.key), row]));
    group.forEach((traced, index) => {
      const row = found.get(index);
      if (!row) {
        waiting.push(traced);
        return;
      }
      if (fill.length === 0) {
        ready.push(traced);
        return;
      }
      const values = { ...traced.record.values };
      fill.forEach(([child], i) => (values[child] = row[`f${i}`] ?? null));
      ready.push({ ...traced, record: { ...traced.record, values } });
    });
  }
  return { ready, waiting };
}

/** Writes records whose parents are settled, by target; returns the waiting children of what was written. */
async function applyRecords(context: WriteContext, records: readonly TracedRecord[]): Promise<TracedRecord[]> {
  const children: TracedRecord[] = [];
  for (const [target, group] of groupBy(records, (traced) => traced.record.target)) {
    const table = await libraryTable(context.owner, context.tx, target);
    const upserts = group.filter((traced) => traced.record.operation !== 'delete');
    const deletes = group.filter((traced) => traced.record.operation === 'delete');
    const stored = await upsertTarget(context, table, upserts);
    await replaceScopes(
      context,
      table,
      upserts.filter((traced) => traced.record.replaceScope),
      deletes.filter((traced) => traced.record.replaceScope),
    );
    await deleteTarget(
      context,
      table,
      deletes.filter((traced) => !traced.record.replaceScope),
    );
    children.push(
      ...(await takeChildrenOf(
        context.tx,
        target,
        stored.map((traced) => traced.record),
      )),
    );
  }
  return children;
}

/** Chains deeper than this (item → material → …) are left to the next sweep. */
const MAX_PARENT_ROUNDS = 8;

/** A delete by key needs no parent; one whose key the parent fills in (or a scope marker) does. */
function needsParent(traced: TracedRecord): boolean {
  const { record } = traced;
  if (!record.parent) return false;
  return record.operation !== 'delete' || Boolean(record.parent.fill) || Boolean(record.replaceScope);
}

export async function writeRecords(context: WriteContext, records: readonly TracedRecord[]): Promise<void> {
  if (records.length === 0) return;
  const { kept, superseded } = newestPerKey(records);
  context.counts.unchanged += superseded;
  let parented = kept.filter(needsParent);
  parented.push(
    ...(await applyRecords(
      context,
      kept.filter((traced) => !needsParent(traced)),
    )),
  );
  for (let round = 0; parented.length > 0; round += 1) {
    const { ready, waiting } =
      round < MAX_PARENT_ROUNDS
        ? await checkParents(context, newestPerKey(parented).kept)
        : { ready: [], waiting: parented };
    // A delete whose parent is gone has nothing left to delete.
    const toPark = waiting.filter((traced) => traced.record.operation !== 'delete');
    context.counts.unchanged += waiting.length - toPark.length;
    await parkRecords(context.tx, context.stream, context.runId, toPark);
    context.counts.pending += toPark.length;
    parented = await applyRecords(context, ready);
  }
}
