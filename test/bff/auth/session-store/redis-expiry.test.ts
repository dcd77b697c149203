/** Redis-specific: session hashes and index sets expire on their own at the absolute expiry. */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { openSessionStore } from '../../../../bff/auth/session-store/open-session-store.js';
import { createRedisSessionStore } from '../../../../bff/auth/session-store/redis-session-store.js';
import type { Sql } from '../../../../bff/store/store.js';
import { requireService } from '../../../support/services.js';

const redisService = requireService('REDIS_URL');

describe('Redis session store expiry', { skip: redisService.skip }, () => {
  let redis: Redis;
  const prefix = `govdock-test:${randomBytes(6).toString('hex')}:`;
  before(() => {
    redis = new Redis(redisService.url as string);
  });
  after(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('sets the TTL of the session and of its index sets to the absolute expiry', async () => {
    const sessions = createRedisSessionStore(redis, { prefix });
    const now = Date.now();
    const id = randomUUID();
    await sessions.create({
      id,
      issuer: 'https://ids.example',
      subject: 'alice',
      sid: 'sid-1',
      user: { displayName: 'A', userType: 'natural', realNameLevel: 1 },
      tokens: { accessToken: 'at' },
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt: now + 60_000,
      expiresAt: now + 120_000,
    });
    const keys = await redis.keys(`${prefix}*`);
    assert.equal(keys.length, 3);
    for (const key of keys) {
      const ttl = await redis.pttl(key);
      assert.ok(ttl > 110_000 && ttl <= 120_000, `${key}: ${ttl}`);
    }
  });

  it('countBySubject drops index members whose session hash has expired', async () => {
    const sessions = createRedisSessionStore(redis, { prefix });
    const now = Date.now();
    const subject = `bob-${randomUUID()}`;
    const session = (expiresInMs: number) => ({
      id: randomUUID(),
      issuer: 'https://ids.example',
      subject,
      user: { displayName: 'B', userType: 'natural' as const, realNameLevel: 1 },
      tokens: { accessToken: 'at' },
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt: now + expiresInMs,
      expiresAt: now + expiresInMs,
    });
    const short = session(100);
    const long = session(120_000);
    await sessions.create(short);
    await sessions.create(long);
    const index = `${prefix}session-by-sub:${encodeURIComponent('https://ids.example')}:${encodeURIComponent(subject)}`;
    assert.equal(await redis.scard(index), 2);
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(await sessions.countBySubject('https://ids.example', subject), 1);
    assert.deepEqual(await redis.smembers(index), [long.id]);
  });

  it('openSessionStore uses Redis when a URL is given and closes its connection', async () => {
    const unused = {} as Sql; // never touched on the Redis path
    const sessions = await openSessionStore({
      store: unused,
      redisUrl: redisService.url as string,
      redisPrefix: prefix,
    });
    assert.equal(await sessions.get(randomUUID()), undefined);
    // The refresh lock shares the connection: usable now, closed with the store.
    const lease = await sessions.refreshLock.tryAcquire('open-session-store');
    assert.ok(lease);
    await lease.release();
    await sessions.close?.();
  });
});
