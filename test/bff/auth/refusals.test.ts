import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FLOW_COOKIE_PREFIX, SESSION_COOKIE } from '../../../bff/auth/cookies.js';
import { getSession, isCallback, loginUrl, loginUntilCallback } from './support/flows.js';
import { HOME, HOST_PAGE, startAuthStack, type AuthStack } from './support/stack.js';

describe('login refusals', () => {
  let stack: AuthStack;
  before(async () => {
    stack = await startAuthStack();
  });
  after(() => stack.close());

  async function expectRefused(browser: ReturnType<AuthStack['newBrowser']>, url: URL): Promise<void> {
    const page = await browser.navigate(url);
    assert.equal(page.response.status, 400, url.href);
    assert.match(page.body, /登录/);
    assert.equal(browser.cookie(stack.bff.url, SESSION_COOKIE), undefined, 'no session');
  }

  it('refuses a callback without state', async () => {
    const browser = stack.newBrowser();
    const callback = await loginUntilCallback(stack, browser, 'zhangsan', HOST_PAGE);
    callback.searchParams.delete('state');
    await expectRefused(browser, callback);
  });

  it('refuses a forged state', async () => {
    const browser = stack.newBrowser();
    const callback = await loginUntilCallback(stack, browser, 'zhangsan', HOST_PAGE);
    callback.searchParams.set('state', 'AAAAAAAAAAAAAAAAAAAAAA');
    await expectRefused(browser, callback);
  });

  it('refuses a state whose flow cookie is missing (login CSRF: the flow was started elsewhere)', async () => {
    const browser = stack.newBrowser();
    const callback = await loginUntilCallback(stack, browser, 'zhangsan', HOST_PAGE);
    const victim = stack.newBrowser();
    await expectRefused(victim, callback);
  });

  it('refuses a reused state and a replayed code', async () => {
    const browser = stack.newBrowser();
    const callback = await loginUntilCallback(stack, browser, 'zhangsan', HOST_PAGE);
    const cookieName = FLOW_COOKIE_PREFIX + callback.searchParams.get('state');
    const flowCookie = browser.cookie(stack.bff.url, cookieName)!;
    assert.ok(flowCookie);
    assert.equal((await browser.navigate(callback)).next?.href, HOST_PAGE, 'the first use succeeds');
    // The attacker (or a double-submit) replays it with the flow cookie put back.
    const replay = stack.newBrowser();
    replay.setCookie(stack.bff.url, cookieName, flowCookie);
    await expectRefused(replay, callback);
  });

  it('refuses a replayed code under a fresh, valid state', async () => {
    const browser = stack.newBrowser();
    const used = await loginUntilCallback(stack, browser, 'zhangsan', HOST_PAGE);
    assert.equal((await browser.navigate(used)).next?.href, HOST_PAGE);
    const fresh = await loginUntilCallback(stack, browser, 'zhangsan', HOST_PAGE);
    fresh.searchParams.set('code', used.searchParams.get('code')!);
    const before = browser.cookie(stack.bff.url, SESSION_COOKIE);
    const page = await browser.navigate(fresh);
    assert.equal(page.response.status, 400);
    assert.equal(browser.cookie(stack.bff.url, SESSION_COOKIE), before, 'no new session from a used code');
  });

  it('refuses a code belonging to a different flow (state of flow A, code of flow B)', async () => {
    const browser = stack.newBrowser();
    const a = await loginUntilCallback(stack, browser, 'zhangsan', HOST_PAGE);
    const b = await loginUntilCallback(stack, browser, 'zhangsan', HOST_PAGE);
    a.searchParams.set('code', b.searchParams.get('code')!);
    await expectRefused(browser, a);
  });

  for (const bad of [
    'https://evil.example',
    'https://evil.example/zwfw/',
    '//evil.example',
    '/\\evil.example',
    'javascript:alert(1)',
    'https://harbin.gov.cn.evil.example/zwfw/',
    'https://harbin.gov.cn@evil.example/zwfw/',
    'https://harbin.gov.cn/admin/',
    'https://harbin.gov.cn/zwfw/../admin/',
    'https://www.unlisted.gov.cn/',
  ]) {
    it(`sends return_to=${bad} to the home page instead`, async () => {
      const browser = stack.newBrowser();
      const callback = await loginUntilCallback(stack, browser, 'zhangsan', bad);
      const page = await browser.navigate(callback);
      assert.equal(page.next?.href, HOME);
    });
  }

  it('keeps return_to server-side: it never travels to the platform', async () => {
    const browser = stack.newBrowser();
    const page = await browser.navigate(loginUrl(stack, HOST_PAGE), {}, () => true);
    assert.ok(page.next);
    assert.ok(!page.next.href.includes(encodeURIComponent('harbin.gov.cn')));
    assert.ok(!page.next.href.includes('harbin.gov.cn'));
    assert.equal(page.next.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(page.next.searchParams.get('nonce'));
    assert.ok(page.next.searchParams.get('state'));
    assert.equal(page.next.searchParams.get('redirect_uri'), `${stack.bff.url}/auth/callback`);
  });

  it('builds redirect_uri from configuration, not from Host / X-Forwarded-Host', async () => {
    const browser = stack.newBrowser();
    const response = await browser.fetch(loginUrl(stack, HOST_PAGE), {
      headers: { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' },
    });
    const location = new URL(response.headers.get('location')!);
    assert.equal(location.searchParams.get('redirect_uri'), `${stack.bff.url}/auth/callback`);
  });

  it('rotates the session id at login (a cookie planted before login is not the session after)', async () => {
    const browser = stack.newBrowser();
    const planted = 'p'.repeat(43);
    browser.setCookie(stack.bff.url, SESSION_COOKIE, planted);
    const callback = await loginUntilCallback(stack, browser, 'zhangsan', HOST_PAGE);
    await browser.navigate(callback);
    const after = browser.cookie(stack.bff.url, SESSION_COOKIE);
    assert.ok(after);
    assert.notEqual(after, planted);
    assert.equal((await getSession(stack, browser)).json.authenticated, true);
    // And the attacker holding the planted id has nothing.
    const attacker = stack.newBrowser();
    attacker.setCookie(stack.bff.url, SESSION_COOKIE, planted);
    assert.equal((await getSession(stack, attacker)).json.authenticated, false);
  });

  it('replaces a previous real session at re-login, and the old id stops working', async () => {
    const browser = stack.newBrowser();
    await browser.navigate(await loginUntilCallback(stack, browser, 'zhangsan', HOST_PAGE));
    const first = browser.cookie(stack.bff.url, SESSION_COOKIE)!;
    await browser.navigate(await loginUntilCallback(stack, browser, 'zhangsan', HOST_PAGE));
    const second = browser.cookie(stack.bff.url, SESSION_COOKIE)!;
    assert.notEqual(second, first);
    assert.equal(await stack.sessions.get(first), undefined);
  });

  it('goes back to the page without a session when the user cancels at the platform (access_denied)', async () => {
    const browser = stack.newBrowser();
    const page = await browser.navigate(loginUrl(stack, HOST_PAGE), {}, isCallback(stack));
    const abort = /action="([^"]+\/abort)"/.exec(page.body)?.[1];
    assert.ok(abort, 'the platform offers 取消登录');
    const done = await browser.submit(new URL(abort, page.url), {}, isCallback(stack));
    assert.ok(done.next);
    assert.equal(done.next.searchParams.get('error'), 'access_denied');
    const back = await browser.navigate(done.next);
    assert.equal(back.next?.href, HOST_PAGE);
    assert.equal(browser.cookie(stack.bff.url, SESSION_COOKIE), undefined);
  });
});
