/**
 * The attempt counters behind the case lookup's rate limits: fixed windows in-process, the same in
 * Redis (atomic across clients, with an expiry), and the fall-back to in-process counting when
 * Redis fails — never "unlimited".
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { Redis } from 'ioredis';
import {
  checkRateLimits,
  createMemoryRateLimitStore,
  createRedisRateLimitStore,
  openRateLimitStore,
} from '../../../../bff/api/shared/rate-limit.js';
import { requireService } from '../../../support/services.js';

describe('rate-limit counters', () => {
  test('in-process: counts per key within a window, starts over after it', async () => {
    let now = 1_000;
    const store = createMemoryRateLimitStore({ now: () => now });
    assert.deepEqual(await store.hit('a', 10_000), { count: 1, resetMs: 10_000 });
    now += 4_000;
    assert.deepEqual(await store.hit('a', 10_000), { count: 2, resetMs: 6_000 });
    assert.equal((await store.hit('b', 10_000)).count, 1);
    now += 6_000;
    assert.deepEqual(await store.hit('a', 10_000), { count: 1, resetMs: 10_000 });
  });

  test('in-process: a flood of distinct keys cannot grow memory without bound', async () => {
    const store = createMemoryRateLimitStore({ maxKeys: 100 });
    for (let i = 0; i < 1_000; i += 1) await store.hit(`k${i}`, 60_000);
    // The newest keys are still counted.
    assert.equal((await store.hit('k999', 60_000)).count, 2);
  });

  test('checkRateLimits: limited once any rule is over, Retry-After from the longest wait', async () => {
    let now = 0;
    const store = createMemoryRateLimitStore({ now: () => now });
    const rules = [
      { key: 'ip', max: 2, windowMs: 60_000 },
      { key: 'case', max: 5, windowMs: 3_600_000 },
    ];
    assert.deepEqual(await checkRateLimits(store, rules), { limited: false });
    assert.deepEqual(await checkRateLimits(store, rules), { limited: false });
    now = 30_000;
    assert.deepEqual(await checkRateLimits(store, rules), { limited: true, retryAfterSeconds: 30 });
  });

  const redis = requireService('REDIS_URL');
  test('Redis: atomic across clients, expires with the window', { skip: redis.skip }, async () => {
    const prefix = `govdock:test:${randomBytes(4).toString('hex')}:`;
    const one = await openRateLimitStore({ redisUrl: redis.url, prefix });
    const two = await openRateLimitStore({ redisUrl: redis.url, prefix });
    try {
      const hits = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).hit('k', 500)));
      assert.deepEqual(
        hits.map((hit) => hit.count).sort((a, b) => a - b),
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      assert.ok(hits.every((hit) => hit.resetMs > 0 && hit.resetMs <= 500));
      await new Promise((resolve) => setTimeout(resolve, 600));
      assert.equal((await one.hit('k', 500)).count, 1);
    } finally {
      await one.close();
      await two.close();
    }
  });

  test('Redis down: counting falls back to this process and says so', async () => {
    // Nothing listens on port 1; no retries, so the failure is immediate.
    const broken = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
    });
    const errors: unknown[] = [];
    const store = createRedisRateLimitStore(broken, { onError: (error) => errors.push(error) });
    try {
      assert.equal((await store.hit('k', 60_000)).count, 1);
      assert.equal((await store.hit('k', 60_000)).count, 2);
      assert.equal(errors.length, 2);
    } finally {
      broken.disconnect();
    }
  });
});
