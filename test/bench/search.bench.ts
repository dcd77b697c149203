/**
 * Search and navigation at scale: 500,000 implementation-list entries on PostgreSQL (DATABASE_URL),
 * or a smaller embedded (PGlite) figure without it.
 *   node --import tsx test/bench/search.bench.ts [--entries 500000] [--base 10000] [--seconds 5]
 *
 * The library is built fast: `--base` entries from the generator through the fixture loader and the
 * real reindex (documents written by JavaScript), then multiplied by SQL (generate_series over
 * 业务办理项 situations, the way real lists grow), each copy's document being the base document plus
 * the situation's own lexemes. Names and facet counts are then rebuilt by the real code.
 *
 * Measured in the same run: search p50/p99 (goal p99 ≤ 50 ms) against a naive LIKE search, facet
 * p99, and item-list throughput over HTTP as a ratio to a bare Hono JSON route (goal ≥ 0.3).
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { createApp } from '../../bff/app.js';
import { loadConfig } from '../../bff/config.js';
import { createEventHub } from '../../bff/events/hub.js';
import { createLogger } from '../../bff/observability/logger.js';
import { facets } from '../../bff/api/items/service.js';
import { rebuildFacetRollup } from '../../bff/search/facet-rollup.js';
import { DocumentBuilder } from '../../bff/search/lexemes.js';
import { spacedPinyinOf } from '../../bff/search/pinyin.js';
import { rebuildNameIndex, rebuildSearchIndex } from '../../bff/search/reindex.js';
import { createSearchContext, searchItems } from '../../bff/search/search-service.js';
import { searchTokens } from '../../bff/search/segmenter.js';
import { normalizeText } from '../../bff/search/text.js';
import { startServer } from '../../bff/server.js';
import { migrate } from '../../bff/store/migrate.js';
import { openStore, type Store } from '../../bff/store/store.js';
import { loadLibraryFixture } from '../support/library-fixtures.js';
import { JUDGED_QUERIES } from './relevance/queries.js';
import { ms, numberFlag, summarize } from './support/stats.js';

const onPostgres = Boolean(process.env.DATABASE_URL);
const entries = numberFlag('entries', onPostgres ? 500_000 : 50_000);
const base = Math.min(entries, numberFlag('base', 10_000));
const seconds = numberFlag('seconds', 5);
const HARBIN = '230100000000';

const SITUATIONS = [
  '全程网办',
  '窗口办理',
  '容缺受理',
  '跨省通办',
  '告知承诺制',
  '帮办代办',
  '预约办理',
  '自助终端办理',
  '延时服务',
  '邮寄办理',
  '省内通办',
  '上门服务',
  '企业开办一网通办',
  '一件事集成办理',
  '老年人绿色通道',
  '残疾人绿色通道',
  '周末办理',
  '首次申请',
  '变更',
  '延续',
];
const situation = (round: number): string => SITUATIONS[round - 1] ?? `情形${round}`;

/** `--db name` keeps (and on a later run reuses) a PostgreSQL database instead of a throw-away one. */
function keptDatabaseName(): string | undefined {
  const at = process.argv.indexOf('--db');
  const name = at >= 0 ? process.argv[at + 1] : undefined;
  if (name !== undefined && !/^[a-z_][a-z0-9_]{0,40}$/.test(name))
    throw new Error(`--db needs a plain database name, got ${name}`);
  return name;
}

