/**
 * Roaming SSO and single logout across two sites on different origins, in Chromium, through the
 * real protocol (the development platform):
 *
 * 1. ONE BFF serving two sites (same-origin mode, config GOVDOCK_SITES): site A on 127.0.0.1 and
 *    site B on 127.0.0.2, each behind its own gateway mounting `/govdock` (B's strips the prefix,
 *    A's keeps it). Silent check without a platform session: anonymous, once, no loop. Login on A
 *    with the password; B in a new tab is signed in by `<gov-login silent-check>` (prompt=none)
 *    without one, and so is the department app. Logout on A: both B tabs and a second A tab switch
 *    to anonymous within 1 s, without a reload; after the platform logout the department app is
 *    signed out too.
 * 2. TWO BFF instances, one per site (each configured by publicBaseUrl alone, its own client at the
 *    platform): login on A, B signed in silently; logout on A ends the platform session, whose
 *    back-channel logout reaches B's BFF and B's tab switches within 1 s.
 *
 * Different hosts, not only ports: cookies are scoped by host, so 127.0.0.1:x and 127.0.0.1:y would
 * share them. Chromium treats all of 127/8 as potentially trustworthy, so `__Host-` Secure cookies work
 * over http there. Needs `npm run build` (the widgets and the department app come from dist/).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PRODUCT_VERSION } from '../../bff/api/meta/version.js';
import { buildSiteTable } from '../../bff/auth/sites.js';
import { loadConfig } from '../../bff/config.js';
import {
  BFF_CLIENT_ID,
  DEFAULT_BFF_CLIENT_SECRET,
  DEMO_PASSWORD,
  defaultDevClients,
  startDevAuthPlatform,
  type DevAuthPlatform,
} from '../../bff/dev/auth-platform/index.js';
import type { RunningServer } from '../../bff/server.js';
import { migrate } from '../../bff/store/migrate.js';
import { openStore, type Store } from '../../bff/store/store.js';
import { startGateway, type Gateway } from '../bff/auth/support/gateway.js';
import { launchChromium, newWatchedContext, watchPage, type WatchedPage } from './browser.js';
import {
  loginView,
  navigationsTo,
  sessionFromPage,
  submitPlatformLogin,
  waitForDept,
  waitForLoginView,
  type LoginView,
} from './login-helpers.js';
import { composeSiteBff, sitePages, startLateServer } from './login-sites.js';

const SECOND_BFF_CLIENT_ID = 'govdock-bff-b';
/** Issue 3, point 5: every open widget in every tab on every site within 1 s. */
const BROADCAST_BUDGET_MS = 1_000;

let browser: Browser | undefined;
let store: Store | undefined;

before(async () => {
  assert.ok(
    existsSync(new URL(`../../dist/widgets/${PRODUCT_VERSION}/loader.js`, import.meta.url)) &&
      existsSync(new URL('../../dist/demo/dept-app/index.html', import.meta.url)),
    'dist/ is missing: run `npm run build` first',
  );
  store = await openStore({ dataDir: 'memory://' });
  await migrate(store);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await store?.close();
});

/**
 * Waits until the silent check of a freshly opened page has been to the platform (`navigations`,
 * from navigationsTo) and back on `url`, where `<gov-login>` shows `shown`.
 */
