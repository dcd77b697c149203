import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as oidc from 'openid-client';
import { SESSION_COOKIE } from '../../../bff/auth/cookies.js';
import { BFF_CLIENT_ID, DEFAULT_BFF_CLIENT_SECRET } from '../../../bff/dev/auth-platform/index.js';
import { CSRF, getSession, logIn } from './support/flows.js';
import { HOST_PAGE, startAuthStack, type AuthStack } from './support/stack.js';

describe('tokens against the platform: refresh and revocation', () => {
  let stack: AuthStack;
  before(async () => {
    // Access tokens live 30 s and the BFF refreshes 60 s ahead: every use refreshes.
    stack = await startAuthStack({}, { platformTtl: { accessToken: 30 } });
  });
  after(() => stack.close());

  it('refreshes a near-expiry access token and keeps the session (and the ID token for logout)', async () => {
    const browser = stack.newBrowser();
    await logIn(stack, browser, 'zhangsan', HOST_PAGE);
    const id = browser.cookie(stack.bff.url, SESSION_COOKIE)!;
    const before = (await stack.sessions.get(id))!.tokens;
    const sessions = await Promise.all(Array.from({ length: 5 }, () => getSession(stack, browser)));
    for (const session of sessions) assert.equal(session.json.authenticated, true);
    const after = (await stack.sessions.get(id))!.tokens;
    assert.notEqual(after.accessToken, before.accessToken);
    assert.ok(after.idToken);
    assert.ok(after.expiresAt! > Date.now());
  });

  it('revokes the refresh token at logout', async () => {
    const browser = stack.newBrowser();
    await logIn(stack, browser, 'lisi', HOST_PAGE);
    const id = browser.cookie(stack.bff.url, SESSION_COOKIE)!;
    const { refreshToken } = (await stack.sessions.get(id))!.tokens;
    assert.ok(refreshToken);
    const logoutUrl = String((await getSession(stack, browser)).json.logoutUrl);
    // getSession refreshed (and maybe rotated) the token: read the current one.
    const current = (await stack.sessions.get(id))!.tokens.refreshToken!;
    await browser.fetch(logoutUrl, { method: 'POST', headers: CSRF });
    const client = await oidc.discovery(
      new URL(stack.platform.issuer),
      BFF_CLIENT_ID,
      DEFAULT_BFF_CLIENT_SECRET,
      undefined,
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
    let refused = false;
    for (let attempt = 0; attempt < 20 && !refused; attempt += 1) {
      // Revocation is best effort and not awaited by the logout answer.
      await new Promise((resolve) => setTimeout(resolve, 100));
      refused = await oidc.refreshTokenGrant(client, current).then(
        () => false,
        (error: unknown) => error instanceof oidc.ResponseBodyError && error.error === 'invalid_grant',
      );
    }
    assert.ok(refused, 'the platform no longer accepts the refresh token');
  });
});

describe('cross-site mode', () => {
  let stack: AuthStack;
  before(async () => {
    stack = await startAuthStack({ deploymentMode: 'cross-site' });
  });
  after(() => stack.close());

  it('sets the session cookie SameSite=None; Partitioned; Secure; HttpOnly', async () => {
    const browser = stack.newBrowser();
    await logIn(stack, browser, 'zhangsan', HOST_PAGE);
    const line = browser.setCookieLines.find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`))!;
    assert.match(line, /; SameSite=None/);
    assert.match(line, /; Partitioned/);
    assert.match(line, /; Secure/);
    assert.match(line, /; HttpOnly/);
  });
});
