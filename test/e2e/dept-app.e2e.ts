/**
 * End to end across two applications on the same unified identity platform: a GovDock host page
 * (`<gov-login>`, the BFF as a confidential client) and the 部门业务系统（演示） at `/dept-app/`
 * (oidc-client-ts, the public client `govdock-dept-app`). Product started as `npm start` starts it,
 * real Chromium, one browser context; the tests build on each other:
 * login on the host page → the department app is signed in without a password (roaming SSO) →
 * 退出 in the department app ends the platform session → the platform's back-channel logout reaches
 * the BFF and the host tab's `<gov-login>` switches without a reload → and the other way round: a
 * logout through `<gov-login>` reaches the open department app page within 1 s (its session watch).
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../bff/dev/auth-platform/accounts.js';
import { startProduct, stopProductAndAssertCleanExit, type RunningProduct } from '../support/start-product.js';
import {
  describeViolations,
  launchChromium,
  newWatchedContext,
  runAxe,
  watchPage,
  type WatchedPage,
} from './browser.js';
import {
  deptView,
  navigationsTo,
  sessionFromPage,
  submitPlatformLogin,
  waitForDept,
  waitForLoginView,
} from './login-helpers.js';

const productEnv = { SIMULATOR_ITEMS: '300', SIMULATOR_CASES: '50', SIMULATOR_TICK_SECONDS: '2' };

describe('department app: roaming SSO and single logout across two applications (npm start, Chromium)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'govdock-e2e-dept-'));
  let product: RunningProduct | undefined;
  let baseUrl = '';
  let authUrl = '';
  let browser: Browser | undefined;
  let context: BrowserContext;
  let host: WatchedPage;

  /** Console errors, less the known lines `expected` lists. */
  const unexpected = (errors: string[], ...expected: string[]): string[] =>
    errors.filter((error) => !expected.some((line) => error.includes(line)));

  // Opened with `waitUntil: 'commit'`: the app rewrites its address (history.replaceState) while it
  // loads, and then waitForDept() waits for what it shows.
  const deptUrl = (): string => `${baseUrl}/dept-app/?issuer=${encodeURIComponent(authUrl)}`;

  /** Platform pages a tab went through: a password form here would mean no SSO. */
  const platformNavigations = (page: Page): string[] => navigationsTo(page, authUrl);

  /** Logs in on the host page through `<gov-login>` with the platform's password form. */
  async function loginOnHost(page: Page): Promise<void> {
    await page.goto(`${baseUrl}/hosts/plain.html`);
    await waitForLoginView(page, 'anonymous', 'host page before login');
    await page.locator('gov-login').locator('a[part="button"][href*="/auth/login"]').click();
    await page.getByRole('heading', { name: '用户登录' }).waitFor({ timeout: 15_000 });
    await submitPlatformLogin(page, 'zhangsan', DEMO_PASSWORD);
    await page.waitForURL((url) => url.origin === baseUrl && url.pathname === '/hosts/plain.html', {
      timeout: 20_000,
    });
    assert.equal((await waitForLoginView(page, 'authenticated', 'host page after login')).name, '张三');
  }

  /** Opens the department app in a new tab; it must come back signed in as 张三 without a password. */
  async function openDeptSignedIn(): Promise<WatchedPage> {
    const dept = await watchPage(context);
    const navigations = platformNavigations(dept.page);
    await dept.page.goto(deptUrl(), { waitUntil: 'commit' });
    const view = await waitForDept(dept.page, true, 'department app in a new tab');
    assert.equal(view.name, '张三');
    assert.equal(view.type, '自然人');
    const authorize = navigations.find((url) => url.includes('/auth?') || url.includes('prompt=none'));
    assert.ok(
      authorize && new URL(authorize).searchParams.get('prompt') === 'none',
      `silent check: ${navigations.join(' ')}`,
    );
    assert.equal(new URL(authorize).searchParams.get('client_id'), 'govdock-dept-app');
    assert.ok(!navigations.some((url) => url.includes('/interaction/')), `asked to log in: ${navigations.join(' ')}`);
    assert.equal(new URL(dept.page.url()).pathname, '/dept-app/');
    assert.equal(new URL(dept.page.url()).search, '', 'code and state are gone from the address bar');
    return dept;
  }

  before(async () => {
    product = await startProduct({ dataDir, env: productEnv, timeoutMs: 150_000 });
    baseUrl = product.baseUrl;
    authUrl = product.authUrl;
    browser = await launchChromium();
    context = await newWatchedContext(browser);
    host = await watchPage(context);
  });

  after(async () => {
    await browser?.close();
    if (product) {
      await stopProductAndAssertCleanExit(product, dataDir, (code, output) =>
        assert.equal(code, 0, `exit code after Ctrl-C:\n${output}`),
      );
    }
  });

  test('anonymous visitor: the department app checks once at the platform and shows 登录', async () => {
    assert.ok(browser);
    const fresh = await newWatchedContext(browser);
    try {
      const { page, errors } = await watchPage(fresh);
      const navigations = platformNavigations(page);
      await page.goto(deptUrl(), { waitUntil: 'commit' });
      const view = await waitForDept(page, false, 'department app, nobody logged in');
      assert.equal(view.status, '您尚未登录。');
      assert.ok(
        navigations.some((url) => url.includes('prompt=none')),
        `silent check: ${navigations.join(' ')}`,
      );
      assert.ok(await page.getByRole('button', { name: '登录', exact: true }).isVisible());
      // Once per tab session: a reload does not go to the platform again.
      const before = navigations.length;
      await page.reload();
      await waitForDept(page, false, 'department app after reload');
      assert.equal(navigations.length, before, `went to the platform again: ${navigations.slice(before).join(' ')}`);
      const violations = await runAxe(page);
      assert.deepEqual(violations, [], describeViolations('department app, signed out', violations));
      assert.deepEqual(unexpected(errors), [], 'console errors on the department app');
    } finally {
      await fresh.close();
    }
  });

  test('login on a host page → the department app in a new tab is signed in as 张三 without a password', async () => {
    await loginOnHost(host.page);
    const dept = await openDeptSignedIn();
    const violations = await runAxe(dept.page);
    assert.deepEqual(violations, [], describeViolations('department app, signed in', violations));
    const storage = await dept.page.evaluate(() => JSON.stringify({ ...sessionStorage }));
    assert.doesNotMatch(storage, /id_number|\d{17}[\dXx]/, 'the department app keeps no ID number');
    assert.deepEqual(unexpected(dept.errors), [], 'console errors on the department app');
    await dept.page.close();
  });

  test('退出 in the department app (退出统一身份认证平台) → the host tab signs out by back-channel within 2 s', async (t) => {
    const dept = await openDeptSignedIn();
    await host.page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    assert.equal((await waitForLoginView(host.page, 'authenticated', 'host tab before logout')).name, '张三');

    await dept.page.getByRole('button', { name: '退出', exact: true }).click();
    await dept.page.waitForURL((url) => url.origin === authUrl && url.pathname.startsWith('/session/end'), {
      timeout: 15_000,
    });
    const endSession = dept.page.url();
    await dept.page.getByRole('button', { name: '退出统一身份认证平台' }).click();
    const clickedAt = Date.now();

    const view = await waitForLoginView(host.page, 'anonymous', 'host tab after platform logout', 2_000);
    const tookMs = Date.now() - clickedAt;
    assert.equal(view.shown, 'anonymous');
    assert.equal(
      await host.page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true),
      true,
      'the host tab switched without a reload',
    );
    const session = await sessionFromPage(host.page);
    assert.equal(session.status, 200);
    assert.equal(session.body.authenticated, false, `session after platform logout: ${session.text}`);

    const back = await waitForDept(dept.page, false, 'department app after logout');
    assert.equal(back.status, '您已退出登录。');
    assert.equal(new URL(dept.page.url()).pathname, '/dept-app/');
    assert.deepEqual(unexpected(dept.errors), [], 'console errors on the department app');
    assert.deepEqual(unexpected(host.errors), [], 'console errors on the host tab');
    t.diagnostic(`end_session ${new URL(endSession).pathname}; host tab signed out ${tookMs} ms after the click`);
    await dept.page.close();
  });

  test('logout through <gov-login> → the open department app shows logged out within 1 s, without a reload', async (t) => {
    // The platform session ended above, so this login needs the password again.
    await loginOnHost(host.page);
    const dept = await openDeptSignedIn();
    // Timed by the browser's own clock: when the page flips to signed out (data-signed-in="false").
    const visibility = await dept.page.evaluate(() => {
      const win = window as unknown as { __sameDocument: boolean; __signedOutAt?: number };
      win.__sameDocument = true;
      new MutationObserver(() => {
        if (document.documentElement.dataset.signedIn === 'false') win.__signedOutAt ??= Date.now();
      }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-signed-in'] });
      return document.visibilityState;
    });
    // The watch runs while the page is visible (a hidden tab asks the moment it is shown again).
    assert.equal(visibility, 'visible', 'the department app page is visible');

    const { page } = host;
    await page.locator('gov-login').locator('button.toggle').click();
    await page.locator('gov-login').getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL((url) => url.origin === authUrl && url.pathname.startsWith('/session/end'), {
      timeout: 15_000,
    });
    // Until the platform session ends, the department app rightly stays signed in.
    assert.equal((await deptView(dept.page)).signedIn, 'true', 'signed in while the platform session lives');
    // The request that ends the platform session (and revokes every grant in it).
    const confirm = page.waitForRequest((sent) => new URL(sent.url()).pathname.startsWith('/session/end/confirm'), {
      timeout: 15_000,
    });
    await page.getByRole('button', { name: '退出统一身份认证平台' }).click();
    const sent = await confirm;
    await sent.response();
    const sentAt = sent.timing().startTime;
    assert.ok(sentAt > 0, 'the request start time is known');
    await page.waitForURL((url) => url.origin === baseUrl, { timeout: 15_000 });
    assert.equal((await sessionFromPage(page)).body.authenticated, false);

    const signedOut = await waitForDept(dept.page, false, 'open department app after logout on the host', 5_000);
    const signedOutAt = Number(
      await dept.page.evaluate(() => (window as unknown as { __signedOutAt?: number }).__signedOutAt),
    );
    const tookMs = Math.round(signedOutAt - sentAt);
    t.diagnostic(`platform logout (退出统一身份认证平台 sent) → open department app signed out: ${tookMs} ms`);
    assert.ok(tookMs <= 1_000, `the department app switched ${tookMs} ms after the platform logout was sent`);
    assert.equal(signedOut.status, '您在统一身份认证平台的登录已结束，请重新登录。');
    assert.ok(await dept.page.getByRole('button', { name: '登录', exact: true }).isVisible());
    assert.equal(
      await dept.page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true),
      true,
      'the department app switched without a reload',
    );
    const violations = await runAxe(dept.page);
    assert.deepEqual(violations, [], describeViolations('department app, ended elsewhere', violations));

    // Reloaded, it still says why.
    await dept.page.reload();
    const reloaded = await waitForDept(dept.page, false, 'department app reloaded after logout on the host');
    assert.equal(reloaded.status, '您在统一身份认证平台的登录已结束，请重新登录。');

    // A new tab: the silent check at the platform now comes back with login_required.
    const fresh = await watchPage(context);
    const navigations = platformNavigations(fresh.page);
    await fresh.page.goto(deptUrl(), { waitUntil: 'commit' });
    const view = await waitForDept(fresh.page, false, 'department app in a new tab after logout on the host');
    assert.equal(view.status, '您尚未登录。');
    assert.ok(
      navigations.some((url) => url.includes('prompt=none')),
      `silent check: ${navigations.join(' ')}`,
    );
    assert.ok(!navigations.some((url) => url.includes('/interaction/')), `asked to log in: ${navigations.join(' ')}`);
    // The reloaded tab's token check is refused (401 from userinfo): that is how it learns of the logout.
    assert.deepEqual(
      unexpected([...dept.errors, ...fresh.errors], `status of 401 (Unauthorized) (${authUrl}/me)`),
      [],
      'console errors on the department app',
    );
  });
});
