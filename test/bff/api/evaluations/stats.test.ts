/**
 * The public 好差评 statistics equal a direct SQL count over the same random ratings — for the whole
 * period and under several filters (department, region with its descendants, item, a month), and
 * per group (department, region, item, month) — on PGlite and on PostgreSQL. The reference SQL is
 * written independently: it derives the level from the raw value and its scheme, the region's
 * descendants come from the fixture tree in JS, and the period bounds from the calendar in JS.
 * Also: Beijing month edges, the cache headers, and the operators' CSV (BOM, token, formula guard).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EvaluationStatsResponse } from '../../../../bff/api/contracts/evaluations.js';
import { evaluationStats } from '../../../../bff/api/evaluations/stats.js';
import { parseStatsQuery, type StatsGroup } from '../../../../bff/api/evaluations/stats-params.js';
import { evaluationStatsRoutes } from '../../../../bff/api/evaluations/stats-routes.js';
import { Hono } from 'hono';
import type { AppEnv } from '../../../../bff/http/env.js';
import { createErrorHandler } from '../../../../bff/http/errors.js';
import { createLogger } from '../../../../bff/observability/logger.js';
import { migrate } from '../../../../bff/store/migrate.js';
import type { Store } from '../../../../bff/store/store.js';
import {
  FIXTURE_DEPTS,
  FIXTURE_ITEMS,
  FIXTURE_REGIONS,
  insertEvaluations,
  randomEvaluations,
  seedRegions,
  type FixtureEvaluation,
} from '../../../support/evaluation-fixtures.js';
import { storeTargets, type TestDatabase } from '../../store/store-targets.js';

const SEED = Number(process.env.STATS_SEED ?? 20261129);
const ADMIN_TOKEN = 'stats-test-admin-token-0123456789abcdef';
const FROM_MS = Date.parse('2025-12-01T00:00:00+08:00');
const TO_MS = Date.parse('2027-01-01T00:00:00+08:00');
/** "Today" for the default period. */
const NOW_MS = Date.parse('2026-11-29T12:00:00+08:00');

/** The fixture region and every region below it, from the tree in JS (not the SQL under test). */
function regionAndDescendants(code: string): string[] {
  const found = [code];
  for (let i = 0; i < found.length; i += 1) {
    for (const region of FIXTURE_REGIONS) if (region.parent === found[i]) found.push(region.code);
  }
  return found;
}

interface Reference {
  total: number;
  byLevel: Record<number, number>;
  negative: number;
  rectified: number;
}

const LEVEL_SQL = `CASE satisfaction_scheme WHEN 'gbt39046' THEN 6 - satisfaction_raw::int ELSE satisfaction_raw::int END`;

/** Direct SQL, grouped by `groupSql` (a constant expression: '' for the whole scope). */
async function reference(
  store: Store,
  filters: { from: string; to: string; dept?: string; region?: string; item?: string },
  groupSql = "''",
): Promise<Map<string, Reference>> {
  const start = new Date(`${filters.from}T00:00:00+08:00`);
  const end = new Date(Date.parse(`${filters.to}T00:00:00+08:00`) + 86_400_000);
  const { rows } = await store.query<{ key: string | null; level: number; rectified: boolean; n: number }>(
    `SELECT ${groupSql} AS key, ${LEVEL_SQL} AS level,
            coalesce(rectification_status IN ('rectified', 'revisited'), false) AS rectified, count(*)::int AS n
       FROM evaluations
      WHERE evaluated_at >= $1 AND evaluated_at < $2
        AND ($3::text[] IS NULL OR region_code = ANY($3::text[]))
        AND ($4::text IS NULL OR dept_credit_code = $4)
        AND ($5::text IS NULL OR item_code = $5)
      GROUP BY 1, 2, 3`,
    [
      start,
      end,
      filters.region ? regionAndDescendants(filters.region) : null,
      filters.dept ?? null,
      filters.item ?? null,
    ],
  );
  const groups = new Map<string, Reference>();
  for (const row of rows) {
    const key = row.key ?? '';
    const entry = groups.get(key) ?? { total: 0, byLevel: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }, negative: 0, rectified: 0 };
    entry.total += row.n;
    entry.byLevel[row.level] = (entry.byLevel[row.level] ?? 0) + row.n;
    if (row.level <= 2) {
      entry.negative += row.n;
      if (row.rectified) entry.rectified += row.n;
    }
    groups.set(key, entry);
  }
  return groups;
}

