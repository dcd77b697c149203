/**
 * The 好差评 API through the real BFF with real sessions (the development platform's login form):
 * the form and its refusals; a rating written with exactly one outbox message in the national
 * interface shape; 差评 without a reason refused with per-field Chinese messages; someone else's,
 * an agent's and an unfinished case refused; a double submission answered with the first result;
 * 首次 then one 追评, never two 首次; the channel from the device; the limit per user; my ratings with
 * the 整改 label of every state; and no raw ID number or mobile in any response or log line.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { EvaluationForm, MyEvaluation } from '../../../../bff/api/contracts/evaluations.js';
import type { MyEvaluationSummary } from '../../../../bff/api/contracts/cases.js';
import { evaluableCases } from '../../../../bff/api/evaluations/evaluable.js';
import { DEMO_APPLICANTS, type DemoCompany, type DemoPerson } from '../../../../bff/dev/generator/demo-applicants.js';
import { applicantKeyHash } from '../../../../bff/privacy/pii.js';
import { outboundRowGuid } from '../../../../bff/sync/outbox/row-guid.js';
import { caseRows, writeFrontCase, type CaseSituation, type FixtureApplicant } from '../../../support/case-fixtures.js';
import type { AuthTestBrowser } from '../../auth/support/browser.js';
import { logIn } from '../../auth/support/flows.js';
import { PII_HASH_KEY, rawPiiIn, startEvaluationStack, type EvaluationStack } from './support/evaluation-stack.js';

const zhangsan = DEMO_APPLICANTS.find((a) => a.key === 'zhangsan') as DemoPerson;
const lisi = DEMO_APPLICANTS.find((a) => a.key === 'lisi') as DemoPerson;
const bingcheng = DEMO_APPLICANTS.find((a) => a.key === 'bingcheng') as DemoCompany;
const person = (p: DemoPerson): FixtureApplicant => ({
  name: p.name,
  type: '1',
  idNumber: p.idNumber,
  mobile: p.mobile,
});
/** Someone zhangsan filed for: he is the contact (经办人), not the applicant. */
const relative: FixtureApplicant = {
  name: '张老汉',
  type: '1',
  idNumber: '230102194501011230',
  mobile: '13900451234',
  contact: { name: zhangsan.name, idNumber: zhangsan.idNumber, mobile: zhangsan.mobile },
};
const company: FixtureApplicant = {
  name: bingcheng.name,
  type: '2',
  idNumber: bingcheng.creditCode,
  mobile: bingcheng.agent.mobile,
  contact: { name: bingcheng.agent.name, idNumber: bingcheng.agent.idNumber, mobile: bingcheng.agent.mobile },
};
const KNOWN_PII = [zhangsan.idNumber, zhangsan.mobile, lisi.idNumber, lisi.mobile, relative.idNumber, relative.mobile];
KNOWN_PII.push(bingcheng.agent.idNumber, bingcheng.agent.mobile);

const CASES: [string, FixtureApplicant, CaseSituation][] = [
  ['ZS-EV-BAD', person(zhangsan), 'approved'],
  ['ZS-EV-GOOD', person(zhangsan), 'approved'],
  ['ZS-EV-RACE', person(zhangsan), 'denied'],
  ['ZS-EV-OLD', person(zhangsan), 'approved'],
  ['ZS-EV-PC', person(zhangsan), 'not_accepted'],
  ['ZS-EV-LABELS', person(zhangsan), 'approved'],
  ['ZS-EV-REVIEW', person(zhangsan), 'in_review'],
  ['LS-EV-DONE', person(lisi), 'approved'],
  ['REL-EV-DONE', relative, 'approved'],
  ['BC-EV-DONE', company, 'approved'],
];

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';
const WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36';

/** Enough for zhangsan's submissions in this file; the limit test goes over it with another account. */
const SUBMIT_MAX = 30;

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

