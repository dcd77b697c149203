/**
 * End-to-end smoke: the product started exactly as `npm start` starts it, then the things a site
 * and a designer see first — every sample host page, the gallery in both modes — checked in
 * Debian's Chromium; then Ctrl-C must stop it cleanly and a second start must reuse the data.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Frame } from 'playwright-core';
import { galleryWidgets } from '../../demo/gallery/registry.js';
import { startProduct, type RunningProduct } from '../support/start-product.js';
import { describeViolations, launchChromium, newWatchedContext, runAxe, watchPage } from './browser.js';
import { checkHostPage, HOST_PAGES } from './host-pages.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
// Small data (300 items is the configured floor): the smoke checks that things start and render.
const productEnv = { SIMULATOR_ITEMS: '300', SIMULATOR_CASES: '50', SIMULATOR_TICK_SECONDS: '2' };

/**
 * Waits until a gallery frame's widget is ready and in `expected` (gallery/state.ts records both on
 * <html>); on timeout, says where the frame got to instead of a bare timeout.
 */
async function settled(frame: Frame, expected: string, where: string): Promise<void> {
  try {
    await frame.waitForFunction(
      (status) => {
        const data = document.documentElement.dataset;
        return data.galleryStatus === 'ready' && (status === 'unknown' || data.galleryWidgetStatus === status);
      },
      expected,
      { timeout: 20_000 },
    );
  } catch (error) {
    const seen = await frame
      .evaluate(() => ({
        ...document.documentElement.dataset,
        message: document.getElementById('stage-message')?.textContent,
      }))
      .catch(() => ({}));
    throw new Error(`${where}: expected status ${expected}, frame shows ${JSON.stringify(seen)}`, { cause: error });
  }
}

