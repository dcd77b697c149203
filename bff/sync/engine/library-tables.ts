/**
 * What the engine needs to know about a library table to write into it generically: its columns and
 * their SQL types (for typed comparisons that keep indexes usable), and whether it carries the
 * version columns of a synced table (`source_changed_at`, `source_version`).
 */
import type { Sql } from '../../store/types.js';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export class LibraryTableError extends Error {
  override name = 'LibraryTableError';
}

export function quoteIdent(name: string): string {
  if (!IDENTIFIER.test(name)) throw new LibraryTableError(`资源库表名或列名不合法：${JSON.stringify(name)}`);
  return `"${name}"`;
}

export interface LibraryTable {
  name: string;
  /** Column → SQL type as format_type renders it (domains by their own name). */
  types: ReadonlyMap<string, string>;
  hasChangedAt: boolean;
  hasSourceVersion: boolean;
  /** Set on every update when the mapping does not set them itself. */
  touchColumns: readonly string[];
}

/** Per Sql handle family: tables do not change while the process runs (migrations run at start). */
const cache = new WeakMap<object, Map<string, LibraryTable>>();

export async function libraryTable(owner: object, sql: Sql, name: string): Promise<LibraryTable> {
  let tables = cache.get(owner);
  if (!tables) {
    tables = new Map();
    cache.set(owner, tables);
  }
  const known = tables.get(name);
  if (known) return known;
  quoteIdent(name);
  const { rows } = await sql.query<{ name: string; type: string }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relname = $1 AND n.nspname = current_schema() AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [name],
  );
  if (rows.length === 0) throw new LibraryTableError(`资源库中没有表 ${name}（请检查映射配置的目标表名）`);
  const types = new Map(rows.map((row) => [row.name, row.type]));
  const table: LibraryTable = {
    name,
    types,
    hasChangedAt: types.has('source_changed_at'),
    hasSourceVersion: types.has('source_version'),
    touchColumns: ['synced_at', 'updated_at'].filter((column) => types.has(column)),
  };
  tables.set(name, table);
  return table;
}

/** The column's type for a cast in SQL text; json becomes jsonb so that it can be compared. */
export function castType(table: LibraryTable, column: string): string {
  const type = table.types.get(column);
  if (!type) throw new LibraryTableError(`资源库表 ${table.name} 没有列 ${column}（请检查映射配置）`);
  return type === 'json' ? 'jsonb' : type;
}
