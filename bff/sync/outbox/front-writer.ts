/**
 * Writing outbound rows into the front processor (前置机), applied once by key:
 *
 *   PostgreSQL / PGlite   INSERT … ON CONFLICT DO NOTHING RETURNING row_guid
 *   MySQL / MariaDB       INSERT … ON DUPLICATE KEY UPDATE row_guid = row_guid
 *
 * The MySQL form is chosen over INSERT IGNORE on purpose: IGNORE also turns "data too long" and
 * "column cannot be null" into warnings and writes a truncated row, which would be delivered wrong
 * exactly once. The no-op update only absorbs duplicate keys (row_guid, dedup_key).
 *
 * A locked table or a hung server must not stall the deliverer: every write has a timeout
 * (MySQL: lock_wait_timeout / innodb_lock_wait_timeout for the session plus a client-side query
 * timeout; PostgreSQL: lock_timeout / statement_timeout), and a timed-out write counts as a failed
 * attempt like any other.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';

export interface OutboundFront {
  /** `file`: a drop folder (drop-folder-writer.ts). */
  readonly dialect: 'pglite' | 'postgres' | 'mysql' | 'file';
  /** For logs: the URL with the password masked, or "embedded". */
  readonly description: string;
  /** Inserts rows (all of one table); rows whose key exists already are left alone. `inserted` is null when the driver cannot tell. */
  insertOnce(
    table: string,
    columns: readonly string[],
    rows: readonly (readonly unknown[])[],
  ): Promise<{ inserted: number | null }>;
  close(): Promise<void>;
}

/** What the embedded simulator's FrontTarget offers (bff/dev/front-processor): shared, not owned. */
export interface SharedFrontConnection {
  readonly dialect: 'pglite' | 'postgres' | 'mysql';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function checkIdentifiers(table: string, columns: readonly string[]): void {
  for (const name of [table, ...columns]) {
    // Names come from front-tables.ts, never from users; the check keeps it that way.
    if (!IDENTIFIER.test(name)) throw new Error(`invalid identifier ${name}`);
  }
}

function insertSql(
  dialect: OutboundFront['dialect'],
  table: string,
  columns: readonly string[],
  rowCount: number,
): string {
  checkIdentifiers(table, columns);
  const width = columns.length;
  const tuples = Array.from({ length: rowCount }, (_, r) =>
    dialect === 'mysql'
      ? `(${columns.map(() => '?').join(', ')})`
      : `(${columns.map((_, c) => `$${r * width + c + 1}`).join(', ')})`,
  );
  const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`;
  return dialect === 'mysql'
    ? `${head} ON DUPLICATE KEY UPDATE row_guid = row_guid`
    : `${head} ON CONFLICT DO NOTHING RETURNING row_guid`;
}

export function maskUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/** Uses a connection someone else owns (the embedded simulator's PGlite): close() leaves it open. */
export function outboundFrontOver(connection: SharedFrontConnection, description = 'embedded'): OutboundFront {
  return {
    dialect: connection.dialect,
    description,
    async insertOnce(table, columns, rows) {
      if (rows.length === 0) return { inserted: 0 };
      const result = await connection.query(insertSql(connection.dialect, table, columns, rows.length), rows.flat());
      // A shared MySQL handle may count a duplicate left alone as affected (FOUND_ROWS): unknown, not wrong.
      if (connection.dialect === 'mysql') return { inserted: null };
      return { inserted: result.length };
    },
    async close() {},
  };
}

export interface OpenOutboundFrontOptions {
  /** Longest a write may wait for a lock or the server, ms (default 10 s). */
  timeoutMs?: number;
}

async function openMysql(url: string, timeoutMs: number): Promise<OutboundFront> {
  const lockSeconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  const pool = mysql.createPool({
    uri: url.replace(/^mariadb:/, 'mysql:'),
    connectionLimit: 2,
    charset: 'utf8mb4',
    connectTimeout: timeoutMs,
    // Without FOUND_ROWS, a duplicate left alone reports 0 affected rows: `inserted` counts new rows only.
    flags: ['-FOUND_ROWS'],
  });
  // Session settings on every new connection (the pool reconnects after a KILL or a network drop).
  pool.pool.on('connection', (connection) => {
    connection.query(
      `SET SESSION lock_wait_timeout = ${lockSeconds}, innodb_lock_wait_timeout = ${lockSeconds}, ` +
        `sql_mode = CONCAT(@@sql_mode, ',STRICT_ALL_TABLES')`,
      // A failure here shows up again on the insert itself, where it is recorded.
      () => undefined,
    );
  });
  return {
    dialect: 'mysql',
    description: maskUrl(url),
    async insertOnce(table, columns, rows) {
      if (rows.length === 0) return { inserted: 0 };
      const [header] = await pool.query(
        { sql: insertSql('mysql', table, columns, rows.length), timeout: timeoutMs + 2000 },
        rows.flat(),
      );
      return { inserted: (header as mysql.ResultSetHeader).affectedRows };
    },
    async close() {
      await pool.end();
    },
  };
}

async function openPostgres(url: string, timeoutMs: number): Promise<OutboundFront> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 2,
    connectionTimeoutMillis: timeoutMs,
    // The lock wait gives up first, so a locked table is reported as such (55P03), not as a slow statement.
    lock_timeout: timeoutMs,
    statement_timeout: timeoutMs + 1000,
    query_timeout: timeoutMs + 3000,
    application_name: 'govdock-outbox',
  });
  // A server-side disconnect of an idle client is reported here; unhandled, it would crash the process.
  pool.on('error', () => undefined);
  return {
    dialect: 'postgres',
    description: maskUrl(url),
    async insertOnce(table, columns, rows) {
      if (rows.length === 0) return { inserted: 0 };
      const result = await pool.query(insertSql('postgres', table, columns, rows.length), rows.flat());
      return { inserted: result.rowCount ?? result.rows.length };
    },
    async close() {
      await pool.end();
    },
  };
}

/** Opens its own small pool to a front processor URL (mysql://, mariadb://, postgres://). */
export async function openOutboundFront(url: string, options: OpenOutboundFrontOptions = {}): Promise<OutboundFront> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (/^(mysql|mariadb):\/\//.test(url)) return openMysql(url, timeoutMs);
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, timeoutMs);
  throw new Error(`前置机地址不支持发送（只支持 mysql://、mariadb://、postgres://）：${maskUrl(url)}`);
}
