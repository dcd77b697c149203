import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryReplayCache, openReplayCache } from '../../../../bff/auth/backchannel/replay-cache.js';
import { endSessions } from '../../../../bff/auth/end-sessions.js';
import type { SessionRecord, SessionStore } from '../../../../bff/auth/session-store/types.js';
import { createEventHub, type HubEvent } from '../../../../bff/events/hub.js';

const record = (id: string, subject: string, issuer = 'https://ids.example'): SessionRecord => ({
  id,
  issuer,
  subject,
  user: { displayName: '张*', userType: 'natural', realNameLevel: 2 },
  tokens: { accessToken: 'at', refreshToken: `rt-${id}` },
  createdAt: 0,
  lastSeenAt: 0,
  idleExpiresAt: 1,
  expiresAt: 1,
});

describe('endSessions', () => {
  it('publishes one logout event per distinct user and revokes each session best-effort', async () => {
    const hub = createEventHub();
    const events: HubEvent[] = [];
    hub.subscribe((event) => events.push(event));
    const revoked: string[] = [];
    const result = await endSessions(
      {
        hub,
        userKeyOf: (issuer, subject) => `${issuer}|${subject}`,
        revokeTokens: async (session) => {
          revoked.push(session.id);
          if (session.id === 's2') throw new Error('platform down');
        },
      },
      [record('s1', 'alice'), record('s2', 'alice'), record('s3', 'bob'), record('s4', 'alice', 'https://other')],
      'backchannel',
    );
    assert.deepEqual(result.userKeys, ['https://ids.example|alice', 'https://ids.example|bob', 'https://other|alice']);
    assert.deepEqual(
      events.map(({ type, data, userKey }) => ({ type, data, userKey })),
      result.userKeys.map((userKey) => ({ type: 'logout', data: { reason: 'backchannel' }, userKey })),
    );
    assert.deepEqual(revoked.sort(), ['s1', 's2', 's3', 's4']);
  });

  it('asks the widgets of a user who still has another live session to re-check instead of signing them out', async () => {
    const hub = createEventHub();
    const events: HubEvent[] = [];
    hub.subscribe((event) => events.push(event));
    const live: Record<string, number> = { alice: 1, bob: 0 };
    const sessions = {
      countBySubject: async (_issuer: string, subject: string) => live[subject] ?? 0,
    } as unknown as SessionStore; // only countBySubject is consulted by endSessions
    const result = await endSessions(
      { hub, sessions, userKeyOf: (_issuer, subject) => subject },
      [record('s1', 'alice'), record('s3', 'bob')],
      'backchannel',
    );
    assert.deepEqual(result.userKeys, ['bob']);
    assert.deepEqual(result.resyncKeys, ['alice']);
    assert.deepEqual(
      events.map(({ type, userKey }) => ({ type, userKey })),
      [
        { type: 'logout', userKey: 'bob' },
        { type: 'resync', userKey: 'alice' },
      ],
    );
  });

  it('publishes nothing when no session ended', async () => {
    const hub = createEventHub();
    let count = 0;
    hub.subscribe(() => (count += 1));
    assert.deepEqual(await endSessions({ hub, userKeyOf: () => 'x' }, [], 'logout-notify'), {
      userKeys: [],
      resyncKeys: [],
    });
    assert.equal(count, 0);
  });
});

describe('replay caches', () => {
  it('remember once, report seen, forget after the TTL (memory)', async () => {
    let now = 1_000;
    const cache = createMemoryReplayCache({ now: () => now, maxEntries: 2 });
    assert.equal(await cache.remember('a', 100), true);
    assert.equal(await cache.remember('a', 100), false);
    assert.equal(await cache.seen('a'), true);
    now += 101;
    assert.equal(await cache.seen('a'), false);
    await cache.remember('b', 1000);
    await cache.remember('c', 1000);
    await cache.remember('d', 1000);
    assert.equal(await cache.seen('b'), false, 'the oldest entry goes when the cache is full');
    assert.equal(await cache.seen('d'), true);
  });

  it('openReplayCache falls back to memory without Redis', async () => {
    const cache = await openReplayCache();
    assert.equal(await cache.remember('x', 1000), true);
    assert.equal(await cache.remember('x', 1000), false);
    await cache.close();
  });
});
