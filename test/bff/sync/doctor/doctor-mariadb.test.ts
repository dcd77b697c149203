/**
 * `govdock doctor` against a real MariaDB front processor (FRONT_MYSQL_URL; required in CI) with
 * the national layout: a table missing, a required column missing, a column longer than the
 * standard, a zero date — the classic MySQL bad row — and the report saying each of them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../../../bff/config.js';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../../bff/store/store.js';
import { openFrontSql } from '../../../../bff/sync/doctor/front-metadata.js';
import { runDoctor } from '../../../../bff/sync/doctor/run-doctor.js';
import type { CheckResult, DoctorReport } from '../../../../bff/sync/doctor/types.js';
import { nationalLayout } from '../../../../bff/sync/layouts/index.js';
import { openFrontSource } from '../../../../bff/sync/sources/open.js';
import { requireService } from '../../../support/services.js';
import { simulatedMariadbFront, type SimulatedFront } from './simulated-front.js';

const mariadb = requireService('FRONT_MYSQL_URL');
const ZERO_DATE_GUID = 'doctor-zero-date-0001';

function check(report: DoctorReport, id: string): CheckResult {
  const found = report.checks.find((each) => each.id === id);
  assert.ok(found, `no check ${id}`);
  return found;
}

describe('doctor against MariaDB', { skip: mariadb.skip }, () => {
  let simulated: SimulatedFront;
  let store: Store;
  let report: DoctorReport;

  before(async () => {
    simulated = await simulatedMariadbFront(mariadb.url as string);
    const { front } = simulated;
    await front.exec('DROP TABLE up_pro_special_procedure');
    await front.exec('ALTER TABLE up_pro_result DROP COLUMN result_type');
    await front.exec('ALTER TABLE up_pro_accept MODIFY project_no varchar(100) NOT NULL');
    // The vendor's pusher runs without strict mode: zero dates get in.
    const [first] = await front.query<Record<string, unknown>>(
      'SELECT * FROM up_pro_accept ORDER BY cd_time, row_guid LIMIT 1',
    );
    assert.ok(first);
    const row: Record<string, unknown> = { ...first, row_guid: ZERO_DATE_GUID, project_no: 'DOCTOR-ZERO-0001' };
    row.accept_date = '0000-00-00 00:00:00';
    row.cd_time = '2000-01-01 00:00:00';
    const columns = Object.keys(row);
    await front.exec(
      `SET SESSION sql_mode = ''; INSERT INTO up_pro_accept (${columns.join(', ')}) VALUES (${columns
        .map((column) => (row[column] === null ? 'NULL' : `'${String(row[column]).replace(/'/g, "''")}'`))
        .join(', ')})`,
    );
    store = await openStore({ dataDir: 'memory://' });
    await migrate(store);
    const config = loadConfig({}, { frontUrl: simulated.url });
    report = await runDoctor({
      config,
      store,
      loadLayout: () => nationalLayout,
      openSource: () => openFrontSource(simulated.url, { sourceTimeZone: '+08:00' }),
      openMetadata: () => openFrontSql(simulated.url, '+08:00'),
    });
  });
  after(async () => {
    await store?.close();
    await simulated?.drop();
  });

  it('connects and names the front processor without its password', () => {
    const connect = check(report, 'front.connect');
    assert.equal(connect.status, 'pass');
    assert.equal(check(report, 'config.front').status, 'pass');
    const password = new URL(simulated.url).password;
    if (password) assert.ok(!JSON.stringify(report).includes(password));
  });

  it('fails the missing table and the missing required column', () => {
    assert.equal(check(report, 'front.table.up_pro_special_procedure').status, 'fail');
    assert.match(check(report, 'front.table.up_pro_special_procedure').summary, /不存在/);
    const result = check(report, 'front.table.up_pro_result');
    assert.equal(result.status, 'fail');
    assert.match(result.summary, /缺少必需列 result_type/);
  });

  it('warns about a column longer than the standard allows', () => {
    const accept = check(report, 'front.table.up_pro_accept');
    assert.equal(accept.status, 'warn');
    assert.match(accept.summary, /列 project_no 长度 100 超过标准 50/);
  });

  it('reports MariaDB facts: rows, newest change in the source zone, the cursor index', () => {
    const basic = check(report, 'front.table.up_task_general_basic');
    assert.equal(basic.status, 'pass', basic.summary);
    assert.ok(basic.evidence.includes('行数 300'), basic.evidence.join(' | '));
    assert.ok(
      basic.evidence.some((line) => /最新变更 cd_time = 2026-11-29 10:00:00/.test(line)),
      basic.evidence.join(' | '),
    );
    assert.ok(basic.evidence.some((line) => /up_task_general_basic_cd_time_idx\(cd_time, row_guid\)/.test(line)));
  });

  it('finds the zero-date row in the dry read, with its reason and position', () => {
    const dry = check(report, 'dry-read.up_pro_accept');
    assert.notEqual(dry.status, 'pass');
    assert.ok(
      dry.evidence.some((line) => /隔离原因：bad_date（accept_date）/.test(line)),
      dry.evidence.join(' | '),
    );
    assert.ok(dry.evidence.some((line) => line.includes(ZERO_DATE_GUID)));
    assert.equal(report.summary.verdict, 'fail');
  });
});
