/**
 * The process a crash trial kills. Started ahead of time (module loading overlaps the previous
 * trial), it waits for one JSON line on stdin describing the trial, then runs the sync with
 * `killAtFault(SYNC_FAULT_AT)`: at the chosen point it SIGKILLs itself — no ROLLBACK, no cleanup.
 * With `inspect: true` (embedded trials) it reports what the library holds afterwards, since a PGlite
 * directory may be open in one process only.
 *
 * Imports the PostgreSQL store directly (not store.ts) so that a PostgreSQL trial does not load PGlite.
 */
import { createInterface } from 'node:readline';
import type { Store } from '../../../../bff/store/types.js';
import type { FrontSource } from '../../../../bff/sync/contracts.js';
import { killAtFault } from '../../../../bff/sync/engine/faults.js';
import { createSyncService } from '../../../../bff/sync/service.js';
import { openMysqlSource } from '../../../../bff/sync/sources/sql/mysql-source.js';
import { openPgliteSource } from '../../../../bff/sync/sources/sql/postgres-source.js';
import { pgCreate, pgUpsertSql, type FrontRowValues } from './front-sql.js';
import { keyHash, librarySnapshot, silentLogger, testConfig } from './basics.js';
import { testLayout } from './test-layout.js';

/** Where the child syncs from and to: given on the command line, so it can connect before its trial. */
export interface CrashLane {
  library: { databaseUrl: string } | { dataDir: string };
  front: { url: string } | { pgliteDir: string };
  tables: { accept: string; process: string };
}

/** The trial, sent on stdin when the previous trial is done. */
export interface CrashTrialInput {
  pageSize: number;
  lookbackSeconds: number;
  /** `phase:n`, or null for a run without a fault (recovery). */
  fault: string | null;
  /** How a stream without a cursor reads its backlog (default: the product's default, `snapshot`). */
  initialLoad?: 'snapshot' | 'keyset';
  /** The crashed run is a full run (a first load over a stream that has a cursor). */
  full?: boolean;
  /** Empty the library and the front tables first (embedded trials reuse their directories). */
  reset?: boolean;
  /**
   * Report what the parent cannot read itself while a PGlite directory is held here: cursors before
   * and after the run, the library snapshot, open quarantine keys, runs left 'running'.
   */
  inspect?: boolean;
  /** Rows to upsert into a PGlite front first (only this process may open its directory). */
  frontRows?: { accepts: FrontRowValues[]; steps: FrontRowValues[] };
  /**
   * Recover once without a look-back before `frontRows` are applied, and report that snapshot: a
   * cursor committed ahead of its rows would lose them there.
   */
  strictFirst?: boolean;
}

async function openLibrary(input: CrashLane['library']): Promise<Store> {
  if ('databaseUrl' in input) {
    const { openPostgresStore } = await import('../../../../bff/store/postgres-store.js');
    return openPostgresStore(input.databaseUrl, 'Asia/Shanghai', 3);
  }
  const { openPgliteStore } = await import('../../../../bff/store/pglite-store.js');
  return openPgliteStore(input.dataDir, 'Asia/Shanghai');
}

interface OpenFront {
  source: FrontSource;
  /** Upserts rows into the front (PGlite fronts only: the parent writes a MariaDB front itself). */
  apply(rows: { accepts: FrontRowValues[]; steps: FrontRowValues[] }): Promise<void>;
  close(): Promise<void>;
}

