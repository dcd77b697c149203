/**
 * The operator API over a real store (PGlite in memory, migrated) with seeded sync tables: the
 * token guard, every endpoint, the 202 + run ids of a run that is still going, audit rows, and
 * that no ID number ever leaves through quarantine.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../../bff/app.js';
import type { AdminServices } from '../../../bff/admin/routes.js';
import { loadConfig } from '../../../bff/config.js';
import { createEventHub } from '../../../bff/events/hub.js';
import { createLogger } from '../../../bff/observability/logger.js';
import { migrate } from '../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../bff/store/store.js';
import { summarize, type DoctorReport } from '../../../bff/sync/doctor/types.js';
import { fakeSync, QUARANTINED_ID_NUMBER, seedSyncTables, SOURCE_ID, testLayout, type FakeSync } from './fixtures.js';

const TOKEN = 'operator-token-0123456789abcdef0123456789';

function buildApp(options: { token?: string; services?: AdminServices }) {
  const config = loadConfig({}, options.token ? { adminToken: options.token } : {});
  return createApp({
    config,
    store: { query: async () => ({ rows: [] }) },
    logger: createLogger({ logLevel: 'silent' }),
    hub: createEventHub({ bufferSize: 10, firstId: 1 }),
    widgetsDir: '/nonexistent/widgets',
    demoDir: '/nonexistent/demo',
    admin: options.services,
  });
}

const headers = (token = TOKEN) => ({ Authorization: `Bearer ${token}`, 'X-CSRF': '1' });

const fakeReport = (): DoctorReport => {
  const checks: DoctorReport['checks'] = [
    { group: 'config', id: 'config.loaded', title: '配置', status: 'pass', summary: '好', evidence: [] },
    {
      group: 'front',
      id: 'front.table.x',
      title: '表 x',
      status: 'fail',
      summary: '表 x 不存在',
      evidence: ['<script>'],
    },
  ];
  return {
    generatedAt: '2026-11-29T02:00:00.000Z',
    environment: {
      product: 'GovDock',
      version: '0.1.0',
      node: 'v20',
      hostname: 'h',
      platform: 'linux',
      deploymentMode: 'same-origin',
      publicBaseUrl: null,
      store: 'PGlite',
      front: 'sim',
      auth: '未配置',
      layout: 'test',
      sourceTimeZone: '+08:00',
    },
    checks,
    summary: summarize(checks),
  };
};

describe('operator API', () => {
  let store: Store;
  let sync: FakeSync;
  let app: ReturnType<typeof buildApp>;
  let seeded: Awaited<ReturnType<typeof seedSyncTables>>;
  let doctorCalls = 0;

  before(async () => {
    store = await openStore({ dataDir: 'memory://' });
    await migrate(store);
    seeded = await seedSyncTables(store);
    sync = fakeSync(store, { holdRuns: true });
    app = buildApp({
      token: TOKEN,
      services: {
        store,
        sync,
        layout: testLayout,
        sourceId: SOURCE_ID,
        runIdWaitMs: 300,
        doctor: async () => {
          doctorCalls += 1;
          return fakeReport();
        },
      },
    });
  });
  after(async () => {
    sync?.release();
    await store?.close();
  });

  describe('authentication', () => {
    it('answers 503 admin_not_configured when no token is configured, even with a header', async () => {
      const bare = buildApp({ services: { store, sourceId: SOURCE_ID } });
      const response = await bare.request('/admin/v1/streams', { headers: headers('anything-at-all') });
      assert.equal(response.status, 503);
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'admin_not_configured');
      assert.match(body.error.message, /运维/);
    });

    it('refuses a request without a token (401, Chinese message, WWW-Authenticate)', async () => {
      const response = await app.request('/admin/v1/streams', { headers: { 'X-CSRF': '1' } });
      assert.equal(response.status, 401);
      assert.match(response.headers.get('WWW-Authenticate') ?? '', /^Bearer/);
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'admin_token_missing');
      assert.match(body.error.message, /令牌/);
    });

    it('refuses a wrong token, including a prefix of the right one', async () => {
      for (const wrong of ['not-the-token', TOKEN.slice(0, -1), `${TOKEN}x`]) {
        const response = await app.request('/admin/v1/streams', { headers: headers(wrong) });
        assert.equal(response.status, 401, wrong);
        assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'admin_token_invalid');
      }
    });

    it('still needs the CSRF header with the right token', async () => {
      const response = await app.request('/admin/v1/streams', { headers: { Authorization: `Bearer ${TOKEN}` } });
      assert.equal(response.status, 403);
    });

    it('accepts the right token', async () => {
      const response = await app.request('/admin/v1/streams', { headers: headers() });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('Cache-Control'), 'no-store');
    });

    it('answers 503 admin_unavailable when the app has a token but no sync services', async () => {
      const response = await buildApp({ token: TOKEN }).request('/admin/v1/streams', { headers: headers() });
      assert.equal(response.status, 503);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'admin_unavailable');
    });
  });

  describe('reading', () => {
    it('lists streams with kind, last success, lag, cursor, status, quarantine and pending counts', async () => {
      const body = (await (await app.request('/admin/v1/streams', { headers: headers() })).json()) as {
        streams: Record<string, unknown>[];
        syncAvailable: boolean;
      };
      assert.equal(body.syncAvailable, true);
      assert.deepEqual(
        body.streams.map((s) => s.stream),
        ['up_task_general_basic', 'up_pro_accept', 'up_pro_process'],
      );
      const accept = body.streams.find((s) => s.stream === 'up_pro_accept')!;
      assert.equal(accept.kind, 'cases');
      assert.equal(accept.status, 'failed', 'the latest run failed');
      assert.equal(accept.lastError, '前置机连接中断，已重试 5 次');
      assert.ok(accept.lastSuccessAt, 'the earlier success is still shown');
      assert.equal(accept.lagSeconds, 8, 'lag of the latest successful run');
      assert.deepEqual(accept.cursor, { time: '2026-11-29 10:15:00.250', id: 'guid-0042' });
      assert.equal(accept.openQuarantine, 2);
      const process = body.streams.find((s) => s.stream === 'up_pro_process')!;
      assert.equal(process.status, 'succeeded');
      assert.equal(process.pendingChildren, 2);
      assert.deepEqual(process.addedColumns, ['vendor_note']);
      const items = body.streams.find((s) => s.stream === 'up_task_general_basic')!;
      assert.equal(items.cursor, null);
      assert.equal(items.openQuarantine, 0);
    });

    it('pages the run history newest first, with every count and the duration', async () => {
      const first = (await (await app.request('/admin/v1/runs?limit=2', { headers: headers() })).json()) as {
        runs: { id: number; counts: Record<string, number>; durationMs: number; stream: string; lagSeconds: number }[];
        nextBefore: number | null;
      };
      assert.equal(first.runs.length, 2);
      assert.ok(first.runs[0]!.id > first.runs[1]!.id);
      assert.deepEqual(first.runs[0]!.counts, {
        read: 100,
        inserted: 60,
        updated: 20,
        unchanged: 10,
        deleted: 2,
        quarantined: 5,
        pending: 3,
      });
      assert.equal(first.runs[0]!.durationMs, 3000);
      assert.equal(first.nextBefore, first.runs[1]!.id);
      const second = (await (
        await app.request(`/admin/v1/runs?limit=2&before=${first.nextBefore}`, { headers: headers() })
      ).json()) as { runs: { id: number }[]; nextBefore: number | null };
      assert.equal(second.runs.length, 2);
      assert.equal(second.nextBefore, null);
      const all = [...first.runs, ...second.runs].map((run) => run.id).sort((a, b) => a - b);
      assert.deepEqual(
        all,
        [...seeded.runIds].sort((a, b) => a - b),
      );
    });

    it('filters runs by stream and reads one run', async () => {
      const body = (await (
        await app.request('/admin/v1/runs?stream=up_pro_accept', { headers: headers() })
      ).json()) as {
        runs: { id: number; stream: string; status: string; error: string | null }[];
      };
      assert.deepEqual(
        body.runs.map((run) => run.status),
        ['failed', 'succeeded'],
      );
      assert.ok(body.runs.every((run) => run.stream === 'up_pro_accept'));
      const one = await app.request(`/admin/v1/runs/${body.runs[0]!.id}`, { headers: headers() });
      assert.equal(((await one.json()) as { run: { error: string } }).run.error, '前置机连接中断，已重试 5 次');
      assert.equal((await app.request('/admin/v1/runs/999999', { headers: headers() })).status, 404);
    });

    it('refuses bad query parameters with a Chinese 400', async () => {
      for (const query of ['limit=0', 'limit=1000', 'before=-3', "stream=a'b"]) {
        const response = await app.request(`/admin/v1/runs?${query}`, { headers: headers() });
        assert.equal(response.status, 400, query);
        assert.match(((await response.json()) as { error: { message: string } }).error.message, /参数/);
      }
    });

    it('lists quarantine with reason code, Chinese reason and label, source position, masked raw row', async () => {
      const body = (await (await app.request('/admin/v1/quarantine', { headers: headers() })).json()) as {
        rows: Record<string, unknown>[];
        reasons: { stream: string; reasonCode: string; count: number }[];
      };
      assert.equal(body.rows.length, 3);
      const badDate = body.rows.find((row) => row.reasonCode === 'bad_date')!;
      assert.equal(badDate.stream, 'up_pro_accept');
      assert.equal(badDate.reasonLabel, '日期格式错误');
      assert.match(String(badDate.reasonText), /不是有效日期/);
      assert.match(String(badDate.sourcePosition), /row_guid=g1/);
      assert.deepEqual(badDate.rawRow, { row_guid: 'g1', accept_time: '0000-00-00 00:00:00' });
      const text = JSON.stringify(body);
      assert.ok(!text.includes(QUARANTINED_ID_NUMBER), 'no ID number in the answer');
      assert.ok(text.includes('2301**********1234'), 'masked instead');
      assert.deepEqual(body.reasons.map((r) => `${r.stream}/${r.reasonCode}/${r.count}`).sort(), [
        'up_pro_accept/bad_date/1',
        'up_pro_accept/unknown_code/1',
        'up_pro_process/missing_required/1',
      ]);
    });

    it('filters quarantine by stream and by reason', async () => {
      const byStream = (await (
        await app.request('/admin/v1/quarantine?stream=up_pro_process', { headers: headers() })
      ).json()) as { rows: { reasonCode: string }[] };
      assert.deepEqual(
        byStream.rows.map((row) => row.reasonCode),
        ['missing_required'],
      );
      const byReason = (await (
        await app.request('/admin/v1/quarantine?reason=unknown_code', { headers: headers() })
      ).json()) as { rows: { sourceKey: string }[] };
      assert.deepEqual(
        byReason.rows.map((row) => row.sourceKey),
        ['g2'],
      );
    });
  });

  describe('acting', () => {
    it('starts a run of a kind: 202 at once with the run ids, while the runs go on', async () => {
      const started = Date.now();
      const response = await app.request('/admin/v1/runs', {
        method: 'POST',
        headers: { ...headers(), 'Content-Type': 'application/json' },
        body: JSON.stringify({ target: 'cases', full: true }),
      });
      assert.equal(response.status, 202);
      assert.ok(Date.now() - started < 5000, 'the request does not wait for the run');
      const body = (await response.json()) as {
        job: { id: string; state: string };
        runIds: number[];
        streams: string[];
      };
      assert.equal(body.job.state, 'running');
      assert.deepEqual(body.streams, ['up_pro_accept', 'up_pro_process']);
      assert.equal(body.runIds.length, 2);
      assert.deepEqual(sync.calls.run.at(-1), { target: 'cases', full: true });
      assert.match(response.headers.get('Location') ?? '', new RegExp(`jobs/${body.job.id}$`));

      const running = (await (await app.request(`/admin/v1/jobs/${body.job.id}`, { headers: headers() })).json()) as {
        job: { state: string };
      };
      assert.equal(running.job.state, 'running');
      sync.release();
      let job: { state: string; result: { runId: number; status: string }[] } | undefined;
      for (let i = 0; i < 50; i += 1) {
        job = (
          (await (await app.request(`/admin/v1/jobs/${body.job.id}`, { headers: headers() })).json()) as {
            job: typeof job;
          }
        ).job;
        if (job?.state !== 'running') break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.equal(job?.state, 'succeeded');
      assert.deepEqual(
        job?.result.map((summary) => summary.runId),
        body.runIds,
      );

      const audit = await store.query<{
        actor_key: string;
        action: string;
        target: string;
        detail: Record<string, unknown>;
      }>(`SELECT actor_key, action, target, detail FROM audit_log WHERE action = 'sync.run'`);
      assert.equal(audit.rows.length, 1);
      assert.match(audit.rows[0]!.actor_key, /^admin:[0-9a-f]{8}$/);
      assert.ok(!JSON.stringify(audit.rows).includes(TOKEN), 'the token is never written');
      assert.equal(audit.rows[0]!.target, 'cases');
      assert.deepEqual(audit.rows[0]!.detail.runIds, body.runIds);
      assert.equal(audit.rows[0]!.detail.full, true);
    });

    it('starts a run of one stream, and refuses unknown targets and malformed bodies', async () => {
      const ok = await app.request('/admin/v1/runs', {
        method: 'POST',
        headers: headers(),
        body: JSON.stringify({ target: 'up_task_general_basic' }),
      });
      assert.equal(ok.status, 202);
      const unknown = await app.request('/admin/v1/runs', {
        method: 'POST',
        headers: headers(),
        body: JSON.stringify({ target: 'up_nothing' }),
      });
      assert.equal(unknown.status, 404);
      assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'unknown_stream');
      for (const body of [
        '{not json',
        JSON.stringify({ target: 'cases', full: 'yes' }),
        JSON.stringify({ extra: 1 }),
      ]) {
        const response = await app.request('/admin/v1/runs', { method: 'POST', headers: headers(), body });
        assert.equal(response.status, 400, body);
      }
    });

    it('retries quarantine through the SyncService: 202 and a job with the counts', async () => {
      const response = await app.request('/admin/v1/quarantine/retry', {
        method: 'POST',
        headers: headers(),
        body: JSON.stringify({ stream: 'up_pro_accept' }),
      });
      assert.equal(response.status, 202);
      const { job } = (await response.json()) as { job: { id: string } };
      assert.deepEqual(sync.calls.retry.at(-1), 'up_pro_accept');
      await new Promise((resolve) => setTimeout(resolve, 20));
      const done = (await (await app.request(`/admin/v1/jobs/${job.id}`, { headers: headers() })).json()) as {
        job: { state: string; result: unknown };
      };
      assert.equal(done.job.state, 'failed', 'one row still failing');
      assert.deepEqual(done.job.result, { retried: 2, resolved: 1, stillFailing: 1 });
      const audit = await store.query(`SELECT 1 FROM audit_log WHERE action = 'sync.retry_quarantine'`);
      assert.equal(audit.rows.length, 1);
    });

    it('answers 503 for runs when the sync is switched off, but still shows status', async () => {
      const readOnly = buildApp({ token: TOKEN, services: { store, layout: testLayout, sourceId: SOURCE_ID } });
      const run = await readOnly.request('/admin/v1/runs', { method: 'POST', headers: headers(), body: '{}' });
      assert.equal(run.status, 503);
      assert.match(((await run.json()) as { error: { message: string } }).error.message, /同步/);
      assert.equal((await readOnly.request('/admin/v1/streams', { headers: headers() })).status, 200);
    });

    it('serves the doctor report as JSON, Markdown and escaped HTML, and audits it', async () => {
      const json = (await (await app.request('/admin/v1/doctor', { headers: headers() })).json()) as {
        report: DoctorReport;
      };
      assert.equal(json.report.summary.verdict, 'fail');
      const markdown = await app.request('/admin/v1/doctor?format=markdown', { headers: headers() });
      assert.match(markdown.headers.get('Content-Type') ?? '', /text\/markdown/);
      assert.match(await markdown.text(), /表 x 不存在/);
      const html = await (await app.request('/admin/v1/doctor?format=html', { headers: headers() })).text();
      assert.match(html, /&lt;script&gt;/);
      assert.ok(!html.includes('<script>'));
      assert.equal(doctorCalls, 3);
      const audit = await store.query(`SELECT 1 FROM audit_log WHERE action = 'sync.doctor'`);
      assert.equal(audit.rows.length, 3);
      assert.equal((await app.request('/admin/v1/doctor?format=pdf', { headers: headers() })).status, 400);
    });
  });
});
