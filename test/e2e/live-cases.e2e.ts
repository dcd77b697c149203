/**
 * The "Done when" of issues 6 and 7, end to end through the product started exactly as `npm start`
 * starts it (embedded dev auth platform, front processor filled and ticked by the simulator, sync,
 * outbox, BFF) in a real Chromium — nothing driven from inside, only faster schedules:
 *
 *  1. the demo user 张三 logs in and finds their cases (matched by the keyed hash of the ID number);
 *  2. a `<gov-case-tracker>` showing their live case gains a step or its result WITHOUT a reload, as
 *     the simulator advances it: simulator → front processor → sync engine → SSE → widget;
 *  3. they rate a completed case 不满意 with a reason in `<gov-evaluate>`; the outbox delivers it, the
 *     simulated agency rectifies and revisits, the sync brings that back, and `<gov-user-space>` (我的评价)
 *     and `<gov-evaluate>` (the previous rating) show 已回访 with the texts;
 *  4. `<gov-evaluation-stats>` shows the synced generator data as the API counts it.
 * The tests build on each other and share one product and one browser page.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CaseDetail, CaseListResponse, MyEvaluationSummary } from '../../bff/api/contracts/cases.js';
import type { EvaluationStatsResponse } from '../../bff/api/contracts/evaluations.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../bff/dev/auth-platform/accounts.js';
import { startProduct, stopProductAndAssertCleanExit, type RunningProduct } from '../support/start-product.js';
import { launchChromium, newWatchedContext, watchPage, type WatchedPage } from './browser.js';
import { ID_NUMBER_PATTERN, submitPlatformLogin, waitForLoginView } from './login-helpers.js';

const TICK_SECONDS = 2;
const productEnv = {
  SIMULATOR_ITEMS: '300',
  SIMULATOR_CASES: '80',
  SIMULATOR_TICK_SECONDS: String(TICK_SECONDS),
  // Every second, and no safety lag: what a tick writes is synced within about a second.
  SYNC_SCHEDULE_CASES: '* * * * * *',
  SYNC_SCHEDULE_EVALUATIONS: '* * * * * *',
  SYNC_SAFETY_LAG_SECONDS: '0',
  OUTBOX_POLL_MS: '500',
};
const zhangsan = DEMO_ACCOUNTS.find((account) => account.username === 'zhangsan');
const REASON = '窗口对材料要求前后说法不一，多跑了一趟';

/** GET (or POST) to the BFF as the page's own script would, with the session cookie. */
async function api<T>(page: Page, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ path, body }) => {
      const response = await fetch(path, {
        method: body === undefined ? 'GET' : 'POST',
        credentials: 'include',
        headers: { 'X-CSRF': '1', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as T };
    },
    { path, body },
  );
}

