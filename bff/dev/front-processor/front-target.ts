/**
 * A front-processor database the simulator writes into. Rows are upserted by row_guid in multi-row
 * batches; a batch is de-duplicated first because one statement may not touch a key twice
 * (measured-limits: "ON CONFLICT DO UPDATE command cannot affect row a second time").
 */
import type { FrontRow } from '../generator/front-tables.js';

export interface FrontTarget {
  readonly dialect: 'pglite' | 'postgres' | 'mysql';
  /** Creates the front tables if missing. */
  ensureSchema(): Promise<void>;
  /** Upserts rows (all of one table) by row_guid. */
  upsert(table: string, rows: readonly FrontRow[]): Promise<void>;
  /** Plain query; placeholders written with `param(n)` (1-based). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
  /** `$n` for PostgreSQL, `?` for MySQL. */
  param(n: number): string;
  close(): Promise<void>;
}

/** Keeps the last row per row_guid, in first-seen order. */
export function dedupeByGuid(rows: readonly FrontRow[]): FrontRow[] {
  const byGuid = new Map<unknown, FrontRow>();
  for (const row of rows) byGuid.set(row.row_guid, row);
  return byGuid.size === rows.length ? [...rows] : [...byGuid.values()];
}
