/**
 * The incremental-sync guarantees (sync-anchors §4.1 G1–G11, issue 4 items 4, 5 and 10) on both
 * stacks: embedded (PGlite library + PGlite front) and production (PostgreSQL + MariaDB). Each test
 * uses its own source tables and starts from an empty library.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { faultAt } from '../../../../bff/sync/engine/faults.js';
import { listStreamStatus } from '../../../../bff/sync/status.js';
import type { SqlSource, StreamDefinition, SyncService } from '../../../../bff/sync/contracts.js';
import { freshTables, openStack, stacks, type OpenStack } from '../support/stacks.js';
import {
  acceptRow,
  expectedSnapshot,
  librarySnapshot,
  processRow,
  resetLibrary,
  testService,
  timeAt,
} from '../support/scenario.js';
import { testLayout } from '../support/test-layout.js';
import type { FrontRowValues } from '../support/front-targets.js';

for (const stack of stacks()) {
  describe(`sync guarantees — ${stack.name}`, { skip: stack.skip }, () => {
    let open: OpenStack;
    const services: SyncService[] = [];
    const sources: SqlSource[] = [];

    before(async () => {
      open = await openStack(stack);
    });
    after(async () => {
      for (const service of services) await service.close().catch(() => undefined);
      for (const source of sources) await source.close().catch(() => undefined);
      await open?.close();
    });
    beforeEach(async () => {
      await resetLibrary(open.library.store);
    });

    async function scenario(config: Parameters<typeof testService>[1] = {}, options: { fractional?: boolean } = {}) {
      const tables = freshTables();
      await open.front.createTables(tables, options);
      const source = await open.front.openSource();
      sources.push(source);
      const layout = testLayout(tables);
      const make = (
        overrides: Parameters<typeof testService>[1] = {},
        deps: Partial<Parameters<typeof testService>[0]> = {},
      ) => {
        const service = testService(
          { store: open.library.store, source, layout, databaseUrl: open.library.url, ...deps },
          { ...config, ...overrides },
        );
        services.push(service);
        return service;
      };
      return { tables, source, layout, service: make(), make };
    }

    /**
     * Runs `table` with a crash after the merge of its second page, before COMMIT; returns how many
     * of its `rows` the library holds — always whole pages of 4.
     */
    async function crashInSecondPage(
      make: Awaited<ReturnType<typeof scenario>>['make'],
      table: string,
      rows: number,
    ): Promise<number> {
      const crashing = make(
        {},
        {
          faults: faultAt({ phase: 'merge', occurrence: 2 }, () => {
            throw new Error('injected crash');
          }),
        },
      );
      const [crashed] = await crashing.run(table);
      assert.equal(crashed?.status, 'failed');
      const { rows: committed } = await open.library.store.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM case_acceptances',
      );
      const done = committed[0]?.n ?? 0;
      assert.ok(done < rows && done % 4 === 0, `${done} rows committed, in whole pages`);
      return done;
    }

    test('equal change times across page boundaries lose nothing, even with a crash inside the group', async () => {
      // By cursor pages: a stream that already has a cursor (first loads read in id order, below).
      const { tables, make } = await scenario({ pageSize: 4, initialLoad: 'keyset' });
      const same = timeAt(100);
      const accepts = Array.from({ length: 12 }, (_, i) => acceptRow(i, same));
      await open.front.upsert(tables.accept, accepts);
      // Stop in the middle of the second page of the group. Pages commit in order (two may be in
      // flight on PostgreSQL): the cursor sits on the last committed row, inside the group of equal times.
      const done = await crashInSecondPage(make, tables.accept, 12);
      const { rows: cursor } = await open.library.store.query<{ cursor_id: string }>(
        'SELECT cursor_id FROM sync_state WHERE stream = $1',
        [`t:${tables.accept}`],
      );
      assert.equal(
        cursor[0]?.cursor_id,
        done === 0 ? undefined : `A${String(done - 1).padStart(6, '0')}`,
        'the cursor is on the last committed row',
      );
      const [resumed] = await make().run(tables.accept);
      assert.equal(resumed?.status, 'succeeded');
      assert.equal(resumed?.counts.inserted, 12 - done);
      const snapshot = await librarySnapshot(open.library.store);
      assert.deepEqual(snapshot.cases, expectedSnapshot(accepts, []).cases);
    });

    test('a first load reads in id order, resumes after a crash under its own upper time, then hands over to the cursor', async () => {
      const { tables, make } = await scenario({ pageSize: 4 });
      const streamKey = `t:${tables.accept}`;
      // Ids and times in opposite orders: an id-ordered load must still end with the cursor on the newest row.
      const accepts = Array.from({ length: 12 }, (_, i) => acceptRow(i, timeAt(200 - i)));
      await open.front.upsert(tables.accept, accepts);
      const done = await crashInSecondPage(make, tables.accept, 12);
      const state = async () =>
        (
          await open.library.store.query<Record<string, string | null>>(
            `SELECT cursor_text, cursor_id, snapshot_hi, snapshot_after_id, snapshot_max_time, snapshot_max_id
               FROM sync_state WHERE stream = $1`,
            [streamKey],
          )
        ).rows[0];
      const during = await state();
      if (done > 0) {
        assert.equal(during?.cursor_id, null, 'no cursor while the load runs');
        assert.equal(
          during?.snapshot_after_id,
          `A${String(done - 1).padStart(6, '0')}`,
          'position = last committed id',
        );
        // The newest row so far is the first one (times fall as ids rise).
        assert.equal(during?.snapshot_max_id, 'A000000');
        // Operators see how far the load got (sync status, the operator page).
        const [status] = await listStreamStatus(open.library.store, {
          sourceId: 't',
          streams: [{ name: tables.accept, kind: 'cases', sourceTable: tables.accept }],
        });
        assert.equal(status?.initialLoad?.afterId, during?.snapshot_after_id);
        assert.equal(status?.cursor, null);
      }
      // A row changed while the load is interrupted is taken in its new version (by the load when its id
      // is still ahead, else by the cursor after it).
      await open.front.upsert(tables.accept, [acceptRow(11, timeAt(300), { task_name: '变更后' })]);
      accepts[11] = acceptRow(11, timeAt(300), { task_name: '变更后' });
      const [resumed] = await make().run(tables.accept);
      assert.equal(resumed?.status, 'succeeded');
      assert.equal(resumed?.counts.inserted, 12 - done, 'the rest of the load, nothing twice');
      const after = await state();
      assert.equal(after?.snapshot_hi, null, 'the load has ended');
      assert.equal(after?.cursor_id, 'A000011', 'the cursor stands on the newest row read');
      assert.match(after?.cursor_text ?? '', /10:05:00/);
      assert.deepEqual((await librarySnapshot(open.library.store)).cases, expectedSnapshot(accepts, []).cases);
      // From now on by cursor: only what changes is read.
      await open.front.upsert(tables.accept, [acceptRow(12, timeAt(301))]);
      const [next] = await make().run(tables.accept);
      assert.equal(next?.counts.read, 1);
    });

    test('a load takes rows below its upper time; rows changed during it and batches pushed later with older times are not lost', async () => {
      const { tables, make } = await scenario({ pageSize: 3, lookbackSeconds: 0 });
      const accepts = Array.from({ length: 7 }, (_, i) => acceptRow(i, timeAt(10 + i)));
      await open.front.upsert(tables.accept, accepts);
      const [first] = await make().run(tables.accept);
      assert.equal(first?.counts.read, 7);
      // A vendor's batch arrives later carrying change times between the newest row and source-now:
      // the cursor stands on the newest row read, not on the load's upper time, so it is still ahead.
      const late = [acceptRow(20, timeAt(500)), acceptRow(21, timeAt(600))];
      await open.front.upsert(tables.accept, late);
      const [second] = await make().run(tables.accept);
      assert.equal(second?.counts.inserted, 2);
      assert.deepEqual(
        (await librarySnapshot(open.library.store)).cases,
        expectedSnapshot([...accepts, ...late], []).cases,
      );
      // A full run re-reads by id order and leaves the newer cursor where it is.
      const [full] = await make().run(tables.accept, { full: true });
      assert.equal(full?.counts.read, 9);
      assert.equal(full?.counts.unchanged, 9);
      const { rows } = await open.library.store.query<{ cursor_id: string; snapshot_hi: string | null }>(
        'SELECT cursor_id, snapshot_hi FROM sync_state WHERE stream = $1',
        [`t:${tables.accept}`],
      );
      assert.deepEqual(rows, [{ cursor_id: 'A000021', snapshot_hi: null }]);
    });

    test('late commits: below the safety lag by the normal path, above it by the look-back window', async () => {
      const { tables, make } = await scenario({ pageSize: 10 });
      // Rows whose time is newer than source-now minus the lag are not read yet (G1).
      const clock = await open.front.openSource();
      const sourceNow = await clock.now();
      await clock.close();
      await open.front.upsert(tables.accept, [acceptRow(1, timeAt(0))]);
      const lagged = make({ safetyLagSeconds: 3600 });
      await open.front.upsert(tables.accept, [acceptRow(2, sourceNow)]);
      const [first] = await lagged.run(tables.accept);
      assert.equal(first?.counts.read, 1, 'the row inside the safety lag waits for a later run');
      const [second] = await make({ safetyLagSeconds: 0 }).run(tables.accept);
      assert.equal(second?.counts.inserted, 1, 'picked up once it is older than the lag');

      // A commit that shows up after the cursor passed its time: the look-back re-reads it (G2)…
      await open.front.upsert(tables.accept, [acceptRow(3, timeAt(50))]);
      const [withoutLookback] = await make({ lookbackSeconds: 0 }).run(tables.accept);
      assert.equal(withoutLookback?.counts.read, 0, 'without a look-back the late row would be lost');
      const [withLookback] = await make({ lookbackSeconds: 365 * 86400 }).run(tables.accept);
      assert.equal(withLookback?.counts.inserted, 1, 'the look-back window catches the late commit');
      assert.equal(withLookback?.counts.unchanged, 2, 'rows re-read by the look-back change nothing');
      const { cases } = await librarySnapshot(open.library.store);
      assert.equal(cases.length, 3);
    });

    test('duplicate delivery and a rewound cursor change nothing', async () => {
      const { tables, service } = await scenario({ pageSize: 3 });
      const accepts = Array.from({ length: 7 }, (_, i) => acceptRow(i, timeAt(i)));
      await open.front.upsert(tables.accept, accepts);
      await service.run(tables.accept);
      const before = await librarySnapshot(open.library.store);
      await open.library.store.query(
        "UPDATE sync_state SET cursor_text = '2000-01-01 00:00:00', cursor_id = '' WHERE stream = $1",
        [`t:${tables.accept}`],
      );
      const [replayed] = await service.run(tables.accept);
      assert.equal(replayed?.counts.read, 7);
      assert.equal(replayed?.counts.unchanged, 7);
      assert.equal(replayed?.counts.inserted + (replayed?.counts.updated ?? 0), 0);
      const [full] = await service.run(tables.accept, { full: true });
      assert.equal(full?.counts.unchanged, 7);
      assert.deepEqual(await librarySnapshot(open.library.store), before);
      const { rows } = await open.library.store.query<{ n: number }>('SELECT count(*)::int AS n FROM case_acceptances');
      assert.equal(rows[0]?.n, 7, 'no duplicates');
    });

    test('two runners at once: the second one skips', async () => {
      const { tables, layout, source } = await scenario({ pageSize: 2 });
      await open.front.upsert(
        tables.accept,
        Array.from({ length: 10 }, (_, i) => acceptRow(i, timeAt(i))),
      );
      const store = open.library.name === 'postgres' ? await open.library.openAnother() : open.library.store;
      // Slow pages, so that the two runs overlap for certain.
      const slow = {
        hit: (phase: string) => (phase === 'read' ? new Promise<void>((r) => setTimeout(r, 40)) : undefined),
      };
      const first = testService({
        store: open.library.store,
        source,
        layout,
        databaseUrl: open.library.url,
        faults: slow,
      });
      const second = testService({ store, source, layout, databaseUrl: open.library.url, faults: slow });
      services.push(first, second);
      const [a, b] = await Promise.all([first.run(tables.accept), second.run(tables.accept)]);
      const statuses = [a?.[0]?.status, b?.[0]?.status].sort();
      assert.deepEqual(statuses, ['skipped', 'succeeded']);
      const [later] = await second.run(tables.accept);
      assert.equal(later?.status, 'succeeded', 'the lock is released after the run');
    });

    test('out-of-order versions: the newest wins, and a delete is not undone by an older row', async () => {
      const { tables, service } = await scenario({ lookbackSeconds: 365 * 86400 });
      // Two source rows for one case: the newer one arrives first.
      await open.front.upsert(tables.accept, [acceptRow(1, timeAt(20), { row_guid: 'NEW', task_name: '新' })]);
      await service.run(tables.accept);
      await open.front.upsert(tables.accept, [acceptRow(1, timeAt(10), { row_guid: 'OLD', task_name: '旧' })]);
      const [stale] = await service.run(tables.accept);
      assert.equal(stale?.counts.unchanged, 2);
      const { rows } = await open.library.store.query<{ item_name: string }>(
        "SELECT item_name FROM case_acceptances WHERE project_no = 'P000001'",
      );
      assert.equal(rows[0]?.item_name, '新');
      // A delete at t=30; the front then purges the delete row, and an older upsert arrives late.
      await open.front.upsert(tables.accept, [acceptRow(1, timeAt(30), { row_guid: 'DEL', cd_operation: 'D' })]);
      const [deleted] = await service.run(tables.accept);
      assert.equal(deleted?.counts.deleted, 1);
      await open.front.exec(`DELETE FROM ${tables.accept} WHERE row_guid = 'DEL'`);
      await open.front.upsert(tables.accept, [acceptRow(1, timeAt(25), { row_guid: 'LATE', task_name: '迟到' })]);
      const [late] = await service.run(tables.accept);
      assert.equal(late?.counts.inserted, 0);
      const { rows: after } = await open.library.store.query(
        "SELECT 1 FROM case_acceptances WHERE project_no = 'P000001'",
      );
      assert.equal(after.length, 0, 'an older upsert must not resurrect a deleted case (tombstone)');
      // A newer upsert after the delete brings it back.
      await open.front.upsert(tables.accept, [acceptRow(1, timeAt(40), { row_guid: 'AGAIN', task_name: '重新' })]);
      await service.run(tables.accept);
      const { rows: again } = await open.library.store.query<{ item_name: string }>(
        "SELECT item_name FROM case_acceptances WHERE project_no = 'P000001'",
      );
      assert.equal(again[0]?.item_name, '重新');
    });

    test('children before parents wait, are written with their parent, and time out into quarantine', async () => {
      const { tables, service, make } = await scenario({ pageSize: 5 });
      await open.front.upsert(tables.process, [
        processRow(1, 1, timeAt(1)),
        processRow(1, 2, timeAt(2)),
        processRow(2, 1, timeAt(3)),
      ]);
      const [children] = await service.run(tables.process);
      assert.equal(children?.counts.pending, 3);
      assert.equal((await librarySnapshot(open.library.store)).steps.length, 0);
      // The parent of case 1 arrives: its children are written in the same transaction as the parent.
      await open.front.upsert(tables.accept, [acceptRow(1, timeAt(5))]);
      const [parents] = await service.run(tables.accept);
      assert.equal(parents?.counts.inserted, 3, 'the case and its two waiting steps');
      const { rows: waiting } = await open.library.store.query<{ record_key: string }>(
        'SELECT record_key FROM sync_pending',
      );
      assert.equal(waiting.length, 1);
      // Case 2 never arrives: after the orphan timeout its step is quarantined.
      const [timedOut] = await make({ orphanTimeoutSeconds: 0 }).run(tables.process);
      assert.equal(timedOut?.counts.quarantined, 1);
      const { rows: quarantined } = await open.library.store.query<{ reason_code: string; source_key: string }>(
        'SELECT reason_code, source_key FROM sync_quarantine WHERE resolved_at IS NULL',
      );
      assert.deepEqual(quarantined, [{ reason_code: 'orphan_timeout', source_key: 'S000002-1' }]);
      assert.equal((await open.library.store.query('SELECT 1 FROM sync_pending')).rows.length, 0);
    });

    test('malformed rows go to quarantine with reasons and masked personal data; good rows are written', async () => {
      const { tables, service } = await scenario({ pageSize: 4, errorBudget: { maxCount: 100, maxRatio: 1 } });
      const rows: FrontRowValues[] = [
        acceptRow(1, timeAt(1)),
        acceptRow(2, timeAt(2), { project_no: null }),
        acceptRow(3, timeAt(3), { task_name: '长'.repeat(101) }),
        acceptRow(4, timeAt(4), { cd_operation: 'X' }),
        acceptRow(5, timeAt(5)),
        // Refused by the database (a CHECK added below): isolated by bisecting the page.
        acceptRow(6, timeAt(6)),
        acceptRow(7, timeAt(7)),
      ];
      await open.front.upsert(tables.accept, rows);
      await open.library.store.exec(
        "ALTER TABLE case_acceptances ADD CONSTRAINT test_no_p6 CHECK (project_no <> 'P000006')",
      );
      try {
        const [run] = await service.run(tables.accept);
        assert.equal(run?.status, 'succeeded');
        assert.equal(run?.counts.inserted, 3);
        assert.equal(run?.counts.quarantined, 4);
      } finally {
        await open.library.store.exec('ALTER TABLE case_acceptances DROP CONSTRAINT test_no_p6');
      }
      const { rows: entries } = await open.library.store.query<{
        source_key: string;
        reason_code: string;
        reason_text: string;
        raw_row: Record<string, string>;
        source_position: string;
      }>(
        'SELECT source_key, reason_code, reason_text, raw_row, source_position FROM sync_quarantine ORDER BY source_key',
      );
      assert.deepEqual(
        entries.map((e) => [e.source_key, e.reason_code]),
        [
          ['A000002', 'missing_required'],
          ['A000003', 'too_long'],
          ['A000004', 'unknown_operation'],
          ['A000006', 'write_failed'],
        ],
      );
      for (const entry of entries) {
        assert.match(entry.reason_text, /[\u4e00-\u9fa5]/, 'a Chinese reason');
        assert.equal(JSON.parse(entry.source_position).rowId, entry.source_key);
        assert.ok(!/\d{17}[\dX]/.test(JSON.stringify(entry.raw_row)), 'no raw ID number in quarantine');
        assert.ok(!/1380000\d{4}/.test(JSON.stringify(entry.raw_row)), 'no raw mobile in quarantine');
        assert.match(entry.raw_row.applyer_page_code ?? '', /\*/);
      }
      // Re-reading the same bad rows (look-back, rewind) keeps one entry per row.
      await open.library.store.query('DELETE FROM sync_state');
      const [again] = await service.run(tables.accept);
      assert.equal(again?.counts.quarantined, 0, 'unchanged bad rows are not counted twice');
      const { rows: count } = await open.library.store.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM sync_quarantine',
      );
      assert.equal(count[0]?.n, 4);
    });

    test('the error budget fails the run but keeps the good rows', async () => {
      const { tables, make } = await scenario({ pageSize: 2 });
      const rows = Array.from({ length: 10 }, (_, i) =>
        acceptRow(i, timeAt(i), i % 2 === 1 ? { project_no: null } : {}),
      );
      await open.front.upsert(tables.accept, rows);
      const [byRatio] = await make({ errorBudget: { maxCount: 100, maxRatio: 0.2 } }).run(tables.accept);
      assert.equal(byRatio?.status, 'failed');
      assert.match(byRatio?.error ?? '', /错误预算/);
      assert.equal(byRatio?.counts.inserted, 5, 'good rows kept');
      await resetLibrary(open.library.store);
      const [byCount] = await make({ errorBudget: { maxCount: 1, maxRatio: 1 } }).run(tables.accept);
      assert.equal(byCount?.status, 'failed');
      assert.ok((byCount?.counts.read ?? 0) < 10, 'the count limit stops the run early');
      assert.ok((byCount?.counts.inserted ?? 0) >= 1);
    });

    test('schema drift: an added column is reported and kept, a missing required column stops only that stream', async () => {
      const { tables, service } = await scenario();
      await open.front.upsert(tables.accept, [acceptRow(1, timeAt(1))]);
      await open.front.upsert(tables.process, [processRow(1, 1, timeAt(2))]);
      await open.front.exec(`ALTER TABLE ${tables.accept} ADD COLUMN vendor_note varchar(50)`);
      await open.front.upsert(tables.accept, [acceptRow(2, timeAt(3), { vendor_note: '厂商新增字段' })]);
      const [accepted] = await service.run(tables.accept);
      assert.equal(accepted?.status, 'succeeded');
      const { rows: warnings } = await open.library.store.query<{ warnings: string[] }>(
        'SELECT warnings FROM sync_runs WHERE id = $1',
        [accepted?.runId],
      );
      assert.match(JSON.stringify(warnings[0]?.warnings), /vendor_note/);
      const { rows: extra } = await open.library.store.query<{ extra: Record<string, unknown> }>(
        "SELECT extra FROM case_acceptances WHERE project_no = 'P000002'",
      );
      assert.equal(extra[0]?.extra.vendor_note, '厂商新增字段');

      await open.front.exec(`ALTER TABLE ${tables.process} DROP COLUMN process_name`);
      const summaries = await service.run();
      const byName = new Map(summaries.map((s) => [s.stream, s]));
      assert.equal(byName.get(tables.accept)?.status, 'succeeded', 'the other stream goes on');
      assert.equal(byName.get(tables.process)?.status, 'failed');
      assert.match(byName.get(tables.process)?.error ?? '', /缺少必需的列 process_name/);
      const { rows: schema } = await open.library.store.query<{ missing_columns: string[] }>(
        'SELECT missing_columns FROM sync_stream_schemas WHERE stream = $1',
        [`t:${tables.process}`],
      );
      assert.deepEqual(schema[0]?.missing_columns, ['process_name']);
    });

    test('time zone and fractional seconds round-trip exactly', async () => {
      const { tables, service } = await scenario({ pageSize: 2 }, { fractional: true });
      const times = ['2026-03-02 23:59:59.999999', '2026-03-03 00:00:00.000001', '2026-03-03 00:00:00.5'];
      await open.front.upsert(
        tables.accept,
        times.map((time, i) => acceptRow(i, time)),
      );
      await service.run(tables.accept);
      const { rows } = await open.library.store.query<{ project_no: string; utc: string }>(
        `SELECT project_no, to_char(source_changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS utc
           FROM case_acceptances ORDER BY project_no`,
      );
      // Source wall clock is UTC+8: 23:59:59.999999 +08:00 = 15:59:59.999999 UTC.
      assert.deepEqual(
        rows.map((r) => r.utc),
        ['2026-03-02 15:59:59.999999', '2026-03-02 16:00:00.000001', '2026-03-02 16:00:00.500000'],
      );
      const { rows: cursor } = await open.library.store.query<{ cursor_text: string; utc: string }>(
        `SELECT cursor_text, to_char(cursor_time AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS utc
           FROM sync_state WHERE stream = $1`,
        [`t:${tables.accept}`],
      );
      assert.match(cursor[0]?.cursor_text ?? '', /^2026-03-03 00:00:00\.50*$/);
      assert.equal(cursor[0]?.utc, '2026-03-02 16:00:00.500000');
      // The cursor sits exactly on the last row: nothing is re-read or skipped next time.
      await open.front.upsert(tables.accept, [acceptRow(9, '2026-03-03 00:00:00.500001')]);
      const [next] = await service.run(tables.accept);
      assert.equal(next?.counts.read, 1);
    });

    test('a new step of a signed-in applicant becomes a notice and a case-progress event after COMMIT', async () => {
      const { createEventHub } = await import('../../../../bff/events/hub.js');
      const { keyHash, idNumberOf } = await import('../support/scenario.js');
      const hub = createEventHub();
      const events: unknown[] = [];
      hub.subscribe((event) => events.push(event));
      const { tables, make } = await scenario();
      const service = make({}, { hub, userKeyOf: (issuer, subject) => `user:${issuer}:${subject}` });
      await open.library.store.query(
        `INSERT INTO user_profiles (issuer, subject, user_type, id_key_hash) VALUES ('https://idp', 'u1', 'natural', $1)`,
        [keyHash(idNumberOf(1))],
      );
      await open.front.upsert(tables.accept, [acceptRow(1, timeAt(1)), acceptRow(2, timeAt(1))]);
      await open.front.upsert(tables.process, [processRow(1, 1, timeAt(2)), processRow(2, 1, timeAt(2))]);
      await service.run();
      // `case-progress` and the inbox's `notice` (issue 9), both to that user only.
      assert.deepEqual(
        events.map((e) => {
          const { type, userKey, data } = e as { type: string; userKey: string; data: Record<string, unknown> };
          return { type, userKey, data: type === 'notice' ? { kind: data.kind, link: data.link } : data };
        }),
        [
          { type: 'case-progress', data: { projectNo: 'P000001', kind: 'step' }, userKey: 'user:https://idp:u1' },
          { type: 'notice', data: { kind: 'case_progress', link: '#case=P000001' }, userKey: 'user:https://idp:u1' },
        ],
      );
      const { rows: notices } = await open.library.store.query<{ subject: string; kind: string; title: string }>(
        'SELECT subject, kind, title FROM notices',
      );
      assert.deepEqual(notices, [{ subject: 'u1', kind: 'case_progress', title: '您的办件有新进展' }]);
      // Re-delivery: no second notice, no second event.
      await open.library.store.query('DELETE FROM sync_state');
      await service.run();
      assert.equal(events.length, 2);
      assert.equal((await open.library.store.query('SELECT 1 FROM notices')).rows.length, 1);
    });

    test('retry-quarantine re-reads the source after a mapping fix and resolves the entries', async () => {
      const { tables, source, layout, service } = await scenario({ errorBudget: { maxCount: 100, maxRatio: 1 } });
      await open.front.upsert(tables.accept, [
        acceptRow(1, timeAt(1), { task_name: '长'.repeat(120) }),
        acceptRow(2, timeAt(2)),
      ]);
      const [run] = await service.run(tables.accept);
      assert.equal(run?.counts.quarantined, 1);
      const unfixed = await service.retryQuarantine(tables.accept);
      assert.deepEqual(unfixed, { retried: 1, resolved: 0, stillFailing: 1 });
      // The "fix": a mapping that shortens over-long names.
      const original = layout.streams[0] as StreamDefinition;
      const fixedStream: StreamDefinition = {
        ...original,
        map: (row, context) => original.map({ ...row, task_name: String(row.task_name).slice(0, 100) }, context),
      };
      const fixed = testService({
        store: open.library.store,
        source,
        layout: { name: 'fixed', streams: [fixedStream, layout.streams[1] as StreamDefinition] },
        databaseUrl: open.library.url,
      });
      services.push(fixed);
      assert.deepEqual(await fixed.retryQuarantine(tables.accept), { retried: 1, resolved: 1, stillFailing: 0 });
      const { rows } = await open.library.store.query<{ resolution: string; attempts: number }>(
        'SELECT resolution, attempts FROM sync_quarantine',
      );
      assert.deepEqual(rows, [{ resolution: 'retried', attempts: 2 }]);
      assert.equal((await librarySnapshot(open.library.store)).cases.length, 2);
    });

    test('a row fixed at the source supersedes its quarantine entry', async () => {
      const { tables, service } = await scenario({ errorBudget: { maxCount: 100, maxRatio: 1 } });
      await open.front.upsert(tables.accept, [acceptRow(1, timeAt(1), { project_no: null })]);
      await service.run(tables.accept);
      await open.front.upsert(tables.accept, [acceptRow(1, timeAt(9))]);
      await service.run(tables.accept);
      const { rows } = await open.library.store.query<{ resolution: string }>('SELECT resolution FROM sync_quarantine');
      assert.deepEqual(rows, [{ resolution: 'superseded' }]);
    });

    test('the run record keeps exact counts, bounds and a monotone cursor; metrics follow', async () => {
      const { createMetrics } = await import('../../../../bff/observability/metrics.js');
      const metrics = createMetrics();
      const { tables, make } = await scenario({ pageSize: 3, safetyLagSeconds: 1 });
      const service = make({}, { metrics });
      await open.front.upsert(
        tables.accept,
        Array.from({ length: 8 }, (_, i) => acceptRow(i, timeAt(i))),
      );
      const [run] = await service.run(tables.accept);
      const { rows } = await open.library.store.query<Record<string, unknown>>(
        `SELECT status, rows_read, rows_inserted, rows_updated, rows_unchanged, pages, run_hi, cursor_from, cursor_to,
                lag_seconds, finished_at IS NOT NULL AS finished FROM sync_runs WHERE id = $1`,
        [run?.runId],
      );
      const record = rows[0] as Record<string, unknown>;
      assert.equal(record.status, 'succeeded');
      assert.equal(record.rows_read, 8);
      assert.equal(record.rows_inserted, 8);
      assert.equal(record.pages, 3);
      assert.equal(record.cursor_from, null);
      assert.match(String(record.cursor_to), /^2026-03-02 10:00:07/);
      assert.match(String(record.run_hi), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
      assert.ok(Number(record.lag_seconds) > 0);
      assert.equal(record.finished, true);
      const exposition = await metrics.registry.metrics();
      assert.match(
        exposition,
        new RegExp(`govdock_sync_rows_total\\{stream="${tables.accept}",outcome="inserted"\\} 8`),
      );
      assert.match(
        exposition,
        new RegExp(`govdock_sync_runs_total\\{stream="${tables.accept}",status="succeeded"\\} 1`),
      );
      assert.match(exposition, new RegExp(`govdock_sync_lag_seconds\\{stream="${tables.accept}"\\} \\d`));
      assert.match(exposition, /govdock_sync_last_success_timestamp_seconds/);
      assert.deepEqual(run?.counts, {
        read: 8,
        inserted: 8,
        updated: 0,
        unchanged: 0,
        deleted: 0,
        quarantined: 0,
        pending: 0,
      });
      // An older cursor never replaces a newer one (look-back and full runs re-read below it).
      const [full] = await service.run(tables.accept, { full: true });
      assert.equal(full?.status, 'succeeded');
      const { rows: state } = await open.library.store.query<{ cursor_id: string }>(
        'SELECT cursor_id FROM sync_state WHERE stream = $1',
        [`t:${tables.accept}`],
      );
      assert.equal(state[0]?.cursor_id, 'A000007');
    });
  });
}
