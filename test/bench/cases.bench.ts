/**
 * Case tracking at scale (issue 6, item 6): 10,000,000 cases on PostgreSQL (DATABASE_URL), or a
 * smaller embedded (PGlite) figure without it.
 *   node --import tsx test/bench/cases.bench.ts [--cases 10000000] [--users 200] [--samples 2000] [--seconds 5]
 *     [--keep-db]                      keep the filled PostgreSQL database (filling 10M takes a while)
 *     [--db govdock_bench_cases_…]      measure a kept database again (pass the same --cases)
 *
 * The library is filled by SQL (generate_series), the way the sync would leave it: acceptances
 * with keyed-hash applicants (about three cases each, a fifth filed by a 经办人 for someone
 * else), 0–4 process steps per case, results for most older cases, a few special procedures and
 * materials. Secondary indexes are dropped for the fill and re-created from their own definitions.
 * Then `--users` people get 20 cases each, and 5 companies 2,000 each, spread over the whole range,
 * keyed by the real HMAC of made-up ID numbers; each has a session in the session store (the same
 * table a login writes).
 *
 * Measured in the same run, over HTTP on one loopback server (the real app: CSRF, session lookup,
 * guard, query): p50/p99 of GET /api/v1/cases (first page + counts) and GET /api/v1/cases/:no, one
 * request at a time (goal p99 ≤ 20 ms), for people and for the heavy companies; and throughput of
 * the my-cases list under 16 concurrent clients as a ratio to a bare Hono route on the same server.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { SessionRecord } from '../../bff/auth/session-store/types.js';
import { SESSION_COOKIE } from '../../bff/auth/cookies.js';
import { loadConfig } from '../../bff/config.js';
import { applicantKeyHash } from '../../bff/privacy/pii.js';
import { startServer } from '../../bff/server.js';
import { migrate } from '../../bff/store/migrate.js';
import { openStore, type Store } from '../../bff/store/store.js';
import { composeBff } from '../support/compose-bff.js';
import { ms, numberFlag, summarize } from './support/stats.js';

const onPostgres = Boolean(process.env.DATABASE_URL);
const CASES = numberFlag('cases', onPostgres ? 10_000_000 : 100_000);
const USERS = numberFlag('users', 200);
const SAMPLES = numberFlag('samples', 2000);
const SECONDS = numberFlag('seconds', 5);
const PER_USER = 20;
const COMPANIES = 5;
/** Fewer on a small library, where 2,000 would be a large share of all cases. */
const PER_COMPANY = Math.min(2000, Math.floor(CASES / 50));
const BATCH = 1_000_000;
/** `--keep-db`: leave the PostgreSQL database for EXPLAIN or a re-run (its name is printed). */
const KEEP = process.argv.includes('--keep-db');
/** `--db <name>`: measure a database kept by an earlier run instead of filling a new one. */
const REUSE = ((i) => (i >= 0 ? process.argv[i + 1] : undefined))(process.argv.indexOf('--db'));
const GOAL_MS = 20;
const ISSUER = 'https://ids.bench.example.gov.cn/oidc';
const PII_HASH_KEY = 'bench-pii-hash-key-0123456789abcdef0123456789';
const TABLES = ['case_acceptances', 'case_process_steps', 'case_special_procedures', 'case_results', 'case_materials'];

