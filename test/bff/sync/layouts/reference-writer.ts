/**
 * A deliberately plain, row-at-a-time writer of LibraryRecords, for tests only: it applies the record
 * semantics of bff/sync/contracts.ts (parent + fill, write: 'update', replaceScope, deletes) with one
 * SQL statement per record, so a layout's output can be checked against the real library schema
 * (CHECK constraints, key_hash / masked_text domains, foreign keys) without depending on the engine.
 * The engine's set-based writer (bff/sync/engine) must reach the same end state.
 */
import type { LibraryRecord } from '../../../../bff/sync/contracts.js';
import type { Sql } from '../../../../bff/store/store.js';

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Arrays as PostgreSQL array literals (the codes here need no escaping beyond quotes), objects as JSON. */
function param(value: unknown): unknown {
  if (Array.isArray(value)) return `{${value.map((v) => `"${String(v).replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value ?? null;
}

function where(columns: readonly string[], values: Record<string, unknown>, params: unknown[]): string {
  return columns
    .map((column) => {
      params.push(param(values[column]));
      return `${ident(column)}::text = $${params.length}::text`;
    })
    .join(' AND ');
}

export type Applied = 'written' | 'waiting' | 'skipped';

/** Applies the records one source row produced. Returns 'waiting' when a parent is missing. */
export async function applyRowRecords(sql: Sql, records: readonly LibraryRecord[]): Promise<Applied> {
  // Parents first: a row's records wait together, as the engine keeps a row's records together.
  for (const record of records) {
    // Records with `fill` look their parent up below anyway.
    if (!record.parent || record.parent.fill || record.operation === 'delete') continue;
    const params: unknown[] = [];
    const { rows } = await sql.query(
      `SELECT 1 FROM ${ident(record.parent.target)} WHERE ${where(Object.keys(record.parent.key), record.parent.key, params)}`,
      params,
    );
    if (rows.length === 0 && !records.some((r) => r.target === record.parent?.target && !r.parent)) return 'waiting';
  }
  const cleared = new Set<string>();
  for (const record of records) {
    const values = { ...record.values };
    if (record.parent?.fill) {
      const params: unknown[] = [];
      const { rows } = await sql.query<Record<string, unknown>>(
        `SELECT * FROM ${ident(record.parent.target)} WHERE ${where(Object.keys(record.parent.key), record.parent.key, params)}`,
        params,
      );
      const parent = rows[0];
      if (!parent) {
        if (record.operation === 'upsert') return 'waiting';
        continue; // a delete with its parent gone has nothing to delete
      }
      for (const [child, column] of Object.entries(record.parent.fill)) values[child] = parent[column];
    }
    if (record.replaceScope) {
      const scopeKey = `${record.target}|${JSON.stringify(record.replaceScope.map((c) => values[c]))}`;
      if (!cleared.has(scopeKey)) {
        cleared.add(scopeKey);
        const params: unknown[] = [];
        await sql.query(
          `DELETE FROM ${ident(record.target)} WHERE ${where(record.replaceScope, values, params)}`,
          params,
        );
      }
      if (record.operation === 'delete') continue;
    }
    const columns = Object.keys(values);
    if (record.operation === 'delete') {
      const params: unknown[] = [];
      await sql.query(`DELETE FROM ${ident(record.target)} WHERE ${where(record.conflictKey, values, params)}`, params);
      continue;
    }
    const updatable = columns.filter((c) => !record.conflictKey.includes(c));
    if (record.write === 'update') {
      const params: unknown[] = [];
      const sets = updatable.map((c) => {
        params.push(param(values[c]));
        return `${ident(c)} = $${params.length}`;
      });
      if (sets.length > 0) {
        await sql.query(
          `UPDATE ${ident(record.target)} SET ${sets.join(', ')} WHERE ${where(record.conflictKey, values, params)}`,
          params,
        );
      }
      continue;
    }
    const params = columns.map((c) => param(values[c]));
    const action =
      updatable.length > 0
        ? `DO UPDATE SET ${updatable.map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`).join(', ')}`
        : 'DO NOTHING';
    await sql.query(
      `INSERT INTO ${ident(record.target)} (${columns.map(ident).join(', ')}) VALUES (${columns
        .map((_, i) => `$${i + 1}`)
        .join(', ')}) ON CONFLICT (${record.conflictKey.map(ident).join(', ')}) ${action}`,
      params,
    );
  }
  return 'written';
}
