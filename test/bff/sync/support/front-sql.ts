/**
 * SQL for the test front tables in the PostgreSQL dialect (PostgreSQL and PGlite), with no driver
 * imports: the crash child uses it without loading what it does not need.
 */
import { ACCEPT_COLUMNS, PROCESS_COLUMNS } from './test-layout.js';

export type FrontRowValues = Record<string, string | number | null>;

export function columnsDdl(columns: readonly string[], time: string, text: string): string {
  return columns
    .map((column) => {
      if (column === 'row_guid') return `row_guid varchar(50) NOT NULL PRIMARY KEY`;
      if (column === 'cd_time') return `cd_time ${time} NOT NULL`;
      return `${column} ${text}`;
    })
    .join(', ');
}

export function pgUpsertSql(table: string, names: readonly string[], count: number): string {
  const tuples = Array.from(
    { length: count },
    (_, r) => `(${names.map((_, c) => `$${r * names.length + c + 1}`).join(', ')})`,
  );
  return (
    `INSERT INTO ${table} (${names.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (row_guid) DO UPDATE SET ` +
    names
      .filter((n) => n !== 'row_guid')
      .map((n) => `${n} = EXCLUDED.${n}`)
      .join(', ')
  );
}

export function pgCreate(tables: { accept: string; process: string }, fractional: boolean): string {
  const time = fractional ? 'timestamp(6)' : 'timestamp(0)';
  return [
    [tables.accept, ACCEPT_COLUMNS],
    [tables.process, PROCESS_COLUMNS],
  ]
    .map(
      ([table, columns]) =>
        `CREATE TABLE IF NOT EXISTS ${table as string} (${columnsDdl(columns as readonly string[], time, 'varchar(400)')}); ` +
        `CREATE INDEX IF NOT EXISTS ${table as string}_cursor ON ${table as string} (cd_time, row_guid);`,
    )
    .join('\n');
}
