/**
 * The keyset page query, shared by every SQL source (sync-anchors §4.1 reference SQL):
 *
 *   WHERE t >= :time AND (t > :time OR id > :id) AND t < :before ORDER BY t, id LIMIT :n
 *
 * The expanded form, not `(t, id) > (:time, :id)`: MariaDB does not use the (t, id) index for a
 * row-value comparison and each page becomes a full index walk (measured-limits, ~21K rows/s and
 * falling). Page limit and cursor use the same composite order (kafka-connect-jdbc #262), and ties on
 * `t` are broken by `id`, so a page boundary inside a group of equal times loses nothing (#598).
 */
import type { KeysetPageRequest, SnapshotPageRequest } from '../../contracts.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export class SourceIdentifierError extends Error {
  override name = 'SourceIdentifierError';
}

/** Table and column names come from layout files: only plain identifiers reach SQL text. */
export function assertIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new SourceIdentifierError(`前置机表名或列名不合法：${JSON.stringify(name)}（只能包含字母、数字和下划线）`);
  }
  return name;
}

export interface SqlDialect {
  quote(name: string): string;
  /** Placeholder for the n-th parameter (1-based) of the parameter list `keysetQuery` returns. */
  placeholder(n: number): string;
  /** MySQL's placeholders are positional, so a value used twice is passed twice. */
  readonly positional: boolean;
}

export const MYSQL_DIALECT: SqlDialect = {
  quote: (name) => '`' + assertIdentifier(name) + '`',
  placeholder: () => '?',
  positional: true,
};

export const POSTGRES_DIALECT: SqlDialect = {
  quote: (name) => '"' + assertIdentifier(name) + '"',
  placeholder: (n) => `$${n}`,
  positional: false,
};

/** Quoted names, the page limit, and the query of a first page (nothing after, only below `before`). */
function pageParts(
  dialect: SqlDialect,
  request: { table: string; timeColumn: string; idColumn: string; before: string; limit: number },
  selectList: string,
  orderBy: (time: string, id: string) => string,
) {
  const table = dialect.quote(request.table);
  const time = dialect.quote(request.timeColumn);
  const id = dialect.quote(request.idColumn);
  const order = `ORDER BY ${orderBy(time, id)} LIMIT ${Math.max(1, Math.floor(request.limit))}`;
  const first = {
    sql: `SELECT ${selectList} FROM ${table} WHERE ${time} < ${dialect.placeholder(1)} ${order}`,
    params: [request.before] as unknown[],
  };
  return { table, time, id, order, first };
}

export function keysetQuery(
  dialect: SqlDialect,
  request: KeysetPageRequest,
  selectList: string,
): { sql: string; params: unknown[] } {
  const { table, time, id, order, first } = pageParts(dialect, request, selectList, (t, i) => `${t}, ${i}`);
  if (!request.after) return first;
  const { time: afterTime, id: afterId } = request.after;
  if (dialect.positional) {
    return {
      sql: `SELECT ${selectList} FROM ${table} WHERE ${time} >= ? AND (${time} > ? OR ${id} > ?) AND ${time} < ? ${order}`,
      params: [afterTime, afterTime, afterId, request.before],
    };
  }
  return {
    sql:
      `SELECT ${selectList} FROM ${table} WHERE ${time} >= $1 AND (${time} > $1 OR ${id} > $2) ` +
      `AND ${time} < $3 ${order}`,
    params: [afterTime, afterId, request.before],
  };
}

/**
 * The first-load page query: `WHERE t < :before AND id > :afterId ORDER BY id LIMIT :n`. On a table
 * whose primary key is the row id (the national layout's row_guid) this walks the clustered index in
 * order, so the cost per row does not grow with the table the way index-order lookups do.
 */
export function snapshotQuery(
  dialect: SqlDialect,
  request: SnapshotPageRequest,
  selectList: string,
): { sql: string; params: unknown[] } {
  const { table, time, id, order, first } = pageParts(dialect, request, selectList, (_t, i) => i);
  if (request.afterId === null) return first;
  return {
    sql:
      `SELECT ${selectList} FROM ${table} WHERE ${id} > ${dialect.placeholder(1)} ` +
      `AND ${time} < ${dialect.placeholder(2)} ${order}`,
    params: [request.afterId, request.before],
  };
}

/** URL for logs and reports: the password never leaves the process. */
export function maskUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
}
