/**
 * What the doctor asks a SQL front processor beyond the SqlSource contract: row counts, the newest
 * change time, and whether the cursor columns are indexed. These are catalogue questions that the
 * sync itself never needs, so they live here, on a separate read-only connection, instead of
 * widening the source interface.
 *
 * Table and column names come from the layout (configuration); they are checked against a strict
 * identifier pattern before they are put into SQL text, and stay unquoted so that they fold the
 * same way as the front processor's own DDL.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';

export interface FrontSql {
  readonly dialect: 'mysql' | 'postgres';
  /** The source's wall-clock offset ('+08:00'): its clock is read in it, as the sync reads it. */
  readonly sourceTimeZone: string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface TableFacts {
  rowCount: number;
  /** Newest change time as source text, null for an empty table. */
  newestChange: string | null;
  /** The source clock as text, in the same form. */
  sourceNow: string;
  /** An index whose leading columns are (time, id); undefined when the catalogue could not tell. */
  cursorIndex: boolean | undefined;
  /** An index led by the id column (ideally the primary key): a first load reads in its order. */
  idIndex: boolean | undefined;
  indexes: string[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/;

export function assertIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`表名或列名不合法 / invalid identifier: ${name}`);
  return name;
}

const OFFSET = /^[+-]\d{2}:\d{2}$/;

/**
 * Opens a catalogue connection to a `mysql://` or `postgres://` front processor. MySQL sessions run
 * in the source time zone (`+08:00`), as the sync's own do (sync-anchors G7), so NOW() and DATETIME
 * columns compare without a shift; on PostgreSQL the clock is shifted in the query instead.
 */
export async function openFrontSql(url: string, sourceTimeZone = '+08:00'): Promise<FrontSql> {
  if (!OFFSET.test(sourceTimeZone)) throw new Error(`时区须为 +08:00 形式 / time zone must look like +08:00`);
  if (/^(mysql|mariadb):\/\//.test(url)) {
    const connection = await mysql.createConnection({
      uri: url.replace(/^mariadb:/, 'mysql:'),
      dateStrings: true,
      charset: 'utf8mb4',
      connectTimeout: 8000,
    });
    await connection.query('SET time_zone = ?', [sourceTimeZone]);
    return {
      dialect: 'mysql',
      sourceTimeZone,
      async query<T>(sql: string, params?: unknown[]) {
        const [rows] = await connection.query(sql, params);
        return rows as T[];
      },
      close: () => connection.end(),
    };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 8000 });
    await client.connect();
    return {
      dialect: 'postgres',
      sourceTimeZone,
      async query<T>(sql: string, params?: unknown[]) {
        return (await client.query(sql, params)).rows as T[];
      },
      close: () => client.end(),
    };
  }
  throw new Error(`不是 SQL 前置机地址 / not a SQL front-processor URL`);
}

/** Catalogue queries over the embedded simulator's own PGlite handle; closing leaves it open. */
export function embeddedFrontSql(
  front: { query<T>(sql: string, params?: unknown[]): Promise<T[]> },
  sourceTimeZone: string,
): FrontSql {
  return {
    dialect: 'postgres',
    sourceTimeZone,
    query: (sql, params) => front.query(sql, params),
    close: async () => undefined,
  };
}

