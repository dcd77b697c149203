/**
 * POST /auth/backchannel-logout against OpenID Connect Back-Channel Logout 1.0 §2.4–2.8, with
 * tokens signed here and a JWKS served over real HTTP.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Hono } from 'hono';
import { SignJWT, type JWTPayload } from 'jose';
import { backchannelLogoutRoutes } from '../../../../bff/auth/backchannel/routes.js';
import { createMemoryReplayCache } from '../../../../bff/auth/backchannel/replay-cache.js';
import type { SessionRecord, SessionStore } from '../../../../bff/auth/session-store/types.js';
import { createEventHub, type EventHub, type HubEvent } from '../../../../bff/events/hub.js';
import { memorySessions } from '../logout-notify/memory-sessions.js';
import {
  defaultClaims,
  post,
  signingKey,
  signLogoutToken,
  startJwksServer,
  type SigningKey,
  type TokenOptions,
} from './support.js';

const ISSUER = 'https://ids.example.gov.cn/oidc';
const CLIENT_ID = 'govdock-bff';
const HOUR = 3_600_000;
const userKeyOf = (issuer: string, subject: string): string => `${issuer}|${subject}`;

/** alg confusion: an HMAC "signed" with bytes anyone could know must never verify. */
function hs256(payload: JWTPayload): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'logout+jwt' })
    .sign(new TextEncoder().encode('public-value-public-value-public!'));
}

function session(subject: string, sid?: string): SessionRecord {
  const now = Date.now();
  return {
    id: randomUUID(),
    issuer: ISSUER,
    subject,
    ...(sid ? { sid } : {}),
    user: { displayName: '张*', userType: 'natural', realNameLevel: 3 },
    tokens: { accessToken: 'at' },
    createdAt: now,
    lastSeenAt: now,
    idleExpiresAt: now + HOUR,
    expiresAt: now + 8 * HOUR,
  };
}

