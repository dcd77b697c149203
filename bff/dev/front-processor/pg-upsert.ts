/**
 * PostgreSQL upsert through `unnest` of one array per column: one statement and 30-odd parameters per
 * batch instead of 30 × rows, measured 4.6× faster than multi-row VALUES (measured-limits).
 */
import { type ColumnSpec, tableSpec } from '../generator/front-tables.js';
import type { FrontRow } from '../generator/front-tables.js';

function arrayType(column: ColumnSpec): string {
  return column.type === 'int' ? 'int4[]' : column.type === 'datetime' ? 'timestamp[]' : 'text[]';
}

const cache = new Map<string, string>();

export function pgUpsertSql(table: string): string {
  let sql = cache.get(table);
  if (sql) return sql;
  const spec = tableSpec(table);
  const names = spec.columns.map((c) => c.name);
  const arrays = spec.columns.map((c, i) => `$${i + 1}::${arrayType(c)}`);
  const updates = names.filter((n) => n !== 'row_guid').map((n) => `${n} = EXCLUDED.${n}`);
  sql =
    `INSERT INTO ${table} (${names.join(', ')}) SELECT * FROM unnest(${arrays.join(', ')}) ` +
    `ON CONFLICT (row_guid) DO UPDATE SET ${updates.join(', ')}`;
  cache.set(table, sql);
  return sql;
}

export function pgUpsertParams(table: string, rows: readonly FrontRow[]): unknown[][] {
  const spec = tableSpec(table);
  return spec.columns.map((c) => rows.map((row) => row[c.name] ?? null));
}
