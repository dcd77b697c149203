/**
 * Chooses the session store (architecture §3): Redis when `redisUrl` is configured (sessions shared
 * by every BFF instance), the store's `sessions` table otherwise (embedded default).
 */
import { Redis } from 'ioredis';
import type { Sql } from '../../store/store.js';
import type { SessionCodecOptions } from './codec.js';
import { createRedisSessionStore } from './redis-session-store.js';
import { createStoreSessionStore } from './store-session-store.js';
import type { SessionStore } from './types.js';

export interface OpenSessionStoreOptions extends SessionCodecOptions {
  store: Sql;
  redisUrl?: string;
  /** Redis key prefix (default `govdock:`). */
  redisPrefix?: string;
}

export async function openSessionStore(options: OpenSessionStoreOptions): Promise<SessionStore> {
  const codec: SessionCodecOptions = {};
  if (options.tokenEncryptionKey !== undefined) codec.tokenEncryptionKey = options.tokenEncryptionKey;
  if (!options.redisUrl) return createStoreSessionStore(options.store, codec);

  // Fail at start-up, not at the first login, when Redis is unreachable.
  const redis = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await redis.connect();
  const sessions = createRedisSessionStore(redis, { ...codec, prefix: options.redisPrefix ?? 'govdock:' });
  return {
    ...sessions,
    async close() {
      await redis.quit();
    },
  };
}

export type { SessionRecord, SessionStore, SessionTokens, SessionUser } from './types.js';
export { createRedisSessionStore } from './redis-session-store.js';
export { createStoreSessionStore } from './store-session-store.js';
