/**
 * Several sites on one BFF (same-origin mode, config `sites`), through the real protocol: the
 * development platform, one BFF, and two gateways on different hosts mounting `/govdock`. Each
 * site gets its own redirect URI, cookies, return_to policy, logout URL and post-logout address;
 * the site is chosen by Host among the configured ones and an unknown Host is refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SESSION_COOKIE } from '../../../bff/auth/cookies.js';
import { DEMO_PASSWORD } from '../../../bff/dev/auth-platform/index.js';
import type { HubEvent } from '../../../bff/events/hub.js';
import { loginFormAction, type AuthTestBrowser, type Page } from './support/browser.js';
import { startSitesStack, type SitesStack } from './support/sites-stack.js';

const CSRF = { 'X-CSRF': '1' } as const;

describe('one BFF, two sites (same-origin mounts chosen by Host)', () => {
  let stack: SitesStack;
  let pageA: string;
  let pageB: string;
  before(async () => {
    stack = await startSitesStack();
    pageA = `${stack.siteA.origin}/zwfw/banshi.html?item=230100-0001#top`;
    pageB = `${stack.siteB.origin}/news/index.html?id=7`;
  });
  after(() => stack?.close());

  /** Stops where a browser would leave the BFF and the platform for a site's own page. */
  const sitePage = (url: URL): boolean => url.origin !== stack.platform.issuer && !url.pathname.startsWith('/govdock/');

  const loginUrl = (baseUrl: string, returnTo?: string, extra: Record<string, string> = {}): URL => {
    const url = new URL(`${baseUrl}/auth/login`);
    if (returnTo !== undefined) url.searchParams.set('return_to', returnTo);
    for (const [key, value] of Object.entries(extra)) url.searchParams.set(key, value);
    return url;
  };

  /** /auth/login on a site up to the platform's redirect back (password typed when asked). */
  async function untilCallback(
    browser: AuthTestBrowser,
    baseUrl: string,
    returnTo?: string,
    username = 'zhangsan',
  ): Promise<URL> {
    const isCallback = (url: URL) => url.pathname.endsWith('/govdock/auth/callback');
    const page = await browser.navigate(loginUrl(baseUrl, returnTo), {}, (url) => isCallback(url) || sitePage(url));
    if (page.next && isCallback(page.next)) return page.next;
    const done = await browser.submit(
      loginFormAction(page),
      { username, password: DEMO_PASSWORD },
      (url) => isCallback(url) || sitePage(url),
    );
    assert.ok(done.next && isCallback(done.next), `no callback after the login form: ${done.response.status}`);
    return done.next;
  }

  /** A user per test where events are counted: `logout` is only sent when the user has no session left. */
  async function logIn(browser: AuthTestBrowser, baseUrl: string, returnTo?: string, username?: string): Promise<Page> {
    return browser.navigate(await untilCallback(browser, baseUrl, returnTo, username), {}, sitePage);
  }

  async function session(browser: AuthTestBrowser, baseUrl: string) {
    const response = await browser.fetch(`${baseUrl}/auth/session`, { headers: CSRF });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  it('logs in on site A with its own redirect URI and returns to the A page; B is not logged in', async () => {
    const browser = stack.newBrowser();
    const first = await browser.navigate(loginUrl(stack.siteA.baseUrl, pageA), {}, sitePage);
    const authorize = new URL(first.url);
    assert.equal(authorize.origin, stack.platform.issuer, 'went to the platform');
    const callback = await untilCallback(browser, stack.siteA.baseUrl, pageA);
    assert.equal(`${callback.origin}${callback.pathname}`, `${stack.siteA.baseUrl}/auth/callback`);
    const landed = await browser.navigate(callback, {}, sitePage);
    assert.equal(landed.next?.href, pageA);
    assert.ok(browser.cookie(stack.siteA.origin, SESSION_COOKIE), 'session cookie on site A');
    assert.equal(browser.cookie(stack.siteB.origin, SESSION_COOKIE), undefined, 'none on site B');

    const a = await session(browser, stack.siteA.baseUrl);
    assert.equal(a.json.authenticated, true);
    assert.match(String(a.json.logoutUrl), new RegExp(`^${stack.siteA.baseUrl}/auth/logout\\?sid=[\\w-]{32}$`));
    assert.equal((await session(browser, stack.siteB.baseUrl)).json.authenticated, false);
    // The gateway kept the Host; site A keeps the prefix, site B strips it.
    assert.ok(stack.siteA.forwarded.some((request) => request.path.startsWith('/govdock/auth/callback')));
    assert.ok(stack.siteA.forwarded.every((request) => request.host === new URL(stack.siteA.origin).host));
  });

  it('sends each site its own redirect_uri, and logs B in through SSO without a password', async () => {
    const browser = stack.newBrowser();
    await logIn(browser, stack.siteA.baseUrl, pageA);
    const toPlatform = await browser.navigate(loginUrl(stack.siteB.baseUrl, pageB), {}, () => true);
    const authorize = toPlatform.next;
    assert.ok(authorize && authorize.origin === stack.platform.issuer);
    assert.equal(authorize.searchParams.get('redirect_uri'), `${stack.siteB.baseUrl}/auth/callback`);
    // The platform session from site A answers at once: code straight back to B's callback.
    const back = await browser.navigate(authorize, {}, sitePage);
    assert.equal(back.next?.href, pageB, 'no login form on the way');
    const b = await session(browser, stack.siteB.baseUrl);
    assert.equal(b.json.authenticated, true);
    assert.match(String(b.json.logoutUrl), new RegExp(`^${stack.siteB.baseUrl}/auth/logout\\?sid=`));
    assert.notEqual(
      browser.cookie(stack.siteA.origin, SESSION_COOKIE),
      browser.cookie(stack.siteB.origin, SESSION_COOKIE),
      'one session per site',
    );
    const prefixStripped = stack.siteB.forwarded.find((request) => request.path.startsWith('/govdock/auth/callback'));
    assert.ok(prefixStripped, 'B forwarded its callback');
  });

  it('silent check (prompt=none) on B: back anonymous without a platform session, signed in with one', async () => {
    const anonymous = stack.newBrowser();
    const page = await anonymous.navigate(loginUrl(stack.siteB.baseUrl, pageB, { prompt: 'none' }), {}, sitePage);
    assert.equal(page.next?.href, pageB);
    assert.equal((await session(anonymous, stack.siteB.baseUrl)).json.authenticated, false);

    const known = stack.newBrowser();
    await logIn(known, stack.siteA.baseUrl, pageA);
    const silent = await known.navigate(loginUrl(stack.siteB.baseUrl, pageB, { prompt: 'none' }), {}, sitePage);
    assert.equal(silent.next?.href, pageB);
    assert.equal((await session(known, stack.siteB.baseUrl)).json.authenticated, true);
  });

  it('checks return_to per site: the other site, an unlisted prefix and evil.example go to the home page', async () => {
    const browser = stack.newBrowser();
    await logIn(browser, stack.siteA.baseUrl, pageA);
    const cases: [string, string, string][] = [
      [stack.siteA.baseUrl, pageB, `${stack.siteA.origin}/`],
      [stack.siteA.baseUrl, `${stack.siteA.origin}/other/page.html`, `${stack.siteA.origin}/`],
      [stack.siteA.baseUrl, 'https://evil.example/', `${stack.siteA.origin}/`],
      [stack.siteB.baseUrl, pageA, `${stack.siteB.baseUrl}/`],
      [stack.siteB.baseUrl, '//evil.example', `${stack.siteB.baseUrl}/`],
      [stack.siteB.baseUrl, pageB, pageB],
    ];
    for (const [baseUrl, returnTo, expected] of cases) {
      const landed = await browser.navigate(loginUrl(baseUrl, returnTo), {}, (url) => url.href === expected);
      assert.equal(landed.next?.href, expected, `${baseUrl} return_to=${returnTo}`);
    }
  });

  it('refuses a Host that selects no configured site: no redirect, no URL made from it', async () => {
    const direct = stack.bff.url; // reachable, but its Host is not a site
    for (const path of ['/auth/login?return_to=%2F', '/govdock/auth/login', '/auth/register', '/auth/callback']) {
      const response = await fetch(`${direct}${path}`, { redirect: 'manual' });
      assert.equal(response.status, 421, path);
      assert.equal(response.headers.get('location'), null, path);
      const body = await response.text();
      assert.match(body, /尚未接入统一身份认证服务/, path);
      assert.ok(!body.includes(new URL(direct).host), `${path} echoes the Host`);
    }
    const forged = await stack.app.request('/govdock/auth/session', { headers: { ...CSRF, host: 'evil.example' } });
    assert.equal(forged.status, 421);
    assert.equal(((await forged.json()) as { error: { code: string } }).error.code, 'unknown_site');
    const logout = await stack.app.request('/auth/logout', {
      method: 'POST',
      headers: { ...CSRF, host: 'evil.example' },
    });
    assert.equal(logout.status, 421);
  });

  it('finishes a login only on the site that started it', async () => {
    const browser = stack.newBrowser();
    const callback = await untilCallback(browser, stack.siteA.baseUrl, pageA);
    // A browser that shares cookies between the two (sites on one host, other ports): the flow
    // cookie and the code arrive at site B's callback.
    const state = callback.searchParams.get('state') ?? '';
    const flowCookie = `__Host-govdock_login_${state}`;
    const value = browser.cookie(stack.siteA.origin, flowCookie);
    assert.ok(value);
    browser.setCookie(stack.siteB.origin, flowCookie, value);
    const moved = new URL(`${stack.siteB.baseUrl}/auth/callback${callback.search}`);
    const page = await browser.navigate(moved, {}, sitePage);
    assert.equal(page.response.status, 400);
    assert.match(page.body, /登录请求无效/);
    assert.equal(browser.cookie(stack.siteB.origin, SESSION_COOKIE), undefined);
    // Taken: the same code at A's callback finds no flow either.
    const replay = await browser.navigate(callback, {}, sitePage);
    assert.equal(replay.response.status, 400);
  });

  it("logout on site A ends this browser's session on B too; the user's widgets get `logout`", async () => {
    const browser = stack.newBrowser();
    await logIn(browser, stack.siteA.baseUrl, pageA, 'lisi');
    await logIn(browser, stack.siteB.baseUrl, pageB);
    const idB = browser.cookie(stack.siteB.origin, SESSION_COOKIE) ?? '';
    assert.ok(await stack.sessions.get(idB));
    const { json } = await session(browser, stack.siteA.baseUrl);
    const seen: HubEvent[] = [];
    const unsubscribe = stack.hub.subscribe((event) => seen.push(event));
    let redirect: string;
    try {
      const response = await browser.fetch(String(json.logoutUrl), { method: 'POST', headers: CSRF });
      assert.equal(response.status, 200);
      redirect = ((await response.json()) as { redirect: string }).redirect;
    } finally {
      unsubscribe();
    }
    assert.equal(await stack.sessions.get(idB), undefined, "B's session ended with A's");
    assert.equal((await session(browser, stack.siteB.baseUrl)).json.authenticated, false);
    assert.deepEqual(
      seen.map((event) => event.type),
      ['logout'],
    );
    // The platform's logout returns to the site the user logged out on.
    assert.equal(new URL(redirect).searchParams.get('post_logout_redirect_uri'), `${stack.siteA.baseUrl}/`);
  });

  it("another browser of the same user keeps its session; that user's widgets are asked to re-check", async () => {
    const desktop = stack.newBrowser();
    const phone = stack.newBrowser();
    await logIn(desktop, stack.siteA.baseUrl, pageA, 'bingcheng');
    await logIn(desktop, stack.siteB.baseUrl, pageB);
    await logIn(phone, stack.siteB.baseUrl, pageB, 'bingcheng');
    const { json } = await session(desktop, stack.siteB.baseUrl);
    const seen: HubEvent[] = [];
    const unsubscribe = stack.hub.subscribe((event) => seen.push(event));
    let redirect: string;
    try {
      const response = await desktop.fetch(String(json.logoutUrl), { method: 'POST', headers: CSRF });
      redirect = ((await response.json()) as { redirect: string }).redirect;
    } finally {
      unsubscribe();
    }
    assert.equal((await session(desktop, stack.siteA.baseUrl)).json.authenticated, false);
    assert.equal((await session(phone, stack.siteB.baseUrl)).json.authenticated, true, 'the phone stays signed in');
    assert.deepEqual(
      seen.map((event) => event.type),
      ['resync'],
    );
    assert.equal(new URL(redirect).searchParams.get('post_logout_redirect_uri'), `${stack.siteB.origin}/bye.html`);
  });

  it('sends register with the site’s own return_to policy', async () => {
    const browser = stack.newBrowser();
    const response = await browser.fetch(`${stack.siteB.baseUrl}/auth/register?return_to=${encodeURIComponent(pageA)}`);
    assert.equal(response.status, 302);
    const location = new URL(response.headers.get('location') ?? '');
    assert.equal(location.searchParams.get('return_to'), `${stack.siteB.baseUrl}/`);
  });
});
