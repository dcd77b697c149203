/**
 * 猜你想办 through the real BFF (createApp, real sessions from the development platform), on PGlite
 * and on PostgreSQL (DATABASE_URL; always in CI): anonymous callers get popular items only and leave
 * nothing behind; a signed-in user without consent gets life events and sequences from their own
 * cases; consent, activity (masked, capped, only with consent), listing, deletion, opt-out,
 * retention; rare pairs never reach the sequence table; Chinese validation errors; the rate limit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  ActivityListResponse,
  RecommendationConsent,
  RecommendationResponse,
} from '../../../../bff/api/contracts/push.js';
import { DEMO_APPLICANTS, type DemoPerson } from '../../../../bff/dev/generator/demo-applicants.js';
import { applicantKeyHash } from '../../../../bff/privacy/pii.js';
import { refreshRecommendations } from '../../../../bff/recommend/refresh.js';
import { loadLibraryFixture } from '../../../support/library-fixtures.js';
import type { AuthTestBrowser } from '../../auth/support/browser.js';
import { logIn } from '../../auth/support/flows.js';
import { PII_HASH_KEY, pglite, postgres, startRecommendStack, type RecommendStack } from './support/stack.js';

const zhangsan = DEMO_APPLICANTS.find((a) => a.key === 'zhangsan') as DemoPerson;
const lisi = DEMO_APPLICANTS.find((a) => a.key === 'lisi') as DemoPerson;
const ZS = 'demo-natural-0001';
const LS = 'demo-natural-0002';
/** 哈尔滨市道里区 and its ancestors. */
const DAOLI_CHAIN = ['230102000000', '230100000000', '230000000000'];

