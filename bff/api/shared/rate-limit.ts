/**
 * Fixed-window attempt counters for endpoints that anonymous callers may hammer (the case lookup).
 * In-process by default; Redis when configured, so that every BFF instance counts the same attempts.
 * If Redis fails, counting falls back to this process rather than letting attempts through unlimited.
 *
 * A fixed window lets up to 2×max through around a window edge; for "stop a guesser" limits of a
 * few dozen attempts that is fine, and it costs one round trip (an atomic INCR + PEXPIRE script).
 */
import type { Redis } from 'ioredis';

export interface RateLimitHit {
  /** Attempts in the current window, this one included. */
  count: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

export interface RateLimitStore {
  hit(key: string, windowMs: number): Promise<RateLimitHit>;
}

export interface RateLimitRule {
  key: string;
  max: number;
  windowMs: number;
}

/** Counts one attempt under every rule; limited when any rule is over its max. */
export async function checkRateLimits(
  store: RateLimitStore,
  rules: readonly RateLimitRule[],
): Promise<{ limited: false } | { limited: true; retryAfterSeconds: number }> {
  const hits = await Promise.all(rules.map((rule) => store.hit(rule.key, rule.windowMs)));
  let retryMs = 0;
  rules.forEach((rule, index) => {
    const hit = hits[index] as RateLimitHit;
    if (hit.count > rule.max) retryMs = Math.max(retryMs, hit.resetMs);
  });
  return retryMs > 0
    ? { limited: true, retryAfterSeconds: Math.max(1, Math.ceil(retryMs / 1000)) }
    : { limited: false };
}

export function createMemoryRateLimitStore(options: { now?: () => number; maxKeys?: number } = {}): RateLimitStore {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 100_000;
  const windows = new Map<string, { count: number; resetAt: number }>();

  function makeRoom(at: number): void {
    for (const [key, window] of windows) if (window.resetAt <= at) windows.delete(key);
    // Still full (a flood of distinct keys): forget the oldest windows first (Map keeps insertion order).
    for (const key of windows.keys()) {
      if (windows.size < maxKeys) break;
      windows.delete(key);
    }
  }

  return {
    async hit(key, windowMs) {
      const at = now();
      let window = windows.get(key);
      if (!window || window.resetAt <= at) {
        if (!window && windows.size >= maxKeys) makeRoom(at);
        window = { count: 0, resetAt: at + windowMs };
        windows.set(key, window);
      }
      window.count += 1;
      return { count: window.count, resetMs: window.resetAt - at };
    },
  };
}

const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { count, ttl }`;

export function createRedisRateLimitStore(
  redis: Redis,
  options: { prefix?: string; fallback?: RateLimitStore; onError?: (error: unknown) => void } = {},
): RateLimitStore {
  const prefix = options.prefix ?? 'govdock:ratelimit:';
  const fallback = options.fallback ?? createMemoryRateLimitStore();
  return {
    async hit(key, windowMs) {
      try {
        const [count, ttl] = (await redis.eval(HIT_SCRIPT, 1, prefix + key, String(windowMs))) as [number, number];
        return { count: Number(count), resetMs: Number(ttl) };
      } catch (error) {
        options.onError?.(error);
        return fallback.hit(key, windowMs);
      }
    },
  };
}

/** Redis when `redisUrl` is set, in-process otherwise; close() ends the Redis connection. */
export async function openRateLimitStore(
  options: { redisUrl?: string; prefix?: string; onError?: (error: unknown) => void } = {},
): Promise<RateLimitStore & { close(): Promise<void> }> {
  if (!options.redisUrl) return { ...createMemoryRateLimitStore(), close: async () => undefined };
  const { Redis } = await import('ioredis');
  const redis = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  const store = createRedisRateLimitStore(redis, {
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  return { ...store, close: async () => void (await redis.quit()) };
}