async function openBenchStore(): Promise<{ store: Store; close(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const store = await openStore({ dataDir: 'memory://' });
    return { store, close: () => store.close() };
  }
  const kept = keptDatabaseName();
  const name = kept ?? `govdock_bench_${randomBytes(5).toString('hex')}`;
  const admin = await openStore({ databaseUrl: url, maxConnections: 1 });
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rows.length > 0;
  if (!exists) await admin.exec(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: target.toString(), maxConnections: 8 });
  return {
    store,
    async close() {
      await store.close();
      if (!kept) await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

/** Copies of the base entries as 业务办理项 variants: code + 2 digits, name + （situation）. */
async function multiply(store: Store): Promise<void> {
  const rounds = Math.ceil(entries / base) - 1;
  for (let round = 1; round <= rounds; round += 1) {
    const count = Math.min(base, entries - base * round);
    const label = situation(round);
    const suffix = String(round).padStart(2, '0');
    const vector = new DocumentBuilder().add(searchTokens(label), 'A').toLiteral();
    const sortSuffix = ` ${spacedPinyinOf(label)}`;
    await store.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO items
         SELECT copy.*
           FROM (SELECT * FROM items WHERE task_handle_item IS NULL ORDER BY code LIMIT $3) i,
                jsonb_populate_record(NULL::items, to_jsonb(i) || jsonb_build_object(
                  'code', i.code || $1, 'task_handle_item', i.code || $1, 'name', i.name || '（' || $2 || '）',
                  'source_row_guid', i.source_row_guid || '-' || $1)) AS copy`,
        [suffix, label, count],
      );
      await tx.query(
        `INSERT INTO item_themes (item_code, audience, theme_code)
         SELECT t.item_code || $1, t.audience, t.theme_code FROM item_themes t
          WHERE t.item_code IN (SELECT code FROM items WHERE task_handle_item IS NULL ORDER BY code LIMIT $2)`,
        [suffix, count],
      );
      await tx.query(
        `INSERT INTO item_search (item_code, name, document, sort_key, dept_credit_code, region_code, task_type,
                                  service_objects, online, visits, project_type, natural_themes, legal_themes, updated_at)
         SELECT s.item_code || $1, s.name || '（' || $2 || '）', s.document || $3::tsvector, s.sort_key || $4,
                s.dept_credit_code, s.region_code, s.task_type, s.service_objects, s.online, s.visits, s.project_type,
                s.natural_themes, s.legal_themes, s.updated_at
           FROM item_search s WHERE s.item_code IN (SELECT code FROM items WHERE task_handle_item IS NULL ORDER BY code LIMIT $5)`,
        [suffix, label, vector, sortSuffix, count],
      );
    });
  }
  await store.query('DELETE FROM search_queue');
  await rebuildNameIndex(store);
  await rebuildFacetRollup(store);
  await store.query('UPDATE search_state SET generation = generation + 1, indexed_at = now()');
  if (onPostgres) await store.exec('VACUUM ANALYZE');
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await fn();
  return [performance.now() - started, value];
}

/** Requests per second from `concurrency` keep-alive loops over the URLs for `seconds`. */
async function throughput(urls: readonly string[], concurrency = 16): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = worker; performance.now() < deadline; i += concurrency) {
        const response = await fetch(urls[i % urls.length] as string, { headers: { 'X-CSRF': '1' } });
        await response.arrayBuffer();
        if (response.status === 200) done += 1;
        else failed += 1;
      }
    }),
  );
  if (failed > 0) throw new Error(`${failed} requests failed`);
  return done / seconds;
}

const { store, close } = await openBenchStore();
try {
  const buildStarted = performance.now();
  await migrate(store);
  const built =
    Number((await store.query<{ n: number }>('SELECT count(*)::int AS n FROM item_search')).rows[0]?.n) >= entries;
  let reindexMs = Number.NaN;
  if (!built) {
    await loadLibraryFixture(store, { entryCount: base });
    [reindexMs] = await timed(() => rebuildSearchIndex(store));
    await multiply(store);
  }
  const buildMs = performance.now() - buildStarted;
  const stored = Number((await store.query<{ n: number }>('SELECT count(*)::int AS n FROM item_search')).rows[0]?.n);
  const names = Number((await store.query<{ n: number }>('SELECT count(*)::int AS n FROM search_names')).rows[0]?.n);
  console.log(
    `library: ${stored.toLocaleString()} entries, ${names.toLocaleString()} names on ${onPostgres ? 'PostgreSQL' : 'PGlite'} (built in ${(buildMs / 1000).toFixed(0)} s; reindex of the ${base.toLocaleString()} base entries ${(reindexMs / 1000).toFixed(1)} s)`,
  );

  const context = createSearchContext(store);
  const queries = JUDGED_QUERIES.map((j) => j.q);
  for (const q of queries) await searchItems(context, { q, filters: {}, limit: 10 }); // warm-up
  const searchTimes: number[] = [];
  const regionTimes: number[] = [];
  for (let pass = 0; pass < 3; pass += 1) {
    for (const q of queries) {
      searchTimes.push((await timed(() => searchItems(context, { q, filters: {}, limit: 10 })))[0]);
      regionTimes.push((await timed(() => searchItems(context, { q, filters: { region: HARBIN }, limit: 10 })))[0]);
    }
  }
  const likeTimes: number[] = [];
  let likeFound = 0;
  // A LIKE over 500,000 wide rows is a sequential scan each time: every third query is enough.
  const likeQueries = queries.filter((_, i) => i % 3 === 0);
  for (const q of likeQueries) {
    const pattern = `%${normalizeText(q).replace(/ /g, '%')}%`;
    const [took, result] = await timed(() =>
      store.query(
        'SELECT code, name FROM items WHERE name LIKE $1 OR accept_conditions LIKE $1 ORDER BY name LIMIT 10',
        [pattern],
      ),
    );
    likeTimes.push(took);
    if (result.rows.length > 0) likeFound += 1;
  }

  const dept = (
    await store.query<{ d: string }>('SELECT dept_credit_code AS d FROM items WHERE region_code = $1 LIMIT 1', [HARBIN])
  ).rows[0]?.d as string;
  const facetCases = [
    {},
    { region: HARBIN },
    { region: '230102000000' },
    { dept },
    { audience: 'natural' as const, theme: '090' },
    { type: 'licensing' },
    { online: '1' as const, visits: '0' as const },
    { region: HARBIN, projectType: 'promised' as const },
  ];
  const facetTimes: number[] = [];
  const facetQueryTimes: number[] = [];
  for (const filters of facetCases) await facets(context, { filters }); // warm-up
  for (let pass = 0; pass < 5; pass += 1) {
    for (const filters of facetCases) facetTimes.push((await timed(() => facets(context, { filters })))[0]);
    for (const q of ['公积金', '身份证', '营业执照'])
      facetQueryTimes.push((await timed(() => facets(context, { q, filters: {} })))[0]);
  }

  // HTTP: the real app and a bare Hono route on servers of their own, same client.
  const config = loadConfig({}, {});
  const appWith = (cacheAnswers: boolean) =>
    createApp({
      config,
      store,
      logger: createLogger({ logLevel: 'silent' }),
      hub: createEventHub({ bufferSize: 10, firstId: 1 }),
      widgetsDir: '/nonexistent',
      demoDir: '/nonexistent',
      cacheAnswers,
    });
  const bff = await startServer(appWith(true), { host: '127.0.0.1', port: 0 });
  // The same app without the in-memory answer cache: what every request costs the library.
  const uncachedBff = await startServer(appWith(false), { host: '127.0.0.1', port: 0 });
  const listPaths = [
    '/api/v1/items?limit=20',
    `/api/v1/items?region=${HARBIN}&limit=20`,
    `/api/v1/items?dept=${dept}&limit=20`,
    '/api/v1/items?type=licensing&online=1&limit=20',
    '/api/v1/items?sort=updated&limit=20',
    '/api/v1/items?audience=legal&theme=005&limit=20',
    '/api/v1/items?region=230102000000&limit=20',
    '/api/v1/items?visits=0&projectType=immediate&limit=20',
  ];
  const urls: string[] = [];
  for (const path of listPaths) {
    let url = `${bff.url}${path}`;
    for (let page = 0; page < 3; page += 1) {
      urls.push(url);
      const body = (await (await fetch(url, { headers: { 'X-CSRF': '1' } })).json()) as { nextCursor: string | null };
      if (!body.nextCursor) break;
      url = `${bff.url}${path}&cursor=${body.nextCursor}`;
    }
  }
  const samplePage = await (await fetch(urls[0] as string, { headers: { 'X-CSRF': '1' } })).text();
  const bare = new Hono();
  bare.get('/baseline', (c) => c.body(samplePage, 200, { 'Content-Type': 'application/json' }));
  const bareServer = await startServer(bare, { host: '127.0.0.1', port: 0 });
  const bareRate = await throughput([`${bareServer.url}/baseline`]);
  const listRate = await throughput(urls);
  const uncachedRate = await throughput(urls.map((url) => url.replace(bff.url, uncachedBff.url)));
  await bff.close();
  await uncachedBff.close();
  await bareServer.close();

  const search = summarize(searchTimes);
  const region = summarize(regionTimes);
  const like = summarize(likeTimes);
  const facet = summarize(facetTimes);
  const facetQuery = summarize(facetQueryTimes);
  const ratio = listRate / bareRate;
  console.log(
    `search (${search.n} runs of ${queries.length} judged queries)  p50 ${ms(search.p50, 1)} ms  p99 ${ms(search.p99, 1)} ms  (goal p99 ≤ 50 ms)`,
  );
  console.log(`search with region=哈尔滨                 p50 ${ms(region.p50, 1)} ms  p99 ${ms(region.p99, 1)} ms`);
  console.log(
    `naive LIKE on name/conditions           p50 ${ms(like.p50, 1)} ms  p99 ${ms(like.p99, 1)} ms  (found anything for ${likeFound}/${likeQueries.length} queries)`,
  );
  console.log(`facets (8 facets, filters only)         p50 ${ms(facet.p50, 1)} ms  p99 ${ms(facet.p99, 1)} ms`);
  console.log(
    `facets with a query                     p50 ${ms(facetQuery.p50, 1)} ms  p99 ${ms(facetQuery.p99, 1)} ms`,
  );
  console.log(
    `item list ${Math.round(listRate)} req/s vs bare Hono ${Math.round(bareRate)} req/s (${samplePage.length} B body): ratio ${ratio.toFixed(2)} (goal ≥ 0.3); ` +
      `without the answer cache ${Math.round(uncachedRate)} req/s (${(uncachedRate / bareRate).toFixed(2)}×)`,
  );
  console.log(
    `BENCH ${JSON.stringify({
      name: onPostgres ? 'search' : 'search-embedded',
      dialect: onPostgres ? 'postgres' : 'pglite',
      entries: stored,
      names,
      buildSeconds: Math.round(buildMs / 1000),
      reindexEntriesPerSecond: Math.round(base / (reindexMs / 1000)),
      searchP50Ms: ms(search.p50, 2),
      searchP99Ms: ms(search.p99, 2),
      searchRegionP99Ms: ms(region.p99, 2),
      likeP50Ms: ms(like.p50, 2),
      likeP99Ms: ms(like.p99, 2),
      likeFoundAny: likeFound,
      likeQueries: likeQueries.length,
      queries: queries.length,
      facetP50Ms: ms(facet.p50, 2),
      facetP99Ms: ms(facet.p99, 2),
      facetWithQueryP99Ms: ms(facetQuery.p99, 2),
      listRps: Math.round(listRate),
      uncachedListRps: Math.round(uncachedRate),
      bareRps: Math.round(bareRate),
      listToBareRatio: +ratio.toFixed(3),
      goals: { searchP99Ms: 50, listToBareRatio: 0.3 },
    })}`,
  );
} finally {
  await close();
}
