/**
 * <gov-item-nav> in Chromium. The BFF is the fake navigation API of demo/fixtures/items-api.ts behind a fetch
 * stub (the same answers the gallery's msw handlers give); every state of demo/fixtures/items.ts is rendered and
 * checked with axe. URL state is the real page URL (history.pushState / back / forward), restored after each test.
 */
import { expect, fixture, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import {
  COMPANY_REGISTRATION,
  ID_CARD_RENEWAL,
  itemNavFixture,
  itemNavFixtures,
  type ItemNavFixture,
} from '../../../demo/fixtures/items.js';
import { DEPARTMENTS, fixtureItem } from '../../../demo/fixtures/items-data.js';
import '../../../widgets/gov-item-nav/define.js';
import type { GovItemNav, GovItemNavChangedDetail } from '../../../widgets/gov-item-nav/gov-item-nav.js';
import { freshSessionStore } from '../gov-case-tracker/api-stub.js';
import { answerActivity, stubItemsApi, type ItemsApiStub } from './api-stub.js';

let stub: ItemsApiStub;
const startHref = location.href;
/** The last gov-item-nav-changed detail of each element. */
const last = new WeakMap<EventTarget, GovItemNavChangedDetail>();
const record = (event: Event) =>
  last.set(event.target as EventTarget, (event as CustomEvent<GovItemNavChangedDetail>).detail);

const shadow = (el: GovItemNav) => el.shadowRoot as ShadowRoot;
const $ = <T extends Element = HTMLElement>(el: GovItemNav, selector: string) =>
  shadow(el).querySelector<T>(selector) as T;
const $$ = <T extends Element = HTMLElement>(el: GovItemNav, selector: string) => [
  ...shadow(el).querySelectorAll<T>(selector),
];
const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const active = (el: GovItemNav) => shadow(el).activeElement as HTMLElement | null;

function setUrl(search = ''): void {
  const url = new URL(startHref);
  for (const [key, value] of new URLSearchParams(search)) url.searchParams.set(key, value);
  history.replaceState(null, '', url);
}

/** Waits for `status`, after the update that a click or URL change has just queued (which emits `loading`). */
async function settled(el: GovItemNav, status: GovItemNavChangedDetail['status']): Promise<GovItemNavChangedDetail> {
  await el.updateComplete;
  await waitUntil(() => last.get(el)?.status === status, `never ${status}; last ${JSON.stringify(last.get(el))}`);
  await el.updateComplete;
  return last.get(el) as GovItemNavChangedDetail;
}

async function render(state: ItemNavFixture, html?: string): Promise<GovItemNav> {
  stub.mode = state.mode;
  setUrl(state.search);
  const attributes = Object.entries(state.attributes ?? {})
    .map(([name, value]) => (value ? `${name}="${value}"` : name))
    .join(' ');
  const el = await fixture<GovItemNav>(html ?? `<gov-item-nav ${attributes}></gov-item-nav>`);
  await settled(el, state.expected);
  return el;
}

const itemLink = (el: GovItemNav, code: string) => $<HTMLAnchorElement>(el, `a[data-code="${code}"]`);
const option = (el: GovItemNav, key: string, value = '') => $<HTMLAnchorElement>(el, `a[data-focus="${key}:${value}"]`);
const lastCall = (route: string) => stub.callsTo(route).at(-1)?.url.searchParams;

describe('<gov-item-nav>', () => {
  beforeEach(() => {
    stub = stubItemsApi();
    document.addEventListener('gov-item-nav-changed', record);
  });

  afterEach(async () => {
    document.removeEventListener('gov-item-nav-changed', record);
    stub.restore();
    history.replaceState(null, '', startHref);
    await setViewport({ width: 800, height: 600 });
  });

  for (const state of itemNavFixtures)
    it(`renders the ${state.name} state and is accessible`, async () => {
      const el = await render(state);
      await expect(el).to.be.accessible();
      // Touch targets: every visible control at least 44 × 44 CSS px (WCAG 2.5.5 / 适老化).
      for (const control of $$(el, 'a, button, summary')) {
        const box = control.getBoundingClientRect();
        if (box.width === 0 || control.closest('.vh')) continue;
        expect(box.height, `${text(control)} height`).to.be.at.least(44);
        expect(box.width, `${text(control)} width`).to.be.at.least(44);
      }
    });

  it('lists items with facets and counts, and announces the total politely', async () => {
    const el = await render(itemNavFixture('browse'));
    const status = $(el, '[part="status"]');
    expect(status.getAttribute('role')).to.equal('status');
    expect(text(status)).to.match(/^共 \d+ 项事项$/);
    expect($$(el, '[part="item"]')).to.have.length(10);
    const themes = $(el, '#facet-theme').closest('section') as HTMLElement;
    expect(text(themes)).to.contain('证件办理').and.contain('住房保障');
    expect(text(option(el, 'theme', '090'))).to.match(/^证件办理\d+项$/);
    expect(lastCall('items')?.get('audience')).to.equal('natural');
    const first = $(el, '[part="item"]');
    expect(text(first))
      .to.contain('居民身份证换领')
      .and.contain('哈尔滨市公安局南岗分局')
      .and.contain('承诺时限：20个工作日');
  });

  it('sends X-CSRF on every call', async () => {
    await render(itemNavFixture('browse'));
    expect(stub.calls.length).to.be.at.least(2);
    for (const call of stub.calls) expect(call.headers.get('X-CSRF')).to.equal('1');
  });

  it('keeps filters in the URL: a facet click pushes state, back and forward restore it', async () => {
    const el = await render(itemNavFixture('browse'));
    const historyLength = history.length;
    option(el, 'theme', '090').click();
    await settled(el, 'results');
    expect(new URL(location.href).searchParams.get('item-theme')).to.equal('090');
    expect(history.length).to.equal(historyLength + 1);
    expect(lastCall('items')?.get('theme')).to.equal('090');
    expect(lastCall('facets')?.get('theme')).to.equal('090');
    expect(option(el, 'theme', '090').getAttribute('aria-current')).to.equal('true');
    expect(text($(el, '.chips'))).to.contain('主题：证件办理');
    const filtered = $$(el, '[part="item"]').length;

    history.back();
    await waitUntil(() => !new URL(location.href).searchParams.has('item-theme'), 'back did not happen');
    await waitUntil(() => last.get(el)?.status === 'results' && !last.get(el)?.filters.theme, 'back not restored');
    expect(lastCall('items')?.get('theme')).to.equal(null);
    expect($(el, '.chips')).to.equal(null);

    history.forward();
    await waitUntil(() => last.get(el)?.filters.theme === '090' && last.get(el)?.status === 'results', 'forward');
    await el.updateComplete;
    expect($$(el, '[part="item"]')).to.have.length(filtered);
  });

  it('ignores history changes that leave its parameters alone, and survives being moved', async () => {
    const el = await render(itemNavFixture('browse'));
    option(el, 'theme', '090').focus();
    const calls = stub.calls.length;
    history.pushState(null, '', '#elsewhere');
    history.back();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await el.updateComplete;
    expect(shadow(el).activeElement).to.equal(option(el, 'theme', '090'));
    // Accessibility toolbars re-parent page content: no refetch, no second gov-ready.
    const wrapper = document.createElement('div');
    el.before(wrapper);
    wrapper.append(el);
    await el.updateComplete;
    expect(stub.calls.length).to.equal(calls);
    expect(last.get(el)?.status).to.equal('results');
  });

  it('starts from a shared link, and the links it renders are real URLs', async () => {
    const el = await render(itemNavFixture('filtered'));
    const items = lastCall('items');
    expect(items?.get('theme')).to.equal('090');
    expect(items?.get('region')).to.equal('230100000000');
    expect(text($(el, '[part="status"]'))).to.equal('共 5 项事项');
    // The chosen region's name, though the link carried only its code.
    expect(text($(el, '.chips'))).to.contain('地区：哈尔滨市');
    expect(text(option(el, 'region', '230100000000'))).to.equal('哈尔滨市');
    const link = itemLink(el, ID_CARD_RENEWAL.code);
    const target = new URL(link.href);
    expect(target.searchParams.get('item-code')).to.equal(ID_CARD_RENEWAL.code);
    expect(target.searchParams.get('item-theme')).to.equal('090');
    // The host page's own parameters survive.
    expect(target.searchParams.get('wtr-session-id')).to.equal(new URL(startHref).searchParams.get('wtr-session-id'));
  });

  it('drills into regions and back up a level', async () => {
    const el = await render(itemNavFixture('browse'));
    option(el, 'region', '230100000000').click();
    await settled(el, 'results');
    expect(option(el, 'region', '230100000000').getAttribute('aria-current')).to.equal('true');
    expect(text(option(el, 'region', '230103000000'))).to.contain('南岗区');
    // Focus stays on the region just chosen (now the current entry), not lost to the page.
    expect(active(el)).to.equal(option(el, 'region', '230100000000'));
    option(el, 'region', '230103000000').click();
    await settled(el, 'results');
    expect(lastCall('items')?.get('region')).to.equal('230103000000');
    expect(text(option(el, 'region', '230100000000'))).to.contain('返回上一级');
    expect(text($(el, '.chips'))).to.contain('地区：南岗区');
  });

  it('switches between 个人 and 法人, dropping the theme that belongs to the other list', async () => {
    const el = await render(itemNavFixture('filtered'));
    option(el, 'audience', 'legal').click();
    await settled(el, 'results');
    const params = new URL(location.href).searchParams;
    expect(params.get('item-audience')).to.equal('legal');
    expect(params.get('item-theme')).to.equal(null);
    expect(params.get('item-region')).to.equal('230100000000');
    expect(text($(el, '#facet-theme').parentElement)).to.contain('设立变更');
  });

  it('opens a guide and returns by keyboard only, focus on the heading and back on the item', async () => {
    const el = await render(itemNavFixture('browse'));
    const link = itemLink(el, ID_CARD_RENEWAL.code);
    link.focus();
    await sendKeys({ press: 'Enter' });
    const opened = await settled(el, 'guide');
    expect(opened.code).to.equal(ID_CARD_RENEWAL.code);
    expect(new URL(location.href).searchParams.get('item-code')).to.equal(ID_CARD_RENEWAL.code);
    expect(active(el)?.id).to.equal('guide-title');
    expect(text(active(el))).to.equal('居民身份证换领');

    // Shift+Tab from the heading reaches 返回事项列表.
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(text(active(el))).to.equal('‹ 返回事项列表');
    await sendKeys({ press: 'Enter' });
    await settled(el, 'results');
    await waitUntil(() => active(el) === itemLink(el, ID_CARD_RENEWAL.code), 'focus did not return to the item');
    expect(new URL(location.href).searchParams.get('item-code')).to.equal(null);
  });

  describe('records a view for the recommender (issue 9)', () => {
    const posts = () => stub.callsTo('recommendations/activity').filter((call) => call.method === 'POST');
    beforeEach(() => freshSessionStore());
    afterEach(() => freshSessionStore());

    it('posts one view when a signed-in user opens a guide by keyboard', async () => {
      answerActivity(stub, true);
      const el = await render(itemNavFixture('browse'));
      expect(posts()).to.have.length(0);
      itemLink(el, ID_CARD_RENEWAL.code).focus();
      await sendKeys({ press: 'Enter' });
      await settled(el, 'guide');
      await waitUntil(() => posts().length === 1, 'no view recorded');
      expect(posts()[0]?.body).to.deep.equal({ kind: 'view', itemCode: ID_CARD_RENEWAL.code });
      expect(posts()[0]?.headers.get('X-CSRF')).to.equal('1');
      // Back to the list records nothing more.
      $$<HTMLAnchorElement>(el, 'a')
        .find((node) => text(node) === '‹ 返回事项列表')
        ?.click();
      await settled(el, 'results');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(posts()).to.have.length(1);
    });

    it('records nothing for an anonymous visitor, nor for an item that is gone', async () => {
      answerActivity(stub, false);
      await render(itemNavFixture('guide'));
      // The session is asked once the guide has opened; anonymous, nothing follows.
      await waitUntil(() => stub.calls.some((call) => call.url.pathname.endsWith('/auth/session')), 'no session check');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(posts()).to.have.length(0);
      freshSessionStore();
      answerActivity(stub, true);
      await render({ ...itemNavFixture('guide'), search: '?item-code=NO-SUCH-ITEM', expected: 'error' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(posts()).to.have.length(0);
    });

    it('shows the guide and no error when recording fails', async () => {
      answerActivity(stub, true, 503);
      const errors: Event[] = [];
      const onError = (event: Event) => errors.push(event);
      document.addEventListener('gov-error', onError);
      try {
        const el = await render(itemNavFixture('guide'));
        await waitUntil(() => posts().length === 1, 'no view attempted');
        await new Promise((resolve) => setTimeout(resolve, 100));
        await el.updateComplete;
        expect(last.get(el)?.status).to.equal('guide');
        expect($(el, '.problem')).to.equal(null);
        expect(errors).to.have.length(0);
        await expect(el).to.be.accessible();
      } finally {
        document.removeEventListener('gov-error', onError);
      }
    });
  });

  it('returns focus to the item on the browser back button too, and reopens on forward', async () => {
    const el = await render(itemNavFixture('browse'));
    const code = $$<HTMLAnchorElement>(el, 'a[data-code]')[3]?.dataset.code as string;
    itemLink(el, code).click();
    await settled(el, 'guide');
    history.back();
    await settled(el, 'results');
    await waitUntil(() => active(el) === itemLink(el, code), 'focus did not return');
    history.forward();
    await settled(el, 'guide');
    await waitUntil(() => active(el)?.id === 'guide-title', 'focus not on the guide heading');
  });

  it('shows the whole guide: materials with necessity, fees, limits, place, phones, basis, FAQs, steps', async () => {
    const el = await render(itemNavFixture('guide'));
    const guide = text($(el, '[part="guide"]'));
    for (const part of [
      '受理条件',
      '申请材料',
      '收费标准',
      '办理流程',
      '办理地点',
      '办理时间',
      '咨询电话',
      '设定依据',
      '常见问题',
    ])
      expect(guide, part).to.contain(part);
    expect(guide)
      .to.match(/法定办结时限 ?60个工作日/)
      .and.match(/承诺办结时限 ?20个工作日/);
    const materials = $$(el, '.material');
    expect(materials).to.have.length(4);
    expect(text(materials[0] ?? null))
      .to.contain('居民户口簿')
      .and.contain('必要');
    expect(text(materials[2] ?? null)).to.contain('容缺后补');
    expect($<HTMLAnchorElement>(el, 'a[href^="tel:"]').getAttribute('href')).to.equal('tel:0451-86780110');
    expect(text($(el, '.steps'))).to.contain('制证');
    expect($$(el, 'details.faq')).to.have.length(3);
    const online = $<HTMLAnchorElement>(el, '[part="online-link"]');
    expect(text(online)).to.equal('在线办理（使用统一身份认证登录）');
  });

  it('marks the online link only when it uses unified login', async () => {
    const el = await render(itemNavFixture('guide-online'));
    expect(last.get(el)?.code).to.equal(COMPANY_REGISTRATION.code);
    expect(text($(el, '[part="online-link"]'))).to.equal('在线办理（使用统一身份认证登录）');
    const plain = await render({ ...itemNavFixture('guide'), search: `?item-code=${fixtureItem('出生登记').code}` });
    expect(text($(plain, '[part="online-link"]'))).to.equal('在线办理');
  });

  it('says so when a shared link names an item that is gone', async () => {
    const el = await render({ ...itemNavFixture('guide'), search: '?item-code=NO-SUCH-ITEM', expected: 'error' });
    expect(text($(el, '.problem'))).to.contain('未找到该事项');
    expect($(el, '.problem button')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('pre-filters by attribute: sends the filter, hides the facet, and the URL cannot widen it', async () => {
    const psb = DEPARTMENTS.psbNangang.code;
    const el = await render({
      ...itemNavFixture('department-site'),
      search: `?item-dept=${DEPARTMENTS.hpfHarbin.code}`,
    });
    expect(lastCall('items')?.get('dept')).to.equal(psb);
    expect(lastCall('facets')?.get('dept')).to.equal(psb);
    expect($(el, '#facet-dept')).to.equal(null);
    expect(text($(el, '[part="status"]'))).to.equal('共 4 项事项');
    expect(last.get(el)?.filters.dept).to.equal(psb);

    const legal = await render(
      itemNavFixture('browse'),
      `<gov-item-nav audience="legal" region="230100000000" object="enterprise"></gov-item-nav>`,
    );
    const params = lastCall('items');
    expect(params?.get('audience')).to.equal('legal');
    expect(params?.get('region')).to.equal('230100000000');
    expect(params?.get('object')).to.equal('enterprise');
    expect($(legal, '.audience')).to.equal(null);
    expect($(legal, '#facet-region')).to.equal(null);
    expect($(legal, '#facet-object')).to.equal(null);
  });

  it('keeps two widgets apart with their own parameter prefixes', async () => {
    setUrl();
    const wrapper = await fixture<HTMLElement>(
      `<div><gov-item-nav></gov-item-nav><gov-item-nav param-prefix="b-" audience="legal"></gov-item-nav></div>`,
    );
    const [first, second] = [...wrapper.querySelectorAll('gov-item-nav')] as GovItemNav[];
    if (!first || !second) throw new Error('two widgets expected');
    await settled(first, 'results');
    await settled(second, 'results');
    option(second, 'theme', '005').click();
    await settled(second, 'results');
    const params = new URL(location.href).searchParams;
    expect(params.get('b-theme')).to.equal('005');
    expect(params.get('item-theme')).to.equal(null);
    expect(last.get(first)?.filters.theme).to.equal(undefined);
    expect(last.get(second)?.filters.theme).to.equal('005');
  });

  it('loads more with the cursor and puts focus on the first new item', async () => {
    const el = await render(itemNavFixture('browse'));
    const more = $<HTMLButtonElement>(el, '.more-results');
    expect(text(more)).to.match(/^加载更多（还有 \d+ 项）$/);
    more.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $$(el, '[part="item"]').length > 10, 'no second page');
    expect(lastCall('items')?.get('cursor')).to.be.a('string');
    await waitUntil(() => active(el) === $$(el, '[part="item"] a')[10], 'focus not on the first new item');
  });

  it('aborts the request a newer choice replaces', async () => {
    const el = await render(itemNavFixture('browse'));
    stub.delayMs = 300;
    option(el, 'theme', '090').click();
    await el.updateComplete;
    const slow = stub.callsTo('items').at(-1);
    option(el, 'theme', '075').click();
    await el.updateComplete;
    expect(slow?.signal?.aborted).to.equal(true);
    await settled(el, 'results');
    await waitUntil(() => last.get(el)?.filters.theme === '075');
    expect(text($(el, '[part="list"]'))).to.contain('住房公积金');
  });

  it('says what went wrong in Chinese and retries', async () => {
    const failed = oneEvent(document, 'gov-error');
    const el = await render(itemNavFixture('error'));
    expect((await failed).detail).to.deep.equal({ code: 'service_unavailable', message: '服务暂时不可用，请稍后再试' });
    expect(text($(el, '[part="status"]'))).to.equal('服务暂时不可用，请稍后再试');
    stub.mode = 'normal';
    $<HTMLButtonElement>(el, '.results .problem button').click();
    await settled(el, 'results');
  });

  it('offers to clear the filters when nothing matches', async () => {
    const el = await render(itemNavFixture('empty'));
    expect(text($(el, '[part="status"]'))).to.equal('没有找到符合条件的事项');
    $<HTMLAnchorElement>(el, '.problem a').click();
    await settled(el, 'results');
    expect(new URL(location.href).searchParams.get('item-visits')).to.equal(null);
    expect(active(el)?.id).to.equal('results-title');
  });

  it('folds the facets into a disclosure at 320px, without horizontal overflow', async () => {
    await setViewport({ width: 320, height: 640 });
    const el = await render(itemNavFixture('filtered'));
    const toggle = $<HTMLButtonElement>(el, '.facets-toggle');
    expect(toggle.checkVisibility()).to.equal(true);
    expect(text(toggle)).to.equal('筛选条件（已选 2 项）');
    expect($(el, '[part="facets"]').checkVisibility()).to.equal(false);
    const noOverflow = () => {
      const root = $(el, '.root');
      expect(root.scrollWidth, 'widget scroll width').to.be.at.most(root.clientWidth);
      expect(document.documentElement.scrollWidth, 'page scroll width').to.be.at.most(320);
    };
    noOverflow();
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect($(el, '[part="facets"]').checkVisibility()).to.equal(true);
    noOverflow();
    await expect(el).to.be.accessible();
    itemLink(el, ID_CARD_RENEWAL.code).click();
    await settled(el, 'guide');
    noOverflow();
  });

  it('shows the facets beside the list on a wide container', async () => {
    await setViewport({ width: 1200, height: 800 });
    const el = await render(itemNavFixture('browse'));
    expect($(el, '.facets-toggle').checkVisibility()).to.equal(false);
    const facets = $(el, '[part="facets"]').getBoundingClientRect();
    const list = $(el, '[part="list"]').getBoundingClientRect();
    expect(facets.right).to.be.at.most(list.left);
  });

  it('keeps its size and layout under hostile page CSS', async () => {
    const hostile = document.createElement('style');
    hostile.textContent = `* { all: revert !important; }
      html { font-size: 10px !important; }
      body * { font-size: 12px; line-height: 3 !important; letter-spacing: 0.3em !important;
        text-transform: uppercase !important; text-align: justify !important; box-sizing: content-box !important;
        display: inline !important; }
      a { color: red !important; }`;
    document.head.append(hostile);
    try {
      const el = await render(itemNavFixture('english'));
      const link = itemLink(el, ID_CARD_RENEWAL.code);
      const style = getComputedStyle(link);
      expect(parseFloat(style.fontSize)).to.be.at.least(16);
      expect(style.letterSpacing).to.equal('normal');
      expect(style.textTransform).to.equal('none');
      expect(link.getBoundingClientRect().height).to.be.at.least(44);
      expect(text($(el, '[part="status"]'))).to.match(/^\d+ services$/);
      const root = $(el, '.root');
      expect(root.scrollWidth).to.be.at.most(root.clientWidth);
    } finally {
      hostile.remove();
    }
  });

  it('enlarges text in 适老化 mode', async () => {
    const el = await render(itemNavFixture('elder'));
    expect(parseFloat(getComputedStyle(itemLink(el, ID_CARD_RENEWAL.code)).fontSize)).to.be.at.least(20);
  });

  it('hides its light-DOM fallback once upgraded', async () => {
    const el = await render(itemNavFixture('browse'), '<gov-item-nav><a href="/banshi/">办事服务</a></gov-item-nav>');
    expect((el.querySelector('a') as HTMLAnchorElement).checkVisibility()).to.equal(false);
    expect($(el, 'slot')).to.equal(null);
  });

  it('fires gov-item-nav-changed with status, filters and code, bubbling out of the shadow root', async () => {
    setUrl(`?item-code=${ID_CARD_RENEWAL.code}`);
    const changes: GovItemNavChangedDetail[] = [];
    const listen = (event: Event) => changes.push((event as CustomEvent<GovItemNavChangedDetail>).detail);
    document.addEventListener('gov-item-nav-changed', listen);
    try {
      const el = await fixture<GovItemNav>('<gov-item-nav dept="X1"></gov-item-nav>');
      await settled(el, 'guide');
      expect(changes[0]).to.deep.equal({
        status: 'loading',
        filters: { audience: 'natural', dept: 'X1' },
        code: ID_CARD_RENEWAL.code,
      });
      expect(changes.at(-1)).to.deep.equal({
        status: 'guide',
        filters: { audience: 'natural', dept: 'X1' },
        code: ID_CARD_RENEWAL.code,
      });
    } finally {
      document.removeEventListener('gov-item-nav-changed', listen);
    }
  });
});
