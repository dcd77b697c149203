/**
 * <gov-evaluate> in Chromium. The BFF is the fake 好差评 API of demo/fixtures/evaluations-api.ts behind a fetch stub
 * (the answers the gallery's msw handlers give); every state of demo/fixtures/evaluations.ts is rendered — states a
 * user reaches by acting through the fixture's own `play` steps — and checked with axe. Keys are pressed with real
 * keyboard events (sendKeys), so the radio group and the dialog's focus handling are what a keyboard user gets.
 */
import { expect, fixture, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { answerEvaluationsApi } from '../../../demo/fixtures/evaluations-api.js';
import { EVALUATION_CASES, MAX_TEXT_LENGTH, REFUSALS } from '../../../demo/fixtures/evaluations-data.js';
import {
  askToEvaluate,
  evaluateFixture,
  evaluateFixtures,
  GOOD_RATING,
  NEGATIVE_RATING,
  rate,
  type EvaluateFixture,
} from '../../../demo/fixtures/evaluations.js';
import '../../../widgets/gov-evaluate/define.js';
import { getSessionStore } from '../../../widgets/runtime/index.js';
import type {
  GovEvaluate,
  GovEvaluateChangedDetail,
  GovEvaluateSubmittedDetail,
} from '../../../widgets/gov-evaluate/gov-evaluate.js';
import { stubEvaluationsApi, type EvaluationsApiStub } from './api-stub.js';

let stub: EvaluationsApiStub;
/** The last gov-evaluate-changed detail of each element. */
const last = new WeakMap<EventTarget, GovEvaluateChangedDetail>();
const record = (event: Event) =>
  last.set(event.target as EventTarget, (event as CustomEvent<GovEvaluateChangedDetail>).detail);

const shadow = (el: GovEvaluate) => el.shadowRoot as ShadowRoot;
const $ = <T extends Element = HTMLElement>(el: GovEvaluate, selector: string) =>
  shadow(el).querySelector<T>(selector) as T;
const $$ = <T extends Element = HTMLElement>(el: GovEvaluate, selector: string) => [
  ...shadow(el).querySelectorAll<T>(selector),
];
const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const active = (el: GovEvaluate) => shadow(el).activeElement as HTMLElement | null;
const radios = (el: GovEvaluate) => $$(el, '[role="radio"]');
const radio = (el: GovEvaluate, level: number) => $(el, `#level-${level}`);
const submitButton = (el: GovEvaluate) => $<HTMLButtonElement>(el, 'button[type="submit"]');
const posts = () => stub.callsTo('evaluations', 'POST');
async function shiftTab(): Promise<void> {
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: 'Tab' });
  await sendKeys({ up: 'Shift' });
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function settled(el: GovEvaluate, status: GovEvaluateChangedDetail['status']): Promise<void> {
  await el.updateComplete;
  await waitUntil(() => last.get(el)?.status === status, `never ${status}; last ${JSON.stringify(last.get(el))}`);
  await el.updateComplete;
}

const attributesOf = (state: EvaluateFixture) =>
  Object.entries(state.attributes ?? {})
    .map(([name, value]) => (value ? `${name}="${value}"` : name))
    .join(' ');

/** Renders a fixture state (running its play steps) inside `wrap` (`%` stands for the element). */
async function render(state: EvaluateFixture, wrap = '%'): Promise<GovEvaluate> {
  stub.reset(state.mode);
  const tag = `<gov-evaluate ${attributesOf(state)}></gov-evaluate>`;
  const root = await fixture<HTMLElement>(wrap.replace('%', tag));
  const el = (root.localName === 'gov-evaluate' ? root : root.querySelector('gov-evaluate:not(#any)')) as GovEvaluate;
  if (state.play) {
    await settled(el, state.startsAt ?? 'form');
    await state.play(el);
  }
  await settled(el, state.expected);
  return el;
}

/** Every visible control at least 44 × 44 CSS px (WCAG 2.5.5 / 适老化). */
function expectLargeTargets(el: GovEvaluate): void {
  for (const control of $$(el, 'a, button, [role="radio"], label.check, textarea')) {
    const box = control.getBoundingClientRect();
    if (box.width === 0 || control.closest('.vh')) continue;
    expect(box.height, `${text(control)} height`).to.be.at.least(44);
    expect(box.width, `${text(control)} width`).to.be.at.least(44);
  }
}