async function waitForSilentCheck(
  page: Page,
  navigations: string[],
  url: string,
  shown: LoginView['shown'],
  where: string,
): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(navigations.some((seen) => seen.includes('prompt=none')) && page.url() === url)) {
    if (Date.now() > deadline) {
      throw new Error(`${where}: no silent check round trip; on ${page.url()} after ${navigations.join(' ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await waitForLoginView(page, shown, where);
}

/** Clicks 登录 in `<gov-login>`, types the password at the platform, and waits to be back on `page`'s URL. */
async function logInWithPassword(page: Page, platform: string, where: string): Promise<void> {
  const origin = new URL(page.url()).origin;
  const path = new URL(page.url()).pathname;
  await waitForLoginView(page, 'anonymous', where);
  await page.locator('gov-login').locator('a[part="button"][href*="/auth/login"]').click();
  await page.waitForURL((url) => url.href.startsWith(`${platform}/interaction/`), { timeout: 15_000 });
  await submitPlatformLogin(page, 'zhangsan', DEMO_PASSWORD);
  await page.waitForURL((url) => url.origin === origin && url.pathname === path, { timeout: 20_000 });
  assert.equal((await waitForLoginView(page, 'authenticated', `${where} after login`)).name, '张三');
}

/** Opens `url` in a new tab of `context`; it must come back signed in by the silent check alone. */
async function openSignedInSilently(
  context: BrowserContext,
  url: string,
  platform: string,
  where: string,
): Promise<WatchedPage> {
  const tab = await watchPage(context);
  const navigations = navigationsTo(tab.page, platform);
  await tab.page.goto(url);
  const view = await waitForLoginView(tab.page, 'authenticated', where);
  assert.equal(view.name, '张三', where);
  const silent = navigations.find((seen) => seen.includes('prompt=none'));
  assert.ok(silent, `${where}: a prompt=none round trip (${navigations.join(' ')})`);
  assert.ok(!navigations.some((seen) => seen.includes('/interaction/')), `${where}: asked for a password`);
  assert.equal(tab.page.url(), url, `${where}: back on the page`);
  return tab;
}

/** Opens the account menu of `<gov-login>` on `page`; returns the click on 退出登录, not yet done. */
async function logoutButton(page: Page): Promise<() => Promise<void>> {
  await page.locator('gov-login').locator('button.toggle').click();
  const button = page.locator('gov-login').getByRole('button', { name: '退出登录' });
  await button.waitFor();
  return () => button.click();
}

/**
 * Runs `action` (a click on `acting`) and asserts that every tab then shows anonymous within the
 * budget, in the same document (no reload), saying why. Timed by the browser's own clock, from the
 * start of the request the click sends (`sends`) to each page's `gov-login-changed` to anonymous,
 * so what is measured is the product's path, not the test driver's latency. Returns ms per tab.
 */
async function expectSignedOutWithin(
  tabs: { name: string; page: Page; elsewhere: boolean }[],
  acting: { page: Page; sends: (url: URL) => boolean },
  action: () => Promise<void>,
): Promise<Record<string, number>> {
  for (const { page } of tabs) {
    await page.evaluate(() => {
      const win = window as unknown as { __sameDocument: boolean; __signedOutAt?: number };
      win.__sameDocument = true;
      document.addEventListener('gov-login-changed', (event) => {
        if ((event as CustomEvent<{ status: string }>).detail.status === 'anonymous') win.__signedOutAt ??= Date.now();
      });
    });
  }
  const request = acting.page.waitForRequest((sent) => acting.sends(new URL(sent.url())), { timeout: 15_000 });
  await action();
  const sent = await request;
  // Playwright fills in the timing once the response has come.
  await sent.response();
  const sentAt = sent.timing().startTime;
  assert.ok(sentAt > 0, 'the request start time is known');
  const took: Record<string, number> = {};
  for (const { name, page, elsewhere } of tabs) {
    await waitForLoginView(page, 'anonymous', name, 10_000);
    const signedOutAt = await page
      .waitForFunction(() => (window as unknown as { __signedOutAt?: number }).__signedOutAt, undefined, {
        timeout: 5_000,
      })
      .then((handle) => handle.jsonValue());
    took[name] = Math.round(Number(signedOutAt) - sentAt);
    assert.ok(took[name] <= BROADCAST_BUDGET_MS, `${name} switched ${took[name]} ms after the request`);
    assert.equal(
      await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true),
      true,
      `${name} switched without a reload`,
    );
    // Tabs of the site that logged out know it was their own logout; the others say where it happened.
    if (elsewhere) assert.equal((await loginView(page)).notice, '您已在其他页面退出登录', `${name} says why`);
  }
  return took;
}

describe('one BFF serving two sites on different origins (GOVDOCK_SITES), Chromium', () => {
  let bff: RunningServer;
  let siteA: Gateway;
  let siteB: Gateway;
  let platform: DevAuthPlatform;
  let context: BrowserContext;
  let tabA: WatchedPage;
  let tabB: WatchedPage;
  const pageA = (): string => `${siteA.origin}/zwfw/index.html?from=e2e`;
  const pageB = (): string => `${siteB.origin}/news.html`;

  before(async () => {
    assert.ok(store);
    const late = await startLateServer();
    bff = late.server;
    siteA = await startGateway({ host: '127.0.0.1', page: sitePages('哈尔滨市人民政府') });
    siteB = await startGateway({ host: '127.0.0.2', stripPrefix: true, page: sitePages('黑龙江省人民政府') });
    siteA.upstream = bff.url;
    siteB.upstream = bff.url;
    // As an operator writes it: the BFF's own address (gallery, department app) plus the two sites.
    const environment = {
      PUBLIC_BASE_URL: bff.url,
      GOVDOCK_SITES: JSON.stringify([
        { id: 'harbin', publicBaseUrl: siteA.baseUrl, home: `${siteA.origin}/index.html` },
        {
          id: 'hlj',
          publicBaseUrl: siteB.baseUrl,
          home: `${siteB.origin}/index.html`,
          postLogoutRedirectUri: `${siteB.origin}/index.html`,
        },
      ]),
    };
    // The platform registers every site of the table, as bff/start.ts does for `npm start`.
    platform = await startDevAuthPlatform({
      port: 0,
      clients: defaultDevClients({
        bffBaseUrl: bff.url,
        deptAppUrl: `${bff.url}/dept-app`,
        bffSites: buildSiteTable(loadConfig(environment)).sites,
      }),
    });
    const config = loadConfig({
      ...environment,
      AUTH_ISSUER: platform.issuer,
      AUTH_CLIENT_ID: BFF_CLIENT_ID,
      AUTH_CLIENT_SECRET: DEFAULT_BFF_CLIENT_SECRET,
      // The department app (served by the BFF) may call the platform: connect-src as in `npm start`.
      DEV_AUTH_PORT: new URL(platform.issuer).port,
    });
    late.plug(composeSiteBff(config, store).app);
    assert.ok(browser);
    context = await newWatchedContext(browser);
  });

  after(async () => {
    await context?.close();
    await siteA?.close();
    await siteB?.close();
    await bff?.close();
    await platform?.close();
  });

  test('no platform session: the silent check goes to the platform once, comes back anonymous, no loop', async () => {
    assert.ok(browser);
    const fresh = await newWatchedContext(browser);
    try {
      const { page, errors, record } = await watchPage(fresh);
      const navigations = navigationsTo(page, platform.issuer);
      await page.goto(pageA());
      await waitForSilentCheck(page, navigations, pageA(), 'anonymous', 'site A without a platform session');
      // Settled: no second round trip starts by itself.
      await page.waitForTimeout(1_000);
      const authorize = navigations.filter((url) => new URL(url).pathname === '/auth');
      assert.equal(authorize.length, 1, `one authorization request: ${navigations.join(' ')}`);
      assert.equal(new URL(authorize[0] ?? '').searchParams.get('prompt'), 'none');
      assert.equal(
        new URL(authorize[0] ?? '').searchParams.get('redirect_uri'),
        `${siteA.baseUrl}/auth/callback`,
        "site A's registered redirect URI",
      );
      assert.ok(!navigations.some((url) => url.includes('/interaction/')), 'no password form');
      assert.equal(page.url(), pageA());

      await page.reload();
      await waitForLoginView(page, 'anonymous', 'site A reloaded');
      await page.waitForTimeout(500);
      assert.equal(
        navigations.filter((url) => new URL(url).pathname === '/auth').length,
        1,
        'once per browser session: a reload does not check again',
      );
      assert.equal((await sessionFromPage(page, '/govdock')).body.authenticated, false);
      assert.deepEqual((await record()).csp, [], 'CSP violations');
      assert.deepEqual(errors, [], 'console errors');
    } finally {
      await fresh.close();
    }
  });

  test('login on site A with the password → back on the same page, signed in as 张三', async () => {
    tabA = await watchPage(context);
    const navigations = navigationsTo(tabA.page, platform.issuer);
    await tabA.page.goto(pageA());
    // The silent check runs first (no platform session yet) and leaves the page anonymous.
    await waitForSilentCheck(tabA.page, navigations, pageA(), 'anonymous', 'site A before login');
    await logInWithPassword(tabA.page, platform.issuer, 'site A');
    assert.equal(tabA.page.url(), pageA());
    const session = await sessionFromPage(tabA.page, '/govdock');
    assert.equal(session.body.authenticated, true);
    assert.ok(session.body.logoutUrl?.startsWith(`${siteA.baseUrl}/auth/logout?sid=`), session.body.logoutUrl);
    assert.deepEqual(tabA.errors, [], 'console errors on site A and the platform login page');
  });

  test('site B in a new tab: <gov-login silent-check> signs in through the platform without a password', async () => {
    tabB = await openSignedInSilently(context, pageB(), platform.issuer, 'site B');
    const session = await sessionFromPage(tabB.page, '/govdock');
    assert.equal(session.body.authenticated, true);
    assert.ok(session.body.logoutUrl?.startsWith(`${siteB.baseUrl}/auth/logout?sid=`), session.body.logoutUrl);
    const cookiesA = await context.cookies(siteA.origin);
    const cookiesB = await context.cookies(siteB.origin);
    const sessionCookie = (cookies: typeof cookiesA) =>
      cookies.find((cookie) => cookie.name === '__Host-govdock_session')?.value;
    assert.ok(sessionCookie(cookiesA) && sessionCookie(cookiesB), 'a session cookie on each site');
    assert.notEqual(sessionCookie(cookiesA), sessionCookie(cookiesB), 'one session per site');
    assert.deepEqual(tabB.errors, [], 'console errors on site B');
  });

  test('logout on site A: both B tabs and another A tab switch within 1 s; then the department app too', async (t) => {
    const dept = await watchPage(context);
    await dept.page.goto(`${bff.url}/dept-app/?issuer=${encodeURIComponent(platform.issuer)}`, {
      waitUntil: 'commit',
    });
    assert.equal((await waitForDept(dept.page, true, 'department app before logout')).name, '张三');

    const tabB2 = await watchPage(context);
    await tabB2.page.goto(pageB());
    await waitForLoginView(tabB2.page, 'authenticated', 'second B tab');
    const tabA2 = await watchPage(context);
    await tabA2.page.goto(`${siteA.origin}/other.html`);
    await waitForLoginView(tabA2.page, 'authenticated', 'second A tab');
    const others = [
      { name: 'site B tab', page: tabB.page, elsewhere: true },
      { name: 'second site B tab', page: tabB2.page, elsewhere: true },
      { name: 'second site A tab', page: tabA2.page, elsewhere: false },
    ];
    const took = await expectSignedOutWithin(
      others,
      { page: tabA.page, sends: (url) => url.pathname === '/govdock/auth/logout' },
      await logoutButton(tabA.page),
    );
    t.diagnostic(`signed out after POST /auth/logout was sent: ${JSON.stringify(took)} ms`);
    assert.equal((await sessionFromPage(tabB.page, '/govdock')).body.authenticated, false, 'B session ended');

    // Site A's tab goes on to the platform's logout; 退出统一身份认证平台 ends the platform session.
    await tabA.page.waitForURL((url) => url.origin === platform.issuer, { timeout: 15_000 });
    await tabA.page.getByRole('button', { name: '退出统一身份认证平台' }).click();
    await tabA.page.waitForURL((url) => url.origin === siteA.origin, { timeout: 15_000 });
    assert.equal(new URL(tabA.page.url()).pathname, '/govdock/', "site A's registered post-logout address");

    // The department app's session watch (userinfo while visible, no iframe) signs it out at once;
    // reloaded, it still says why.
    await dept.page.reload();
    const reloaded = await waitForDept(dept.page, false, 'department app reloaded after logout on site A');
    assert.equal(reloaded.status, '您在统一身份认证平台的登录已结束，请重新登录。');

    for (const tab of [tabB, tabB2, tabA2]) assert.deepEqual(tab.errors, [], 'console errors on the site tabs');
  });

  test('after the logout, a new site B tab stays anonymous without a second round trip (one check per browser session)', async () => {
    const tab = await watchPage(context);
    const navigations = navigationsTo(tab.page, platform.issuer);
    await tab.page.goto(pageB());
    await waitForLoginView(tab.page, 'anonymous', 'site B after logout');
    await tab.page.waitForTimeout(1_000);
    assert.deepEqual(navigations, [], 'site B had its silent check in this browser session already');
    assert.equal((await sessionFromPage(tab.page, '/govdock')).body.silentCheckDue, false);
    assert.deepEqual(tab.errors, []);
  });
});

describe('two BFF instances, one per site, each its own platform client (back-channel), Chromium', () => {
  let bffA: RunningServer;
  let bffB: RunningServer;
  let siteA: Gateway;
  let siteB: Gateway;
  let platform: DevAuthPlatform;
  let context: BrowserContext;
  let tabA: WatchedPage;
  let tabB: WatchedPage;

  before(async () => {
    assert.ok(store);
    const [lateA, lateB] = [await startLateServer(), await startLateServer()];
    bffA = lateA.server;
    bffB = lateB.server;
    siteA = await startGateway({ host: '127.0.0.3', page: sitePages('齐齐哈尔市人民政府') });
    siteB = await startGateway({ host: '127.0.0.4', page: sitePages('牡丹江市人民政府') });
    siteA.upstream = bffA.url;
    siteB.upstream = bffB.url;
    const registration = (gateway: Gateway) =>
      defaultDevClients({
        bffBaseUrl: gateway.baseUrl,
        deptAppUrl: 'http://127.0.0.1:9/dept-app',
        bffSites: [{ redirectUri: `${gateway.baseUrl}/auth/callback`, postLogoutRedirectUri: `${gateway.origin}/` }],
      })[0];
    const clientA = registration(siteA);
    const clientB = registration(siteB);
    assert.ok(clientA && clientB);
    platform = await startDevAuthPlatform({
      port: 0,
      clients: [clientA, { ...clientB, client_id: SECOND_BFF_CLIENT_ID, client_name: '牡丹江政务服务' }],
    });
    // publicBaseUrl alone: each BFF has a one-site table, exactly as before `sites` existed.
    const configOf = (gateway: Gateway, clientId: string) =>
      loadConfig({
        PUBLIC_BASE_URL: gateway.baseUrl,
        AUTH_HOME_URL: `${gateway.origin}/index.html`,
        AUTH_POST_LOGOUT_REDIRECT_URI: `${gateway.origin}/`,
        AUTH_ISSUER: platform.issuer,
        AUTH_CLIENT_ID: clientId,
        AUTH_CLIENT_SECRET: DEFAULT_BFF_CLIENT_SECRET,
      });
    lateA.plug(composeSiteBff(configOf(siteA, BFF_CLIENT_ID), store).app);
    lateB.plug(composeSiteBff(configOf(siteB, SECOND_BFF_CLIENT_ID), store).app);
    assert.ok(browser);
    context = await newWatchedContext(browser);
  });

  after(async () => {
    await context?.close();
    await siteA?.close();
    await siteB?.close();
    await bffA?.close();
    await bffB?.close();
    await platform?.close();
  });

  test('login on site A; site B (another BFF, another client) signs in silently', async () => {
    tabA = await watchPage(context);
    const navigations = navigationsTo(tabA.page, platform.issuer);
    await tabA.page.goto(`${siteA.origin}/index.html`);
    await waitForSilentCheck(tabA.page, navigations, `${siteA.origin}/index.html`, 'anonymous', 'site A (BFF A)');
    await logInWithPassword(tabA.page, platform.issuer, 'site A (BFF A)');
    tabB = await openSignedInSilently(context, `${siteB.origin}/index.html`, platform.issuer, 'site B (BFF B)');
    assert.deepEqual([...tabA.errors, ...tabB.errors], [], 'console errors');
  });

  test("logout on site A ends the platform session; its back-channel reaches B's BFF and B's tab within 1 s", async (t) => {
    await (
      await logoutButton(tabA.page)
    )();
    await tabA.page.waitForURL((url) => url.origin === platform.issuer, { timeout: 15_000 });
    // Until the platform session ends, B's BFF knows nothing: its session lives on.
    assert.equal((await sessionFromPage(tabB.page, '/govdock')).body.authenticated, true, 'B before the platform');
    const took = await expectSignedOutWithin(
      [{ name: 'site B tab (BFF B)', page: tabB.page, elsewhere: true }],
      { page: tabA.page, sends: (url) => url.pathname.startsWith('/session/end/confirm') },
      () => tabA.page.getByRole('button', { name: '退出统一身份认证平台' }).click(),
    );
    t.diagnostic(`site B signed out ${JSON.stringify(took)} ms after 退出统一身份认证平台 was sent`);
    await tabA.page.waitForURL((url) => url.origin === siteA.origin, { timeout: 15_000 });
    assert.equal((await sessionFromPage(tabB.page, '/govdock')).body.authenticated, false, 'B session ended');
    assert.deepEqual(tabB.errors, [], 'console errors on site B');
  });
});