async function openBenchStore(): Promise<{ store: Store; close(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const store = await openStore({ dataDir: 'memory://' });
    return { store, close: () => store.close() };
  }
  const name = REUSE ?? `govdock_bench_cases_${randomBytes(5).toString('hex')}`;
  if (!/^govdock_bench_cases_[0-9a-f]{10}$/.test(name)) throw new Error(`--db: not a bench database: ${name}`);
  const admin = await openStore({ databaseUrl: url, maxConnections: 1 });
  if (!REUSE) await admin.exec(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: target.toString(), maxConnections: 8 });
  return {
    store,
    async close() {
      await store.close();
      if (KEEP || REUSE) {
        console.log(`kept database ${name}`);
        await admin.close();
        return;
      }
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

const fakeHash = (seed: string) => `md5('${seed}' || (i / 3)) || md5('${seed}x' || (i / 3))`;

/** Cases [lo, hi) spread over the past year, the newest with the highest numbers. */
async function fillRange(store: Store, lo: number, hi: number): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.query('SET LOCAL synchronous_commit = off').catch(() => undefined);
    await tx.query(
      `INSERT INTO case_acceptances (project_no, item_code, item_name, summary, applicant_name_masked, applicant_type,
         applicant_id_type, applicant_key_hash, applicant_id_masked, contact_name_masked, contact_key_hash,
         contact_id_masked, contact_mobile_masked, apply_channel, project_type, dept_credit_code, dept_name,
         region_code, accept_doc_no, applied_at, accepted_at, promised_at, source, source_row_guid)
       SELECT 'B' || lpad(i::text, 11, '0'),
              '11230100MB' || lpad((i % 5000)::text, 8, '0') || '2001360300001',
              (ARRAY['食品经营许可证核发','不动产登记','居民身份证换领','营业执照变更登记','社会保障卡申领'])[1 + i % 5],
              '张*申请办理',
              '张*', 'natural', '111',
              ${fakeHash('a')},
              '2301**********' || lpad((i % 10000)::text, 4, '0'),
              '李*',
              CASE WHEN i % 5 = 0 THEN ${fakeHash('c')} ELSE ${fakeHash('a')} END,
              '2301**********' || lpad((i % 9999)::text, 4, '0'),
              '138****' || lpad((i % 10000)::text, 4, '0'),
              'pc_online', 'promised',
              '11230100MB' || lpad((i % 300)::text, 8, '0'),
              '哈尔滨市第' || (i % 300) || '政务服务部门',
              '230102000000',
              '哈受〔2026〕' || i || '号',
              applied, applied + interval '2 hours', applied + interval '20 days',
              'bench', 'a' || i
         FROM (SELECT i, now() - make_interval(secs => ($3 - i) * (31536000.0 / $3)) AS applied
                 FROM generate_series($1::bigint, $2::bigint - 1) AS i) g`,
      [lo, hi, CASES],
    );
    // 0–4 steps; every 50th case's last step is a 退回 (补正) still waiting for the applicant.
    await tx.query(
      `INSERT INTO case_process_steps (project_no, seq, node_name, action, opinion, started_at, ended_at, source)
       SELECT 'B' || lpad(i::text, 11, '0'), s,
              (ARRAY['收件','受理','审查','决定'])[s],
              CASE WHEN i % 50 = 0 AND s = i % 5 THEN 'return' ELSE 'pass' END,
              '经审查，符合规定',
              applied + make_interval(hours => s), applied + make_interval(hours => s + 1), 'bench'
         FROM (SELECT i, now() - make_interval(secs => ($3 - i) * (31536000.0 / $3)) AS applied
                 FROM generate_series($1::bigint, $2::bigint - 1) AS i) g,
              generate_series(1, (i % 5)::int) AS s`,
      [lo, hi, CASES],
    );
    // Results for three in five cases older than a month; 特别程序 for one in a hundred.
    await tx.query(
      `INSERT INTO case_results (project_no, completed_at, result_type, description, certificate_name, certificate_no,
                                 delivery, source)
       SELECT 'B' || lpad(i::text, 11, '0'), applied + interval '5 days',
              (ARRAY['approved','approved','approved','denied','not_accepted','voided'])[1 + i % 6],
              '准予办理', '食品经营许可证', 'JY' || i, i % 2 = 0, 'bench'
         FROM (SELECT i, now() - make_interval(secs => ($3 - i) * (31536000.0 / $3)) AS applied
                 FROM generate_series($1::bigint, $2::bigint - 1) AS i) g
        WHERE i % 5 >= 2 AND applied < now() - interval '30 days'`,
      [lo, hi, CASES],
    );
    await tx.query(
      `INSERT INTO case_special_procedures (project_no, type, name, reason, started_at, ended_at, source)
       SELECT 'B' || lpad(i::text, 11, '0'), 'extension', '延长审批期限', '需现场核查',
              now() - interval '1 day', now() + interval '5 days', 'bench'
         FROM generate_series($1::bigint, $2::bigint - 1) AS i WHERE i % 100 = 7`,
      [lo, hi],
    );
    await tx.query(
      `INSERT INTO case_materials (project_no, name, received_count, source)
       SELECT 'B' || lpad(i::text, 11, '0'), m, 1, 'bench'
         FROM generate_series($1::bigint, $2::bigint - 1) AS i,
              unnest(ARRAY['申请书','营业执照副本复印件']) AS m`,
      [lo, hi],
    );
  });
}

