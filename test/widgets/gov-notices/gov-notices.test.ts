/**
 * <gov-notices> in Chromium, against the fake inbox of demo/fixtures/notices-api.ts (the gallery's answers) behind
 * a fetch stub, with the real test BFF's SSE stream for live events. Every state of demo/fixtures/notices.ts is
 * rendered and checked with axe.
 */
import { expect, fixture, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import {
  answerNoticesApi,
  createNoticesWorld,
  XSS_TITLE,
  type NoticesWorld,
} from '../../../demo/fixtures/notices-api.js';
import { noticesFixture, noticesFixtures, type NoticesFixture } from '../../../demo/fixtures/notices.js';
import '../../../widgets/gov-notices/define.js';
import type { GovNotices, GovNoticesChangedDetail } from '../../../widgets/gov-notices/gov-notices.js';
import { freshSessionStore, streamOpen } from '../gov-case-tracker/api-stub.js';
import { newTestBff, type TestBff } from '../support/bff-fixture.js';
import { stubApi, type ApiStub } from './api-stub.js';

let bff: TestBff;
let stub: ApiStub;
let world: NoticesWorld;
const last = new WeakMap<EventTarget, GovNoticesChangedDetail>();
const record = (event: Event) =>
  last.set(event.target as EventTarget, (event as CustomEvent<GovNoticesChangedDetail>).detail);

const shadow = (el: Element) => el.shadowRoot as ShadowRoot;
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) =>
  shadow(el).querySelector<T>(selector) as T;
const $$ = <T extends Element = HTMLElement>(el: Element, selector: string) => [
  ...shadow(el).querySelectorAll<T>(selector),
];
const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const active = (el: Element) => shadow(el).activeElement as HTMLElement | null;
const bell = (el: GovNotices) => $<HTMLButtonElement>(el, '[part="bell"]');
const toast = (el: GovNotices) => $(el, '[part="toast"]');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function settled(el: GovNotices, status: GovNoticesChangedDetail['status']): Promise<void> {
  await el.updateComplete;
  await waitUntil(() => last.get(el)?.status === status, `never ${status}; last ${JSON.stringify(last.get(el))}`);
  await el.updateComplete;
}

async function render(state: NoticesFixture, extra = ''): Promise<GovNotices> {
  world = createNoticesWorld(state.mode);
  const attributes = Object.entries(state.attributes ?? {})
    .map(([name, value]) => (value ? `${name}="${value}"` : name))
    .join(' ');
  const el = await fixture<GovNotices>(`<gov-notices ${attributes} ${extra}><a href="/msg/">消息</a></gov-notices>`);
  await settled(el, state.expected);
  return el;
}

