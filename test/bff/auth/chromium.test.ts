/**
 * The login in a real browser (Debian's Chromium). Our cookies are `__Host-` and Secure, yet
 * development and tests run on http://127.0.0.1: this proves Chromium stores them there (it
 * treats loopback as a potentially trustworthy origin) and sends them back, so `npm start` works
 * without TLS.
 *
 * The host page is on the BFF's origin (same-origin mode, the default deployment). Chromium applies
 * the platform's CSP `form-action` to the whole redirect chain after the login form, so the
 * platform derives it from every registered origin, sites included (test/e2e/sso-sites.e2e.ts logs
 * in on two sites on other origins).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { SESSION_COOKIE } from '../../../bff/auth/cookies.js';
import { DEMO_PASSWORD } from '../../../bff/dev/auth-platform/index.js';
import { startAuthStack, type AuthStack } from './support/stack.js';

describe('login in Chromium over http://127.0.0.1', () => {
  let stack: AuthStack;
  let browser: Browser;
  let hostPage: string;
  before(async () => {
    stack = await startAuthStack();
    hostPage = `${stack.bff.url}/zwfw/banshi.html?item=230100-0001&tab=2`;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('stores the __Host- Secure session cookie, returns to the host page, and sends the cookie back', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('console', (message) => process.env.AUTH_TEST_DEBUG && console.log('console:', message.text()));
    await page.goto(`${stack.bff.url}/auth/login?return_to=${encodeURIComponent(hostPage)}`);
    await page.fill('#username', 'zhangsan');
    await page.fill('#password', DEMO_PASSWORD);
    await Promise.all([page.waitForURL(`${stack.bff.url}/zwfw/**`), page.click('button.primary')]);
    assert.equal(page.url(), hostPage);

    const cookies = await context.cookies(stack.bff.url);
    const session = cookies.find((cookie) => cookie.name === SESSION_COOKIE);
    assert.ok(session, `Chromium kept the session cookie (has: ${cookies.map((c) => c.name).join(', ')})`);
    assert.equal(session.secure, true);
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');

    await page.goto(`${stack.bff.url}/healthz`);
    const answer = await page.evaluate(async () => {
      const response = await fetch('/auth/session', { headers: { 'X-CSRF': '1' } });
      return (await response.json()) as { authenticated: boolean };
    });
    assert.equal(answer.authenticated, true, 'the cookie went back to the BFF');
    await context.close();
  });
});