interface Owner {
  subject: string;
  keyHash: string;
  caseNumbers: string[];
}

/** People and companies whose cases are spread over the whole range, under real keyed hashes. */
async function assignOwners(store: Store): Promise<{ people: Owner[]; companies: Owner[] }> {
  const make = (prefix: string, count: number, perOwner: number, offset: number): Owner[] =>
    Array.from({ length: count }, (_, u) => {
      const id = `2301021990${String(offset + u).padStart(7, '0')}X`;
      const caseNumbers = Array.from({ length: perOwner }, (_, c) => {
        const i = (offset * 7919 + u * 104_729 + c * Math.floor(CASES / perOwner) + 13) % CASES;
        return `B${String(i).padStart(11, '0')}`;
      });
      return { subject: `${prefix}-${u}`, keyHash: applicantKeyHash(id, PII_HASH_KEY), caseNumbers };
    });
  const people = make('bench-person', USERS, Math.min(PER_USER, CASES), 1);
  const companies = make('bench-company', COMPANIES, PER_COMPANY, 900_000);
  for (const owner of [...people, ...companies]) {
    await store.query(
      'UPDATE case_acceptances SET applicant_key_hash = $1, contact_key_hash = $1 WHERE project_no = ANY($2::text[])',
      [owner.keyHash, owner.caseNumbers],
    );
  }
  // A case number may have gone to two owners; keep each owner's list to what is theirs now.
  for (const owner of [...people, ...companies]) {
    const { rows } = await store.query<{ project_no: string }>(
      'SELECT project_no FROM case_acceptances WHERE applicant_key_hash = $1',
      [owner.keyHash],
    );
    owner.caseNumbers = rows.map((row) => row.project_no);
  }
  // On a small library the spread lists overlap; an owner left with nothing is not measured.
  return {
    people: people.filter((o) => o.caseNumbers.length > 0),
    companies: companies.filter((o) => o.caseNumbers.length > 0),
  };
}

async function timedFetch(url: string, cookie: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: { 'X-CSRF': '1', cookie } });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
}

