/**
 * The cluster-wide RefreshLock: `SET key token NX PX ttl`, released by a compare-and-delete script
 * so that a holder whose lease lapsed never frees the next holder's lock. Waiters poll (a refresh
 * takes a few hundred ms; polling costs one EXISTS per interval and needs no subscriber connection).
 * The TTL only matters when a holder dies mid-refresh; it must outlast the slowest refresh (platform
 * timeouts: oauth2 profiles 10 s by default, openid-client 30 s), else a slow refresh could overlap
 * with the next holder's.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RefreshLock } from './refresh-lock.js';

/** KEYS: lock. ARGV: token. Deletes the lock only while it still carries this token. */
export const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export interface RedisRefreshLockOptions {
  /** Key prefix shared with the session store, e.g. `govdock:`. */
  prefix?: string;
  /** Lock lifetime when the holder never releases it (crash). Default 45 s. */
  ttlMs?: number;
  /** Interval between checks while waiting. Default 50 ms. */
  pollMs?: number;
}

export const DEFAULT_REFRESH_LOCK_TTL_MS = 45_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The connection is the caller's: this lock never closes it. */
export function createRedisRefreshLock(redis: Redis, options: RedisRefreshLockOptions = {}): RefreshLock {
  const prefix = options.prefix ?? 'govdock:';
  const ttlMs = options.ttlMs ?? DEFAULT_REFRESH_LOCK_TTL_MS;
  const pollMs = options.pollMs ?? 50;
  const lockKey = (key: string): string => `${prefix}refresh-lock:${key}`;

  return {
    async tryAcquire(key) {
      const token = randomBytes(16).toString('base64url');
      const name = lockKey(key);
      if ((await redis.set(name, token, 'PX', ttlMs, 'NX')) !== 'OK') return undefined;
      return {
        async release() {
          await redis.eval(RELEASE_SCRIPT, 1, name, token);
        },
      };
    },
    async waitForRelease(key, timeoutMs) {
      const name = lockKey(key);
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        if ((await redis.exists(name)) === 0) return true;
        const left = deadline - performance.now();
        if (left <= 0) return false;
        await sleep(Math.min(pollMs, left));
      }
    },
  };
}
