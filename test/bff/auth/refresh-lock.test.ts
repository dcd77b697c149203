/**
 * Single-flight token refresh (issue 3 point 3, anchors §11.2): the in-process lock, the Redis lock,
 * and two SessionService instances (two BFF processes) sharing one Redis and one platform.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { RefreshRefusedError, type AuthProvider, type ProviderTokens } from '../../../bff/auth/providers/types.js';
import { createRedisRefreshLock } from '../../../bff/auth/refresh-lock-redis.js';
import { createLocalRefreshLock, type RefreshLock } from '../../../bff/auth/refresh-lock.js';
import { createRedisSessionStore } from '../../../bff/auth/session-store/redis-session-store.js';
import { createSessionService, type SessionService } from '../../../bff/auth/sessions.js';
import type { SessionStore } from '../../../bff/auth/session-store/types.js';
import { createEventHub, type HubEvent } from '../../../bff/events/hub.js';
import { createLogger } from '../../../bff/observability/logger.js';
import { requireService } from '../../support/services.js';

const redisService = requireService('REDIS_URL');
const MINUTE = 60_000;
const ISSUER = 'https://ids.example.gov.cn/oidc';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function lockContract(name: string, open: () => RefreshLock) {
  describe(`refresh lock contract: ${name}`, () => {
    it('lets one holder in at a time, and the next one after release', async () => {
      const lock = open();
      const lease = await lock.tryAcquire('s1');
      assert.ok(lease);
      assert.equal(await lock.tryAcquire('s1'), undefined);
      assert.ok(await lock.tryAcquire('s2'), 'keys are independent');
      const waiting = lock.waitForRelease('s1', 5_000);
      await sleep(20);
      await lease.release();
      assert.equal(await waiting, true);
      assert.ok(await lock.tryAcquire('s1'));
    });

    it('gives up waiting at the timeout', async () => {
      const lock = open();
      assert.ok(await lock.tryAcquire('busy'));
      const started = performance.now();
      assert.equal(await lock.waitForRelease('busy', 120), false);
      assert.ok(performance.now() - started >= 100);
      assert.equal(await lock.waitForRelease('free', 120), true);
    });

    it('never frees someone else’s lock with an old lease', async () => {
      const lock = open();
      const first = await lock.tryAcquire('k');
      assert.ok(first);
      await first.release();
      const second = await lock.tryAcquire('k');
      assert.ok(second);
      await first.release();
      assert.equal(await lock.tryAcquire('k'), undefined);
    });
  });
}

lockContract('in-process', createLocalRefreshLock);

describe('Redis refresh lock', { skip: redisService.skip }, () => {
  const prefix = `govdock-test:${randomBytes(6).toString('hex')}:`;
  let redis: Redis;
  before(() => {
    redis = new Redis(redisService.url as string);
  });
  after(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  // Each lock view opens the same keys under a fresh sub-prefix, so the contract cases stay apart.
  let run = 0;
  lockContract('redis', () => createRedisRefreshLock(redis, { prefix: `${prefix}${(run += 1)}:` }));

  it('lapses after its TTL when the holder dies, and the dead holder’s release is then a no-op', async () => {
    const lock = createRedisRefreshLock(redis, { prefix, ttlMs: 150 });
    const dead = await lock.tryAcquire('crash');
    assert.ok(dead);
    const pttl = await redis.pttl(`${prefix}refresh-lock:crash`);
    assert.ok(pttl > 0 && pttl <= 150, String(pttl));
    assert.equal(await lock.waitForRelease('crash', 2_000), true);
    const next = await lock.tryAcquire('crash');
    assert.ok(next);
    await dead.release();
    assert.equal(await lock.tryAcquire('crash'), undefined, 'the new holder keeps its lock');
    await next.release();
  });
});

describe('cluster-wide single-flight refresh: two BFF instances sharing Redis', { skip: redisService.skip }, () => {
  const prefix = `govdock-test:${randomBytes(6).toString('hex')}:`;
  const connections: Redis[] = [];
  /** The platform double: counts refreshes, ~200 ms each, and the most that ran at once. */
  const platform = { calls: 0, inFlight: 0, maxInFlight: 0, refuse: false };
  let a: Instance;
  let b: Instance;

  interface Instance {
    service: SessionService;
    store: SessionStore;
    redis: Redis;
    events: HubEvent[];
  }

  const provider = {
    dialect: 'oidc',
    issuer: ISSUER,
    async refresh(tokens: ProviderTokens): Promise<ProviderTokens> {
      platform.calls += 1;
      platform.inFlight += 1;
      platform.maxInFlight = Math.max(platform.maxInFlight, platform.inFlight);
      try {
        await sleep(200);
        if (platform.refuse) throw new RefreshRefusedError('invalid_grant');
        return { ...tokens, accessToken: 'at2', refreshToken: 'rt2', expiresAt: Date.now() + 30 * MINUTE };
      } finally {
        platform.inFlight -= 1;
      }
    },
  } as unknown as AuthProvider;

  function instance(): Instance {
    const redis = new Redis(redisService.url as string);
    connections.push(redis);
    const store = createRedisSessionStore(redis, { prefix });
    const hub = createEventHub({ firstId: 1 });
    const events: HubEvent[] = [];
    hub.subscribe((event) => events.push(event));
    const service = createSessionService({
      store,
      provider,
      hub,
      logger: createLogger({ logLevel: 'silent' }),
      piiHashKey: 'k'.repeat(32),
      idleMs: 30 * MINUTE,
      absoluteMs: 8 * 60 * MINUTE,
      refreshLeewayMs: MINUTE,
      refreshLock: createRedisRefreshLock(redis, { prefix }),
    });
    return { service, store, redis, events };
  }

  /**
   * A session of a new user whose access token expires in 30 s: inside the 60 s leeway, so every
   * use refreshes. A new user each time: `logout` is published only for a user's last session.
   */
  const expiringSession = () =>
    a.service.create(
      {
        subject: randomUUID(),
        sid: 's1',
        tokens: { accessToken: 'at1', refreshToken: 'rt1', expiresAt: Date.now() + 30_000 },
      },
      { displayName: '张*', userType: 'natural', realNameLevel: 3 },
    );
  const spread = (id: string) =>
    Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).service.resolve(id)));

  before(() => {
    a = instance();
    b = instance();
  });
  beforeEach(() => {
    Object.assign(platform, { calls: 0, inFlight: 0, maxInFlight: 0, refuse: false });
    a.events.length = 0;
    b.events.length = 0;
  });
  after(async () => {
    const keys = await connections[0]!.keys(`${prefix}*`);
    if (keys.length > 0) await connections[0]!.del(...keys);
    await Promise.all(connections.map((redis) => redis.quit()));
  });

  it('calls the platform once for 10 concurrent requests over both instances; all get the new token', async () => {
    const session = await expiringSession();
    const results = await spread(session.id);
    assert.equal(platform.calls, 1);
    for (const result of results) assert.equal(result?.tokens.accessToken, 'at2');
    assert.equal((await b.service.resolve(session.id))?.tokens.refreshToken, 'rt2');
    assert.equal((await a.service.resolve(session.id))?.tokens.accessToken, 'at2');
    assert.equal(platform.calls, 1);
    const locks = await a.redis.keys(`${prefix}refresh-lock:*`);
    assert.deepEqual(locks, [], 'lock released');
  });

  it('ends the session for every instance when the platform refuses the refresh', async () => {
    platform.refuse = true;
    const session = await expiringSession();
    const results = await spread(session.id);
    assert.equal(platform.calls, 1);
    for (const result of results) assert.equal(result, undefined);
    assert.equal(await a.service.resolve(session.id), undefined);
    assert.equal(await b.service.resolve(session.id), undefined);
    assert.equal(await b.store.get(session.id), undefined);
    assert.equal(platform.calls, 1);
    const logouts = [...a.events, ...b.events].filter((event) => event.type === 'logout');
    assert.equal(logouts.length, 1, 'one logout, published by the instance that refreshed');
  });

  it('takes over once the lock of a holder that died lapses (TTL)', async () => {
    const session = await expiringSession();
    // A third "process" takes the lock and dies before releasing it.
    const dying = createRedisRefreshLock(a.redis, { prefix, ttlMs: 400 });
    assert.ok(await dying.tryAcquire(session.id));
    const started = performance.now();
    const results = await spread(session.id);
    assert.ok(performance.now() - started >= 300, 'waited for the lapse');
    assert.equal(platform.calls, 1);
    for (const result of results) assert.equal(result?.tokens.accessToken, 'at2');
  });

  it('never runs two refreshes of one session at once, even when the platform fails transiently', async () => {
    const session = await expiringSession();
    const failing = {
      ...provider,
      async refresh(tokens: ProviderTokens) {
        await provider.refresh(tokens);
        throw new Error('ECONNRESET');
      },
    } as AuthProvider;
    const c = createSessionService({
      store: a.store,
      provider: failing,
      hub: createEventHub({ firstId: 1 }),
      logger: createLogger({ logLevel: 'silent' }),
      piiHashKey: 'k'.repeat(32),
      idleMs: 30 * MINUTE,
      absoluteMs: 8 * 60 * MINUTE,
      refreshLeewayMs: MINUTE,
      refreshLock: createRedisRefreshLock(b.redis, { prefix }),
      refreshWaitMs: 1_000,
    });
    const results = await Promise.all([c.resolve(session.id), c.resolve(session.id), b.service.resolve(session.id)]);
    assert.equal(platform.maxInFlight, 1);
    // The session survives a transient failure; whoever refreshed successfully hands on the new token.
    for (const result of results) assert.ok(result);
    assert.equal((await a.store.get(session.id))?.id, session.id);
  });
});
