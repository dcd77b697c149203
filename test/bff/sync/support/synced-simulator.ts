/**
 * A library filled the real way, for API tests over synced generator data: the simulator writes a
 * PGlite front processor ten minutes back (every row older than the sync's safety lag), and the
 * national layout syncs the chosen kinds into an in-memory library. The caller checks the runs.
 */
import { openFrontTarget, type FrontTarget } from '../../../../bff/dev/front-processor/open.js';
import { startSimulator, type Simulator } from '../../../../bff/dev/simulator/simulator.js';
import { applicantKeyHash } from '../../../../bff/privacy/pii.js';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../../bff/store/store.js';
import { defaultSyncConfig } from '../../../../bff/sync/config.js';
import type { RunSummary } from '../../../../bff/sync/contracts.js';
import { createSyncService } from '../../../../bff/sync/index.js';
import { loadLayout } from '../../../../bff/sync/layouts/index.js';
import { openFrontSource } from '../../../../bff/sync/sources/open.js';

export interface SyncedSimulator {
  store: Store;
  front: FrontTarget;
  simulator: Simulator;
  runs: RunSummary[];
}

export async function syncedSimulator(options: {
  seed: string;
  cases: number;
  /** The PII hash key the sync writes with (and the app must be configured with). */
  piiKey: string;
  /** Stream kinds to sync, in order. */
  kinds: readonly string[];
  caseLookupIdTailLength?: number;
}): Promise<SyncedSimulator> {
  const store = await openStore({ dataDir: 'memory://' });
  await migrate(store);
  const front = await openFrontTarget({ pgliteDir: 'memory://' });
  const simulator = await startSimulator({
    front,
    seed: options.seed,
    items: 200,
    cases: options.cases,
    tickSeconds: 5,
    autoTick: false,
    now: () => Date.now() - 10 * 60_000,
  });
  const config = defaultSyncConfig({ safetyLagSeconds: 0, lookbackSeconds: 0 });
  const sync = createSyncService({
    store,
    source: await openFrontSource({ front }, { sourceTimeZone: config.sourceTimeZone }),
    layout: loadLayout('national'),
    config,
    logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    keyHash: (idNumber) => applicantKeyHash(idNumber, options.piiKey),
    ...(options.caseLookupIdTailLength === undefined ? {} : { caseLookupIdTailLength: options.caseLookupIdTailLength }),
  });
  const runs: RunSummary[] = [];
  for (const kind of options.kinds) runs.push(...(await sync.run(kind)));
  await sync.close();
  return { store, front, simulator, runs };
}