describe('<gov-notices>', () => {
  before(() => {
    bff = newTestBff();
  });

  beforeEach(() => {
    freshSessionStore();
    world = createNoticesWorld('signed-in');
    stub = stubApi(bff, (method, url) => answerNoticesApi(world, method, url));
    document.addEventListener('gov-notices-changed', record);
  });

  afterEach(async () => {
    document.removeEventListener('gov-notices-changed', record);
    stub.restore();
    await setViewport({ width: 800, height: 600 });
  });

  for (const state of noticesFixtures)
    for (const elder of [false, true])
      it(`renders the ${state.name} state${elder ? ' in 适老化 mode' : ''} and is accessible`, async () => {
        const el = await render(state, elder ? 'elder' : '');
        await expect(el).to.be.accessible();
        for (const control of $$(el, 'a, button')) {
          const box = control.getBoundingClientRect();
          if (box.width === 0) continue;
          expect(box.height, `${text(control)} height`).to.be.at.least(44);
          expect(box.width, `${text(control)} width`).to.be.at.least(44);
        }
      });

  it('names the bell with the unread count and opens and closes by keyboard, focus returning to the bell', async () => {
    const el = await render(noticesFixture('bell'));
    expect(bell(el).getAttribute('aria-label')).to.equal('消息提醒，3条未读');
    expect(text($(el, '[part="count"]'))).to.equal('3');
    expect(bell(el).getAttribute('aria-expanded')).to.equal('false');
    expect($(el, '#panel').hidden).to.equal(true);
    bell(el).focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(bell(el).getAttribute('aria-expanded')).to.equal('true');
    expect(el.open).to.equal(true);
    expect(active(el)?.id).to.equal('heading');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(active(el)).to.equal(bell(el));
    await sendKeys({ press: ' ' });
    await el.updateComplete;
    expect(el.open).to.equal(true);
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(active(el)).to.equal(bell(el));
  });

  it('is not a modal: a click or focus elsewhere closes the list', async () => {
    const el = await render(noticesFixture('list'));
    const outside = document.createElement('button');
    outside.textContent = '页面上的按钮';
    document.body.append(outside);
    try {
      $<HTMLElement>(el, '#heading').focus();
      outside.focus();
      await el.updateComplete;
      expect(el.open).to.equal(false);
      el.open = true;
      await el.updateComplete;
      const box = document.body.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(box.width - 5), 590] });
      await el.updateComplete;
      expect(el.open).to.equal(false);
    } finally {
      outside.remove();
    }
  });

  it('lists newest first, marks unread in words, shows markup as text and links only to this site', async () => {
    const el = await render(noticesFixture('list'));
    const entries = $$(el, '[part="entry"]');
    expect(entries).to.have.length(10);
    expect(entries.map((entry) => entry.querySelector('.entry-title')?.id)).to.deep.equal(
      ['114', '113', '112', '111', '110', '109', '108', '107', '106', '105'].map((id) => `n-${id}`),
    );
    expect($$(el, '[part="entry"].unread')).to.have.length(3);
    expect(text(entries[0] ?? null)).to.match(/^未读 您的办件有新进展/);
    expect(text(entries[5] ?? null)).not.to.contain('未读');
    expect(text($(el, '.status'))).to.contain('3 条未读');
    // Markup in data stays text.
    expect(text(entries[2]?.querySelector('.entry-title') ?? null)).to.equal(XSS_TITLE);
    expect(shadow(el).querySelector('img')).to.equal(null);
    expect((window as unknown as { __govXss?: number }).__govXss).to.equal(undefined);
    // External, javascript: and protocol-relative links never become links; a same-site one does.
    for (const index of [2, 3, 4]) expect(entries[index]?.querySelector('a'), `entry ${index}`).to.equal(null);
    const hrefs = $$<HTMLAnchorElement>(el, '[part="list"] a').map((a) => new URL(a.href));
    expect(hrefs.every((url) => url.origin === location.origin)).to.equal(true);
    expect(hrefs.map((url) => url.hash).filter(Boolean)).to.deep.equal(['#case-109']);
  });

  it('marks one notice read by keyboard: the count drops, focus moves to the notice and it is announced', async () => {
    const el = await render(noticesFixture('list'));
    const button = $$<HTMLButtonElement>(el, '[part="entry"] button')[1] as HTMLButtonElement;
    expect(text(button)).to.equal('标为已读');
    button.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => bell(el).getAttribute('aria-label') === '消息提醒，2条未读', 'count did not drop');
    const call = stub.callsTo('api/v1/notices/113/read')[0];
    expect(call?.method).to.equal('POST');
    expect(call?.headers.get('X-CSRF')).to.equal('1');
    await waitUntil(() => active(el)?.id === 'n-113', 'focus not on the notice');
    expect(text($(el, '.root > [role="status"]'))).to.equal('已标为已读：邀请您评价：个体工商户设立登记');
    expect($$(el, '[part="entry"].unread')).to.have.length(2);
  });

  it('marks a notice read when its link is followed, then navigates (cancelable for single-page hosts)', async () => {
    const el = await render(noticesFixture('list'));
    const link = $<HTMLAnchorElement>(el, '#n-114');
    const navigate = new Promise<CustomEvent>((resolve) =>
      el.addEventListener(
        'gov-notices-navigate',
        (event) => {
          event.preventDefault();
          resolve(event as CustomEvent);
        },
        { once: true },
      ),
    );
    link.focus();
    await sendKeys({ press: 'Enter' });
    const event = await navigate;
    expect(event.detail.id).to.equal('114');
    expect(new URL(event.detail.href).searchParams.get('case-no')).to.equal('23010326112000001234');
    expect(stub.callsTo('api/v1/notices/114/read', 'POST')).to.have.length(1);
    await waitUntil(() => bell(el).getAttribute('aria-label') === '消息提醒，2条未读');
  });

  it('marks all read and moves focus to the heading', async () => {
    const el = await render(noticesFixture('list'));
    const all = $$<HTMLButtonElement>(el, 'button').find((button) => text(button) === '全部已读') as HTMLButtonElement;
    all.focus();
    await sendKeys({ press: ' ' });
    await waitUntil(() => bell(el).getAttribute('aria-label') === '消息提醒，没有未读消息', 'not all read');
    expect(stub.callsTo('api/v1/notices/read-all', 'POST')).to.have.length(1);
    expect($$(el, '[part="entry"].unread')).to.have.length(0);
    expect(text($(el, '.status'))).to.contain('没有未读消息');
    expect($(el, '[part="count"]')).to.equal(null);
    await waitUntil(() => active(el)?.id === 'heading');
    expect(text($(el, '.root > [role="status"]'))).to.equal('全部消息已标为已读');
  });

  it('asks for the site’s announcements with a valid region only', async () => {
    await render(noticesFixture('bell'), 'region="230100000000"');
    await waitUntil(() => stub.callsTo('api/v1/notices', 'GET').length > 0, 'inbox not requested');
    expect(stub.callsTo('api/v1/notices', 'GET')[0]?.url.searchParams.get('region')).to.equal('230100000000');
    const before = stub.callsTo('api/v1/notices', 'GET').length;
    await render(noticesFixture('bell'), 'region="23&x=1"');
    await waitUntil(() => stub.callsTo('api/v1/notices', 'GET').length > before, 'inbox not requested');
    expect(stub.callsTo('api/v1/notices', 'GET').at(-1)?.url.searchParams.has('region')).to.equal(false);
  });

  it('pages with 加载更多 and moves focus to the first new notice', async () => {
    const el = await render(noticesFixture('list'));
    const more = $<HTMLButtonElement>(el, '.more');
    expect(text(more)).to.equal('加载更多');
    more.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $$(el, '[part="entry"]').length === 14, 'second page not loaded');
    expect(stub.callsTo('api/v1/notices').at(-1)?.url.searchParams.get('cursor')).to.equal('c10');
    expect($(el, '.more')).to.equal(null);
    await waitUntil(() => active(el)?.id === 'n-104', 'focus not on the first new notice');
  });

  it('counts a live notice, announces it in a toast that stays while focused or hovered, and opens it', async () => {
    const el = await render(noticesFixture('bell'), 'toast-seconds="0.3"');
    await streamOpen(bff);
    await bff.publish('notice', world.push('您的办件已办结'));
    await waitUntil(() => bell(el).getAttribute('aria-label') === '消息提醒，4条未读', 'count not bumped');
    const status = toast(el).querySelector('[role="status"]');
    expect(text(status)).to.equal('新消息：您的办件已办结');
    expect(toast(el).classList.contains('vh')).to.equal(false);
    await expect(el).to.be.accessible();
    // Reachable: the next Tab stop after the bell.
    bell(el).focus();
    await sendKeys({ press: 'Tab' });
    expect(text(active(el))).to.equal('查看');
    await sleep(700);
    expect(text(status), 'hid while focused').to.equal('新消息：您的办件已办结');
    // Hovered, then left alone: it goes.
    const box = toast(el).getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(box.left + 10), Math.round(box.top + 10)] });
    bell(el).focus();
    await sleep(700);
    expect(text(status), 'hid while hovered').to.equal('新消息：您的办件已办结');
    await sendMouse({ type: 'move', position: [0, 0] });
    await waitUntil(() => text(status) === '', 'toast never hid');
    expect(toast(el).classList.contains('vh')).to.equal(true);

    // Markup in a pushed title stays text in the toast too.
    await bff.publish('notice', world.push(XSS_TITLE));
    await waitUntil(() => text(status) === `新消息：${XSS_TITLE}`);
    expect(shadow(el).querySelector('img')).to.equal(null);
    await bff.publish('notice', world.push('第二条新消息'));
    await waitUntil(() => text(status) === '新消息：第二条新消息');
    (toast(el).querySelector('button') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(el.open).to.equal(true);
    await waitUntil(() => $$(el, '[part="entry"]').length > 0);
    expect(text($(el, '[part="entry"] .entry-title'))).to.equal('第二条新消息');
  });

  it('with the list open, a live notice is announced, shows on top, and focus stays on its notice', async () => {
    const el = await render(noticesFixture('list'));
    await streamOpen(bff);
    const row = $<HTMLAnchorElement>(el, '#n-113');
    row.focus();
    await bff.publish('notice', world.push('您的办件已办结'));
    await waitUntil(() => text($(el, '.root > [role="status"]')) === '新消息：您的办件已办结', 'not announced');
    expect(text($(el, '[part="entry"] .entry-title'))).to.equal('您的办件已办结');
    expect(active(el)?.id).to.equal('n-113');
    expect(text(active(el))).to.equal('邀请您评价：个体工商户设立登记');
    expect(toast(el).classList.contains('vh')).to.equal(true);
  });

  it('keeps the pages it loaded when another tab reads a notice', async () => {
    const el = await render(noticesFixture('list'));
    await streamOpen(bff);
    $<HTMLButtonElement>(el, '.more').click();
    await waitUntil(() => $$(el, '[part="entry"]').length === 14, 'second page not loaded');
    world.notices = world.notices.map((notice) => (notice.id === '114' ? { ...notice, read: true } : notice));
    await bff.publish('notices-read', { unread: 2 });
    await waitUntil(() => bell(el).getAttribute('aria-label') === '消息提醒，2条未读', 'count not set');
    await waitUntil(() => $$(el, '[part="entry"].unread').length === 2, 'list not refreshed');
    expect($$(el, '[part="entry"]')).to.have.length(14);
  });

  it('takes the count from notices-read and fetches again on announcement', async () => {
    const el = await render(noticesFixture('bell'));
    await streamOpen(bff);
    world.notices = world.notices.map((notice) => ({ ...notice, read: true }));
    await bff.publish('notices-read', { unread: 0 });
    await waitUntil(() => bell(el).getAttribute('aria-label') === '消息提醒，没有未读消息', 'count not set');
    const before = stub.callsTo('api/v1/notices', 'GET').length;
    world.push('系统公告');
    await bff.publish('announcement', { id: 'a1', title: '系统公告', regionCode: null });
    await waitUntil(() => stub.callsTo('api/v1/notices', 'GET').length > before, 'not fetched again');
    await waitUntil(() => bell(el).getAttribute('aria-label') === '消息提醒，1条未读');
  });

  it('shows nothing to anonymous visitors by default and calls no inbox API', async () => {
    const el = await render(noticesFixture('logged-out-hide'));
    expect(text(shadow(el) as unknown as Element)).to.equal('');
    expect(el.getBoundingClientRect().width).to.equal(0);
    expect(stub.callsTo('api/v1/')).to.have.length(0);
  });

  it('offers a quiet login link with anonymous="login"', async () => {
    const el = await render(noticesFixture('logged-out-login'));
    const login = $<HTMLAnchorElement>(el, '[part="login"]');
    expect(text(login)).to.equal('登录后查看消息');
    expect(new URL(login.href).searchParams.get('return_to')).to.equal(location.href);
    expect(stub.callsTo('api/v1/')).to.have.length(0);
  });

  it('says what went wrong and retries', async () => {
    const el = await render(noticesFixture('error'));
    expect(text($(el, '.problem'))).to.contain('服务暂时不可用');
    expect(bell(el).getAttribute('aria-label')).to.equal('消息提醒');
    world.mode = 'signed-in';
    $<HTMLButtonElement>(el, '.problem button').click();
    await settled(el, 'list');
  });

  it('keeps the open list inside a 320px viewport', async () => {
    await setViewport({ width: 320, height: 640 });
    const el = await render(noticesFixture('list'));
    await el.updateComplete;
    const panel = $(el, '#panel').getBoundingClientRect();
    expect(panel.left).to.be.at.least(0);
    expect(panel.right).to.be.at.most(320);
    expect(document.documentElement.scrollWidth).to.be.at.most(320);
  });
});
