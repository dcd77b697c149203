/** A MySQL/MariaDB front processor (the common 前置机 in practice) through mysql2. */
import mysql from 'mysql2/promise';
import { frontDdl } from './ddl.js';
import { dedupeByGuid, type FrontTarget } from './front-target.js';
import { tableSpec, type FrontRow } from '../generator/front-tables.js';

const upsertHeads = new Map<string, { head: string; tail: string; names: string[]; tuple: string }>();

function upsertParts(table: string) {
  let parts = upsertHeads.get(table);
  if (!parts) {
    const names = tableSpec(table).columns.map((c) => c.name);
    parts = {
      names,
      head: `INSERT INTO ${table} (${names.join(', ')}) VALUES `,
      tuple: `(${names.map(() => '?').join(',')})`,
      tail: ` ON DUPLICATE KEY UPDATE ${names
        .filter((n) => n !== 'row_guid')
        .map((n) => `${n} = VALUES(${n})`)
        .join(', ')}`,
    };
    upsertHeads.set(table, parts);
  }
  return parts;
}

export async function openMysqlFront(url: string): Promise<FrontTarget> {
  const pool = mysql.createPool({
    uri: url,
    connectionLimit: 2,
    dateStrings: true,
    multipleStatements: true,
    charset: 'utf8mb4',
  });
  await pool.query('SELECT 1');
  return {
    dialect: 'mysql',
    async ensureSchema() {
      for (const ddl of frontDdl('mysql')) await pool.query(ddl);
    },
    async upsert(table: string, rows: readonly FrontRow[]) {
      if (rows.length === 0) return;
      const unique = dedupeByGuid(rows);
      const { head, tail, names, tuple } = upsertParts(table);
      const params: unknown[] = [];
      for (const row of unique) for (const name of names) params.push(row[name] ?? null);
      await pool.query(head + unique.map(() => tuple).join(',') + tail, params);
    },
    async query<T>(sql: string, params?: unknown[]) {
      const [rows] = await pool.query(sql, params);
      return rows as T[];
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    param: () => '?',
    async close() {
      await pool.end();
    },
  };
}
