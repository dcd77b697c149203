/**
 * <gov-consult> in Chromium. The BFF is the fake 互动服务 API of demo/fixtures/consult-api.ts behind fetch and XHR
 * stubs (the answers the gallery's msw handlers give); the SSE stream is the real test BFF's, so
 * `consultation-reply` travels through the runtime's event stream as in production. Every state of
 * demo/fixtures/consult.ts is rendered, checked with axe and at 320 px.
 */
import { expect, fixture, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import {
  COMPLAINT,
  consultFixture,
  consultFixtures,
  fillTicket,
  type ConsultFixture,
} from '../../../demo/fixtures/consult.js';
import { FUND_WITHDRAWAL, LIVE_REPLY, QUESTIONS } from '../../../demo/fixtures/consult-data.js';
import { DEPARTMENTS } from '../../../demo/fixtures/items-data.js';
import '../../../widgets/gov-consult/define.js';
import type { GovConsult, GovConsultChangedDetail } from '../../../widgets/gov-consult/gov-consult.js';
import { newTestBff, type TestBff } from '../support/bff-fixture.js';
import { freshSessionStore, streamOpen } from '../gov-case-tracker/api-stub.js';
import { stubConsultApi, type ConsultApiStub } from './api-stub.js';

let bff: TestBff;
let stub: ConsultApiStub;
const last = new WeakMap<EventTarget, GovConsultChangedDetail>();
const record = (event: Event) =>
  last.set(event.target as EventTarget, (event as CustomEvent<GovConsultChangedDetail>).detail);

const shadow = (el: GovConsult) => el.shadowRoot as ShadowRoot;
const $ = <T extends Element = HTMLElement>(el: GovConsult, selector: string) =>
  shadow(el).querySelector<T>(selector) as T;
const $$ = <T extends Element = HTMLElement>(el: GovConsult, selector: string) => [
  ...shadow(el).querySelectorAll<T>(selector),
];
const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const active = (el: GovConsult) => shadow(el).activeElement as HTMLElement | null;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function settled(el: GovConsult, status: GovConsultChangedDetail['status']): Promise<void> {
  await el.updateComplete;
  await waitUntil(() => last.get(el)?.status === status, `never ${status}; last ${JSON.stringify(last.get(el))}`);
  await el.updateComplete;
}

async function render(state: ConsultFixture, extra = ''): Promise<GovConsult> {
  stub.reset(state.mode);
  const attributes = Object.entries(state.attributes ?? {})
    .map(([name, value]) => (value ? `${name}="${value}"` : name))
    .join(' ');
  const el = await fixture<GovConsult>(`<gov-consult ${attributes} ${extra}></gov-consult>`);
  if (state.play) {
    await settled(el, state.startsAt ?? 'assistant');
    await state.play(el);
  }
  await settled(el, state.expected);
  return el;
}

/** Focus a control and type into it with real key presses. */
async function typeInto(el: GovConsult, selector: string, value: string): Promise<void> {
  $(el, selector).focus();
  await sendKeys({ type: value });
}

function pick(el: GovConsult, file: File): void {
  const input = $<HTMLInputElement>(el, '#f-files');
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

describe('<gov-consult>', () => {
  before(() => {
    bff = newTestBff();
  });

  beforeEach(() => {
    freshSessionStore();
    stub = stubConsultApi(bff);
    document.addEventListener('gov-consult-changed', record);
  });

  afterEach(async () => {
    document.removeEventListener('gov-consult-changed', record);
    stub.restore();
    sessionStorage.clear();
    await setViewport({ width: 800, height: 600 });
  });

  for (const state of consultFixtures)
    it(`renders the ${state.name} state, accessible and usable at 320 px`, async () => {
      const el = await render(state);
      await expect(el).to.be.accessible();
      for (const control of $$(el, 'a, button, input:not([type="radio"]):not([type="checkbox"]), select, textarea')) {
        const box = control.getBoundingClientRect();
        if (box.width === 0) continue;
        expect(box.height, `${text(control) || control.id} height`).to.be.at.least(44);
      }
      await setViewport({ width: 320, height: 640 });
      await el.updateComplete;
      expect($(el, '.root').scrollWidth, 'no sideways scrolling at 320 px').to.be.at.most(320);
      await expect(el).to.be.accessible();
    });

  it('asks with Enter and shows the answer, its confidence, sources linked to guides and related items', async () => {
    const el = await render(
      consultFixture('assistant'),
      `item-href="/banshi/guide.html?code={code}" dept="${DEPARTMENTS.hpfHarbin.code}" region="230100000000"`,
    );
    await typeInto(el, '#question', QUESTIONS.answered);
    await sendKeys({ press: 'Enter' });
    await settled(el, 'answered');
    expect(stub.world.questions).to.deep.equal([
      { question: QUESTIONS.answered, dept: DEPARTMENTS.hpfHarbin.code, region: '230100000000' },
    ]);
    const log = $(el, '[role="log"]');
    expect(text(log))
      .to.contain(QUESTIONS.answered)
      .and.contain('可信度：高')
      .and.contain('答复来源')
      .and.contain('相关事项');
    const guide = $<HTMLAnchorElement>(el, '.answer .sources a');
    expect(guide.href).to.equal(new URL(`/banshi/guide.html?code=${FUND_WITHDRAWAL.code}`, location.href).href);
    // The box is empty and keeps focus for the next question.
    expect($<HTMLInputElement>(el, '#question').value).to.equal('');
    expect(active(el)?.id).to.equal('question');
  });

  it('refuses an empty question with a message tied to the box', async () => {
    const el = await render(consultFixture('assistant'));
    $(el, '#question').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(text($(el, '#question-error'))).to.contain('请先输入问题');
    expect($(el, '#question').getAttribute('aria-describedby')).to.contain('question-error');
    expect(stub.callsTo('api/v1/assistant')).to.have.length(0);
  });

  it('says so when it does not know, offering 12345 and 转人工 — also to anonymous users', async () => {
    const el = await render(consultFixture('unknown'));
    const answer = $(el, '.answer');
    expect(text(answer)).to.contain('没有找到可靠的答案').and.contain('12345');
    expect(answer.querySelector('a[href^="tel:"]')?.getAttribute('href')).to.equal('tel:12345');
    // 转人工 while signed out: the login prompt, and the question waits for the login round trip.
    $<HTMLButtonElement>(el, '.offer button').click();
    await settled(el, 'logged-out');
    expect(text($(el, '#login-title'))).to.equal('请先登录');
    expect($<HTMLAnchorElement>(el, '.prompt a').href).to.contain('/auth/login?return_to=');
    expect(sessionStorage.getItem('govdock-consult-handoff')).to.equal(QUESTIONS.unknown);
  });

  it('moves between the parts with the arrow keys and opens one with Enter', async () => {
    const el = await render(consultFixture('assistant'));
    $(el, '#tab-assistant').focus();
    await sendKeys({ press: 'ArrowRight' });
    expect(active(el)?.id).to.equal('tab-ticket');
    await sendKeys({ press: 'End' });
    expect(active(el)?.id).to.equal('tab-mine');
    await sendKeys({ press: 'ArrowRight' });
    expect(active(el)?.id).to.equal('tab-assistant');
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'Enter' });
    await settled(el, 'logged-out');
    expect($(el, '#tab-mine').getAttribute('aria-selected')).to.equal('true');
    expect($(el, '[role="tabpanel"]').getAttribute('aria-labelledby')).to.equal('tab-mine');
  });

  it('hands an unsure answer to a person and files the ticket by keyboard alone', async () => {
    const signedIn = await render({ ...consultFixture('assistant'), mode: 'signed-in' });
    await typeInto(signedIn, '#question', QUESTIONS.uncertain);
    await sendKeys({ press: 'Enter' });
    await settled(signedIn, 'uncertain');
    expect(text($(signedIn, '.answer .warning'))).to.contain('不一定准确');
    $(signedIn, '.offer button').focus();
    await sendKeys({ press: 'Enter' });
    await settled(signedIn, 'form');
    // Focus on the title, with the question already in title and content.
    await waitUntil(() => active(signedIn)?.id === 'f-title', 'focus not on the title');
    expect($<HTMLInputElement>(signedIn, '#f-title').value).to.equal(QUESTIONS.uncertain);
    expect($<HTMLTextAreaElement>(signedIn, '#f-content').value).to.equal(QUESTIONS.uncertain);
    await sendKeys({ type: '，需要本人去吗' });
    $(signedIn, '#f-content').focus();
    await sendKeys({ type: '我在外地工作，能否异地换领？' });
    $(signedIn, 'button[type="submit"]').focus();
    await sendKeys({ press: 'Enter' });
    await settled(signedIn, 'submitted');
    await waitUntil(() => active(signedIn)?.id === 'done-title', 'focus not on the confirmation');
    const ticket = stub.world.tickets[0];
    expect(ticket?.title).to.equal(`${QUESTIONS.uncertain}，需要本人去吗`);
    expect(ticket?.kind).to.equal('consult');
    const done = text($(signedIn, '.done'));
    expect(done).to.contain(`查询编号：${ticket?.trackingNo}`).and.contain('前答复');
  });

  it('lists Chinese problems next to their fields, summarised, and focuses the first', async () => {
    const el = await render(consultFixture('invalid'));
    expect(text($(el, '.summary')))
      .to.contain('请填写标题，至少 2 个字')
      .and.contain('请填写留言内容，至少 5 个字');
    const title = $(el, '#f-title');
    expect(title.getAttribute('aria-invalid')).to.equal('true');
    expect(title.getAttribute('aria-describedby')).to.equal('title-hint title-error');
    expect(text($(el, '#title-error'))).to.equal('错误：请填写标题，至少 2 个字');
    expect(active(el)).to.equal(title);
    expect(stub.callsTo('api/v1/consultations', 'POST')).to.have.length(0);
    // Fixing a field clears its message at once.
    await typeInto(el, '#f-title', '咨询');
    await el.updateComplete;
    expect($(el, '#title-error')).to.equal(null);
  });

  it('checks a linked department code and pre-links the page department', async () => {
    const el = await render(consultFixture('department'));
    expect($<HTMLSelectElement>(el, '#f-link').value).to.equal('dept');
    expect($<HTMLInputElement>(el, '#f-linkCode').value).to.equal(DEPARTMENTS.hpfHarbin.code);
    await fillTicket(el, COMPLAINT);
    await settled(el, 'submitted');
    expect(stub.world.submissions[0]?.deptCode).to.equal(DEPARTMENTS.hpfHarbin.code);
    expect(stub.world.tickets[0]?.deptName).to.equal(DEPARTMENTS.hpfHarbin.name);
  });

  describe('a 差评 becomes a 投诉 (issue 8)', () => {
    const startHref = location.href;
    afterEach(() => history.replaceState(null, '', startHref));
    const fact = (el: GovConsult) => text($(el, '.form .facts'));

    it('opens the form as a 投诉 linked to the evaluation and sends evaluationId', async () => {
      const el = await render(consultFixture('complaint'));
      expect($<HTMLInputElement>(el, 'input[name="kind"][value="complaint"]').checked).to.equal(true);
      expect(fact(el)).to.equal('关联评价 我的差评（评价编号 ev-1）');
      await expect(el).to.be.accessible();
      await fillTicket(el, { title: COMPLAINT.title, content: COMPLAINT.content });
      await settled(el, 'submitted');
      expect(stub.world.submissions[0]).to.include({ kind: 'complaint', evaluationId: 'ev-1' });
    });

    it('lets the user remove the link by keyboard; then nothing is linked', async () => {
      const el = await render(consultFixture('complaint'));
      $$<HTMLButtonElement>(el, 'button')
        .find((node) => text(node) === '不关联这条评价')
        ?.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect($(el, '.form .facts')).to.equal(null);
      await waitUntil(() => active(el)?.id === 'f-kind', 'focus did not move to the kind');
      await fillTicket(el, COMPLAINT);
      await settled(el, 'submitted');
      expect(stub.world.submissions[0]).to.not.have.property('evaluationId');
    });

    it('takes the evaluation from the page URL (consult-evaluation) when the attribute is absent', async () => {
      const url = new URL(startHref);
      url.searchParams.set('consult-evaluation', 'ev-1');
      history.replaceState(null, '', url);
      const el = await render({ ...consultFixture('form'), attributes: {} });
      expect(fact(el)).to.contain('ev-1');
      url.searchParams.set('consult-evaluation', '"><img>');
      history.replaceState(null, '', url);
      const ignored = await render(consultFixture('assistant'));
      expect(last.get(ignored)?.view).to.equal('assistant');
    });
  });

  it('sends one ticket for a double click, and the same client token on a retry', async () => {
    const el = await render(consultFixture('form'));
    stub.delayMs = 200;
    await fillTicket(el, { ...COMPLAINT, submit: false });
    const button = $<HTMLButtonElement>(el, 'button[type="submit"]');
    button.click();
    button.click();
    await settled(el, 'submitted');
    expect(stub.callsTo('api/v1/consultations', 'POST')).to.have.length(1);
    expect(stub.world.tickets.filter((ticket) => ticket.title === COMPLAINT.title)).to.have.length(1);

    // A lost answer: the retry carries the first token, so the BFF answers with the first ticket.
    const again = await render(consultFixture('form'));
    stub.override = (call) =>
      call.method === 'POST' && stub.callsTo('api/v1/consultations', 'POST').length === 1
        ? { status: 503, body: { error: { code: 'service_unavailable', message: '服务暂时不可用，请稍后再试' } } }
        : undefined;
    await fillTicket(again, COMPLAINT);
    await waitUntil(() => $(again, '[role="alert"]'), 'no failure shown');
    expect(text($(again, '[role="alert"]'))).to.contain('提交没有成功：服务暂时不可用');
    $<HTMLButtonElement>(again, 'button[type="submit"]').click();
    await settled(again, 'submitted');
    const tokens = stub
      .callsTo('api/v1/consultations', 'POST')
      .map((call) => (call.body as { clientToken: string }).clientToken);
    expect(tokens).to.have.length(2);
    expect(tokens[0]).to.equal(tokens[1]);
  });

  it('uploads an attachment with progress and sends its id with the ticket', async () => {
    const el = await render(consultFixture('form'));
    stub.delayMs = 100;
    pick(el, new File([PNG], '截图.png', { type: 'image/png' }));
    await waitUntil(() => $(el, '.picked.uploading progress'), 'no progress shown');
    await waitUntil(() => text($(el, '.picked')).includes('已上传'), 'never uploaded');
    const upload = stub.callsTo('api/v1/consultations/attachments', 'POST')[0];
    expect(upload?.headers.get('X-CSRF')).to.equal('1');
    await fillTicket(el, COMPLAINT);
    await settled(el, 'submitted');
    expect(stub.world.submissions[0]?.attachmentIds).to.deep.equal(['up-1']);
  });

  it('refuses a file whose content is not what its type claims, before uploading it', async () => {
    const el = await render(consultFixture('form'));
    pick(el, new File(['<html><script>alert(1)</script></html>'], 'photo.png', { type: 'image/png' }));
    await waitUntil(() => $(el, '.picked.refused'), 'not refused');
    expect(text($(el, '.picked'))).to.contain('文件内容与类型不符');
    expect(stub.callsTo('api/v1/consultations/attachments')).to.have.length(0);
    // A type the form does not take at all.
    pick(el, new File(['<svg/>'], 'a.svg', { type: 'image/svg+xml' }));
    await waitUntil(() => $$(el, '.picked.refused').length === 2, 'svg not refused');
    expect(text($$(el, '.picked')[1] ?? null)).to.contain('只能上传 PNG、JPEG 图片或 PDF 文件');
  });

  it("shows the server's refusal of an attachment the browser could not tell apart", async () => {
    const el = await render(consultFixture('form'));
    stub.override = (call) =>
      call.url.pathname.endsWith('/attachments')
        ? {
            status: 415,
            body: {
              error: { code: 'unsupported_file_type', message: '附件内容不是 PNG、JPEG 图片或 PDF 文件，已拒绝上传' },
            },
          }
        : undefined;
    pick(el, new File([PNG, '<html></html>'], 'disguised.png', { type: 'image/png' }));
    await waitUntil(() => $(el, '.picked.refused'), 'not refused');
    expect(text($(el, '.picked'))).to.contain('未上传：附件内容不是 PNG、JPEG 图片或 PDF 文件，已拒绝上传');
    // Removing it returns focus to the file field.
    $<HTMLButtonElement>(el, '.picked button').click();
    await el.updateComplete;
    expect($(el, '.picked')).to.equal(null);
    expect(active(el)?.id).to.equal('f-files');
  });

  it('shows ticket and reply text with markup as literal text', async () => {
    const hostile = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    const el = await render(consultFixture('mine'));
    stub.world.tickets[1]!.content = hostile;
    stub.world.reply('ZX2026112300018', `${hostile} 已处理`);
    $<HTMLButtonElement>(el, '[data-no="ZX2026112300018"]').click();
    await settled(el, 'detail');
    expect(text($(el, '.detail'))).to.contain(hostile);
    expect($$(el, '.detail img, .detail script')).to.have.length(0);
    expect((window as unknown as { __xss?: number }).__xss).to.equal(undefined);
  });

  it('opens a ticket with its replies and overdue warning, and goes back to it', async () => {
    const el = await render(consultFixture('mine'));
    expect(text($(el, '[role="status"].status'))).to.equal('共 2 条留言');
    const overdueRow = $(el, `[data-no="${LIVE_REPLY.trackingNo}"]`).closest('li') as HTMLElement;
    expect(text(overdueRow)).to.contain('已超过承诺答复时间');
    $(el, `[data-no="${LIVE_REPLY.trackingNo}"]`).focus();
    await sendKeys({ press: 'Enter' });
    await settled(el, 'detail');
    await waitUntil(() => active(el)?.id === 'detail-title', 'focus not on the ticket');
    expect(text($(el, '.detail .warning'))).to.contain('已超过承诺答复日期');
    const download = $<HTMLAnchorElement>(el, '.detail a[download]');
    expect(download.href).to.contain(`/api/v1/consultations/${LIVE_REPLY.trackingNo}/attachments/att-1`);
    expect(text($(el, '.replies'))).to.contain('已转交');
    $(el, '.back').click();
    await settled(el, 'tickets');
    await waitUntil(() => active(el)?.dataset.no === LIVE_REPLY.trackingNo, 'focus not back on the ticket');
  });

  it('shows a reply that arrives live and announces it politely', async () => {
    const el = await render(consultFixture('live-reply'));
    await streamOpen(bff);
    stub.world.reply();
    await bff.publish('consultation-reply', {
      trackingNo: LIVE_REPLY.trackingNo,
      status: 'replied',
      statusLabel: '已答复',
    });
    await waitUntil(() => text($(el, '.replies')).includes('款项已于今日到账'), 'reply not shown');
    const notice = $(el, '[part="notice"]');
    expect(notice.getAttribute('role')).to.equal('status');
    await waitUntil(() => text(notice).startsWith('您的留言有新答复'), 'not announced');
    expect($(el, '.detail .warning')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('restores a question handed over before the login', async () => {
    sessionStorage.setItem('govdock-consult-handoff', QUESTIONS.unknown);
    const el = await render({ ...consultFixture('form'), attributes: {} });
    expect(last.get(el)?.view).to.equal('ticket');
    expect($<HTMLTextAreaElement>(el, '#f-content').value).to.equal(QUESTIONS.unknown);
    expect(sessionStorage.getItem('govdock-consult-handoff')).to.equal(null);
    await pause(0);
  });
});
