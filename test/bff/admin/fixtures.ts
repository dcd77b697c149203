/**
 * What the operator tests share: a small layout (three streams of two kinds), sync bookkeeping rows
 * seeded the way the engine writes them, and a SyncService double that records runs in sync_runs
 * like the engine and lets a test decide when a run ends. The double stands in for the engine
 * (another area, tested on its own); the store, the routes and the SQL are real.
 */
import type { Layout, RunSummary, StreamDefinition, SyncService } from '../../../bff/sync/contracts.js';
import type { Store } from '../../../bff/store/store.js';

export const SOURCE_ID = 'front';
/** A raw row as the engine keeps it in quarantine (already masked by the engine) … */
export const QUARANTINED_ID_NUMBER = '230102199003071234';

function stream(name: string, kind: StreamDefinition['kind']): StreamDefinition {
  return {
    name,
    kind,
    sourceTable: name,
    cursor: { timeColumn: 'cd_time', idColumn: 'row_guid' },
    requiredColumns: ['row_guid', 'cd_time'],
    knownColumns: ['row_guid', 'cd_time', 'cd_operation'],
    map: () => ({ ok: true, records: [] }),
  };
}

export const testLayout: Layout = {
  name: 'test',
  streams: [
    stream('up_task_general_basic', 'items'),
    stream('up_pro_accept', 'cases'),
    stream('up_pro_process', 'cases'),
  ],
};

const key = (name: string) => `${SOURCE_ID}:${name}`;

