import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SESSION_COOKIE } from '../../../bff/auth/cookies.js';
import { userKeyOf } from '../../../bff/auth/user-key.js';
import { BFF_CLIENT_ID, DEMO_ACCOUNTS } from '../../../bff/dev/auth-platform/index.js';
import type { HubEvent } from '../../../bff/events/hub.js';
import { CSRF, getSession, logIn } from './support/flows.js';
import { HOST_PAGE, PII_HASH_KEY, startAuthStack, type AuthStack } from './support/stack.js';

describe('POST /auth/logout', () => {
  let stack: AuthStack;
  before(async () => {
    stack = await startAuthStack();
  });
  after(() => stack.close());

  async function loggedIn(username = 'zhangsan') {
    const browser = stack.newBrowser();
    await logIn(stack, browser, username, HOST_PAGE);
    const session = await getSession(stack, browser);
    const id = browser.cookie(stack.bff.url, SESSION_COOKIE)!;
    return { browser, logoutUrl: new URL(String(session.json.logoutUrl)), id };
  }

  it('is refused without X-CSRF (403) and the session stays', async () => {
    const { browser, logoutUrl, id } = await loggedIn();
    const response = await browser.fetch(logoutUrl, { method: 'POST' });
    assert.equal(response.status, 403);
    assert.ok(await stack.sessions.get(id));
    assert.equal((await getSession(stack, browser)).json.authenticated, true);
  });

  it('ends the session and sends the browser to the platform with id_token_hint', async () => {
    const { browser, logoutUrl, id } = await loggedIn();
    const idToken = (await stack.sessions.get(id))!.tokens.idToken!;
    const response = await browser.fetch(logoutUrl, { method: 'POST', headers: CSRF });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const { redirect } = (await response.json()) as { redirect: string };
    const url = new URL(redirect);
    assert.equal(url.origin, stack.platform.issuer);
    assert.equal(url.searchParams.get('id_token_hint'), idToken);
    assert.equal(url.searchParams.get('post_logout_redirect_uri'), `${stack.bff.url}/`);
    assert.equal(url.searchParams.get('client_id'), BFF_CLIENT_ID);
    assert.ok(url.searchParams.get('state'));
    assert.equal(await stack.sessions.get(id), undefined, 'server session deleted');
    assert.equal(browser.cookie(stack.bff.url, SESSION_COOKIE), undefined, 'cookie cleared');
    assert.equal((await getSession(stack, browser)).json.authenticated, false);
    // The platform accepts the request (its confirmation page, not an error page).
    const page = await browser.navigate(url);
    assert.equal(page.response.status, 200);
    assert.match(page.body, /session\/end\/confirm/);
  });

  it('refuses a logout URL of another session', async () => {
    const a = await loggedIn();
    const b = await loggedIn();
    const response = await a.browser.fetch(b.logoutUrl, { method: 'POST', headers: CSRF });
    assert.equal(response.status, 400);
    assert.ok(await stack.sessions.get(a.id));
    assert.ok(await stack.sessions.get(b.id));
  });

  it('publishes logout to that user only', async () => {
    const { browser, logoutUrl } = await loggedIn('lisi');
    const seen: HubEvent[] = [];
    const unsubscribe = stack.hub.subscribe((event) => seen.push(event));
    try {
      await browser.fetch(logoutUrl, { method: 'POST', headers: CSRF });
    } finally {
      unsubscribe();
    }
    const lisi = DEMO_ACCOUNTS.find((account) => account.username === 'lisi')!;
    const logout = seen.find((event) => event.type === 'logout');
    assert.ok(logout);
    assert.equal(logout.userKey, userKeyOf(stack.platform.issuer, lisi.accountId, PII_HASH_KEY));
    assert.deepEqual(logout.data, { reason: 'logout' });
  });

  it('delivers the logout event on that user’s SSE stream', async () => {
    const { browser, logoutUrl } = await loggedIn('weishiming');
    const stream = await browser.fetch(new URL('/events', stack.bff.url));
    assert.equal(stream.status, 200);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    // Another user's stream must not see it.
    const other = await loggedIn('zhangsan');
    const otherStream = await other.browser.fetch(new URL('/events', stack.bff.url));
    const otherReader = otherStream.body!.pipeThrough(new TextDecoderStream()).getReader();
    await reader.read(); // retry: line — the stream is subscribed now
    await otherReader.read();
    await browser.fetch(logoutUrl, { method: 'POST', headers: CSRF });
    let text = '';
    const deadline = Date.now() + 2000;
    while (!text.includes('"logout"') && Date.now() < deadline) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += chunk.value;
    }
    assert.match(text, /"type":"logout"/);
    const otherChunk = await Promise.race([
      otherReader.read().then((chunk) => chunk.value ?? ''),
      new Promise<string>((resolve) => setTimeout(() => resolve(''), 300)),
    ]);
    assert.doesNotMatch(otherChunk, /logout/);
    await reader.cancel();
    await otherReader.cancel();
  });

  it('answers with a platform logout URL even without a session (ends the platform session)', async () => {
    const browser = stack.newBrowser();
    const response = await browser.fetch(new URL('/auth/logout', stack.bff.url), { method: 'POST', headers: CSRF });
    assert.equal(response.status, 200);
    const { redirect } = (await response.json()) as { redirect: string };
    assert.equal(new URL(redirect).origin, stack.platform.issuer);
  });
});