describe('好差评 API', () => {
  let stack: EvaluationStack;
  let zs: AuthTestBrowser;
  let ls: AuthTestBrowser;
  let bc: AuthTestBrowser;
  let unverified: AuthTestBrowser;
  let anonymous: AuthTestBrowser;
  const bodies: string[] = [];

  const call = async (browser: AuthTestBrowser, path: string, init?: RequestInit) => {
    const result = await stack.call(browser, path, init);
    bodies.push(result.text);
    return result;
  };
  const submit = (browser: AuthTestBrowser, body: Record<string, unknown>, userAgent = IPHONE) =>
    call(browser, '/api/v1/evaluations', {
      method: 'POST',
      body: JSON.stringify({ idempotencyKey: randomUUID(), indicatorCodes: [], ...body }),
      headers: { 'User-Agent': userAgent },
    });
  const count = async (sql: string, params: unknown[] = []) =>
    (await stack.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]?.n;

  before(async () => {
    stack = await startEvaluationStack({ 'evaluations.submitMax': SUBMIT_MAX, 'evaluations.submitWindowSeconds': 600 });
    for (const [index, [no, applicant, situation]] of CASES.entries()) {
      await writeFrontCase(
        stack.store,
        caseRows({ projectNo: no, applicant, situation, appliedAt: Date.now() - (40 - index) * 86_400_000 }),
        { piiHashKey: PII_HASH_KEY, idTailLength: 6 },
      );
    }
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

  test('anonymous callers get 401 JSON; a call without the CSRF header is refused', async () => {
    for (const [path, init] of [
      ['/api/v1/evaluations/form?case=ZS-EV-BAD', undefined],
      ['/api/v1/evaluations', { method: 'POST', body: '{}' }],
      ['/api/v1/evaluations?mine=1', undefined],
    ] as const) {
      const response = await call(anonymous, path, init);
      assert.equal(response.status, 401, path);
      assert.equal((response.json as ErrorBody).error.code, 'unauthenticated');
    }
    const noHeader = await zs.fetch(new URL('/api/v1/evaluations', stack.bff.url), {
      method: 'POST',
      body: JSON.stringify({ projectNo: 'ZS-EV-GOOD', level: 5, idempotencyKey: randomUUID() }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(noHeader.status, 403);
    assert.equal(await count('evaluations'), 0);
  });

  test('the form for my finished case offers five levels with the configured indicators', async () => {
    const response = await call(zs, '/api/v1/evaluations/form?case=ZS-EV-GOOD');
    assert.equal(response.status, 200, response.text);
    assert.equal(response.headers.get('cache-control'), 'private, no-store');
    const form = response.json as EvaluationForm;
    assert.equal(form.refusal, null);
    assert.equal(form.assessNumber, 1);
    assert.equal(form.itemName, '食品经营许可证核发');
    assert.equal(form.deptName, '哈尔滨市市场监督管理局');
    assert.deepEqual(
      form.levels.map((l) => [l.level, l.label]),
      [
        [5, '非常满意'],
        [4, '满意'],
        [3, '基本满意'],
        [2, '不满意'],
        [1, '非常不满意'],
      ],
    );
    assert.deepEqual(
      form.levels[0]?.indicators.map((i) => i.label),
      ['整体满意度', '办事效率', '办事指南精确度', '办事便捷度', '平台操作性'],
    );
    assert.deepEqual(
      form.levels[3]?.indicators.map((i) => i.code),
      ['201', '202', '203', '204', '205'],
    );
    assert.equal(form.detailRequiredAtOrBelow, 2);
    assert.equal(form.maxTextLength, 500);
    assert.equal(form.previous, null);
  });

  test('the form refuses someone else’s, an agent’s, an unfinished and an unknown case — naming nothing', async () => {
    const refusals: [AuthTestBrowser, string, string][] = [
      [zs, 'LS-EV-DONE', 'not_found'],
      [zs, 'NO-SUCH-CASE', 'not_found'],
      [zs, 'REL-EV-DONE', 'not_applicant'],
      [zs, 'ZS-EV-REVIEW', 'not_finished'],
      [unverified, 'ZS-EV-GOOD', 'not_found'],
    ];
    for (const [browser, no, code] of refusals) {
      const response = await call(browser, `/api/v1/evaluations/form?case=${no}`);
      assert.equal(response.status, 200, `${no}: ${response.text}`);
      const form = response.json as EvaluationForm;
      assert.equal(form.refusal?.code, code, no);
      assert.match(form.refusal?.message ?? '', /[\u4e00-\u9fff]/, no);
      if (code !== 'not_finished') {
        assert.equal(form.itemName, null, no);
        assert.equal(form.deptName, null, no);
      }
    }
    const bad = await call(zs, '/api/v1/evaluations/form?case=%3Cscript%3E');
    assert.equal(bad.status, 400);
  });

  test('submitting for someone else’s (404), an agent’s (403) or an unfinished case (409) writes nothing', async () => {
    for (const [no, status, code] of [
      ['LS-EV-DONE', 404, 'not_found'],
      ['REL-EV-DONE', 403, 'not_applicant'],
      ['ZS-EV-REVIEW', 409, 'not_finished'],
    ] as const) {
      const response = await submit(zs, { projectNo: no, level: 5 });
      assert.equal(response.status, status, `${no}: ${response.text}`);
      assert.equal((response.json as ErrorBody).error.code, code);
    }
    assert.equal(await count('evaluations'), 0);
    assert.equal(await count('outbox'), 0);
  });

  test('a 差评 without an indicator or text is a 400 with a Chinese message per field; so are other mistakes', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ projectNo: 'ZS-EV-BAD', level: 2 }, 'indicatorCodes', /不满意.*勾选一项评价内容.*文字说明/],
      [{ projectNo: 'ZS-EV-BAD', level: 1, text: '   ' }, 'indicatorCodes', /勾选一项评价内容/],
      [{ projectNo: 'ZS-EV-BAD', level: 0 }, 'level', /满意程度/],
      [{ projectNo: 'ZS-EV-BAD', level: '5' }, 'level', /满意程度/],
      [{ projectNo: 'ZS-EV-BAD', level: 2, indicatorCodes: ['501'] }, 'indicatorCodes', /不对应/],
      [{ projectNo: 'ZS-EV-BAD', level: 4, text: '好'.repeat(501) }, 'text', /不能超过 500 个字/],
      [{ projectNo: 'ZS-EV-BAD', level: 4, idempotencyKey: 'x' }, 'idempotencyKey', /刷新页面/],
      [{ projectNo: '', level: 4 }, 'projectNo', /办件编号/],
    ];
    for (const [body, field, message] of cases) {
      const response = await submit(zs, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      const error = (response.json as ErrorBody).error;
      assert.equal(error.code, 'invalid_evaluation');
      assert.match(error.fields?.[field] ?? '', message, JSON.stringify(body));
      assert.equal(error.message, Object.values(error.fields ?? {})[0]);
    }
    const notJson = await call(zs, '/api/v1/evaluations', { method: 'POST', body: 'level=1' });
    assert.equal(notJson.status, 400);
    assert.equal(await count('evaluations'), 0);
  });

  test('a 差评 is stored in the interface scheme with exactly one outbox message, PII masked, channel from the device', async () => {
    const text = `窗口让我跑了三趟。我的身份证号 ${zhangsan.idNumber}，电话 ${zhangsan.mobile}`;
    const response = await submit(zs, {
      projectNo: 'ZS-EV-BAD',
      level: 2,
      indicatorCodes: ['202', '203', '202'],
      text,
    });
    assert.equal(response.status, 201, response.text);
    const evaluation = response.json as MyEvaluation & MyEvaluationSummary;
    assert.equal(evaluation.level, 2);
    assert.equal(evaluation.levelLabel, '不满意');
    assert.equal(evaluation.assessNumber, 1);
    assert.deepEqual(evaluation.indicatorLabels, ['办事效率', '办事指南精确度']);
    assert.ok(evaluation.text?.startsWith('窗口让我跑了三趟'));
    assert.deepEqual(rawPiiIn(evaluation.text ?? '', KNOWN_PII), []);
    assert.equal(evaluation.rectification?.status, 'pending');
    assert.equal(evaluation.rectification?.statusLabel, '待整改');
    assert.equal(evaluation.rectificationLabel, '待整改');

    const { rows } = await stack.store.query<Record<string, unknown>>('SELECT * FROM evaluations WHERE id = $1', [
      evaluation.id,
    ]);
    const row = rows[0];
    assert.ok(row);
    assert.equal(row.satisfaction_raw, '2');
    assert.equal(row.satisfaction_scheme, 'hcp-national');
    assert.equal(row.satisfaction_level, 2);
    assert.equal(row.is_negative, true);
    assert.deepEqual(row.indicator_codes, ['202', '203']);
    assert.equal(row.channel, 'mobile');
    assert.equal(row.channel_raw, '2');
    assert.equal(row.evaluator_name_masked, '张*');
    assert.equal(row.evaluator_key_hash, applicantKeyHash(zhangsan.idNumber, PII_HASH_KEY));
    assert.equal(row.evaluator_type, 'natural');
    assert.equal(row.user_issuer, stack.platform.issuer);
    assert.ok(typeof row.user_subject === 'string' && row.user_subject.length > 0);
    assert.equal(row.dept_credit_code, '11230100MB0000001X');
    assert.equal(row.rectification_status, 'pending');
    assert.equal(row.source, 'front', 'the sync’s source id, so the platform’s answer updates this row');
    const dedupKey = `evaluation:${evaluation.id}`;
    assert.equal(row.source_row_guid, outboundRowGuid(dedupKey));

    const outbox = await stack.store.query<{ kind: string; dedup_key: string; payload: Record<string, unknown> }>(
      'SELECT kind, dedup_key, payload FROM outbox WHERE dedup_key = $1',
      [dedupKey],
    );
    assert.equal(outbox.rows.length, 1);
    const payload = outbox.rows[0]?.payload ?? {};
    assert.equal(outbox.rows[0]?.kind, 'evaluation');
    assert.equal(payload.projectNo, 'ZS-EV-BAD');
    assert.equal(payload.satisfaction, '2');
    assert.equal(payload.satisfactionScheme, 'hcp-national');
    assert.equal(payload.pf, '2');
    assert.equal(payload.assessNumber, 1);
    assert.equal(payload.evalDetail, '202,203');
    assert.equal(payload.userName, '张*');
    assert.equal(payload.userProp, '1');
    assert.equal(payload.userPageType, '111');
    assert.equal(payload.certKey, applicantKeyHash(zhangsan.idNumber, PII_HASH_KEY));
    assert.equal(payload.taskHandleItem, '11230100MB0000001X200136030000101');
    assert.equal(payload.deptCode, '11230100MB0000001X');
    assert.equal(payload.proStatus, '3');
    assert.deepEqual(rawPiiIn(JSON.stringify(payload), KNOWN_PII), []);
    assert.equal(await count('outbox'), 1);
  });

  test('a double submission with the same idempotency key answers the first result and writes once', async () => {
    const key = randomUUID();
    const body = { projectNo: 'ZS-EV-GOOD', level: 5, indicatorCodes: ['502'], text: '很快', idempotencyKey: key };
    const [first, second] = await Promise.all([submit(zs, body), submit(zs, body)]);
    const statuses = [first.status, second.status].sort();
    assert.deepEqual(statuses, [200, 201], `${first.text} / ${second.text}`);
    const replay = first.status === 200 ? first : second;
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(first.json, second.json);
    // Later, even with a changed body: still the first result.
    const third = await submit(zs, { ...body, level: 1, indicatorCodes: ['101'], text: '改主意了' });
    assert.equal(third.status, 200);
    assert.deepEqual(third.json, first.json);
    assert.equal(await count("evaluations WHERE project_no = 'ZS-EV-GOOD'"), 1);
    assert.equal(await count('outbox'), 2, 'one message per rating: this one and the 差评 before');
    const good = first.json as MyEvaluation;
    assert.equal(good.rectification, null, 'a good rating has no 整改');
  });

  test('首次 then one 追评 within the window, then refused; the form shows the previous rating', async () => {
    const followUp = await submit(zs, { projectNo: 'ZS-EV-GOOD', level: 4, text: '补充：证照已寄到' });
    assert.equal(followUp.status, 201, followUp.text);
    assert.equal((followUp.json as MyEvaluation).assessNumber, 2);
    const outbox = await stack.store.query<{ payload: { assessNumber: number } }>(
      'SELECT payload FROM outbox WHERE dedup_key = $1',
      [`evaluation:${(followUp.json as MyEvaluation).id}`],
    );
    assert.equal(outbox.rows[0]?.payload.assessNumber, 2);
    const third = await submit(zs, { projectNo: 'ZS-EV-GOOD', level: 3 });
    assert.equal(third.status, 409);
    assert.equal((third.json as ErrorBody).error.code, 'already_evaluated');
    const form = (await call(zs, '/api/v1/evaluations/form?case=ZS-EV-GOOD')).json as EvaluationForm;
    assert.equal(form.refusal?.code, 'already_evaluated');
    assert.equal(form.assessNumber, 2);
    assert.equal(form.previous?.text, '补充：证照已寄到');
    assert.equal(await count("outbox WHERE payload->>'projectNo' = 'ZS-EV-GOOD'"), 2);
  });

  test('after the 追评 window the form and a submission are refused', async () => {
    assert.equal((await submit(zs, { projectNo: 'ZS-EV-OLD', level: 5 })).status, 201);
    await stack.store.query(
      "UPDATE evaluations SET evaluated_at = now() - interval '16 days' WHERE project_no = 'ZS-EV-OLD'",
    );
    const form = (await call(zs, '/api/v1/evaluations/form?case=ZS-EV-OLD')).json as EvaluationForm;
    assert.equal(form.refusal?.code, 'already_evaluated');
    assert.match(form.refusal?.message ?? '', /追评期限已过/);
    assert.equal(form.previous?.level, 5);
    assert.equal((await submit(zs, { projectNo: 'ZS-EV-OLD', level: 4 })).status, 409);
  });

  test('two submissions with different keys at once become 首次 and 追评, never two 首次', async () => {
    const results = await Promise.all([
      submit(zs, { projectNo: 'ZS-EV-RACE', level: 5 }),
      submit(zs, { projectNo: 'ZS-EV-RACE', level: 4 }),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      [201, 201],
    );
    const numbers = results.map((r) => (r.json as MyEvaluation).assessNumber).sort();
    assert.deepEqual(numbers, [1, 2]);
  });

  test('the channel is 1 PC端 from a desktop browser, 2 移动端 when client hints say mobile', async () => {
    const pc = await submit(zs, { projectNo: 'ZS-EV-PC', level: 3 }, WINDOWS);
    assert.equal(pc.status, 201, pc.text);
    const id = (pc.json as MyEvaluation).id;
    const { rows } = await stack.store.query<{ channel: string; pf: string }>(
      "SELECT e.channel, o.payload->>'pf' AS pf FROM evaluations e JOIN outbox o ON o.dedup_key = 'evaluation:' || e.id WHERE e.id = $1",
      [id],
    );
    assert.deepEqual(rows[0], { channel: 'pc', pf: '1' });
    const hinted = await call(zs, '/api/v1/evaluations', {
      method: 'POST',
      body: JSON.stringify({ projectNo: 'ZS-EV-PC', level: 4, indicatorCodes: [], idempotencyKey: randomUUID() }),
      headers: { 'User-Agent': WINDOWS, 'Sec-CH-UA-Mobile': '?1' },
    });
    assert.equal(hinted.status, 201, hinted.text);
    const channel = await stack.store.query<{ channel: string }>('SELECT channel FROM evaluations WHERE id = $1', [
      (hinted.json as MyEvaluation).id,
    ]);
    assert.equal(channel.rows[0]?.channel, 'mobile');
  });

  test('a legal person rates as the organisation: name kept, 经办人 masked, userProp and 证件类型 of a company', async () => {
    const response = await submit(bc, { projectNo: 'BC-EV-DONE', level: 5, indicatorCodes: ['501'] });
    assert.equal(response.status, 201, response.text);
    const { rows } = await stack.store.query<{ evaluator_type: string; payload: Record<string, unknown> }>(
      "SELECT e.evaluator_type, o.payload FROM evaluations e JOIN outbox o ON o.dedup_key = 'evaluation:' || e.id WHERE e.id = $1",
      [(response.json as MyEvaluation).id],
    );
    assert.equal(rows[0]?.evaluator_type, 'enterprise');
    assert.equal(rows[0]?.payload.userName, bingcheng.name);
    assert.equal(rows[0]?.payload.userProp, '2');
    assert.equal(rows[0]?.payload.userPageType, '001');
    assert.equal(rows[0]?.payload.handleUserName, '赵*');
    assert.equal(rows[0]?.payload.certKey, applicantKeyHash(bingcheng.creditCode, PII_HASH_KEY));
  });

  test('my ratings carry the 整改 state of a 差评 with its label, in every state; others’ never appear', async () => {
    const created = await submit(zs, { projectNo: 'ZS-EV-LABELS', level: 1, text: '材料说法不一' });
    assert.equal(created.status, 201, created.text);
    const id = (created.json as MyEvaluation).id;
    await submit(ls, { projectNo: 'LS-EV-DONE', level: 1, text: '李四的差评' });
    const states: [string | null, string | null, string, string][] = [
      [null, null, 'pending', '待整改'],
      ['pending', null, 'pending', '待整改'],
      ['pending', 'approved', 'in_progress', '整改中'],
      ['in_progress', null, 'in_progress', '整改中'],
      ['rectified', 'approved', 'rectified', '已整改'],
      ['revisited', 'approved', 'revisited', '已回访'],
    ];
    for (const [stored, review, status, label] of states) {
      await stack.store.query(
        `UPDATE evaluations SET rectification_status = $2, review_status = $3,
                rectification_text = CASE WHEN $2 IN ('rectified', 'revisited') THEN '已统一材料清单口径' END,
                rectified_at = CASE WHEN $2 IN ('rectified', 'revisited') THEN '2026-11-20T10:00:00+08:00'::timestamptz END,
                revisit_result = CASE WHEN $2 = 'revisited' THEN '经电话回访，群众表示满意' END
          WHERE id = $1`,
        [id, stored, review],
      );
      const list = await call(zs, '/api/v1/evaluations?mine=1&limit=50');
      assert.equal(list.status, 200, list.text);
      const body = list.json as { evaluations: (MyEvaluation & MyEvaluationSummary)[]; nextCursor: string | null };
      const mine = body.evaluations.find((e) => e.id === id);
      assert.ok(mine, 'my 差评 is listed');
      assert.equal(mine.rectification?.status, status, `stored ${stored}/${review}`);
      assert.equal(mine.rectification?.statusLabel, label);
      assert.equal(mine.rectificationLabel, label);
      if (status === 'rectified' || status === 'revisited') {
        assert.equal(mine.rectification?.text, '已统一材料清单口径');
        assert.equal(mine.rectification?.rectifiedAt, '2026-11-20T02:00:00.000Z');
      }
      if (status === 'revisited') assert.equal(mine.rectification?.revisitResult, '经电话回访，群众表示满意');
      assert.ok(
        body.evaluations.every((e) => e.projectNo.startsWith('ZS-')),
        'only mine',
      );
      assert.ok(
        body.evaluations
          .filter((e) => e.level >= 3)
          .every((e) => e.rectification === null && e.rectificationLabel === null),
      );
    }
  });

  test('my ratings page by cursor, newest first; without mine=1 the path answers 404', async () => {
    const seen: string[] = [];
    let path: string | null = '/api/v1/evaluations?mine=1&limit=3';
    while (path) {
      const page = await call(zs, path);
      assert.equal(page.status, 200, page.text);
      const body = page.json as { evaluations: MyEvaluation[]; nextCursor: string | null };
      seen.push(...body.evaluations.map((e) => e.evaluatedAt + e.id));
      path = body.nextCursor ? `/api/v1/evaluations?mine=1&limit=3&cursor=${body.nextCursor}` : null;
    }
    assert.equal(seen.length, await count("evaluations WHERE project_no LIKE 'ZS-%'"));
    assert.deepEqual(seen, [...seen].sort().reverse());
    assert.equal((await call(zs, '/api/v1/evaluations?mine=1&cursor=zzz')).status, 400);
    assert.equal((await call(zs, '/api/v1/evaluations')).status, 404);
  });

  test('a user who submits too often gets 429 with Retry-After', async () => {
    const statuses: number[] = [];
    for (let n = 0; n <= SUBMIT_MAX; n += 1) {
      statuses.push((await submit(unverified, { projectNo: 'ZS-EV-GOOD', level: 5 })).status);
    }
    assert.deepEqual(statuses, [...Array<number>(SUBMIT_MAX).fill(404), 429]);
    const limited = await submit(unverified, { projectNo: 'ZS-EV-GOOD', level: 5 });
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.match((limited.json as ErrorBody).error.message, /频繁/);
  });

  test('public statistics over HTTP count the ratings given here; the CSV needs the operator token', async () => {
    const stats = await call(anonymous, '/api/v1/evaluation-stats?group=dept');
    assert.equal(stats.status, 200, stats.text);
    const total = await count('evaluations');
    assert.equal((stats.json as { total: number }).total, total);
    assert.equal((await call(anonymous, '/api/v1/evaluation-stats.csv')).status, 401);
  });

  test('evaluableCases() tells a case list which cases the caller may rate now (the tracker’s canEvaluate)', async () => {
    const keys = [applicantKeyHash(zhangsan.idNumber, PII_HASH_KEY)];
    const all = CASES.map(([no]) => no);
    const open = await evaluableCases(stack.store, all, keys, stack.config.evaluations);
    // ZS-EV-BAD, -RACE (rated twice or 首次+追评), -OLD (window closed), -LABELS (rated once, within the
    // window: 追评 open), -PC (rated twice); the unfinished and other people's cases never.
    for (const no of all) {
      const form = (await call(zs, `/api/v1/evaluations/form?case=${no}`)).json as EvaluationForm;
      assert.equal(open.has(no), form.refusal === null, no);
    }
    assert.ok(open.size > 0 && open.size < all.length);
  });

  test('no response and no log line carries a raw ID number or mobile', () => {
    assert.deepEqual(rawPiiIn(bodies.join('\n'), KNOWN_PII), []);
    const logs = stack.logText();
    assert.ok(logs.length > 0, 'the BFF logged at debug level');
    assert.deepEqual(rawPiiIn(logs, KNOWN_PII), []);
  });
});
