/**
 * <gov-search> in Chromium, against the fake navigation/search API of demo/fixtures/items-api.ts behind a fetch
 * stub (the gallery's msw handlers answer the same). Every state of demo/fixtures/items.ts is rendered and checked
 * with axe; the combobox is driven by real key presses.
 */
import { expect, fixture, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { searchFixture, searchFixtures, type SearchFixture } from '../../../demo/fixtures/items.js';
import { fixtureItem } from '../../../demo/fixtures/items-data.js';
import '../../../widgets/gov-search/define.js';
import type {
  GovSearch,
  GovSearchChangedDetail,
  GovSearchNavigateDetail,
} from '../../../widgets/gov-search/gov-search.js';
import { freshSessionStore } from '../gov-case-tracker/api-stub.js';
import { answerActivity, stubItemsApi, type ItemsApiStub } from '../gov-item-nav/api-stub.js';

let stub: ItemsApiStub;
const startHref = location.href;
const last = new WeakMap<EventTarget, GovSearchChangedDetail>();
const record = (event: Event) =>
  last.set(event.target as EventTarget, (event as CustomEvent<GovSearchChangedDetail>).detail);
/** Navigations the widget starts, cancelled so the test page stays. */
let navigations: GovSearchNavigateDetail[] = [];
const stay = (event: Event) => {
  event.preventDefault();
  navigations.push((event as CustomEvent<GovSearchNavigateDetail>).detail);
};

const shadow = (el: GovSearch) => el.shadowRoot as ShadowRoot;
const $ = <T extends Element = HTMLElement>(el: GovSearch, selector: string) =>
  shadow(el).querySelector<T>(selector) as T;
const $$ = <T extends Element = HTMLElement>(el: GovSearch, selector: string) => [
  ...shadow(el).querySelectorAll<T>(selector),
];
const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const input = (el: GovSearch) => $<HTMLInputElement>(el, 'input');

function setUrl(search = ''): void {
  const url = new URL(startHref);
  for (const [key, value] of new URLSearchParams(search)) url.searchParams.set(key, value);
  history.replaceState(null, '', url);
}

async function settled(el: GovSearch, status: SearchFixture['expected']): Promise<void> {
  await el.updateComplete;
  if (status !== 'unknown')
    await waitUntil(() => last.get(el)?.status === status, `never ${status}; last ${JSON.stringify(last.get(el))}`);
  await el.updateComplete;
}

async function render(state: SearchFixture, html?: string): Promise<GovSearch> {
  stub.mode = state.mode;
  setUrl(state.search);
  const attributes = Object.entries(state.attributes ?? {})
    .map(([name, value]) => (value ? `${name}="${value}"` : name))
    .join(' ');
  const el = await fixture<GovSearch>(html ?? `<gov-search ${attributes}></gov-search>`);
  await settled(el, state.expected);
  return el;
}

/** Types into the box like a user and waits for the suggestion list. */
async function typeAndSuggest(el: GovSearch, words: string): Promise<HTMLElement[]> {
  input(el).focus();
  await sendKeys({ type: words });
  await waitUntil(() => input(el).getAttribute('aria-expanded') === 'true', 'no suggestions');
  return $$(el, '[role="option"]');
}

describe('<gov-search>', () => {
  beforeEach(() => {
    stub = stubItemsApi();
    navigations = [];
    document.addEventListener('gov-search-changed', record);
    document.addEventListener('gov-search-before-navigate', stay);
  });

  afterEach(async () => {
    document.removeEventListener('gov-search-changed', record);
    document.removeEventListener('gov-search-before-navigate', stay);
    stub.restore();
    history.replaceState(null, '', startHref);
    await setViewport({ width: 800, height: 600 });
  });

  for (const state of searchFixtures)
    it(`renders the ${state.name} state and is accessible`, async () => {
      const el = await render(state);
      await expect(el).to.be.accessible();
      for (const control of $$(el, 'a, button, input')) {
        const box = control.getBoundingClientRect();
        if (box.width === 0) continue;
        expect(box.height, `${text(control)} height`).to.be.at.least(44);
        expect(box.width, `${text(control)} width`).to.be.at.least(44);
      }
    });

  it('is an ARIA combobox: suggestions by keyboard, arrows move, Escape closes then clears', async () => {
    const el = await render(searchFixture('suggestions'));
    const box = input(el);
    expect(box.getAttribute('role')).to.equal('combobox');
    expect(box.getAttribute('aria-controls')).to.equal('suggestions');
    expect(text($(el, 'label'))).to.equal('搜索办事服务');
    const options = await typeAndSuggest(el, '公积金');
    expect(options.length).to.be.at.least(3);
    expect(text(options[0] ?? null)).to.contain('住房公积金');
    expect(options[0]?.querySelector('mark')?.textContent).to.equal('住房公积金');
    expect(text($(el, 'form [role="status"]'))).to.match(/^有 \d+ 条建议/);
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(box.getAttribute('aria-activedescendant')).to.equal('s-0');
    expect(options[0]?.getAttribute('aria-selected')).to.equal('true');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(box.getAttribute('aria-activedescendant')).to.equal(`s-${options.length - 1}`);
    expect(shadow(el).activeElement).to.equal(box);

    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(box.getAttribute('aria-expanded')).to.equal('false');
    expect(box.hasAttribute('aria-activedescendant')).to.equal(false);
    expect(box.value).to.equal('公积金');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(box.value).to.equal('');
  });

  it('asks for suggestions once per pause in typing, not per keystroke', async () => {
    const el = await render(searchFixture('suggestions'));
    await typeAndSuggest(el, '身份证');
    expect(stub.callsTo('suggest')).to.have.length(1);
    expect(stub.callsTo('suggest')[0]?.url.searchParams.get('q')).to.equal('身份证');
  });

  it('opens a suggested item with Enter, through a cancelable gov-search-before-navigate', async () => {
    const el = await render(searchFixture('suggestions'));
    await typeAndSuggest(el, '身份证');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => navigations.length === 1);
    const code = fixtureItem('居民身份证换领').code;
    expect(navigations[0]).to.deep.equal({
      url: new URL(`/banshi/?item-code=${code}`, location.href).href,
      reason: 'suggestion',
    });
  });

  it('sends the query to the action page on Enter when no suggestion is chosen', async () => {
    const el = await render(searchFixture('suggestions'));
    input(el).focus();
    await sendKeys({ type: '哈尔滨 公积金' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => navigations.length === 1);
    expect(navigations[0]).to.deep.equal({
      url: new URL(`/search/?q=${encodeURIComponent('哈尔滨 公积金').replace(/%20/g, '+')}`, location.href).href,
      reason: 'submit',
    });
    expect($(el, '.results')).to.equal(null);
    expect(stub.callsTo('search')).to.have.length(0);
  });

  describe('records a submitted search for the recommender (issue 9)', () => {
    const posts = () => stub.callsTo('recommendations/activity').filter((call) => call.method === 'POST');
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    beforeEach(() => freshSessionStore());
    afterEach(() => freshSessionStore());

    it('posts one search on Enter for a signed-in user, none while typing or on a URL query', async () => {
      answerActivity(stub, true);
      const el = await render(searchFixture('results'));
      input(el).select();
      await typeAndSuggest(el, '公积金');
      await pause(100);
      expect(posts(), 'the query from the URL and typing are not searches of the user').to.have.length(0);
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => last.get(el)?.query === '公积金' && last.get(el)?.status === 'results');
      await waitUntil(() => posts().length === 1, 'no search recorded');
      expect(posts()[0]?.body).to.deep.equal({ kind: 'search', query: '公积金' });
      expect(posts()[0]?.headers.get('X-CSRF')).to.equal('1');
    });

    it('records the query sent to the action page, and not a suggested item opened', async () => {
      answerActivity(stub, true);
      const el = await render(searchFixture('suggestions'));
      await typeAndSuggest(el, '身份证');
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => navigations.length === 1);
      await pause(100);
      expect(posts()).to.have.length(0);
      input(el).select();
      await sendKeys({ type: `  ${'哈尔滨公积金提取'.repeat(8)}` });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => navigations.length === 2);
      await waitUntil(() => posts().length === 1, 'no search recorded');
      expect(posts()[0]?.body).to.deep.equal({ kind: 'search', query: '哈尔滨公积金提取'.repeat(8).slice(0, 50) });
    });

    it('records nothing for an anonymous visitor', async () => {
      answerActivity(stub, false);
      const el = await render(searchFixture('suggestions'));
      input(el).focus();
      await sendKeys({ type: '社保卡' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => navigations.length === 1);
      await waitUntil(() => stub.calls.some((call) => call.url.pathname.endsWith('/auth/session')), 'no session check');
      await pause(200);
      expect(posts()).to.have.length(0);
    });

    it('shows the results and no error when recording fails', async () => {
      answerActivity(stub, true, 503);
      const errors: Event[] = [];
      const onError = (event: Event) => errors.push(event);
      document.addEventListener('gov-error', onError);
      try {
        const el = await render(searchFixture('results'));
        input(el).select();
        await sendKeys({ type: '公积金' });
        await sendKeys({ press: 'Enter' });
        await waitUntil(() => posts().length === 1, 'no search attempted');
        await waitUntil(() => last.get(el)?.query === '公积金' && last.get(el)?.status === 'results');
        await pause(100);
        expect(errors).to.have.length(0);
        expect(text($(el, '[part="status"]'))).to.match(/^找到 \d+ 条与“公积金”相关的结果$/);
        await expect(el).to.be.accessible();
      } finally {
        document.removeEventListener('gov-error', onError);
      }
    });
  });

  it('searches inline: grouped, highlighted results, the query in the URL, back and forward', async () => {
    const el = await render(searchFixture('results'));
    expect(stub.callsTo('search')[0]?.url.searchParams.get('q')).to.equal('办身份证');
    expect(stub.callsTo('search')[0]?.headers.get('X-CSRF')).to.equal('1');
    expect(input(el).value).to.equal('办身份证');
    expect(text($(el, '[part="status"]'))).to.match(/^找到 \d+ 条与“办身份证”相关的结果$/);
    expect($$(el, '[part="group"]').map((group) => text(group.querySelector('[role="heading"]')))).to.deep.equal([
      '办事事项',
      '常见问题',
    ]);
    const first = $<HTMLAnchorElement>(el, '[part="result"] a');
    expect(first.querySelector('mark')?.textContent).to.equal('居民身份证');
    expect(new URL(first.href).pathname).to.equal('/banshi/');
    expect(text($(el, '.understood'))).to.contain('同时搜索了：居民身份证');

    input(el).select();
    await sendKeys({ type: '公积金' });
    await sendKeys({ press: 'Enter' });
    await settled(el, 'results');
    await waitUntil(() => last.get(el)?.query === '公积金' && last.get(el)?.status === 'results');
    expect(new URL(location.href).searchParams.get('q')).to.equal('公积金');

    history.back();
    await waitUntil(() => last.get(el)?.query === '办身份证' && last.get(el)?.status === 'results', 'back');
    await el.updateComplete;
    expect(input(el).value).to.equal('办身份证');
    history.forward();
    await waitUntil(() => last.get(el)?.query === '公积金' && last.get(el)?.status === 'results', 'forward');
  });

  it('keeps its results when moved in the page (no second search)', async () => {
    const el = await render(searchFixture('results'));
    const wrapper = document.createElement('div');
    el.before(wrapper);
    wrapper.append(el);
    await el.updateComplete;
    expect(stub.callsTo('search')).to.have.length(1);
    expect(last.get(el)?.status).to.equal('results');
  });

  it('says how the query was understood: a region word became a filter', async () => {
    const el = await render(searchFixture('region'));
    expect(text($(el, '.understood'))).to.contain('已按“哈尔滨市”筛选');
    const names = $$(el, '[part="group"]:first-of-type [part="result"]').map((hit) => text(hit));
    expect(names.every((name) => !name.includes('大庆'))).to.equal(true);
  });

  it('adds 我的办件 first for a signed-in user, and only then', async () => {
    const el = await render(searchFixture('my-cases'));
    const groups = $$(el, '[part="group"]');
    expect(text(groups[0]?.querySelector('[role="heading"]') ?? null)).to.equal('我的办件');
    expect(text(groups[0] ?? null))
      .to.contain('居民身份证换领')
      .and.contain('已受理')
      .and.contain('办件编号 23010326112000001234');
    expect((groups[0]?.querySelector('a') as HTMLAnchorElement).href).to.match(/\/space\/cases\/23010326112000001234$/);
    expect(last.get(el)?.myCases).to.equal(1);
    const anonymous = await render(searchFixture('results'));
    expect(text(anonymous.shadowRoot?.querySelector('[part="group"] [role="heading"]') ?? null)).to.equal('办事事项');
    expect(last.get(anonymous)?.myCases).to.equal(null);
  });

  it('helps when nothing matches: other words, related themes, the 12345 hotline, browse', async () => {
    const el = await render(searchFixture('no-results'));
    expect(text($(el, '[part="status"]'))).to.equal('没有找到与“办理飞船驾驶许可”相关的结果');
    await waitUntil(() => $$(el, '.themes a').length > 0, 'no related themes');
    const theme = new URL($<HTMLAnchorElement>(el, '.themes a').href);
    expect(theme.pathname).to.equal('/banshi/');
    expect(theme.searchParams.get('item-theme')).to.match(/^\d{3}$/);
    expect($<HTMLAnchorElement>(el, 'a[href^="tel:"]').getAttribute('href')).to.equal('tel:12345');
    expect(text($(el, '[part="help"]')))
      .to.contain('12345 政务服务便民热线')
      .and.contain('浏览全部事项');
    await expect(el).to.be.accessible();
  });

  it('renders highlighted text as text, never as markup', async () => {
    stub.override = (url) =>
      url.pathname.endsWith('/api/v1/search')
        ? {
            status: 200,
            body: {
              query: 'x',
              understood: { terms: ['x'], expandedTo: [], region: null },
              results: [
                {
                  kind: 'item',
                  code: 'C1',
                  name: '<img src=x>',
                  nameParts: [
                    { text: '<img src=x onerror="window.__pwned=1">', match: true },
                    { text: '<b>plain</b>', match: false },
                  ],
                  snippet: [{ text: '<script>1</script>', match: false }],
                  deptName: 'd',
                  regionName: null,
                  score: 1,
                },
              ],
              total: 1,
              myCases: null,
            },
          }
        : undefined;
    const el = await render({ ...searchFixture('results'), search: '?q=x' });
    const link = $(el, '[part="result"] a');
    expect(link.querySelector('img, b')).to.equal(null);
    expect(link.querySelector('mark')?.textContent).to.equal('<img src=x onerror="window.__pwned=1">');
    expect(text(link)).to.equal('<img src=x onerror="window.__pwned=1"><b>plain</b>');
    expect($(el, '[part="result"] script')).to.equal(null);
  });

  it('says what went wrong in Chinese and retries', async () => {
    const failed = oneEvent(document, 'gov-error');
    const el = await render(searchFixture('error'));
    expect((await failed).detail.code).to.equal('service_unavailable');
    expect(text($(el, '[part="status"]'))).to.equal('服务暂时不可用，请稍后再试');
    stub.mode = 'normal';
    $<HTMLButtonElement>(el, '.results button').click();
    await settled(el, 'results');
  });

  it('scopes searches and suggestions to the dept and region attributes', async () => {
    const el = await render(
      searchFixture('results'),
      `<gov-search dept="11230103GD0000011C" region="230100000000"></gov-search>`,
    );
    const params = stub.callsTo('search')[0]?.url.searchParams;
    expect(params?.get('dept')).to.equal('11230103GD0000011C');
    expect(params?.get('region')).to.equal('230100000000');
    input(el).select();
    await sendKeys({ type: '身份证' });
    await waitUntil(() => stub.callsTo('suggest').length > 0);
    expect(stub.callsTo('suggest')[0]?.url.searchParams.get('dept')).to.equal('11230103GD0000011C');
  });

  it('focuses the empty box instead of searching for nothing', async () => {
    const el = await render(searchFixture('suggestions'));
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await el.updateComplete;
    expect(shadow(el).activeElement).to.equal(input(el));
    expect(navigations).to.deep.equal([]);
  });

  it('fits 320px without horizontal overflow, suggestions included', async () => {
    await setViewport({ width: 320, height: 640 });
    const el = await render(searchFixture('results'));
    const fits = () => {
      const root = $(el, '.root');
      expect(root.scrollWidth).to.be.at.most(root.clientWidth);
      expect(document.documentElement.scrollWidth).to.be.at.most(320);
    };
    fits();
    input(el).select();
    await typeAndSuggest(el, '公积金');
    fits();
    const list = $(el, '[part="suggestions"]').getBoundingClientRect();
    expect(list.right).to.be.at.most(320);
  });

  it('keeps its size under hostile page CSS', async () => {
    const hostile = document.createElement('style');
    hostile.textContent = `* { all: revert !important; }
      html { font-size: 10px !important; }
      body * { font-size: 12px; line-height: 3 !important; letter-spacing: 0.3em !important;
        text-transform: uppercase !important; box-sizing: content-box !important; }
      input, button { display: none !important; }`;
    document.head.append(hostile);
    try {
      const el = await render(searchFixture('results'), '<gov-search lang="en"></gov-search>');
      const box = input(el);
      expect(box.checkVisibility()).to.equal(true);
      expect(parseFloat(getComputedStyle(box).fontSize)).to.be.at.least(16);
      expect(getComputedStyle(box).letterSpacing).to.equal('normal');
      expect(box.getBoundingClientRect().height).to.be.at.least(44);
      expect(text($(el, 'button[type="submit"]'))).to.equal('Search');
    } finally {
      hostile.remove();
    }
  });

  it('hides its light-DOM fallback once upgraded', async () => {
    const el = await render(
      searchFixture('suggestions'),
      '<gov-search><form action="/search/"><input name="q" aria-label="搜索"></form></gov-search>',
    );
    expect((el.querySelector('form') as HTMLFormElement).checkVisibility()).to.equal(false);
  });

  it('fires gov-search-changed with status, query, total and myCases', async () => {
    const changes: GovSearchChangedDetail[] = [];
    const listen = (event: Event) => changes.push((event as CustomEvent<GovSearchChangedDetail>).detail);
    document.addEventListener('gov-search-changed', listen);
    try {
      await render(searchFixture('my-cases'));
      expect(changes[0]).to.deep.equal({ status: 'loading', query: '身份证', total: 0, myCases: null });
      expect(changes.at(-1)?.status).to.equal('results');
      expect(changes.at(-1)?.total).to.be.above(0);
      expect(changes.at(-1)?.myCases).to.equal(1);
    } finally {
      document.removeEventListener('gov-search-changed', listen);
    }
  });
});
