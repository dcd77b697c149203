/**
 * One writer per stream (G11): `pg_try_advisory_lock` on the resource library, so every BFF instance
 * may run the scheduler and overlapping runs skip instead of queueing.
 *
 * Where the lock lives, and why:
 * - An advisory lock belongs to a database session. Page transactions go through the store's pool
 *   (PostgreSQL) and cannot pin one session for a whole run, so on PostgreSQL the locks are held on a
 *   dedicated connection of their own for the life of the run. If that connection drops, the server
 *   releases the locks; the lease is then marked lost and the run stops before its next page. Even a
 *   second writer in that window could not corrupt anything: upserts are version-guarded and the cursor
 *   only moves forward — the lock is about not doing the work twice.
 * - PGlite has exactly one session, which is also the store's; its advisory locks still work and are
 *   released on unlock or close. A session re-acquires its own locks, so two runners inside one process
 *   are kept apart by an in-process registry, shared by every service on the same store.
 */
import pg from 'pg';
import type { Store } from '../../store/types.js';

export interface StreamLease {
  /** True once the lock may have been released behind our back (lock connection lost). */
  readonly lost: boolean;
  release(): Promise<void>;
}

export interface StreamLocks {
  tryAcquire(streamKey: string): Promise<StreamLease | null>;
  close(): Promise<void>;
}

/** 'SYNC' as an int4: the lock namespace (first key of the two-int form); the stream's hash is the second. */
const LOCK_NAMESPACE = 0x53594e43;

const heldInProcess = new WeakMap<object, Set<string>>();

function processRegistry(store: object): Set<string> {
  let held = heldInProcess.get(store);
  if (!held) {
    held = new Set();
    heldInProcess.set(store, held);
  }
  return held;
}

interface LockSession {
  query(sql: string, params: unknown[]): Promise<{ rows: { locked?: boolean }[] }>;
  /** Whether the session that holds our locks is still the one we took them on. */
  generation(): number;
  close(): Promise<void>;
}

function pgliteSession(store: Store): LockSession {
  return {
    query: (sql, params) => store.query<{ locked?: boolean }>(sql, params),
    generation: () => 0,
    close: async () => undefined,
  };
}

function postgresSession(databaseUrl: string): LockSession {
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let generation = 0;
  const drop = (broken: pg.Client): void => {
    if (client !== broken) return;
    client = null;
    generation += 1;
    broken.end().catch(() => undefined);
  };
  const connect = async (): Promise<pg.Client> => {
    if (client) return client;
    connecting ??= (async () => {
      const fresh = new pg.Client({ connectionString: databaseUrl, application_name: 'govdock-sync-locks' });
      fresh.on('error', () => drop(fresh));
      fresh.on('end', () => drop(fresh));
      await fresh.connect();
      client = fresh;
      return fresh;
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  };
  return {
    async query(sql, params) {
      const session = await connect();
      return session.query(sql, params);
    },
    generation: () => generation,
    async close() {
      const open = client;
      client = null;
      generation += 1;
      await open?.end().catch(() => undefined);
    },
  };
}

export function createStreamLocks(store: Store, options: { databaseUrl?: string } = {}): StreamLocks {
  if (store.dialect === 'postgres' && !options.databaseUrl) {
    throw new Error(
      '资源库为 PostgreSQL 时，同步服务需要 databaseUrl 才能为每个数据流加锁（一个数据流同时只允许一个写入者）。',
    );
  }
  const session = store.dialect === 'postgres' ? postgresSession(options.databaseUrl as string) : pgliteSession(store);
  const held = processRegistry(store);
  return {
    async tryAcquire(streamKey) {
      if (held.has(streamKey)) return null;
      held.add(streamKey);
      try {
        const { rows } = await session.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [
          LOCK_NAMESPACE,
          streamKey,
        ]);
        if (rows[0]?.locked !== true) {
          held.delete(streamKey);
          return null;
        }
      } catch (error) {
        held.delete(streamKey);
        throw error;
      }
      const generation = session.generation();
      let released = false;
      return {
        get lost() {
          return session.generation() !== generation;
        },
        async release() {
          if (released) return;
          released = true;
          try {
            // A lost session already released the lock server-side.
            if (session.generation() === generation) {
              await session.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_NAMESPACE, streamKey]);
            }
          } finally {
            held.delete(streamKey);
          }
        },
      };
    },
    close: () => session.close(),
  };
}
