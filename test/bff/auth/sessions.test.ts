import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RefreshRefusedError, type AuthProvider, type ProviderTokens } from '../../../bff/auth/providers/types.js';
import { createSessionService } from '../../../bff/auth/sessions.js';
import type { SessionRecord, SessionStore } from '../../../bff/auth/session-store/types.js';
import { createEventHub, type HubEvent } from '../../../bff/events/hub.js';
import { createLogger } from '../../../bff/observability/logger.js';

const MINUTE = 60_000;

function memoryStore(): SessionStore & { writes: number } {
  const records = new Map<string, SessionRecord>();
  const store = {
    writes: 0,
    async create(record: SessionRecord) {
      records.set(record.id, structuredClone(record));
    },
    async get(id: string) {
      const record = records.get(id);
      return record && structuredClone(record);
    },
    async update(record: SessionRecord) {
      store.writes += 1;
      records.set(record.id, structuredClone(record));
    },
    async delete(id: string) {
      const record = records.get(id);
      records.delete(id);
      return record;
    },
    async deleteBySid() {
      return [];
    },
    async deleteBySubject() {
      return [];
    },
    async countBySubject(issuer: string, subject: string) {
      return [...records.values()].filter((record) => record.issuer === issuer && record.subject === subject).length;
    },
  };
  return store;
}

function setup(refresh: (tokens: ProviderTokens) => Promise<ProviderTokens>) {
  let clock = 1_000_000;
  const store = memoryStore();
  const hub = createEventHub({ firstId: 1 });
  const events: HubEvent[] = [];
  hub.subscribe((event) => events.push(event));
  const provider = { issuer: 'https://id.example', refresh } as unknown as AuthProvider;
  const service = createSessionService({
    store,
    provider,
    hub,
    logger: createLogger({ logLevel: 'silent' }),
    piiHashKey: 'k'.repeat(32),
    idleMs: 30 * MINUTE,
    absoluteMs: 8 * 60 * MINUTE,
    refreshLeewayMs: MINUTE,
    now: () => clock,
  });
  const create = (expiresInMs = 30 * MINUTE) =>
    service.create(
      {
        subject: 'u1',
        sid: 's1',
        tokens: { accessToken: 'at', refreshToken: 'rt', idToken: 'id', expiresAt: clock + expiresInMs },
      },
      { displayName: '张三', userType: 'natural', realNameLevel: 3 },
    );
  return { service, store, events, create, advance: (ms: number) => (clock += ms), now: () => clock };
}

describe('session lifecycle', () => {
  it('gives every login a new 256-bit opaque id', async () => {
    const { create } = setup(async (t) => t);
    const a = await create();
    const b = await create();
    assert.match(a.id, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a.id, b.id);
  });

  it('ends a session idle for longer than the idle timeout, and says so to the user’s streams', async () => {
    const { service, create, advance, events, store } = setup(async (t) => t);
    const record = await create(9 * 60 * MINUTE);
    advance(30 * MINUTE);
    assert.equal(await service.resolve(record.id), undefined);
    assert.equal(await store.get(record.id), undefined);
    assert.deepEqual(events.at(-1)?.data, { reason: 'expired' });
  });

  it('slides the idle timeout on use, but never past the absolute lifetime', async () => {
    const { service, create, advance } = setup(async (t) => t);
    const record = await create(9 * 60 * MINUTE);
    for (let minutes = 20; minutes <= 460; minutes += 20) {
      advance(20 * MINUTE);
      assert.ok(await service.resolve(record.id), `alive after ${minutes} min`);
    }
    // 485 min: idle only 25 min, but past the 8 h absolute lifetime.
    advance(25 * MINUTE);
    assert.equal(await service.resolve(record.id), undefined);
  });

  it('writes lastSeenAt at most once a minute', async () => {
    const { service, create, advance, store } = setup(async (t) => t);
    const record = await create();
    for (let i = 0; i < 10; i += 1) {
      advance(5_000);
      await service.resolve(record.id);
    }
    assert.equal(store.writes, 0);
    advance(15_000);
    await service.resolve(record.id);
    assert.equal(store.writes, 1);
  });

  it('refreshes a near-expiry access token once for many parallel requests', async () => {
    let calls = 0;
    const { service, create, now } = setup(async (tokens) => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { ...tokens, accessToken: 'at2', refreshToken: 'rt2', expiresAt: now() + 30 * MINUTE };
    });
    const record = await create(30_000);
    const results = await Promise.all(Array.from({ length: 10 }, () => service.resolve(record.id)));
    assert.equal(calls, 1);
    for (const result of results) assert.equal(result?.tokens.accessToken, 'at2');
    assert.equal((await service.resolve(record.id))?.tokens.refreshToken, 'rt2');
    assert.equal(calls, 1);
  });

  it('ends the session when the platform refuses the refresh', async () => {
    const { service, create, store, events } = setup(async () => {
      throw new RefreshRefusedError('invalid_grant');
    });
    const record = await create(30_000);
    assert.equal(await service.resolve(record.id), undefined);
    assert.equal(await store.get(record.id), undefined);
    assert.equal(events.at(-1)?.type, 'logout');
  });

  it('keeps the session when the platform is only unreachable', async () => {
    const { service, create } = setup(async () => {
      throw new Error('ECONNREFUSED');
    });
    const record = await create(30_000);
    assert.ok(await service.resolve(record.id));
  });

  it('publishes logout at our logout only when the user has no other session left', async () => {
    const { service, create, events } = setup(async (t) => t);
    const first = await create();
    const second = await create();
    await service.end(first.id, 'logout');
    assert.equal(events.filter((event) => event.type === 'logout').length, 0, 'still logged in elsewhere');
    await service.end(second.id, 'logout');
    assert.deepEqual(
      events.filter((event) => event.type === 'logout').map((event) => event.data),
      [{ reason: 'logout' }],
    );
  });

  it('ignores cookie values that are not session ids', async () => {
    const { service } = setup(async (t) => t);
    for (const bad of ['', 'short', '../../etc', 'x'.repeat(44)]) assert.equal(await service.resolve(bad), undefined);
  });
});
