/**
 * The navigation API through the real app (createApp: CSRF, errors, mounting) over a library filled
 * from the generator and indexed by reindexItems, on PGlite and on PostgreSQL. Counts are checked
 * against hand-written SQL over `items`, not against the API's own filter builder.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  FacetsResponse,
  FacetValue,
  ItemGuide,
  ItemListResponse,
  SearchResponse,
  SuggestResponse,
} from '../../../../bff/api/contracts/items.js';
import { reindexItems } from '../../../../bff/search/reindex.js';
import { migrate } from '../../../../bff/store/migrate.js';
import type { Store } from '../../../../bff/store/store.js';
import { loadLibraryFixture } from '../../../support/library-fixtures.js';
import { CSRF, makeTestApp } from '../../http/test-app.js';
import { storeTargets, type TestDatabase } from '../../store/store-targets.js';

const HARBIN = '230100000000';

for (const target of storeTargets()) {
  describe(`navigation API on ${target.name}`, { skip: target.skip }, () => {
    let db: TestDatabase | undefined;
    let store: Store;
    let app: ReturnType<typeof makeTestApp>['app'];

    const get = (path: string, headers: Record<string, string> = {}) =>
      app.request(path, { headers: { ...CSRF, ...headers } });
    async function json<T>(path: string): Promise<T> {
      const response = await get(path);
      assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
      return (await response.json()) as T;
    }
    const count = async (where: string, params: unknown[] = []): Promise<number> =>
      Number(
        (await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM items i WHERE ${where}`, params)).rows[0]?.n,
      );
    const harbinTree = `i.region_code IN (SELECT code FROM regions WHERE code = '${HARBIN}' OR parent_code = '${HARBIN}')`;

    before(async () => {
      db = await target.setup();
      store = db.store;
      await migrate(store);
      await loadLibraryFixture(store, { entryCount: 800 });
      // The triggers queued every written item; draining the queue indexes them all.
      await reindexItems(store);
      app = makeTestApp({ store }).app;
    });
    after(async () => {
      await db?.teardown();
    });

    test('indexes every written item through the queue, and empties it', async () => {
      const { rows } = await store.query<{ items: number; indexed: number; queued: number; names: number }>(
        `SELECT (SELECT count(*)::int FROM items) AS items, (SELECT count(*)::int FROM item_search) AS indexed,
                (SELECT count(*)::int FROM search_queue) AS queued, (SELECT count(*)::int FROM search_names) AS names`,
      );
      assert.deepEqual(rows[0], { items: 800, indexed: 800, queued: 0, names: 371 });
    });

    test('totals equal direct SQL counts for every filter', async () => {
      const dept = (await store.query<{ d: string }>('SELECT dept_credit_code AS d FROM items ORDER BY code LIMIT 1'))
        .rows[0]?.d as string;
      const cases: Array<[string, string, unknown[]]> = [
        ['', 'true', []],
        [`region=${HARBIN}`, harbinTree, []],
        ['region=230100', harbinTree, []],
        [`dept=${dept}`, 'i.dept_credit_code = $1', [dept]],
        ['type=licensing', "i.task_type = 'licensing'", []],
        ['object=enterprise', "'enterprise' = ANY(i.service_objects)", []],
        ['audience=natural', "'natural' = ANY(i.service_objects)", []],
        [
          'audience=natural&theme=005',
          "'natural' = ANY(i.service_objects) AND EXISTS (SELECT 1 FROM item_themes t WHERE t.item_code = i.code AND t.audience = 'natural' AND t.theme_code = '005')",
          [],
        ],
        [
          'theme=legal:005',
          "EXISTS (SELECT 1 FROM item_themes t WHERE t.item_code = i.code AND t.audience = 'legal' AND t.theme_code = '005')",
          [],
        ],
        ['online=1', 'i.online_handling', []],
        ['visits=0', 'i.limit_scene_num = 0', []],
        ['visits=1', 'i.limit_scene_num <= 1', []],
        ['projectType=immediate', "i.project_type = 'immediate'", []],
        [
          `region=${HARBIN}&type=public_service&online=1`,
          `${harbinTree} AND i.task_type = 'public_service' AND i.online_handling`,
          [],
        ],
      ];
      for (const [query, where, params] of cases) {
        const page = await json<ItemListResponse>(`/api/v1/items?${query}&limit=5`);
        const expected = await count(where, params);
        assert.ok(expected > 0, `fixture has items for ${query || 'no filter'}`);
        assert.equal(page.total, expected, query || 'no filter');
      }
    });

    test('facets count each facet under all the other filters', async () => {
      const { facets } = await json<FacetsResponse>(`/api/v1/facets?region=${HARBIN}&type=licensing`);
      const direct = async (sql: string): Promise<Map<string, number>> =>
        new Map((await store.query<{ v: string; n: number }>(sql)).rows.map((row) => [row.v, Number(row.n)]));
      const asMap = (values: FacetValue[]) => new Map(values.map((v) => [v.value, v.count]));

      // type ignores its own filter: every type within 哈尔滨.
      assert.deepEqual(
        asMap(facets.type),
        await direct(`SELECT task_type AS v, count(*) AS n FROM items i WHERE ${harbinTree} GROUP BY 1`),
      );
      assert.equal(facets.type.find((v) => v.value === 'licensing')?.label, '行政许可');
      // region lists 哈尔滨's children under type=licensing (its own filter dropped).
      assert.deepEqual(
        asMap(facets.region),
        await direct(
          `SELECT region_code AS v, count(*) AS n FROM items i WHERE i.task_type = 'licensing' AND i.region_code IN (SELECT code FROM regions WHERE parent_code = '${HARBIN}') GROUP BY 1`,
        ),
      );
      assert.deepEqual(
        asMap(facets.projectType),
        await direct(
          `SELECT project_type AS v, count(*) AS n FROM items i WHERE ${harbinTree} AND i.task_type = 'licensing' AND i.project_type IN ('immediate', 'promised') GROUP BY 1`,
        ),
      );
      const visits = asMap(facets.visits);
      assert.equal(
        visits.get('0'),
        await count(`${harbinTree} AND i.task_type = 'licensing' AND i.limit_scene_num = 0`),
      );
      assert.equal(
        visits.get('1'),
        await count(`${harbinTree} AND i.task_type = 'licensing' AND i.limit_scene_num <= 1`),
      );
      assert.equal(
        facets.online[0]?.count,
        await count(`${harbinTree} AND i.task_type = 'licensing' AND i.online_handling`),
      );
      assert.equal(facets.online[0]?.label, '可网上办理');
      const deptTotal = facets.dept.reduce((sum, v) => sum + v.count, 0);
      assert.equal(deptTotal, await count(`${harbinTree} AND i.task_type = 'licensing'`));
      // Without an audience, themes of both lists, qualified, with plain labels.
      assert.ok(facets.theme.length > 0);
      for (const value of facets.theme) {
        const [audience, code] = value.value.split(':');
        const { rows } = await store.query<{ name: string }>(
          'SELECT name FROM themes WHERE audience = $1 AND code = $2',
          [audience, code],
        );
        assert.equal(value.label, `${rows[0]?.name}（${audience === 'natural' ? '个人' : '法人'}）`);
      }
      const objects = asMap(facets.object);
      assert.equal(
        objects.get('enterprise'),
        await count(`${harbinTree} AND i.task_type = 'licensing' AND 'enterprise' = ANY(i.service_objects)`),
      );
    });

    test('with a query, lists, totals and facets cover the matching items only', async () => {
      const matching = `i.name LIKE '%公积金%'`;
      const page = await json<ItemListResponse>(`/api/v1/items?q=${encodeURIComponent('公积金')}&limit=5`);
      assert.equal(page.total, await count(matching));
      assert.match(page.items[0]?.name ?? '', /公积金/);
      const { facets } = await json<FacetsResponse>(
        `/api/v1/facets?q=${encodeURIComponent('公积金')}&projectType=promised`,
      );
      const { rows } = await store.query<{ v: string; n: number }>(
        `SELECT region_code AS v, count(*)::int AS n FROM items i WHERE ${matching} AND i.project_type = 'promised'
          AND region_code IN (SELECT code FROM regions WHERE parent_code = '230000000000') GROUP BY 1`,
      );
      assert.deepEqual(new Map(facets.region.map((v) => [v.value, v.count])), new Map(rows.map((r) => [r.v, r.n])));
      assert.equal(
        facets.projectType.find((v) => v.value === 'promised')?.count,
        await count(`${matching} AND i.project_type = 'promised'`),
      );
      assert.equal(
        facets.projectType.reduce((sum, v) => sum + v.count, 0),
        await count(`${matching} AND i.project_type IN ('immediate', 'promised')`),
      );
    });

    test('the region facet lists the top level when no region is chosen', async () => {
      const { facets } = await json<FacetsResponse>('/api/v1/facets');
      assert.ok(facets.region.some((v) => v.value === HARBIN && v.label === '哈尔滨市'));
      assert.equal(facets.region.find((v) => v.value === HARBIN)?.count, await count(harbinTree));
    });

    test('keyset pagination visits every item exactly once, in order, and stays stable when items change', async () => {
      for (const sort of ['name', 'updated'] as const) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: ItemListResponse = await json<ItemListResponse>(
            `/api/v1/items?region=${HARBIN}&sort=${sort}&limit=37${cursor ? `&cursor=${cursor}` : ''}`,
          );
          seen.push(...page.items.map((item) => item.code));
          cursor = page.nextCursor;
        } while (cursor);
        const order = sort === 'name' ? 's.sort_key, s.item_code' : 'i.updated_at DESC, i.code DESC';
        const { rows } = await store.query<{ code: string }>(
          `SELECT i.code FROM items i JOIN item_search s ON s.item_code = i.code WHERE ${harbinTree} ORDER BY ${order}`,
        );
        assert.deepEqual(
          seen,
          rows.map((row) => row.code),
          sort,
        );
      }
      // An item seen on page 1 is touched (moves to the top of `updated`): page 2 neither repeats it nor skips.
      const first = await json<ItemListResponse>(`/api/v1/items?sort=updated&limit=10`);
      const touched = first.items[3]?.code as string;
      await store.query('UPDATE items SET updated_at = now() WHERE code = $1', [touched]);
      await reindexItems(store);
      const second = await json<ItemListResponse>(`/api/v1/items?sort=updated&limit=10&cursor=${first.nextCursor}`);
      const { rows } = await store.query<{ code: string }>(
        'SELECT code FROM items ORDER BY updated_at DESC, code DESC LIMIT 11 OFFSET 10',
      );
      assert.deepEqual(
        second.items.map((i) => i.code),
        rows
          .map((r) => r.code)
          .filter((code) => code !== touched)
          .slice(0, 10),
      );
      assert.ok(!second.items.some((item) => first.items.some((seen) => seen.code === item.code)));
    });

    test('a guide carries everything the library holds, in plain Chinese', async () => {
      const code = (
        await store.query<{ code: string }>(
          "SELECT code FROM items WHERE name = '居民身份证申领' ORDER BY code LIMIT 1",
        )
      ).rows[0]?.code;
      const guide = await json<ItemGuide & { resultName: string }>(`/api/v1/items/${code}`);
      assert.equal(guide.name, '居民身份证申领');
      assert.equal(guide.taskTypeLabel, '公共服务');
      assert.equal(guide.promisedLimit.label, '20个工作日');
      assert.equal(guide.statutoryLimit.label, '60个工作日');
      assert.ok(guide.materials.some((m) => m.name === '居民户口簿' && m.necessityLabel === '必要'));
      assert.ok(guide.materials.some((m) => m.blankFormUrl?.startsWith('https://')));
      assert.deepEqual(
        guide.fees.map((f) => f.standard),
        ['工本费20元'],
      );
      assert.equal(guide.free, false);
      assert.ok(guide.faqs.length >= 3);
      assert.deepEqual(guide.steps.map((s) => s.name).slice(0, 3), ['申请', '受理', '审查']);
      assert.equal(guide.onlineSso, true);
      assert.match(guide.consultPhone ?? '', /^0\d{2,3}-\d{7,8}$/);
      assert.deepEqual(guide.themes, [{ audience: 'natural', code: '090', label: '证件办理' }]);
      assert.deepEqual(guide.serviceObjects, ['自然人']);
      assert.equal(guide.resultName, '居民身份证');
      assert.match(guide.regionName ?? '', /^哈尔滨市.+区$/);
    });

    test('an unknown item is a 404 with a Chinese message', async () => {
      const response = await get('/api/v1/items/NOSUCHITEM0001');
      assert.equal(response.status, 404);
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'item_not_found');
      assert.match(body.error.message, /没有找到这个事项/);
    });

    test('bad parameters are a 400 naming the parameter in Chinese', async () => {
      const cases: Array<[string, RegExp]> = [
        ['/api/v1/items?region=23', /地区.*region.*行政区划代码/],
        ['/api/v1/items?type=dance', /事项类型/],
        ['/api/v1/items?limit=1000', /每页条数.*不能超过100/],
        ['/api/v1/items?visits=3', /跑动次数/],
        ['/api/v1/items?cursor=bm90LWEtY3Vyc29y', /翻页位置无效/],
        ['/api/v1/facets?audience=alien', /办事对象/],
        ['/api/v1/search?q=', /请输入要查找的内容/],
        ['/api/v1/search', /查询内容/],
      ];
      for (const [path, message] of cases) {
        const response = await get(path);
        assert.equal(response.status, 400, path);
        const body = (await response.json()) as { error: { code: string; message: string } };
        assert.equal(body.error.code, 'bad_request', path);
        assert.match(body.error.message, message, path);
      }
    });

    test('refuses a call without the CSRF header', async () => {
      assert.equal((await app.request('/api/v1/items')).status, 403);
    });

    test('public answers are cacheable, with an ETag that revalidates to 304', async () => {
      const response = await get('/api/v1/items?limit=3');
      assert.match(response.headers.get('Cache-Control') ?? '', /^public, max-age=\d+$/);
      const etag = response.headers.get('ETag') as string;
      assert.ok(etag);
      const again = await get('/api/v1/items?limit=3', { 'If-None-Match': etag });
      assert.equal(again.status, 304);
    });

    test('search finds what people mean, highlights matches and says how it understood them', async () => {
      const result = await json<SearchResponse>(`/api/v1/search?q=${encodeURIComponent('哈尔滨 公积金怎么取')}`);
      assert.equal(result.understood.region?.code, HARBIN);
      assert.ok(result.understood.expandedTo.includes('住房公积金提取'));
      assert.match(result.results[0]?.name ?? '', /^住房公积金提取/);
      assert.ok(result.results.every((hit) => hit.regionName === '哈尔滨市'));
      assert.ok(result.results[0]?.nameParts.some((part) => part.match && part.text.includes('住房公积金提取')));
      assert.equal(result.myCases, null, 'anonymous callers get no case group');

      const colloquial = await json<SearchResponse>(`/api/v1/search?q=${encodeURIComponent('开饭店要什么证')}`);
      assert.equal(colloquial.results[0]?.name, '食品经营许可');
      const company = await json<SearchResponse>(`/api/v1/search?q=${encodeURIComponent('招工备案')}`);
      assert.deepEqual(
        new Set(company.results.slice(0, 2).map((hit) => hit.name)),
        new Set(['用工备案', '招用人员就业登记']),
      );
      const faq = await json<SearchResponse>(`/api/v1/search?q=${encodeURIComponent('身份证 收费吗')}`);
      assert.ok(faq.results.some((hit) => hit.kind === 'faq' && hit.snippet.some((p) => p.match && p.text === '收费')));
    });

    test('a department site sees only its own items', async () => {
      const dept = (
        await store.query<{ d: string }>(
          "SELECT dept_credit_code AS d FROM items WHERE name = '居民身份证申领' ORDER BY code LIMIT 1",
        )
      ).rows[0]?.d as string;
      const result = await json<SearchResponse>(`/api/v1/search?q=${encodeURIComponent('身份证')}&dept=${dept}`);
      const codes = result.results.map((hit) => hit.code);
      const { rows } = await store.query<{ code: string }>(
        'SELECT code FROM items WHERE code = ANY($1) AND dept_credit_code <> $2',
        [codes, dept],
      );
      assert.ok(codes.length > 0);
      assert.deepEqual(rows, []);
    });

    test('suggests names by prefix, colloquial phrases and pinyin initials', async () => {
      const prefix = await json<SuggestResponse>(`/api/v1/suggest?q=${encodeURIComponent('住房公积金提')}`);
      assert.ok(
        prefix.suggestions.length > 0 && prefix.suggestions.every((s) => s.text.startsWith('住房公积金提') && s.code),
      );
      const phrase = await json<SuggestResponse>(`/api/v1/suggest?q=${encodeURIComponent('开饭')}`);
      assert.ok(phrase.suggestions.some((s) => s.text === '开饭店' && s.code === null));
      const pinyin = await json<SuggestResponse>('/api/v1/suggest?q=gjj');
      assert.match(pinyin.suggestions[0]?.text ?? '', /公积金/);
      assert.ok(pinyin.suggestions[0]?.parts.some((p) => p.match && p.text === '公积金'));
      assert.deepEqual((await json<SuggestResponse>('/api/v1/suggest?q=')).suggestions, []);
    });

    test('keeps the index right when an item is renamed or removed', async () => {
      const code = (
        await store.query<{ code: string }>("SELECT code FROM items WHERE name = '取水许可' ORDER BY code LIMIT 1")
      ).rows[0]?.code as string;
      // Answers kept in memory (answer-cache.ts) must follow the reindex, not outlive it.
      assert.equal((await json<ItemGuide>(`/api/v1/items/${code}`)).name, '取水许可');
      await store.query("UPDATE items SET name = '取用地下水许可' WHERE code = $1", [code]);
      assert.equal(
        (await store.query('SELECT 1 FROM search_queue WHERE item_code = $1', [code])).rows.length,
        1,
        'the trigger queued it',
      );
      await reindexItems(store, [code]);
      const renamed = await json<SearchResponse>(`/api/v1/search?q=${encodeURIComponent('地下水')}`);
      assert.ok(renamed.results.some((hit) => hit.code === code));
      assert.equal((await json<ItemGuide>(`/api/v1/items/${code}`)).name, '取用地下水许可');
      await store.query('DELETE FROM items WHERE code = $1', [code]);
      await reindexItems(store);
      assert.equal((await get(`/api/v1/items/${code}`)).status, 404);
      const gone = await json<SearchResponse>(`/api/v1/search?q=${encodeURIComponent('取用地下水许可')}`);
      assert.ok(!gone.results.some((hit) => hit.code === code));
      assert.equal((await store.query("SELECT 1 FROM search_names WHERE name = '取用地下水许可'")).rows.length, 0);
    });

    test('answers carry no raw ID numbers or mobile numbers', async () => {
      const code = (await store.query<{ code: string }>('SELECT code FROM items ORDER BY code LIMIT 1')).rows[0]?.code;
      const bodies = await Promise.all(
        [
          '/api/v1/items?limit=50',
          `/api/v1/items/${code}`,
          `/api/v1/search?q=${encodeURIComponent('身份证')}`,
          '/api/v1/facets',
        ].map(async (path) => (await get(path)).text()),
      );
      for (const body of bodies) {
        assert.doesNotMatch(body, /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/);
        assert.doesNotMatch(body, /(?<!\d)1[3-9]\d{9}(?!\d)/);
      }
    });
  });
}
