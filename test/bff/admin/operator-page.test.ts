/**
 * The operator page in Debian's Chromium against a real BFF (seeded PGlite store, the engine
 * replaced by a double): token prompt, streams / quarantine / runs tables, starting a run, the
 * quarantine filter, no CSP violations or console errors, no axe violations, keyboard focus.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { createApp } from '../../../bff/app.js';
import { loadConfig } from '../../../bff/config.js';
import { createEventHub } from '../../../bff/events/hub.js';
import { createLogger } from '../../../bff/observability/logger.js';
import { startServer, type RunningServer } from '../../../bff/server.js';
import { migrate } from '../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../bff/store/store.js';
import {
  describeViolations,
  launchChromium,
  newWatchedContext,
  runAxe,
  watchPage,
  type WatchedPage,
} from '../../e2e/browser.js';
import { fakeSync, QUARANTINED_ID_NUMBER, seedSyncTables, SOURCE_ID, testLayout, type FakeSync } from './fixtures.js';

const TOKEN = 'page-test-token-0123456789abcdef0123456789';

describe('operator page', () => {
  let store: Store;
  let sync: FakeSync;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let watched: WatchedPage;

  before(async () => {
    store = await openStore({ dataDir: 'memory://' });
    await migrate(store);
    await seedSyncTables(store);
    sync = fakeSync(store);
    const app = createApp({
      config: loadConfig({}, { adminToken: TOKEN }),
      store,
      logger: createLogger({ logLevel: 'silent' }),
      hub: createEventHub({ bufferSize: 10, firstId: 1 }),
      widgetsDir: '/nonexistent/widgets',
      demoDir: '/nonexistent/demo',
      admin: { store, sync, layout: testLayout, sourceId: SOURCE_ID, runIdWaitMs: 300 },
    });
    server = await startServer(app, { host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    context = await newWatchedContext(browser);
    watched = await watchPage(context);
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await store?.close();
  });

  it('redirects /operator to /operator/ and asks for the token, focused', async () => {
    const { page } = watched;
    const response = await page.goto(`${server.url}/operator`);
    assert.equal(response?.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/operator/');
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'token');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal(response?.headers()['cache-control'], 'no-store');
  });

  it('refuses a wrong token with a message, then accepts the right one', async () => {
    const { page } = watched;
    await page.fill('#token', 'wrong-token');
    await page.keyboard.press('Enter');
    await page.locator('#token-error', { hasText: '运维令牌不正确' }).waitFor();
    assert.ok(await page.locator('#console').isHidden());
    await page.fill('#token', TOKEN);
    await page.click('#token-form button[type=submit]');
    await page.locator('#console').waitFor({ state: 'visible' });
  });

  it('shows streams with status, last success, lag, cursor, quarantine and pending counts', async () => {
    const { page } = watched;
    const rows = page.locator('#streams-table tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 3);
    const accept = page.locator('#streams-table tbody tr', { hasText: 'up_pro_accept' });
    const text = await accept.innerText();
    assert.match(text, /失败/);
    assert.match(text, /前置机连接中断/);
    assert.match(text, /2026-11-29 10:15:00\.250 \/ guid-0042/);
    assert.match(text, /8 秒/);
    const process = await page.locator('#streams-table tbody tr', { hasText: 'up_pro_process' }).innerText();
    assert.match(process, /成功/);
    assert.match(process, /新增列（保留在 extra）：vendor_note/);
    assert.equal(await page.locator('#streams-table th[scope=col]').count(), 9);
  });

  it('shows quarantine with reasons and masked rows, and filters by reason', async () => {
    const { page } = watched;
    const rows = page.locator('#quarantine-table tbody tr');
    assert.equal(await rows.count(), 3);
    assert.ok(!(await page.content()).includes(QUARANTINED_ID_NUMBER), 'no ID number in the page');
    assert.match(await page.locator('#quarantine-table').innerText(), /日期格式错误/);
    await page.selectOption('#q-reason', 'missing_required');
    await page.click('#quarantine-filter button[type=submit]');
    await page.waitForFunction(() => document.querySelectorAll('#quarantine-table tbody tr').length === 1);
    assert.match(await rows.first().innerText(), /缺少必填项/);
  });

  it('shows the run history with every count', async () => {
    const { page } = watched;
    const first = await page.locator('#runs-table tbody tr').first().innerText();
    assert.match(first, /up_pro_process/);
    assert.match(first, /100\s+60\s+20\s+10\s+2\s+5\s+3/);
  });

  it('starts a run from the stream row and announces it and its end', async () => {
    const { page } = watched;
    await page.click('button[data-action=run][data-target=up_pro_process]');
    await page.locator('#announcer', { hasText: '已开始同步 up_pro_process' }).waitFor();
    await page.locator('#announcer', { hasText: '同步 up_pro_process成功' }).waitFor({ timeout: 15_000 });
    assert.deepEqual(sync.calls.run.at(-1), { target: 'up_pro_process', full: false });
  });

  it('keeps the token for this tab only (a reload does not ask again) and signs out', async () => {
    const { page } = watched;
    await page.reload();
    await page.locator('#console').waitFor({ state: 'visible' });
    await page.click('#sign-out');
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    await page.fill('#token', TOKEN);
    await page.keyboard.press('Enter');
    await page.locator('#console').waitFor({ state: 'visible' });
  });

  it('has no axe violations, console errors or CSP violations', async () => {
    const violations = await runAxe(watched.page);
    assert.deepEqual(violations, [], describeViolations('operator page', violations));
    const record = await watched.record();
    assert.deepEqual(record.csp, []);
    assert.deepEqual(
      watched.errors.filter((line) => !/status of 401/.test(line)),
      [],
    );
  });
});
