/**
 * DDL of the national front tables (and GovDock's outbound ones), generated from the one column list in `generator/front-tables.ts`
 * for the two dialects a 前置机 runs: PostgreSQL (also PGlite) and MySQL/MariaDB. Every table has
 * row_guid as primary key (upserts are idempotent) and an index on (cd_time, row_guid), the
 * incremental-sync cursor.
 */
import { type ColumnSpec, FRONT_TABLES, OUTBOUND_TABLES, type TableSpec } from '../generator/front-tables.js';

export type FrontDialect = 'postgres' | 'mysql';

function pgType(column: ColumnSpec): string {
  switch (column.type) {
    case 'varchar':
      return `varchar(${column.length})`;
    case 'text':
      return 'text';
    case 'int':
      return 'integer';
    case 'datetime':
      return 'timestamp(0)';
  }
}

function mysqlType(column: ColumnSpec): string {
  switch (column.type) {
    case 'varchar':
      // InnoDB rows are capped at 65,535 bytes; long utf8mb4 varchars would overflow it, so they become TEXT.
      return (column.length ?? 0) >= 1000 ? 'text' : `varchar(${column.length})`;
    case 'text':
      return 'text';
    case 'int':
      return 'int';
    case 'datetime':
      return 'datetime';
  }
}

export function tableDdl(table: TableSpec, dialect: FrontDialect): string {
  const type = dialect === 'postgres' ? pgType : mysqlType;
  const columns = table.columns.map((c) => `  ${c.name} ${type(c)}${c.notNull ? ' NOT NULL' : ''}`);
  const unique = (table.unique ?? []).map((name) => `,\n  CONSTRAINT ${table.name}_${name}_key UNIQUE (${name})`);
  if (dialect === 'postgres') {
    return (
      `CREATE TABLE IF NOT EXISTS ${table.name} (\n${columns.join(',\n')},\n  PRIMARY KEY (row_guid)${unique.join('')}\n);\n` +
      `CREATE INDEX IF NOT EXISTS ${table.name}_cd_time_idx ON ${table.name} (cd_time, row_guid);\n`
    );
  }
  return (
    `CREATE TABLE IF NOT EXISTS ${table.name} (\n${columns.join(',\n')},\n  PRIMARY KEY (row_guid)${unique.join('')},\n` +
    `  KEY ${table.name}_cd_time_idx (cd_time, row_guid)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n`
  );
}

/** Every table of the simulated front processor: the national up_* tables and GovDock's outbound ones. */
export function frontDdl(dialect: FrontDialect): string[] {
  return [...FRONT_TABLES, ...OUTBOUND_TABLES].map((table) => tableDdl(table, dialect));
}

/** Only the outbound tables: what an operator asks the 前置机 vendor to create (README, `govdock doctor`). */
export function outboundDdl(dialect: FrontDialect): string[] {
  return OUTBOUND_TABLES.map((table) => tableDdl(table, dialect));
}
