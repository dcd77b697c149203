/**
 * Remembers one-time values (a logout token's `jti`, a logout notice's nonce or signature) for as
 * long as the message they came in could still be accepted. In-process by default; Redis when the
 * BFF is scaled out, so a replay through another instance is caught too.
 */
import type { Redis } from 'ioredis';

export interface ReplayCache {
  /** True when `key` was remembered and has not expired. */
  seen(key: string): Promise<boolean>;
  /** Remembers `key` for `ttlMs`; false when it was already there. */
  remember(key: string, ttlMs: number): Promise<boolean>;
}

export interface MemoryReplayCacheOptions {
  /** Bound on memory under a flood of distinct values; the oldest entries go first. */
  maxEntries?: number;
  now?: () => number;
}

export function createMemoryReplayCache(options: MemoryReplayCacheOptions = {}): ReplayCache {
  const maxEntries = options.maxEntries ?? 100_000;
  const now = options.now ?? Date.now;
  const expiries = new Map<string, number>();

  const alive = (key: string): boolean => {
    const expiry = expiries.get(key);
    if (expiry === undefined) return false;
    if (expiry > now()) return true;
    expiries.delete(key);
    return false;
  };

  return {
    seen: async (key) => alive(key),
    async remember(key, ttlMs) {
      if (alive(key)) return false;
      // Map keeps insertion order: the first keys are the oldest.
      while (expiries.size >= maxEntries) {
        const oldest = expiries.keys().next();
        if (oldest.done) break;
        expiries.delete(oldest.value);
      }
      expiries.set(key, now() + Math.max(1, ttlMs));
      return true;
    },
  };
}

export function createRedisReplayCache(redis: Redis, options: { prefix?: string } = {}): ReplayCache {
  const prefix = `${options.prefix ?? 'govdock:'}replay:`;
  return {
    seen: async (key) => (await redis.exists(prefix + key)) === 1,
    async remember(key, ttlMs) {
      // SET NX PX: atomic across instances; the key expires with the message's acceptance window.
      return (await redis.set(prefix + key, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK';
    },
  };
}

/** Redis when `redisUrl` is configured (replays through any instance are caught), in-process otherwise. */
export async function openReplayCache(
  options: { redisUrl?: string; prefix?: string } = {},
): Promise<ReplayCache & { close(): Promise<void> }> {
  if (!options.redisUrl) return { ...createMemoryReplayCache(), close: async () => undefined };
  const { Redis } = await import('ioredis');
  const redis = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await redis.connect();
  return {
    ...createRedisReplayCache(redis, options.prefix === undefined ? {} : { prefix: options.prefix }),
    close: async () => void (await redis.quit()),
  };
}
