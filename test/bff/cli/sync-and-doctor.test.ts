/**
 * `govdock sync`, `sync status`, `sync retry-quarantine` and `doctor` as processes, on the
 * production path: the resource library in a throw-away PostgreSQL database (DATABASE_URL) and a
 * MariaDB front processor filled by the simulator (FRONT_MYSQL_URL), both required in CI. Exit
 * codes: 0 for a good run, 1 when a stream fails or a doctor check fails, 2 for an unknown stream.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { requireService } from '../../support/services.js';
import { simulatedMariadbFront, throwAwayPostgres, type SimulatedFront } from '../sync/doctor/simulated-front.js';
import { runGovdock } from './run-govdock.js';

const postgres = requireService('DATABASE_URL');
const mariadb = requireService('FRONT_MYSQL_URL');

describe('govdock on PostgreSQL + MariaDB', { skip: postgres.skip || mariadb.skip }, () => {
  let front: SimulatedFront;
  let library: { url: string; drop(): Promise<void> };
  let env: Record<string, string>;
  const dataDir = mkdtempSync(join(tmpdir(), 'govdock-cli-data-'));
  const outDir = mkdtempSync(join(tmpdir(), 'govdock-cli-report-'));

  before(async () => {
    front = await simulatedMariadbFront(mariadb.url as string);
    library = await throwAwayPostgres(postgres.url as string);
    env = {
      DATABASE_URL: library.url,
      FRONT_URL: front.url,
      DATA_DIR: dataDir,
      PII_HASH_KEY: 'cli-test-pii-key-0123456789abcdef0123456789',
    };
  });
  after(async () => {
    await front?.drop();
    await library?.drop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  });

  it('syncs a kind: exit 0, plain progress lines (no terminal codes when piped) and a summary table', async () => {
    const result = await runGovdock(['sync', 'cases'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /开始同步 cases — 前置机 mysql:\/\//);
    // The rows ahead were counted before the run: a percentage even without a terminal.
    assert.match(result.stdout, /up_pro_accept\s+\d+%\s+\d+\/\d+ 行/);
    assert.match(result.stdout, /数据流\s+状态\s+读取\s+新增\s+更新\s+未变\s+删除\s+隔离\s+待父/);
    assert.match(result.stdout, /up_pro_accept\s+成功\s+\d+\s+\d+/);
    assert.match(result.stdout, /同步完成（运行编号 \d+/);
    assert.ok(!result.stdout.includes('\x1b['), 'no escape codes in a pipe');
    assert.ok(!result.stdout.includes('up_task_general_basic'), 'only the cases streams ran');
  });

  it('draws progress bars on a terminal', async () => {
    const result = await runGovdock(['sync', 'up_pro_process', '--full'], env, { tty: true });
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stdout, /\r\x1b\[2Kup_pro_process\s+\[█+░*\]\s+\d+%/);
    assert.match(result.stdout, /up_pro_process\s+成功/);
  });

  it('shows the status of every stream', async () => {
    const result = await runGovdock(['sync', 'status'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /up_pro_accept\s+cases\s+成功\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    assert.match(result.stdout, /up_task_general_basic\s+items\s+尚未运行/);
    assert.match(result.stdout, /2026-11-29 10:00:00 \/ /, 'the cursor as the source wrote it');
  });

  it('exits 2 for a stream that does not exist, listing the ones that do', async () => {
    const result = await runGovdock(['sync', 'up_nothing'], env);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /没有名为 “up_nothing” 的数据流或类型/);
    assert.match(result.stderr, /up_pro_accept/);
  });

  it('exits 1 when a stream fails (a required column dropped at the source), saying why', async () => {
    await front.front.exec('ALTER TABLE up_pro_result DROP COLUMN result_type');
    const result = await runGovdock(['sync', 'up_pro_result'], env);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /up_pro_result\s+失败/);
    assert.match(result.stderr, /失败 up_pro_result：.*result_type/);
  });

  it('retries quarantine through the engine (exit 0) and audits every operator action', async () => {
    const result = await runGovdock(['sync', 'retry-quarantine', 'up_pro_accept'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /重试 \d+ 行：已解决 \d+ 行，仍未通过 \d+ 行/);
    const client = new pg.Client({ connectionString: library.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ actor_key: string; action: string; target: string | null }>(
        'SELECT actor_key, action, target FROM audit_log ORDER BY id',
      );
      assert.deepEqual(
        rows.map((row) => `${row.action}:${row.target}`),
        ['sync.run:cases', 'sync.run:up_pro_process', 'sync.run:up_pro_result', 'sync.retry_quarantine:up_pro_accept'],
      );
      assert.ok(rows.every((row) => /^cli:[^@]+@.+/.test(row.actor_key)));
    } finally {
      await client.end();
    }
  });

  it('doctor writes the report and exits 1 while a check fails', async () => {
    const result = await runGovdock(['doctor', '--out', outDir], env);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /结论：失败/);
    assert.match(result.stdout, /失败\s+前置机表 up_pro_result\s+缺少必需列 result_type/);
    assert.match(result.stdout, /失败\s+同步运行情况/);
    const files = readdirSync(outDir);
    const html = files.find((name) => name.endsWith('.html'));
    const markdown = files.find((name) => name.endsWith('.md'));
    assert.ok(html && markdown, files.join(', '));
    assert.ok(result.stdout.includes(join(outDir, html)));
    assert.match(readFileSync(join(outDir, html), 'utf8'), /缺少必需列 result_type/);
    assert.match(readFileSync(join(outDir, markdown), 'utf8'), /\| 资源库 \| PostgreSQL postgres:\/\//);
    assert.ok(existsSync(join(outDir, markdown.replace(/\.md$/, '.json'))));
  });
});