async function throughput(requests: readonly { url: string; cookie: string }[], concurrency = 16): Promise<number> {
  const deadline = performance.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = worker; performance.now() < deadline; i += concurrency) {
        const request = requests[i % requests.length] as { url: string; cookie: string };
        const response = await fetch(request.url, { headers: { 'X-CSRF': '1', cookie: request.cookie } });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${request.url} answered ${response.status}`);
        done += 1;
      }
    }),
  );
  return done / SECONDS;
}

const { store, close } = await openBenchStore();
try {
  let fillMs = 0;
  let indexMs = 0;
  let owners: { people: Owner[]; companies: Owner[] };
  if (REUSE) {
    owners = await assignOwners(store);
  } else {
    await migrate(store);
    // Secondary indexes are rebuilt after the fill, from their own definitions (same schema as migrated).
    const { rows: indexes } = await store.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes
        WHERE tablename = ANY($1::text[]) AND indexname NOT IN (
          SELECT conname FROM pg_constraint WHERE conrelid::regclass::text = ANY($1::text[]))`,
      [TABLES],
    );
    for (const index of indexes) await store.exec(`DROP INDEX ${index.name}`);
    const fillStarted = performance.now();
    for (let lo = 0; lo < CASES; lo += BATCH) {
      const hi = Math.min(CASES, lo + BATCH);
      await fillRange(store, lo, hi);
      process.stderr.write(
        `filled ${hi.toLocaleString()} cases (${((performance.now() - fillStarted) / 1000).toFixed(0)} s)\n`,
      );
    }
    fillMs = performance.now() - fillStarted;
    const indexStarted = performance.now();
    if (onPostgres) await store.exec("SET maintenance_work_mem = '512MB'");
    for (const index of indexes) await store.exec(index.def);
    owners = await assignOwners(store);
    if (onPostgres) await store.exec('VACUUM ANALYZE');
    indexMs = performance.now() - indexStarted;
  }
  const { people, companies } = owners;
  const counts = (
    await store.query<Record<string, number>>(
      `SELECT (SELECT count(*) FROM case_acceptances)::bigint AS cases, (SELECT count(*) FROM case_process_steps)::bigint AS steps,
              (SELECT count(*) FROM case_results)::bigint AS results`,
    )
  ).rows[0] as Record<string, number>;
  console.log(
    `library: ${Number(counts.cases).toLocaleString()} cases, ${Number(counts.steps).toLocaleString()} steps, ` +
      `${Number(counts.results).toLocaleString()} results on ${onPostgres ? 'PostgreSQL' : 'PGlite'}; ` +
      `fill ${(fillMs / 1000).toFixed(0)} s, indexes + owners + analyze ${(indexMs / 1000).toFixed(0)} s`,
  );

  // The BFF as it runs: createAuth (static OIDC endpoints, nothing fetched) + createApp, sessions in the store.
  const baseline = new Hono().get('/__bench/baseline', (c) => c.json({ ok: true, pad: 'xxxxxxxxxxxx' }));
  const late: { app?: { fetch(request: Request): Response | Promise<Response> } } = {};
  const server = await startServer(
    {
      fetch: (request) =>
        request.url.endsWith('/__bench/baseline')
          ? baseline.fetch(request)
          : (late.app?.fetch(request) ?? new Response('starting', { status: 503 })),
    },
    { host: '127.0.0.1', port: 0 },
  );
  const config = loadConfig(
    {},
    {
      publicBaseUrl: server.url,
      piiHashKey: PII_HASH_KEY,
      'auth.issuer': ISSUER,
      'auth.clientId': 'govdock-bff',
      'auth.clientSecret': 'bench-secret',
      'auth.discovery': false,
      'auth.endpoints.authorization': `${ISSUER}/authorize`,
      'auth.endpoints.token': `${ISSUER}/token`,
    },
  );
  const composed = composeBff({ config, store, piiHashKey: PII_HASH_KEY });
  late.app = composed.app;
  const cookieOf = new Map<string, string>();
  const now = Date.now();
  for (const owner of [...people, ...companies]) {
    const record: SessionRecord = {
      id: randomBytes(32).toString('base64url'),
      issuer: ISSUER,
      subject: owner.subject,
      user: { displayName: '测试用户', userType: 'natural', realNameLevel: 3, idKeyHash: owner.keyHash },
      tokens: { accessToken: 'bench' },
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt: now + 3_600_000,
      expiresAt: now + 3_600_000,
    };
    await composed.sessions.create(record);
    cookieOf.set(owner.subject, `${SESSION_COOKIE}=${record.id}`);
  }
  const cookie = (owner: Owner) => cookieOf.get(owner.subject) as string;
  const listUrl = `${server.url}/api/v1/cases?limit=20`;
  const detailUrl = (no: string) => `${server.url}/api/v1/cases/${no}`;
  const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

  // Warm-up: every session once (the first request of a session also records its user profile).
  for (const owner of [...people, ...companies]) await timedFetch(listUrl, cookie(owner));
  const listTimes: number[] = [];
  const detailTimes: number[] = [];
  const heavyListTimes: number[] = [];
  const heavyDetailTimes: number[] = [];
  // The floor on this machine, in the same run: a bare Hono route, one request at a time.
  const bareTimes: number[] = [];
  for (let n = 0; n < SAMPLES; n += 1) bareTimes.push(await timedFetch(`${server.url}/__bench/baseline`, ''));
  for (let n = 0; n < SAMPLES; n += 1) {
    const person = pick(people, n * 7);
    listTimes.push(await timedFetch(listUrl, cookie(person)));
    detailTimes.push(await timedFetch(detailUrl(pick(person.caseNumbers, n)), cookie(person)));
  }
  for (let n = 0; n < Math.ceil(SAMPLES / 10); n += 1) {
    const company = pick(companies, n);
    heavyListTimes.push(await timedFetch(listUrl, cookie(company)));
    heavyDetailTimes.push(await timedFetch(detailUrl(pick(company.caseNumbers, n * 31)), cookie(company)));
  }

  const bareRate = await throughput([{ url: `${server.url}/__bench/baseline`, cookie: '' }]);
  const listRate = await throughput(people.map((person) => ({ url: listUrl, cookie: cookie(person) })));
  const detailRate = await throughput(
    people.map((person, n) => ({ url: detailUrl(pick(person.caseNumbers, n)), cookie: cookie(person) })),
  );
  await server.close();

  const bare = summarize(bareTimes);
  const list = summarize(listTimes);
  const detail = summarize(detailTimes);
  const heavyList = summarize(heavyListTimes);
  const heavyDetail = summarize(heavyDetailTimes);
  const cases = Number(counts.cases);
  console.log(
    `my cases (20 cases each, page + counts)  p50 ${ms(list.p50, 1)} ms  p99 ${ms(list.p99, 1)} ms  (goal p99 ≤ ${GOAL_MS} ms)`,
  );
  console.log(
    `case detail                               p50 ${ms(detail.p50, 1)} ms  p99 ${ms(detail.p99, 1)} ms  (goal p99 ≤ ${GOAL_MS} ms)`,
  );
  console.log(
    `my cases, company with ${PER_COMPANY} cases         p50 ${ms(heavyList.p50, 1)} ms  p99 ${ms(heavyList.p99, 1)} ms`,
  );
  console.log(
    `case detail, company                      p50 ${ms(heavyDetail.p50, 1)} ms  p99 ${ms(heavyDetail.p99, 1)} ms`,
  );
  console.log(`bare Hono route (same server)              p50 ${ms(bare.p50, 1)} ms  p99 ${ms(bare.p99, 1)} ms`);
  console.log(
    `throughput (16 clients): my cases ${Math.round(listRate)} req/s, detail ${Math.round(detailRate)} req/s, ` +
      `bare Hono ${Math.round(bareRate)} req/s → ratios ${(listRate / bareRate).toFixed(3)} / ${(detailRate / bareRate).toFixed(3)}`,
  );
  console.log(
    `BENCH ${JSON.stringify({
      name: onPostgres ? 'cases' : 'cases-embedded',
      dialect: onPostgres ? 'postgres' : 'pglite',
      cases,
      steps: Number(counts.steps),
      fillSeconds: Math.round(fillMs / 1000),
      indexSeconds: Math.round(indexMs / 1000),
      users: people.length,
      samples: list.n,
      bareP50Ms: ms(bare.p50, 2),
      bareP99Ms: ms(bare.p99, 2),
      myCasesP50Ms: ms(list.p50, 2),
      myCasesP99Ms: ms(list.p99, 2),
      caseDetailP50Ms: ms(detail.p50, 2),
      caseDetailP99Ms: ms(detail.p99, 2),
      heavyMyCasesP99Ms: ms(heavyList.p99, 2),
      heavyCaseDetailP99Ms: ms(heavyDetail.p99, 2),
      heavyCasesPerOwner: PER_COMPANY,
      myCasesRps: Math.round(listRate),
      caseDetailRps: Math.round(detailRate),
      bareRps: Math.round(bareRate),
      myCasesToBareRatio: +(listRate / bareRate).toFixed(3),
      caseDetailToBareRatio: +(detailRate / bareRate).toFixed(3),
      goals: { myCasesP99Ms: GOAL_MS, caseDetailP99Ms: GOAL_MS },
    })}`,
  );
  const missed = list.p99 > GOAL_MS || detail.p99 > GOAL_MS;
  if (missed) process.exitCode = 1;
} finally {
  await close();
}
