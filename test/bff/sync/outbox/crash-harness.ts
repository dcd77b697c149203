/**
 * Delivery exactly once across crashes: many seeded trials, each a child process (crash-child.ts)
 * that enqueues and delivers and is SIGKILLed — mostly between writing the front row and marking it
 * delivered, otherwise after the lease, after the mark, or at a random moment from outside. Afterwards
 * every dedup key is in the outbound tables exactly once and every outbox row is delivered.
 */
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { FrontTarget } from '../../../../bff/dev/front-processor/open.js';
import type { Store } from '../../../../bff/store/store.js';
import { migrate } from '../../../../bff/store/migrate.js';
import { outboundFrontOver, outboxCounts, startOutboxDeliverer } from '../../../../bff/sync/outbox/index.js';
import { storeTargets, type StoreTarget } from '../../store/store-targets.js';
import type { TestFront } from './support.js';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

/** mulberry32: a few lines, seeded, enough to pick kill points reproducibly. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CrashRun {
  library: { url: string } | { dir: string };
  front: { url: string } | { dir: string };
  trials: number;
  seed: number;
}

export interface CrashSummary {
  trials: number;
  killedBetweenWriteAndMark: number;
  killedByTimer: number;
  finishedUnkilled: number;
  /** Rows the front already had when re-sent (reported by later passes). */
  resentAlreadyAtFront: number;
}

function runChild(
  plan: object,
  timerKillMs: number | null,
): Promise<{ signal: NodeJS.Signals | null; lines: object[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, OUTBOX_CRASH_PLAN: JSON.stringify(plan) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (timerKillMs !== null && out.includes('"ready"')) {
        setTimeout(() => child.kill('SIGKILL'), timerKillMs);
        timerKillMs = null;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`child failed (${code}): ${err}`));
      else {
        const lines = out
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as object);
        resolve({ signal, lines });
      }
    });
  });
}

export async function runCrashTrials(run: CrashRun): Promise<CrashSummary> {
  const rng = random(run.seed);
  const summary: CrashSummary = {
    trials: run.trials,
    killedBetweenWriteAndMark: 0,
    killedByTimer: 0,
    finishedUnkilled: 0,
    resentAlreadyAtFront: 0,
  };
  for (let trial = 0; trial < run.trials; trial += 1) {
    // Two of three trials die between writing the front row and marking it delivered — the window the
    // guarantee is about; the rest after the lease, after the mark, or at a random moment.
    const slot = trial % 6;
    const byTimer = slot === 3;
    const phase = slot === 5 ? (trial % 12 === 5 ? 'leased' : 'marked') : 'written';
    const plan = {
      library: run.library,
      front: run.front,
      trial,
      rowsPerTrial: 6,
      batchSize: 1 + Math.floor(rng() * 5),
      killAt: byTimer ? null : { phase, occurrence: 1 + Math.floor(rng() * 2) },
    };
    const timerMs = Math.floor(rng() * 400);
    const { signal, lines } = await runChild(plan, byTimer ? timerMs : null);
    let resent = 0;
    for (const line of lines as { alreadyAtFrontSoFar?: number; killed?: string }[]) {
      resent = Math.max(resent, line.alreadyAtFrontSoFar ?? 0);
      if (line.killed === 'written') summary.killedBetweenWriteAndMark += 1;
    }
    summary.resentAlreadyAtFront += resent;
    if (signal !== 'SIGKILL') summary.finishedUnkilled += 1;
    else if (byTimer) summary.killedByTimer += 1;
  }
  return summary;
}

/** Finishes what the killed children left, then checks the guarantee. */
export async function assertDeliveredExactlyOnce(
  store: Store,
  front: FrontTarget,
  expectedKeys: number,
): Promise<void> {
  const deliverer = startOutboxDeliverer({ store, front: outboundFrontOver(front), autoStart: false, leaseMs: 0 });
  await deliverer.deliverNow();
  await deliverer.close();
  const counts = await outboxCounts(store);
  assert.deepEqual(counts, { pending: 0, retrying: 0, delivered: expectedKeys, dead_letter: 0 });
  const keys = (await store.query<{ dedup_key: string }>('SELECT dedup_key FROM outbox')).rows
    .map((r) => r.dedup_key)
    .sort();
  const atFront: string[] = [];
  for (const table of ['out_evaluate_record', 'out_consult_ticket']) {
    const twice = await front.query<{ dedup_key: string }>(
      `SELECT dedup_key FROM ${table} GROUP BY dedup_key HAVING COUNT(*) > 1`,
    );
    assert.deepEqual(twice, [], `${table}: no key twice`);
    const rows = await front.query<{ dedup_key: string }>(`SELECT dedup_key FROM ${table}`);
    atFront.push(...rows.map((r) => r.dedup_key));
  }
  assert.deepEqual(atFront.sort(), keys, 'the front holds exactly the outbox keys, each once');
}

/** One front kind against a throw-away PostgreSQL library (the server crash test files). */
export async function crashTrialsOnServers(options: {
  libraryAdminUrl: string;
  openFront: () => Promise<TestFront>;
  trials: number;
  seed: number;
}): Promise<CrashSummary> {
  const library = storeTargets().find((t) => t.name === 'postgres') as StoreTarget;
  const db = await library.setup();
  const front = await options.openFront();
  try {
    await migrate(db.store);
    // The children connect to the throw-away database the target created.
    const { rows } = await db.store.query<{ name: string }>('SELECT current_database() AS name');
    const url = new URL(options.libraryAdminUrl);
    url.pathname = `/${rows[0]?.name}`;
    const summary = await runCrashTrials({
      library: { url: url.toString() },
      front: { url: front.url as string },
      trials: options.trials,
      seed: options.seed,
    });
    await assertDeliveredExactlyOnce(db.store, front.target, options.trials * 6);
    return summary;
  } finally {
    await front.teardown();
    await db.teardown();
  }
}
