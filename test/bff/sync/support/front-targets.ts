/**
 * Front processors for sync tests: MariaDB (FRONT_MYSQL_URL, a throw-away database per file),
 * PostgreSQL (DATABASE_URL, a throw-away database) and PGlite in memory. Each offers the same small
 * API: create the test tables, upsert rows by row_guid, run SQL, and open the engine's source on it.
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { SqlSource } from '../../../../bff/sync/contracts.js';
import { openMysqlSource } from '../../../../bff/sync/sources/sql/mysql-source.js';
import { openPgliteSource, openPostgresSource } from '../../../../bff/sync/sources/sql/postgres-source.js';
import { requireService } from '../../../support/services.js';
import { ACCEPT_COLUMNS, PROCESS_COLUMNS } from './test-layout.js';
import { columnsDdl, pgCreate, pgUpsertSql, type FrontRowValues } from './front-sql.js';

export type { FrontRowValues } from './front-sql.js';

export interface TestFront {
  name: 'mariadb' | 'postgres' | 'pglite';
  url?: string;
  /** Creates the accept and process tables; `fractional` picks DATETIME(6) over DATETIME(0). */
  createTables(tables: { accept: string; process: string }, options?: { fractional?: boolean }): Promise<void>;
  upsert(table: string, rows: readonly FrontRowValues[]): Promise<void>;
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  openSource(timeZone?: string): Promise<SqlSource>;
  teardown(): Promise<void>;
}

export interface FrontTarget {
  name: TestFront['name'];
  skip: string | false;
  setup(): Promise<TestFront>;
}

export function mariadbFront(): FrontTarget {
  const service = requireService('FRONT_MYSQL_URL');
  return {
    name: 'mariadb',
    skip: service.skip,
    async setup() {
      const adminUrl = service.url as string;
      const name = `govdock_front_${randomBytes(5).toString('hex')}`;
      const admin = await mysql.createConnection({ uri: adminUrl });
      await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const pool = mysql.createPool({ uri: url.toString(), connectionLimit: 3, dateStrings: true, charset: 'utf8mb4' });
      const front: TestFront = {
        name: 'mariadb',
        url: url.toString(),
        async createTables(tables, options = {}) {
          const time = options.fractional === false ? 'DATETIME' : 'DATETIME(6)';
          for (const [table, columns] of [
            [tables.accept, ACCEPT_COLUMNS],
            [tables.process, PROCESS_COLUMNS],
          ] as const) {
            await pool.query(
              `CREATE TABLE ${table} (${columnsDdl(columns, time, 'varchar(400)')}, KEY ${table}_cursor (cd_time, row_guid)) ` +
                'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
            );
          }
        },
        async upsert(table, rows) {
          if (rows.length === 0) return;
          const names = Object.keys(rows[0] as FrontRowValues);
          const values = rows.map((row) => names.map((n) => row[n] ?? null));
          await pool.query(
            `INSERT INTO ${table} (${names.join(', ')}) VALUES ? ON DUPLICATE KEY UPDATE ${names
              .filter((n) => n !== 'row_guid')
              .map((n) => `${n} = VALUES(${n})`)
              .join(', ')}`,
            [values],
          );
        },
        async exec(sql) {
          await pool.query(sql);
        },
        async query<T>(sql: string, params: unknown[] = []) {
          const [rows] = await pool.query(sql, params);
          return rows as T[];
        },
        openSource: (timeZone = '+08:00') => openMysqlSource({ url: url.toString(), timeZone }),
        async teardown() {
          await pool.end();
          const again = await mysql.createConnection({ uri: adminUrl });
          await again.query(`DROP DATABASE IF EXISTS ${name}`);
          await again.end();
        },
      };
      return front;
    },
  };
}

export function postgresFront(): FrontTarget {
  const service = requireService('DATABASE_URL');
  return {
    name: 'postgres',
    skip: service.skip,
    async setup() {
      const adminUrl = service.url as string;
      const name = `govdock_front_${randomBytes(5).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const pool = new pg.Pool({ connectionString: url.toString(), max: 3 });
      pool.on('error', () => undefined);
      return {
        name: 'postgres',
        url: url.toString(),
        async createTables(tables, options = {}) {
          await pool.query(pgCreate(tables, options.fractional !== false));
        },
        async upsert(table, rows) {
          if (rows.length === 0) return;
          const names = Object.keys(rows[0] as FrontRowValues);
          await pool.query(
            pgUpsertSql(table, names, rows.length),
            rows.flatMap((row) => names.map((n) => row[n] ?? null)),
          );
        },
        async exec(sql) {
          await pool.query(sql);
        },
        async query<T>(sql: string, params: unknown[] = []) {
          return (await pool.query(sql, params)).rows as T[];
        },
        openSource: (timeZone = '+08:00') => openPostgresSource({ url: url.toString(), timeZone }),
        async teardown() {
          await pool.end();
          const again = new pg.Client({ connectionString: adminUrl });
          await again.connect();
          await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await again.end();
        },
      };
    },
  };
}

export const pgliteFront: FrontTarget = {
  name: 'pglite',
  skip: false,
  async setup() {
    const db = await PGlite.create('memory://');
    return {
      name: 'pglite',
      async createTables(tables, options = {}) {
        await db.exec(pgCreate(tables, options.fractional !== false));
      },
      async upsert(table, rows) {
        if (rows.length === 0) return;
        const names = Object.keys(rows[0] as FrontRowValues);
        await db.query(
          pgUpsertSql(table, names, rows.length),
          rows.flatMap((row) => names.map((n) => row[n] ?? null)),
        );
      },
      async exec(sql) {
        await db.exec(sql);
      },
      async query<T>(sql: string, params: unknown[] = []) {
        return (await db.query<T>(sql, params)).rows;
      },
      openSource: async (timeZone = '+08:00') => openPgliteSource({ handle: db, timeZone }),
      teardown: () => db.close(),
    };
  },
};