for (const library of [pglite, postgres()]) {
  describe(`recommendations API on ${library.name}`, { skip: library.skip }, () => {
    let stack: RecommendStack;
    let zs: AuthTestBrowser;
    let ls: AuthTestBrowser;
    let bc: AuthTestBrowser;
    let issuer: string;
    let caseNo = 0;

    const itemNamed = async (name: string) => {
      const { rows } = await stack.store.query<{
        code: string;
        catalog_code: string;
        dept_credit_code: string;
        dept_name: string;
        region_code: string;
      }>(
        'SELECT code, catalog_code, dept_credit_code, dept_name, region_code FROM items WHERE name = $1 ORDER BY code LIMIT 1',
        [name],
      );
      assert.ok(rows[0], `no item ${name}`);
      return rows[0];
    };
    const addCase = async (idNumber: string, itemName: string, daysAgo: number) => {
      const item = await itemNamed(itemName);
      caseNo += 1;
      await stack.store.query(
        `INSERT INTO case_acceptances (project_no, item_code, catalog_code, item_name, applicant_name_masked,
                                       applicant_type, applicant_key_hash, dept_credit_code, dept_name, region_code,
                                       applied_at, accepted_at, source, source_row_guid)
         VALUES ($1, $2, $3, $4, '张*', 'natural', $5, $6, $7, $8,
                 now() - make_interval(days => $9), now() - make_interval(days => $9), 'test', $1)`,
        [
          `REC${String(caseNo).padStart(6, '0')}`,
          item.code,
          item.catalog_code,
          itemName,
          applicantKeyHash(idNumber, PII_HASH_KEY),
          item.dept_credit_code,
          item.dept_name,
          item.region_code,
          daysAgo,
        ],
      );
    };
    const activityRows = async (subject?: string) => {
      const { rows } = await stack.store.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM recommendation_activity WHERE $1::text IS NULL OR subject = $1`,
        [subject ?? null],
      );
      return rows[0]?.n ?? -1;
    };
    const anonymous = (path: string, init: RequestInit = {}) =>
      fetch(new URL(path, stack.bff.url), { ...init, headers: { 'X-CSRF': '1', ...(init.headers ?? {}) } });
    const recommendationsOf = async (browser: AuthTestBrowser, query = '') => {
      const response = await stack.call(browser, `/api/v1/recommendations${query}`);
      assert.equal(response.status, 200, response.text);
      return response.json as RecommendationResponse;
    };
    const post = (browser: AuthTestBrowser, body: unknown) =>
      stack.call(browser, '/api/v1/recommendations/activity', { method: 'POST', body: JSON.stringify(body) });
    // Both verbs are served: the widget POSTs (its runtime client has no PUT), REST clients may PUT.
    const setConsent = (browser: AuthTestBrowser, consent: unknown) =>
      stack.call(browser, '/api/v1/recommendations/consent', {
        method: consent === false ? 'PUT' : 'POST',
        body: JSON.stringify({ consent }),
      });

    before(async () => {
      stack = await startRecommendStack(library, { 'recommendations.activityPerMinute': 12 });
      issuer = stack.platform.issuer;
      await loadLibraryFixture(stack.store, { entryCount: 600 });
      // Eight people renewed their ID card; six then applied for a passport, two for a Taiwan permit.
      for (let i = 0; i < 8; i += 1) {
        await addCase(`seq-person-${i}`, '居民身份证换领', 40);
        await addCase(`seq-person-${i}`, i < 6 ? '普通护照签发' : '往来台湾通行证签发', 20);
      }
      for (let i = 0; i < 5; i += 1) await addCase(`pop-person-${i}`, '社会保障卡申领', 10);
      await addCase(zhangsan.idNumber, '出生医学证明首次签发', 10);
      await addCase(lisi.idNumber, '居民身份证换领', 5);
      await refreshRecommendations(stack.store, stack.config.recommendations);
      zs = stack.newBrowser();
      ls = stack.newBrowser();
      bc = stack.newBrowser();
      await logIn(stack, zs, 'zhangsan');
      await logIn(stack, ls, 'lisi');
      await logIn(stack, bc, 'bingcheng');
    });
    after(async () => {
      await stack?.close();
    });

    test('sequences keep only pairs with the minimum support, counted in distinct applicants', async () => {
      const id = await itemNamed('居民身份证换领');
      const passport = await itemNamed('普通护照签发');
      const { rows } = await stack.store.query<{ to_key: string; support: number; from_support: number }>(
        'SELECT to_key, support, from_support FROM recommendation_sequences WHERE from_key = $1',
        [id.catalog_code],
      );
      // 往来台湾通行证 (2 people) is below minSupport 5: not stored at all.
      assert.deepEqual(rows, [{ to_key: passport.catalog_code, support: 6, from_support: 9 }]);
      const { rows: popular } = await stack.store.query<{ item_code: string; applicants: number }>(
        'SELECT item_code, applicants FROM recommendation_popularity ORDER BY applicants DESC, item_code',
      );
      // 往来台湾通行证 (2) and 出生医学证明 (1) are below minPopularApplicants 3.
      assert.deepEqual(
        popular.map((row) => row.applicants),
        [9, 6, 5],
      );
    });

    test('anonymous: popular items of the region and its ancestors only; no cookie, nothing stored', async () => {
      const before = await activityRows();
      const response = await anonymous('/api/v1/recommendations?region=230102&limit=5');
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('set-cookie'), null);
      assert.match(response.headers.get('cache-control') ?? '', /^public/);
      const body = (await response.json()) as RecommendationResponse;
      assert.equal(body.mode, 'anonymous');
      assert.equal(body.consent, null);
      for (const recommendation of body.recommendations) {
        assert.equal(recommendation.reason, 'popular');
        const { rows } = await stack.store.query<{ region_code: string }>(
          'SELECT region_code FROM items WHERE code = $1',
          [recommendation.itemCode],
        );
        assert.ok(DAOLI_CHAIN.includes(rows[0]?.region_code ?? ''), `${recommendation.itemName} is not in 道里区`);
      }
      const everywhere = (await (await anonymous('/api/v1/recommendations')).json()) as RecommendationResponse;
      assert.deepEqual(
        everywhere.recommendations.map((r) => r.itemName),
        ['居民身份证换领', '普通护照签发', '社会保障卡申领'],
      );
      assert.ok(everywhere.recommendations.every((r) => r.reason === 'popular' && r.reasonLabel === '近期办理较多'));
      const byDept = (await (
        await anonymous(`/api/v1/recommendations?dept=${(await itemNamed('社会保障卡申领')).dept_credit_code}`)
      ).json()) as RecommendationResponse;
      assert.deepEqual(
        byDept.recommendations.map((r) => [r.itemName, r.reasonLabel]),
        [['社会保障卡申领', '本部门近期办理较多']],
      );
      // Anonymous callers cannot post activity or read consent at all.
      const posted = await anonymous('/api/v1/recommendations/activity', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'search', query: '公积金' }),
      });
      assert.equal(posted.status, 401);
      assert.equal((await anonymous('/api/v1/recommendations/consent')).status, 401);
      assert.equal(await activityRows(), before);
    });

    test('signed in without consent: life events from my own cases, nothing I already did; activity ignored', async () => {
      const body = await recommendationsOf(zs);
      assert.equal(body.mode, 'basic');
      assert.equal(body.consent, false);
      const first = body.recommendations[0];
      assert.equal(first?.reason, 'life_event');
      assert.equal(first?.itemName, '出生登记');
      assert.equal(first?.reasonLabel, '您办理了出生医学证明首次签发，通常接着办理：出生登记');
      const names = body.recommendations.map((r) => r.itemName);
      assert.ok(names.includes('新生儿医保参保登记'), names.join());
      assert.ok(!names.includes('出生医学证明首次签发'), 'recommends what I already did');

      const view = await post(zs, { kind: 'view', itemCode: (await itemNamed('普通护照签发')).code });
      assert.equal(view.status, 204);
      const search = await post(zs, { kind: 'search', query: '公积金提取' });
      assert.equal(search.status, 204);
      assert.equal(await activityRows(ZS), 0);
      const listed = (await stack.call(zs, '/api/v1/recommendations/activity')).json as ActivityListResponse;
      assert.deepEqual(listed, { activity: [], retentionDays: 90 });
    });

    test('sequences: people who did X then Y within 90 days, never a pair below the minimum support', async () => {
      const body = await recommendationsOf(ls, '?limit=10');
      const passport = body.recommendations.find((r) => r.itemName === '普通护照签发');
      assert.equal(passport?.reason, 'sequence');
      assert.equal(passport?.reasonLabel, '办理过居民身份证换领的人，90天内常接着办理普通护照签发');
      assert.equal(body.recommendations[0]?.itemName, '普通护照签发');
      assert.ok(!body.recommendations.some((r) => r.itemName === '往来台湾通行证签发'));
      assert.ok(!body.recommendations.some((r) => r.itemName === '居民身份证换领'));
    });

    test('consent: views and searches are kept (masked, capped), listed, and personalise', async () => {
      const initial = (await stack.call(zs, '/api/v1/recommendations/consent')).json as RecommendationConsent;
      assert.deepEqual(initial, { consent: false, retentionDays: 90, updatedAt: null });
      const given = await setConsent(zs, true);
      assert.equal(given.status, 200, given.text);
      const consent = given.json as RecommendationConsent;
      assert.equal(consent.consent, true);
      assert.ok(consent.updatedAt && !Number.isNaN(Date.parse(consent.updatedAt)));
      assert.deepEqual((await stack.call(zs, '/api/v1/recommendations/consent')).json, consent);

      const rent = await itemNamed('住房公积金提取（租赁住房）');
      assert.equal((await post(zs, { kind: 'view', itemCode: rent.code })).status, 204);
      // An unknown item is not stored (only items of the library).
      assert.equal((await post(zs, { kind: 'view', itemCode: 'NOSUCHITEM0001' })).status, 204);
      const query = `  公积金提取   我的身份证230102199001011234 电话13812345678 ${'再'.repeat(60)}`;
      assert.equal((await post(zs, { kind: 'search', query })).status, 204);
      const { rows } = await stack.store.query<{ query: string | null }>(
        'SELECT query FROM recommendation_activity WHERE subject = $1 AND kind = $2',
        [ZS, 'search'],
      );
      const stored = rows[0]?.query ?? '';
      assert.ok([...stored].length <= 50, stored);
      assert.ok(stored.startsWith('公积金提取 我的身份证'), stored);
      assert.ok(!stored.includes('230102199001011234') && !stored.includes('13812345678'), stored);

      const listed = (await stack.call(zs, '/api/v1/recommendations/activity')).json as ActivityListResponse;
      assert.equal(listed.retentionDays, 90);
      assert.deepEqual(
        listed.activity.map((a) => [a.kind, a.itemCode, a.itemName, a.query]),
        [
          ['search', null, null, stored],
          ['view', rent.code, '住房公积金提取（租赁住房）', null],
        ],
      );
      const body = await recommendationsOf(zs, '?limit=12');
      assert.equal(body.mode, 'personal');
      assert.equal(body.consent, true);
      const viewed = body.recommendations.find((r) => r.itemCode === rent.code);
      assert.equal(viewed?.reason, 'history');
      assert.equal(viewed?.reasonLabel, '您最近浏览过住房公积金提取（租赁住房）');
      assert.ok(body.recommendations.some((r) => r.reason === 'history' && r.reasonLabel.startsWith('与您搜索的“')));
    });

    test('DELETE removes all of my activity from the table, and nobody else’s', async () => {
      assert.equal((await setConsent(ls, true)).status, 200);
      assert.equal((await post(ls, { kind: 'search', query: '护照' })).status, 204);
      assert.ok((await activityRows(ZS)) > 0);
      const deleted = await stack.call(zs, '/api/v1/recommendations/activity', { method: 'DELETE' });
      assert.equal(deleted.status, 204);
      assert.equal(await activityRows(ZS), 0);
      assert.equal(await activityRows(LS), 1);
      const listed = (await stack.call(zs, '/api/v1/recommendations/activity')).json as ActivityListResponse;
      assert.deepEqual(listed.activity, []);
    });

    test('opting out deletes the activity, and later posts store nothing', async () => {
      assert.equal((await post(zs, { kind: 'search', query: '新生儿' })).status, 204);
      assert.equal(await activityRows(ZS), 1);
      const out = await setConsent(zs, false);
      assert.equal((out.json as RecommendationConsent).consent, false);
      assert.equal(await activityRows(ZS), 0);
      assert.equal((await post(zs, { kind: 'search', query: '新生儿' })).status, 204);
      assert.equal(await activityRows(ZS), 0);
      assert.equal((await recommendationsOf(zs)).mode, 'basic');
    });

    test('retention: the job purges activity older than the limit and any left without consent', async () => {
      const insert = (subject: string, daysAgo: number, query: string) =>
        stack.store.query(
          `INSERT INTO recommendation_activity (issuer, subject, kind, query, at)
           VALUES ($1, $2, 'search', $3, now() - make_interval(days => $4))`,
          [issuer, subject, query, daysAgo],
        );
      await insert(LS, 100, '过期的搜索');
      await insert(LS, 89, '还在期限内');
      await insert(ZS, 1, '未同意却留下的');
      const result = await refreshRecommendations(stack.store, stack.config.recommendations);
      assert.equal(result.ran, true);
      assert.equal(result.purged, 2);
      const { rows } = await stack.store.query<{ subject: string; query: string }>(
        'SELECT subject, query FROM recommendation_activity ORDER BY at',
      );
      assert.deepEqual(
        rows.map((row) => [row.subject, row.query]),
        [
          [LS, '还在期限内'],
          [LS, '护照'],
        ],
      );
    });

    test('bad input is a 400 in plain Chinese naming the field', async () => {
      const cases: Array<[Promise<{ status: number; json: unknown }>, RegExp]> = [
        [stack.call(zs, '/api/v1/recommendations?region=abc'), /^“地区”有误：应为6位或12位行政区划代码$/],
        [stack.call(zs, '/api/v1/recommendations?limit=0'), /^“推荐条数”有误：至少为1$/],
        [stack.call(zs, '/api/v1/recommendations?dept=x'), /^“部门”有误：应为18位统一社会信用代码$/],
        [setConsent(zs, 'yes'), /^“是否同意”有误/],
        [post(zs, { kind: 'click' }), /^“记录类型”有误：只能是 view（浏览）或 search（搜索）$/],
        [post(zs, { kind: 'view', itemCode: '<script>' }), /^“事项编码”有误：事项编码格式不正确$/],
        [post(zs, { kind: 'search', query: '查'.repeat(201) }), /^“搜索内容”有误：不能超过200个字$/],
        [
          stack.call(zs, '/api/v1/recommendations/activity', { method: 'POST', body: 'not json' }),
          /^请求内容不是有效的 JSON 对象$/,
        ],
      ];
      for (const [pending, message] of cases) {
        const response = await pending;
        assert.equal(response.status, 400, JSON.stringify(response.json));
        const error = (response.json as { error: { code: string; message: string } }).error;
        assert.equal(error.code, 'bad_request');
        assert.match(error.message, message);
      }
      const anon = await anonymous('/api/v1/recommendations?limit=99');
      assert.equal(anon.status, 400);
      assert.match(((await anon.json()) as { error: { message: string } }).error.message, /不能超过20/);
    });

    test('activity posts are rate-limited per user', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 13; i += 1) statuses.push((await post(bc, { kind: 'search', query: '印章' })).status);
      assert.deepEqual(statuses, [...Array(12).fill(204), 429]);
      const limited = await post(bc, { kind: 'search', query: '印章' });
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      assert.equal((limited.json as { error: { message: string } }).error.message, '操作太频繁了，请稍后再试');
      // Another user is not affected.
      assert.equal((await post(ls, { kind: 'search', query: '印章' })).status, 204);
    });
  });
}
