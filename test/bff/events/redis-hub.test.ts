/**
 * Two BFF instances sharing Redis: an event published through one reaches subscribers and SSE
 * streams of the other, with shared ids, so Last-Event-ID resumes work on either instance.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import type { HubEvent } from '../../../bff/events/hub.js';
import { createRedisEventHub, type RedisEventHub } from '../../../bff/events/redis-hub.js';
import { openEventHub } from '../../../bff/events/open-hub.js';
import { eventRoutes } from '../../../bff/events/routes.js';
import { requireService } from '../../support/services.js';

const redisService = requireService('REDIS_URL');

function nextEvent(hub: RedisEventHub, predicate: (event: HubEvent) => boolean = () => true): Promise<HubEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no event within 2 s')), 2000);
    const unsubscribe = hub.subscribe((event) => {
      if (!predicate(event)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(event);
    });
  });
}

describe('Redis event hub', { skip: redisService.skip }, () => {
  const connections: Redis[] = [];
  const hubs: RedisEventHub[] = [];
  const prefix = `govdock-test:${randomBytes(6).toString('hex')}:`;

  async function instance(bufferSize?: number, ownPrefix = prefix): Promise<RedisEventHub> {
    const redis = new Redis(redisService.url as string);
    const subscriber = new Redis(redisService.url as string);
    connections.push(redis, subscriber);
    const hub = await createRedisEventHub({
      redis,
      subscriber,
      prefix: ownPrefix,
      ...(bufferSize ? { bufferSize } : {}),
    });
    hubs.push(hub);
    return hub;
  }

  let a: RedisEventHub;
  let b: RedisEventHub;
  before(async () => {
    a = await instance();
    b = await instance();
  });
  after(async () => {
    for (const hub of hubs) await hub.close();
    const cleaner = connections[0];
    if (cleaner) {
      const keys = await cleaner.keys('govdock-test:*');
      if (keys.length > 0) await cleaner.del(...keys);
    }
    for (const connection of connections) await connection.quit();
  });

  it('delivers an event published on instance A to subscribers on instance B (and A)', async () => {
    const onB = nextEvent(b);
    const onA = nextEvent(a);
    const published = await a.publish({ type: 'logout', data: { reason: 'backchannel' }, userKey: 'u1' });
    assert.deepEqual(await onB, published);
    assert.deepEqual(await onA, published);
    assert.equal(published.userKey, 'u1');
  });

  it('allocates strictly increasing ids shared by both instances', async () => {
    const first = await a.publish({ type: 'notice', data: 1 });
    const second = await b.publish({ type: 'notice', data: 2 });
    const third = await a.publish({ type: 'notice', data: 3 });
    assert.ok(first.id < second.id && second.id < third.id);
    assert.ok(first.id > Date.now() * 1000 - 3_600_000_000, 'ids are seeded from the clock');
  });

  it('replays through since() on the other instance, and says when events were trimmed', async () => {
    const first = await a.publish({ type: 'notice', data: 'x' });
    const second = await a.publish({ type: 'notice', data: 'y' });
    const replay = await b.since(first.id - 1);
    assert.equal(replay.complete, true);
    assert.deepEqual(
      replay.events.map((event) => event.id),
      [first.id, second.id],
    );
    assert.deepEqual(await b.since(second.id), { events: [], complete: true });
    // An id above ours (a different Redis): incomplete, the client re-fetches state.
    assert.equal((await b.since(second.id + 1000)).complete, false);

    const small = await instance(2, `${prefix}small:`);
    const events = [];
    for (let n = 0; n < 5; n += 1) events.push(await small.publish({ type: 'n', data: n }));
    const trimmed = await small.since(events[0]?.id as number);
    assert.equal(trimmed.complete, false);
    assert.deepEqual(
      trimmed.events.map((event) => event.data),
      [3, 4],
    );
    assert.equal((await small.since(events[2]?.id as number)).complete, true);
  });

  it("carries an instance-A event to an SSE stream served by instance B's route", async () => {
    const app = eventRoutes(b, { resolveUserKey: () => 'u2' });
    const response = await app.request('/');
    assert.ok(response.body);
    const reader = response.body.getReader();
    // Let the stream subscribe before publishing.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const published = await a.publish({ type: 'logout', data: { reason: 'platform' }, userKey: 'u2' });
    let text = '';
    const decoder = new TextDecoder();
    while (!text.includes(`id: ${published.id}`)) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    await reader.cancel();
    assert.ok(text.includes(`data: {"type":"logout","data":{"reason":"platform"}}\nid: ${published.id}\n`), text);
  });

  it('openEventHub picks Redis with a URL and the in-process hub without', async () => {
    const local = await openEventHub();
    const event = await local.publish({ type: 'x', data: null });
    assert.deepEqual((await local.since(event.id - 1)).events, [event]);
    await local.close();

    const shared = await openEventHub({ redisUrl: redisService.url as string, redisPrefix: prefix });
    const seen = nextEvent(a, (each) => each.type === 'from-open-hub');
    const sent = await shared.publish({ type: 'from-open-hub', data: 1 });
    assert.equal((await seen).id, sent.id);
    await shared.close();
  });
});