/** Polls `probe` until it returns a value (not undefined), or fails saying what it saw last. */
async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms (last: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Adds a widget to the page's main column (the loader defines it as it appears). */
async function addWidget(page: Page, tag: string, attributes: Record<string, string>): Promise<void> {
  await page.evaluate(
    ({ tag, attributes }) => {
      document.querySelectorAll(tag).forEach((old) => old.remove());
      const element = document.createElement(tag);
      for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
      (document.querySelector('main') ?? document.body).prepend(element);
    },
    { tag, attributes },
  );
}

/** What the detail view of `<gov-case-tracker>` shows: the timeline entries and the status badge. */
async function trackerView(page: Page): Promise<{ steps: string[]; status: string; notice: string } | undefined> {
  return page.evaluate(() => {
    const root = document.querySelector('gov-case-tracker')?.shadowRoot;
    const timeline = root?.querySelector('ol.timeline');
    if (!root || !timeline) return undefined;
    return {
      steps: [...timeline.querySelectorAll(':scope > li')].map((li) =>
        (li.textContent ?? '').replace(/\s+/g, ' ').trim(),
      ),
      status: (root.querySelector('[part="detail"] [part="badge"]')?.textContent ?? '').trim(),
      notice: (root.querySelector('[part="notice"]')?.textContent ?? '').trim(),
    };
  });
}

describe('live cases and 好差评 end to end (npm start, Chromium)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'govdock-e2e-live-'));
  let product: RunningProduct | undefined;
  let baseUrl = '';
  let authUrl = '';
  let browser: Browser | undefined;
  let context: BrowserContext;
  let tab: WatchedPage;
  const timings: Record<string, number> = {};

  before(async () => {
    assert.ok(zhangsan, 'the demo account zhangsan exists');
    const started = performance.now();
    product = await startProduct({ dataDir, env: productEnv, timeoutMs: 150_000 });
    timings.productStartMs = performance.now() - started;
    baseUrl = product.baseUrl;
    authUrl = product.authUrl;
    browser = await launchChromium();
    context = await newWatchedContext(browser);
    tab = await watchPage(context);
  });

  after(async () => {
    console.log(`live-cases e2e timings (ms): ${JSON.stringify(timings)}`);
    await browser?.close();
    if (product) {
      await stopProductAndAssertCleanExit(product, dataDir, (code, output) =>
        assert.equal(code, 0, `exit code after Ctrl-C:\n${output}`),
      );
    }
  });

  test('张三 logs in on the platform and finds their own cases (ID key hash), no raw ID number', async () => {
    const { page } = tab;
    const started = performance.now();
    await page.goto(`${baseUrl}/hosts/plain.html`);
    await waitForLoginView(page, 'anonymous', 'before login');
    await page.locator('gov-login').locator('a[part="button"][href*="/auth/login"]').click();
    await page.waitForURL((url) => url.href.startsWith(`${authUrl}/interaction/`), { timeout: 15_000 });
    await submitPlatformLogin(page, 'zhangsan', DEMO_PASSWORD);
    await page.waitForURL((url) => url.origin === baseUrl && url.pathname === '/hosts/plain.html', {
      timeout: 20_000,
    });
    await waitForLoginView(page, 'authenticated', 'after login');
    timings.loginMs = performance.now() - started;

    // The first sync runs at start; the demo cases are in it.
    const list = await eventually(
      'the demo user’s cases after the first sync',
      async () => {
        const answer = await api<CaseListResponse>(page, '/api/v1/cases?limit=50');
        assert.equal(answer.status, 200);
        return answer.body.counts.all >= 2 ? answer.body : undefined;
      },
      60_000,
    );
    timings.firstCasesMs = performance.now() - started;
    assert.ok(list.counts.completed >= 1, `a completed case: ${JSON.stringify(list.counts)}`);
    const first = await api<CaseDetail>(page, `/api/v1/cases/${list.cases[0]?.projectNo ?? ''}`);
    assert.equal(first.status, 200);
    assert.equal(first.body.applicantNameMasked, '张*');
    assert.doesNotMatch(JSON.stringify(list), ID_NUMBER_PATTERN);
  });

  test('<gov-case-tracker> gains a step or the result without a reload as the simulator advances the case', async () => {
    const { page, errors } = tab;
    await page.evaluate(() => {
      (window as unknown as { liveMarker: string }).liveMarker = 'same document';
    });
    let navigations = 0;
    const onNavigate = (frame: { parentFrame(): unknown }) => {
      if (!frame.parentFrame()) navigations += 1;
    };
    page.on('framenavigated', onNavigate);
    try {
      // The newest open case moves every tick; a case that finishes just now is followed by the next one.
      let observed: { before: string[]; after: string[]; status: [string, string]; ms: number } | undefined;
      for (let attempt = 0; attempt < 3 && !observed; attempt += 1) {
        // A demo applicant's next case starts as the last one finishes (at most a tick without one).
        const no = await eventually(
          'an open case of 张三',
          async () =>
            (await api<CaseListResponse>(page, '/api/v1/cases?status=in_progress&limit=5')).body.cases[0]?.projectNo,
          TICK_SECONDS * 1000 * 5,
          250,
        );
        await addWidget(page, 'gov-case-tracker', { mode: 'detail', case: no });
        const first = await eventually('the case detail', () => trackerView(page), 15_000, 100);
        if (first.status.startsWith('已办结')) continue;
        const shownAt = performance.now();
        const later = await eventually(
          `case ${no} moves on screen`,
          async () => {
            const now = await trackerView(page);
            return now && (now.steps.length > first.steps.length || now.status !== first.status) ? now : undefined;
          },
          TICK_SECONDS * 1000 * 6,
          100,
        ).catch(() => undefined);
        if (later) {
          observed = {
            before: first.steps,
            after: later.steps,
            status: [first.status, later.status],
            ms: performance.now() - shownAt,
          };
          // The widget says so politely (a live region), in Chinese.
          await eventually(
            'the progress notice',
            async () => ((await trackerView(page))?.notice.includes('办件有新进展') ? true : undefined),
            5_000,
            100,
          );
        }
      }
      assert.ok(observed, 'an open case of 张三 moved on screen within three attempts');
      timings.liveUpdateMs = observed.ms;
      assert.ok(
        observed.after.length >= observed.before.length,
        `timeline ${JSON.stringify(observed.before)} → ${JSON.stringify(observed.after)}`,
      );
      const marker = await page.evaluate(() => (window as unknown as { liveMarker?: string }).liveMarker);
      assert.equal(marker, 'same document', 'no reload');
      assert.equal(navigations, 0, 'no navigation');
      assert.deepEqual(errors, []);
    } finally {
      page.off('framenavigated', onNavigate);
    }
  });

  test('a 不满意 rating with a reason comes back 已整改 / 已回访 in 我的评价 and in <gov-evaluate>', async () => {
    const { page, errors } = tab;
    const completed = await api<CaseListResponse>(page, '/api/v1/cases?status=completed&limit=50');
    // The list says which cases may be rated now (the tracker's 评价 button); the detail agrees.
    const projectNo = completed.body.cases.find((entry) => entry.canEvaluate)?.projectNo;
    if (projectNo) assert.equal((await api<CaseDetail>(page, `/api/v1/cases/${projectNo}`)).body.canEvaluate, true);
    assert.ok(projectNo, `a completed case 张三 may rate: ${completed.body.cases.map((c) => c.projectNo).join(', ')}`);

    const started = performance.now();
    await addWidget(page, 'gov-evaluate', { case: projectNo });
    const evaluate = page.locator('gov-evaluate');
    await evaluate.locator('[role="radio"]#level-2').click({ timeout: 15_000 });
    assert.equal(await evaluate.locator('[role="radio"]#level-2').getAttribute('aria-checked'), 'true');
    await evaluate.locator('textarea#text').fill(REASON);
    await evaluate.locator('button.submit').click();
    await evaluate.locator('.notice.success').waitFor({ timeout: 15_000 });
    timings.submitMs = performance.now() - started;

    const mine = (await api<{ evaluations: MyEvaluationSummary[] }>(page, '/api/v1/evaluations?mine=1&limit=20')).body;
    const rated = mine.evaluations.find((entry) => entry.projectNo === projectNo);
    assert.ok(rated, 'the rating is among mine');
    assert.equal(rated.level, 2);
    assert.equal(rated.rectificationLabel, '待整改');

    // Outbox → front processor → simulated agency (a few ticks) → sync of up_evaluate_record.
    const back = await eventually(
      'the agency’s 回访 synced back',
      async () => {
        const answer = await api<{ evaluations: MyEvaluationSummary[] }>(page, '/api/v1/evaluations?mine=1&limit=20');
        const entry = answer.body.evaluations.find((candidate) => candidate.projectNo === projectNo);
        return entry?.rectificationLabel === '已回访' ? entry : undefined;
      },
      TICK_SECONDS * 1000 * 20,
      1000,
    );
    timings.rectifiedAndRevisitedMs = performance.now() - started;
    assert.equal(back.text, REASON);
    assert.equal(
      mine.evaluations.length,
      (await api<{ evaluations: unknown[] }>(page, '/api/v1/evaluations?mine=1&limit=20')).body.evaluations.length,
      'the echo is the same rating, not a second one',
    );

    // 我的评价 in the personal space.
    await addWidget(page, 'gov-user-space', {});
    const space = page.locator('gov-user-space');
    await space.getByRole('tab', { name: /我的评价/ }).click({ timeout: 15_000 });
    const entry = space.locator('li[part="entry"]', { hasText: projectNo });
    await entry.waitFor({ timeout: 15_000 });
    const shown = (await entry.textContent()) ?? '';
    assert.match(shown, /评价：不满意/);
    assert.match(shown, /整改进度：已回访/);
    assert.ok(shown.includes(REASON), shown);

    // The rating form of the same case now shows the first rating with the agency's 整改 and 回访.
    await page.locator('gov-user-space').evaluate((element) => element.remove());
    await addWidget(page, 'gov-evaluate', { case: projectNo });
    const previous = page.locator('gov-evaluate');
    await previous.getByText('已回访').first().waitFor({ timeout: 15_000 });
    const previousText = (await previous.evaluate((element) => element.shadowRoot?.textContent ?? '')).replace(
      /\s+/g,
      ' ',
    );
    assert.ok(previousText.includes(REASON), previousText);
    assert.match(previousText, /回访/);
    assert.deepEqual(errors, []);
  });

  test('<gov-evaluation-stats> shows the synced generator data as /api/v1/evaluation-stats counts it', async () => {
    const { page, errors } = tab;
    const answered = page.waitForResponse((response) => response.url().includes('/api/v1/evaluation-stats'));
    await addWidget(page, 'gov-evaluation-stats', {});
    const response = await answered;
    const widgetAnswer = (await response.json()) as EvaluationStatsResponse;
    const stats = page.locator('gov-evaluation-stats');
    await stats.locator('[part="figures"]').waitFor({ timeout: 15_000 });
    const shown = await stats.evaluate((element) => {
      const root = element.shadowRoot as ShadowRoot;
      const figures = [...root.querySelectorAll('[part="figures"] dd')].map((dd) => (dd.textContent ?? '').trim());
      const levels = [...root.querySelectorAll('table.levels tbody tr')].map((tr) => ({
        level: Number((tr as HTMLElement).dataset.level),
        count: (tr.querySelector('td.num')?.textContent ?? '').trim(),
      }));
      return { figures, levels };
    });
    // The same query asked independently of the widget (the widget's own URL).
    const direct = await api<EvaluationStatsResponse>(
      page,
      new URL(response.url()).pathname + new URL(response.url()).search,
    );
    assert.equal(direct.status, 200);
    assert.equal(direct.body.total, widgetAnswer.total);
    assert.ok(widgetAnswer.total > 0, 'the generator’s evaluations were synced');
    assert.equal(
      widgetAnswer.byLevel.reduce((sum, entry) => sum + entry.count, 0),
      widgetAnswer.total,
      'levels add up to the total',
    );
    const number = (value: number) => new Intl.NumberFormat('zh-CN').format(value);
    const percent = (value: number | null) =>
      value === null
        ? null
        : new Intl.NumberFormat('zh-CN', {
            style: 'percent',
            minimumFractionDigits: 1,
            maximumFractionDigits: 1,
          }).format(value);
    assert.ok(
      shown.figures[0]?.includes(number(widgetAnswer.total)),
      `total ${shown.figures[0]} vs ${widgetAnswer.total}`,
    );
    const rate = percent(widgetAnswer.satisfactionRate);
    if (rate) assert.equal(shown.figures[1], rate);
    for (const level of widgetAnswer.byLevel) {
      assert.equal(
        shown.levels.find((row) => row.level === level.level)?.count,
        number(level.count),
        `level ${level.level}`,
      );
    }
    // Our own 不满意 rating is among them (it was synced back as the same row).
    assert.ok((widgetAnswer.byLevel.find((entry) => entry.level === 2)?.count ?? 0) >= 1);
    assert.deepEqual(errors, []);
  });
});
