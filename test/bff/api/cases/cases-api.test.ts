/**
 * The case-tracking API through the real BFF with real sessions (the development platform's login
 * form, test/bff/auth/support): my cases and one case for 自然人, 法人 and an account without
 * real-name data; another user's case number is a 404 exactly like a nonexistent one (IDOR);
 * anonymous callers get 401 JSON on everything but the lookup; bad parameters get 400 in Chinese;
 * `case-progress` reaches only its user's SSE stream; and no response or log line carries a raw ID
 * number or mobile.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CaseDetail, CaseListResponse } from '../../../../bff/api/contracts/cases.js';
import { DEMO_APPLICANTS, type DemoCompany, type DemoPerson } from '../../../../bff/dev/generator/demo-applicants.js';
import { caseRows, writeFrontCase, type CaseSituation, type FixtureApplicant } from '../../../support/case-fixtures.js';
import type { AuthTestBrowser } from '../../auth/support/browser.js';
import { logIn } from '../../auth/support/flows.js';
import { rawPiiIn } from './support/pii-scan.js';
import { PII_HASH_KEY, startPersonalStack, type PersonalStack } from './support/personal-stack.js';
import { SseReader } from './support/sse.js';

const zhangsan = DEMO_APPLICANTS.find((a) => a.key === 'zhangsan') as DemoPerson;
const lisi = DEMO_APPLICANTS.find((a) => a.key === 'lisi') as DemoPerson;
const bingcheng = DEMO_APPLICANTS.find((a) => a.key === 'bingcheng') as DemoCompany;
const person = (p: DemoPerson): FixtureApplicant => ({
  name: p.name,
  type: '1',
  idNumber: p.idNumber,
  mobile: p.mobile,
});
const company: FixtureApplicant = {
  name: bingcheng.name,
  type: '2',
  idNumber: bingcheng.creditCode,
  mobile: bingcheng.agent.mobile,
  contact: { name: bingcheng.agent.name, idNumber: bingcheng.agent.idNumber, mobile: bingcheng.agent.mobile },
};
const KNOWN_PII = [zhangsan, lisi]
  .flatMap((p) => [p.idNumber, p.mobile])
  .concat(bingcheng.agent.idNumber, bingcheng.agent.mobile);

const ZHANGSAN_CASES: [string, CaseSituation][] = [
  ['ZS20260001', 'in_review'],
  ['ZS20260002', 'correction'],
  ['ZS20260003', 'approved'],
  ['ZS20260004', 'extended'],
  ['ZS20260005', 'accepted'],
];
const LISI_CASE = 'LS20260001';
const COMPANY_CASE = 'BC20260001';

describe('case-tracking API', () => {
  let stack: PersonalStack;
  let zs: AuthTestBrowser;
  let ls: AuthTestBrowser;
  let bc: AuthTestBrowser;
  let unverified: AuthTestBrowser;
  let anonymous: AuthTestBrowser;
  /** Every response body of the file, for the PII scan at the end. */
  const bodies: string[] = [];

  const call = async (browser: AuthTestBrowser, path: string, init?: RequestInit) => {
    const result = await stack.call(browser, path, init);
    bodies.push(result.text, [...result.headers].map(([k, v]) => `${k}: ${v}`).join('\n'));
    return result;
  };

  before(async () => {
    stack = await startPersonalStack();
    const write = (no: string, applicant: FixtureApplicant, situation: CaseSituation, daysAgo: number) =>
      writeFrontCase(
        stack.store,
        caseRows({ projectNo: no, applicant, situation, appliedAt: Date.now() - daysAgo * 86_400_000 }),
        { piiHashKey: PII_HASH_KEY, idTailLength: 6 },
      );
    for (const [index, [no, situation]] of ZHANGSAN_CASES.entries())
      await write(no, person(zhangsan), situation, 30 - index);
    await write(LISI_CASE, person(lisi), 'in_review', 5);
    await write(COMPANY_CASE, company, 'approved', 8);
    zs = stack.newBrowser();
    ls = stack.newBrowser();
    bc = stack.newBrowser();
    unverified = stack.newBrowser();
    anonymous = stack.newBrowser();
    await logIn(stack, zs, 'zhangsan');
    await logIn(stack, ls, 'lisi');
    await logIn(stack, bc, 'bingcheng');
    await logIn(stack, unverified, 'weishiming');
  });
  after(async () => {
    await stack?.close();
  });

  test('anonymous callers get 401 JSON on everything personal, and may use the lookup', async () => {
    const personal: [string, RequestInit?][] = [
      ['/api/v1/cases'],
      [`/api/v1/cases/${ZHANGSAN_CASES[0]?.[0]}`],
      ['/api/v1/me'],
      ['/api/v1/notices'],
      ['/api/v1/notices/1/read', { method: 'POST' }],
      ['/api/v1/notices/read-all', { method: 'POST' }],
      ['/api/v1/evaluations?mine=1'],
      ['/api/v1/consultations?mine=1'],
    ];
    for (const [path, init] of personal) {
      const response = await call(anonymous, path, init);
      assert.equal(response.status, 401, path);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/, path);
      assert.deepEqual((response.json as { error: { code: string } }).error.code, 'unauthenticated', path);
    }
    const lookup = await call(anonymous, '/api/v1/case-lookup', {
      method: 'POST',
      body: JSON.stringify({ projectNo: LISI_CASE, applicantName: lisi.name, idTail: lisi.idNumber.slice(-6) }),
    });
    assert.equal(lookup.status, 200, lookup.text);
    assert.equal((lookup.json as CaseDetail).projectNo, LISI_CASE);
  });

  test('a 自然人 sees exactly their own cases, newest first, with counts per tab', async () => {
    const list = await call(zs, '/api/v1/cases');
    assert.equal(list.status, 200, list.text);
    assert.equal(list.headers.get('cache-control'), 'private, no-store');
    const body = list.json as CaseListResponse;
    assert.deepEqual(
      body.cases.map((c) => c.projectNo),
      ZHANGSAN_CASES.map(([no]) => no).reverse(),
    );
    assert.deepEqual(body.counts, { all: 5, inProgress: 4, completed: 1, needsAction: 1 });
    assert.equal(body.nextCursor, null);
    const correction = body.cases.find((c) => c.projectNo === 'ZS20260002');
    assert.equal(correction?.status, 'returned');
    assert.equal(correction?.needsAction, true);
  });

  test('filter tabs and keyset pages over HTTP', async () => {
    const needs = (await call(zs, '/api/v1/cases?status=needs_action')).json as CaseListResponse;
    assert.deepEqual(
      needs.cases.map((c) => c.projectNo),
      ['ZS20260002'],
    );
    const done = (await call(zs, '/api/v1/cases?status=completed')).json as CaseListResponse;
    assert.deepEqual(
      done.cases.map((c) => c.projectNo),
      ['ZS20260003'],
    );
    const seen: string[] = [];
    let path: string | null = '/api/v1/cases?status=in_progress&limit=2';
    while (path) {
      const page = (await call(zs, path)).json as CaseListResponse;
      seen.push(...page.cases.map((c) => c.projectNo));
      path = page.nextCursor ? `/api/v1/cases?status=in_progress&limit=2&cursor=${page.nextCursor}` : null;
    }
    assert.deepEqual(seen, ['ZS20260005', 'ZS20260004', 'ZS20260002', 'ZS20260001']);
  });

  test('the detail of my own case: status, timeline, result, materials, masked applicant', async () => {
    const response = await call(zs, '/api/v1/cases/ZS20260003');
    assert.equal(response.status, 200, response.text);
    const detail = response.json as CaseDetail & { applicantTypeLabel: string };
    assert.equal(detail.status, 'approved');
    assert.equal(detail.statusLabel, '已办结（准予）');
    assert.equal(detail.applicantNameMasked, '张*');
    assert.equal(detail.applicantTypeLabel, '自然人');
    assert.equal(detail.result?.certificateName, '食品经营许可证');
    assert.equal(detail.materials.length, 2);
    assert.deepEqual(detail.timeline.at(-1)?.kind, 'result');
  });

  test("another user's case number is a 404 exactly like a nonexistent one, and never listed", async () => {
    const theirs = await call(zs, `/api/v1/cases/${LISI_CASE}`);
    const missing = await call(zs, '/api/v1/cases/NOSUCHCASE0001');
    assert.equal(theirs.status, 404);
    assert.equal(theirs.text, missing.text);
    assert.deepEqual(theirs.json, {
      error: { code: 'case_not_found', message: '没有找到这个办件，请核对办件编号；只能查看本人申请或经办的办件' },
    });
    assert.equal(theirs.headers.get('content-type'), missing.headers.get('content-type'));
    const list = (await call(zs, '/api/v1/cases?limit=50')).json as CaseListResponse;
    assert.ok(!list.cases.some((c) => c.projectNo === LISI_CASE || c.projectNo === COMPANY_CASE));
    // And the other way round.
    assert.equal((await call(ls, '/api/v1/cases/ZS20260001')).status, 404);
    const lisiList = (await call(ls, '/api/v1/cases')).json as CaseListResponse;
    assert.deepEqual(
      lisiList.cases.map((c) => c.projectNo),
      [LISI_CASE],
    );
  });

  test('a 法人 account finds the company’s cases by its 统一社会信用代码', async () => {
    const list = (await call(bc, '/api/v1/cases')).json as CaseListResponse;
    assert.deepEqual(
      list.cases.map((c) => c.projectNo),
      [COMPANY_CASE],
    );
    const detail = (await call(bc, `/api/v1/cases/${COMPANY_CASE}`)).json as CaseDetail;
    assert.equal(detail.applicantNameMasked, bingcheng.name);
    assert.equal((await call(bc, '/api/v1/cases/ZS20260001')).status, 404);
  });

  test('an account without real-name data is signed in but has no cases', async () => {
    const response = await call(unverified, '/api/v1/cases');
    assert.equal(response.status, 200);
    assert.deepEqual(response.json, {
      cases: [],
      nextCursor: null,
      counts: { all: 0, inProgress: 0, completed: 0, needsAction: 0 },
    });
    assert.equal((await call(unverified, '/api/v1/cases/ZS20260001')).status, 404);
  });

  test('bad parameters are refused with 400 and a Chinese message that names the field', async () => {
    const cases: [string, RegExp][] = [
      ['/api/v1/cases?status=open', /“办理状态”有误/],
      ['/api/v1/cases?limit=0', /“每页条数”有误：至少为1/],
      ['/api/v1/cases?limit=500', /“每页条数”有误：不能超过50/],
      ['/api/v1/cases?limit=abc', /“每页条数”有误/],
      ['/api/v1/cases?cursor=not-a-cursor', /翻页位置无效/],
      [`/api/v1/cases/${encodeURIComponent('中文编号')}`, /“办件编号”有误/],
      [`/api/v1/cases/${'A'.repeat(51)}`, /“办件编号”有误：不能超过50个字符/],
    ];
    for (const [path, message] of cases) {
      const response = await call(zs, path);
      assert.equal(response.status, 400, path);
      const { error } = response.json as { error: { code: string; message: string } };
      assert.equal(error.code, 'bad_request', path);
      assert.match(error.message, message, path);
    }
  });

  test('without the X-CSRF header the API refuses, even for GET', async () => {
    const response = await zs.fetch(new URL('/api/v1/cases', stack.bff.url));
    assert.equal(response.status, 403);
    bodies.push(await response.text());
  });

  test('opening the space records the user for progress notices (hashed and masked only)', async () => {
    const { rows } = await stack.store.query<Record<string, unknown>>(
      `SELECT subject, display_name, id_key_hash, id_masked, mobile_masked, org_credit_code FROM user_profiles ORDER BY subject`,
    );
    const zsRow = rows.find((row) => row.subject === 'demo-natural-0001');
    assert.ok(zsRow, 'zhangsan recorded');
    assert.equal(zsRow.display_name, '张*');
    assert.match(String(zsRow.id_key_hash), /^[0-9a-f]{64}$/);
    assert.equal(zsRow.id_masked, `${zhangsan.idNumber.slice(0, 4)}**********${zhangsan.idNumber.slice(-4)}`);
    assert.equal(zsRow.mobile_masked, `${zhangsan.mobile.slice(0, 3)}****${zhangsan.mobile.slice(-4)}`);
    assert.equal(rows.find((row) => row.subject === 'demo-legal-0001')?.org_credit_code, bingcheng.creditCode);
    assert.deepEqual(rawPiiIn(JSON.stringify(rows), KNOWN_PII), []);
  });

  test('case-progress published with a user key reaches that user’s stream only', async () => {
    const open = async (browser: AuthTestBrowser) => {
      const response = await browser.fetch(new URL('/events', stack.bff.url), {
        headers: { accept: 'text/event-stream' },
      });
      assert.equal(response.status, 200);
      return new SseReader(response.body as ReadableStream<Uint8Array>);
    };
    const zsStream = await open(zs);
    const lsStream = await open(ls);
    const sessions = stack.auth.sessions;
    assert.ok(sessions);
    const keyOf = (subject: string) => sessions.userKey({ issuer: stack.platform.issuer, subject });
    // Both streams are subscribed once the hub counts them.
    for (let i = 0; i < 100 && stack.hub.listenerCount() < 2; i += 1) await new Promise((r) => setTimeout(r, 20));
    await stack.hub.publish({
      type: 'case-progress',
      data: { projectNo: 'ZS20260001', kind: 'step' },
      userKey: keyOf('demo-natural-0001'),
    });
    await stack.hub.publish({
      type: 'case-progress',
      data: { projectNo: LISI_CASE, kind: 'result' },
      userKey: keyOf('demo-natural-0002'),
    });
    const zsEvent = await zsStream.next();
    assert.deepEqual(
      { type: zsEvent.type, data: zsEvent.data },
      { type: 'case-progress', data: { projectNo: 'ZS20260001', kind: 'step' } },
    );
    // lisi's first event is lisi's own: zhangsan's, published before it, never reached this stream.
    const lsEvent = await lsStream.next();
    assert.deepEqual(lsEvent.data, { projectNo: LISI_CASE, kind: 'result' });
    await assert.rejects(zsStream.next(300), /no SSE message/);
    await zsStream.cancel();
    await lsStream.cancel();
  });

  test('no response and no log line carries a raw ID number or mobile', async () => {
    // Requests that carry personal numbers in: an ID number as a case number, and in the lookup.
    await call(zs, `/api/v1/cases/${zhangsan.idNumber}`);
    await call(zs, `/api/v1/cases?cursor=${zhangsan.idNumber}`);
    await call(anonymous, '/api/v1/case-lookup', {
      method: 'POST',
      body: JSON.stringify({ projectNo: 'ZS20260001', applicantName: zhangsan.name, idTail: zhangsan.idNumber }),
    });
    await call(anonymous, '/api/v1/case-lookup', {
      method: 'POST',
      body: JSON.stringify({
        projectNo: zhangsan.mobile,
        applicantName: zhangsan.name,
        idTail: zhangsan.idNumber.slice(-6),
      }),
    });
    for (const browser of [zs, ls, bc]) {
      await call(browser, '/api/v1/me');
      const list = (await call(browser, '/api/v1/cases?limit=50')).json as CaseListResponse;
      for (const c of list.cases) await call(browser, `/api/v1/cases/${c.projectNo}`);
    }
    const logs = stack.logText();
    assert.ok(logs.includes('"url":"/api/v1/cases/'), 'the access log was captured');
    assert.deepEqual(rawPiiIn(bodies.join('\n'), KNOWN_PII), [], 'responses');
    assert.deepEqual(rawPiiIn(logs, KNOWN_PII), [], 'logs');
    // The scan itself finds what it looks for.
    assert.deepEqual(rawPiiIn(`x ${zhangsan.idNumber} y`, []), [zhangsan.idNumber]);
  });
});
