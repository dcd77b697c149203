/**
 * Production resource library: PostgreSQL through a `pg` pool. Result values are parsed like PGlite's
 * (value-parsers.ts) and every connection gets the same session time zone.
 */
import pg from 'pg';
import { ARRAY_ELEMENT_OID, SCALAR_PARSERS, mapArrayLeaves } from './value-parsers.js';
import type { ValueParser } from './value-parsers.js';
import {
  affectedRowsFor,
  assertOutsideTransaction,
  insideTransaction,
  transactionHandle,
} from './transaction-scope.js';
import type { Executor } from './transaction-scope.js';
import type { QueryResult, Sql, Store } from './types.js';

type RawTypeParserLookup = (oid: number, format: 'text' | 'binary') => ValueParser;
/** pg-types' TypeId enum lists scalar OIDs only; array OIDs are valid at run time. */
const lookupDefaultParser = pg.types.getTypeParser as RawTypeParserLookup;
const TEXT_ARRAY_OID = 1009;
/** pg's own parser for text[] splits any PostgreSQL array literal into strings (quotes, NULL, nesting). */
const parseTextArray = lookupDefaultParser(TEXT_ARRAY_OID, 'text');

function getTypeParser(oid: number, format?: 'text' | 'binary'): ValueParser {
  if (format !== 'binary') {
    const scalar = SCALAR_PARSERS.get(oid);
    if (scalar) return scalar;
    const elementOid = ARRAY_ELEMENT_OID.get(oid);
    const element = elementOid === undefined ? undefined : SCALAR_PARSERS.get(elementOid);
    if (element) return (value) => mapArrayLeaves(parseTextArray(value), element);
  }
  return lookupDefaultParser(oid, format ?? 'text');
}

function executorFor(target: pg.Pool | pg.PoolClient): Executor {
  return {
    async query<T>(text: string, params?: unknown[]): Promise<QueryResult<T>> {
      // pg's row type is constrained to QueryResultRow; the caller's T is only a description of it.
      const result = await target.query(text, params);
      const affectedRows = affectedRowsFor(result.command, result.rowCount);
      const rows = result.rows as T[];
      return affectedRows === undefined ? { rows } : { rows, affectedRows };
    },
    async exec(text: string): Promise<void> {
      // Without parameters pg uses the simple query protocol, which accepts several statements.
      await target.query(text);
    },
  };
}

export async function openPostgresStore(
  databaseUrl: string,
  timeZone: string,
  maxConnections: number | undefined,
): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: maxConnections ?? 10,
    types: { getTypeParser },
    // Startup parameters: apply to every pooled connection before its first statement.
    // jit=off: the library's requests are short OLTP reads whose plans on big tables (a company's
    // 2,000 cases out of millions) cross jit_above_cost, and compiling the expressions with LLVM then
    // costs more than running them — tens of ms per request (README: measured with
    // test/bench/cases.bench.ts). Set here and not in postgresql.conf so a shared server keeps its own.
    options: `-c TimeZone=${timeZone} -c jit=off`,
  });
  // An idle client's network error is emitted on the pool; without a listener it would crash the process.
  pool.on('error', () => undefined);
  const direct = executorFor(pool);
  // Fail at open, not at the first request, when the URL or the server is wrong.
  await direct.query('SELECT 1');

  const store: Store = {
    dialect: 'postgres',
    async query<T>(text: string, params?: unknown[]) {
      assertOutsideTransaction(store);
      return direct.query<T>(text, params);
    },
    async exec(text: string) {
      assertOutsideTransaction(store);
      await direct.exec(text);
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      assertOutsideTransaction(store);
      const client = await pool.connect();
      const connection = executorFor(client);
      const handle = transactionHandle(connection);
      let broken: Error | undefined;
      try {
        await connection.exec('BEGIN');
        const result = await insideTransaction(store, () => fn(handle.tx));
        await connection.exec('COMMIT');
        return result;
      } catch (error) {
        try {
          await connection.exec('ROLLBACK');
        } catch (rollbackError) {
          // The connection is in an unknown state; destroy it instead of returning it to the pool.
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw error;
      } finally {
        handle.end();
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  };
  return store;
}
