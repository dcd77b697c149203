/**
 * <gov-recommend> in Chromium, against the fake 猜你想办 API of demo/fixtures/recommend-api.ts (the gallery's answers)
 * behind a fetch stub. Every state of demo/fixtures/recommend.ts is rendered and checked with axe; the privacy
 * controls are driven by keyboard, and the fake's world shows that deleted records are gone.
 */
import { expect, fixture, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { answerRecommendApi, createRecommendWorld, type RecommendWorld } from '../../../demo/fixtures/recommend-api.js';
import { recommendFixture, recommendFixtures, type RecommendFixture } from '../../../demo/fixtures/recommend.js';
import { recordActivity } from '../../../widgets/gov-recommend/activity.js';
import '../../../widgets/gov-recommend/define.js';
import type { GovRecommend, GovRecommendChangedDetail } from '../../../widgets/gov-recommend/gov-recommend.js';
import { getSessionStore } from '../../../widgets/runtime/index.js';
import { freshSessionStore } from '../gov-case-tracker/api-stub.js';
import { stubApi, type ApiStub } from '../gov-notices/api-stub.js';
import { newTestBff, type TestBff } from '../support/bff-fixture.js';

let bff: TestBff;
let stub: ApiStub;
let world: RecommendWorld;
const last = new WeakMap<EventTarget, GovRecommendChangedDetail>();
const record = (event: Event) =>
  last.set(event.target as EventTarget, (event as CustomEvent<GovRecommendChangedDetail>).detail);

const shadow = (el: Element) => el.shadowRoot as ShadowRoot;
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) =>
  shadow(el).querySelector<T>(selector) as T;
const $$ = <T extends Element = HTMLElement>(el: Element, selector: string) => [
  ...shadow(el).querySelectorAll<T>(selector),
];
const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const active = (el: Element) => shadow(el).activeElement as HTMLElement | null;
const button = (el: Element, label: string) =>
  $$<HTMLButtonElement>(el, 'button').find((node) => text(node) === label) as HTMLButtonElement;

async function settled(el: GovRecommend, status: GovRecommendChangedDetail['status']): Promise<void> {
  await el.updateComplete;
  await waitUntil(() => last.get(el)?.status === status, `never ${status}; last ${JSON.stringify(last.get(el))}`);
  await el.updateComplete;
}

async function render(state: RecommendFixture, extra = ''): Promise<GovRecommend> {
  world = createRecommendWorld(state.mode);
  const attributes = Object.entries(state.attributes ?? {})
    .map(([name, value]) => (value ? `${name}="${value}"` : name))
    .join(' ');
  const el = await fixture<GovRecommend>(`<gov-recommend ${attributes} ${extra}></gov-recommend>`);
  await settled(el, state.expected);
  return el;
}

/** Opens 个性化推荐设置 by keyboard and waits for the consent. */
async function openSettings(el: GovRecommend): Promise<void> {
  button(el, '个性化推荐设置').focus();
  await sendKeys({ press: 'Enter' });
  await waitUntil(() => $(el, '[role="switch"]'), 'no switch');
}

