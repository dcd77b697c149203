/**
 * <gov-case-tracker> in Chromium. The BFF is the fake case API of demo/fixtures/cases-api.ts behind a fetch stub
 * (the answers the gallery's msw handlers give); the SSE stream is the real test BFF's, so `case-progress` events
 * travel through the runtime's event stream as in production. Every state of demo/fixtures/cases.ts is rendered
 * and checked with axe. URL state is the real page URL, restored after each test.
 */
import { expect, fixture, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { createCasesWorld, LOOKUP_LIMIT } from '../../../demo/fixtures/cases-api.js';
import { DEMO_CASES, LOOKUP } from '../../../demo/fixtures/cases-data.js';
import {
  CASES,
  caseTrackerFixture,
  caseTrackerFixtures,
  type CaseTrackerFixture,
} from '../../../demo/fixtures/cases.js';
import '../../../widgets/gov-case-tracker/define.js';
import type {
  GovCaseTracker,
  GovCaseTrackerChangedDetail,
  GovCaseTrackerEvaluateDetail,
} from '../../../widgets/gov-case-tracker/gov-case-tracker.js';
import { newTestBff, type TestBff } from '../support/bff-fixture.js';
import { freshSessionStore, streamOpen, stubCasesApi, type CasesApiStub } from './api-stub.js';

let bff: TestBff;
let stub: CasesApiStub;
const startHref = location.href;
/** The last gov-case-tracker-changed detail of each element. */
const last = new WeakMap<EventTarget, GovCaseTrackerChangedDetail>();
const record = (event: Event) =>
  last.set(event.target as EventTarget, (event as CustomEvent<GovCaseTrackerChangedDetail>).detail);

const shadow = (el: GovCaseTracker) => el.shadowRoot as ShadowRoot;
const $ = <T extends Element = HTMLElement>(el: GovCaseTracker, selector: string) =>
  shadow(el).querySelector<T>(selector) as T;
const $$ = <T extends Element = HTMLElement>(el: GovCaseTracker, selector: string) => [
  ...shadow(el).querySelectorAll<T>(selector),
];
const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const active = (el: GovCaseTracker) => shadow(el).activeElement as HTMLElement | null;
const caseLink = (el: GovCaseTracker, no: string) => $<HTMLAnchorElement>(el, `a[data-no="${no}"]`);
const tab = (el: GovCaseTracker, key: string) => $<HTMLButtonElement>(el, `#tab-${key}`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function setUrl(search = ''): void {
  const url = new URL(startHref);
  for (const [key, value] of new URLSearchParams(search)) url.searchParams.set(key, value);
  history.replaceState(null, '', url);
}

async function settled(el: GovCaseTracker, status: GovCaseTrackerChangedDetail['status']): Promise<void> {
  await el.updateComplete;
  await waitUntil(() => last.get(el)?.status === status, `never ${status}; last ${JSON.stringify(last.get(el))}`);
  await el.updateComplete;
}

async function render(state: CaseTrackerFixture, html?: string): Promise<GovCaseTracker> {
  stub.world = createCasesWorld(state.mode, state.lookupFactor);
  setUrl(state.search);
  const attributes = Object.entries(state.attributes ?? {})
    .map(([name, value]) => (value ? `${name}="${value}"` : name))
    .join(' ');
  const el = await fixture<GovCaseTracker>(html ?? `<gov-case-tracker ${attributes}></gov-case-tracker>`);
  await settled(el, state.expected);
  return el;
}

async function type(el: GovCaseTracker, field: string, value: string): Promise<void> {
  const input = $<HTMLInputElement>(el, `#f-${field}`);
  input.focus();
  input.select();
  await sendKeys({ type: value });
}

async function submit(el: GovCaseTracker): Promise<void> {
  $<HTMLButtonElement>(el, 'form button[type="submit"]').click();
  await el.updateComplete;
}

const lookupCalls = () => stub.callsTo('api/v1/case-lookup');

describe('<gov-case-tracker>', () => {
  before(() => {
    bff = newTestBff();
  });

  beforeEach(() => {
    freshSessionStore();
    stub = stubCasesApi(bff);
    document.addEventListener('gov-case-tracker-changed', record);
  });

  afterEach(async () => {
    document.removeEventListener('gov-case-tracker-changed', record);
    stub.restore();
    history.replaceState(null, '', startHref);
    await setViewport({ width: 800, height: 600 });
  });

  for (const state of caseTrackerFixtures)
    it(`renders the ${state.name} state and is accessible`, async () => {
      const el = await render(state);
      await expect(el).to.be.accessible();
      // Touch targets: every visible control at least 44 × 44 CSS px (WCAG 2.5.5 / 适老化).
      for (const control of $$(el, 'a, button, input')) {
        const box = control.getBoundingClientRect();
        if (box.width === 0) continue;
        expect(box.height, `${text(control)} height`).to.be.at.least(44);
        expect(box.width, `${text(control)} width`).to.be.at.least(44);
      }
    });

  it('lists my cases with counts per tab, status labels and warnings', async () => {
    const el = await render(caseTrackerFixture('list'));
    expect($$(el, '[role="tab"]').map((node) => text(node))).to.deep.equal([
      '全部（14）',
      '办理中（7）',
      '已办结（7）',
      '需要我处理（1）',
    ]);
    expect(tab(el, 'all').getAttribute('aria-selected')).to.equal('true');
    const status = $(el, '[part="status"]');
    expect(status.getAttribute('role')).to.equal('status');
    expect(text(status)).to.equal('共 14 件');
    expect($$(el, '[part="case"]')).to.have.length(10);
    const fund = caseLink(el, CASES.housingFund).closest('li') as HTMLElement;
    expect(text(fund)).to.contain('审查中').and.contain('已超过承诺办结时间').and.contain('2026年11月26日');
    const food = caseLink(el, CASES.foodLicence).closest('li') as HTMLElement;
    expect(text(food)).to.contain('退回补正').and.contain('需要您处理');
    const idCard = caseLink(el, CASES.idCard).closest('li') as HTMLElement;
    expect(text(idCard)).to.contain('承诺 2026年12月18日 前办结').and.contain('哈尔滨市公安局南岗分局');
  });

  it('sends X-CSRF on every call', async () => {
    await render(caseTrackerFixture('list'));
    expect(stub.calls.length).to.be.at.least(2);
    for (const call of stub.calls) expect(call.headers.get('X-CSRF')).to.equal('1');
  });

  it('loads more with the cursor and puts focus on the first new case', async () => {
    const el = await render(caseTrackerFixture('list'));
    const more = $<HTMLButtonElement>(el, '.more');
    expect(text(more)).to.equal('加载更多');
    more.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $$(el, '[part="case"]').length === 14, 'no second page');
    expect(stub.callsTo('api/v1/cases').at(-1)?.url.searchParams.get('cursor')).to.equal('o10');
    await waitUntil(() => active(el) === $$(el, '[part="case"] a')[10], 'focus not on the first new case');
    expect($(el, '.more')).to.equal(null);
  });

  it('moves between tabs with the arrow keys and opens one with Enter, keeping it in the URL', async () => {
    const el = await render(caseTrackerFixture('list'));
    expect(tab(el, 'all').tabIndex).to.equal(0);
    expect(tab(el, 'completed').tabIndex).to.equal(-1);
    tab(el, 'all').focus();
    await sendKeys({ press: 'ArrowRight' });
    expect(active(el)).to.equal(tab(el, 'in_progress'));
    await sendKeys({ press: 'End' });
    expect(active(el)).to.equal(tab(el, 'needs_action'));
    await sendKeys({ press: 'ArrowRight' });
    expect(active(el)).to.equal(tab(el, 'all'));
    await sendKeys({ press: 'ArrowLeft' });
    expect(active(el)).to.equal(tab(el, 'needs_action'));
    // Manual activation: moving focus alone loads nothing.
    expect(tab(el, 'all').getAttribute('aria-selected')).to.equal('true');
    await sendKeys({ press: 'Enter' });
    await settled(el, 'results');
    await waitUntil(() => last.get(el)?.filter === 'needs_action' && last.get(el)?.status === 'results');
    expect(new URL(location.href).searchParams.get('case-filter')).to.equal('needs_action');
    expect(stub.callsTo('api/v1/cases').at(-1)?.url.searchParams.get('status')).to.equal('needs_action');
    expect(tab(el, 'needs_action').getAttribute('aria-selected')).to.equal('true');
    expect($(el, '[role="tabpanel"]').getAttribute('aria-labelledby')).to.equal('tab-needs_action');
    expect($$(el, '[part="case"]').map((node) => text(node.querySelector('a')))).to.deep.equal(['食品经营许可']);
    expect(active(el)).to.equal(tab(el, 'needs_action'));

    history.back();
    await waitUntil(() => last.get(el)?.filter === 'all' && last.get(el)?.status === 'results', 'back not restored');
    expect($$(el, '[part="case"]')).to.have.length(10);
  });

  it('starts from a shared link: the tab and the open case come from the URL', async () => {
    const el = await render(caseTrackerFixture('needs-action'));
    expect(stub.callsTo('api/v1/cases').at(-1)?.url.searchParams.get('status')).to.equal('needs_action');
    const link = caseLink(el, CASES.foodLicence);
    const target = new URL(link.href);
    expect(target.searchParams.get('case-no')).to.equal(CASES.foodLicence);
    expect(target.searchParams.get('case-filter')).to.equal('needs_action');
    // The host page's own parameters survive.
    expect(target.searchParams.get('wtr-session-id')).to.equal(new URL(startHref).searchParams.get('wtr-session-id'));

    const opened = await render({
      ...caseTrackerFixture('list'),
      search: `?case-no=${CASES.idCard}`,
      expected: 'detail',
    });
    expect(text($(opened, '#detail-title'))).to.equal('居民身份证换领');
    expect(stub.callsTo('api/v1/cases/').at(-1)?.url.pathname).to.match(new RegExp(`/api/v1/cases/${CASES.idCard}$`));
  });

  it('opens a case and returns by keyboard only, focus on the heading and back on the case', async () => {
    const el = await render(caseTrackerFixture('list'));
    caseLink(el, CASES.realEstate).focus();
    await sendKeys({ press: 'Enter' });
    await settled(el, 'detail');
    expect(last.get(el)?.projectNo).to.equal(CASES.realEstate);
    expect(new URL(location.href).searchParams.get('case-no')).to.equal(CASES.realEstate);
    await waitUntil(() => active(el)?.id === 'detail-title', 'focus not on the case heading');
    expect(text(active(el))).to.equal('不动产登记（二手房转移登记）');

    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(text(active(el))).to.equal('‹ 返回办件列表');
    await sendKeys({ press: 'Enter' });
    await settled(el, 'results');
    await waitUntil(() => active(el) === caseLink(el, CASES.realEstate), 'focus did not return to the case');
    expect(new URL(location.href).searchParams.get('case-no')).to.equal(null);
  });

  it('shows a case: status, facts, the timeline as an ordered list, result and materials', async () => {
    const el = await render(caseTrackerFixture('approved'));
    const detail = $(el, '[part="detail"]');
    expect(text($(el, '#detail-title'))).to.equal('个体工商户设立登记');
    expect(text($(el, '[part="badge"]'))).to.equal('已办结（准予）');
    const facts = $$(el, '.fact').map((node) => `${text(node.querySelector('dt'))}：${text(node.querySelector('dd'))}`);
    expect(facts).to.include.members([
      '办件编号：23010226111700000321',
      '办理部门：哈尔滨市道里区市场监督管理局',
      '申请人：张*三',
      '办理决定：准予登记',
      '证照编号：92230102MA1C7K5Q3F',
    ]);
    expect(text(detail)).and.contain('营业执照').and.contain('92230102MA1C7K5Q3F').and.contain('邮寄送达');
    const steps = $$(el, '[part="timeline"] > li');
    expect($(el, '[part="timeline"]').localName).to.equal('ol');
    expect(steps.map((step) => text(step.querySelector('.step-title')))).to.deep.equal([
      '受理',
      '审核· 通过',
      '办结· 准予登记',
    ]);
    expect(text(steps[1] ?? null))
      .to.contain('2026年11月17日 15:40')
      .and.contain('登记注册科')
      .and.contain('符合登记条件');
    expect($$(el, '.materials li')).to.have.length(3);
    expect(text($(el, '.materials'))).to.contain('已收 1 份');
  });

  it('marks the step in progress, the overdue promise and the special procedure', async () => {
    const overdue = await render(caseTrackerFixture('overdue'));
    expect(text($(overdue, '.warn'))).to.equal('已超过承诺办结时间（2026年11月24日）');
    expect(text($(overdue, '.step.current .step-title'))).to.equal('民主评议与审核 进行中');
    const special = await render(caseTrackerFixture('special-procedure'));
    const step = $(special, '.step.special_procedure');
    expect(text(step)).to.contain('特别程序：现场查验').and.contain('延长时限').and.contain('不计入承诺时限');
    expect(text($(special, '[part="badge"]'))).to.equal('特别程序（延期）');
  });

  it('says what the applicant must do when a case is returned, and why a case was denied', async () => {
    const returned = await render(caseTrackerFixture('returned'));
    expect(text($(returned, '.action-needed'))).to.contain('需要您处理');
    expect(text($(returned, '[part="timeline"]'))).to.contain('缺少经营者签字');
    expect(text($(returned, '.materials'))).to.contain('未收到');
    const denied = await render(caseTrackerFixture('denied'));
    expect(text($(denied, '[part="badge"]'))).to.equal('已办结（不予许可）');
    expect(text($(denied, '[part="detail"]'))).to.contain('行政复议');
  });

  it('fires a cancelable gov-case-tracker-evaluate with the case number', async () => {
    const el = await render(caseTrackerFixture('approved'));
    const button = [...$$<HTMLButtonElement>(el, 'button')].find((node) => text(node) === '评价本次服务');
    if (!button) throw new Error('no 评价 button');
    const fired = oneEvent(el, 'gov-case-tracker-evaluate');
    button.click();
    const event = (await fired) as CustomEvent<GovCaseTrackerEvaluateDetail>;
    expect(event.detail).to.deep.equal({ projectNo: CASES.soleTrader });
    expect(event.cancelable && event.composed && event.bubbles).to.equal(true);
    // <gov-evaluate> recorded the rating: the case is asked for again, quietly.
    const calls = stub.callsTo('api/v1/cases/').length;
    document.dispatchEvent(
      new CustomEvent('gov-evaluate-submitted', { detail: { projectNo: CASES.soleTrader, id: 'e1', level: 5 } }),
    );
    await waitUntil(() => stub.callsTo('api/v1/cases/').length === calls + 1, 'the case was not fetched again');
    await el.updateComplete;
    expect(text($(el, '[part="notice"]'))).to.equal('');
    const open = await render(caseTrackerFixture('detail'));
    expect([...$$(open, 'button')].some((node) => text(node) === '评价本次服务')).to.equal(false);
  });

  it('updates an open case live on a case-progress event, without a reload, and says so politely', async () => {
    const el = await render(caseTrackerFixture('live-progress'));
    expect(text($(el, '[part="badge"]'))).to.equal('审查中');
    await streamOpen(bff);
    const calls = stub.callsTo('api/v1/cases/').length;
    stub.world.progress(CASES.housingFund);
    await bff.publish('case-progress', { projectNo: CASES.housingFund, kind: 'result' });
    await waitUntil(() => text($(el, '[part="badge"]')) === '已办结（准予）', 'the case did not update');
    expect(stub.callsTo('api/v1/cases/').length).to.equal(calls + 1);
    const notice = $(el, '[part="notice"]');
    expect(notice.getAttribute('role')).to.equal('status');
    await waitUntil(() => text(notice) === '办件有新进展：住房公积金提取（购买自住住房）', 'not announced');
    expect(text($(el, '[part="timeline"] > li:last-child'))).to.contain('准予提取');
    expect($(el, '.warn')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('refreshes the list when an event names a shown case, keeps focus on it, and ignores other cases', async () => {
    const el = await render(caseTrackerFixture('list'));
    await streamOpen(bff);
    const link = caseLink(el, CASES.idCard);
    link.focus();
    const lists = () => stub.callsTo('api/v1/cases').filter((call) => call.url.pathname.endsWith('/cases')).length;
    const before = lists();
    await bff.publish('case-progress', { projectNo: '23019900000000000000', kind: 'step' });
    await pause(300);
    expect(lists()).to.equal(before);
    stub.world.progress(CASES.housingFund);
    await bff.publish('case-progress', { projectNo: CASES.housingFund, kind: 'result' });
    await waitUntil(() => text(caseLink(el, CASES.housingFund).closest('li')).includes('已办结（准予）'), 'no refresh');
    expect(lists()).to.equal(before + 1);
    await waitUntil(() => text($(el, '[part="notice"]')).startsWith('办件有新进展'), 'not announced');
    expect(text(tab(el, 'completed'))).to.equal('已办结（8）');
    expect(active(el)).to.equal(caseLink(el, CASES.idCard));
  });

  it('asks signed-out visitors to log in, without calling the case API, and offers the lookup', async () => {
    const el = await render(caseTrackerFixture('logged-out'));
    const login = [...$$<HTMLAnchorElement>(el, '[part="prompt"] a')].find((node) => text(node) === '登录');
    if (!login) throw new Error('no 登录 link');
    const url = new URL(login.href);
    expect(url.pathname).to.equal(`${bff.base}/auth/login`);
    expect(url.searchParams.get('return_to')).to.equal(location.href);
    expect(text($(el, '[part="prompt"]')))
      .to.contain('请登录后查看您的办件')
      .and.contain('不登录，用办件编号查询');
    expect(stub.callsTo('api/v1/')).to.have.length(0);
    // The page moved on (a single-page host): the return address follows.
    history.replaceState(null, '', startHref + '&page=2');
    login.focus();
    expect(new URL(login.href).searchParams.get('return_to')).to.contain('page=2');

    const detail = await render({
      ...caseTrackerFixture('logged-out'),
      attributes: { mode: 'detail', case: CASES.idCard },
    });
    expect(text($(detail, '[part="prompt"]'))).to.contain('请登录后查看您的办件');
    expect(stub.callsTo('api/v1/')).to.have.length(0);
  });

  it('turns into the login prompt when the session ends elsewhere', async () => {
    const el = await render(caseTrackerFixture('list'));
    stub.world.mode = 'signed-out';
    $<HTMLButtonElement>(el, '#tab-completed').click();
    await settled(el, 'logged-out');
    expect($(el, '[part="list"]')).to.equal(null);
  });

  it('validates the lookup form in Chinese and puts focus on the first field in error', async () => {
    const el = await render(caseTrackerFixture('lookup-code'));
    expect(stub.callsTo('auth/session')).to.have.length(0);
    await submit(el);
    expect(active(el)?.id).to.equal('f-projectNo');
    const no = $<HTMLInputElement>(el, '#f-projectNo');
    expect(no.getAttribute('aria-invalid')).to.equal('true');
    expect(text($(el, `#${no.getAttribute('aria-describedby')}`))).to.equal('请输入办件编号');
    expect(text($(el, '#e-queryCode'))).to.equal('请输入查询码');
    await type(el, 'projectNo', '2301 0326 1120');
    await type(el, 'queryCode', '查询码');
    await submit(el);
    expect($(el, '#e-projectNo')).to.equal(null);
    expect(text($(el, '#e-queryCode'))).to.equal('查询码只能包含数字和字母');
    expect(active(el)?.id).to.equal('f-queryCode');
    await type(el, 'projectNo', '2301/0326');
    await submit(el);
    expect(text($(el, '#e-projectNo'))).to.equal('办件编号只能包含数字、字母和“-”');
    expect(lookupCalls()).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('finds a case by number and query code and moves focus to the result', async () => {
    const el = await render(caseTrackerFixture('lookup-code'));
    await type(el, 'projectNo', LOOKUP.projectNo);
    await type(el, 'queryCode', 'hx7k-2m9p');
    await submit(el);
    await settled(el, 'found');
    expect(lookupCalls()[0]?.body).to.deep.equal({ projectNo: LOOKUP.projectNo, queryCode: LOOKUP.queryCode });
    expect(lookupCalls()[0]?.method).to.equal('POST');
    await waitUntil(() => active(el)?.id === 'result-title', 'focus not on the result');
    expect(text(active(el))).to.equal('查询结果：居民身份证换领');
    // The anonymous answer carries no applicant, no materials and no query code.
    expect(text($(el, '[part="detail"]')))
      .to.contain('审查中')
      .and.not.contain('张*三')
      .and.not.contain(LOOKUP.queryCode);
    expect($(el, '.materials')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('refuses a wrong code and an unknown number with one identical alert', async () => {
    const el = await render(caseTrackerFixture('lookup-code'));
    await type(el, 'projectNo', LOOKUP.projectNo);
    await type(el, 'queryCode', 'WRONG123');
    await submit(el);
    await settled(el, 'refused');
    const wrongCode = text($(el, '[role="alert"]'));
    await type(el, 'projectNo', '23019900000000000000');
    await type(el, 'queryCode', LOOKUP.queryCode);
    await submit(el);
    await waitUntil(() => lookupCalls().length === 2);
    await settled(el, 'refused');
    expect(text($(el, '[role="alert"]'))).to.equal(wrongCode);
    expect(wrongCode).to.equal('没有查到办件。请核对办件编号和查询码是否填写正确。');
    // Whatever words a 404 carries, the refusal reads the same.
    stub.override = (call) =>
      call.url.pathname.endsWith('case-lookup')
        ? { status: 404, body: { error: { code: 'not_found', message: '办件不存在' } } }
        : undefined;
    await submit(el);
    await waitUntil(() => lookupCalls().length === 3);
    await settled(el, 'refused');
    expect(text($(el, '[role="alert"]'))).to.equal(wrongCode);
    // A 400 is about the form (the BFF checks it before looking anything up): its words are shown.
    stub.override = () => ({ status: 400, body: { error: { code: 'bad_request', message: '查询码：查询码过长' } } });
    await submit(el);
    await waitUntil(() => lookupCalls().length === 4);
    await settled(el, 'refused');
    expect(text($(el, '[role="alert"]'))).to.equal('查询码：查询码过长');
  });

  it('asks for the name and the ID tail by default, as the BFF does', async () => {
    const el = await render(caseTrackerFixture('lookup'));
    expect($$(el, 'label').map((node) => text(node))).to.deep.equal([
      '办件编号',
      '申请人姓名或名称',
      '证件号码后 6 位',
    ]);
    await type(el, 'projectNo', LOOKUP.projectNo);
    await type(el, 'applicantName', LOOKUP.applicantName);
    await type(el, 'idTail', '07123');
    await submit(el);
    expect(text($(el, '#e-idTail'))).to.equal('请输入证件号码的最后 6 位（数字或字母）');
    expect($(el, '#f-idTail').getAttribute('aria-describedby')).to.equal('h-idTail e-idTail');
    await type(el, 'idTail', LOOKUP.idTail);
    await submit(el);
    await settled(el, 'found');
    expect(lookupCalls()[0]?.body).to.deep.equal({
      projectNo: LOOKUP.projectNo,
      applicantName: LOOKUP.applicantName,
      idTail: LOOKUP.idTail,
    });
    const short = await render(
      caseTrackerFixture('lookup'),
      '<gov-case-tracker mode="lookup" factor="name_id_tail" id-tail-length="4"></gov-case-tracker>',
    );
    expect(text($(short, 'label[for="f-idTail"]'))).to.equal('证件号码后 4 位');
    expect($<HTMLInputElement>(short, '#f-idTail').maxLength).to.equal(4);
    const wrong = await render(caseTrackerFixture('lookup'));
    await type(wrong, 'projectNo', LOOKUP.projectNo);
    await type(wrong, 'applicantName', '李四');
    await type(wrong, 'idTail', LOOKUP.idTail);
    await submit(wrong);
    await settled(wrong, 'refused');
    expect(text($(wrong, '[role="alert"]'))).to.equal(
      '没有查到办件。请核对办件编号、申请人姓名或名称和证件号码后 6 位是否填写正确。',
    );
  });

  async function fillNameId(el: GovCaseTracker): Promise<void> {
    await type(el, 'projectNo', LOOKUP.projectNo);
    await type(el, 'applicantName', LOOKUP.applicantName);
    await type(el, 'idTail', LOOKUP.idTail);
  }

  it('handles 429: says how long to wait, and will not send again until then', async () => {
    const el = await render(caseTrackerFixture('lookup-rate-limited'));
    await fillNameId(el);
    await submit(el);
    await settled(el, 'rate-limited');
    expect(text($(el, '[role="alert"]'))).to.equal(
      '查询次数过多，请 10 分钟后再试。登录后可以在“我的办件”中随时查看办理进度。',
    );
    const button = $<HTMLButtonElement>(el, 'form button');
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(text(button)).to.equal('请 10 分钟后再试');
    await submit(el);
    await pause(100);
    expect(lookupCalls()).to.have.length(1);
    await expect(el).to.be.accessible();

    // Seconds when the BFF says seconds; a minute when it names no wait at all.
    const seconds = await render(caseTrackerFixture('lookup'));
    stub.override = () => ({ status: 429, body: { error: { code: 'too_many_requests', message: '请 30 秒后再试' } } });
    await fillNameId(seconds);
    await submit(seconds);
    await settled(seconds, 'rate-limited');
    expect(text($(seconds, 'form button'))).to.match(/^请 (30|29) 秒后再试$/);
    const plain = await render(caseTrackerFixture('lookup'));
    stub.override = () => ({
      status: 429,
      body: { error: { code: 'too_many_requests', message: '请求过于频繁，请稍后再试' } },
    });
    await fillNameId(plain);
    await submit(plain);
    await settled(plain, 'rate-limited');
    expect(text($(plain, '[role="alert"]'))).to.contain('请 1 分钟后再试');
  });

  it('answers 429 after repeated refusals, as the BFF limiter does', async () => {
    const el = await render(caseTrackerFixture('lookup'));
    stub.world.refusedLookups = LOOKUP_LIMIT;
    await fillNameId(el);
    await submit(el);
    await settled(el, 'rate-limited');
  });

  it('says a case is not found (another person’s or none) without a retry', async () => {
    const el = await render(caseTrackerFixture('not-found'));
    expect(text($(el, '.problem'))).to.equal('未找到该办件。请核对办件编号；只能查看本人申请的办件。');
    expect($(el, '.problem button')).to.equal(null);
  });

  it('says what went wrong in Chinese and retries', async () => {
    const failed = oneEvent(document, 'gov-error');
    const el = await render(caseTrackerFixture('error'));
    expect((await failed).detail).to.deep.equal({ code: 'service_unavailable', message: '服务暂时不可用，请稍后再试' });
    expect(text($(el, '[part="status"]'))).to.equal('服务暂时不可用，请稍后再试');
    stub.world.mode = 'signed-in';
    $<HTMLButtonElement>(el, '.problem button').click();
    await settled(el, 'results');
  });

  it('fits 320px without horizontal overflow: list, case and lookup', async () => {
    await setViewport({ width: 320, height: 640 });
    const noOverflow = (el: GovCaseTracker) => {
      const root = $(el, '.root');
      expect(root.scrollWidth, 'widget scroll width').to.be.at.most(root.clientWidth);
      expect(document.documentElement.scrollWidth, 'page scroll width').to.be.at.most(320);
    };
    const el = await render(caseTrackerFixture('list'));
    noOverflow(el);
    caseLink(el, CASES.soleTrader).click();
    await settled(el, 'detail');
    noOverflow(el);
    await expect(el).to.be.accessible();
    const lookup = await render(caseTrackerFixture('lookup'));
    noOverflow(lookup);
    const elder = await render(caseTrackerFixture('elder'));
    noOverflow(elder);
  });

  it('keeps its size and layout under hostile page CSS', async () => {
    const hostile = document.createElement('style');
    hostile.textContent = `* { all: revert !important; }
      html { font-size: 10px !important; }
      body * { font-size: 12px; line-height: 3 !important; letter-spacing: 0.3em !important;
        text-transform: uppercase !important; text-align: justify !important; box-sizing: content-box !important;
        display: inline !important; }
      a, button { color: red !important; }`;
    document.head.append(hostile);
    try {
      const el = await render(caseTrackerFixture('english'));
      const title = $(el, '#detail-title');
      const style = getComputedStyle(title);
      expect(parseFloat(style.fontSize)).to.be.at.least(16);
      expect(style.letterSpacing).to.equal('normal');
      expect(style.textTransform).to.equal('none');
      const button = $(el, 'button.primary');
      expect(button.getBoundingClientRect().height).to.be.at.least(44);
      expect(text(button)).to.equal('Rate this service');
      const root = $(el, '.root');
      expect(root.scrollWidth).to.be.at.most(root.clientWidth);
    } finally {
      hostile.remove();
    }
  });

  it('enlarges text in 适老化 mode', async () => {
    const el = await render(caseTrackerFixture('elder'));
    expect(parseFloat(getComputedStyle(caseLink(el, CASES.idCard)).fontSize)).to.be.at.least(20);
  });

  it('speaks English with lang="en", dates included', async () => {
    const el = await render(caseTrackerFixture('english'));
    expect(text($(el, '[part="detail"]')))
      .to.contain('Progress')
      .and.contain('Application no.')
      .and.contain('Nov 18, 2026');
  });

  it('hides its light-DOM fallback once upgraded', async () => {
    const el = await render(
      caseTrackerFixture('list'),
      '<gov-case-tracker mode="list"><a href="/space/">我的办件</a></gov-case-tracker>',
    );
    expect((el.querySelector('a') as HTMLAnchorElement).checkVisibility()).to.equal(false);
    expect($(el, 'slot')).to.equal(null);
  });

  it('fires gov-case-tracker-changed with status, mode and filter, bubbling out of the shadow root', async () => {
    const changes: GovCaseTrackerChangedDetail[] = [];
    const listen = (event: Event) => changes.push((event as CustomEvent<GovCaseTrackerChangedDetail>).detail);
    document.addEventListener('gov-case-tracker-changed', listen);
    try {
      await render(caseTrackerFixture('list'));
      expect(changes[0]).to.deep.equal({ status: 'loading', mode: 'list', filter: 'all' });
      expect(changes.at(-1)).to.deep.equal({ status: 'results', mode: 'list', filter: 'all' });
    } finally {
      document.removeEventListener('gov-case-tracker-changed', listen);
    }
  });

  it('shows the owner the query code to share, and never a raw ID number', async () => {
    const el = await render(caseTrackerFixture('detail'));
    const facts = $$(el, '.fact').map((node) => `${text(node.querySelector('dt'))}：${text(node.querySelector('dd'))}`);
    expect(facts).to.include.members([`查询码：${LOOKUP.queryCode}`, '申请人类型：自然人']);
    expect(shadow(el).textContent).not.to.match(/(?<!\d)\d{17}[\dX](?!\d)/);
    expect(DEMO_CASES.length).to.equal(14);
  });
});
