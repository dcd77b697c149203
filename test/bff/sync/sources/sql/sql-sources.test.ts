/**
 * The SQL source adapters (issue 4 item 1) against real fronts: MariaDB (mysql2), PostgreSQL (pg)
 * and the embedded PGlite. Keyset order across equal times, the exclusive upper bound, columns for
 * drift detection, the source clock in the configured zone (the servers run in UTC), fractional
 * seconds and big numbers as exact text.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KeysetPageRequest, SqlSource } from '../../../../../bff/sync/contracts.js';
import { SourceIdentifierError } from '../../../../../bff/sync/sources/sql/keyset-sql.js';
import {
  compareSourceTimes,
  secondsBetween,
  shiftSourceTime,
  sourceTimeToIso,
} from '../../../../../bff/sync/sources/sql/source-time.js';
import { mariadbFront, pgliteFront, postgresFront, type TestFront } from '../../support/front-targets.js';
import { acceptRow } from '../../support/scenario.js';

const TABLES = { accept: 'src_accept', process: 'src_process' };

function page(overrides: Partial<KeysetPageRequest> = {}): KeysetPageRequest {
  return {
    table: TABLES.accept,
    timeColumn: 'cd_time',
    idColumn: 'row_guid',
    after: null,
    before: '2099-01-01 00:00:00',
    limit: 100,
    ...overrides,
  };
}

/** Beijing wall-clock time now, as the source should report it. */
function beijingNow(offsetHours = 8): number {
  return Date.now() + offsetHours * 3600_000;
}

function wallClockMs(text: string): number {
  return Date.parse(text.replace(' ', 'T') + 'Z');
}