async function openFront(lane: CrashLane, input: CrashTrialInput): Promise<OpenFront> {
  const front = lane.front;
  if ('url' in front) {
    const source = await openMysqlSource({ url: front.url, timeZone: '+08:00' });
    return { source, apply: async () => undefined, close: () => source.close() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(front.pgliteDir);
  await db.exec(pgCreate(lane.tables, true));
  if (input.reset) await db.exec(`DELETE FROM ${lane.tables.accept}; DELETE FROM ${lane.tables.process};`);
  return {
    source: openPgliteSource({ handle: db, timeZone: '+08:00' }),
    async apply(rows) {
      for (const [table, list] of [
        [lane.tables.accept, rows.accepts],
        [lane.tables.process, rows.steps],
      ] as const) {
        if (list.length === 0) continue;
        const names = Object.keys(list[0] as FrontRowValues);
        await db.query(
          pgUpsertSql(table, names, list.length),
          list.flatMap((row) => names.map((n) => row[n] ?? null)),
        );
      }
    },
    close: () => db.close(),
  };
}

async function cursorsOf(store: Store): Promise<Record<string, { time: string; id: string }>> {
  const { rows } = await store.query<{ stream: string; cursor_text: string; cursor_id: string }>(
    'SELECT stream, cursor_text, cursor_id FROM sync_state WHERE cursor_text IS NOT NULL',
  );
  return Object.fromEntries(rows.map((row) => [row.stream, { time: row.cursor_text, id: row.cursor_id }]));
}

async function emptyLibrary(store: Store): Promise<void> {
  await store.exec(
    `DELETE FROM case_acceptances; DELETE FROM case_process_steps; DELETE FROM sync_pending; DELETE FROM sync_tombstones;
     DELETE FROM sync_quarantine; DELETE FROM sync_runs; DELETE FROM sync_state; DELETE FROM sync_stream_schemas;`,
  );
}

function nextLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  return new Promise<string>((resolve) =>
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    }),
  );
}

async function main(): Promise<void> {
  const lane = JSON.parse(process.argv[2] as string) as CrashLane;
  const waiting = nextLine();
  // A server library can be connected to before the trial starts; a PGlite directory may be open in
  // only one process, so it is opened once the previous trial's process is gone.
  const early = 'databaseUrl' in lane.library ? await openLibrary(lane.library) : null;
  const input = JSON.parse(await waiting) as CrashTrialInput;
  const store = early ?? (await openLibrary(lane.library));
  if (input.reset) await emptyLibrary(store);
  const front = await openFront(lane, input);
  const serviceFor = (lookbackSeconds: number, fault: string | null) =>
    createSyncService({
      store,
      source: front.source,
      layout: testLayout(lane.tables),
      // Malformed rows are part of every trial: the budget must not turn them into a failed run.
      config: testConfig({
        pageSize: input.pageSize,
        lookbackSeconds,
        errorBudget: { maxCount: 1000, maxRatio: 1 },
        ...(input.initialLoad ? { initialLoad: input.initialLoad } : {}),
      }),
      logger: silentLogger,
      keyHash,
      ...('databaseUrl' in lane.library ? { databaseUrl: lane.library.databaseUrl } : {}),
      ...(fault ? { faults: killAtFault(fault) } : {}),
    });
  const output: Record<string, unknown> = {};
  if (input.strictFirst) {
    const strict = serviceFor(0, null);
    output.strictStatuses = (await strict.run()).map((s) => s.status);
    output.strictSnapshot = await librarySnapshot(store);
    await strict.close();
  }
  if (input.frontRows) await front.apply(input.frontRows);
  const service = serviceFor(input.lookbackSeconds, input.fault);
  if (input.inspect) output.cursorsBefore = await cursorsOf(store);
  const summaries = await service.run(undefined, { full: input.full === true });
  output.statuses = summaries.map((s) => s.status);
  output.errors = summaries.map((s) => s.error);
  if (input.inspect) {
    output.cursorsAfter = await cursorsOf(store);
    output.snapshot = await librarySnapshot(store);
    const { rows: open } = await store.query<{ source_key: string }>(
      'SELECT source_key FROM sync_quarantine WHERE resolved_at IS NULL AND stream = $1 ORDER BY source_key',
      [`t:${lane.tables.accept}`],
    );
    output.openQuarantine = open.map((row) => row.source_key);
    const { rows: running } = await store.query("SELECT id FROM sync_runs WHERE status = 'running'");
    output.running = running.length;
  }
  await service.close();
  await front.close();
  await store.close();
  process.stdout.write(`DONE ${JSON.stringify(output)}\n`);
}

await main();
