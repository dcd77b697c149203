/** Embedded front processor: PGlite in its own data dir (never the resource library's). */
import { PGlite } from '@electric-sql/pglite';
import { frontDdl } from './ddl.js';
import { dedupeByGuid, type FrontTarget } from './front-target.js';
import { pgUpsertParams, pgUpsertSql } from './pg-upsert.js';
import { createInMemoryPglite } from '../../store/pglite-fresh-cluster.js';
import type { FrontRow } from '../generator/front-tables.js';

export async function openPgliteFront(dataDir: string): Promise<FrontTarget> {
  // memory:// (tests) starts from a dumped fresh cluster instead of paying for initdb each time.
  const db = dataDir.startsWith('memory://') ? await createInMemoryPglite({}) : await PGlite.create(dataDir);
  return {
    dialect: 'pglite',
    async ensureSchema() {
      await db.exec(frontDdl('postgres').join('\n'));
    },
    async upsert(table: string, rows: readonly FrontRow[]) {
      if (rows.length === 0) return;
      const unique = dedupeByGuid(rows);
      await db.query(pgUpsertSql(table), pgUpsertParams(table, unique));
    },
    async query<T>(sql: string, params?: unknown[]) {
      return (await db.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    param: (n) => `$${n}`,
    async close() {
      await db.close();
    },
  };
}
