import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { BFF_CLIENT_ID, DEPT_APP_CLIENT_ID } from '../../../../bff/dev/auth-platform/clients.js';
import type { DevAuthPlatform } from '../../../../bff/dev/auth-platform/start.js';
import { formAction, hiddenValue } from '../../auth/support/browser.js';
import { authorizationRequest, DEPT_APP, logInThroughBff, startTestPlatform } from './support/flow.js';

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** Stands in for the BFF's POST /auth/backchannel-logout, keeping every logout_token it receives. */
async function startReceiver(): Promise<{ server: Server; base: string; tokens: string[] }> {
  const tokens: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/govdock/auth/backchannel-logout') {
        tokens.push(new URLSearchParams(body).get('logout_token') ?? '');
        res.writeHead(204).end();
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}/govdock`, tokens };
}

describe('development auth platform: RP-initiated and back-channel logout', () => {
  let platform: DevAuthPlatform;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    receiver = await startReceiver();
    platform = await startTestPlatform(receiver.base);
  });
  after(async () => {
    await platform.close();
    receiver.server.closeAllConnections();
    await new Promise((resolve) => receiver.server.close(resolve));
  });
  beforeEach(() => {
    receiver.tokens.length = 0;
  });

  async function openLogoutPage(idToken: string, browser: Awaited<ReturnType<typeof logInThroughBff>>['browser']) {
    const config = await oidc.discovery(new URL(platform.issuer), BFF_CLIENT_ID, undefined, undefined, {
      execute: [oidc.allowInsecureRequests],
    });
    const url = oidc.buildEndSessionUrl(config, {
      id_token_hint: idToken,
      post_logout_redirect_uri: `${receiver.base}/`,
      state: 'bye',
    });
    return browser.navigate(url);
  }

  it('asks in Chinese, ends the platform session, notifies the BFF and returns to it', async () => {
    const { config, browser, tokens } = await logInThroughBff(platform.issuer, 'zhangsan', receiver.base);
    const sid = tokens.claims()?.sid;
    assert.ok(tokens.id_token && sid && tokens.refresh_token);

    const page = await openLogoutPage(tokens.id_token, browser);
    assert.equal(page.response.status, 200);
    assert.match(page.body, /<html lang="zh-CN">/);
    assert.match(page.body, /退出统一身份认证平台/);
    assert.match(page.body, /仅退出“GovDock 政务服务”/);
    assert.ok(!page.body.includes('<script'));

    const done = await browser.submit(formAction(page.body, '/session/end/confirm'), {
      xsrf: hiddenValue(page.body, 'xsrf'),
      logout: 'yes',
    });
    assert.equal(done.next?.href, `${receiver.base}/?state=bye`);

    assert.equal(receiver.tokens.length, 1);
    const jwks = createRemoteJWKSet(new URL(`${platform.issuer}/jwks`));
    const { payload, protectedHeader } = await jwtVerify(receiver.tokens[0] ?? '', jwks, {
      issuer: platform.issuer,
      audience: BFF_CLIENT_ID,
      typ: 'logout+jwt',
    });
    assert.equal(protectedHeader.typ, 'logout+jwt');
    assert.equal(payload.sub, 'demo-natural-0001');
    assert.equal(payload.sid, sid);
    assert.equal(typeof payload.jti, 'string');
    assert.equal(payload.nonce, undefined);
    assert.deepEqual((payload.events as Record<string, unknown>)[BACKCHANNEL_EVENT], {});

    const silent = await authorizationRequest(config, `${receiver.base}/auth/callback`, { prompt: 'none' });
    const after = await browser.navigate(silent.url);
    assert.equal(after.next?.searchParams.get('error'), 'login_required');
    await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token));
  });

  it('shows a Chinese confirmation when logging out at the platform without a return address', async () => {
    const { browser } = await logInThroughBff(platform.issuer, 'zhangsan', receiver.base);
    const page = await browser.navigate('/session/end');
    assert.match(page.body, /暂不退出/);
    const done = await browser.submit(formAction(page.body, '/session/end/confirm'), {
      xsrf: hiddenValue(page.body, 'xsrf'),
      logout: 'yes',
    });
    assert.equal(done.next, undefined);
    assert.match(done.body, /您已安全退出/);
    assert.equal(receiver.tokens.length, 1);
  });

  it('"仅退出" ends only the requesting site: the other site keeps single sign-on', async () => {
    const { browser, tokens } = await logInThroughBff(platform.issuer, 'zhangsan', receiver.base);
    const spa = await oidc.discovery(new URL(platform.issuer), DEPT_APP_CLIENT_ID, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    assert.ok(tokens.id_token);

    const page = await openLogoutPage(tokens.id_token, browser);
    const done = await browser.submit(formAction(page.body, '/session/end/confirm'), {
      xsrf: hiddenValue(page.body, 'xsrf'),
    });
    assert.equal(done.next?.origin, new URL(receiver.base).origin);
    assert.equal(receiver.tokens.length, 1);

    const silent = await authorizationRequest(spa, `${DEPT_APP}/callback`, { prompt: 'none' });
    const result = await browser.navigate(silent.url);
    assert.ok(result.next?.searchParams.get('code'), 'the platform session survives a single-site logout');
  });
});