const good = (r: Reference) => (r.byLevel[3] ?? 0) + (r.byLevel[4] ?? 0) + (r.byLevel[5] ?? 0);
const close = (actual: number | null, expected: number | null, what: string) => {
  if (expected === null) return assert.equal(actual, null, what);
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${what}: ${actual} ≠ ${expected}`);
};

const GROUP_SQL: Record<StatsGroup, string> = {
  dept: 'dept_credit_code',
  region: 'region_code',
  item: 'item_code',
  month: `to_char(evaluated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`,
};

for (const target of storeTargets()) {
  describe(`evaluation statistics on ${target.name}`, { skip: target.skip }, () => {
    let db: TestDatabase | undefined;
    let store: Store;
    let fixtures: FixtureEvaluation[];

    before(async () => {
      db = await target.setup();
      store = db.store;
      await migrate(store);
      await seedRegions(store);
      fixtures = randomEvaluations(SEED, 1500, FROM_MS, TO_MS);
      // Month edges in Beijing time: the last second of February and the first of March.
      const edge = (no: string, at: string, level: 1 | 5): FixtureEvaluation => ({
        projectNo: no,
        level,
        scheme: 'hcp-national',
        deptCode: FIXTURE_DEPTS[0].code,
        deptName: FIXTURE_DEPTS[0].name,
        regionCode: '230102000000',
        itemCode: FIXTURE_ITEMS[0].code,
        itemName: FIXTURE_ITEMS[0].name,
        assessNumber: 1,
        rectification: level === 1 ? 'revisited' : null,
        evaluatedAt: new Date(at),
      });
      fixtures.push(edge('EDGE-FEB', '2026-02-28T23:59:59+08:00', 5), edge('EDGE-MAR', '2026-03-01T00:00:00+08:00', 1));
      await insertEvaluations(store, fixtures);
    });
    after(async () => {
      await db?.teardown();
    });

    const cases: { name: string; input: Record<string, string> }[] = [
      { name: 'everything in 2026', input: { from: '2026-01-01', to: '2026-12-31' } },
      { name: 'one department', input: { from: '2026-01', to: '2026-12', dept: FIXTURE_DEPTS[1].code } },
      { name: 'a city with its districts', input: { from: '2025-12', to: '2026-12', region: '230100000000' } },
      { name: 'the province by its 6-digit code', input: { from: '2026-01', to: '2026-06', region: '230000' } },
      { name: 'a district', input: { from: '2026-01', to: '2026-12', region: '230202000000' } },
      { name: 'a city without ratings', input: { from: '2026-01', to: '2026-12', region: '230600000000' } },
      { name: 'one item in one month', input: { from: '2026-03', to: '2026-03', item: FIXTURE_ITEMS[2].code } },
      {
        name: 'department + region + days',
        input: { from: '2026-02-10', to: '2026-09-20', dept: FIXTURE_DEPTS[0].code, region: '230100000000' },
      },
    ];

    for (const { name, input } of cases) {
      test(`totals, levels and rates equal the direct count: ${name}`, async () => {
        const query = parseStatsQuery(input, NOW_MS);
        const { response } = await evaluationStats(store, query);
        const ref = (await reference(store, query)).get('') ?? {
          total: 0,
          byLevel: {},
          negative: 0,
          rectified: 0,
        };
        assert.equal(response.total, ref.total, `total (seed ${SEED})`);
        assert.deepEqual(
          response.byLevel.map((l) => [l.level, l.count]),
          [5, 4, 3, 2, 1].map((level) => [level, ref.byLevel[level] ?? 0]),
        );
        close(response.satisfactionRate, ref.total ? good(ref) / ref.total : null, 'satisfactionRate');
        close(response.rectificationRate, ref.negative ? ref.rectified / ref.negative : null, 'rectificationRate');
        assert.deepEqual(response.period, { from: query.from, to: query.to });
      });
    }

    for (const group of ['dept', 'region', 'item', 'month'] as const) {
      test(`groups by ${group} equal the direct GROUP BY`, async () => {
        const query = parseStatsQuery({ from: '2026-01', to: '2026-12', group, limit: '1000' }, NOW_MS);
        const { response } = await evaluationStats(store, query);
        const ref = await reference(store, query, GROUP_SQL[group]);
        assert.equal(response.groupCount, ref.size);
        assert.equal(response.groups.length, ref.size);
        assert.equal(
          response.groups.reduce((sum, g) => sum + g.total, 0),
          response.total,
          'groups add up to the total',
        );
        for (const entry of response.groups) {
          const expected = ref.get(entry.key);
          assert.ok(expected, `group ${entry.key} exists in the reference`);
          assert.equal(entry.total, expected.total, `total of ${entry.key}`);
          assert.equal(entry.negative, expected.negative, `negative of ${entry.key}`);
          close(entry.satisfactionRate, good(expected) / expected.total, `rate of ${entry.key}`);
          assert.ok(entry.label.length > 0);
        }
        if (group === 'month') {
          assert.deepEqual(
            response.groups.map((g) => g.key),
            [...ref.keys()].sort(),
          );
          assert.equal(response.groups[0]?.label, '2026年1月');
        }
        if (group === 'region') {
          assert.equal(response.groups.find((g) => g.key === '230103000000')?.label, '南岗区');
          assert.equal(response.groups.find((g) => g.key === '')?.label, '未注明地区');
        }
        if (group === 'dept') {
          assert.equal(response.groups.find((g) => g.key === FIXTURE_DEPTS[2].code)?.label, FIXTURE_DEPTS[2].name);
        }
      });
    }

    test('a rating at 23:59:59 on 28 February (Beijing) is February, at 00:00 on 1 March is March', async () => {
      const feb = await evaluationStats(
        store,
        parseStatsQuery({ from: '2026-02', to: '2026-02', item: FIXTURE_ITEMS[0].code, region: '230102' }, NOW_MS),
      );
      const mar = await evaluationStats(
        store,
        parseStatsQuery({ from: '2026-03', to: '2026-03', item: FIXTURE_ITEMS[0].code, region: '230102' }, NOW_MS),
      );
      const refFeb = (
        await reference(store, {
          from: '2026-02-01',
          to: '2026-02-28',
          item: FIXTURE_ITEMS[0].code,
          region: '230102000000',
        })
      ).get('');
      const refMar = (
        await reference(store, {
          from: '2026-03-01',
          to: '2026-03-31',
          item: FIXTURE_ITEMS[0].code,
          region: '230102000000',
        })
      ).get('');
      assert.equal(feb.response.total, refFeb?.total);
      assert.equal(mar.response.total, refMar?.total);
      assert.ok((feb.response.byLevel.find((l) => l.level === 5)?.count ?? 0) >= 1);
      assert.ok((mar.response.byLevel.find((l) => l.level === 1)?.count ?? 0) >= 1);
    });

    test('the default period is the twelve months up to today; `limit` cuts the groups, not the totals', async () => {
      const query = parseStatsQuery({ group: 'item', limit: '2' }, NOW_MS);
      assert.deepEqual([query.from, query.to], ['2025-12-01', '2026-11-29']);
      const { response } = await evaluationStats(store, query);
      assert.equal(response.groups.length, 2);
      assert.ok(response.groupCount > 2);
      const ref = (await reference(store, query)).get('');
      assert.equal(response.total, ref?.total);
      assert.ok((response.groups[0]?.total ?? 0) >= (response.groups[1]?.total ?? 0), 'largest first');
    });

    describe('over HTTP', () => {
      /** Mounted as app.ts mounts them, with the app's error handler. */
      const app = () => {
        const routes = evaluationStatsRoutes({ sql: store, adminToken: ADMIN_TOKEN, now: () => NOW_MS });
        const mount = (routesApp: Hono) => {
          const host = new Hono<AppEnv>();
          host.route('/', routesApp);
          host.onError(createErrorHandler(createLogger({ logLevel: 'silent' })));
          return host;
        };
        return { json: mount(routes.json), csv: mount(routes.csv) };
      };

      test('JSON is public and cacheable with an ETag; a matching If-None-Match is a 304', async () => {
        const { json } = app();
        const response = await json.request('/?from=2026-01&to=2026-12&group=dept');
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('cache-control'), 'public, max-age=300');
        assert.equal(response.headers.get('vary'), null);
        const etag = response.headers.get('etag');
        assert.ok(etag);
        const body = (await response.json()) as EvaluationStatsResponse;
        assert.equal(
          body.groups.length,
          (await reference(store, { from: '2026-01-01', to: '2026-12-31' }, 'dept_credit_code')).size,
        );
        const again = await json.request('/?from=2026-01&to=2026-12&group=dept', {
          headers: { 'If-None-Match': etag },
        });
        assert.equal(again.status, 304);
      });

      test('bad parameters are a 400 in Chinese naming the field', async () => {
        const { json } = app();
        for (const [query, message] of [
          ['region=2301', /行政区划/],
          ['from=2026-13', /开始日期/],
          ['from=2026-02-30', /开始日期/],
          ['group=year', /分组方式/],
          ['from=2026-05&to=2026-04', /不能晚于/],
          ['dept=abc', /部门/],
        ] as const) {
          const response = await json.request(`/?${query}`);
          assert.equal(response.status, 400, query);
          const body = (await response.json()) as { error: { code: string; message: string } };
          assert.match(body.error.message, message, query);
        }
      });

      test('the CSV needs the operator token and opens in Excel: BOM, CRLF, totals row, formulas neutralised', async () => {
        const { csv } = app();
        assert.equal((await csv.request('/?group=dept')).status, 401);
        assert.equal(
          (await csv.request('/?group=dept', { headers: { Authorization: 'Bearer wrong-token-0123456789abcdefghij' } }))
            .status,
          401,
        );
        await store.query(
          `INSERT INTO evaluations (project_no, satisfaction_raw, satisfaction_scheme, satisfaction_level, dept_credit_code,
                                    dept_name, evaluated_at, source, source_row_guid)
           VALUES ('CSV-1', '4', 'hcp-national', 4, '11230100MB0000009X', '=HYPERLINK("http://x","点我"),部门', '2026-07-01T10:00:00+08:00', 'fixture', 'csv-1')`,
        );
        const response = await csv.request('/?from=2026-01&to=2026-12&group=dept', {
          headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
        assert.match(
          response.headers.get('content-disposition') ?? '',
          /attachment; filename="evaluation-stats_2026-01-01_2026-12-31_dept\.csv"; filename\*=UTF-8''/,
        );
        const bytes = new Uint8Array(await response.arrayBuffer());
        assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
        const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
        const lines = text.split('\r\n');
        assert.equal(lines.at(-1), '', 'ends with CRLF');
        assert.match(lines[0] ?? '', /^部门编码,部门,评价总数,非常满意,满意,基本满意,不满意,非常不满意,满意率,差评数/);
        assert.ok(
          lines.some((line) => line.startsWith(`11230100MB0000009X,"'=HYPERLINK(""http://x"",""点我""),部门",1,0,1,`)),
        );
        const totals = lines.at(-2)?.split(',') ?? [];
        assert.equal(totals[1], '合计');
        const ref = (await reference(store, { from: '2026-01-01', to: '2026-12-31' })).get('');
        assert.equal(Number(totals[2]), ref?.total);
      });
    });
  });
}
