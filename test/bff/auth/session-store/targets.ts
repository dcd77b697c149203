/**
 * The session stores the contract suite runs against: the store table on PGlite (always), on
 * PostgreSQL (DATABASE_URL) and Redis (REDIS_URL) — both required in CI (test/support/services.ts).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedisSessionStore } from '../../../../bff/auth/session-store/redis-session-store.js';
import { createStoreSessionStore } from '../../../../bff/auth/session-store/store-session-store.js';
import type { SessionStore } from '../../../../bff/auth/session-store/types.js';
import { migrate } from '../../../../bff/store/migrate.js';
import { requireService } from '../../../support/services.js';
import { storeTargets } from '../../store/store-targets.js';

export interface StoreOptions {
  now: () => number;
  tokenEncryptionKey?: string;
}

export interface OpenedSessions {
  /** A new SessionStore view over the same backing data (another BFF instance). */
  open(options: StoreOptions): SessionStore;
  /** Every stored byte that mentions `needle`, to prove tokens are encrypted at rest. */
  rawContains(needle: string): Promise<boolean>;
  teardown(): Promise<void>;
}

export interface SessionTarget {
  name: string;
  skip: string | false;
  setup(): Promise<OpenedSessions>;
}

export function sessionTargets(): SessionTarget[] {
  const sqlTargets = storeTargets().map((target): SessionTarget => ({
    name: `store table (${target.name})`,
    skip: target.skip,
    async setup() {
      const db = await target.setup();
      await migrate(db.store);
      return {
        open: (options) => createStoreSessionStore(db.store, options),
        async rawContains(needle) {
          const { rows } = await db.store.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM sessions WHERE data::text LIKE $1',
            [`%${needle}%`],
          );
          return (rows[0]?.n ?? 0) > 0;
        },
        teardown: () => db.teardown(),
      };
    },
  }));
  const redis = requireService('REDIS_URL');
  const redisTarget: SessionTarget = {
    name: 'redis',
    skip: redis.skip,
    async setup() {
      const client = new Redis(redis.url as string);
      const prefix = `govdock-test:${randomBytes(6).toString('hex')}:`;
      const keys = async (): Promise<string[]> => client.keys(`${prefix}*`);
      return {
        open: (options) => createRedisSessionStore(client, { ...options, prefix }),
        async rawContains(needle) {
          for (const key of await keys()) {
            if ((await client.type(key)) !== 'hash') continue;
            if (Object.values(await client.hgetall(key)).some((value) => value.includes(needle))) return true;
          }
          return false;
        },
        async teardown() {
          const left = await keys();
          if (left.length > 0) await client.del(...left);
          await client.quit();
        },
      };
    },
  };
  return [...sqlTargets, redisTarget];
}
