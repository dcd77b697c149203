/**
 * POST /api/v1/assistant through the real app (createApp: CSRF, errors, mounting) over a library
 * filled from the generator and indexed by reindexItems, on PGlite and on PostgreSQL: answers carry
 * sources that exist, nonsense comes back `unknown` with the fallbacks, Chinese validation errors, the
 * departmental and regional pre-filters, the index following library changes, and the per-address
 * rate limit over a real socket.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AssistantAnswer } from '../../../../bff/api/contracts/consultations.js';
import { createApp } from '../../../../bff/app.js';
import { loadConfig } from '../../../../bff/config.js';
import { createEventHub } from '../../../../bff/events/hub.js';
import { createLogger } from '../../../../bff/observability/logger.js';
import { reindexItems } from '../../../../bff/search/reindex.js';
import { startServer, type RunningServer } from '../../../../bff/server.js';
import { migrate } from '../../../../bff/store/migrate.js';
import type { Store } from '../../../../bff/store/store.js';
import { loadLibraryFixture } from '../../../support/library-fixtures.js';
import { CSRF, makeTestApp } from '../../http/test-app.js';
import { storeTargets, type TestDatabase } from '../../store/store-targets.js';

const HARBIN = '230100000000';

for (const target of storeTargets()) {
  describe(`assistant API on ${target.name}`, { skip: target.skip }, () => {
    let db: TestDatabase | undefined;
    let store: Store;
    let app: ReturnType<typeof makeTestApp>['app'];
    const servers: RunningServer[] = [];

    const post = (body: unknown, headers: Record<string, string> = CSRF, on = app) =>
      on.request('/api/v1/assistant', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    async function ask(body: Record<string, unknown>, on = app): Promise<AssistantAnswer> {
      const response = await post(body, CSRF, on);
      assert.equal(response.status, 200, await response.clone().text());
      assert.equal(response.headers.get('cache-control'), 'no-store');
      return (await response.json()) as AssistantAnswer;
    }
    async function itemOf(code: string): Promise<{ name: string; dept: string; region: string | null }> {
      const { rows } = await store.query<{ name: string; dept: string; region: string | null }>(
        'SELECT name, dept_credit_code AS dept, region_code AS region FROM items WHERE code = $1',
        [code],
      );
      assert.ok(rows[0], `source item ${code} exists`);
      return rows[0];
    }
    const deptOf = async (name: string): Promise<string> =>
      (
        await store.query<{ d: string }>(
          'SELECT dept_credit_code AS d FROM items WHERE name = $1 ORDER BY region_code, code LIMIT 1',
          [name],
        )
      ).rows[0]?.d as string;

    before(async () => {
      db = await target.setup();
      store = db.store;
      await migrate(store);
      await loadLibraryFixture(store, { entryCount: 800 });
      await reindexItems(store);
      // app.request has no socket: every call counts for one address, so the limit is lifted here
      // and tested on its own server below.
      app = makeTestApp({ store, config: { 'assistant.perAddressMax': 10_000 } }).app;
    });
    after(async () => {
      for (const server of servers) await server.close();
      await db?.teardown();
    });

    test('answers a common question from the library, with sources that exist and related items', async () => {
      const answer = await ask({ question: '身份证丢了怎么补办？' });
      assert.notEqual(answer.status, 'unknown');
      assert.equal(answer.question, '身份证丢了怎么补办？');
      assert.ok(answer.answer && answer.answer.length > 5);
      assert.doesNotMatch(answer.answer, /<[a-z/]/i, 'plain text');
      assert.ok(answer.confidence > 0 && answer.confidence <= 1);
      assert.ok(['高', '中', '低'].includes(answer.confidenceLabel));
      assert.ok(answer.sources.length >= 1 && answer.sources.length <= 3);
      for (const source of answer.sources) {
        assert.ok(['faq', 'item_faq', 'guide'].includes(source.kind));
        assert.ok(source.title && source.excerpt);
        if (source.kind === 'faq') assert.equal(source.itemCode, null);
        else assert.ok(source.itemCode);
        if (source.itemCode) assert.match((await itemOf(source.itemCode)).name, /身份证/);
      }
      assert.ok(answer.relatedItems.length >= 1);
      for (const item of answer.relatedItems) assert.equal((await itemOf(item.code)).name, item.name);
      assert.deepEqual(answer.fallback, {
        hotline: '12345',
        hotlineLabel: '12345政务服务便民热线',
        ticketSuggested: answer.status !== 'answered',
      });
    });

    test('answers from an item guide passage with the entry’s own text', async () => {
      const answer = await ask({ question: '出生医学证明补发需要多长时间' });
      assert.notEqual(answer.status, 'unknown');
      const first = answer.sources[0];
      assert.ok(first && first.itemCode && first.kind !== 'faq', JSON.stringify(answer.sources));
      assert.equal((await itemOf(first.itemCode)).name, '出生医学证明补发');
      assert.match(answer.answer ?? '', /出生医学证明补发/);
      assert.match(answer.answer ?? '', /工作日|当场/);
    });

    test('answers platform questions from the curated FAQ base', async () => {
      const answer = await ask({ question: '12345热线是干什么的' });
      assert.equal(answer.status, 'answered');
      assert.equal(answer.sources[0]?.kind, 'faq');
      assert.equal(answer.sources[0]?.itemCode, null);
      assert.match(answer.answer ?? '', /12345/);
    });

    test('says it does not know for nonsense and unrelated questions: no answer, no sources, the fallbacks', async () => {
      for (const question of ['asdfghjkl', '今天哈尔滨天气怎么样', '红烧肉怎么做好吃', '？？？', '请问怎么办']) {
        const answer = await ask({ question });
        assert.equal(answer.status, 'unknown', question);
        assert.equal(answer.answer, null, question);
        assert.deepEqual(answer.sources, [], question);
        assert.deepEqual(answer.relatedItems, [], question);
        assert.equal(answer.confidenceLabel, '低', question);
        assert.ok(answer.confidence < 0.35, question);
        assert.equal(answer.fallback.ticketSuggested, true, question);
        assert.equal(answer.fallback.hotline, '12345', question);
      }
    });

    test('refuses bad input with a plain-Chinese 400', async () => {
      const cases: Array<[unknown, RegExp]> = [
        [{ question: '   ' }, /“问题”有误：请输入您的问题/],
        [{}, /“问题”有误：请输入您的问题/],
        [{ question: '问'.repeat(201) }, /“问题”有误：问题不能超过200个字/],
        [{ question: '身份证', region: '2301' }, /“地区”有误：应为12位行政区划代码/],
        [{ question: '身份证', dept: 'abc' }, /“部门”有误：应为18位统一社会信用代码/],
        ['not json', /不是有效的 JSON/],
        [[1, 2], /不是有效的 JSON/],
      ];
      for (const [body, message] of cases) {
        const response = await post(body);
        assert.equal(response.status, 400, JSON.stringify(body));
        const error = ((await response.json()) as { error: { code: string; message: string } }).error;
        assert.match(error.message, message);
      }
      // Exactly 200 characters is allowed (after trimming).
      assert.equal((await post({ question: ` ${'问'.repeat(199)}吗 ` })).status, 200);
    });

    test('needs the CSRF header like every API call', async () => {
      const response = await post({ question: '身份证丢了' }, {});
      assert.equal(response.status, 403);
    });

    test('a departmental page answers only from that department (and platform-wide FAQs)', async () => {
      const fund = await deptOf('住房公积金提取（租赁住房）');
      const police = await deptOf('居民身份证补领');
      assert.notEqual(fund, police);

      const own = await ask({ question: '租房能提取公积金吗', dept: fund });
      assert.notEqual(own.status, 'unknown');
      for (const source of own.sources) if (source.itemCode) assert.equal((await itemOf(source.itemCode)).dept, fund);
      for (const item of own.relatedItems) assert.equal((await itemOf(item.code)).dept, fund);

      const other = await ask({ question: '租房能提取公积金吗', dept: police });
      for (const source of other.sources) {
        if (source.itemCode) assert.equal((await itemOf(source.itemCode)).dept, police);
        assert.doesNotMatch(source.title, /公积金/);
      }
      for (const item of other.relatedItems) assert.equal((await itemOf(item.code)).dept, police);

      // Platform-wide entries stay available on every departmental page.
      const platform = await ask({ question: '12345热线是干什么的', dept: police });
      assert.equal(platform.sources[0]?.kind, 'faq');
    });

    test('a regional page answers with entries of that region', async () => {
      const answer = await ask({ question: '身份证丢了怎么补办', region: HARBIN });
      assert.notEqual(answer.status, 'unknown');
      const { rows } = await store.query<{ code: string }>(
        'SELECT code FROM regions WHERE code = $1 OR parent_code = $1',
        [HARBIN],
      );
      const tree = new Set(rows.map((row) => row.code));
      const codes = [...answer.sources.map((s) => s.itemCode), ...answer.relatedItems.map((i) => i.code)];
      assert.ok(codes.some(Boolean));
      for (const code of codes) if (code) assert.ok(tree.has((await itemOf(code)).region ?? ''), code);
    });

    test('follows the library: a new item FAQ becomes answerable after the next check', async () => {
      const fresh = makeTestApp({ store, config: { 'assistant.refreshSeconds': 0 } }).app;
      const question = '补领身份证能不能在派出所自助机上刷脸办';
      const before = await ask({ question }, fresh);
      assert.doesNotMatch(before.answer ?? '', /自助机/);
      const code = (
        await store.query<{ code: string }>(
          "SELECT code FROM items WHERE name = '居民身份证补领' ORDER BY region_code, code LIMIT 1",
        )
      ).rows[0]?.code as string;
      await store.query(
        `INSERT INTO item_faqs (item_code, question, answer, sort_order, source)
         VALUES ($1, '补领身份证可以在派出所自助机上刷脸办理吗？', '可以。持户口簿到设有自助机的派出所，刷脸核验后在自助机上申请补领并缴费。', 9, 'test')`,
        [code],
      );
      await reindexItems(store);
      let after: AssistantAnswer | undefined;
      // The old index answers while the new one is built: ask until the rebuild has landed.
      for (let attempt = 0; attempt < 20; attempt += 1) {
        after = await ask({ question }, fresh);
        if (/自助机/.test(after.answer ?? '')) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.match(after?.answer ?? '', /自助机/);
      assert.equal(after?.sources[0]?.kind, 'item_faq');
      assert.equal(after?.sources[0]?.itemCode, code);
    });

    test('per client address: the next question is a 429 with Retry-After; other visitors are not affected', async () => {
      const limitedApp = createApp({
        config: loadConfig({}, { 'assistant.perAddressMax': 3, 'caseLookup.trustedProxies': '127.0.0.1' }),
        store,
        logger: createLogger({ logLevel: 'silent' }),
        hub: createEventHub({ bufferSize: 10, firstId: 1 }),
        widgetsDir: '/nonexistent',
        demoDir: '/nonexistent',
      });
      const server = await startServer(limitedApp, { host: '127.0.0.1', port: 0 });
      servers.push(server);
      const send = (forwardedFor: string) =>
        fetch(`${server.url}/api/v1/assistant`, {
          method: 'POST',
          headers: { ...CSRF, 'content-type': 'application/json', 'X-Forwarded-For': forwardedFor },
          body: JSON.stringify({ question: '社保卡怎么办' }),
        });
      for (let i = 0; i < 3; i += 1) assert.equal((await send('203.0.113.7')).status, 200);
      const limited = await send('203.0.113.7');
      assert.equal(limited.status, 429);
      const retryAfter = Number(limited.headers.get('retry-after'));
      assert.ok(retryAfter > 0 && retryAfter <= 60, String(retryAfter));
      const body = (await limited.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'too_many_requests');
      assert.match(body.error.message, /^提问太频繁，请\d+秒后再试；急需帮助可拨打12345政务服务便民热线。$/);
      assert.equal((await send('198.51.100.9')).status, 200);
    });
  });
}
