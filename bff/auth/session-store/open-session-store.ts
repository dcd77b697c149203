/**
 * Chooses the session store (architecture §3): Redis when `redisUrl` is configured (sessions shared
 * by every BFF instance), the store's `sessions` table otherwise (embedded default). The refresh
 * lock and the logout receivers' replay cache go with it: on the same Redis connection (closed by
 * close()), or in-process when embedded.
 */
import { Redis } from 'ioredis';
import { createMemoryReplayCache, createRedisReplayCache, type ReplayCache } from '../backchannel/replay-cache.js';
import { createRedisRefreshLock } from '../refresh-lock-redis.js';
import { createLocalRefreshLock, type RefreshLock } from '../refresh-lock.js';
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

export interface OpenedSessionStore extends SessionStore {
  /** For SessionService: cluster-wide with Redis, in-process otherwise. */
  refreshLock: RefreshLock;
  /**
   * One-time values of the logout receivers (a logout token's `jti`, a notice's nonce): with Redis a
   * replay through any instance is refused, not only one through the instance that took the original.
   */
  replayCache: ReplayCache;
}

export async function openSessionStore(options: OpenSessionStoreOptions): Promise<OpenedSessionStore> {
  const codec: SessionCodecOptions = {};
  if (options.tokenEncryptionKey !== undefined) codec.tokenEncryptionKey = options.tokenEncryptionKey;
  if (!options.redisUrl) {
    return {
      ...createStoreSessionStore(options.store, codec),
      refreshLock: createLocalRefreshLock(),
      replayCache: createMemoryReplayCache(),
    };
  }

  // Fail at start-up, not at the first login, when Redis is unreachable.
  const redis = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await redis.connect();
  const prefix = options.redisPrefix ?? 'govdock:';
  const sessions = createRedisSessionStore(redis, { ...codec, prefix });
  return {
    ...sessions,
    refreshLock: createRedisRefreshLock(redis, { prefix }),
    replayCache: createRedisReplayCache(redis, { prefix }),
    async close() {
      await redis.quit();
    },
  };
}

export type { SessionRecord, SessionStore, SessionTokens, SessionUser } from './types.js';
export { createRedisSessionStore } from './redis-session-store.js';
export { createStoreSessionStore } from './store-session-store.js';
