/**
 * The "Done when" of issues 8 and 9, end to end through the product started exactly as `npm start`
 * starts it (embedded dev auth platform, front processor ticked by the simulator and its simulated
 * agency, outbox, sync on the demo's own schedules, BFF, SSE) in Debian's Chromium — nothing driven
 * from inside, the simulator only ticks faster:
 *
 *  1. 张三 logs in through the platform's password form from the 咨询投诉 host page (demo/hosts/consult.html);
 *  2. the assistant in `<gov-consult>` answers a common question, with sources;
 *  3. they file a 投诉 through the form and see the tracking number;
 *  4. WITHOUT a reload, 我的留言 shows the simulated agency's reply as it arrives (outbox → front processor →
 *     agency → sync → SSE `consultation-reply`), announced in the widget's polite live region;
 *  5. `<gov-notices>` on the same page shows a live toast and a higher count when the simulator advances one of
 *     their cases (sync → `notice`), axe-clean with the toast showing.
 * No console errors and no CSP violations (the page carries the strict policy of strict-csp.html).
 * The tests build on each other and share one product and one browser page.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { MyConsultationSummary, NoticeListResponse } from '../../bff/api/contracts/cases.js';
import type { TicketDetail } from '../../bff/api/contracts/consultations.js';
import { DEMO_PASSWORD } from '../../bff/dev/auth-platform/accounts.js';
import { startProduct, stopProductAndAssertCleanExit, type RunningProduct } from '../support/start-product.js';
import {
  describeViolations,
  launchChromium,
  newWatchedContext,
  runAxe,
  watchPage,
  type WatchedPage,
} from './browser.js';
import { checkHostPage } from './host-pages.js';
import { submitPlatformLogin, waitForLoginView } from './login-helpers.js';

const TICK_SECONDS = 2;
/** Operator token of this test's product (≥ 32 characters), for the "where did it get stuck" messages. */
const ADMIN_TOKEN = 'e2e-live-push-operator-token-0123456789';
// Small data; the simulator ticks every 2 s. The sync keeps the demo's own schedules (bff/start.ts: cases and
// replies every 10 s, 10 s safety lag): what is measured here is what a person trying `npm start` sees.
const productEnv = {
  SIMULATOR_ITEMS: '300',
  SIMULATOR_CASES: '50',
  SIMULATOR_TICK_SECONDS: String(TICK_SECONDS),
  ADMIN_TOKEN,
};
/** A reply must be on screen within this long of the submission (agency 1–2 + 2–4 ticks, sync, lag). */
const REPLY_BOUND_MS = 90_000;
/** A case-progress toast within this long (a demo case moves every tick; cases sync every 10 s). */
const NOTICE_BOUND_MS = 60_000;
const QUESTION = '社保卡丢了怎么补办';
const COMPLAINT_TITLE = '窗口办理社保卡补办时推诿';
const COMPLAINT_TEXT = '上周三在市政务服务大厅补办社保卡，窗口工作人员说材料不全却不说缺什么，让我跑了两趟。';

/** GET from the BFF as the page's own script would, with the session cookie. */
async function api<T>(page: Page, path: string): Promise<{ status: number; body: T }> {
  return page.evaluate(async (target) => {
    const response = await fetch(target, { credentials: 'include', headers: { 'X-CSRF': '1' } });
    return { status: response.status, body: (await response.json()) as T };
  }, path);
}

