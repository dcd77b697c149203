/**
 * Embedded resource library: PGlite (PostgreSQL compiled to WebAssembly) in a data directory, or in
 * memory for tests. One connection, so statements run one at a time.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { SCALAR_PARSERS } from './value-parsers.js';
import {
  affectedRowsFor,
  assertOutsideTransaction,
  insideTransaction,
  transactionHandle,
} from './transaction-scope.js';
import type { Executor } from './transaction-scope.js';
import { createInMemoryPglite } from './pglite-fresh-cluster.js';
import type { QueryResult, Sql, Store } from './types.js';

/** PGlite applies an element parser to arrays of that type itself, so scalar OIDs are enough. */
const parsers = Object.fromEntries(SCALAR_PARSERS);

function executorFor(target: PGlite | Transaction): Executor {
  return {
    async query<T>(text: string, params?: unknown[]): Promise<QueryResult<T>> {
      const result = await target.query<T>(text, params);
      const affectedRows = affectedRowsFor(result.command, result.affectedRows);
      return affectedRows === undefined ? { rows: result.rows } : { rows: result.rows, affectedRows };
    },
    async exec(text: string): Promise<void> {
      await target.exec(text);
    },
  };
}

export async function openPgliteStore(dataDir: string, timeZone: string): Promise<Store> {
  const inMemory = dataDir.startsWith('memory://');
  // Absolute, so the data directory does not depend on where a later caller changes the cwd to.
  const location = inMemory ? dataDir : resolve(dataDir);
  if (!inMemory) await mkdir(location, { recursive: true });
  const db = inMemory ? await createInMemoryPglite({ parsers }) : await PGlite.create(location, { parsers });
  // A session setting on the single connection, so it holds for every later statement.
  await db.query('SELECT set_config($1, $2, false)', ['TimeZone', timeZone]);
  const direct = executorFor(db);

  const store: Store = {
    dialect: 'pglite',
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
      return db.transaction(async (pgliteTx) => {
        const handle = transactionHandle(executorFor(pgliteTx));
        try {
          return await insideTransaction(store, () => fn(handle.tx));
        } finally {
          handle.end();
        }
      });
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
  return store;
}
