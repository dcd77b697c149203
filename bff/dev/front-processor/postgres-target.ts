/** A PostgreSQL front processor (pg pool, small: the simulator writes from one loop). */
import pg from 'pg';
import { frontDdl } from './ddl.js';
import { dedupeByGuid, type FrontTarget } from './front-target.js';
import { pgUpsertParams, pgUpsertSql } from './pg-upsert.js';
import type { FrontRow } from '../generator/front-tables.js';

export async function openPostgresFront(url: string): Promise<FrontTarget> {
  // timestamp without time zone stays a string: front rows are Beijing wall-clock text.
  const types = {
    getTypeParser: (oid: number, format?: string) =>
      oid === 1114 ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text'),
  };
  const pool = new pg.Pool({ connectionString: url, max: 2, types });
  // An idle connection ended by the server (restart, DROP DATABASE … FORCE) is reported on the pool;
  // without a listener that would crash the process. The next query reconnects.
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  return {
    dialect: 'postgres',
    async ensureSchema() {
      await pool.query(frontDdl('postgres').join('\n'));
    },
    async upsert(table: string, rows: readonly FrontRow[]) {
      if (rows.length === 0) return;
      await pool.query(pgUpsertSql(table), pgUpsertParams(table, dedupeByGuid(rows)));
    },
    async query<T>(sql: string, params?: unknown[]) {
      return (await pool.query(sql, params)).rows as T[];
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    param: (n) => `$${n}`,
    async close() {
      await pool.end();
    },
  };
}
