/**
 * The back-channel `jti` replay cache as the product wires it (bff/start.ts: openSessionStore →
 * createAuth → receivers): two BFF apps on one Redis. A logout token accepted by instance A and
 * replayed to instance B is refused (400), the key lives for the token's remaining lifetime plus
 * the clock skew, and a delivery that failed is not recorded (the platform's retry still works).
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { importJWK, SignJWT, type JWK } from 'jose';
import { Redis } from 'ioredis';
import { createApp } from '../../../../bff/app.js';
import { BACKCHANNEL_LOGOUT_EVENT } from '../../../../bff/auth/backchannel/verify-logout-token.js';
import { createAuth, createSqlLoginFlowStore } from '../../../../bff/auth/index.js';
import { openSessionStore, type OpenedSessionStore } from '../../../../bff/auth/session-store/open-session-store.js';
import type { SessionStore } from '../../../../bff/auth/session-store/types.js';
import { loadConfig } from '../../../../bff/config.js';
import {
  BFF_CLIENT_ID,
  DEFAULT_BFF_CLIENT_SECRET,
  defaultDevClients,
  generateJwks,
  startDevAuthPlatform,
  type DevAuthPlatform,
} from '../../../../bff/dev/auth-platform/index.js';
import { createEventHub } from '../../../../bff/events/hub.js';
import { createLogger } from '../../../../bff/observability/logger.js';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../../bff/store/store.js';
import { requireService } from '../../../support/services.js';
import { PII_HASH_KEY } from '../support/stack.js';
import { post } from './support.js';

const redisService = requireService('REDIS_URL');
const PUBLIC_BASE = 'http://127.0.0.1:9/govdock';
/** The config default (auth.backchannel.clockSkewSeconds). */
const SKEW_SECONDS = 60;

describe('back-channel jti replay cache shared through Redis (createAuth wiring)', { skip: redisService.skip }, () => {
  const prefix = `govdock-test:${randomBytes(6).toString('hex')}:`;
  let platform: DevAuthPlatform;
  let store: Store;
  let signingKey: JWK;
  const opened: OpenedSessionStore[] = [];

  /** One BFF instance as start.ts composes it, sessions and replay cache in Redis under `prefix`. */
  async function instance(wrap: (sessions: SessionStore) => SessionStore = (sessions) => sessions) {
    const sessions = await openSessionStore({ store, redisUrl: redisService.url as string, redisPrefix: prefix });
    opened.push(sessions);
    const config = loadConfig(
      {},
      {
        publicBaseUrl: PUBLIC_BASE,
        'auth.issuer': platform.issuer,
        'auth.clientId': BFF_CLIENT_ID,
        'auth.clientSecret': DEFAULT_BFF_CLIENT_SECRET,
      },
    );
    const logger = createLogger({ logLevel: 'silent' });
    const hub = createEventHub();
    const auth = createAuth({
      config,
      sessions: wrap(sessions),
      refreshLock: sessions.refreshLock,
      replayCache: sessions.replayCache,
      flows: createSqlLoginFlowStore(store),
      hub,
      logger,
      piiHashKey: PII_HASH_KEY,
    });
    const app = createApp({ config, store, logger, hub, auth, widgetsDir: '/nonexistent', demoDir: '/nonexistent' });
    const deliver = (token: string) => app.request(`${PUBLIC_BASE}/auth/backchannel-logout`, post(token));
    return { sessions, deliver };
  }

  /** A logout token signed with the platform's own key, as it would send one. */
  async function logoutToken(sid: string): Promise<{ token: string; jti: string; exp: number }> {
    const now = Math.floor(Date.now() / 1000);
    const jti = randomUUID();
    const exp = now + 120;
    const key = await importJWK(signingKey, signingKey.alg);
    const token = await new SignJWT({ events: { [BACKCHANNEL_LOGOUT_EVENT]: {} }, sid, jti })
      .setProtectedHeader({ alg: signingKey.alg as string, kid: signingKey.kid as string, typ: 'logout+jwt' })
      .setIssuer(platform.issuer)
      .setAudience(BFF_CLIENT_ID)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(key);
    return { token, jti, exp };
  }

  async function sessionWithSid(sessions: SessionStore, sid: string): Promise<string> {
    const id = randomUUID();
    const now = Date.now();
    await sessions.create({
      id,
      issuer: platform.issuer,
      subject: `user-${randomUUID()}`,
      sid,
      user: { displayName: '张*', userType: 'natural', realNameLevel: 3 },
      tokens: { accessToken: 'at' },
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt: now + 60_000,
      expiresAt: now + 600_000,
    });
    return id;
  }

  before(async () => {
    const jwks = await generateJwks();
    const first = jwks.keys[0];
    assert.ok(first);
    signingKey = first;
    platform = await startDevAuthPlatform({
      port: 0,
      jwks,
      clients: defaultDevClients({ bffBaseUrl: PUBLIC_BASE, deptAppUrl: 'http://127.0.0.1:9/dept-app' }),
    });
    store = await openStore({ dataDir: 'memory://' });
    await migrate(store);
  });

  after(async () => {
    const cleanup = new Redis(redisService.url as string);
    const keys = await cleanup.keys(`${prefix}*`);
    if (keys.length > 0) await cleanup.del(...keys);
    await cleanup.quit();
    for (const sessions of opened) await sessions.close?.();
    await platform?.close();
    await store?.close();
  });

  it('a logout token accepted by A and replayed to B is refused with 400; the key expires with the token', async () => {
    const a = await instance();
    const b = await instance();
    const sid = randomUUID();
    const id = await sessionWithSid(b.sessions, sid);
    const { token, jti, exp } = await logoutToken(sid);

    const accepted = await a.deliver(token);
    assert.equal(accepted.status, 200, await accepted.text());
    assert.equal(await b.sessions.get(id), undefined, "A ended the session B's users were on");

    const replayed = await b.deliver(token);
    assert.equal(replayed.status, 400);
    assert.equal(replayed.headers.get('cache-control'), 'no-store');
    assert.match(((await replayed.json()) as { error_description: string }).error_description, /replay/);
    // And at A too, of course.
    assert.equal((await a.deliver(token)).status, 400);

    const redis = new Redis(redisService.url as string);
    try {
      const ttlMs = await redis.pttl(`${prefix}replay:bcl:${platform.issuer}:${jti}`);
      const expected = exp * 1000 + SKEW_SECONDS * 1000 - Date.now();
      assert.ok(ttlMs > expected - 5_000 && ttlMs <= expected + 2_000, `TTL ${ttlMs} ms, expected ≈ ${expected} ms`);
    } finally {
      await redis.quit();
    }
  });

  it('a delivery that failed is not recorded: the retry through the other instance succeeds', async () => {
    const broken = await instance((sessions) => ({
      ...sessions,
      deleteBySid: async () => {
        throw new Error('session store down');
      },
    }));
    const healthy = await instance();
    const sid = randomUUID();
    const id = await sessionWithSid(healthy.sessions, sid);
    const { token } = await logoutToken(sid);

    const failed = await broken.deliver(token);
    assert.equal(failed.status, 400);
    assert.match(((await failed.json()) as { error_description: string }).error_description, /logout failed/);
    assert.ok(await healthy.sessions.get(id), 'the session is still there');

    assert.equal((await healthy.deliver(token)).status, 200, 'the retry is not taken for a replay');
    assert.equal(await healthy.sessions.get(id), undefined);
    assert.equal((await broken.deliver(token)).status, 400, 'now it is one');
  });
});