describe('<gov-recommend>', () => {
  before(() => {
    bff = newTestBff();
  });

  beforeEach(() => {
    freshSessionStore();
    world = createRecommendWorld('personal');
    stub = stubApi(bff, (method, url, body) => answerRecommendApi(world, method, url, body));
    document.addEventListener('gov-recommend-changed', record);
  });

  afterEach(async () => {
    document.removeEventListener('gov-recommend-changed', record);
    stub.restore();
    await setViewport({ width: 800, height: 600 });
  });

  for (const state of recommendFixtures)
    for (const elder of [false, true])
      it(`renders the ${state.name} state${elder ? ' in 适老化 mode' : ''} and is accessible`, async () => {
        const el = await render(state, elder ? 'elder' : '');
        await expect(el).to.be.accessible();
        if (state.mode === 'personal') {
          await openSettings(el);
          button(el, '查看我的记录').click();
          await waitUntil(() => $(el, '.records'));
          button(el, '删除我的记录').click();
          await el.updateComplete;
          await expect(el).to.be.accessible();
        }
        for (const control of $$(el, 'a, button')) {
          const box = control.getBoundingClientRect();
          if (box.width === 0) continue;
          expect(box.height, `${text(control)} height`).to.be.at.least(44);
        }
      });

  it('lists items as links with their reason, for the region asked', async () => {
    const el = await render(recommendFixture('personal'));
    const items = $$(el, '[part="item"]');
    expect(items).to.have.length(6);
    const link = items[1]?.querySelector('a') as HTMLAnchorElement;
    expect(text(link)).to.equal('新生儿医保参保');
    expect(new URL(link.href).searchParams.get('item-code')).to.equal('230100-YB-0007');
    const reason = shadow(el).getElementById(link.getAttribute('aria-describedby') ?? '');
    expect(text(reason)).to.equal('您办理了出生医学证明，通常接着办理：新生儿医保参保');
    const asked = stub.callsTo('api/v1/recommendations', 'GET')[0]?.url.searchParams;
    expect(asked?.get('region')).to.equal('230100000000');
    expect(asked?.get('limit')).to.equal('6');
    expect(text($(el, '.muted'))).to.contain('根据您的办件');
  });

  it('follows the item-href template and passes dept and limit', async () => {
    const el = await render(
      recommendFixture('anonymous'),
      'dept="11230100MB0001" limit="3" item-href="/banshi/item/{code}.html"',
    );
    const links = $$<HTMLAnchorElement>(el, '[part="item"] a');
    expect(links).to.have.length(3);
    expect(new URL(links[0]?.href ?? '').pathname).to.equal('/banshi/item/230100-GA-0001.html');
    const asked = stub.callsTo('api/v1/recommendations', 'GET')[0]?.url.searchParams;
    expect(asked?.get('dept')).to.equal('11230100MB0001');
    expect(asked?.get('limit')).to.equal('3');
  });

  it('shows anonymous visitors popular items only, with no privacy control and no personal API', async () => {
    const el = await render(recommendFixture('anonymous'));
    expect($$(el, '[part="item"]').every((item) => text(item).includes('本地区热门事项'))).to.equal(true);
    expect($(el, '[part="privacy"]')).to.equal(null);
    expect(stub.callsTo('api/v1/recommendations/')).to.have.length(0);
    expect(last.get(el)?.consent).to.equal(null);
  });

  it('turns 个性化推荐 off and on with the switch, and the list follows', async () => {
    const el = await render(recommendFixture('personal'));
    await openSettings(el);
    const toggle = $<HTMLButtonElement>(el, '[role="switch"]');
    expect(toggle.getAttribute('aria-checked')).to.equal('true');
    expect(text(shadow(el).getElementById('consent-hint'))).to.contain('保存 180 天');
    toggle.focus();
    await sendKeys({ press: ' ' });
    await settled(el, 'basic');
    const put = stub.callsTo('api/v1/recommendations/consent', 'POST')[0];
    expect(put?.body).to.deep.equal({ consent: false });
    expect(put?.headers.get('X-CSRF')).to.equal('1');
    expect($(el, '[role="switch"]').getAttribute('aria-checked')).to.equal('false');
    expect(text($(el, '.root > [role="status"]'))).to.equal(
      '已关闭个性化推荐，不再记录您的浏览和搜索，已保存的记录已删除',
    );
    expect(world.activity).to.have.length(0);
    expect(text($(el, '.muted'))).to.contain('个性化推荐已关闭');
    await sendKeys({ press: 'Enter' });
    await settled(el, 'personal');
    expect(world.consent).to.equal(true);
  });

  it('shows my records and deletes them only after confirmation; deleted records are gone', async () => {
    const el = await render(recommendFixture('personal'));
    await openSettings(el);
    button(el, '查看我的记录').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $$(el, '.records li').length === 2, 'records not shown');
    expect(text($(el, '.records')))
      .to.contain('搜索 公积金 提取')
      .and.contain('浏览 住房公积金提取（离职）');

    button(el, '删除我的记录').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => active(el)?.id === 'cancel-delete', 'focus not on 取消');
    expect(text($(el, '[role="group"]'))).to.contain('确定删除您的全部浏览和搜索记录吗');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => active(el)?.id === 'delete', 'focus not back on 删除我的记录');
    expect($(el, '[role="group"]')).to.equal(null);
    expect(stub.callsTo('api/v1/recommendations/activity', 'DELETE')).to.have.length(0);
    expect(world.activity).to.have.length(2);

    await sendKeys({ press: 'Enter' });
    await waitUntil(() => active(el)?.id === 'cancel-delete');
    button(el, '确定删除').click();
    await waitUntil(() => text($(el, '#activity')) === '没有保存您的浏览和搜索记录', 'records still shown');
    expect(stub.callsTo('api/v1/recommendations/activity', 'DELETE')[0]?.headers.get('X-CSRF')).to.equal('1');
    expect(text($(el, '.root > [role="status"]'))).to.equal('已删除您的全部浏览和搜索记录');
    await waitUntil(() => active(el)?.id === 'delete');
    // Asked again, the BFF (here its fake) holds nothing.
    button(el, '查看我的记录').click();
    button(el, '查看我的记录').click();
    await waitUntil(() => text($(el, '#activity')) === '没有保存您的浏览和搜索记录');
    expect(world.activity).to.have.length(0);
  });

  it('says what went wrong and retries', async () => {
    const el = await render(recommendFixture('error'));
    expect(text($(el, '.problem'))).to.contain('服务暂时不可用');
    world.mode = 'basic';
    button(el, '重试').click();
    await settled(el, 'basic');
  });

  it('fits 320px without horizontal overflow', async () => {
    await setViewport({ width: 320, height: 640 });
    const el = await render(recommendFixture('personal'));
    await openSettings(el);
    button(el, '删除我的记录').click();
    await el.updateComplete;
    expect(document.documentElement.scrollWidth).to.be.at.most(320);
    const root = $(el, '.root');
    expect(root.scrollWidth).to.be.at.most(root.clientWidth);
  });

  describe('recordActivity()', () => {
    it('records nothing for anonymous visitors', async () => {
      world = createRecommendWorld('anonymous');
      await recordActivity({ kind: 'view', itemCode: '230100-GA-0001' });
      expect(stub.callsTo('api/v1/recommendations/activity')).to.have.length(0);
    });

    it('posts a signed-in view or search, the query cut to 50 characters', async () => {
      world = createRecommendWorld('personal');
      await recordActivity({ kind: 'view', itemCode: '230100-GA-0001' });
      await recordActivity({ kind: 'search', query: `  ${'公积金'.repeat(20)}  ` });
      const posts = stub.callsTo('api/v1/recommendations/activity', 'POST');
      expect(posts.map((call) => call.body)).to.deep.equal([
        { kind: 'view', itemCode: '230100-GA-0001' },
        { kind: 'search', query: '公积金'.repeat(20).slice(0, 50) },
      ]);
      expect(posts[0]?.headers.get('X-CSRF')).to.equal('1');
      expect(world.activity[0]?.query).to.have.length(50);
      expect(getSessionStore().state.status).to.equal('authenticated');
    });

    it('never throws when the BFF fails', async () => {
      world = createRecommendWorld('personal');
      await getSessionStore().refresh();
      world.mode = 'error';
      await recordActivity({ kind: 'search', query: '社保卡' });
      expect(stub.callsTo('api/v1/recommendations/activity', 'POST')).to.have.length(1);
    });
  });
});
