/**
 * End to end with the development platform (node-oidc-provider): a real login gives an ID token with
 * `sid`; logging out at the platform makes it POST a real Logout Token to our route, which must end
 * exactly that session and broadcast `logout`.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Hono } from 'hono';
import * as oidc from 'openid-client';
import { backchannelLogoutRoutes } from '../../../../bff/auth/backchannel/routes.js';
import { createStoreSessionStore } from '../../../../bff/auth/session-store/store-session-store.js';
import type { SessionStore } from '../../../../bff/auth/session-store/types.js';
import { BFF_CLIENT_ID } from '../../../../bff/dev/auth-platform/clients.js';
import type { DevAuthPlatform } from '../../../../bff/dev/auth-platform/start.js';
import { createEventHub, type HubEvent } from '../../../../bff/events/hub.js';
import { startServer, type RunningServer } from '../../../../bff/server.js';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../../bff/store/store.js';
import { formAction, hiddenValue } from '../support/browser.js';
import { bffClient, logInThroughBff, startTestPlatform } from '../../dev/auth-platform/support/flow.js';

const HOUR = 3_600_000;

describe('back-channel logout from the development platform', () => {
  let store: Store;
  let sessions: SessionStore;
  let server: RunningServer;
  let platform: DevAuthPlatform;
  let app: Hono | undefined;
  const events: HubEvent[] = [];
  const received: { method: string; path: string; status: number }[] = [];
  let base: string;

  before(async () => {
    store = await openStore({ dataDir: 'memory://' });
    await migrate(store);
    sessions = createStoreSessionStore(store);
    // The platform needs our URL before we know its issuer: start the server first, route later.
    server = await startServer(
      {
        fetch: async (request) => {
          const response = app ? await app.fetch(request) : new Response(null, { status: 503 });
          received.push({ method: request.method, path: new URL(request.url).pathname, status: response.status });
          return response;
        },
      },
      { host: '127.0.0.1', port: 0 },
    );
    base = `${server.url}/govdock`;
    platform = await startTestPlatform(base);
    const hub = createEventHub();
    hub.subscribe((event) => events.push(event));
    app = new Hono().route(
      '/govdock/auth',
      backchannelLogoutRoutes({
        sessions,
        hub,
        userKeyOf: (issuer, subject) => `${issuer}|${subject}`,
        issuer: platform.issuer,
        clientId: BFF_CLIENT_ID,
        // Lazy discovery, as the auth area wires it.
        jwksUri: async () => (await bffClient(platform.issuer)).serverMetadata().jwks_uri,
      }),
    );
  });
  after(async () => {
    await platform?.close();
    await server?.close();
    await store?.close();
  });

  it('ends the session the ID token named when the user logs out at the platform', async () => {
    const { browser, tokens } = await logInThroughBff(platform.issuer, 'zhangsan', base);
    const claims = tokens.claims();
    assert.ok(claims?.sid && tokens.id_token);
    const now = Date.now();
    const record = {
      id: randomUUID(),
      issuer: platform.issuer,
      subject: claims.sub,
      sid: claims.sid as string,
      user: { displayName: '张*', userType: 'natural' as const, realNameLevel: 3 },
      tokens: { accessToken: tokens.access_token, idToken: tokens.id_token },
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt: now + HOUR,
      expiresAt: now + 8 * HOUR,
    };
    await sessions.create(record);
    const unrelated = { ...record, id: randomUUID(), subject: 'demo-natural-0002', sid: randomUUID() };
    await sessions.create(unrelated);

    const config = await oidc.discovery(new URL(platform.issuer), BFF_CLIENT_ID, undefined, undefined, {
      execute: [oidc.allowInsecureRequests],
    });
    const endSession = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: `${base}/`,
    });
    const page = await browser.navigate(endSession);
    await browser.submit(formAction(page.body, '/session/end/confirm'), {
      xsrf: hiddenValue(page.body, 'xsrf'),
      logout: 'yes',
    });

    assert.deepEqual(
      received.filter((each) => each.path.endsWith('/backchannel-logout')),
      [{ method: 'POST', path: '/govdock/auth/backchannel-logout', status: 200 }],
    );
    assert.equal(await sessions.get(record.id), undefined);
    assert.ok(await sessions.get(unrelated.id));
    assert.deepEqual(
      events.map((event) => [event.type, event.userKey]),
      [['logout', `${platform.issuer}|${claims.sub}`]],
    );
  });
});
