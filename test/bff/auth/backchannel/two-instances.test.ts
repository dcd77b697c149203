/**
 * Two BFF instances sharing Redis (issue 3, point 9): the platform's back-channel logout reaches
 * instance A; the session a user was using through instance B is gone, B's SSE stream delivers
 * the logout, and a replay of the token at B is refused (shared jti cache).
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Hono } from 'hono';
import { Redis } from 'ioredis';
import { createRedisReplayCache, openReplayCache } from '../../../../bff/auth/backchannel/replay-cache.js';
import { backchannelLogoutRoutes } from '../../../../bff/auth/backchannel/routes.js';
import { createRedisSessionStore } from '../../../../bff/auth/session-store/redis-session-store.js';
import { createRedisEventHub, type RedisEventHub } from '../../../../bff/events/redis-hub.js';
import { eventRoutes } from '../../../../bff/events/routes.js';
import { requireService } from '../../../support/services.js';
import { defaultClaims, post, signingKey, signLogoutToken, startJwksServer } from './support.js';

const redisService = requireService('REDIS_URL');
const ISSUER = 'https://ids.example.gov.cn/oidc';
const CLIENT_ID = 'govdock-bff';
const userKeyOf = (issuer: string, subject: string): string => `${issuer}|${subject}`;

describe('back-channel logout across two instances sharing Redis', { skip: redisService.skip }, () => {
  const prefix = `govdock-test:${randomBytes(6).toString('hex')}:`;
  const connections: Redis[] = [];
  const hubs: RedisEventHub[] = [];
  let jwks: Awaited<ReturnType<typeof startJwksServer>>;
  const key = signingKey('ES256');

  async function instance(): Promise<{ app: Hono; sessions: ReturnType<typeof createRedisSessionStore> }> {
    const [redis, subscriber] = [new Redis(redisService.url as string), new Redis(redisService.url as string)];
    connections.push(redis, subscriber);
    const hub = await createRedisEventHub({ redis, subscriber, prefix });
    hubs.push(hub);
    const sessions = createRedisSessionStore(redis, { prefix });
    const app = new Hono();
    app.route(
      '/auth',
      backchannelLogoutRoutes({
        sessions,
        hub,
        userKeyOf,
        issuer: ISSUER,
        clientId: CLIENT_ID,
        jwksUri: jwks.uri,
        replayStore: createRedisReplayCache(redis, { prefix }),
      }),
    );
    app.route('/events', eventRoutes(hub, { resolveUserKey: (c) => c.req.header('x-test-user') }));
    return { app, sessions };
  }

  before(async () => {
    jwks = await startJwksServer([await key]);
  });
  after(async () => {
    for (const hub of hubs) await hub.close();
    const keys = await connections[0]?.keys(`${prefix}*`);
    if (keys && keys.length > 0) await connections[0]?.del(...keys);
    for (const connection of connections) await connection.quit();
    await jwks.close();
  });

  it("a logout received by A ends B's session and reaches B's SSE stream; a replay at B is refused", async () => {
    const a = await instance();
    const b = await instance();
    const subject = `user-${randomUUID()}`;
    const sid = randomUUID();
    const now = Date.now();
    const id = randomUUID();
    await b.sessions.create({
      id,
      issuer: ISSUER,
      subject,
      sid,
      user: { displayName: '张*', userType: 'natural', realNameLevel: 3 },
      tokens: { accessToken: 'at' },
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt: now + 60_000,
      expiresAt: now + 600_000,
    });

    const stream = await b.app.request('/events', { headers: { 'x-test-user': userKeyOf(ISSUER, subject) } });
    assert.ok(stream.body);
    const reader = stream.body.getReader();
    await new Promise((resolve) => setTimeout(resolve, 50));

    const token = await signLogoutToken(await key, defaultClaims(ISSUER, CLIENT_ID), { claims: { sid, sub: subject } });
    const started = Date.now();
    assert.equal((await a.app.request('/auth/backchannel-logout', post(token))).status, 200);
    assert.equal(await b.sessions.get(id), undefined);

    let text = '';
    const decoder = new TextDecoder();
    while (!text.includes('"type":"logout"')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    await reader.cancel();
    assert.match(text, /data: \{"type":"logout","data":\{"reason":"backchannel"\}\}/);
    assert.ok(Date.now() - started < 1000, 'within 1 s');

    const replay = await b.app.request('/auth/backchannel-logout', post(token));
    assert.equal(replay.status, 400);
    assert.match(((await replay.json()) as { error_description: string }).error_description, /replay/);
  });

  it('openReplayCache shares one-time values through Redis', async () => {
    const [one, two] = [
      await openReplayCache({ redisUrl: redisService.url as string, prefix }),
      await openReplayCache({ redisUrl: redisService.url as string, prefix }),
    ];
    const key = randomUUID();
    assert.equal(await one.remember(key, 5_000), true);
    assert.equal(await two.seen(key), true);
    assert.equal(await two.remember(key, 5_000), false);
    await one.close();
    await two.close();
  });
});
