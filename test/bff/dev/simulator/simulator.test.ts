import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFrontTarget, type FrontTarget } from '../../../../bff/dev/front-processor/open.js';
import { startSimulator } from '../../../../bff/dev/simulator/simulator.js';
import { DEMO_APPLICANTS } from '../../../../bff/dev/generator/demo-applicants.js';
import { requireService } from '../../../support/services.js';

const T0 = Date.parse('2026-03-02T10:00:00+08:00');

async function count(front: FrontTarget, table: string): Promise<number> {
  const rows = await front.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(rows[0]?.n);
}

async function maxCdTime(front: FrontTarget, table: string): Promise<string> {
  const rows = await front.query<{ t: unknown }>(`SELECT MAX(cd_time) AS t FROM ${table}`);
  const t = rows[0]?.t;
  return t instanceof Date ? t.toISOString() : String(t);
}

test('fills an embedded PGlite front, ticks add newer rows, a restart resumes without duplicates', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'govdock-front-'));
  let clock = T0;
  const options = { seed: 'sim-test', items: 400, cases: 1500, tickSeconds: 60, autoTick: false, now: () => clock };
  try {
    let front = await openFrontTarget({ pgliteDir: join(dir, 'front') });
    let sim = await startSimulator({ front, ...options });
    assert.equal(sim.stats().filled, true);
    assert.equal(await count(front, 'up_task_general_basic'), 400);
    const accepts = await count(front, 'up_pro_accept');
    assert.ok(accepts > 1000, `${accepts} accept rows`);
    assert.ok((await count(front, 'up_evaluate_record')) > 500);
    const before = await maxCdTime(front, 'up_pro_process');
    for (let i = 0; i < 4; i += 1) {
      clock += 60_000;
      await sim.tick();
    }
    const after = await maxCdTime(front, 'up_pro_process');
    assert.ok(after > before, `${after} should be newer than ${before}`);
    assert.ok((await count(front, 'up_pro_accept')) > accepts);
    // The demo applicants' cases exist and move.
    const zhang = DEMO_APPLICANTS[0];
    assert.ok(zhang?.kind === 'person');
    const demo = await front.query(`SELECT project_no FROM up_pro_accept WHERE applyer_page_code = $1`, [
      zhang.idNumber,
    ]);
    assert.ok(demo.length >= 2);
    await sim.close();
    const rowsBefore = await count(front, 'up_pro_process');
    await front.close();

    front = await openFrontTarget({ pgliteDir: join(dir, 'front') });
    // Second start runs on its own timer: it must tick by itself and close cleanly mid-run.
    sim = await startSimulator({ front, ...options, autoTick: true, tickSeconds: 1 });
    assert.equal(sim.stats().resumed, true);
    assert.equal(await count(front, 'up_pro_process'), rowsBefore, 'a restart must not refill');
    clock += 60_000;
    await sim.tick();
    const dupes = await front.query<{ n: unknown }>(
      `SELECT COUNT(*) AS n FROM (SELECT project_no, process_name, event_end_time FROM up_pro_process
        GROUP BY project_no, process_name, event_end_time HAVING COUNT(*) > 1) d`,
    );
    assert.equal(Number(dupes[0]?.n), 0);
    assert.ok((await count(front, 'up_pro_process')) > rowsBefore);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await sim.close();
    assert.ok(sim.stats().ticks >= 2, `${sim.stats().ticks} ticks`);
    await front.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const mysql = requireService('FRONT_MYSQL_URL');
test('fills a throw-away MariaDB/MySQL database through the mysql target', { skip: mysql.skip }, async () => {
  const base = new URL(mysql.url as string);
  const name = `govdock_front_${process.pid}_${Date.now() % 100000}`;
  const admin = await openFrontTarget(base.toString());
  await admin.exec(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
  try {
    const url = new URL(base.toString());
    url.pathname = `/${name}`;
    const front = await openFrontTarget(url.toString());
    let clock = T0;
    const sim = await startSimulator({
      front,
      seed: 'mysql',
      items: 200,
      cases: 500,
      tickSeconds: 30,
      autoTick: false,
      now: () => clock,
    });
    assert.equal(await count(front, 'up_task_general_basic'), 200);
    const accepts = await count(front, 'up_pro_accept');
    assert.ok(accepts > 300);
    for (let i = 0; i < 4; i += 1) {
      clock += 30_000;
      await sim.tick();
    }
    assert.ok((await count(front, 'up_pro_accept')) > accepts);
    await sim.close();
    await front.close();
  } finally {
    await admin.exec(`DROP DATABASE IF EXISTS ${name}`);
    await admin.close();
  }
});

const postgres = requireService('DATABASE_URL');
test('fills a throw-away PostgreSQL database through the pg target', { skip: postgres.skip }, async () => {
  const base = new URL(postgres.url as string);
  const name = `govdock_front_${process.pid}_${Date.now() % 100000}`;
  const admin = await openFrontTarget(base.toString());
  await admin.exec(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(base.toString());
    url.pathname = `/${name}`;
    const front = await openFrontTarget(url.toString());
    let clock = T0;
    const sim = await startSimulator({
      front,
      seed: 'pg',
      items: 200,
      cases: 500,
      tickSeconds: 30,
      autoTick: false,
      now: () => clock,
    });
    assert.equal(await count(front, 'up_task_general_basic'), 200);
    const rows = await count(front, 'up_pro_process');
    for (let i = 0; i < 4; i += 1) {
      clock += 30_000;
      await sim.tick();
    }
    assert.ok((await count(front, 'up_pro_process')) > rows);
    await sim.close();
    await front.close();
  } finally {
    await admin.exec(`DROP DATABASE IF EXISTS ${name}`);
    await admin.close();
  }
});
