/**
 * `govdock doctor` against the embedded simulator's front processor (PGlite) with the national
 * layout, after breaking it the ways vendors do: a table missing, a required column dropped, a
 * column added, and a row the data standard refuses. The report must say each of these, the dry
 * read must write nothing, and the Markdown and HTML files must be written.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../../../bff/config.js';
import { openFrontTarget, type FrontTarget } from '../../../../bff/dev/front-processor/open.js';
import { startSimulator } from '../../../../bff/dev/simulator/index.js';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../../bff/store/store.js';
import { embeddedFrontSql, rowsAfterId } from '../../../../bff/sync/doctor/front-metadata.js';
import { runDoctor } from '../../../../bff/sync/doctor/run-doctor.js';
import type { CheckResult, DoctorReport } from '../../../../bff/sync/doctor/types.js';
import { writeReport } from '../../../../bff/sync/doctor/write-report.js';
import { nationalLayout } from '../../../../bff/sync/layouts/index.js';
import { openFrontSource } from '../../../../bff/sync/sources/open.js';

const T0 = Date.parse('2026-11-29T10:00:00+08:00');
const BAD_GUID = 'doctor-bad-row-0001';

function check(report: DoctorReport, id: string): CheckResult {
  const found = report.checks.find((each) => each.id === id);
  assert.ok(found, `no check ${id}: ${report.checks.map((each) => each.id).join(', ')}`);
  return found;
}

describe('doctor against the embedded simulator front (PGlite)', () => {
  let front: FrontTarget;
  let store: Store;
  let report: DoctorReport;
  let acceptRowsBefore: number;
  const outDir = mkdtempSync(join(tmpdir(), 'govdock-doctor-report-'));

  before(async () => {
    front = await openFrontTarget({ pgliteDir: 'memory://' });
    const simulator = await startSimulator({
      front,
      seed: 'doctor',
      items: 300,
      cases: 80,
      tickSeconds: 60,
      autoTick: false,
      now: () => T0,
    });
    await simulator.close();
    // What a vendor's front processor looks like on a bad day.
    await front.exec('DROP TABLE up_pro_special_procedure');
    await front.exec('ALTER TABLE up_pro_result DROP COLUMN result_type');
    await front.exec('ALTER TABLE up_pro_process ADD COLUMN vendor_note text');
    await front.exec('DROP INDEX up_pro_material_cd_time_idx');
    // Without its primary key a first load (id order) would scan the table for every page.
    await front.exec('ALTER TABLE up_pro_material DROP CONSTRAINT up_pro_material_pkey');
    // A copy of a real acceptance with an unknown 证件类型 and the oldest change time, so that the
    // dry read (from the start: no cursor yet) meets it on its first page.
    const [first] = await front.query<Record<string, unknown>>(
      'SELECT * FROM up_pro_accept ORDER BY cd_time, row_guid LIMIT 1',
    );
    assert.ok(first);
    const columns = Object.keys(first);
    const values = columns.map((column) =>
      column === 'row_guid'
        ? BAD_GUID
        : column === 'project_no'
          ? 'DOCTOR-BAD-0001'
          : column === 'applyer_page_type'
            ? '99x'
            : column === 'cd_time'
              ? '2000-01-01 00:00:00'
              : first[column],
    );
    await front.query(
      `INSERT INTO up_pro_accept (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      values,
    );
    acceptRowsBefore = Number((await front.query<{ n: unknown }>('SELECT count(*) AS n FROM up_pro_accept'))[0]?.n);

    store = await openStore({ dataDir: 'memory://' });
    await migrate(store);
    report = await runDoctor({
      config: loadConfig({}, {}),
      store,
      loadLayout: () => nationalLayout,
      openSource: () => openFrontSource({ front }, { sourceTimeZone: '+08:00' }),
      openMetadata: async () => embeddedFrontSql(front, '+08:00'),
      embeddedPiiKey: true,
    });
  });
  after(async () => {
    await store?.close();
    await front?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('fails on the missing table and the missing required column, naming them', () => {
    const missingTable = check(report, 'front.table.up_pro_special_procedure');
    assert.equal(missingTable.status, 'fail');
    assert.match(missingTable.summary, /表 up_pro_special_procedure 不存在/);
    const missingColumn = check(report, 'front.table.up_pro_result');
    assert.equal(missingColumn.status, 'fail');
    assert.match(missingColumn.summary, /缺少必需列 result_type/);
    assert.equal(check(report, 'dry-read.up_pro_result').status, 'fail');
  });

  it('warns about an added column (kept in extra) and missing cursor and id indexes', () => {
    const added = check(report, 'front.table.up_pro_process');
    assert.equal(added.status, 'warn');
    assert.match(added.summary, /vendor_note/);
    const noIndex = check(report, 'front.table.up_pro_material');
    assert.equal(noIndex.status, 'warn');
    assert.match(noIndex.summary, /缺少 \(cd_time, row_guid\) 索引/);
    assert.match(noIndex.summary, /缺少以 row_guid 开头的索引（最好是主键）.*SYNC_INITIAL_LOAD=keyset/);
  });

  it('passes an intact table, with row count, newest change, lag and the cursor index as evidence', () => {
    const basic = check(report, 'front.table.up_task_general_basic');
    assert.equal(basic.status, 'pass', basic.summary);
    assert.ok(
      basic.evidence.some((line) => line === '行数 300'),
      basic.evidence.join(' | '),
    );
    assert.ok(basic.evidence.some((line) => /最新变更 cd_time = 2026-11-29 \d{2}:\d{2}:\d{2}/.test(line)));
    assert.ok(basic.evidence.some((line) => /延迟/.test(line)));
    assert.ok(basic.evidence.some((line) => /索引：.*\(cd_time, row_guid\)/.test(line)));
  });

  it('counts the rows a stopped first load still has to read (the CLI progress bar)', async () => {
    const ids = await front.query<{ row_guid: string }>('SELECT row_guid FROM up_task_general_basic ORDER BY row_guid');
    const middle = ids[Math.floor(ids.length / 2)]?.row_guid as string;
    const metadata = embeddedFrontSql(front, '+08:00');
    const left = await rowsAfterId(metadata, 'up_task_general_basic', 'row_guid', middle);
    assert.equal(left, ids.filter((row) => row.row_guid > middle).length);
    assert.ok(left > 0 && left < ids.length);
  });

  it('dry-reads a page through the mapping and counts the row that would be quarantined, with its reason', () => {
    const dry = check(report, 'dry-read.up_pro_accept');
    assert.notEqual(dry.status, 'pass');
    assert.ok(
      dry.evidence.some((line) => /将被隔离 1 行/.test(line)),
      dry.evidence.join(' | '),
    );
    assert.ok(
      dry.evidence.some((line) => /隔离原因：unknown_code（applyer_page_type）/.test(line)),
      dry.evidence.join(' | '),
    );
    assert.ok(
      dry.evidence.some((line) => line.includes(BAD_GUID)),
      'the example names the source row',
    );
    const good = check(report, 'dry-read.up_task_general_basic');
    assert.equal(good.status, 'pass', good.evidence.join(' | '));
    assert.ok(
      good.evidence.some((line) => /将生成记录：items/.test(line)),
      good.evidence.join(' | '),
    );
  });

  it('writes nothing: front rows, library rows and sync bookkeeping are unchanged', async () => {
    const accept = Number((await front.query<{ n: unknown }>('SELECT count(*) AS n FROM up_pro_accept'))[0]?.n);
    assert.equal(accept, acceptRowsBefore);
    for (const table of ['items', 'case_acceptances', 'sync_runs', 'sync_state', 'sync_quarantine', 'sync_pending']) {
      const { rows } = await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      assert.equal(rows[0]?.n, 0, table);
    }
  });

  it('checks configuration and the store, and sums up to a failure', () => {
    assert.equal(check(report, 'store.migrations').status, 'pass');
    assert.equal(check(report, 'config.front').status, 'warn');
    assert.equal(check(report, 'config.layout').status, 'pass');
    assert.equal(report.summary.verdict, 'fail');
    assert.equal(report.summary.fail, report.checks.filter((each) => each.status === 'fail').length);
    assert.ok(!JSON.stringify(report).match(/\d{17}[\dXx]/), 'no ID number anywhere in the report');
  });

  it('writes the acceptance report as Markdown, HTML and JSON', async () => {
    const written = await writeReport(report, outDir);
    if (process.env.DOCTOR_TEST_PRINT) process.stdout.write(readFileSync(written.markdown, 'utf8'));
    const markdown = readFileSync(written.markdown, 'utf8');
    assert.match(markdown, /^# 政务服务平台对接联调\/验收报告/);
    assert.match(markdown, /## 二、检查汇总/);
    assert.match(markdown, /\| ❌ 失败 \| 表 up_pro_special_procedure 不存在/);
    assert.match(markdown, /生成时间：2\d{3}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}（北京时间）/);
    const html = readFileSync(written.html, 'utf8');
    assert.match(html, /<html lang="zh-CN">/);
    assert.match(html, /<th scope="col">结果<\/th>/);
    assert.match(html, /缺少必需列 result_type/);
    assert.match(html, /签字确认/);
    assert.deepEqual(JSON.parse(readFileSync(written.json, 'utf8')).summary, report.summary);
  });
});