describe('<gov-evaluate>', () => {
  beforeEach(() => {
    stub = stubEvaluationsApi();
    document.addEventListener('gov-evaluate-changed', record);
  });

  afterEach(async () => {
    document.removeEventListener('gov-evaluate-changed', record);
    stub.restore();
    await setViewport({ width: 800, height: 600 });
  });

  for (const state of evaluateFixtures)
    it(`renders the ${state.name} state and is accessible`, async () => {
      const el = await render(state);
      await expect(el).to.be.accessible();
      expectLargeTargets(el);
    });

  it('offers the five levels strongest first, each with stars and a visible text label', async () => {
    const el = await render(evaluateFixture('first'));
    expect(radios(el).map(text)).to.deep.equal(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    const group = $(el, '[role="radiogroup"]');
    expect(text(shadow(el).getElementById(group.getAttribute('aria-labelledby') ?? '') as HTMLElement)).to.contain(
      '您对这次办事服务满意吗',
    );
    expect(group.getAttribute('aria-required')).to.equal('true');
    for (const [index, option] of radios(el).entries()) {
      expect(option.getAttribute('aria-checked')).to.equal('false');
      // Stars are decoration: filled ones count the level, and the text says it in words.
      const stars = option.querySelector('svg.stars') as SVGElement;
      expect(stars.getAttribute('aria-hidden')).to.equal('true');
      expect(stars.querySelectorAll('path.on')).to.have.length(5 - index);
      expect(option.querySelector('.level-label')?.checkVisibility()).to.equal(true);
    }
    expect(text($(el, '.case'))).to.equal('个体工商户设立登记 · 哈尔滨市道里区市场监督管理局');
  });

  it('is one radio group by keyboard: one tab stop, arrows move and choose (wrapping), Space chooses', async () => {
    const el = await render(evaluateFixture('first'), '<div><button>之前</button>%<button>之后</button></div>');
    const tabStops = () => radios(el).filter((option) => option.tabIndex === 0);
    (el.previousElementSibling as HTMLButtonElement).focus();
    await sendKeys({ press: 'Tab' });
    expect(active(el)).to.equal(radio(el, 5));
    expect(tabStops()).to.deep.equal([radio(el, 5)]);
    const checked = () => radios(el).filter((option) => option.getAttribute('aria-checked') === 'true');

    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(active(el)).to.equal(radio(el, 4));
    expect(checked()).to.deep.equal([radio(el, 4)]);
    expect(tabStops()).to.deep.equal([radio(el, 4)]);
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(checked()).to.deep.equal([radio(el, 3)]);
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    expect(active(el)).to.equal(radio(el, 5));
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    expect(active(el)).to.equal(radio(el, 1));
    expect(checked()).to.deep.equal([radio(el, 1)]);
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(checked()).to.deep.equal([radio(el, 5)]);
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(checked()).to.deep.equal([radio(el, 2)]);
    expect(text($(el, 'legend'))).to.equal('哪些方面需要改进？（可多选）');

    // Tab leaves the group at once (one stop), to the first indicator; Shift+Tab comes back to the chosen level.
    await sendKeys({ press: 'Tab' });
    expect(active(el)?.id).to.equal('aspect-0');
    await shiftTab();
    expect(active(el)).to.equal(radio(el, 2));
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(checked()).to.deep.equal([radio(el, 2)]);
    // A mouse click chooses too, and focuses the choice.
    radio(el, 3).click();
    await el.updateComplete;
    expect(checked()).to.deep.equal([radio(el, 3)]);
    expect(active(el)).to.equal(radio(el, 3));
    expect(text($(el, 'legend'))).to.equal('哪些方面让您满意？（可多选）');
  });

  it('keeps ticks that the new level offers too', async () => {
    const el = await render(evaluateFixture('first'));
    await rate(el, { level: 4, indicators: ['办事效率'], submit: false });
    radio(el, 2).click();
    await el.updateComplete;
    const ticked = $$<HTMLInputElement>(el, 'input[type="checkbox"]').filter((box) => box.checked);
    expect(ticked.map((box) => box.value)).to.deep.equal(['502']);
  });

  it('refuses to send without a level: error next to the group, in the summary, focus on the group', async () => {
    const el = await render(evaluateFixture('first'));
    submitButton(el).click();
    await el.updateComplete;
    expect(posts()).to.have.length(0);
    const group = $(el, '[role="radiogroup"]');
    expect(group.getAttribute('aria-invalid')).to.equal('true');
    expect(text(shadow(el).getElementById(group.getAttribute('aria-describedby') ?? '') as HTMLElement)).to.equal(
      '错误：请选择您的满意程度',
    );
    expect(text($(el, '[part="error-summary"]')))
      .to.contain('请修改以下问题后再提交')
      .and.contain('请选择您的满意程度');
    expect(active(el)).to.equal(radio(el, 5));
    // Choosing a level clears the message at once.
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect($(el, '[part="error-summary"]')).to.equal(null);
    expect(group.getAttribute('aria-invalid')).to.equal('false');
  });

  it('requires an indicator or text for 不满意: inline error by aria-describedby, summary link, focus, no request', async () => {
    const el = await render(evaluateFixture('invalid'));
    expect(posts()).to.have.length(0);
    const fieldset = $(el, 'fieldset');
    const message = shadow(el).getElementById(fieldset.getAttribute('aria-describedby') ?? '') as HTMLElement;
    expect(text(message)).to.equal('错误：请至少勾选一个需要改进的方面，或者写下具体问题，方便办理部门整改');
    expect(message.checkVisibility()).to.equal(true);
    expect(active(el)?.id).to.equal('aspect-0');
    const link = $<HTMLAnchorElement>(el, '[part="error-summary"] a');
    expect(text(link)).to.equal('请至少勾选一个需要改进的方面，或者写下具体问题，方便办理部门整改');
    $<HTMLTextAreaElement>(el, 'textarea').focus();
    link.click();
    expect(active(el)?.id).to.equal('aspect-0');

    // Text alone is enough.
    await rate(el, { level: 2, text: '材料清单和窗口要求不一致' });
    await settled(el, 'submitted');
    expect(posts()).to.have.length(1);
    expect(posts()[0]?.body).to.include({ level: 2, text: '材料清单和窗口要求不一致' });
    expect(posts()[0]?.body).to.have.property('indicatorCodes').that.deep.equals([]);
  });

  it('sends a 差评 with its indicator and tells the user the department will report back', async () => {
    const submitted = new Promise<GovEvaluateSubmittedDetail>((resolve) =>
      document.addEventListener(
        'gov-evaluate-submitted',
        (event) => resolve((event as CustomEvent<GovEvaluateSubmittedDetail>).detail),
        { once: true },
      ),
    );
    const el = await render(evaluateFixture('submitted-negative'));
    const [post] = posts();
    expect(post?.body).to.deep.include({
      projectNo: EVALUATION_CASES.pension.projectNo,
      level: 2,
      indicatorCodes: ['502'],
      text: NEGATIVE_RATING.text,
    });
    expect(await submitted).to.deep.equal({
      projectNo: EVALUATION_CASES.pension.projectNo,
      id: 'ev-new-1',
      level: 2,
      assessNumber: 1,
    });
    const notice = $(el, '[part="notice"]');
    expect(text(notice)).to.contain('评价已提交，感谢您的评价！').and.contain('您的评价：不满意');
    expect(text(notice)).to.contain('你的意见已转交办理部门，整改结果会在“我的评价”中告诉你。');
    expect(active(el)?.id).to.equal('done-title');
    expect($<HTMLAnchorElement>(el, 'a.link').href).to.match(/\/space\/\?space-section=evaluations$/);
  });

  it('thanks a good rating without the rectification note', async () => {
    const el = await render(evaluateFixture('submitted-good'));
    expect(posts()[0]?.body).to.deep.include({ level: 5, indicatorCodes: ['502', '504'], text: GOOD_RATING.text });
    expect(text($(el, '[part="notice"]')))
      .to.contain('您的评价：非常满意')
      .and.not.contain('整改');
  });

  it('sends one request for a double submit, and a retry after a failure reuses the key', async () => {
    const el = await render(evaluateFixture('first'));
    await rate(el, { level: 5, submit: false });
    stub.delayMs = 300;
    // The BFF records the first attempt but its answer is lost (a 503 on the way back).
    let lost = false;
    stub.override = (call) => {
      if (call.method !== 'POST' || lost) return undefined;
      lost = true;
      answerEvaluationsApi(stub.world, call.method, call.url, call.body);
      return { status: 503, body: { error: { code: 'service_unavailable', message: '服务暂时不可用，请稍后再试' } } };
    };
    submitButton(el).click();
    submitButton(el).click();
    $<HTMLFormElement>(el, 'form').requestSubmit();
    await el.updateComplete;
    expect(submitButton(el).getAttribute('aria-disabled')).to.equal('true');
    expect(text(submitButton(el))).to.equal('正在提交…');
    await waitUntil(() => $(el, '[role="alert"]'), 'no failure message');
    expect(posts()).to.have.length(1);
    expect(text($(el, '[role="alert"]'))).to.equal(
      '评价没有提交成功：服务暂时不可用，请稍后再试。您填写的内容都还在，可以再点“提交评价”。',
    );
    expect(last.get(el)?.status).to.equal('form');
    expect(radio(el, 5).getAttribute('aria-checked')).to.equal('true');

    submitButton(el).click();
    submitButton(el).click();
    await settled(el, 'submitted');
    const [first, retry] = posts().map((call) => (call.body as { idempotencyKey: string }).idempotencyKey);
    expect(posts()).to.have.length(2);
    expect(first).to.match(/^[0-9a-f]{32}$/);
    expect(retry).to.equal(first);
    expect(stub.world.created).to.have.length(1);
  });

  it('uses a new key for a new form', async () => {
    const el = await render(evaluateFixture('first'));
    await rate(el, { level: 5 });
    await settled(el, 'submitted');
    el.case = EVALUATION_CASES.socialCard.projectNo;
    await settled(el, 'form');
    await rate(el, { level: 4 });
    await settled(el, 'submitted');
    const keys = posts().map((call) => (call.body as { idempotencyKey: string }).idempotencyKey);
    expect(keys).to.have.length(2);
    expect(keys[0]).to.not.equal(keys[1]);
  });

  it('counts characters and announces them politely only near the limit', async () => {
    const el = await render(evaluateFixture('first'));
    const area = $<HTMLTextAreaElement>(el, 'textarea');
    const status = $(el, '.field [role="status"]');
    expect(text($(el, '#text-hint'))).to.equal(`最多可以输入 ${MAX_TEXT_LENGTH} 个字。`);
    expect(area.getAttribute('aria-describedby')).to.contain('text-hint');
    const type = async (value: string) => {
      area.value = value;
      area.dispatchEvent(new Event('input', { bubbles: true }));
      await el.updateComplete;
      await pause(900);
      await el.updateComplete;
    };
    await type('办'.repeat(100));
    expect(text($(el, '.counter'))).to.equal('还可以输入 100 个字');
    expect(text(status)).to.equal('');
    await type('办'.repeat(185));
    expect(text(status)).to.equal('还可以输入 15 个字');
    await type('办'.repeat(205));
    expect(text(status)).to.equal('已超出 5 个字');
    expect(text($(el, '.counter'))).to.equal('已超出 5 个字');
    radio(el, 4).click();
    submitButton(el).click();
    await el.updateComplete;
    expect(posts()).to.have.length(0);
    expect(active(el)).to.equal(area);
    expect(area.getAttribute('aria-invalid')).to.equal('true');
    expect(text(shadow(el).getElementById('text-error'))).to.equal('错误：评价内容最多 200 个字，请删掉 5 个字');
  });

  it('explains each refusal in plain Chinese', async () => {
    const cases = [
      ['refused-not-yours', REFUSALS.not_found],
      ['refused-agent', REFUSALS.not_applicant],
      ['refused-not-finished', REFUSALS.not_finished],
      ['refused-already', REFUSALS.already_evaluated],
    ] as const;
    for (const [name, message] of cases) {
      const el = await render(evaluateFixture(name));
      expect(text($(el, '[part="notice"]')), name).to.equal(`暂时不能评价 ${message}`);
      expect($(el, 'form'), name).to.equal(null);
    }
    // Someone else's case names nothing about it.
    const notYours = await render(evaluateFixture('refused-not-yours'));
    expect($(notYours, '.case')).to.equal(null);
    const already = await render(evaluateFixture('refused-already'));
    expect(text($(already, '.previous')))
      .to.contain('满意（4 星）')
      .and.contain('补充：证明寄到了，很方便。');
  });

  it('says why in English from its own strings', async () => {
    const el = await render({
      ...evaluateFixture('refused-not-finished'),
      attributes: { ...evaluateFixture('refused-not-finished').attributes, lang: 'en' },
    });
    expect(text($(el, '[part="notice"]'))).to.contain('This application is not completed yet');
  });

  it('turns a refusal on submit into the refused state (another tab rated it first)', async () => {
    const el = await render(evaluateFixture('first'));
    // The other tab's evaluation, straight into the fake.
    answerEvaluationsApi(stub.world, 'POST', new URL(`${stub.base}/api/v1/evaluations`, location.href), {
      projectNo: EVALUATION_CASES.first.projectNo,
      level: 5,
      indicatorCodes: [],
      idempotencyKey: 'other-tab',
    });
    await rate(el, { level: 4 });
    await settled(el, 'refused');
    expect(text($(el, '[part="notice"]'))).to.contain('您已经评价过这个办件');
    expect(active(el)?.id).to.equal('title');
  });

  it('offers a 追评 with the earlier 差评 and its rectification, and sends assessNumber through', async () => {
    const el = await render(evaluateFixture('follow-up'));
    expect(text($(el, '#title'))).to.equal('追加评价（追评）');
    const previous = text($(el, '.previous'));
    expect(previous)
      .to.contain('不满意（2 星）')
      .and.contain('已回访')
      .and.contain('已核对并更新居住证申领的网上办事指南');
    await rate(el, { level: 4, text: '指南已经改对了，第二次去一次办好。' });
    await settled(el, 'submitted');
    expect(stub.world.created[0]?.assessNumber).to.equal(2);
  });

  it('asks a signed-out visitor to log in and come back here', async () => {
    const el = await render(evaluateFixture('signed-out'));
    const login = $<HTMLAnchorElement>(el, '[part="notice"] a');
    expect(text(login)).to.equal('登录');
    const url = new URL(login.href);
    expect(url.pathname).to.equal(`${stub.base}/auth/login`);
    expect(url.searchParams.get('return_to')).to.equal(location.href);
  });

  it('says what went wrong in Chinese and retries', async () => {
    const el = await render(evaluateFixture('error'));
    expect(text($(el, '[part="notice"]'))).to.contain('服务暂时不可用，请稍后再试');
    stub.world.mode = 'signed-in';
    $<HTMLButtonElement>(el, '[part="notice"] button').click();
    await settled(el, 'form');
  });

  it('sends X-CSRF on every call', async () => {
    await render(evaluateFixture('submitted-good'));
    expect(stub.calls.length).to.equal(2);
    for (const call of stub.calls) expect(call.headers.get('X-CSRF')).to.equal('1');
  });

  describe('as a dialog', () => {
    /** A button inside another widget's shadow root, like the case tracker's 评价本次服务. */
    async function trackerButton(): Promise<{ host: HTMLElement; button: HTMLButtonElement }> {
      const host = await fixture<HTMLElement>('<div class="fake-tracker"></div>');
      const button = document.createElement('button');
      button.textContent = '评价本次服务';
      host.attachShadow({ mode: 'open' }).append(button);
      button.focus();
      return { host, button };
    }

    it('opens for the case a tracker names, keeps focus inside, closes on Escape and returns focus', async () => {
      const el = await render(evaluateFixture('first'), '<div>%</div>');
      el.removeAttribute('case');
      await settled(el, 'idle');
      expect(el.getBoundingClientRect().height).to.equal(0);
      const { host, button } = await trackerButton();
      const event = new CustomEvent('gov-case-tracker-evaluate', {
        detail: { projectNo: EVALUATION_CASES.first.projectNo },
        bubbles: true,
        composed: true,
        cancelable: true,
      });
      button.dispatchEvent(event);
      expect(event.defaultPrevented, 'answered').to.equal(true);
      await settled(el, 'form');
      const dialog = $<HTMLDialogElement>(el, 'dialog');
      expect(dialog.open).to.equal(true);
      expect(dialog.matches(':modal')).to.equal(true);
      expect(text(shadow(el).getElementById(dialog.getAttribute('aria-labelledby') ?? ''))).to.equal('评价本次服务');
      expect(active(el)?.id).to.equal('title');
      expect(last.get(el)).to.deep.equal({ status: 'form', projectNo: EVALUATION_CASES.first.projectNo, dialog: true });
      await expect(el).to.be.accessible();

      // Tab and Shift+Tab cycle inside the dialog, never to the page behind it.
      const inside = () => !!active(el) && dialog.contains(active(el));
      for (let press = 0; press < 12; press += 1) {
        await sendKeys({ press: 'Tab' });
        expect(inside(), `Tab ${press + 1}`).to.equal(true);
      }
      submitButton(el).focus();
      await sendKeys({ press: 'Tab' });
      expect(active(el)?.classList.contains('close')).to.equal(true);
      await shiftTab();
      expect(active(el)).to.equal(submitButton(el));
      for (let press = 0; press < 12; press += 1) {
        await shiftTab();
        expect(inside(), `Shift+Tab ${press + 1}`).to.equal(true);
      }

      await sendKeys({ press: 'Escape' });
      await settled(el, 'idle');
      expect($(el, 'dialog')).to.equal(null);
      expect(document.activeElement).to.equal(host);
      expect(host.shadowRoot?.activeElement).to.equal(button);
    });

    it('submits inside the dialog, then 关闭 returns focus', async () => {
      const el = await render(evaluateFixture('dialog'), '<div>%</div>');
      // The fixture opened it with no button to go back to: close it (the page is inert meanwhile), then open it
      // from a button as a user would.
      $<HTMLButtonElement>(el, 'button.close').click();
      await settled(el, 'idle');
      const { button } = await trackerButton();
      askToEvaluate(EVALUATION_CASES.socialCard.projectNo, button);
      await settled(el, 'form');
      await rate(el, GOOD_RATING);
      await settled(el, 'submitted');
      expect(active(el)?.id).to.equal('done-title');
      const close = $$<HTMLButtonElement>(el, 'dialog button').find(
        (node) => text(node) === '关闭',
      ) as HTMLButtonElement;
      close.click();
      await settled(el, 'idle');
      expect((button.getRootNode() as ShadowRoot).activeElement).to.equal(button);
    });

    it('opens for its own case first, and a case-less element leaves that event alone', async () => {
      const wrap = `<div><gov-evaluate id="any"></gov-evaluate>%</div>`;
      const el = await render(evaluateFixture('first'), wrap);
      const any = document.getElementById('any') as GovEvaluate;
      askToEvaluate(EVALUATION_CASES.first.projectNo);
      await settled(el, 'form');
      expect(last.get(el)?.dialog).to.equal(true);
      expect(last.get(any)?.status).to.equal('idle');
      expect($(any, 'dialog')).to.equal(null);
      $<HTMLButtonElement>(el, 'button.close').click();
      await waitUntil(() => last.get(el)?.dialog === false);
      // Another case: the element with a case ignores it; the case-less one opens.
      askToEvaluate(EVALUATION_CASES.followUp.projectNo);
      await settled(any, 'form');
      expect(last.get(el)?.dialog).to.equal(false);
      expect(last.get(any)?.projectNo).to.equal(EVALUATION_CASES.followUp.projectNo);
    });
  });

  it('fits a 320px phone: levels stacked, no horizontal overflow, the dialog inside the screen', async () => {
    await setViewport({ width: 320, height: 640 });
    const el = await render(evaluateFixture('invalid'));
    const noOverflow = () => {
      const root = $(el, '.root');
      expect(root.scrollWidth, 'widget scroll width').to.be.at.most(root.clientWidth);
      expect(document.documentElement.scrollWidth, 'page scroll width').to.be.at.most(320);
    };
    noOverflow();
    const boxes = radios(el).map((option) => option.getBoundingClientRect());
    for (let index = 1; index < boxes.length; index += 1)
      expect((boxes[index] as DOMRect).top).to.be.greaterThan((boxes[index - 1] as DOMRect).bottom - 1);
    expectLargeTargets(el);
    await expect(el).to.be.accessible();
    el.removeAttribute('case');
    await settled(el, 'idle');
    askToEvaluate(EVALUATION_CASES.first.projectNo);
    await settled(el, 'form');
    const dialog = $(el, 'dialog').getBoundingClientRect();
    expect(dialog.left).to.be.at.least(0);
    expect(dialog.right).to.be.at.most(320);
    expect(document.documentElement.scrollWidth).to.be.at.most(320);
  });

  it('shows the levels in a row of five on a wide container', async () => {
    await setViewport({ width: 1000, height: 700 });
    const el = await render(evaluateFixture('first'));
    const tops = radios(el).map((option) => Math.round(option.getBoundingClientRect().top));
    expect(new Set(tops).size).to.equal(1);
  });

  it('keeps its size and layout under hostile page CSS', async () => {
    const hostile = document.createElement('style');
    hostile.textContent = `* { all: revert !important; }
      html { font-size: 10px !important; }
      body * { font-size: 12px; line-height: 3 !important; letter-spacing: 0.3em !important;
        text-transform: uppercase !important; text-align: justify !important; box-sizing: content-box !important;
        display: inline !important; }
      div { color: red !important; }`;
    document.head.append(hostile);
    try {
      const el = await render(evaluateFixture('invalid'));
      const option = radio(el, 3);
      const style = getComputedStyle(option);
      expect(parseFloat(style.fontSize)).to.be.at.least(16);
      expect(style.letterSpacing).to.equal('normal');
      expect(style.textTransform).to.equal('none');
      expectLargeTargets(el);
      const root = $(el, '.root');
      expect(root.scrollWidth).to.be.at.most(root.clientWidth);
    } finally {
      hostile.remove();
    }
  });

  it('enlarges text in 适老化 mode', async () => {
    const el = await render(evaluateFixture('elder'));
    expect(parseFloat(getComputedStyle(radio(el, 5)).fontSize)).to.be.at.least(20);
  });

  it('hides its light-DOM fallback once upgraded', async () => {
    const el = await render(
      evaluateFixture('first'),
      `<gov-evaluate case="${EVALUATION_CASES.first.projectNo}"><a href="/space/">评价办件</a></gov-evaluate>`,
    );
    expect((el.querySelector('a') as HTMLAnchorElement).checkVisibility()).to.equal(false);
    expect($(el, 'slot')).to.equal(null);
  });

  it('fires gov-ready once and gov-evaluate-changed out of the shadow root', async () => {
    stub.reset('signed-in');
    const el = document.createElement('gov-evaluate');
    el.setAttribute('case', EVALUATION_CASES.first.projectNo);
    const ready = oneEvent(el, 'gov-ready');
    const changes: GovEvaluateChangedDetail[] = [];
    const listen = (event: Event) => changes.push((event as CustomEvent<GovEvaluateChangedDetail>).detail);
    document.addEventListener('gov-evaluate-changed', listen);
    try {
      document.body.append(el);
      await ready;
      await settled(el, 'form');
      expect(changes.map((change) => change.status)).to.deep.equal(['loading', 'form']);
    } finally {
      document.removeEventListener('gov-evaluate-changed', listen);
      el.remove();
    }
  });

  // A suite of its own runs after every other test here (mocha runs a suite's tests before its child suites):
  // the page's session store stays signed out afterwards.
  describe('when the session ends elsewhere', () => {
    it('asks for the login again while the form is open', async () => {
      const el = await render(evaluateFixture('first'));
      getSessionStore().markLoggedOut('elsewhere');
      await settled(el, 'signed-out');
      expect(text($(el, '[part="notice"]'))).to.contain('登录后才能评价');
    });
  });
});
