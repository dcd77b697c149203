/**
 * Notices the sync produces (issue 9 item 1, issue 8's live replies), through the real BFF, real logins,
 * the real sync engine with the shipped layouts, and the simulator's agency — on PGlite and on
 * PostgreSQL (DATABASE_URL; always in CI):
 *
 *   - a ticket answered by the simulated agency → a `reply` notice with a link to the ticket, and the
 *     `consultation-reply` and `notice` events on that user's SSE stream only;
 *   - a 差评's 整改 and 回访 arriving → `rectification` notices for the evaluator;
 *   - site announcements → the public list (region and ancestors, expired hidden), one broadcast
 *     `announcement` event each, copies in signed-in inboxes as unread, mark-read, withdrawal;
 *   - a replayed page (cursor reset) → no duplicate notice and no repeated event;
 *   - links: only the configured same-site templates, never a URL from the data.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { NoticeListResponse } from '../../../../bff/api/contracts/cases.js';
import type { AnnouncementListResponse } from '../../../../bff/api/contracts/push.js';
import { DEMO_APPLICANTS, type DemoPerson } from '../../../../bff/dev/generator/demo-applicants.js';
import { tableSpec, type FrontRow } from '../../../../bff/dev/generator/front-tables.js';
import { formatBeijing } from '../../../../bff/dev/generator/time.js';
import type { HubEvent } from '../../../../bff/events/hub.js';
import { enqueue, outboundFrontOver, startOutboxDeliverer } from '../../../../bff/sync/outbox/index.js';
import type { AuthTestBrowser } from '../../auth/support/browser.js';
import { logIn } from '../../auth/support/flows.js';
import type { AuthStack } from '../../auth/support/stack.js';
import { ticketPayload } from '../outbox/support.js';
import { pgliteLibrary, postgresLibrary, type TestLibrary } from '../support/library-targets.js';
import { startNoticeStack, type NoticeStack } from './support.js';

const zhangsan = DEMO_APPLICANTS.find((a) => a.key === 'zhangsan') as DemoPerson;
const ZS = 'demo-natural-0001';
const LS = 'demo-natural-0002';
const SAME_SITE = /^(\/(?![/\\])|#)[^\s\\]*$/;
const HOUR = 3_600_000;

/** A full front row: every column of the table, null unless given. */
function frontRow(table: string, values: FrontRow): FrontRow {
  const row: FrontRow = {};
  for (const column of tableSpec(table).columns) row[column.name] = values[column.name] ?? null;
  return row;
}

function sync(at: number, guid: string, operation = 'I'): FrontRow {
  return {
    row_guid: guid,
    cd_batch: `BTEST${String(at).slice(-8)}`,
    cd_operation: operation,
    cd_time: formatBeijing(at),
    data_source: '230',
  };
}