/** Text of a locator with whitespace collapsed ('' when absent). */
async function textOf(locator: Locator): Promise<string> {
  if ((await locator.count()) === 0) return '';
  return ((await locator.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Polls `probe` until it returns a value (not undefined); on timeout throws what `explain` says. */
async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  explain: () => Promise<string>,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(await explain().catch((error: unknown) => String(error)));
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

describe('live push end to end: a 投诉 answered live, a case notice toasted (npm start, Chromium)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'govdock-e2e-push-'));
  let product: RunningProduct | undefined;
  let baseUrl = '';
  let authUrl = '';
  let browser: Browser | undefined;
  let context: BrowserContext;
  let tab: WatchedPage;
  let trackingNo = '';
  /** When 提交留言 was pressed: the reply times are counted from here. */
  let submittedAt = 0;
  let navigations = 0;
  const timings: Record<string, number> = {};

  /** The pipeline's state for a stuck ticket: the ticket, the outbox, the sync streams that bring replies. */
  async function whereIsTicket(no: string): Promise<string> {
    const parts: string[] = [];
    const ticket = await api<TicketDetail>(tab.page, `/api/v1/consultations/${encodeURIComponent(no)}`).catch(
      (error: unknown) => ({ status: 0, body: String(error) }),
    );
    if (typeof ticket.body === 'object')
      parts.push(
        `ticket ${no}: status ${ticket.body.status} (${ticket.body.statusLabel}), ${ticket.body.replies.length} repl(ies) in the library`,
      );
    else parts.push(`ticket ${no}: ${ticket.status} ${ticket.body}`);
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text().catch(() => '');
    const outbox = metrics.split('\n').filter((line) => line.startsWith('govdock_outbox_'));
    parts.push(`outbox: ${outbox.join('; ') || '(no outbox metrics)'}`);
    const streams = (await (
      await fetch(`${baseUrl}/admin/v1/streams`, {
        headers: { 'X-CSRF': '1', Authorization: `Bearer ${ADMIN_TOKEN}` },
      })
    ).json()) as {
      streams?: {
        stream: string;
        sourceTable: string | null;
        status: string;
        lastSuccessAt: string | null;
        lastError: string | null;
      }[];
    };
    for (const stream of streams.streams ?? [])
      if (/consult|reply/i.test(`${stream.stream} ${stream.sourceTable ?? ''}`))
        parts.push(
          `sync ${stream.stream} (${stream.sourceTable ?? '?'}): ${stream.status}, last success ${stream.lastSuccessAt ?? 'never'}${stream.lastError ? `, error ${stream.lastError}` : ''}`,
        );
    if (typeof ticket.body === 'object' && ticket.body.status === 'submitted')
      parts.push('→ no 受理 came back: the outbox, the agency (out_consult_ticket) or the replies sync is stuck');
    else if (typeof ticket.body === 'object' && ticket.body.replies.length > 0)
      parts.push('→ the library has the reply: the SSE push or the widget did not show it');
    return parts.join('\n  ');
  }

  before(async () => {
    const started = performance.now();
    product = await startProduct({ dataDir, env: productEnv, timeoutMs: 150_000 });
    timings.productStartMs = Math.round(performance.now() - started);
    baseUrl = product.baseUrl;
    authUrl = product.authUrl;
    browser = await launchChromium();
    context = await newWatchedContext(browser);
    tab = await watchPage(context);
  });

  after(async () => {
    console.log(`live-push e2e timings (ms): ${JSON.stringify(timings)}`);
    await browser?.close();
    if (product) {
      await stopProductAndAssertCleanExit(product, dataDir, (code, output) =>
        assert.equal(code, 0, `exit code after Ctrl-C:\n${output}`),
      );
    }
  });

  test('the 咨询投诉 host page passes the host-page checks signed out (login link, CSP, axe)', async () => {
    await checkHostPage(context, baseUrl, { path: '/hosts/consult.html', title: 'consult page' });
  });

  test('张三 logs in through the platform form from the 咨询投诉 page and comes back to it', async () => {
    const { page, errors } = tab;
    const started = performance.now();
    await page.goto(`${baseUrl}/hosts/consult.html`);
    await waitForLoginView(page, 'anonymous', 'consult page before login');
    await page.locator('gov-login').locator('a[part="button"][href*="/auth/login"]').click();
    await page.waitForURL((url) => url.href.startsWith(`${authUrl}/interaction/`), { timeout: 15_000 });
    await submitPlatformLogin(page, 'zhangsan', DEMO_PASSWORD);
    await page.waitForURL((url) => url.origin === baseUrl && url.pathname === '/hosts/consult.html', {
      timeout: 20_000,
    });
    const view = await waitForLoginView(page, 'authenticated', 'consult page after login');
    assert.equal(view.name, '张三');
    // Signed in, the bell appears in the header.
    await page.locator('gov-notices').locator('button[part="bell"]').waitFor({ timeout: 15_000 });
    timings.loginMs = Math.round(performance.now() - started);
    // From here on the page must never reload: everything arrives over the event stream.
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    await page.evaluate(() => {
      (window as unknown as { liveMarker: string }).liveMarker = 'same document';
    });
    assert.deepEqual(errors, [], 'console errors on the page and the platform login page');
  });

  test('issue 8: the assistant answers a common question with sources', async () => {
    const { page, errors } = tab;
    const consult = page.locator('gov-consult');
    const started = performance.now();
    const input = consult.getByLabel('请输入您的问题');
    await input.click();
    await page.keyboard.type(QUESTION);
    await page.keyboard.press('Enter');
    const answer = consult.locator('article[part="answer"]').last();
    await answer.waitFor({ timeout: 20_000 });
    timings.assistantMs = Math.round(performance.now() - started);
    const shown = await textOf(answer);
    const sources = await answer.locator('ul.sources').first().locator('li').count();
    assert.ok(sources >= 1, `the answer shows at least one source: ${shown}`);
    assert.match(shown, /答复来源/);
    assert.match(shown, /可信度：/);
    assert.ok(!(await answer.evaluate((element) => element.classList.contains('unknown'))), `an answer: ${shown}`);
    assert.match(shown, /社保卡|社会保障卡/, `the answer is about the question: ${shown}`);
    // The conversation is a polite log (new answers are read out).
    assert.equal(await consult.locator('[part="log"]').getAttribute('role'), 'log');
    assert.deepEqual(errors, []);
  });

  test('issue 8: a 投诉 filed through the form shows its tracking number', async () => {
    const { page, errors } = tab;
    const consult = page.locator('gov-consult');
    const started = performance.now();
    // The tablist by keyboard, as the widget documents it: → moves, Enter opens.
    await consult.getByRole('tab', { name: '智能问答' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    assert.equal(await consult.getByRole('tab', { name: '我要留言' }).getAttribute('aria-selected'), 'true');
    await consult.getByRole('radio', { name: '投诉' }).check({ timeout: 15_000 });
    await consult.getByLabel(/^标题/).fill(COMPLAINT_TITLE);
    await consult.getByLabel(/^留言内容/).fill(COMPLAINT_TEXT);
    submittedAt = performance.now();
    await consult.getByRole('button', { name: '提交留言' }).click();
    const done = consult.locator('#done-title');
    await done.waitFor({ timeout: 15_000 });
    timings.submitMs = Math.round(performance.now() - started);
    trackingNo = await textOf(consult.locator('strong.tracking'));
    assert.match(trackingNo, /\S{6,}/, 'a tracking number is shown');
    // Focus went to the confirmation, so a screen reader reads it.
    assert.equal(await done.evaluate((element) => element.matches(':focus')), true, 'focus on 留言已提交');

    const mine = await api<{ consultations: MyConsultationSummary[] }>(page, '/api/v1/consultations?mine=1');
    const filed = mine.body.consultations.find((entry) => entry.trackingNo === trackingNo);
    assert.ok(filed, `the shown tracking number ${trackingNo} is among mine`);
    assert.equal(filed.kind, 'complaint');
    assert.equal(filed.title, COMPLAINT_TITLE);
    assert.deepEqual(errors, []);
  });

  test('issue 8: 我的留言 shows the simulated agency’s reply arriving live, announced politely', async () => {
    const { page, errors } = tab;
    assert.ok(trackingNo, 'a ticket was filed');
    const consult = page.locator('gov-consult');
    await consult.getByRole('button', { name: '查看这条留言' }).click();
    const detail = consult.locator('article[part="detail"]');
    await detail.locator('dl.facts').waitFor({ timeout: 15_000 });
    const repliesNow = () => detail.locator('ol.replies > li.reply').allTextContents();
    const first = await repliesNow();
    const notice = consult.locator('p[part="notice"]');
    assert.equal(await notice.getAttribute('role'), 'status', 'the reply notice is a polite live region');

    // 已受理 first, then the answer of the 投诉 (“…已调查核实…”); each arrives by the stream.
    const answered = await eventually(
      async () => {
        const replies = (await repliesNow()).map((text) => text.replace(/\s+/g, ' ').trim());
        if (!timings.acceptedShownMs && replies.some((text) => text.includes('已受理')))
          timings.acceptedShownMs = Math.round(performance.now() - submittedAt);
        return replies.some((text) => text.includes('已调查核实')) ? replies : undefined;
      },
      REPLY_BOUND_MS,
      async () =>
        `the agency's answer to ${trackingNo} did not appear in 我的留言 within ${REPLY_BOUND_MS / 1000} s ` +
        `(on screen: ${JSON.stringify(await repliesNow())}; notice: ${JSON.stringify(await textOf(notice))})\n  ` +
        (await whereIsTicket(trackingNo)),
    );
    timings.answerShownMs = Math.round(performance.now() - submittedAt);
    assert.ok(
      answered.some((text) => text.includes(COMPLAINT_TITLE)),
      `the answer names the 投诉: ${answered.join(' | ')}`,
    );
    assert.ok(answered.length > first.length, 'replies were added while the page stayed');
    // The polite announcement says so, naming the ticket.
    const announced = await eventually(
      async () => {
        const text = await textOf(notice);
        return text.includes('您的留言有新答复') ? text : undefined;
      },
      5_000,
      async () => `no 您的留言有新答复 announcement (notice: ${JSON.stringify(await textOf(notice))})`,
    );
    assert.ok(announced.includes(COMPLAINT_TITLE), announced);
    assert.match(await textOf(detail.locator('dl.facts')), /已答复|已办结/);

    assert.equal(navigations, 0, 'no navigation');
    assert.equal(
      await page.evaluate(() => (window as unknown as { liveMarker?: string }).liveMarker),
      'same document',
      'no reload',
    );
    assert.deepEqual(errors, []);
  });

  test('issue 9: <gov-notices> toasts a case-progress notice and counts it, live, axe-clean', async (t) => {
    const { page, errors, record } = tab;
    const notices = page.locator('gov-notices');
    const bell = notices.locator('button[part="bell"]');
    const toast = notices.locator('[part="toast"]');
    const toastText = toast.locator('p[role="status"]');
    const countOf = async () => Number((await textOf(notices.locator('[part="count"]'))) || '0');
    // A toast of an earlier notice (the reply, an earlier step) is closed the way a user would.
    const close = toast.getByRole('button', { name: '关闭' });
    if (await close.isVisible()) await close.click();
    const before = await countOf();
    // Every text the toast's live region takes, as it takes it: a sync page that finishes a case brings its steps,
    // its 办结 and then the 评价 invitation within milliseconds, and the toast shows the newest of them.
    await notices.evaluate((element) => {
      const region = element.shadowRoot?.querySelector('[part="toast"] p[role="status"]');
      const seen: { at: number; text: string }[] = [];
      (window as unknown as { toastTexts: typeof seen }).toastTexts = seen;
      if (!region) return;
      new MutationObserver(() => {
        const text = (region.textContent ?? '').trim();
        if (text) seen.push({ at: Date.now(), text });
      }).observe(region, { childList: true, subtree: true, characterData: true });
    });
    const toastTexts = () =>
      page.evaluate(() => (window as unknown as { toastTexts: { at: number; text: string }[] }).toastTexts);
    const started = performance.now();
    // The demo applicant's case moves every tick: a step, a result or the next case's 受理.
    const shown = await eventually(
      async () => {
        const found = (await toastTexts()).find((entry) => /^新消息：您的办件/.test(entry.text));
        return found && (await countOf()) > before ? found.text : undefined;
      },
      NOTICE_BOUND_MS,
      async () => {
        const inbox = await api<NoticeListResponse>(page, '/api/v1/notices?limit=10');
        return (
          `no case-progress toast within ${NOTICE_BOUND_MS / 1000} s (toasts: ${JSON.stringify(await toastTexts())}, ` +
          `count ${await countOf()} from ${before}); inbox: ${JSON.stringify(inbox.body.notices?.map((entry) => `${entry.kind}:${entry.title}`))}`
        );
      },
      100,
    );
    timings.caseNoticeToastMs = Math.round(performance.now() - started);
    // Held while hovered, as a person reading it would (it goes by itself after toast-seconds otherwise).
    await toast.hover();
    const current = await textOf(toastText);
    assert.match(current, /^新消息：/, 'a toast shows');
    const count = await countOf();
    assert.ok(count > before, `count ${before} → ${count}`);
    assert.match((await bell.getAttribute('aria-label')) ?? '', new RegExp(`消息提醒，${count}条未读`));
    // The notice behind the toast is the case's, in the inbox as the BFF has it.
    const inbox = await api<NoticeListResponse>(page, '/api/v1/notices?limit=20');
    const title = shown.replace(/^新消息：/, '');
    assert.ok(
      inbox.body.notices.some((entry) => entry.kind === 'case_progress' && entry.title === title && !entry.read),
      `an unread case_progress notice “${title}” in the inbox: ${JSON.stringify(inbox.body.notices.map((entry) => `${entry.kind}:${entry.title}`))}`,
    );
    t.diagnostic(
      `toasts: ${(await toastTexts()).map((entry) => entry.text).join(' | ')}; inbox: ${inbox.body.notices
        .slice(0, 8)
        .map((entry) => `${entry.createdAt.slice(11, 19)} ${entry.kind} ${entry.title} ${entry.link ?? ''}`)
        .join(' | ')}`,
    );
    assert.ok(await toast.isVisible(), 'the toast shows');
    // The widgets, as host-pages.ts checks them: the demo site's own top bar is not a landmark on any host page.
    for (const tag of ['gov-notices', 'gov-consult', 'gov-login']) {
      const violations = await runAxe(page, tag);
      assert.deepEqual(violations, [], describeViolations(`${tag} with the toast showing`, violations));
    }
    assert.ok(await toast.isVisible(), 'the toast still showed after axe (hovered)');

    assert.equal(navigations, 0, 'no navigation');
    assert.equal(
      await page.evaluate(() => (window as unknown as { liveMarker?: string }).liveMarker),
      'same document',
      'no reload',
    );
    assert.deepEqual((await record()).csp, [], 'CSP violations on the consult page');
    assert.deepEqual(errors, []);
  });
});
