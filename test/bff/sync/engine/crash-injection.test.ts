/**
 * Crash injection (issue 4 item 10; sync-anchors §4.4): at least 200 seeded trials in which a sync
 * process is killed with SIGKILL at a random point — during a read, after staging (quarantine, pending)
 * but before the merge, after the merge but before COMMIT, after COMMIT, while finishing the run
 * record — or by a timer from outside. The source then changes (updates, deletes, late commits below
 * the cursor, new cases, children before parents) and a recovery run follows. Afterwards the library
 * must equal the source (per-key version hash), hold no duplicates, keep every malformed row in
 * quarantine exactly once, leave no run 'running', and no cursor may ever have moved backwards.
 *
 * PostgreSQL library + MariaDB front, two independent lanes (own library database, own front tables)
 * side by side, because each trial mostly waits on the databases. The embedded path has its own,
 * shorter file (crash-injection-embedded.test.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../../../bff/dev/generator/prng.js';
import type { KeysetCursor, SqlSource, SyncService } from '../../../../bff/sync/contracts.js';
import { compareCursors } from '../../../../bff/sync/engine/cursor-store.js';
import { bundleCrashChild, CrashChild, PHASES, SourceModel } from '../support/crash-trials.js';
import type { CrashLane, CrashTrialInput } from '../support/crash-child.js';
import { mariadbFront, type TestFront } from '../support/front-targets.js';
import type { FrontRowValues } from '../support/front-sql.js';
import { postgresLibrary, type TestLibrary } from '../support/library-targets.js';
import { librarySnapshot, testService } from '../support/scenario.js';
import { testLayout } from '../support/test-layout.js';

const TRIALS = Number(process.env.SYNC_CRASH_TRIALS ?? 200);
const LANES = Number(process.env.SYNC_CRASH_LANES ?? 3);
const LOOKBACK = 3600;
const library = postgresLibrary();
const mariadb = mariadbFront();

interface Tally {
  killed: number;
  trials: number;
  at: Map<string, number>;
  /** Kills per read mode: a first load in id order, one by cursor pages, a full run, an incremental run. */
  modes: Map<string, number>;
}

/** One lane: its library database, its front tables, a recovering service and the next child. */
class Lane {
  private next: CrashChild;

  private constructor(
    readonly index: number,
    private readonly lib: TestLibrary,
    private readonly front: TestFront,
    private readonly tables: { accept: string; process: string },
    /** Recovers without a look-back: a cursor committed ahead of its rows would lose them here. */
    private readonly strictRecovery: SyncService,
    /** Recovers with a look-back, after late commits below the cursor. */
    private readonly recovery: SyncService,
    private readonly source: SqlSource,
    private readonly bundle: string,
  ) {
    this.next = new CrashChild(bundle, this.crashLane());
  }

  private crashLane(): CrashLane {
    return {
      library: { databaseUrl: this.lib.url as string },
      front: { url: this.front.url as string },
      tables: this.tables,
    };
  }

  static async open(index: number, front: TestFront, bundle: string): Promise<Lane> {
    const lib = await library.setup();
    const tables = { accept: `crash_accept_${index}`, process: `crash_process_${index}` };
    await front.createTables(tables, { fractional: true });
    const source = await front.openSource();
    // Recovering services for all trials of the lane, as a long-running BFF would be.
    const recovering = (lookbackSeconds: number) =>
      testService(
        { store: lib.store, source, layout: testLayout(tables), databaseUrl: lib.url },
        { pageSize: 100, lookbackSeconds, errorBudget: { maxCount: 1000, maxRatio: 1 } },
      );
    return new Lane(index, lib, front, tables, recovering(0), recovering(LOOKBACK), source, bundle);
  }

  async close(): Promise<void> {
    this.next.kill();
    await this.strictRecovery.close();
    await this.recovery.close();
    await this.source.close();
    await this.lib.teardown();
  }

  private async reset(): Promise<void> {
    // DELETE, not TRUNCATE: for a few rows it is several times faster on both servers.
    await this.lib.store.exec(
      `DELETE FROM case_acceptances; DELETE FROM case_process_steps; DELETE FROM sync_pending; DELETE FROM sync_tombstones;
       DELETE FROM sync_quarantine; DELETE FROM sync_runs; DELETE FROM sync_state; DELETE FROM sync_stream_schemas;`,
    );
    await this.front.exec(`DELETE FROM ${this.tables.accept}`);
    await this.front.exec(`DELETE FROM ${this.tables.process}`);
  }

  private async push(rows: { accepts: FrontRowValues[]; steps: FrontRowValues[] }): Promise<void> {
    await this.front.upsert(this.tables.accept, rows.accepts);
    await this.front.upsert(this.tables.process, rows.steps);
  }

