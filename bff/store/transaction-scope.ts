/**
 * Shared transaction plumbing for both dialects: the `tx` handle given to a transaction callback,
 * savepoints for nested `tx.transaction()`, and a guard against using the store itself inside a
 * transaction callback.
 *
 * Why the guard: PGlite has one connection, so a `store.query()` issued while `store.transaction()`
 * is open waits for the transaction that is waiting for it — a silent deadlock. On PostgreSQL the
 * same code would run outside the transaction (another pooled connection) and could deadlock on row
 * locks or see uncommitted state differently. Both dialects therefore throw the same clear error.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { QueryResult, Sql } from './types.js';

/** The minimal operations a connection (PGlite transaction, pg client) offers. */
export interface Executor {
  query<T>(text: string, params?: unknown[]): Promise<QueryResult<T>>;
  exec(text: string): Promise<void>;
}

interface OpenTransaction {
  owner: object;
  open: boolean;
}

/**
 * The transactions the current async context runs inside. A frame is closed when its transaction
 * ends, because work started inside the callback (a timer, an event listener) keeps this context
 * after the transaction is gone and may then use the store legitimately.
 */
const openTransactions = new AsyncLocalStorage<readonly OpenTransaction[]>();

export class StoreMisuseError extends Error {
  override name = 'StoreMisuseError';
}

export function assertOutsideTransaction(owner: object): void {
  if (openTransactions.getStore()?.some((frame) => frame.owner === owner && frame.open)) {
    throw new StoreMisuseError(
      '事务回调内必须使用 tx 参数，不能直接使用 store。 / Inside store.transaction(fn) use the tx argument, not the store.',
    );
  }
}

/** Runs `fn` marked as inside a transaction of `owner` (see assertOutsideTransaction). */
export async function insideTransaction<T>(owner: object, fn: () => Promise<T>): Promise<T> {
  const frame: OpenTransaction = { owner, open: true };
  try {
    return await openTransactions.run([...(openTransactions.getStore() ?? []), frame], fn);
  } finally {
    frame.open = false;
  }
}

/**
 * The `tx` handed to a transaction callback. It refuses use after its transaction has finished,
 * because a late query through a stale handle would otherwise run on a pooled connection that now
 * belongs to someone else.
 */
export function transactionHandle(executor: Executor, depth = 0): { tx: Sql; end(): void } {
  let open = true;
  const ensureOpen = (): void => {
    if (!open) {
      throw new StoreMisuseError(
        '事务已结束，不能继续使用 tx。 / The transaction has ended; this tx can no longer be used.',
      );
    }
  };
  const tx: Sql = {
    async query<T>(text: string, params?: unknown[]) {
      ensureOpen();
      return executor.query<T>(text, params);
    },
    async exec(text: string) {
      ensureOpen();
      await executor.exec(text);
    },
    async transaction<T>(fn: (inner: Sql) => Promise<T>): Promise<T> {
      ensureOpen();
      const savepoint = `govdock_sp_${depth + 1}`;
      await executor.exec(`SAVEPOINT ${savepoint}`);
      const inner = transactionHandle(executor, depth + 1);
      try {
        const result = await fn(inner.tx);
        await executor.exec(`RELEASE SAVEPOINT ${savepoint}`);
        return result;
      } catch (error) {
        await executor.exec(`ROLLBACK TO SAVEPOINT ${savepoint}`);
        throw error;
      } finally {
        inner.end();
      }
    },
  };
  return {
    tx,
    end() {
      open = false;
    },
  };
}

const ROW_CHANGING_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/** Both drivers report a count for SELECT too (PGlite 0, pg the row count); keep only real changes. */
export function affectedRowsFor(
  command: string | null | undefined,
  count: number | null | undefined,
): number | undefined {
  if (!command || !ROW_CHANGING_COMMANDS.has(command.toUpperCase())) return undefined;
  return count ?? 0;
}
