/**
 * Roaming (issue 3 point 6): `<gov-login silent-check>` makes ONE top-level silent check per BROWSER
 * session, not per tab. Real Chromium, the development platform, a site behind a gateway (the page of
 * test/e2e/login-sites.ts) and a BFF composed as bff/start.ts composes it. The first tab goes through
 * the platform once (`prompt=none`) and comes back anonymous; a second tab of the same browser session
 * asks the BFF (`GET /auth/session` → `silentCheckDue: false`) and stays put — no navigation to the
 * platform; a new browser session (a fresh context) checks again. Needs `npm run build` (dist/).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PRODUCT_VERSION } from '../../bff/api/meta/version.js';
import { SILENT_CHECK_COOKIE } from '../../bff/auth/cookies.js';
import { loadConfig } from '../../bff/config.js';
import {
  BFF_CLIENT_ID,
  DEFAULT_BFF_CLIENT_SECRET,
  defaultDevClients,
  startDevAuthPlatform,
  type DevAuthPlatform,
} from '../../bff/dev/auth-platform/index.js';
import type { RunningServer } from '../../bff/server.js';
import { migrate } from '../../bff/store/migrate.js';
import { openStore, type Store } from '../../bff/store/store.js';
import { startGateway, type Gateway } from '../bff/auth/support/gateway.js';
import { launchChromium, newWatchedContext, watchPage, type WatchedPage } from './browser.js';
import { navigationsTo, sessionFromPage, waitForLoginView } from './login-helpers.js';
import { composeSiteBff, sitePages, startLateServer } from './login-sites.js';

describe('roaming silent check: once per browser session (Chromium, development platform)', () => {
  let browser: Browser | undefined;
  let store: Store | undefined;
  let bff: RunningServer;
  let site: Gateway;
  let platform: DevAuthPlatform;
  let context: BrowserContext;
  const page = (): string => `${site.origin}/zwfw/index.html?from=e2e`;

  /** Opens the site page in a new tab of `target`, recording the tab's navigations to the platform. */
  async function openTab(
    target: BrowserContext,
    url = page(),
  ): Promise<WatchedPage & { navigations: string[]; asked: () => { silentCheckDue?: boolean }[] }> {
    const tab = await watchPage(target);
    const navigations = navigationsTo(tab.page, platform.issuer);
    const answers: { silentCheckDue?: boolean }[] = [];
    tab.page.on('response', (response) => {
      if (new URL(response.url()).pathname !== '/govdock/auth/session') return;
      response
        .json()
        .then((body: { silentCheckDue?: boolean }) => answers.push(body))
        .catch(() => undefined);
    });
    await tab.page.goto(url);
    return { ...tab, navigations, asked: () => answers };
  }

  /** Waits until the tab's silent check has been to the platform and back on `url`. */
  async function waitForRoundTrip(tab: Page, navigations: string[], url: string, where: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!(navigations.some((seen) => seen.includes('prompt=none')) && tab.url() === url)) {
      if (Date.now() > deadline) throw new Error(`${where}: no silent check; on ${tab.url()} after ${navigations}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await waitForLoginView(tab, 'anonymous', where);
  }

  const authorizeRequests = (navigations: string[]): string[] =>
    navigations.filter((url) => new URL(url).pathname === '/auth');

  before(async () => {
    assert.ok(
      existsSync(new URL(`../../dist/widgets/${PRODUCT_VERSION}/loader.js`, import.meta.url)),
      'dist/ is missing: run `npm run build` first',
    );
    store = await openStore({ dataDir: 'memory://' });
    await migrate(store);
    browser = await launchChromium();
    const late = await startLateServer();
    bff = late.server;
    site = await startGateway({ host: '127.0.0.6', page: sitePages('绥化市人民政府') });
    site.upstream = bff.url;
    platform = await startDevAuthPlatform({
      port: 0,
      clients: defaultDevClients({
        bffBaseUrl: site.baseUrl,
        deptAppUrl: 'http://127.0.0.1:9/dept-app',
        bffSites: [{ redirectUri: `${site.baseUrl}/auth/callback`, postLogoutRedirectUri: `${site.origin}/` }],
      }),
    });
    const config = loadConfig({
      PUBLIC_BASE_URL: site.baseUrl,
      AUTH_HOME_URL: `${site.origin}/index.html`,
      AUTH_POST_LOGOUT_REDIRECT_URI: `${site.origin}/`,
      AUTH_ISSUER: platform.issuer,
      AUTH_CLIENT_ID: BFF_CLIENT_ID,
      AUTH_CLIENT_SECRET: DEFAULT_BFF_CLIENT_SECRET,
    });
    late.plug(composeSiteBff(config, store).app);
    context = await newWatchedContext(browser);
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await site?.close();
    await bff?.close();
    await platform?.close();
    await store?.close();
  });

  test('first tab: one round trip through the platform (prompt=none), back anonymous', async () => {
    const first = await openTab(context);
    await waitForRoundTrip(first.page, first.navigations, page(), 'first tab');
    await first.page.waitForTimeout(500);
    const authorize = authorizeRequests(first.navigations);
    assert.equal(authorize.length, 1, `one authorization request: ${first.navigations.join(' ')}`);
    assert.equal(new URL(authorize[0] ?? '').searchParams.get('prompt'), 'none');
    const marker = (await context.cookies(site.origin)).find((cookie) => cookie.name === SILENT_CHECK_COOKIE);
    assert.ok(marker, 'the BFF marked the browser session');
    assert.equal(marker.expires, -1, 'a session cookie (ends with the browser session)');
    assert.equal(marker.httpOnly, true);
    assert.equal((await sessionFromPage(first.page, '/govdock')).body.silentCheckDue, false);
    assert.deepEqual(first.errors, [], 'console errors');
  });

  test('second tab of the same browser session: asks the BFF, does not navigate to the platform', async () => {
    const second = await openTab(context);
    await waitForLoginView(second.page, 'anonymous', 'second tab');
    // Until the element's own question has been answered, and a little longer for a navigation to start.
    const deadline = Date.now() + 10_000;
    while (!second.asked().some((answer) => answer.silentCheckDue === false) && Date.now() < deadline)
      await second.page.waitForTimeout(50);
    await second.page.waitForTimeout(1_000);
    assert.ok(
      second.asked().some((answer) => answer.silentCheckDue === false),
      `the BFF said no check is due: ${JSON.stringify(second.asked())}`,
    );
    assert.deepEqual(second.navigations, [], 'the second tab never went to the platform');
    assert.equal(second.page.url(), page(), 'still on the page (no round trip through the BFF either)');
    assert.equal(
      await second.page.evaluate(() => sessionStorage.getItem('govdock-silent-checked')),
      '1',
      'the tab remembers it asked',
    );
    assert.deepEqual(second.errors, [], 'console errors');
  });

  test('a new browser session (fresh context) gets its one check again', async () => {
    assert.ok(browser);
    const fresh = await newWatchedContext(browser);
    try {
      const tab = await openTab(fresh);
      await waitForRoundTrip(tab.page, tab.navigations, page(), 'fresh browser session');
      assert.equal(authorizeRequests(tab.navigations).length, 1);
      const again = await openTab(fresh, `${site.origin}/other.html`);
      await waitForLoginView(again.page, 'anonymous', 'second tab of the fresh session');
      await again.page.waitForTimeout(1_500);
      assert.deepEqual(again.navigations, [], 'its second tab does not go either');
    } finally {
      await fresh.close();
    }
  });
});
