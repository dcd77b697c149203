/**
 * The personal space's other reads through the real BFF with real sessions: the masked profile with
 * the platform's profile link; the inbox (only mine, newest first, unread count, pages, read and
 * read-all, other users' notices untouchable, links from data only when same-site) fed by the sync
 * engine's own case-progress notices; my evaluations and consultations (?mine=1).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  MyConsultationSummary,
  MyEvaluationSummary,
  MyProfile,
  NoticeListResponse,
} from '../../../../bff/api/contracts/cases.js';
import { DEMO_APPLICANTS, type DemoCompany, type DemoPerson } from '../../../../bff/dev/generator/demo-applicants.js';
import type { HubEvent } from '../../../../bff/events/hub.js';
import { applicantKeyHash, maskIdNumber, maskPhone } from '../../../../bff/privacy/pii.js';
import { recordCaseProgress } from '../../../../bff/sync/engine/case-progress.js';
import { caseRows, writeFrontCase } from '../../../support/case-fixtures.js';
import type { AuthTestBrowser } from '../../auth/support/browser.js';
import { logIn } from '../../auth/support/flows.js';
import { rawPiiIn } from '../cases/support/pii-scan.js';
import { PII_HASH_KEY, startPersonalStack, type PersonalStack } from '../cases/support/personal-stack.js';

const zhangsan = DEMO_APPLICANTS.find((a) => a.key === 'zhangsan') as DemoPerson;
const lisi = DEMO_APPLICANTS.find((a) => a.key === 'lisi') as DemoPerson;
const bingcheng = DEMO_APPLICANTS.find((a) => a.key === 'bingcheng') as DemoCompany;
const PROFILE_URL = 'https://tyrz.example.gov.cn/user/profile';
const ZS = 'demo-natural-0001';
const LS = 'demo-natural-0002';

describe('personal space: profile, notices, my evaluations and consultations', () => {
  let stack: PersonalStack;
  let zs: AuthTestBrowser;
  let ls: AuthTestBrowser;
  let bc: AuthTestBrowser;
  let unverified: AuthTestBrowser;
  let issuer: string;
  const bodies: string[] = [];
  const call = async (browser: AuthTestBrowser, path: string, init?: RequestInit) => {
    const result = await stack.call(browser, path, init);
    bodies.push(result.text);
    return result;
  };
  const notice = async (
    subject: string,
    title: string,
    options: { link?: string; minutesAgo: number; kind?: string },
  ) => {
    const { rows } = await stack.store.query<{ id: number }>(
      `INSERT INTO notices (issuer, subject, kind, title, body, link, created_at)
       VALUES ($1, $2, $3, $4, '正文', $5, now() - make_interval(mins => $6)) RETURNING id`,
      [issuer, subject, options.kind ?? 'announcement', title, options.link ?? null, options.minutesAgo],
    );
    return String(rows[0]?.id);
  };

  before(async () => {
    stack = await startPersonalStack({ 'userSpace.profileUrl': PROFILE_URL });
    issuer = stack.platform.issuer;
    zs = stack.newBrowser();
    ls = stack.newBrowser();
    bc = stack.newBrowser();
    unverified = stack.newBrowser();
    await logIn(stack, zs, 'zhangsan');
    await logIn(stack, ls, 'lisi');
    await logIn(stack, bc, 'bingcheng');
    await logIn(stack, unverified, 'weishiming');
  });
  after(async () => {
    await stack?.close();
  });

  test('the profile is masked and links to the platform’s profile page', async () => {
    const response = await call(zs, '/api/v1/me');
    assert.equal(response.status, 200, response.text);
    assert.equal(response.headers.get('cache-control'), 'private, no-store');
    assert.deepEqual(response.json as MyProfile, {
      displayName: zhangsan.name,
      userType: 'natural',
      realNameLevelLabel: '已实名认证',
      maskedId: maskIdNumber(zhangsan.idNumber),
      maskedMobile: maskPhone(zhangsan.mobile),
      orgName: null,
      creditCode: null,
      agentName: null,
      profileUrl: PROFILE_URL,
    });
    const legal = (await call(bc, '/api/v1/me')).json as MyProfile;
    assert.equal(legal.userType, 'legal');
    assert.equal(legal.orgName, bingcheng.name);
    assert.equal(legal.creditCode, bingcheng.creditCode);
    assert.equal(legal.agentName, bingcheng.agent.name);
    const registered = (await call(unverified, '/api/v1/me')).json as MyProfile;
    assert.equal(registered.realNameLevelLabel, '未实名认证（注册用户）');
    assert.equal(registered.maskedId, null);
  });

  test('a case step arriving through the sync becomes a notice in its applicant’s inbox', async () => {
    // GET /api/v1/me above recorded zhangsan in user_profiles; the engine finds him through it.
    await writeFrontCase(
      stack.store,
      caseRows({
        projectNo: 'ZS20269001',
        applicant: { name: zhangsan.name, type: '1', idNumber: zhangsan.idNumber, mobile: zhangsan.mobile },
        situation: 'in_review',
      }),
      {
        piiHashKey: PII_HASH_KEY,
        idTailLength: 6,
      },
    );
    const events = await stack.store.transaction((tx) =>
      recordCaseProgress(tx, [{ target: 'case_process_steps', projectNo: 'ZS20269001', recordKey: 'step-1' }]),
    );
    assert.deepEqual(events, [{ issuer, subject: ZS, projectNo: 'ZS20269001', kind: 'step' }]);
    const inbox = (await call(zs, '/api/v1/notices')).json as NoticeListResponse;
    assert.equal(inbox.unread, 1);
    assert.equal(inbox.notices[0]?.kind, 'case_progress');
    assert.equal(inbox.notices[0]?.title, '您的办件有新进展');
    assert.equal(inbox.notices[0]?.read, false);
    assert.equal(((await call(ls, '/api/v1/notices')).json as NoticeListResponse).notices.length, 0);
  });

  test('the inbox: only mine, newest first, pages by cursor, unread filter, same-site links only', async () => {
    await notice(ZS, '站点公告一', { minutesAgo: 30, link: '/zwfw/notice/1' });
    await notice(ZS, '站点公告二', { minutesAgo: 20, link: 'https://evil.example/phish' });
    await notice(ZS, '站点公告三', { minutesAgo: 10, link: 'javascript:alert(1)' });
    await notice(ZS, '站点公告四', { minutesAgo: 5, link: '//evil.example/x' });
    await notice(LS, '李四的消息', { minutesAgo: 1 });
    const titles: string[] = [];
    let path: string | null = '/api/v1/notices?limit=2';
    let unread = -1;
    while (path) {
      const page = (await call(zs, path)).json as NoticeListResponse;
      unread = page.unread;
      titles.push(...page.notices.map((n) => n.title));
      path = page.nextCursor ? `/api/v1/notices?limit=2&cursor=${page.nextCursor}` : null;
    }
    assert.deepEqual(titles, ['您的办件有新进展', '站点公告四', '站点公告三', '站点公告二', '站点公告一']);
    assert.equal(unread, 5);
    const all = ((await call(zs, '/api/v1/notices')).json as NoticeListResponse).notices;
    assert.deepEqual(Object.fromEntries(all.map((n) => [n.title, n.link])), {
      // The sync's own link to the case (config notices.caseLink, default #case={projectNo}).
      您的办件有新进展: '#case=ZS20269001',
      站点公告四: null,
      站点公告三: null,
      站点公告二: null,
      站点公告一: '/zwfw/notice/1',
    });
  });

  test('mark one read, and all read; someone else’s notice is a 404 and stays unread', async () => {
    const heard: HubEvent[] = [];
    const stop = stack.hub.subscribe((event) => heard.push(event));
    try {
      const inbox = (await call(zs, '/api/v1/notices')).json as NoticeListResponse;
      const target = inbox.notices.find((n) => n.title === '站点公告二');
      assert.ok(target);
      const read = await call(zs, `/api/v1/notices/${target.id}/read`, { method: 'POST' });
      assert.equal(read.status, 200, read.text);
      assert.deepEqual(read.json, { unread: 4 });
      // Reading twice is fine.
      assert.deepEqual((await call(zs, `/api/v1/notices/${target.id}/read`, { method: 'POST' })).json, { unread: 4 });
      const unreadOnly = (await call(zs, '/api/v1/notices?unread=1')).json as NoticeListResponse;
      assert.ok(!unreadOnly.notices.some((n) => n.id === target.id));
      assert.equal(unreadOnly.notices.length, 4);

      const lisiNotice = ((await call(ls, '/api/v1/notices')).json as NoticeListResponse).notices[0];
      assert.ok(lisiNotice);
      const foreign = await call(zs, `/api/v1/notices/${lisiNotice.id}/read`, { method: 'POST' });
      const missing = await call(zs, '/api/v1/notices/999999999/read', { method: 'POST' });
      assert.equal(foreign.status, 404);
      assert.equal(foreign.text, missing.text);
      assert.equal(((await call(ls, '/api/v1/notices')).json as NoticeListResponse).unread, 1);

      const all = await call(zs, '/api/v1/notices/read-all', { method: 'POST' });
      assert.deepEqual(all.json, { unread: 0, marked: 4 });
      assert.equal(((await call(ls, '/api/v1/notices')).json as NoticeListResponse).unread, 1);
      // The caller's other tabs hear the new count on their own stream only.
      const zsKey = stack.auth.sessions?.userKey({ issuer, subject: ZS });
      const reads = heard.filter((event) => event.type === 'notices-read');
      assert.deepEqual(
        reads.map((event) => [event.userKey, event.data]),
        [
          [zsKey, { unread: 4 }],
          [zsKey, { unread: 4 }],
          [zsKey, { unread: 0 }],
        ],
      );
    } finally {
      stop();
    }
  });

  test('writes need the CSRF header; bad ids and cursors are 400 in Chinese', async () => {
    const bare = await zs.fetch(new URL('/api/v1/notices/read-all', stack.bff.url), { method: 'POST' });
    assert.equal(bare.status, 403);
    await bare.body?.cancel();
    for (const [path, init, message] of [
      ['/api/v1/notices/abc/read', { method: 'POST' }, /“消息编号”有误/],
      ['/api/v1/notices?cursor=zzz', undefined, /翻页位置无效/],
      ['/api/v1/notices?limit=99', undefined, /“每页条数”有误：不能超过50/],
      ['/api/v1/notices?unread=yes', undefined, /“只看未读”有误/],
      ['/api/v1/evaluations?mine=1&cursor=zzz', undefined, /翻页位置无效/],
    ] as const) {
      const response = await call(zs, path, init);
      assert.equal(response.status, 400, path);
      assert.match((response.json as { error: { message: string } }).error.message, message, path);
    }
  });

  test('my evaluations: given through the widget or received for my ID, with labels; never others’', async () => {
    const insert = (values: {
      subject?: string;
      keyOf?: string;
      level: number;
      text: string;
      daysAgo: number;
      rectification?: string;
    }) =>
      stack.store.query(
        `INSERT INTO evaluations (project_no, item_name, satisfaction_raw, satisfaction_scheme, satisfaction_level, text,
                                  evaluator_key_hash, user_issuer, user_subject, rectification_status, evaluated_at, source)
         VALUES ('ZS20269001', '食品经营许可证核发', $1::text, 'hcp-national', $1::smallint, $2, $3, $4, $5, $6,
                 now() - make_interval(days => $7), 'test')`,
        [
          values.level,
          values.text,
          values.keyOf ? applicantKeyHash(values.keyOf, PII_HASH_KEY) : null,
          values.subject ? issuer : null,
          values.subject ?? null,
          values.rectification ?? null,
          values.daysAgo,
        ],
      );
    await insert({ subject: ZS, level: 5, text: '办事效率高', daysAgo: 3 });
    await insert({ keyOf: zhangsan.idNumber, level: 2, text: '排队太久', daysAgo: 2, rectification: 'in_progress' });
    await insert({ keyOf: zhangsan.idNumber, level: 1, text: '材料说法不一', daysAgo: 1 });
    await insert({ subject: LS, level: 4, text: '李四的评价', daysAgo: 1 });
    await insert({ keyOf: lisi.idNumber, level: 3, text: '李四的另一条', daysAgo: 1 });
    const first = await call(zs, '/api/v1/evaluations?mine=1&limit=2');
    assert.equal(first.status, 200, first.text);
    const page1 = first.json as { evaluations: MyEvaluationSummary[]; nextCursor: string };
    const page2 = (await call(zs, `/api/v1/evaluations?mine=1&limit=2&cursor=${page1.nextCursor}`)).json as {
      evaluations: MyEvaluationSummary[];
      nextCursor: string | null;
    };
    assert.equal(page2.nextCursor, null);
    const mine = [...page1.evaluations, ...page2.evaluations];
    assert.deepEqual(
      mine.map((e) => [e.text, e.level, e.levelLabel, e.rectificationLabel, e.itemName]),
      [
        ['材料说法不一', 1, '非常不满意', '待整改', '食品经营许可证核发'],
        ['排队太久', 2, '不满意', '整改中', '食品经营许可证核发'],
        ['办事效率高', 5, '非常满意', null, '食品经营许可证核发'],
      ],
    );
    // Without mine=1 this read handler steps aside (issue 7 owns the rest of the path).
    assert.equal((await call(zs, '/api/v1/evaluations')).status, 404);
  });

  test('my consultations: only mine, newest first, with labels and the promised reply date', async () => {
    const insert = (subject: string, no: string, kind: string, status: string, minutesAgo: number) =>
      stack.store.query(
        `INSERT INTO consultations (tracking_no, kind, user_issuer, user_subject, title, content, status,
                                    promised_reply_date, created_at)
         VALUES ($1, $2, $3, $4, $5, '内容', $6, DATE '2026-02-10', now() - make_interval(mins => $7))`,
        [no, kind, issuer, subject, `${no} 的标题`, status, minutesAgo],
      );
    await insert(ZS, 'ZX001', 'consult', 'replied', 30);
    await insert(ZS, 'TS002', 'complaint', 'submitted', 10);
    await insert(LS, 'JY003', 'suggestion', 'accepted', 5);
    const response = await call(zs, '/api/v1/consultations?mine=1');
    assert.equal(response.status, 200, response.text);
    const { consultations } = response.json as { consultations: MyConsultationSummary[] };
    assert.deepEqual(
      consultations.map((c) => [c.trackingNo, c.kindLabel, c.statusLabel, c.promisedReplyDate]),
      [
        ['TS002', '投诉', '已提交，等待受理', '2026-02-10'],
        ['ZX001', '咨询', '已答复', '2026-02-10'],
      ],
    );
    assert.equal((await call(ls, '/api/v1/consultations?mine=1')).text.includes('ZX001'), false);
  });

  test('no response or log line carries a raw ID number or mobile', () => {
    const known = [zhangsan.idNumber, zhangsan.mobile, lisi.idNumber, lisi.mobile, bingcheng.agent.mobile];
    assert.deepEqual(rawPiiIn(bodies.join('\n'), known), []);
    assert.deepEqual(rawPiiIn(stack.logText(), known), []);
  });
});