export async function seedSyncTables(store: Store): Promise<{ runIds: number[]; quarantineIds: number[] }> {
  await store.exec(`
    DELETE FROM sync_pending; DELETE FROM sync_quarantine; DELETE FROM sync_runs; DELETE FROM sync_state;
    DELETE FROM sync_stream_schemas; DELETE FROM audit_log;`);
  const runIds: number[] = [];
  const addRun = async (
    stream: string,
    status: string,
    minutesAgo: number,
    extra: Partial<Record<string, unknown>> = {},
  ) => {
    const { rows } = await store.query<{ id: number }>(
      `INSERT INTO sync_runs (stream, started_at, finished_at, status, rows_read, rows_inserted, rows_updated,
         rows_unchanged, rows_deleted, rows_quarantined, rows_pending, rows_applied, lag_seconds, pages, error)
       VALUES ($1, now() - make_interval(mins => $2::int), now() - make_interval(mins => $2::int) + interval '3 seconds',
         $3, $4, $5::int, $6::int, $7, $8::int, $9, $10, $5::int + $6::int + $8::int, $11, 1, $12) RETURNING id`,
      [
        key(stream),
        minutesAgo,
        status,
        extra.read ?? 100,
        extra.inserted ?? 60,
        extra.updated ?? 20,
        extra.unchanged ?? 10,
        extra.deleted ?? 2,
        extra.quarantined ?? 5,
        extra.pending ?? 3,
        extra.lag ?? 12.5,
        extra.error ?? null,
      ],
    );
    runIds.push(rows[0]!.id);
  };
  await addRun('up_task_general_basic', 'succeeded', 120);
  await addRun('up_pro_accept', 'succeeded', 30, { lag: 8 });
  await addRun('up_pro_accept', 'failed', 10, { error: '前置机连接中断，已重试 5 次' });
  await addRun('up_pro_process', 'succeeded', 5, { lag: 4 });
  await store.query(
    `INSERT INTO sync_state (stream, cursor_time, cursor_id, cursor_text)
     VALUES ($1, '2026-11-29T02:15:00Z', 'guid-0042', '2026-11-29 10:15:00.250'),
            ($2, '2026-11-29T02:16:00Z', 'guid-0043', '2026-11-29 10:16:00')`,
    [key('up_pro_accept'), key('up_pro_process')],
  );
  const quarantineIds: number[] = [];
  const quarantine = async (stream: string, code: string, text: string, raw: Record<string, unknown>, guid: string) => {
    const { rows } = await store.query<{ id: number }>(
      `INSERT INTO sync_quarantine (stream, run_id, reason_code, reason_text, raw_row, source_position, source_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        key(stream),
        runIds[1],
        code,
        text,
        JSON.stringify(raw),
        `up_pro_accept cd_time=2026-11-29 10:00:00 row_guid=${guid}`,
        guid,
      ],
    );
    quarantineIds.push(rows[0]!.id);
  };
  await quarantine(
    'up_pro_accept',
    'bad_date',
    '受理时间 accept_time 不是有效日期：0000-00-00 00:00:00',
    { row_guid: 'g1', accept_time: '0000-00-00 00:00:00' },
    'g1',
  );
  // A raw row where the engine's masking missed an ID number: the API must still not show it.
  await quarantine(
    'up_pro_accept',
    'unknown_code',
    '证件类型 111x 不在代码表中',
    { row_guid: 'g2', apply_cardnumber: QUARANTINED_ID_NUMBER },
    'g2',
  );
  await quarantine('up_pro_process', 'missing_required', '缺少必填项 node_name', { row_guid: 'g3' }, 'g3');
  await store.query(
    `INSERT INTO sync_pending (stream, target, record_key, parent_target, parent_key_columns, parent_key, record, changed_at)
     VALUES ($1, 'case_process_steps', '{"k":1}', 'case_acceptances', 'project_no', '{"project_no":"X1"}', '{}', now()),
            ($1, 'case_process_steps', '{"k":2}', 'case_acceptances', 'project_no', '{"project_no":"X2"}', '{}', now())`,
    [key('up_pro_process')],
  );
  await store.query(
    `INSERT INTO sync_stream_schemas (stream, fingerprint, columns, added_columns, missing_columns)
     VALUES ($1, 'abc', '[]', '["vendor_note"]', '[]')`,
    [key('up_pro_process')],
  );
  return { runIds, quarantineIds };
}

export interface FakeSync extends SyncService {
  calls: { run: { target?: string; full?: boolean }[]; retry: (string | undefined)[] };
  /** Ends the runs started so far. */
  release(): void;
}

/** A SyncService double that writes 'running' rows at once and finishes them when released. */
export function fakeSync(store: Store, options: { holdRuns?: boolean } = {}): FakeSync {
  let releaseAll: () => void = () => {};
  let held = new Promise<void>((resolve) => (releaseAll = resolve));
  const calls: FakeSync['calls'] = { run: [], retry: [] };
  return {
    streams: testLayout.streams.map((s) => s.name),
    calls,
    release() {
      releaseAll();
      held = Promise.resolve();
    },
    async run(target, runOptions = {}) {
      calls.run.push({ target, full: runOptions.full });
      const names = testLayout.streams
        .filter((s) => !target || s.name === target || s.kind === target)
        .map((s) => s.name);
      const started: { id: number; stream: string }[] = [];
      for (const name of names) {
        const { rows } = await store.query<{ id: number }>(
          `INSERT INTO sync_runs (stream, status, full_run) VALUES ($1, 'running', $2) RETURNING id`,
          [key(name), runOptions.full ?? false],
        );
        started.push({ id: rows[0]!.id, stream: name });
      }
      if (options.holdRuns) await held;
      const summaries: RunSummary[] = [];
      for (const run of started) {
        await store.query(
          `UPDATE sync_runs SET status = 'succeeded', finished_at = now(), rows_read = 7, rows_inserted = 7 WHERE id = $1`,
          [run.id],
        );
        summaries.push({
          runId: run.id,
          stream: run.stream,
          status: 'succeeded',
          counts: { read: 7, inserted: 7, updated: 0, unchanged: 0, deleted: 0, quarantined: 0, pending: 0 },
          startedAt: new Date().toISOString(),
          finishedAt: new Date().toISOString(),
          lagSeconds: 1,
          error: null,
        });
      }
      return summaries;
    },
    async retryQuarantine(stream) {
      calls.retry.push(stream);
      return { retried: 2, resolved: 1, stillFailing: 1 };
    },
    async close() {},
  };
}
