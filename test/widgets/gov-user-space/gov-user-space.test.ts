/**
 * <gov-user-space> in Chromium, against the fake case and personal-space API of demo/fixtures/cases-api.ts (the
 * gallery's answers) behind a fetch stub, with the real test BFF's SSE stream. Every state of
 * demo/fixtures/cases.ts is rendered and checked with axe; the open tab lives in the real page URL.
 */
import { expect, fixture, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { createCasesWorld } from '../../../demo/fixtures/cases-api.js';
import { CASES, userSpaceFixture, userSpaceFixtures, type UserSpaceFixture } from '../../../demo/fixtures/cases.js';
import type { GovCaseTracker } from '../../../widgets/gov-case-tracker/gov-case-tracker.js';
import '../../../widgets/gov-user-space/define.js';
import type { GovUserSpace, GovUserSpaceChangedDetail } from '../../../widgets/gov-user-space/gov-user-space.js';
import { freshSessionStore, streamOpen, stubCasesApi, type CasesApiStub } from '../gov-case-tracker/api-stub.js';
import { newTestBff, type TestBff } from '../support/bff-fixture.js';

let bff: TestBff;
let stub: CasesApiStub;
const startHref = location.href;
const last = new WeakMap<EventTarget, GovUserSpaceChangedDetail>();
const record = (event: Event) =>
  last.set(event.target as EventTarget, (event as CustomEvent<GovUserSpaceChangedDetail>).detail);

const shadow = (el: Element) => el.shadowRoot as ShadowRoot;
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) =>
  shadow(el).querySelector<T>(selector) as T;
const $$ = <T extends Element = HTMLElement>(el: Element, selector: string) => [
  ...shadow(el).querySelectorAll<T>(selector),
];
const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const active = (el: Element) => shadow(el).activeElement as HTMLElement | null;
const tab = (el: GovUserSpace, section: string) => $<HTMLButtonElement>(el, `#tab-${section}`);
const section = () => new URL(location.href).searchParams.get('space-section');

function setUrl(search = ''): void {
  const url = new URL(startHref);
  for (const [key, value] of new URLSearchParams(search)) url.searchParams.set(key, value);
  history.replaceState(null, '', url);
}

async function settled(el: GovUserSpace, status: GovUserSpaceStatus, where?: string): Promise<void> {
  await el.updateComplete;
  await waitUntil(
    () => last.get(el)?.status === status && (!where || last.get(el)?.section === where),
    `never ${status}; last ${JSON.stringify(last.get(el))}`,
  );
  await el.updateComplete;
}
type GovUserSpaceStatus = GovUserSpaceChangedDetail['status'];

async function render(state: UserSpaceFixture, html?: string): Promise<GovUserSpace> {
  stub.world = createCasesWorld(state.mode, state.lookupFactor);
  setUrl(state.search);
  const attributes = Object.entries(state.attributes ?? {})
    .map(([name, value]) => (value ? `${name}="${value}"` : name))
    .join(' ');
  const el = await fixture<GovUserSpace>(html ?? `<gov-user-space ${attributes}></gov-user-space>`);
  await settled(el, state.expected);
  return el;
}

const tracker = (el: GovUserSpace) => $<GovCaseTracker>(el, 'gov-case-tracker');

