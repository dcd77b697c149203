/**
 * A MySQL/MariaDB front processor through mysql2 — the common 前置机 in practice.
 *
 * - Times stay text (`dateStrings`), fractional seconds included, and the session time zone is set
 *   explicitly on every connection, so `NOW()` and TIMESTAMP columns read in the configured source
 *   zone whatever the server's default is (sync-anchors G7; kafka-connect-jdbc #470, #1397).
 * - BIGINT and DECIMAL come back as strings, never rounded through a JavaScript number.
 * - A pooled connection that drops (KILL, network) is discarded by the pool; the engine retries the
 *   page and the next checkout opens a fresh connection with the time zone set again.
 */
import mysql from 'mysql2/promise';
import type { FieldPacket, PoolConnection, RowDataPacket } from 'mysql2/promise';
import type {
  KeysetPageRequest,
  SnapshotPageRequest,
  SourceColumn,
  SourceRow,
  SourceValue,
  SqlSource,
} from '../../contracts.js';
import { keysetQuery, maskUrl, MYSQL_DIALECT, snapshotQuery } from './keyset-sql.js';
import { shiftSourceTime } from './source-time.js';

export interface MysqlSourceOptions {
  /** mysql:// or mariadb:// URL. */
  url: string;
  /** Fixed offset such as '+08:00' (bff/sync/config.ts sourceTimeZone). */
  timeZone: string;
  connectionLimit?: number;
}

const ID_CHUNK = 500;

function toSourceValue(value: unknown): SourceValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  // MySQL 8 JSON columns arrive parsed; the mapping expects the text the vendor wrote.
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The driver's row object, kept: with `dateStrings` and big numbers as strings nearly every value is
 * already a string, number or null, and copying every row of a page costs more than the read itself.
 */
function toSourceRow(row: RowDataPacket): SourceRow {
  for (const key in row) {
    const value: unknown = row[key];
    if (value !== null && typeof value !== 'string' && typeof value !== 'number') row[key] = toSourceValue(value);
  }
  return row as SourceRow;
}

export async function openMysqlSource(options: MysqlSourceOptions): Promise<SqlSource> {
  const url = options.url.replace(/^mariadb:/, 'mysql:');
  const pool = mysql.createPool({
    uri: url,
    connectionLimit: options.connectionLimit ?? 2,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    charset: 'utf8mb4',
    enableKeepAlive: true,
  });
  // Server threads whose session zone is set; a reconnect gets a new thread id.
  const zoned = new Set<number>();

  async function withConnection<T>(fn: (connection: PoolConnection) => Promise<T>): Promise<T> {
    const connection = await pool.getConnection();
    try {
      if (!zoned.has(connection.threadId)) {
        await connection.query('SET time_zone = ?', [options.timeZone]);
        zoned.add(connection.threadId);
      }
      return await fn(connection);
    } finally {
      connection.release();
    }
  }

  async function select(sql: string, params: unknown[]): Promise<SourceRow[]> {
    return withConnection(async (connection) => {
      const [rows] = (await connection.query(sql, params)) as [RowDataPacket[], FieldPacket[]];
      return rows.map(toSourceRow);
    });
  }

  // Fail at open, not at the first scheduled run, when the URL or the server is wrong.
  await withConnection(async (connection) => {
    await connection.query('SELECT 1');
  });

  return {
    kind: 'mysql',
    description: maskUrl(options.url),
    async now() {
      const rows = await select("SELECT DATE_FORMAT(NOW(6), '%Y-%m-%d %H:%i:%s.%f') AS now", []);
      return String(rows[0]?.now);
    },
    async columns(table) {
      const rows = await select(
        `SELECT COLUMN_NAME AS name, DATA_TYPE AS type, IS_NULLABLE AS nullable, CHARACTER_MAXIMUM_LENGTH AS length
           FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?
          ORDER BY ORDINAL_POSITION`,
        [table],
      );
      if (rows.length === 0) return null;
      return rows.map((row): SourceColumn => {
        const column: SourceColumn = {
          name: String(row.name),
          type: String(row.type).toLowerCase(),
          nullable: row.nullable === 'YES',
        };
        if (row.length !== null && row.length !== undefined) column.length = Number(row.length);
        return column;
      });
    },
    async readPage(request: KeysetPageRequest) {
      const list = request.columns?.length ? request.columns.map((c) => MYSQL_DIALECT.quote(c)).join(', ') : '*';
      const { sql, params } = keysetQuery(MYSQL_DIALECT, request, list);
      return select(sql, params);
    },
    async readSnapshotPage(request: SnapshotPageRequest) {
      const list = request.columns?.length ? request.columns.map((c) => MYSQL_DIALECT.quote(c)).join(', ') : '*';
      const { sql, params } = snapshotQuery(MYSQL_DIALECT, request, list);
      return select(sql, params);
    },
    async readByIds(table, idColumn, ids) {
      const out: SourceRow[] = [];
      for (let i = 0; i < ids.length; i += ID_CHUNK) {
        const chunk = ids.slice(i, i + ID_CHUNK);
        out.push(
          ...(await select(
            `SELECT * FROM ${MYSQL_DIALECT.quote(table)} WHERE ${MYSQL_DIALECT.quote(idColumn)} IN (?)`,
            [chunk],
          )),
        );
      }
      return out;
    },
    shiftTime: shiftSourceTime,
    async close() {
      await pool.end();
    },
  };
}
