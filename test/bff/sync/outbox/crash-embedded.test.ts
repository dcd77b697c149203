/**
 * Exactly-once delivery across SIGKILL on the embedded path: PGlite library and PGlite front in data
 * directories, as `npm start` keeps them (a killed process leaves them to PostgreSQL's crash recovery).
 * Trials: OUTBOX_CRASH_TRIALS (default 4: each child reopens two PGlite directories after the kill,
 * seconds each; the server variants run more).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFrontTarget } from '../../../../bff/dev/front-processor/open.js';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore } from '../../../../bff/store/store.js';
import { assertDeliveredExactlyOnce, runCrashTrials } from './crash-harness.js';

const TRIALS = Number(process.env.OUTBOX_CRASH_TRIALS ?? 4);

test(`every key once after ${TRIALS} SIGKILLed deliverers (embedded PGlite)`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'govdock-outbox-crash-'));
  try {
    const library = join(dir, 'library');
    const frontDir = join(dir, 'front');
    // Created once here so the children only reopen. A fresh PGlite cluster takes seconds to initialise,
    // so the front processor's starts as a copy of the library's before either has tables.
    const fresh = await openStore({ dataDir: library });
    await fresh.close();
    cpSync(library, frontDir, { recursive: true });
    const store = await openStore({ dataDir: library });
    await migrate(store);
    await store.close();
    const setup = await openFrontTarget({ pgliteDir: frontDir });
    await setup.ensureSchema();
    await setup.close();

    const summary = await runCrashTrials({
      library: { dir: library },
      front: { dir: frontDir },
      trials: TRIALS,
      seed: 20260302,
    });
    assert.ok(summary.killedBetweenWriteAndMark >= TRIALS / 2, JSON.stringify(summary));
    assert.ok(summary.resentAlreadyAtFront > 0, `re-sent rows were found at the front: ${JSON.stringify(summary)}`);

    const reopened = await openStore({ dataDir: library });
    const front = await openFrontTarget({ pgliteDir: frontDir });
    try {
      await assertDeliveredExactlyOnce(reopened, front, TRIALS * 6);
    } finally {
      await reopened.close();
      await front.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