for (const target of [pgliteLibrary, postgresLibrary()]) {
  describe(`sync notices — ${target.name}`, { skip: target.skip }, () => {
    let library: TestLibrary;
    let stack: NoticeStack;
    let zs: AuthTestBrowser;
    let ls: AuthTestBrowser;
    let issuer: string;
    let zsKey: string;
    let lsKey: string;
    const ticket = ticketPayload(7, 'complaint');

    const inbox = async (browser: AuthTestBrowser, query = ''): Promise<NoticeListResponse> => {
      const response = await stack.call(browser, `/api/v1/notices?limit=50${query}`);
      assert.equal(response.status, 200, response.text);
      return response.json as NoticeListResponse;
    };
    const noticeCount = async (): Promise<number> =>
      Number((await stack.store.query<{ n: number }>('SELECT count(*)::int AS n FROM notices')).rows[0]?.n);
    const eventsOf = (type: string): HubEvent[] => stack.heard.filter((event) => event.type === type);
    const runAll = async (target: string): Promise<void> => {
      const runs = await stack.sync.run(target);
      assert.ok(
        runs.every((run) => run.status === 'succeeded' && run.counts.quarantined === 0),
        JSON.stringify(runs),
      );
    };

    before(async () => {
      library = await target.setup();
      stack = await startNoticeStack(library.store, { databaseUrl: library.url });
      issuer = stack.platform.issuer;
      zsKey = stack.userKey(issuer, ZS);
      lsKey = stack.userKey(issuer, LS);
      zs = stack.newBrowser();
      ls = stack.newBrowser();
      await logIn(stack as unknown as AuthStack, zs, 'zhangsan');
      await logIn(stack as unknown as AuthStack, ls, 'lisi');
      // Reading the inbox records each user (user_profiles, with the keyed hash of the ID number).
      await inbox(zs);
      await inbox(ls);
    });
    after(async () => {
      await stack?.close();
      await library?.teardown();
    });

    test('an agency reply becomes a reply notice, and both events reach only that user', async () => {
      await stack.store.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO consultations (tracking_no, kind_raw, kind, user_issuer, user_subject, title, content)
           VALUES ($1, '2', 'complaint', $2, $3, $4, $5)`,
          [ticket.trackingNo, issuer, ZS, ticket.title, ticket.content],
        );
        await enqueue(tx, { kind: 'consultation', dedupKey: `consultation:${ticket.trackingNo}`, payload: ticket });
      });
      const deliverer = startOutboxDeliverer({
        store: stack.store,
        front: outboundFrontOver(stack.front),
        autoStart: false,
        now: () => stack.clock(),
      });
      assert.equal((await deliverer.deliverNow()).delivered, 1);
      await deliverer.close();
      const replies = async (): Promise<number> =>
        Number((await stack.front.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM up_consult_reply'))[0]?.n);
      for (let i = 0; i < 20 && (await replies()) < 1; i += 1) await stack.tick();
      assert.ok((await replies()) >= 1, 'the agency took the ticket on within 20 ticks');
      const before = stack.heard.length;
      await runAll('replies');

      const mine = (await inbox(zs)).notices.filter((n) => n.kind === 'reply');
      assert.equal(mine.length, 1, JSON.stringify(mine));
      assert.equal(mine[0]?.title, '您的投诉已受理');
      assert.equal(mine[0]?.link, `#consultation=${ticket.trackingNo}`);
      assert.equal(mine[0]?.read, false);
      assert.match(mine[0]?.body ?? '', new RegExp(`^查询码：${ticket.trackingNo}。您的投诉已受理`));
      assert.equal((await inbox(ls)).notices.length, 0, 'nobody else hears of it');

      const fresh = stack.heard.slice(before);
      const replyEvents = fresh.filter((event) => event.type === 'consultation-reply');
      assert.deepEqual(
        replyEvents.map((event) => [event.userKey, event.data]),
        [[zsKey, { trackingNo: ticket.trackingNo, status: 'accepted', statusLabel: '已受理，正在办理' }]],
      );
      const noticeEvents = fresh.filter((event) => event.type === 'notice');
      assert.equal(noticeEvents.length, 1);
      assert.equal(noticeEvents[0]?.userKey, zsKey);
      assert.deepEqual(noticeEvents[0]?.data, { ...mine[0], trackingNo: ticket.trackingNo });
      assert.ok(fresh.every((event) => event.userKey !== lsKey));

      // What the browsers' SSE streams carry: replayed from the hub's buffer for each user's own key.
      const zsStream = await readEvents(stack, zs);
      assert.ok(zsStream.some((e) => e.type === 'consultation-reply' && e.data.trackingNo === ticket.trackingNo));
      assert.ok(zsStream.some((e) => e.type === 'notice' && e.data.kind === 'reply'));
      const lsStream = await readEvents(stack, ls);
      assert.ok(
        !lsStream.some((e) => e.type === 'consultation-reply' || e.type === 'notice'),
        JSON.stringify(lsStream),
      );
    });

    test('the answer and the closing arrive: one notice per new state, ending with 已办结', async () => {
      const replies = async (): Promise<number> =>
        Number((await stack.front.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM up_consult_reply'))[0]?.n);
      for (let i = 0; i < 30 && (await replies()) < 3; i += 1) {
        await stack.tick();
        // Sync as the scheduler would, so each state arrives on its own.
        await runAll('replies');
      }
      await runAll('replies');
      const titles = (await inbox(zs)).notices.filter((n) => n.kind === 'reply').map((n) => n.title);
      assert.deepEqual(titles, ['您的投诉已办结', '您的投诉有了答复', '您的投诉已受理']);
      const events = eventsOf('consultation-reply').map((event) => (event.data as { status: string }).status);
      assert.deepEqual(events, ['accepted', 'replied', 'closed']);
    });

    test('a 差评’s 整改 and 回访 arriving become rectification notices for the evaluator', async () => {
      // After the simulator's own rows (cd_time = its clock): the cursor has passed those already.
      const at = stack.clock() + 1000;
      const guid = 'notices-test-evaluation-0001';
      const evaluation = (when: number, columns: FrontRow, operation = 'I'): FrontRow =>
        frontRow('up_evaluate_record', {
          project_no: 'NT-EV-0001',
          pf: '1',
          task_name: '城乡居民基本医疗保险参保登记',
          pro_depart: '哈尔滨市医疗保障局',
          // An evaluation given at the hall: the platform names the evaluator by ID number (cert_key_gov).
          cert_key_gov: zhangsan.idNumber,
          user_name: zhangsan.name,
          user_prop: '1',
          user_page_type: '111',
          satisfaction: '1',
          writing_evaluation: '排队时间太长',
          assess_time: formatBeijing(at - 2 * HOUR),
          assess_number: 1,
          app_status: '2',
          ...columns,
          ...sync(when, guid, operation),
        });
      await stack.front.upsert('up_evaluate_record', [
        evaluation(at, {
          rectification: '已增设引导岗，高峰时段增开窗口。详见 https://evil.example/phish',
          rectification_date: formatBeijing(at - HOUR),
          answer_status: '0',
        }),
      ]);
      const before = stack.heard.length;
      await runAll('up_evaluate_record');
      let mine = (await inbox(zs)).notices.filter((n) => n.kind === 'rectification');
      assert.equal(mine.length, 1, JSON.stringify(mine));
      assert.equal(mine[0]?.title, '您反映的问题已整改');
      assert.equal(mine[0]?.link, '#my-evaluations=NT-EV-0001', 'the template’s link, never the URL in the text');
      assert.match(
        mine[0]?.body ?? '',
        /^办件编号：NT-EV-0001（城乡居民基本医疗保险参保登记）。整改情况：已增设引导岗/,
      );
      const fresh = stack.heard.slice(before).filter((event) => event.type === 'notice');
      assert.deepEqual(
        fresh.map((event) => [event.userKey, (event.data as { kind: string }).kind]),
        [[zsKey, 'rectification']],
      );

      await stack.front.upsert('up_evaluate_record', [
        evaluation(
          at + 1000,
          {
            rectification: '已增设引导岗，高峰时段增开窗口。',
            rectification_date: formatBeijing(at - HOUR),
            answer: '回访结果：申请人对整改结果表示满意。',
            answer_status: '1',
          },
          'U',
        ),
      ]);
      await runAll('up_evaluate_record');
      mine = (await inbox(zs)).notices.filter((n) => n.kind === 'rectification');
      assert.deepEqual(
        mine.map((n) => n.title),
        ['您的差评已回访', '您反映的问题已整改'],
      );
      assert.match(mine[0]?.body ?? '', /回访结果：申请人对整改结果表示满意/);
      assert.equal((await inbox(ls)).notices.filter((n) => n.kind === 'rectification').length, 0);
    });

    test('announcements: public list by region, one broadcast each, copies in the inbox, read, withdrawn', async () => {
      const at = stack.clock() - 60_000;
      const announcement = (guid: string, values: FrontRow, operation = 'I', when = at): FrontRow =>
        frontRow('up_site_announcement', {
          title: '关于黑龙江政务服务网系统维护的公告',
          content: '定于本周六 22:00 至次日 06:00 进行系统升级维护，期间网上申报暂停。',
          publisher: '黑龙江省营商环境建设监督局',
          category: '1',
          publish_time: formatBeijing(at - HOUR),
          expire_time: formatBeijing(at + 72 * HOUR),
          ...values,
          ...sync(when, guid, operation),
        });
      await stack.front.upsert('up_site_announcement', [
        // Province-wide, with an external link in the data: shown, but never as a link.
        announcement('ann-province', { link_url: 'https://evil.example/phish' }),
        announcement('ann-harbin', {
          title: '哈尔滨市政务服务大厅周六延时服务提醒',
          category: '3',
          area_code: '230100000000',
          link_url: '/zwfw/tzgg/2',
          publish_time: formatBeijing(at - HOUR / 2),
        }),
        announcement('ann-daqing', { title: '大庆市不动产登记系统升级公告', area_code: '230600000000' }),
        announcement('ann-expired', {
          title: '已过期的公告',
          publish_time: formatBeijing(at - 96 * HOUR),
          expire_time: formatBeijing(at - 24 * HOUR),
        }),
      ]);
      const before = stack.heard.length;
      await runAll('notices');
      const broadcast = stack.heard.slice(before).filter((event) => event.type === 'announcement');
      assert.deepEqual(
        broadcast.map((event) => event.userKey),
        [undefined, undefined, undefined],
        'to every stream',
      );
      assert.deepEqual(
        broadcast.map((event) => (event.data as { title: string }).title).sort(),
        [
          '关于黑龙江政务服务网系统维护的公告',
          '哈尔滨市政务服务大厅周六延时服务提醒',
          '大庆市不动产登记系统升级公告',
        ].sort(),
      );

      // Anyone, no login: a 道里区 page sees the province's and 哈尔滨's, not 大庆's, not the expired one.
      const daoli = await stack.call(null, '/api/v1/announcements?region=230102000000');
      assert.equal(daoli.status, 200, daoli.text);
      assert.match(daoli.headers.get('cache-control') ?? '', /public/);
      const list = (daoli.json as AnnouncementListResponse).announcements;
      assert.deepEqual(
        list.map((a) => [a.title, a.regionCode, a.link]),
        [
          ['哈尔滨市政务服务大厅周六延时服务提醒', '230100000000', '/zwfw/tzgg/2'],
          ['关于黑龙江政务服务网系统维护的公告', null, null],
        ],
      );
      assert.equal(list[1]?.publisher, '黑龙江省营商环境建设监督局');
      const province = (await stack.call(null, '/api/v1/announcements')).json as AnnouncementListResponse;
      assert.deepEqual(
        province.announcements.map((a) => a.title),
        ['关于黑龙江政务服务网系统维护的公告'],
      );
      const bad = await stack.call(null, '/api/v1/announcements?region=23x');
      assert.equal(bad.status, 400);
      assert.match((bad.json as { error: { message: string } }).error.message, /地区/);

      // Signed in: the current ones for the region become unread notices, once.
      const first = await inbox(zs, '&region=230102000000');
      const copies = first.notices.filter((n) => n.kind === 'announcement');
      assert.deepEqual(
        copies.map((n) => [n.title, n.link, n.read]),
        [
          ['哈尔滨市政务服务大厅周六延时服务提醒', '/zwfw/tzgg/2', false],
          ['关于黑龙江政务服务网系统维护的公告', null, false],
        ],
      );
      const target = copies[1];
      assert.ok(target);
      const read = await stack.call(zs, `/api/v1/notices/${target.id}/read`, { method: 'POST' });
      assert.equal(read.status, 200, read.text);
      assert.equal((read.json as { unread: number }).unread, first.unread - 1);
      const again = await inbox(zs, '&region=230102000000');
      assert.equal(again.unread, first.unread - 1);
      assert.deepEqual(
        again.notices.filter((n) => n.kind === 'announcement').map((n) => [n.title, n.read]),
        [
          ['哈尔滨市政务服务大厅周六延时服务提醒', false],
          ['关于黑龙江政务服务网系统维护的公告', true],
        ],
      );
      // Without a region: the province-wide one only.
      assert.deepEqual(
        (await inbox(ls)).notices.filter((n) => n.kind === 'announcement').map((n) => n.title),
        ['关于黑龙江政务服务网系统维护的公告'],
      );

      // Withdrawn at the source (cd_operation D): gone from the list and from the inboxes.
      await stack.front.upsert('up_site_announcement', [
        announcement(
          'ann-harbin',
          { title: '哈尔滨市政务服务大厅周六延时服务提醒', area_code: '230100000000' },
          'D',
          at + 1000,
        ),
      ]);
      await runAll('notices');
      const after = (await stack.call(null, '/api/v1/announcements?region=230102000000'))
        .json as AnnouncementListResponse;
      assert.deepEqual(
        after.announcements.map((a) => a.title),
        ['关于黑龙江政务服务网系统维护的公告'],
      );
      assert.deepEqual(
        (await inbox(zs, '&region=230102000000')).notices.filter((n) => n.kind === 'announcement').map((n) => n.title),
        ['关于黑龙江政务服务网系统维护的公告'],
      );
    });

    test('case progress: a case_progress notice linking to the case, with case-progress and notice events', async () => {
      const before = stack.heard.length;
      // The simulator keeps a case of each demo applicant moving every tick.
      await stack.tick();
      await runAll('cases');
      const progress = (await inbox(zs)).notices.filter((n) => n.kind === 'case_progress');
      assert.ok(progress.length > 0, 'zhangsan’s demo case moved');
      for (const notice of progress) assert.match(notice.link ?? '', /^\/zwfw\/my\.html#case=[\w.-]+$/);
      const fresh = stack.heard.slice(before);
      const caseEvents = fresh.filter((event) => event.type === 'case-progress' && event.userKey === zsKey);
      const noticeEvents = fresh.filter(
        (event) =>
          event.type === 'notice' &&
          event.userKey === zsKey &&
          (event.data as { kind: string }).kind === 'case_progress',
      );
      assert.ok(caseEvents.length > 0);
      // Each of zhangsan's notices was announced to him (lisi's demo case moves too: his, on his key).
      assert.deepEqual(
        noticeEvents.map((event) => (event.data as { id: string }).id).sort(),
        progress.map((n) => n.id).sort(),
      );
      const projectNos = new Set(caseEvents.map((event) => (event.data as { projectNo: string }).projectNo));
      for (const event of noticeEvents) {
        const data = event.data as { projectNo: string; link: string };
        assert.ok(projectNos.has(data.projectNo));
        assert.equal(data.link, `/zwfw/my.html#case=${encodeURIComponent(data.projectNo)}`);
      }
    });

    test('a replayed page (cursor reset) creates no notice twice and repeats no event', async () => {
      const notices = await noticeCount();
      const events = stack.heard.length;
      await stack.store.query('DELETE FROM sync_state');
      await runAll('replies');
      await runAll('up_evaluate_record');
      await runAll('notices');
      await runAll('cases');
      assert.equal(await noticeCount(), notices);
      assert.deepEqual(
        stack.heard.slice(events).map((event) => event.type),
        [],
        'no notice, reply, progress or announcement event again',
      );
      await inbox(zs, '&region=230102000000');
      assert.equal(await noticeCount(), notices, 'the inbox copies announcements once');
    });

    test('every stored notice link is a same-site template, never a URL from the data', async () => {
      const { rows } = await stack.store.query<{ kind: string; link: string | null }>('SELECT kind, link FROM notices');
      assert.ok(rows.length >= 6);
      for (const row of rows) {
        assert.ok(row.link === null || SAME_SITE.test(row.link), `${row.kind}: ${row.link}`);
        assert.ok(!row.link?.includes('evil'), `${row.kind}: ${row.link}`);
      }
    });
  });
}

/** The SSE stream of a browser, replayed from the start of the hub's buffer, for a moment. */
async function readEvents(
  stack: NoticeStack,
  browser: AuthTestBrowser,
): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const controller = new AbortController();
  const response = await browser.fetch(new URL('/events?last_event_id=0', stack.bff.url), {
    headers: { accept: 'text/event-stream' },
    signal: controller.signal,
  });
  assert.equal(response.status, 200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = setTimeout(() => controller.abort(), 800);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // aborted: the stream stays open for as long as the browser listens
  } finally {
    clearTimeout(deadline);
  }
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as { type: string; data: Record<string, unknown> })
    .filter((event) => event.data !== null && typeof event.data === 'object');
}
