/**
 * What every sample host page must show once the widgets load, checked the way a visitor would see
 * it: the element upgraded, the login link pointing at the BFF with this page as the return address,
 * readable and not covered, no console errors, no CSP violations, no axe violations.
 */
import assert from 'node:assert/strict';
import type { BrowserContext } from 'playwright-core';
import { describeViolations, runAxe, watchPage } from './browser.js';

export interface HostPage {
  path: string;
  title: string;
}

export const HOST_PAGES: readonly HostPage[] = [
  { path: '/hosts/plain.html', title: 'plain page' },
  { path: '/hosts/hostile-css.html', title: 'hostile CSS page' },
  { path: '/hosts/strict-csp.html', title: 'strict CSP page' },
  { path: '/hosts/react.html', title: 'React 19 page' },
];

export interface LoginLinkReport {
  href: string;
  text: string;
  fontSizePx: number;
  width: number;
  height: number;
  /** The link is what a pointer at its centre would hit (nothing covers it). */
  hitAtCentre: boolean;
  visible: boolean;
}

export async function checkHostPage(
  context: BrowserContext,
  baseUrl: string,
  host: HostPage,
): Promise<{ login: LoginLinkReport; events: { type: string; tag: string; detail: unknown }[] }> {
  const { page, errors, record } = await watchPage(context);
  try {
    const url = `${baseUrl}${host.path}`;
    await page.goto(url);
    await page.waitForFunction(
      () => !!document.querySelector('gov-login')?.shadowRoot?.querySelector('a[href*="/auth/login"]'),
      undefined,
      { timeout: 15_000 },
    );
    const defined = await page.evaluate(() => customElements.get('gov-login') !== undefined);
    assert.ok(defined, `${host.title}: <gov-login> is defined`);

    const login = await page.evaluate((): LoginLinkReport => {
      const root = document.querySelector('gov-login')?.shadowRoot as ShadowRoot;
      const link = root.querySelector<HTMLAnchorElement>('a[href*="/auth/login"]') as HTMLAnchorElement;
      link.scrollIntoView({ block: 'center' });
      const box = link.getBoundingClientRect();
      const hit = root.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return {
        href: link.href,
        text: (link.textContent ?? '').trim(),
        fontSizePx: parseFloat(getComputedStyle(link).fontSize),
        width: box.width,
        height: box.height,
        hitAtCentre: !!hit && (hit === link || link.contains(hit)),
        visible: link.checkVisibility({ opacityProperty: true, visibilityProperty: true }),
      };
    });
    const href = new URL(login.href);
    assert.equal(`${href.origin}${href.pathname}`, `${baseUrl}/auth/login`, `${host.title}: login link target`);
    assert.equal(href.searchParams.get('return_to'), page.url(), `${host.title}: login returns to this page`);
    assert.equal(login.text, '登录', `${host.title}: login link text`);
    assert.ok(login.visible && login.width > 0 && login.height > 0, `${host.title}: login link has a visible box`);
    assert.ok(login.hitAtCentre, `${host.title}: nothing covers the login link`);
    assert.ok(login.fontSizePx >= 14, `${host.title}: login link is readable (${login.fontSizePx}px)`);

    const { csp, events } = await record();
    assert.ok(
      events.some((event) => event.type === 'gov-ready' && event.tag === 'gov-login'),
      `${host.title}: gov-ready fired`,
    );
    assert.deepEqual(csp, [], `${host.title}: CSP violations`);

    const violations = await runAxe(page, 'gov-login');
    assert.deepEqual(violations, [], describeViolations(host.title, violations));
    assert.deepEqual(errors, [], `${host.title}: console errors`);
    return { login, events };
  } finally {
    await page.close();
  }
}