describe('<gov-user-space>', () => {
  before(() => {
    bff = newTestBff();
  });

  beforeEach(() => {
    freshSessionStore();
    stub = stubCasesApi(bff);
    document.addEventListener('gov-user-space-changed', record);
  });

  afterEach(async () => {
    document.removeEventListener('gov-user-space-changed', record);
    stub.restore();
    history.replaceState(null, '', startHref);
    await setViewport({ width: 800, height: 600 });
  });

  for (const state of userSpaceFixtures)
    it(`renders the ${state.name} state and is accessible`, async () => {
      const el = await render(state);
      await expect(el).to.be.accessible();
      for (const control of $$(el, 'a, button')) {
        const box = control.getBoundingClientRect();
        if (box.width === 0) continue;
        expect(box.height, `${text(control)} height`).to.be.at.least(44);
        expect(box.width, `${text(control)} width`).to.be.at.least(44);
      }
    });

  it('opens on 我的办件 with the case list embedded, and shows the unread count on 消息', async () => {
    const el = await render(userSpaceFixture('cases'));
    expect($$(el, '[role="tab"]').map((node) => text(node))).to.deep.equal([
      '我的办件',
      '我的评价',
      '我的咨询',
      '消息（2 条未读）',
      '我的资料',
    ]);
    expect(tab(el, 'cases').getAttribute('aria-selected')).to.equal('true');
    const list = tracker(el);
    expect(list.getAttribute('mode')).to.equal('list');
    expect(list.getAttribute('heading-level')).to.equal('3');
    expect($$(list, '[part="case"]')).to.have.length(10);
    expect(text($(el, '.muted'))).to.equal('您好，张*三');
  });

  it('moves between tabs by keyboard, keeps the open tab in the URL, and back returns focus to the tab', async () => {
    const el = await render(userSpaceFixture('cases'));
    tab(el, 'cases').focus();
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    expect(active(el)).to.equal(tab(el, 'consultations'));
    await sendKeys({ press: 'Home' });
    expect(active(el)).to.equal(tab(el, 'cases'));
    await sendKeys({ press: 'End' });
    expect(active(el)).to.equal(tab(el, 'profile'));
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'Enter' });
    await settled(el, 'ready', 'notices');
    expect(section()).to.equal('notices');
    expect(tab(el, 'notices').getAttribute('aria-selected')).to.equal('true');
    expect(tab(el, 'notices').tabIndex).to.equal(0);
    expect(tab(el, 'cases').tabIndex).to.equal(-1);
    expect($(el, '[role="tabpanel"]').getAttribute('aria-labelledby')).to.equal('tab-notices');
    expect(active(el)).to.equal(tab(el, 'notices'));
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: ' ' });
    await settled(el, 'ready', 'profile');
    expect(section()).to.equal('profile');

    history.back();
    await settled(el, 'ready', 'notices');
    await waitUntil(() => active(el) === tab(el, 'notices'), 'focus not on the tab');
    history.back();
    await settled(el, 'ready', 'cases');
    expect(section()).to.equal(null);
  });

  it('lists my evaluations with the rectification of a 差评', async () => {
    const el = await render(userSpaceFixture('evaluations'));
    const entries = $$(el, '[part="entry"]');
    expect(entries).to.have.length(3);
    expect(text(entries[2] ?? null))
      .to.contain('居住证申领')
      .and.contain('评价：不满意')
      .and.contain('整改进度：整改中');
    expect(stub.callsTo('api/v1/evaluations').at(-1)?.url.searchParams.get('mine')).to.equal('1');
  });

  it('offers a 差评 — and only a 差评 — as a complaint when complaint-href is set (issue 8)', async () => {
    const el = await render(userSpaceFixture('evaluations'));
    const links = $$<HTMLAnchorElement>(el, '[part="entry"] a');
    expect(links).to.have.length(1);
    const link = links[0] as HTMLAnchorElement;
    expect(link.closest('[part="entry"]')).to.equal($$(el, '[part="entry"]')[2]);
    expect(text(link)).to.equal('对处理结果不满意？我要投诉（居住证申领）');
    expect(new URL(link.href).searchParams.get('consult-evaluation')).to.equal('ev-1');
    // By keyboard: the tab, the panel, then the link.
    tab(el, 'evaluations').focus();
    await sendKeys({ press: 'Tab' });
    expect(active(el)?.getAttribute('role')).to.equal('tabpanel');
    await sendKeys({ press: 'Tab' });
    expect(active(el)).to.equal(link);
    await expect(el).to.be.accessible();

    const plain = await render(userSpaceFixture('evaluations'), '<gov-user-space></gov-user-space>');
    expect($$(plain, '[part="entry"]')).to.have.length(3);
    expect($$(plain, '[part="entry"] a')).to.have.length(0);
  });

  it('lists my consultations with their status and reply dates', async () => {
    const el = await render(userSpaceFixture('consultations'));
    const entries = $$(el, '[part="entry"]');
    expect(text(entries[0] ?? null))
      .to.contain('已答复')
      .and.contain('答复时间 2026年11月24日');
    expect(text(entries[1] ?? null))
      .to.contain('投诉')
      .and.contain('承诺 2026年12月2日 前答复');
  });

  it('marks a message read: the count drops, focus moves to the message and it is announced', async () => {
    const el = await render(userSpaceFixture('notices'));
    expect(text($(el, '[part="status"]'))).to.equal('2 条未读消息');
    const unread = $$(el, '[part="entry"].unread');
    expect(unread).to.have.length(2);
    expect(text(unread[0] ?? null)).to.contain('未读');
    const button = unread[0]?.querySelector('button') as HTMLButtonElement;
    expect(text(button)).to.equal('标为已读');
    button.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => text(tab(el, 'notices')) === '消息（1 条未读）', 'count did not drop');
    const read = stub.callsTo('api/v1/notices/').at(-1);
    expect(read?.method).to.equal('POST');
    expect(read?.url.pathname).to.match(/\/api\/v1\/notices\/n-4\/read$/);
    expect(read?.headers.get('X-CSRF')).to.equal('1');
    await waitUntil(() => active(el)?.id === 'n-n-4', 'focus not on the message');
    expect(text($(el, '.root > [role="status"]'))).to.equal('已标为已读：您的办件有新进展');
    expect($$(el, '[part="entry"].unread')).to.have.length(1);
  });

  it('links a message only to this site', async () => {
    const el = await render(userSpaceFixture('notices'));
    const link = $<HTMLAnchorElement>(el, '[part="entry"] a');
    expect(new URL(link.href).pathname).to.equal('/space/');
    expect(new URL(link.href).searchParams.get('case-no')).to.equal(CASES.idCard);
    const { sameSiteLink } = await import('../../../widgets/gov-user-space/sections-view.js');
    expect(sameSiteLink('https://evil.example/')).to.equal(null);
    expect(sameSiteLink('javascript:alert(1)')).to.equal(null);
  });

  it('refreshes the messages live when a case progresses', async () => {
    const el = await render(userSpaceFixture('notices'));
    await streamOpen(bff);
    // The sync writes the notice with the progress, then publishes the event.
    stub.world.progress(CASES.idCard);
    await bff.publish('case-progress', { projectNo: CASES.idCard, kind: 'step' });
    await waitUntil(() => text(tab(el, 'notices')) === '消息（3 条未读）', 'messages not refreshed');
    expect(text($(el, '[part="entry"]')))
      .to.contain('您的办件有新进展')
      .and.contain('未读');
    expect(text($(el, '[part="status"]'))).to.equal('3 条未读消息');
  });

  it('shows the profile masked, with the platform link', async () => {
    const el = await render(userSpaceFixture('profile'));
    const profile = text($(el, '[part="profile"]'));
    expect(profile).to.contain('2301**********1234').and.contain('138****5678').and.contain('已实名认证');
    expect(shadow(el).textContent).not.to.match(/(?<!\d)\d{17}[\dX](?!\d)|1\d{10}/);
    const link = $<HTMLAnchorElement>(el, 'a[part="button"]');
    expect(text(link)).to.equal('到统一身份认证平台修改资料');
    expect(link.href).to.equal('https://tyrz.hlj.example/account/profile');
  });

  it('asks signed-out visitors to log in and calls no personal API', async () => {
    const el = await render(userSpaceFixture('logged-out'));
    const login = $<HTMLAnchorElement>(el, '[part="prompt"] a');
    expect(text(login)).to.equal('登录');
    expect(new URL(login.href).searchParams.get('return_to')).to.equal(location.href);
    expect(stub.callsTo('api/v1/')).to.have.length(0);
    expect($(el, '[role="tablist"]')).to.equal(null);
  });

  it('says what went wrong and retries', async () => {
    const failed = oneEvent(document, 'gov-error');
    const el = await render(userSpaceFixture('error'));
    expect((await failed).detail.code).to.equal('service_unavailable');
    expect(text($(el, '.problem'))).to.contain('服务暂时不可用');
    stub.world.mode = 'signed-in';
    $<HTMLButtonElement>(el, '.problem button').click();
    await settled(el, 'ready', 'notices');
  });

  it('explains an empty section', async () => {
    const el = await render(userSpaceFixture('empty'));
    expect(text($(el, '[part="status"]'))).to.equal('您还没有评价过办件。办件办结后，可以在办件详情中评价。');
    tab(el, 'cases').click();
    await settled(el, 'empty', 'cases');
  });

  it('fits 320px without horizontal overflow, tabs wrapped', async () => {
    await setViewport({ width: 320, height: 640 });
    for (const name of ['cases', 'evaluations', 'notices', 'profile']) {
      const el = await render(userSpaceFixture(name));
      const root = $(el, '.root');
      expect(root.scrollWidth, `${name}: widget scroll width`).to.be.at.most(root.clientWidth);
      expect(document.documentElement.scrollWidth, `${name}: page scroll width`).to.be.at.most(320);
    }
  });

  it('keeps its size and layout under hostile page CSS', async () => {
    const hostile = document.createElement('style');
    hostile.textContent = `* { all: revert !important; }
      html { font-size: 10px !important; }
      body * { font-size: 12px; line-height: 3 !important; letter-spacing: 0.3em !important;
        text-transform: uppercase !important; display: inline !important; }`;
    document.head.append(hostile);
    try {
      const el = await render(userSpaceFixture('english'));
      const selected = tab(el, 'profile');
      expect(text(selected)).to.equal('My details');
      expect(parseFloat(getComputedStyle(selected).fontSize)).to.be.at.least(16);
      expect(getComputedStyle(selected).letterSpacing).to.equal('normal');
      expect(selected.getBoundingClientRect().height).to.be.at.least(44);
    } finally {
      hostile.remove();
    }
  });

  it('enlarges text in 适老化 mode, the embedded case list too', async () => {
    const el = await render(userSpaceFixture('elder'));
    expect(parseFloat(getComputedStyle(tab(el, 'notices')).fontSize)).to.be.at.least(20);
    tab(el, 'cases').click();
    await settled(el, 'ready', 'cases');
    expect(tracker(el).hasAttribute('elder')).to.equal(true);
    const link = $(tracker(el), '[part="case"] a');
    expect(parseFloat(getComputedStyle(link).fontSize)).to.be.at.least(20);
  });

  it('hides its light-DOM fallback once upgraded', async () => {
    const el = await render(
      userSpaceFixture('profile'),
      '<gov-user-space><a href="/space/">个人空间</a></gov-user-space>',
    );
    expect((el.querySelector('a') as HTMLAnchorElement).checkVisibility()).to.equal(false);
  });

  it('fires gov-user-space-changed with status and section', async () => {
    const changes: GovUserSpaceChangedDetail[] = [];
    const listen = (event: Event) => changes.push((event as CustomEvent<GovUserSpaceChangedDetail>).detail);
    document.addEventListener('gov-user-space-changed', listen);
    try {
      await render(userSpaceFixture('profile'));
      expect(changes[0]).to.deep.equal({ status: 'loading', section: 'profile' });
      expect(changes.at(-1)).to.deep.equal({ status: 'ready', section: 'profile' });
    } finally {
      document.removeEventListener('gov-user-space-changed', listen);
    }
  });
});
