/**
 * Crash injection on the embedded path (what `npm start` runs): PGlite library and PGlite front in
 * data directories, the sync process killed with SIGKILL at seeded points, then a second process
 * recovers. A PGlite directory may be open in one process only, so both the crash and the recovery
 * run in children and the recovering child reports what the library holds. Fewer trials than the
 * PostgreSQL file: every PGlite open costs about a second.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '../../../../bff/dev/generator/prng.js';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore } from '../../../../bff/store/store.js';
import { compareCursors } from '../../../../bff/sync/engine/cursor-store.js';
import type { CrashLane, CrashTrialInput } from '../support/crash-child.js';
import { bundleCrashChild, CrashChild, PHASES, SourceModel } from '../support/crash-trials.js';

const TRIALS = Number(process.env.SYNC_CRASH_EMBEDDED_TRIALS ?? 4);

interface Inspection {
  strictStatuses: string[];
  strictSnapshot: { cases: string[]; steps: string[] };
  statuses: string[];
  errors: (string | null)[];
  cursorsBefore: Record<string, { time: string; id: string }>;
  cursorsAfter: Record<string, { time: string; id: string }>;
  snapshot: { cases: string[]; steps: string[] };
  openQuarantine: string[];
  running: number;
}

describe('crash injection — embedded (PGlite library and front in data directories)', () => {
  let dir: string;
  let lane: CrashLane;
  let bundle: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'govdock-sync-crash-'));
    lane = {
      library: { dataDir: join(dir, 'library') },
      front: { pgliteDir: join(dir, 'front') },
      tables: { accept: 'crash_accept', process: 'crash_process' },
    };
    const store = await openStore({ dataDir: join(dir, 'library') });
    await migrate(store);
    await store.close();
    bundle = await bundleCrashChild();
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test(
    `${TRIALS} seeded kills: a second process recovers and the library equals the source`,
    { timeout: 150_000 },
    async () => {
      const phases = new Set<string>();
      for (let seed = 1; phases.size < TRIALS; seed += 1) {
        assert.ok(seed <= TRIALS * 4, `only ${phases.size} trials reached their kill point`);
        const random = new Random(4242, seed);
        const model = new SourceModel(random);
        // Each trial kills at another phase, so that a few trials still cover the whole write path.
        const phase = PHASES[(seed - 1) % PHASES.length] as (typeof PHASES)[number];
        const crash: CrashTrialInput = {
          pageSize: random.pick([2, 3]),
          lookbackSeconds: 3600,
          fault: `${phase}:${phase === 'run-record' ? 1 : random.int(1, 3)}`,
          reset: true,
          frontRows: model.addCases(random.int(6, 10), false),
          // Every trial is a first load: mostly in id order (the default), every third by cursor pages.
          initialLoad: seed % 3 === 0 ? 'keyset' : 'snapshot',
        };
        const killed = await new CrashChild(bundle, lane).run(crash);
        const label = `seed ${seed} (${crash.initialLoad}, ${crash.fault})`;
        if (killed.signal !== 'SIGKILL') {
          assert.equal(killed.code, 0, `${label}: ${killed.stderr}`);
          continue;
        }
        phases.add(phase);
        // What the crash left, recovered without a look-back: nothing may be lost behind the cursor.
        const expectedAfterCrash = model.expected();
        const recovery: CrashTrialInput = {
          pageSize: 50,
          lookbackSeconds: 3600,
          fault: null,
          inspect: true,
          strictFirst: true,
          frontRows: model.change(),
        };
        const recovered = await new CrashChild(bundle, lane).run(recovery);
        assert.equal(recovered.code, 0, `${label}: recovery failed: ${recovered.stderr}`);
        const line = recovered.stdout.split('\n').find((l) => l.startsWith('DONE ')) as string;
        const report = JSON.parse(line.slice(5)) as Inspection;
        assert.deepEqual(report.strictStatuses, ['succeeded', 'succeeded'], label);
        assert.deepEqual(report.strictSnapshot, expectedAfterCrash, `${label}: rows lost behind the cursor`);
        assert.deepEqual(report.statuses, ['succeeded', 'succeeded'], `${label}: ${JSON.stringify(report.errors)}`);
        for (const [stream, earlier] of Object.entries(report.cursorsBefore)) {
          const later = report.cursorsAfter[stream];
          assert.ok(later && compareCursors(earlier, later) <= 0, `${label}: cursor of ${stream} moved back`);
        }
        assert.deepEqual(report.snapshot, model.expected(), `${label}: library ≠ source`);
        assert.deepEqual(report.openQuarantine, model.malformed(), `${label}: quarantine`);
        assert.equal(report.running, 0, `${label}: a run left 'running'`);
      }
    },
  );
});