describe('GovDock end to end', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'govdock-e2e-'));
  let product: RunningProduct | undefined;
  let baseUrl = '';
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    // Generous: a fresh checkout builds the widgets and the gallery on first start.
    product = await startProduct({ dataDir, env: productEnv, timeoutMs: 150_000 });
    baseUrl = product.baseUrl;
    browser = await launchChromium();
    context = await newWatchedContext(browser);
  });

  after(async () => {
    await browser?.close();
    await product?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('announces itself in Chinese and English with the gallery URL', () => {
    const output = product?.output() ?? '';
    assert.match(output, /GovDock 已启动/);
    assert.match(output, /GovDock is running/);
    assert.ok(output.includes(baseUrl), `ready output names ${baseUrl}:\n${output}`);
  });

  test('/healthz answers', async () => {
    const response = await fetch(`${baseUrl}/healthz`);
    assert.equal(response.status, 200);
  });

  test('sri.json carries the real integrity of the loader', async () => {
    const response = await fetch(`${baseUrl}/widgets/${version}/sri.json`);
    assert.equal(response.status, 200);
    const sri = (await response.json()) as Record<string, string>;
    const loader = Buffer.from(await (await fetch(`${baseUrl}/widgets/${version}/loader.js`)).arrayBuffer());
    const expected = `sha384-${createHash('sha384').update(loader).digest('base64')}`;
    assert.ok(JSON.stringify(sri).includes(expected), `sri.json lists ${expected}: ${JSON.stringify(sri)}`);
  });

  for (const host of HOST_PAGES) {
    test(`host page: ${host.title} — <gov-login> upgrades, links to login, reads well, axe-clean`, async () => {
      const { events } = await checkHostPage(context, baseUrl, host);
      if (host.path.endsWith('react.html')) {
        assert.ok(
          events.some(
            (event) =>
              event.type === 'gov-login-changed' &&
              (event.detail as { status?: string } | null)?.status === 'anonymous',
          ),
          'the React page hears gov-login-changed',
        );
      }
    });
  }

  test('host page without JavaScript shows the fallback 登录 link', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await noScript.newPage();
      await page.goto(`${baseUrl}/hosts/plain.html`);
      const link = page.locator('gov-login a');
      assert.equal(await link.getAttribute('href'), '/auth/login');
      assert.ok(await link.isVisible());
    } finally {
      await noScript.close();
    }
  });

  test('React page shows the login state it heard from the widget', async () => {
    const { page, errors } = await watchPage(context);
    await page.goto(`${baseUrl}/hosts/react.html`);
    await page.locator('#login-status', { hasText: '未登录' }).waitFor({ timeout: 15_000 });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('gallery (示例数据): every state of every widget renders from its fixture, axe-clean', async () => {
    const { page, errors, record } = await watchPage(context);
    await page.goto(`${baseUrl}/`);
    const violations = await runAxe(page);
    assert.deepEqual(violations, [], describeViolations('gallery page', violations));
    const states = galleryWidgets.flatMap((widget) => widget.states.map((state) => ({ widget, state })));
    // One after another: axe is CPU-bound and the machine has two cores; in parallel it is no faster.
    for (const { widget, state } of states) {
      const where = `${widget.tag}/${state.name}`;
      const frame = await (
        await page.locator(`iframe[data-frame="${widget.tag}--${state.name}"]`).elementHandle()
      )?.contentFrame();
      assert.ok(frame, `${where}: frame`);
      // A pending request times out after 15 s and the widget then shows its error state: load a
      // loading-state frame afresh so its clock starts now, however long the states before it took.
      if (state.expected === 'loading') await frame.goto(frame.url());
      await settled(frame, state.expected, where);
      const stateViolations = await runAxe(frame);
      assert.deepEqual(stateViolations, [], describeViolations(where, stateViolations));
      assert.deepEqual((await record(frame)).csp, [], `${where}: CSP violations`);
    }
    assert.deepEqual((await record()).csp, [], 'gallery page: CSP violations');
    // Error states answer 4xx/5xx on purpose, and Chromium logs every failed load; nothing else may fail.
    const unexpected = errors.filter((error) => !/Failed to load resource.*\/gallery-bff\//.test(error));
    assert.deepEqual(unexpected, []);
    await page.close();
  });

  test('gallery (本地后端): each widget shows the real session of the local BFF', async () => {
    // The catalogue reaches the API after the first sync run and a search-index drain (seconds after start).
    const deadline = Date.now() + 60_000;
    for (;;) {
      const answer = await fetch(`${baseUrl}/api/v1/items?limit=1`, { headers: { 'X-CSRF': '1' } });
      if (answer.ok && ((await answer.json()) as { total: number }).total > 0) break;
      assert.ok(Date.now() < deadline, 'no items reached /api/v1/items within 60 s of start');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const { page, errors } = await watchPage(context);
    await page.goto(`${baseUrl}/?mode=live`);
    for (const widget of galleryWidgets) {
      const frame = await (
        await page.locator(`iframe[data-frame="${widget.tag}--live"]`).elementHandle()
      )?.contentFrame();
      assert.ok(frame, `${widget.tag}: live frame`);
      await settled(frame, widget.liveStatus, `${widget.tag} (live)`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Ctrl-C stops cleanly; the next start reuses the data directory', async () => {
    assert.ok(product);
    const secretsBefore = readFileSync(join(dataDir, 'secrets.json'), 'utf8');
    const stopped = Date.now();
    const code = await product.stop('SIGINT');
    assert.equal(code, 0, `exit code after Ctrl-C:\n${product.output()}`);
    assert.ok(Date.now() - stopped < 5_000, `stopped in ${Date.now() - stopped} ms`);
    product = await startProduct({ dataDir, env: productEnv, timeoutMs: 90_000 });
    assert.equal((await fetch(`${product.baseUrl}/healthz`)).status, 200);
    assert.equal(readFileSync(join(dataDir, 'secrets.json'), 'utf8'), secretsBefore, 'same embedded secrets');
    const code2 = await product.stop('SIGINT');
    assert.equal(code2, 0, `second exit code:\n${product.output()}`);
    product = undefined;
  });
});