  /**
   * A killed child's lock connection is closed by the kernel, but its server backend may take a few
   * milliseconds to notice and release the stream lock: until then the recovery skips, as a
   * scheduled run on another instance would, and simply tries again.
   */
  private async recover(service = this.recovery): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const summaries = await service.run();
      if (summaries.some((summary) => summary.status === 'skipped') && attempt < 100) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      for (const summary of summaries) assert.equal(summary.status, 'succeeded', summary.error ?? '');
      return;
    }
  }

  private async cursors(): Promise<Map<string, KeysetCursor>> {
    const { rows } = await this.lib.store.query<{ stream: string; cursor_text: string; cursor_id: string }>(
      'SELECT stream, cursor_text, cursor_id FROM sync_state WHERE cursor_text IS NOT NULL',
    );
    return new Map(rows.map((row) => [row.stream, { time: row.cursor_text, id: row.cursor_id }]));
  }

  async trial(seed: number, tally: Tally): Promise<void> {
    const random = new Random(20261129, seed);
    const model = new SourceModel(random);
    await this.reset();
    await this.push(model.addCases(random.int(6, 14), false));
    // Half the trials crash an incremental run (cursor, waiting children already there), some of
    // them a full run; the others a first load, mostly in id order (the default), else by cursor pages.
    const incremental = random.chance(0.5);
    if (incremental) {
      await this.recover();
      await this.push(model.change(false));
    }
    const full = incremental && random.chance(0.3);
    const initialLoad = random.chance(0.7) ? 'snapshot' : 'keyset';
    const mode = full ? `full-${initialLoad}` : incremental ? 'incremental' : `first-load-${initialLoad}`;
    const before = await this.cursors();
    const phase = random.pick(PHASES);
    const occurrence = phase === 'run-record' ? random.int(1, 2) : random.int(1, 5);
    const outsideKill = random.chance(0.15) ? random.int(5, 250) : undefined;
    const input: CrashTrialInput = {
      pageSize: random.pick([2, 3, 4]),
      lookbackSeconds: random.pick([0, LOOKBACK]),
      fault: `${phase}:${occurrence}`,
      initialLoad,
      full,
    };
    const child = this.next;
    const outcome = await child.run(input, outsideKill);
    // The next child loads its modules while this trial is checked.
    this.next = new CrashChild(this.bundle, this.crashLane());
    const label = `seed ${seed} (${mode}, ${input.fault}${outsideKill ? `, timer ${outsideKill} ms` : ''}, page ${input.pageSize})`;
    tally.trials += 1;
    if (outcome.signal === 'SIGKILL') {
      tally.killed += 1;
      const key = outsideKill ? 'timer' : phase;
      tally.at.set(key, (tally.at.get(key) ?? 0) + 1);
      tally.modes.set(mode, (tally.modes.get(mode) ?? 0) + 1);
    } else {
      assert.equal(outcome.code, 0, `${label}: the child failed without being killed:\n${outcome.stderr}`);
    }
    const afterKill = await this.cursors();
    assertMonotone(before, afterKill, label);
    // First without a look-back: whatever the crash left, the cursor must not be ahead of the rows.
    await this.recover(this.strictRecovery);
    assert.deepEqual(await librarySnapshot(this.lib.store), model.expected(), `${label}: rows lost behind the cursor`);
    await this.push(model.change());
    await this.recover();
    assertMonotone(afterKill, await this.cursors(), label);
    assert.deepEqual(await librarySnapshot(this.lib.store), model.expected(), `${label}: library ≠ source`);
    const { rows: open } = await this.lib.store.query<{ source_key: string }>(
      'SELECT source_key FROM sync_quarantine WHERE resolved_at IS NULL AND stream = $1 ORDER BY source_key',
      [`t:${this.tables.accept}`],
    );
    assert.deepEqual(
      open.map((row) => row.source_key),
      model.malformed(),
      `${label}: every malformed row in quarantine exactly once`,
    );
    const { rows: running } = await this.lib.store.query("SELECT id FROM sync_runs WHERE status = 'running'");
    assert.equal(running.length, 0, `${label}: a run left 'running'`);
  }
}

function assertMonotone(before: Map<string, KeysetCursor>, after: Map<string, KeysetCursor>, where: string): void {
  for (const [stream, earlier] of before) {
    const later = after.get(stream);
    assert.ok(later, `${where}: the cursor of ${stream} disappeared`);
    assert.ok(
      compareCursors(earlier, later) <= 0,
      `${where}: cursor of ${stream} moved back ${JSON.stringify([earlier, later])}`,
    );
  }
}

describe('crash injection — PostgreSQL library, MariaDB front', { skip: library.skip || mariadb.skip }, () => {
  let front: TestFront;
  const lanes: Lane[] = [];

  before(async () => {
    const [opened, bundle] = await Promise.all([mariadb.setup(), bundleCrashChild()]);
    front = opened;
    for (let index = 0; index < LANES; index += 1) lanes.push(await Lane.open(index, front, bundle));
  });
  after(async () => {
    await Promise.allSettled(lanes.map((lane) => lane.close()));
    await front?.teardown();
  });

  test(`${TRIALS} seeded kills: the library equals the source after every crash`, { timeout: 175_000 }, async () => {
    const started = Date.now();
    const tally: Tally = { killed: 0, trials: 0, at: new Map(), modes: new Map() };
    let seed = 0;
    await Promise.all(
      lanes.map(async (lane) => {
        while (tally.killed < TRIALS) {
          assert.ok(
            tally.trials < TRIALS * 3,
            `only ${tally.killed} of ${tally.trials} trials reached their kill point`,
          );
          seed += 1;
          await lane.trial(seed, tally);
        }
      }),
    );
    const seconds = Math.round((Date.now() - started) / 1000);
    // Every kill point must actually have been exercised.
    for (const phase of [...PHASES, 'timer']) assert.ok((tally.at.get(phase) ?? 0) > 0, `no kill at ${phase}`);
    for (const mode of ['first-load-snapshot', 'first-load-keyset', 'full-snapshot', 'incremental']) {
      assert.ok((tally.modes.get(mode) ?? 0) > 0, `no kill in a ${mode} run`);
    }
    process.stdout.write(
      `# ${tally.killed} killed of ${tally.trials} trials in ${seconds} s: ${JSON.stringify(Object.fromEntries(tally.at))} ` +
        `${JSON.stringify(Object.fromEntries(tally.modes))}\n`,
    );
  });
});
