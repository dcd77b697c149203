/**
 * POST /auth/logout-notify over a real socket (the IP allow-list reads the peer address): HMAC and
 * AES variants, refusals for a bad signature, a stale timestamp, a replay and a foreign address.
 */
import assert from 'node:assert/strict';
import { createCipheriv, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Hono } from 'hono';
import { logoutNotifyConfigSchema, type LogoutNotifyConfigInput } from '../../../../bff/auth/logout-notify/config.js';
import { logoutNotifyRoutes } from '../../../../bff/auth/logout-notify/routes.js';
import type { SessionRecord, SessionStore } from '../../../../bff/auth/session-store/types.js';
import { createEventHub, type HubEvent } from '../../../../bff/events/hub.js';
import { startServer, type RunningServer } from '../../../../bff/server.js';
import { memorySessions } from './memory-sessions.js';

const ISSUER = 'https://ids.hlj.gov.cn';
const SECRET = 'shared-secret-0123456789';
const HOUR = 3_600_000;

function session(subject: string): SessionRecord {
  const now = Date.now();
  return {
    id: randomUUID(),
    issuer: ISSUER,
    subject,
    user: { displayName: '张*', userType: 'natural', realNameLevel: 3 },
    tokens: { accessToken: 'at' },
    createdAt: now,
    lastSeenAt: now,
    idleExpiresAt: now + HOUR,
    expiresAt: now + 8 * HOUR,
  };
}

