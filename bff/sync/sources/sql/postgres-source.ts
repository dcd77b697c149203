/**
 * PostgreSQL-dialect front processors: a PostgreSQL server (postgres://, through a small pg pool)
 * and the embedded simulator's PGlite front (a handle the simulator already has open: PGlite allows
 * one instance per data directory, so the sync borrows it and never closes it).
 *
 * Every column that is not a plain integer or float is selected as `::text`, so times keep the
 * source's own text form and precision (contracts.ts; G7) and bigints/numerics are never rounded,
 * whichever driver and type parsers sit underneath.
 */
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type {
  KeysetPageRequest,
  SnapshotPageRequest,
  SourceColumn,
  SourceRow,
  SourceValue,
  SqlSource,
} from '../../contracts.js';
import type { FrontTarget } from '../../../dev/front-processor/front-target.js';
import { assertIdentifier, keysetQuery, maskUrl, POSTGRES_DIALECT, snapshotQuery } from './keyset-sql.js';
import { shiftSourceTime } from './source-time.js';

/** What the source needs from a connection: one statement, rows back. */
export interface PostgresExecutor {
  query(sql: string, params: unknown[]): Promise<Record<string, unknown>[]>;
}

/** Types whose JavaScript number is exact; everything else is read as text. */
const NUMERIC_AS_NUMBER = new Set(['int2', 'int4', 'float4', 'float8']);
const ID_CHUNK = 1000;

function toSourceValue(value: unknown): SourceValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  return String(value);
}

/** The driver's row object, kept (every non-number column is selected as text already). */
function toSourceRow(row: Record<string, unknown>): SourceRow {
  for (const key in row) {
    const value = row[key];
    if (value !== null && typeof value !== 'string' && typeof value !== 'number') row[key] = toSourceValue(value);
  }
  return row as SourceRow;
}

/** '+08:00' → an interval literal PostgreSQL adds to UTC wall-clock time. */
function offsetInterval(timeZone: string): string {
  return `${timeZone.startsWith('-') ? '-' : ''}${timeZone.replace(/^[+-]/, '')}`;
}

export function createPostgresDialectSource(options: {
  kind: 'postgres' | 'pglite';
  description: string;
  timeZone: string;
  executor: PostgresExecutor;
  close(): Promise<void>;
}): SqlSource {
  const { executor } = options;
  const columnCache = new Map<string, SourceColumn[]>();

  async function select(sql: string, params: unknown[]): Promise<SourceRow[]> {
    return (await executor.query(sql, params)).map(toSourceRow);
  }

  async function describe(table: string): Promise<SourceColumn[] | null> {
    const rows = await executor.query(
      `SELECT column_name AS name, udt_name AS type, is_nullable AS nullable, character_maximum_length AS length
         FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1
        ORDER BY ordinal_position`,
      [table],
    );
    if (rows.length === 0) return null;
    const columns = rows.map((row): SourceColumn => {
      const column: SourceColumn = {
        name: String(row.name),
        type: String(row.type).toLowerCase(),
        nullable: row.nullable === 'YES',
      };
      if (row.length !== null && row.length !== undefined) column.length = Number(row.length);
      return column;
    });
    columnCache.set(table, columns);
    return columns;
  }

  async function selectList(table: string, wanted: readonly string[] | undefined): Promise<string> {
    const columns = columnCache.get(table) ?? (await describe(table));
    if (!columns) throw new Error(`前置机中没有表 ${table}`);
    const byName = new Map(columns.map((column) => [column.name, column]));
    const names = wanted?.length ? wanted : columns.map((column) => column.name);
    return names
      .map((name) => {
        const quoted = POSTGRES_DIALECT.quote(name);
        const type = byName.get(name)?.type;
        return type && NUMERIC_AS_NUMBER.has(type) ? quoted : `${quoted}::text AS ${quoted}`;
      })
      .join(', ');
  }

  return {
    kind: options.kind,
    description: options.description,
    async now() {
      // clock_timestamp, not now(): the statement may run inside a caller's long transaction.
      const rows = await select(
        `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC' + $1::interval, 'YYYY-MM-DD HH24:MI:SS.US') AS now`,
        [offsetInterval(options.timeZone)],
      );
      return String(rows[0]?.now);
    },
    columns: describe,
    async readPage(request: KeysetPageRequest) {
      // Names first: a bad one must be refused as such, not reported as a missing table.
      for (const name of [request.table, request.timeColumn, request.idColumn]) assertIdentifier(name);
      const list = await selectList(request.table, request.columns);
      const { sql, params } = keysetQuery(POSTGRES_DIALECT, request, list);
      return select(sql, params);
    },
    async readSnapshotPage(request: SnapshotPageRequest) {
      for (const name of [request.table, request.timeColumn, request.idColumn]) assertIdentifier(name);
      const list = await selectList(request.table, request.columns);
      const { sql, params } = snapshotQuery(POSTGRES_DIALECT, request, list);
      return select(sql, params);
    },
    async readByIds(table, idColumn, ids) {
      const list = await selectList(table, undefined);
      const out: SourceRow[] = [];
      for (let i = 0; i < ids.length; i += ID_CHUNK) {
        const chunk = ids.slice(i, i + ID_CHUNK);
        out.push(
          ...(await select(
            `SELECT ${list} FROM ${POSTGRES_DIALECT.quote(table)} WHERE ${POSTGRES_DIALECT.quote(idColumn)}::text = ANY($1::text[])`,
            [chunk],
          )),
        );
      }
      return out;
    },
    shiftTime: shiftSourceTime,
    close: options.close,
  };
}

/** POSIX TZ for a fixed offset: `<+0800>-08:00` is UTC+8 (POSIX counts west as positive). */
function posixZone(timeZone: string): string {
  const west = timeZone.startsWith('-') ? '+' : '-';
  return `<${timeZone.replace(':', '')}>${west}${timeZone.slice(1)}`;
}

export async function openPostgresSource(options: { url: string; timeZone: string }): Promise<SqlSource> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: 2,
    // Session zone for timestamptz columns rendered as text (a timestamp column is unaffected).
    options: `-c TimeZone=${posixZone(options.timeZone)}`,
  });
  // A dropped idle connection is reported on the pool; the next checkout simply opens another.
  pool.on('error', () => undefined);
  const executor: PostgresExecutor = {
    async query(sql, params) {
      return (await pool.query(sql, params)).rows as Record<string, unknown>[];
    },
  };
  await executor.query('SELECT 1', []);
  return createPostgresDialectSource({
    kind: 'postgres',
    description: maskUrl(options.url),
    timeZone: options.timeZone,
    executor,
    close: () => pool.end(),
  });
}

/**
 * The embedded simulator's front processor. The handle stays owned by whoever opened it: closing
 * this source does not close the simulator's database.
 */
export function openPgliteSource(options: { handle: FrontTarget | PGlite; timeZone: string }): SqlSource {
  const { handle } = options;
  const executor: PostgresExecutor =
    'dialect' in handle
      ? { query: (sql, params) => handle.query<Record<string, unknown>>(sql, params) }
      : { query: async (sql, params) => (await handle.query<Record<string, unknown>>(sql, params)).rows };
  return createPostgresDialectSource({
    kind: 'pglite',
    description: 'embedded front processor (PGlite)',
    timeZone: options.timeZone,
    executor,
    close: async () => undefined,
  });
}
