/**
 * <gov-login> in Chromium, against the runtime's test BFF stand-in (test/widgets/support/test-bff.ts) for
 * `GET /auth/session`. Every state of demo/fixtures/login.ts is rendered and checked with axe.
 */
import { expect, fixture, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { loginFixture, loginFixtures, type LoginFixture } from '../../demo/fixtures/login.js';
import '../../widgets/gov-login/define.js';
import {
  SILENT_CHECK_MARKER,
  type GovLogin,
  type GovLoginChangedDetail,
  type GovLoginNavigateDetail,
} from '../../widgets/gov-login/gov-login.js';
import { getSessionStore, setBffBase } from '../../widgets/runtime/index.js';
import { newTestBff, type TestBff } from './support/bff-fixture.js';
import { openTab } from './support/tabs.js';

/**
 * The session store is a page-wide singleton (a registry under a global symbol); each test starts with a
 * fresh one so it begins in `unknown`, as on a newly loaded page.
 */
function freshSessionStore(): void {
  const registry = (globalThis as unknown as Record<symbol, Record<string, unknown> | undefined>)[
    Symbol.for('govdock.runtime')
  ];
  if (registry) delete registry.session;
}

let bff: TestBff;

async function render(state: LoginFixture, fallback = ''): Promise<GovLogin> {
  await bff.setSession({ status: state.status, body: state.session, delayMs: state.pending ? 8000 : 0 });
  const attributes = Object.entries(state.attributes ?? {})
    .map(([name, value]) => (value ? `${name}="${value}"` : name))
    .join(' ');
  const el = await fixture<GovLogin>(`<gov-login ${attributes}>${fallback}</gov-login>`);
  if (!state.pending) await waitUntil(() => getSessionStore().state.status !== 'unknown', 'no session answer');
  if (state.afterLoad === 'logout-elsewhere') getSessionStore().markLoggedOut('elsewhere');
  await el.updateComplete;
  return el;
}

/** Every navigation a widget starts on this page, cancelled by a document listener so the test page stays. */
let navigations: GovLoginNavigateDetail[] = [];
function stayHere(event: Event): void {
  event.preventDefault();
  navigations.push((event as CustomEvent<GovLoginNavigateDetail>).detail);
}

/** A signed-in session that ends `ms` from now (`user.expiresAt`, as the BFF sends it). */
function endingIn(ms: number): LoginFixture {
  const user = {
    displayName: '张*',
    userType: 'natural',
    level: 'realname',
    realNameLevel: 3,
    expiresAt: Date.now() + ms,
  };
  return { ...loginFixture('natural-realname'), session: { authenticated: true, user } as LoginFixture['session'] };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

const shadow = (el: GovLogin) => el.shadowRoot as ShadowRoot;
const notice = (el: GovLogin) => shadow(el).querySelector<HTMLElement>('[part="notice"]') as HTMLElement;
const extend = (el: GovLogin) => notice(el).querySelector<HTMLButtonElement>('button');
const toggle = (el: GovLogin) => shadow(el).querySelector<HTMLButtonElement>('button.toggle') as HTMLButtonElement;
const menu = (el: GovLogin) => shadow(el).querySelector<HTMLElement>('[part="menu"]') as HTMLElement;

describe('<gov-login>', () => {
  beforeEach(() => {
    bff = newTestBff();
    setBffBase(bff.base);
    freshSessionStore();
    sessionStorage.removeItem(SILENT_CHECK_MARKER);
    navigations = [];
    document.addEventListener('gov-login-before-navigate', stayHere);
  });

  afterEach(() => {
    document.removeEventListener('gov-login-before-navigate', stayHere);
    sessionStorage.removeItem(SILENT_CHECK_MARKER);
  });

  for (const state of loginFixtures)
    it(`renders the ${state.name} state and is accessible`, async () => {
      const el = await render(state);
      expect(getSessionStore().state.status).to.equal(state.expected);
      await expect(el).to.be.accessible();
      // Touch targets: every control at least 44 × 44 CSS px (WCAG 2.5.5 / 适老化).
      for (const control of shadow(el).querySelectorAll<HTMLElement>('a, button')) {
        const box = control.getBoundingClientRect();
        if (box.width === 0) continue; // inside the closed menu
        expect(box.height, `${control.textContent} height`).to.be.at.least(44);
        expect(box.width, `${control.textContent} width`).to.be.at.least(44);
      }
    });

  it('reserves its height while the session is unknown', async () => {
    const el = await render(loginFixture('unknown'));
    expect(shadow(el).querySelector('.skeleton')).to.not.equal(null);
    expect(el.getBoundingClientRect().height).to.be.at.least(44);
  });

  it('links 登录 to the BFF with return_to set to the current page, and 注册 to registration', async () => {
    const el = await render(loginFixture('anonymous'));
    const [login, register] = shadow(el).querySelectorAll('a');
    const base = new URL(bff.base, location.href).href;
    expect(login?.textContent?.trim()).to.equal('登录');
    expect(login?.getAttribute('href')).to.equal(`${base}/auth/login?return_to=${encodeURIComponent(location.href)}`);
    expect(register?.textContent?.trim()).to.equal('注册');
    expect(register?.getAttribute('href')).to.equal(`${base}/auth/register`);
  });

  it('uses the page URL at the moment of the click for return_to (single-page sites)', async () => {
    const el = await render(loginFixture('anonymous'));
    const before = location.href;
    history.replaceState(null, '', '#after-route-change');
    // Runs after the widget's own click handler, and keeps the test page from navigating.
    const stay = (event: Event) => event.preventDefault();
    document.addEventListener('click', stay);
    try {
      const login = shadow(el).querySelector('a') as HTMLAnchorElement;
      login.click();
      expect(new URL(login.href).searchParams.get('return_to')).to.equal(location.href);
    } finally {
      document.removeEventListener('click', stay);
      history.replaceState(null, '', before);
    }
  });

  it('shows name, 个人 badge and 实名 level when signed in', async () => {
    const el = await render(loginFixture('natural-realname'));
    const text = toggle(el).textContent?.replace(/\s+/g, ' ');
    expect(text).to.contain('张*').and.contain('个人').and.contain('实名');
    expect(shadow(el).querySelectorAll('[part="badge"]')).to.have.length(2);
  });

  it('shows 法人 and 未实名 for those users', async () => {
    expect(toggle(await render(loginFixture('legal'))).textContent).to.contain('法人');
    freshSessionStore();
    bff = newTestBff();
    setBffBase(bff.base);
    expect(toggle(await render(loginFixture('natural-registered'))).textContent).to.contain('未实名');
  });

  it('opens the menu with Enter and Space, closes it with Escape and returns focus to the button', async () => {
    const el = await render(loginFixture('natural-realname'));
    const button = toggle(el);
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(menu(el).hidden).to.equal(true);

    button.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(menu(el).hidden).to.equal(false);
    const space = menu(el).querySelector('a') as HTMLAnchorElement;
    expect(space.textContent).to.equal('个人空间');
    expect(space.href).to.equal(new URL('/space/', location.href).href);
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'ArrowDown' });
    expect(shadow(el).activeElement).to.equal(space);
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(menu(el).hidden).to.equal(true);
    expect(shadow(el).activeElement).to.equal(button);

    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(button.getAttribute('aria-expanded')).to.equal('false');
  });

  it('closes the menu on a pointer press outside it, without moving focus', async () => {
    const el = await render(loginFixture('natural-realname'));
    toggle(el).click();
    await el.updateComplete;
    expect(menu(el).hidden).to.equal(false);
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(menu(el).hidden).to.equal(true);
  });

  it('logs out with a POST carrying X-CSRF, then goes where the BFF says', async () => {
    const el = await render(loginFixture('natural-realname'));
    const realFetch = window.fetch;
    const calls: { url: string; init?: RequestInit }[] = [];
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (!url.endsWith('/auth/logout')) return realFetch(input, init);
      calls.push({ url, init });
      return new Response(JSON.stringify({ redirect: '/goodbye' }), {
        headers: { 'Content-Type': 'application/json' },
      });
    };
    try {
      toggle(el).click();
      await el.updateComplete;
      const logout = [...menu(el).querySelectorAll('button')].find((b) => b.textContent?.includes('退出登录'));
      // Cancelling (synchronously, in the listener) keeps the test page here; uncancelled, the widget navigates.
      let detail: GovLoginNavigateDetail | undefined;
      el.addEventListener(
        'gov-login-before-navigate',
        (event) => {
          event.preventDefault();
          detail = (event as CustomEvent<GovLoginNavigateDetail>).detail;
        },
        { once: true },
      );
      logout?.click();
      await waitUntil(() => detail, 'no gov-login-before-navigate');
      expect(detail).to.deep.equal({ url: new URL('/goodbye', location.href).href, reason: 'logout' });
    } finally {
      window.fetch = realFetch;
    }
    expect(calls).to.have.length(1);
    expect(calls[0]?.init?.method).to.equal('POST');
    expect(new Headers(calls[0]?.init?.headers).get('X-CSRF')).to.equal('1');
    expect(calls[0]?.url).to.equal(`${new URL(bff.base, location.href).href}/auth/logout`);
    expect(getSessionStore().state.status).to.equal('anonymous');
  });

  it('shows the error and a failed logout message without leaving', async () => {
    const el = await render(loginFixture('natural-realname'));
    const realFetch = window.fetch;
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) =>
      String(input).endsWith('/auth/logout')
        ? new Response(JSON.stringify({ error: { code: 'service_unavailable', message: '服务暂时不可用' } }), {
            status: 503,
          })
        : realFetch(input, init);
    try {
      toggle(el).click();
      await el.updateComplete;
      const failed = oneEvent(el, 'gov-error');
      [...menu(el).querySelectorAll('button')].find((b) => b.textContent?.includes('退出登录'))?.click();
      expect((await failed).detail).to.deep.equal({ code: 'service_unavailable', message: '服务暂时不可用' });
      await el.updateComplete;
      expect(menu(el).querySelector('[role="alert"]')?.textContent).to.equal('服务暂时不可用');
      expect(getSessionStore().state.status).to.equal('authenticated');
    } finally {
      window.fetch = realFetch;
    }
  });

  it('hides its light-DOM fallback once upgraded', async () => {
    const el = await render(loginFixture('anonymous'), '<a href="/login">登录（无脚本）</a>');
    const fallback = el.querySelector('a') as HTMLAnchorElement;
    expect(fallback.checkVisibility()).to.equal(false);
    expect(shadow(el).querySelector('slot')).to.equal(null);
  });

  it('fires gov-login-changed with status and user type, and gov-ready', async () => {
    await bff.setSession({ body: loginFixture('legal').session });
    const changed = oneEvent(document, 'gov-login-changed');
    const ready = oneEvent(document, 'gov-ready');
    await fixture('<gov-login></gov-login>');
    await ready;
    const detail = ((await changed) as CustomEvent<GovLoginChangedDetail>).detail;
    expect(detail).to.deep.equal({ status: 'authenticated', userType: 'legal', loggedOutElsewhere: false });
  });

  it('announces a logout elsewhere in a status region', async () => {
    const el = await render(loginFixture('natural-realname'));
    const changed = oneEvent(el, 'gov-login-changed');
    getSessionStore().markLoggedOut('elsewhere');
    expect(((await changed) as CustomEvent<GovLoginChangedDetail>).detail).to.deep.equal({
      status: 'anonymous',
      userType: null,
      loggedOutElsewhere: true,
    });
    await el.updateComplete;
    expect(shadow(el).querySelector('[role="status"]')?.textContent?.trim()).to.equal('您已在其他页面退出登录');
  });

  it('reports a session failure with gov-error and retries on 重试', async () => {
    const failed = oneEvent(document, 'gov-error');
    const el = await render(loginFixture('error'));
    expect((await failed).detail.code).to.equal('session_unavailable');
    const retry = shadow(el).querySelector('button') as HTMLButtonElement;
    expect(retry.textContent).to.equal('重试');
    await bff.setSession({ status: 200, body: loginFixture('anonymous').session });
    retry.click();
    await waitUntil(() => getSessionStore().state.status === 'anonymous');
    await el.updateComplete;
    expect(shadow(el).querySelector('a')?.textContent?.trim()).to.equal('登录');
  });

  it('speaks English under lang="en", from the element or an ancestor', async () => {
    const el = await render(loginFixture('english'));
    expect([...shadow(el).querySelectorAll('a')].map((a) => a.textContent?.trim())).to.deep.equal([
      'Log in',
      'Register',
    ]);
    // Built by hand: open-wc's fixture() waits a frame for plain elements, and background test pages get none.
    const wrapper = document.createElement('div');
    wrapper.lang = 'en';
    wrapper.innerHTML = '<gov-login></gov-login>';
    document.body.append(wrapper);
    try {
      const inner = wrapper.querySelector('gov-login') as GovLogin;
      await inner.updateComplete;
      expect(shadow(inner).querySelector('a')?.textContent?.trim()).to.equal('Log in');
    } finally {
      wrapper.remove();
    }
  });

  it('enlarges text and targets in 适老化 mode, by attribute or site-wide', async () => {
    const el = await render(loginFixture('anonymous'));
    const normal = parseFloat(getComputedStyle(shadow(el).querySelector('a') as Element).fontSize);
    document.documentElement.setAttribute('data-gov-elder', '');
    try {
      await waitUntil(() => el.hasAttribute('data-gov-elder'), 'site-wide switch not mirrored', { timeout: 3000 });
      await el.updateComplete;
      const link = shadow(el).querySelector('a') as HTMLAnchorElement;
      expect(parseFloat(getComputedStyle(link).fontSize)).to.be.at.least(Math.max(20, normal * 1.2));
      expect(link.getBoundingClientRect().height).to.be.at.least(48);
    } finally {
      document.documentElement.removeAttribute('data-gov-elder');
    }
    const elder = await render(loginFixture('elder'));
    expect(parseFloat(getComputedStyle(elder).fontSize)).to.be.at.least(20);
  });

  it('keeps its size, spacing and menu placement under hostile page CSS', async () => {
    // Rules legacy templates and toolbar resets really ship (demo/hosts/hostile.css has the full set).
    const hostile = document.createElement('style');
    hostile.textContent = `* { all: revert !important; }
      html { font-size: 10px !important; }
      body * { font-size: 12px; line-height: 3 !important; letter-spacing: 0.3em !important;
        text-transform: uppercase !important; text-align: justify !important; box-sizing: content-box !important; }`;
    document.head.append(hostile);
    try {
      const anonymous = await render(loginFixture('english'));
      const link = shadow(anonymous).querySelector('a') as HTMLAnchorElement;
      const style = getComputedStyle(link);
      expect(parseFloat(style.fontSize)).to.be.at.least(16);
      expect(style.letterSpacing).to.equal('normal');
      expect(style.textTransform).to.equal('none');
      expect(link.getBoundingClientRect().height).to.be.at.least(44);

      freshSessionStore();
      bff = newTestBff();
      setBffBase(bff.base);
      const el = await render(loginFixture('natural-realname'));
      toggle(el).click();
      await el.updateComplete;
      const button = toggle(el).getBoundingClientRect();
      const list = menu(el).getBoundingClientRect();
      expect(list.top).to.be.at.least(button.bottom - 1);
      expect(list.top - button.bottom).to.be.below(20);
    } finally {
      hostile.remove();
    }
  });

  it('has no input field in its shadow root (credentials are typed on the platform)', async () => {
    for (const name of ['anonymous', 'natural-realname']) {
      freshSessionStore();
      bff = newTestBff();
      setBffBase(bff.base);
      const el = await render(loginFixture(name));
      expect(shadow(el).querySelector('input, form')).to.equal(null);
    }
  });
  it('warns before the session lapses; 继续使用 extends it, by keyboard', async () => {
    const el = await render(loginFixture('expiring'));
    expect(notice(el).getAttribute('role')).to.equal('status');
    expect(notice(el).textContent).to.contain('登录即将过期');
    toggle(el).focus();
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement).to.equal(extend(el));
    expect(extend(el)?.textContent).to.equal('继续使用');

    await bff.setSession({ status: 200, body: endingIn(30 * 60_000).session });
    const asked = (await bff.stats()).sessionRequests;
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !extend(el), 'the notice stays');
    expect((await bff.stats()).sessionRequests).to.equal(asked + 1);
    expect(notice(el).textContent?.trim()).to.equal('');
    // The button went away under the keyboard user: focus lands on the account button, not the page start.
    expect(shadow(el).activeElement).to.equal(toggle(el));
    await expect(el).to.be.accessible();
  });

  it('shows no expiry notice while the end is far off', async () => {
    const el = await render(endingIn(30 * 60_000));
    expect(notice(el).textContent?.trim()).to.equal('');
    expect(extend(el)).to.equal(null);
  });

  it('says so when 继续使用 cannot move the end (the absolute limit)', async () => {
    const el = await render(loginFixture('expiring'));
    await bff.setSession({ status: 200, body: { authenticated: true, user: getSessionStore().state.user } });
    extend(el)?.click();
    await waitUntil(() => !extend(el), 'the button stays');
    expect(notice(el).textContent).to.contain('请保存正在填写的内容后重新登录');
    await expect(el).to.be.accessible();
  });

  it('says 登录已过期 when the session is gone, whether 继续使用 or another tab found out', async () => {
    const el = await render(loginFixture('expiring'));
    await bff.setSession({ status: 200, body: loginFixture('anonymous').session });
    extend(el)?.click();
    await waitUntil(() => notice(el).textContent?.includes('登录已过期'), 'no 登录已过期');
    expect(shadow(el).querySelector('a')?.textContent?.trim()).to.equal('登录');
    await expect(el).to.be.accessible();

    freshSessionStore();
    bff = newTestBff();
    setBffBase(bff.base);
    const past = await render(endingIn(-1000)); // past the end, within the grace period
    expect(extend(past)).to.not.equal(null);
    getSessionStore().markLoggedOut('expired');
    await past.updateComplete;
    expect(notice(past).textContent?.trim()).to.equal('登录已过期，请重新登录');
  });

  it('asks the BFF once the end has passed, and only once for that end', async () => {
    await render(endingIn(-2 * 60_000));
    await waitUntil(async () => (await bff.stats()).sessionRequests === 2, 'no second request');
    await settle();
    expect((await bff.stats()).sessionRequests).to.equal(2);
  });

  it('makes one silent check (prompt=none) back to this page, marking it before it leaves', async () => {
    await render(loginFixture('silent-check'));
    await waitUntil(() => navigations.length > 0, 'no silent check');
    const base = new URL(bff.base, location.href).href;
    expect(navigations).to.deep.equal([
      {
        url: `${base}/auth/login?prompt=none&return_to=${encodeURIComponent(location.href)}`,
        reason: 'silent-check',
      },
    ]);
    expect(sessionStorage.getItem(SILENT_CHECK_MARKER)).to.not.equal(null);

    // Another element on the page, then the page loaded again (the platform said login_required): no more.
    await fixture('<gov-login silent-check></gov-login>');
    freshSessionStore();
    bff = newTestBff();
    setBffBase(bff.base);
    await render(loginFixture('silent-check'));
    await settle();
    expect(navigations).to.have.length(1);
  });

  it('goes when the BFF says this browser session still has its check due', async () => {
    await bff.setSession({ status: 200, body: { authenticated: false, silentCheckDue: true } });
    await fixture('<gov-login silent-check></gov-login>');
    await waitUntil(() => navigations.length > 0, 'no silent check');
    expect(navigations.map((detail) => detail.reason)).to.deep.equal(['silent-check']);
    // The store's own question, then the element's: the runtime's store keeps no silentCheckDue.
    expect((await bff.stats()).sessionRequests).to.equal(2);
  });

  it('makes no round trip when another tab of this browser session has been to the platform', async () => {
    await bff.setSession({ status: 200, body: { authenticated: false, silentCheckDue: false } });
    const el = await fixture<GovLogin>('<gov-login silent-check></gov-login>');
    await waitUntil(async () => (await bff.stats()).sessionRequests === 2, 'the element did not ask the BFF');
    await settle();
    expect(navigations).to.deep.equal([]);
    expect(shadow(el).querySelector('a')?.textContent?.trim()).to.equal('登录');
    // The tab remembers the answer: loaded again, it does not even ask.
    expect(sessionStorage.getItem(SILENT_CHECK_MARKER)).to.not.equal(null);
    freshSessionStore();
    bff = newTestBff();
    setBffBase(bff.base);
    await bff.setSession({ status: 200, body: { authenticated: false, silentCheckDue: true } });
    await fixture('<gov-login silent-check></gov-login>');
    await waitUntil(() => getSessionStore().state.status === 'anonymous');
    await settle();
    expect(navigations).to.deep.equal([]);
    expect((await bff.stats()).sessionRequests).to.equal(1);
  });

  it('makes no silent check when its question fails, or finds the user signed in meanwhile', async () => {
    // The page's store already says anonymous; then another tab signs in, then this element arrives.
    await bff.setSession({ status: 200, body: { authenticated: false, silentCheckDue: true } });
    await fixture('<gov-login></gov-login>');
    await waitUntil(() => getSessionStore().state.status === 'anonymous');
    await bff.setSession({ status: 200, body: loginFixture('natural-realname').session });
    await fixture('<gov-login silent-check></gov-login>');
    await waitUntil(async () => (await bff.stats()).sessionRequests === 2, 'the element did not ask the BFF');
    await settle();
    expect(navigations).to.deep.equal([]);

    sessionStorage.removeItem(SILENT_CHECK_MARKER);
    freshSessionStore();
    bff = newTestBff();
    setBffBase(bff.base);
    await bff.setSession({ status: 200, body: { authenticated: false, silentCheckDue: true } });
    await fixture('<gov-login></gov-login>');
    await waitUntil(() => getSessionStore().state.status === 'anonymous');
    await bff.setSession({ status: 503, body: { error: { code: 'unavailable', message: '服务暂时不可用' } } });
    await fixture('<gov-login silent-check></gov-login>');
    await waitUntil(async () => (await bff.stats()).sessionRequests === 2, 'the element did not ask the BFF');
    await settle();
    expect(navigations).to.deep.equal([]);
  });

  it('makes one silent check however many elements ask at once', async () => {
    await bff.setSession({ status: 200, body: loginFixture('anonymous').session });
    await fixture('<div><gov-login silent-check></gov-login><gov-login silent-check lang="en"></gov-login></div>');
    await waitUntil(() => getSessionStore().state.status === 'anonymous');
    await settle();
    expect(navigations.map((detail) => detail.reason)).to.deep.equal(['silent-check']);
  });

  it('makes no silent check without the attribute, or when signed in', async () => {
    await render(loginFixture('anonymous'));
    await settle();
    expect(navigations).to.deep.equal([]);
    expect(sessionStorage.getItem(SILENT_CHECK_MARKER)).to.equal(null);

    freshSessionStore();
    bff = newTestBff();
    setBffBase(bff.base);
    const signedIn = loginFixture('natural-realname');
    await render({ ...signedIn, attributes: { 'silent-check': '' } });
    await settle();
    expect(navigations).to.deep.equal([]);
    // Signed in here: a later lapse or logout must not sign the user back in by itself.
    expect(sessionStorage.getItem(SILENT_CHECK_MARKER)).to.not.equal(null);
    getSessionStore().markLoggedOut('expired');
    await settle();
    expect(navigations).to.deep.equal([]);
  });

  it('makes no silent check from inside a frame', async () => {
    await bff.setSession({ status: 200, body: loginFixture('anonymous').session });
    const tab = await openTab(bff.base);
    try {
      const frame = tab.frame.contentWindow as Window & typeof globalThis;
      const script = frame.document.createElement('script');
      script.type = 'module';
      script.src = new URL('../../widgets/gov-login/define.ts', import.meta.url).href;
      frame.document.head.append(script);
      await waitUntil(() => frame.customElements.get('gov-login'), 'the frame did not load <gov-login>', {
        timeout: 10000,
      });
      const seen: unknown[] = [];
      frame.document.addEventListener('gov-login-before-navigate', (event) => {
        event.preventDefault();
        seen.push((event as CustomEvent).detail);
      });
      frame.document.body.innerHTML = '<gov-login silent-check></gov-login>';
      const inner = frame.document.querySelector('gov-login') as GovLogin;
      await waitUntil(() => tab.runtime.getSessionStore().state.status === 'anonymous', 'no answer in the frame');
      await inner.updateComplete;
      await settle();
      expect(inner.shadowRoot?.querySelector('a')?.textContent?.trim()).to.equal('登录');
      expect(seen).to.deep.equal([]);
      // Same origin, same tab: the frame shares this sessionStorage and leaves the check to the top level.
      expect(sessionStorage.getItem(SILENT_CHECK_MARKER)).to.equal(null);
    } finally {
      tab.close();
    }
    expect(navigations).to.deep.equal([]);
  });
});
