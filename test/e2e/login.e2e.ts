/**
 * End-to-end login and logout through the product started exactly as `npm start` starts it: the
 * BFF docked onto the embedded development unified-auth platform, a real Chromium, a real person
 * typing 账号 / 密码 on the platform's page. One product and one browser context for the file; the
 * tests run in order and build on each other (login → second tab → logout → login needs the
 * password again), the wrong-password case uses a context of its own.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../bff/dev/auth-platform/accounts.js';
import { SESSION_COOKIE } from '../../bff/auth/cookies.js';
import { startProduct, stopProductAndAssertCleanExit, type RunningProduct } from '../support/start-product.js';
import { launchChromium, newWatchedContext, watchPage, type WatchedPage } from './browser.js';
import {
  ID_NUMBER_PATTERN,
  JWT_PATTERN,
  readableByPage,
  sessionFromPage,
  submitPlatformLogin,
  TOKEN_FIELD_PATTERN,
  waitForLoginView,
} from './login-helpers.js';

const productEnv = { SIMULATOR_ITEMS: '300', SIMULATOR_CASES: '50', SIMULATOR_TICK_SECONDS: '2' };
const zhangsan = DEMO_ACCOUNTS.find((account) => account.username === 'zhangsan');
const rawId = zhangsan?.claims.id_number ?? '';

describe('login and logout end to end (npm start, Chromium)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'govdock-e2e-login-'));
  let product: RunningProduct | undefined;
  let baseUrl = '';
  let authUrl = '';
  let browser: Browser | undefined;
  let context: BrowserContext;
  let tab1: WatchedPage;
  let tab2: WatchedPage | undefined;

  /** The session cookie as the browser holds it (HttpOnly: the page cannot read it). */
  async function sessionCookie(target: BrowserContext = context): Promise<string | undefined> {
    const cookies = await target.cookies(baseUrl);
    return cookies.find((cookie) => cookie.name === SESSION_COOKIE)?.value;
  }

  /** Clicks the shadow-root 登录 link and waits for the platform's login page. */
  async function clickLogin(page: Page, where: string): Promise<void> {
    await waitForLoginView(page, 'anonymous', where);
    await page.locator('gov-login').locator('a[part="button"][href*="/auth/login"]').click();
    // Settles on the platform's login page, or — with a live platform session — back on the site.
    await page.waitForURL(
      (url) =>
        url.href.startsWith(`${authUrl}/interaction/`) ||
        (url.origin === baseUrl && !url.pathname.startsWith('/auth/')),
      { timeout: 15_000 },
    );
    assert.ok(
      page.url().startsWith(`${authUrl}/interaction/`),
      `${where}: 登录 led to ${page.url()}, not the login form`,
    );
  }

  before(async () => {
    assert.ok(zhangsan && /^\d{17}[\dX]$/.test(rawId), 'the demo account zhangsan has an 18-digit ID number');
    // Generous: a fresh checkout builds the widgets and the gallery on first start.
    product = await startProduct({ dataDir, env: productEnv, timeoutMs: 150_000 });
    baseUrl = product.baseUrl;
    authUrl = product.authUrl;
    browser = await launchChromium();
    context = await newWatchedContext(browser);
    tab1 = await watchPage(context);
  });

  after(async () => {
    await browser?.close();
    if (product) {
      await stopProductAndAssertCleanExit(product, dataDir, (code, output) =>
        assert.equal(code, 0, `exit code after Ctrl-C:\n${output}`),
      );
    }
  });

  test('login: 登录 on a host page → platform password form → back on the same page as 张三 (实名)', async () => {
    const { page, errors } = tab1;
    await page.goto(`${baseUrl}/hosts/plain.html?from=e2e#top`);
    const anonymous = await waitForLoginView(page, 'anonymous', 'plain page before login');
    assert.equal(
      new URL(anonymous.loginHref ?? '').searchParams.get('return_to'),
      `${baseUrl}/hosts/plain.html?from=e2e#top`,
    );
    assert.equal((await sessionFromPage(page)).body.authenticated, false, 'no session before login');

    await clickLogin(page, 'plain page');
    await page.getByRole('heading', { name: '用户登录' }).waitFor({ timeout: 10_000 });
    await submitPlatformLogin(page, 'zhangsan', DEMO_PASSWORD);
    await page.waitForURL((url) => url.origin === baseUrl && url.pathname === '/hosts/plain.html', {
      timeout: 20_000,
    });
    const landed = new URL(page.url());
    assert.equal(`${landed.pathname}${landed.search}`, '/hosts/plain.html?from=e2e', `landed on ${page.url()}`);
    // return_to carried the fragment too (the widget sends location.href), so it comes back as well.
    assert.equal(landed.hash, '#top', `landed on ${page.url()}`);

    const view = await waitForLoginView(page, 'authenticated', 'plain page after login');
    assert.equal(view.name, '张三');
    assert.deepEqual(view.badges, ['个人', '实名']);

    const session = await sessionFromPage(page);
    assert.equal(session.status, 200);
    assert.equal(session.body.authenticated, true);
    assert.equal(session.body.user?.displayName, '张三');
    assert.equal(session.body.user?.maskedId, `2301${'*'.repeat(10)}${rawId.slice(-4)}`);

    const cookie = await sessionCookie();
    assert.ok(cookie, 'the browser holds the session cookie');
    const readable = await readableByPage(page);
    assert.ok(!readable.cookie.includes(SESSION_COOKIE), `document.cookie shows the session: ${readable.cookie}`);
    for (const [what, text] of [
      ['page HTML (with shadow roots)', readable.html],
      ['session JSON', session.text],
      ['document.cookie', readable.cookie],
      ['web storage', readable.storage],
    ] as const) {
      assert.ok(!text.includes(rawId), `${what} contains the raw ID number`);
      assert.doesNotMatch(text, ID_NUMBER_PATTERN, `${what} contains an 18-digit ID number`);
      assert.doesNotMatch(text, JWT_PATTERN, `${what} contains a token`);
      assert.doesNotMatch(text, TOKEN_FIELD_PATTERN, `${what} names a token`);
      assert.ok(!text.includes(cookie), `${what} contains the session id`);
    }
    assert.deepEqual(errors, [], 'console errors on the plain page and the platform login page');
  });

  test('second tab is signed in without a password; logout in tab 1 signs tab 2 out without a reload', async (t) => {
    tab2 = await watchPage(context);
    const other = tab2.page;
    const platformRequests: string[] = [];
    other.on('request', (request) => {
      if (request.url().startsWith(authUrl)) platformRequests.push(request.url());
    });
    await other.goto(`${baseUrl}/hosts/hostile-css.html`);
    const view = await waitForLoginView(other, 'authenticated', 'second tab');
    assert.equal(view.name, '张三');
    assert.deepEqual(platformRequests, [], 'the second tab never went to the platform');
    assert.equal(new URL(other.url()).pathname, '/hosts/hostile-css.html');
    // A reload would lose this; the sign-out must reach the tab while it stays put.
    await other.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });

    const { page } = tab1;
    const account = page.locator('gov-login').locator('button.toggle');
    await account.click();
    assert.equal(await account.getAttribute('aria-expanded'), 'true');
    await page.locator('gov-login').getByRole('button', { name: '退出登录' }).click();

    const signedOutAt = Date.now();
    const otherView = await waitForLoginView(other, 'anonymous', 'second tab after logout in tab 1', 5_000);
    const tookMs = Date.now() - signedOutAt;
    assert.equal(otherView.shown, 'anonymous', `second tab shows ${JSON.stringify(otherView)}`);
    assert.equal(
      await other.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true),
      true,
      'the second tab switched without a reload',
    );
    assert.equal(new URL(other.url()).pathname, '/hosts/hostile-css.html');

    // Tab 1 leaves for the platform's logout; when it asks, end the platform session too.
    await page.waitForURL((url) => url.origin === authUrl, { timeout: 15_000 });
    await page.waitForURL(
      (url) => url.origin === baseUrl || (url.origin === authUrl && url.pathname.startsWith('/session/end')),
      { timeout: 15_000 },
    );
    const confirmation = new URL(page.url()).origin === authUrl;
    if (confirmation) await page.getByRole('button', { name: '退出统一身份认证平台' }).click();
    await page.waitForURL((url) => url.origin === baseUrl, { timeout: 15_000 });
    t.diagnostic(
      `platform logout confirmation ${confirmation ? 'shown and confirmed' : 'not shown'}; tab 1 on ${page.url()}`,
    );

    const session = await sessionFromPage(other);
    assert.equal(session.status, 200);
    assert.equal(session.body.authenticated, false, `session after logout: ${session.text}`);
    assert.equal(await sessionCookie(), undefined, 'the session cookie is gone');
    assert.deepEqual(tab2.errors, [], 'console errors on the second tab');
    t.diagnostic(`second tab signed out ${tookMs} ms after the click`);
  });

  test('after logout, 登录 asks for the password again (the platform session ended)', async () => {
    const { page } = tab1;
    await page.goto(`${baseUrl}/hosts/plain.html`);
    await clickLogin(page, 'plain page after logout');
    // A live platform session would bounce straight back to the BFF callback instead.
    await page.getByRole('heading', { name: '用户登录' }).waitFor({ timeout: 10_000 });
    assert.ok(await page.getByLabel('密码', { exact: true }).isVisible(), 'the password field is shown');
    assert.ok(page.url().startsWith(`${authUrl}/interaction/`), `on ${page.url()}`);
  });

  test('wrong password: 账号或密码错误, no session', async () => {
    assert.ok(browser);
    const fresh = await newWatchedContext(browser);
    try {
      const { page } = await watchPage(fresh);
      await page.goto(`${baseUrl}/hosts/plain.html`);
      await clickLogin(page, 'plain page (fresh context)');
      await submitPlatformLogin(page, 'zhangsan', 'wrong-password');
      await page.getByRole('alert').filter({ hasText: '账号或密码错误' }).waitFor({ timeout: 10_000 });
      assert.ok(page.url().startsWith(`${authUrl}/interaction/`), `still on the platform: ${page.url()}`);
      assert.equal(await sessionCookie(fresh), undefined, 'no session cookie');
      await page.goto(`${baseUrl}/hosts/plain.html`);
      assert.equal((await waitForLoginView(page, 'anonymous', 'plain page after wrong password')).shown, 'anonymous');
      assert.equal((await sessionFromPage(page)).body.authenticated, false);
    } finally {
      await fresh.close();
    }
  });
});