describe('back-channel logout receiver', () => {
  let sessions: SessionStore;
  let hub: EventHub;
  let events: HubEvent[];
  let key: SigningKey;
  const keys: SigningKey[] = [];
  let jwks: Awaited<ReturnType<typeof startJwksServer>>;
  let app: Hono;

  before(async () => {
    key = await signingKey('ES256');
    keys.push(key);
    jwks = await startJwksServer(keys);
  });
  after(async () => {
    await jwks.close();
  });
  beforeEach(() => {
    sessions = memorySessions();
    hub = createEventHub();
    events = [];
    hub.subscribe((event) => events.push(event));
    app = new Hono().route(
      '/auth',
      backchannelLogoutRoutes({
        sessions,
        hub,
        userKeyOf,
        issuer: ISSUER,
        clientId: CLIENT_ID,
        jwksUri: jwks.uri,
        jwksCooldownMs: 0,
        replayStore: createMemoryReplayCache(),
      }),
    );
  });

  const base = (): JWTPayload => defaultClaims(ISSUER, CLIENT_ID);
  const token = (claims: TokenOptions['claims'] = {}, options: Omit<TokenOptions, 'claims'> = {}) =>
    signLogoutToken(options.key ?? key, base(), { ...options, claims });
  const send = (body: RequestInit) => app.request('/auth/backchannel-logout', body);

  async function expectRefused(response: Response, description: RegExp): Promise<void> {
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = (await response.json()) as { error: string; error_description: string };
    assert.equal(body.error, 'invalid_request');
    assert.match(body.error_description, description);
  }

  it('ends the session named by sid, broadcasts logout once the user has no session left, answers 200 no-store', async () => {
    const subject = `user-${randomUUID()}`;
    const target = session(subject, randomUUID());
    const sibling = session(subject, randomUUID());
    await sessions.create(target);
    await sessions.create(sibling);

    const response = await send(post(await token({ sid: target.sid, sub: subject })));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(await sessions.get(target.id), undefined);
    assert.ok(await sessions.get(sibling.id), 'a sid names one session only');
    // The sibling session (another browser) is still valid: its widgets must not be signed out,
    // only asked to re-check (the ended session's tabs then find out they are anonymous).
    assert.deepEqual(
      events.map(({ type, userKey }) => ({ type, userKey })),
      [{ type: 'resync', userKey: userKeyOf(ISSUER, subject) }],
    );
    events.length = 0;

    const last = await send(post(await token({ sid: sibling.sid, sub: subject })));
    assert.equal(last.status, 200);
    assert.deepEqual(
      events.map(({ type, data, userKey }) => ({ type, data, userKey })),
      [{ type: 'logout', data: { reason: 'backchannel' }, userKey: userKeyOf(ISSUER, subject) }],
    );
  });

  it('ends every session of the user for a sub-only token (one event per user)', async () => {
    const subject = `user-${randomUUID()}`;
    const mine = [session(subject, randomUUID()), session(subject), session(subject, randomUUID())];
    const other = session(`user-${randomUUID()}`, randomUUID());
    for (const each of [...mine, other]) await sessions.create(each);

    const response = await send(post(await token({ sub: subject }, { header: { typ: 'JWT' } })));
    assert.equal(response.status, 200, 'typ JWT (Keycloak) is accepted');
    for (const each of mine) assert.equal(await sessions.get(each.id), undefined);
    assert.ok(await sessions.get(other.id));
    assert.equal(events.length, 1);
  });

  it('answers 200 when no session matches (already logged out), without an event', async () => {
    const response = await send(post(await token({ sid: randomUUID() })));
    assert.equal(response.status, 200);
    assert.equal(events.length, 0);
  });

  it('refuses a replayed jti after a success, but accepts an OP retry after a failed logout', async () => {
    const first = await token({ sub: 'someone' });
    assert.equal((await send(post(first))).status, 200);
    await expectRefused(await send(post(first)), /replay/);

    // The store fails once: 400, jti not recorded, so the OP's retry of the same token succeeds.
    const target = session(`user-${randomUUID()}`, randomUUID());
    await sessions.create(target);
    const original = sessions.deleteBySid.bind(sessions);
    let failures = 1;
    sessions.deleteBySid = async (issuer, sid) => {
      if (failures-- > 0) throw new Error('store unavailable');
      return original(issuer, sid);
    };
    const retried = await token({ sid: target.sid });
    await expectRefused(await send(post(retried)), /logout failed/);
    assert.equal((await send(post(retried))).status, 200);
    assert.equal(await sessions.get(target.id), undefined);
  });

  describe('refuses each invalid logout token with 400 and keeps the session it names', () => {
    const unsigned = (payload: JWTPayload): string =>
      [{ alg: 'none', typ: 'logout+jwt' }, payload]
        .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
        .join('.') + '.';
    const cases: [string, (sid: string) => Promise<string>, RegExp][] = [
      ['bad signature', async (sid) => (await token({ sid })).replace(/.{4}$/, 'AAAA'), /signature/],
      [
        'signed by a key not in the JWKS (same kid)',
        async (sid) => signLogoutToken({ ...(await signingKey('ES256')), kid: key.kid }, base(), { claims: { sid } }),
        /signature/,
      ],
      ['wrong iss', (sid) => token({ sid, iss: 'https://evil.example' }), /iss/],
      ['wrong aud', (sid) => token({ sid, aud: 'another-client' }), /aud/],
      ['expired', (sid) => token({ sid, exp: Math.floor(Date.now() / 1000) - 120 }), /expired/],
      ['missing exp', (sid) => token({ sid, exp: undefined }), /exp/],
      ['missing iat', (sid) => token({ sid, iat: undefined }), /iat/],
      ['iat in the future', (sid) => token({ sid, iat: Math.floor(Date.now() / 1000) + 600 }), /iat/],
      ['missing jti', (sid) => token({ sid, jti: undefined }), /jti/],
      ['no events', (sid) => token({ sid, events: undefined }), /events/],
      ['events without the logout member', (sid) => token({ sid, events: { 'http://example/other': {} } }), /events/],
      [
        'events member not an object',
        (sid) => token({ sid, events: { 'http://schemas.openid.net/event/backchannel-logout': 'yes' } }),
        /events/,
      ],
      ['with nonce', (sid) => token({ sid, nonce: 'n-0S6_WzA2Mj' }), /nonce/],
      ['neither sub nor sid', () => token({ sub: undefined, sid: undefined }), /neither sub nor sid/],
      ['wrong typ', (sid) => token({ sid }, { header: { typ: 'at+jwt' } }), /typ/],
      ['alg none', async (sid) => unsigned({ ...base(), sid }), /algorithm|invalid/],
      ['HS256 keyed with a public value', async (sid) => hs256({ ...base(), sid }), /algorithm/],
    ];
    for (const [name, make, description] of cases) {
      it(name, async () => {
        const target = session(`user-${randomUUID()}`, randomUUID());
        await sessions.create(target);
        await expectRefused(await send(post(await make(target.sid as string))), description);
        assert.ok(await sessions.get(target.id), 'the session survives a refused token');
        assert.equal(events.length, 0);
      });
    }
  });

  it('refuses a missing logout_token, a JSON body, and GET (405), all no-store', async () => {
    await expectRefused(await send(post(undefined)), /logout_token missing/);
    await expectRefused(await send(post('x', 'application/json')), /content type/);
    const get = await app.request('/auth/backchannel-logout');
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('cache-control'), 'no-store');
    assert.equal(get.headers.get('allow'), 'POST');
  });

  it('fetches the JWKS again for an unknown kid (key rotation) and accepts the new key', async () => {
    const target = session(`user-${randomUUID()}`, randomUUID());
    await sessions.create(target);
    assert.equal((await send(post(await token({ sub: 'warm-up' })))).status, 200);
    const fetchesBefore = jwks.fetches();

    const rotated = await signingKey('RS256');
    keys.push(rotated);
    const response = await send(post(await token({ sid: target.sid }, { key: rotated })));
    assert.equal(response.status, 200);
    assert.equal(jwks.fetches(), fetchesBefore + 1);
    assert.equal(await sessions.get(target.id), undefined);
  });
});