/** Index name → its columns in order. */
async function indexColumns(front: FrontSql, table: string): Promise<Map<string, string[]>> {
  const indexes = new Map<string, string[]>();
  if (front.dialect === 'mysql') {
    const rows = await front.query<{ index_name: string; column_name: string }>(
      `SELECT INDEX_NAME AS index_name, COLUMN_NAME AS column_name FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
      [table],
    );
    for (const row of rows) indexes.set(row.index_name, [...(indexes.get(row.index_name) ?? []), row.column_name]);
    return indexes;
  }
  const rows = await front.query<{ index_name: string; column_name: string }>(
    `SELECT i.relname AS index_name, a.attname AS column_name
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, position)
       JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
      WHERE x.indrelid = to_regclass($1)
      ORDER BY i.relname, k.position`,
    [table],
  );
  for (const row of rows) indexes.set(row.index_name, [...(indexes.get(row.index_name) ?? []), row.column_name]);
  return indexes;
}

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  // pg returns timestamp as Date unless told otherwise; keep the source's own text form.
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

export async function tableFacts(
  front: FrontSql,
  table: string,
  cursor: { timeColumn: string; idColumn: string },
): Promise<TableFacts> {
  const name = assertIdentifier(table);
  const time = assertIdentifier(cursor.timeColumn);
  const id = assertIdentifier(cursor.idColumn);
  // As text, in the source's own form: MySQL with dateStrings, PostgreSQL by a cast.
  const timeText = front.dialect === 'mysql' ? `MAX(${time})` : `MAX(${time})::text`;
  // PostgreSQL: UTC wall clock plus the offset, as the PostgreSQL source computes its now(); no
  // session setting, because the embedded front's handle is shared with the simulator.
  const nowText =
    front.dialect === 'mysql'
      ? 'NOW(6)'
      : `to_char(clock_timestamp() AT TIME ZONE 'UTC' + $1::interval, 'YYYY-MM-DD HH24:MI:SS.US')`;
  const [row] = await front.query<{ row_count: unknown; newest: unknown; source_now: unknown }>(
    `SELECT COUNT(*) AS row_count, ${timeText} AS newest, ${nowText} AS source_now FROM ${name}`,
    front.dialect === 'mysql' ? [] : [front.sourceTimeZone.replace(/^\+/, '')],
  );
  let indexes: Map<string, string[]> | undefined;
  try {
    indexes = await indexColumns(front, name);
  } catch {
    indexes = undefined;
  }
  const lower = (value: string) => value.toLowerCase();
  const cursorIndex = indexes
    ? [...indexes.values()].some(
        (columns) => lower(columns[0] ?? '') === lower(time) && lower(columns[1] ?? '') === lower(id),
      )
    : undefined;
  const idIndex = indexes ? [...indexes.values()].some((columns) => lower(columns[0] ?? '') === lower(id)) : undefined;
  return {
    rowCount: Number(row?.row_count ?? 0),
    newestChange: asText(row?.newest),
    sourceNow: asText(row?.source_now) ?? '',
    cursorIndex,
    idIndex,
    indexes: indexes ? [...indexes].map(([index, columns]) => `${index}(${columns.join(', ')})`) : [],
  };
}

/** Rows whose id is after `afterId`: what a first load stopped there still has to read. */
export async function rowsAfterId(front: FrontSql, table: string, idColumn: string, afterId: string): Promise<number> {
  const name = assertIdentifier(table);
  const id = assertIdentifier(idColumn);
  const [row] = await front.query<{ n: unknown }>(
    `SELECT COUNT(*) AS n FROM ${name} WHERE ${id} > ${front.dialect === 'mysql' ? '?' : '$1'}`,
    [afterId],
  );
  return Number(row?.n ?? 0);
}

/**
 * Rows at or after a keyset cursor (all rows without one): the size of the run ahead, for the CLI's
 * progress bar and ETA. One range count on the (time, id) index.
 */
export async function rowsAfter(
  front: FrontSql,
  table: string,
  cursor: { timeColumn: string; idColumn: string },
  after: { time: string; id: string } | null,
): Promise<number> {
  const name = assertIdentifier(table);
  const time = assertIdentifier(cursor.timeColumn);
  const id = assertIdentifier(cursor.idColumn);
  if (!after) {
    const [row] = await front.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${name}`);
    return Number(row?.n ?? 0);
  }
  const [a, b, c] = front.dialect === 'mysql' ? ['?', '?', '?'] : ['$1', '$1', '$2'];
  const params = front.dialect === 'mysql' ? [after.time, after.time, after.id] : [after.time, after.id];
  const [row] = await front.query<{ n: unknown }>(
    `SELECT COUNT(*) AS n FROM ${name} WHERE ${time} > ${a} OR (${time} = ${b} AND ${id} > ${c})`,
    params,
  );
  return Number(row?.n ?? 0);
}