const hmac = (text: string): string => createHmac('sha256', SECRET).update(text).digest('hex');
const seconds = (offset = 0): string => String(Math.floor(Date.now() / 1000) + offset);
const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('logout-notify receiver', () => {
  let server: RunningServer;
  let app: Hono | undefined;
  let sessions: SessionStore;
  let events: HubEvent[];

  before(async () => {
    server = await startServer(
      { fetch: (request, env) => (app ? app.fetch(request, env) : new Response(null, { status: 503 })) },
      { host: '127.0.0.1', port: 0 },
    );
  });
  after(() => server.close());
  beforeEach(() => {
    sessions = memorySessions();
    events = [];
  });

  function mount(config: Omit<LogoutNotifyConfigInput, 'issuer'>): void {
    const hub = createEventHub();
    hub.subscribe((event) => events.push(event));
    app = new Hono().route(
      '/auth',
      logoutNotifyRoutes({
        config: logoutNotifyConfigSchema.parse({ issuer: ISSUER, ...config }),
        sessions,
        hub,
        userKeyOf: (issuer, subject) => `${issuer}|${subject}`,
      }),
    );
  }
  const send = (init: RequestInit, query = ''): Promise<Response> =>
    fetch(`${server.url}/auth/logout-notify${query}`, init);
  const hmacConfig = { verification: { method: 'hmac-sha256' as const, secret: SECRET } };

  async function userWithSessions(): Promise<{ userNo: string; mine: SessionRecord[]; other: SessionRecord }> {
    const userNo = `U${randomBytes(4).toString('hex')}`;
    const mine = [session(userNo), session(userNo)];
    const other = session('someone-else');
    for (const each of [...mine, other]) await sessions.create(each);
    return { userNo, mine, other };
  }

  async function expectRefused(response: Response, status: number, code: string): Promise<void> {
    assert.equal(response.status, status);
    const body = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, code);
    assert.ok(body.error.message.length > 0);
  }

  it('accepts a valid HMAC notice: every session of that user ends, one logout event, configured answer', async () => {
    mount(hmacConfig);
    const { userNo, mine, other } = await userWithSessions();
    const timestamp = seconds();
    const response = await send(form({ user_no: userNo, timestamp, sign: hmac(`${userNo}${timestamp}`) }));
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '{"code":0,"message":"ok"}');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    for (const each of mine) assert.equal(await sessions.get(each.id), undefined);
    assert.ok(await sessions.get(other.id));
    assert.deepEqual(
      events.map(({ type, data, userKey }) => ({ type, data, userKey })),
      [{ type: 'logout', data: { reason: 'logout-notify' }, userKey: `${ISSUER}|${userNo}` }],
    );
  });

  it('refuses a bad signature, a stale timestamp and a replay, keeping the sessions', async () => {
    mount(hmacConfig);
    const { userNo, mine } = await userWithSessions();
    const now = seconds();
    await expectRefused(
      await send(form({ user_no: userNo, timestamp: now, sign: hmac(`${userNo}x${now}`) })),
      400,
      'signature_invalid',
    );
    await expectRefused(await send(form({ user_no: userNo, timestamp: now })), 400, 'signature_missing');
    const stale = seconds(-301);
    await expectRefused(
      await send(form({ user_no: userNo, timestamp: stale, sign: hmac(`${userNo}${stale}`) })),
      400,
      'timestamp_stale',
    );
    const future = seconds(+400);
    await expectRefused(
      await send(form({ user_no: userNo, timestamp: future, sign: hmac(`${userNo}${future}`) })),
      400,
      'timestamp_stale',
    );
    for (const each of mine) assert.ok(await sessions.get(each.id));
    assert.equal(events.length, 0);

    const valid = form({ user_no: userNo, timestamp: now, sign: hmac(`${userNo}${now}`) });
    assert.equal((await send(valid)).status, 200);
    await expectRefused(
      await send(form({ user_no: userNo, timestamp: now, sign: hmac(`${userNo}${now}`) })),
      400,
      'replayed',
    );
  });

  it('answers 403 to an address outside the allow-list, ignoring X-Forwarded-For from untrusted peers', async () => {
    mount({ ...hmacConfig, allowedIps: '10.0.0.0/8, 192.0.2.7' });
    const { userNo, mine } = await userWithSessions();
    const timestamp = seconds();
    const fields = { user_no: userNo, timestamp, sign: hmac(`${userNo}${timestamp}`) };
    await expectRefused(await send(form(fields)), 403, 'forbidden');
    const spoofed = form(fields);
    spoofed.headers = { ...(spoofed.headers as Record<string, string>), 'x-forwarded-for': '10.1.2.3' };
    await expectRefused(await send(spoofed), 403, 'forbidden');
    for (const each of mine) assert.ok(await sessions.get(each.id));
    // The socket peer (loopback) is what the list is checked against.
    mount({ ...hmacConfig, allowedIps: ['127.0.0.1', '::1'] });
    assert.equal((await send(form(fields))).status, 200);

    // Behind a configured trusted proxy (here: the loopback peer) the forwarded sender counts.
    mount({ ...hmacConfig, allowedIps: ['10.0.0.0/8'], trustedProxies: ['127.0.0.1', '::1'] });
    const again = seconds();
    const proxied = form({ user_no: userNo, timestamp: again, sign: hmac(`${userNo}${again}`), n: '1' });
    proxied.headers = { ...(proxied.headers as Record<string, string>), 'x-forwarded-for': '198.51.100.9, 10.1.2.3' };
    assert.equal((await send(proxied)).status, 200);
  });

  it('reads JSON with a nonce and a sorted-params signature, and refuses a reused nonce', async () => {
    mount({
      format: 'json',
      fields: { userId: 'data.userId', timestamp: 'ts', signature: 'signature', nonce: 'nonce' },
      verification: { method: 'hmac-sha256', secret: SECRET, canonical: 'sorted-params', signatureEncoding: 'base64' },
      successBody: 'success',
      successContentType: 'text/plain; charset=UTF-8',
    });
    const { userNo, mine } = await userWithSessions();
    const body = { appId: 'govdock', ts: Date.now(), nonce: randomUUID(), data: { userId: userNo } };
    // Nested objects are not part of the canonical string; scalars are, sorted by name.
    const canonical = `appId=govdock&nonce=${body.nonce}&ts=${body.ts}`;
    const signature = createHmac('sha256', SECRET).update(canonical).digest('base64');
    const request = (): RequestInit => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, signature }),
    });
    const response = await send(request());
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'success');
    for (const each of mine) assert.equal(await sessions.get(each.id), undefined);
    await expectRefused(await send(request()), 400, 'replayed');
  });

  it('takes query-string notices by GET when so configured', async () => {
    mount({
      ...hmacConfig,
      format: 'query',
      fields: { userId: 'userNo', timestamp: 'time', signature: 'sig' },
      verification: { ...hmacConfig.verification, template: 'logout:${userId}:${time}' },
    });
    const { userNo, mine } = await userWithSessions();
    const time = String(Date.now());
    const query = `?${new URLSearchParams({ userNo, time, sig: hmac(`logout:${userNo}:${time}`) })}`;
    assert.equal((await send({ method: 'GET' }, query)).status, 200);
    for (const each of mine) assert.equal(await sessions.get(each.id), undefined);
  });

  it('decrypts an AES-128-ECB payload with the app secret (JSON body)', async () => {
    const appSecret = 'A1b2C3d4E5f6G7h8';
    mount({
      format: 'json',
      fields: { notifyType: 'notify_type' },
      verification: { method: 'aes-128-ecb', secret: appSecret },
    });
    const { userNo, mine, other } = await userWithSessions();
    const encrypt = (payload: object): string => {
      const cipher = createCipheriv('aes-128-ecb', Buffer.from(appSecret), null);
      return Buffer.concat([cipher.update(JSON.stringify(payload)), cipher.final()]).toString('base64');
    };
    const post = (data: string): RequestInit => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data }),
    });
    const login = encrypt({ notify_type: 'login', user_no: userNo, timestamp: Date.now() });
    await expectRefused(await send(post(login)), 400, 'unsupported_notice');
    await expectRefused(await send(post(randomBytes(48).toString('base64'))), 400, 'payload_invalid');
    const stale = encrypt({ notify_type: 'logout', user_no: userNo, timestamp: Date.now() - 600_000 });
    await expectRefused(await send(post(stale)), 400, 'timestamp_stale');

    const logout = encrypt({ notify_type: 'logout', user_no: userNo, timestamp: Date.now() });
    assert.equal((await send(post(logout))).status, 200);
    for (const each of mine) assert.equal(await sessions.get(each.id), undefined);
    assert.ok(await sessions.get(other.id));
    await expectRefused(await send(post(logout)), 400, 'replayed');
  });

  it('decrypts an AES-256-CBC form payload with the IV in front of the ciphertext', async () => {
    const appSecret = 'app-secret-for-the-aes-variant!!';
    mount({ verification: { method: 'aes-256-cbc', secret: appSecret, keyDerivation: 'sha256' } });
    const { userNo, mine } = await userWithSessions();
    const { createHash } = await import('node:crypto');
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-cbc', createHash('sha256').update(appSecret).digest(), iv);
    const payload = JSON.stringify({ user_no: userNo, timestamp: Math.floor(Date.now() / 1000) });
    const data = Buffer.concat([iv, cipher.update(payload), cipher.final()]).toString('base64');
    assert.equal((await send(form({ data }))).status, 200);
    for (const each of mine) assert.equal(await sessions.get(each.id), undefined);
  });

  it('stops start-up on a key of the wrong length', () => {
    assert.throws(() => mount({ verification: { method: 'aes-256-cbc', secret: 'too-short' } }), /32-byte key/);
  });
});