for (const target of [pgliteFront, mariadbFront(), postgresFront()]) {
  describe(`SQL source on ${target.name}`, { skip: target.skip }, () => {
    let front: TestFront;
    let source: SqlSource;

    before(async () => {
      front = await target.setup();
      await front.createTables(TABLES, { fractional: true });
      await front.upsert(TABLES.accept, [
        acceptRow(1, '2026-03-02 10:00:00.000000'),
        acceptRow(2, '2026-03-02 10:00:00.500000'),
        acceptRow(3, '2026-03-02 10:00:00.500000'),
        acceptRow(4, '2026-03-02 10:00:00.500000'),
        acceptRow(5, '2026-03-02 23:59:59.999999'),
      ]);
      source = await front.openSource('+08:00');
    });
    after(async () => {
      await source?.close();
      await front?.teardown();
    });

    test('describes columns, and answers null for a missing table', async () => {
      const columns = await source.columns(TABLES.accept);
      assert.ok(columns);
      const byName = new Map(columns.map((c) => [c.name, c]));
      assert.equal(byName.get('row_guid')?.nullable, false);
      assert.equal(byName.get('row_guid')?.length, 50);
      assert.equal(byName.get('task_name')?.nullable, true);
      assert.match(byName.get('cd_time')?.type ?? '', /^(datetime|timestamp)$/);
      assert.equal(await source.columns('no_such_table'), null);
    });

    test('reads the source clock in the configured zone, not the server default (UTC)', async () => {
      const now = await source.now();
      assert.match(now, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
      assert.ok(Math.abs(wallClockMs(now) - beijingNow()) < 10_000, `${now} is Beijing time`);
      const west = await front.openSource('-05:00');
      try {
        assert.ok(Math.abs(wallClockMs(await west.now()) - beijingNow(-5)) < 10_000);
      } finally {
        await west.close();
      }
    });

    test('pages by (time, id) strictly after the cursor and strictly before the upper bound', async () => {
      const ids = (rows: readonly Record<string, unknown>[]) => rows.map((r) => r.row_guid);
      assert.deepEqual(ids(await source.readPage(page({ limit: 2 }))), ['A000001', 'A000002']);
      // The page boundary falls inside a group of equal times: the next page continues within it.
      const cursor = { time: '2026-03-02 10:00:00.500000', id: 'A000002' };
      assert.deepEqual(ids(await source.readPage(page({ after: cursor, limit: 2 }))), ['A000003', 'A000004']);
      assert.deepEqual(
        ids(await source.readPage(page({ after: cursor, before: '2026-03-02 23:59:59.999999' }))),
        ['A000003', 'A000004'],
        'the upper bound is exclusive',
      );
      assert.deepEqual(
        ids(await source.readPage(page({ after: { time: '2026-03-02 23:59:59.999999', id: 'A000005' } }))),
        [],
      );
    });

    test('first-load pages go by row id strictly after the last one, below the upper time', async () => {
      const ids = (rows: readonly Record<string, unknown>[]) => rows.map((r) => r.row_guid);
      const snapshotPage = (afterId: string | null, before: string, limit = 2) =>
        source.readSnapshotPage({
          table: TABLES.accept,
          timeColumn: 'cd_time',
          idColumn: 'row_guid',
          afterId,
          before,
          limit,
        });
      assert.deepEqual(ids(await snapshotPage(null, '2099-01-01 00:00:00')), ['A000001', 'A000002']);
      assert.deepEqual(ids(await snapshotPage('A000002', '2099-01-01 00:00:00')), ['A000003', 'A000004']);
      assert.deepEqual(ids(await snapshotPage('A000004', '2099-01-01 00:00:00')), ['A000005']);
      // The upper time is exclusive, as for cursor pages.
      assert.deepEqual(ids(await snapshotPage('A000002', '2026-03-02 10:00:00.500000', 10)), []);
      assert.deepEqual(ids(await snapshotPage(null, '2026-03-02 23:59:59.999999', 10)), [
        'A000001',
        'A000002',
        'A000003',
        'A000004',
      ]);
      await assert.rejects(
        source.readSnapshotPage({
          table: TABLES.accept,
          timeColumn: 'cd_time',
          idColumn: 'row_guid desc',
          afterId: null,
          before: '2099-01-01 00:00:00',
          limit: 1,
        }),
        SourceIdentifierError,
      );
    });

    test('keeps fractional seconds and reads every value as text or exact number', async () => {
      const [last] = await source.readPage(page({ after: { time: '2026-03-02 10:00:00.5', id: 'A000004' } }));
      assert.ok(last);
      assert.match(String(last.cd_time), /^2026-03-02 23:59:59\.999999$/);
      assert.equal(last.applyer_page_code, acceptRow(5, '').applyer_page_code);
      assert.equal(typeof last.task_name, 'string');
    });

    test('re-reads rows by id (retry-quarantine)', async () => {
      const rows = await source.readByIds(TABLES.accept, 'row_guid', ['A000003', 'A000005', 'missing']);
      assert.deepEqual(rows.map((r) => r.row_guid).sort(), ['A000003', 'A000005']);
    });

    test('refuses table or column names that are not plain identifiers', async () => {
      await assert.rejects(
        source.readPage(page({ table: 'src_accept; DROP TABLE src_accept' })),
        SourceIdentifierError,
      );
      await assert.rejects(source.readPage(page({ idColumn: 'row_guid)--' })), SourceIdentifierError);
    });
  });
}

describe('source time text', () => {
  test('shifts keep precision and suffix, and handle day and month boundaries', () => {
    assert.equal(shiftSourceTime('2026-03-01 00:00:05', -10), '2026-02-28 23:59:55');
    assert.equal(shiftSourceTime('2026-03-02 10:00:00.999999', 0.000001), '2026-03-02 10:00:01.000000');
    assert.equal(shiftSourceTime('2026-03-02 10:00:00.5', -300), '2026-03-02 09:55:00.5');
    assert.equal(shiftSourceTime('2026-03-02 10:00:00+08', 60), '2026-03-02 10:01:00+08');
    assert.equal(shiftSourceTime('0000-00-00 00:00:00', -60), '0000-00-00 00:00:00', 'a zero date stays');
  });

  test('converts to ISO with the source zone and compares across precisions', () => {
    assert.equal(sourceTimeToIso('2026-03-02 23:59:59.999999', '+08:00'), '2026-03-02T23:59:59.999999+08:00');
    assert.equal(sourceTimeToIso('2026-03-02 10:00:00+08', '-05:00'), '2026-03-02T10:00:00.000000+08:00');
    assert.equal(sourceTimeToIso('0000-00-00 00:00:00', '+08:00'), null);
    assert.equal(compareSourceTimes('2026-03-02 10:00:00.5', '2026-03-02 10:00:00.500000'), 0);
    assert.equal(compareSourceTimes('2026-03-02 10:00:00.499999', '2026-03-02 10:00:00.5'), -1);
    assert.equal(compareSourceTimes('0000-00-00 00:00:00', '1970-01-01 00:00:00'), -1);
    assert.equal(secondsBetween('2026-03-02 10:00:00', '2026-03-02 10:01:00.5'), 60.5);
  });
});
