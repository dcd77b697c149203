/**
 * Child process of the crash tests (crash-harness.ts): a producer that enqueues its trial's rows
 * (and re-enqueues the previous trial's, which must be a no-op), then a deliverer that is SIGKILLed —
 * by its own hook at a chosen step (after the lease, after writing the front row but before marking it
 * delivered, after marking), or by the parent at a random moment. Prints one JSON line per pass.
 */
import { openFrontTarget } from '../../../../bff/dev/front-processor/open.js';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore } from '../../../../bff/store/store.js';
import {
  enqueue,
  openOutboundFront,
  outboundFrontOver,
  startOutboxDeliverer,
  type DeliveryPhase,
  type OutboundFront,
} from '../../../../bff/sync/outbox/index.js';
import { Registry, type Counter } from 'prom-client';
import { evaluationPayload, ticketPayload } from './support.js';

interface ChildPlan {
  library: { url: string } | { dir: string };
  front: { url: string } | { dir: string };
  trial: number;
  rowsPerTrial: number;
  batchSize: number;
  /** Kill itself at the n-th occurrence of this phase; null = the parent kills on a timer. */
  killAt: { phase: DeliveryPhase; occurrence: number } | null;
}

const plan = JSON.parse(process.env.OUTBOX_CRASH_PLAN as string) as ChildPlan;

const store = await openStore(
  'url' in plan.library ? { databaseUrl: plan.library.url } : { dataDir: plan.library.dir },
);
await migrate(store);
let front: OutboundFront;
if ('url' in plan.front) front = await openOutboundFront(plan.front.url);
else {
  const target = await openFrontTarget({ pgliteDir: plan.front.dir });
  await target.ensureSchema();
  front = outboundFrontOver(target);
}

function messagesOf(trial: number) {
  return Array.from({ length: plan.rowsPerTrial }, (_, i) => {
    const n = trial * plan.rowsPerTrial + i;
    return n % 3 === 0
      ? { kind: 'consultation' as const, dedupKey: `consultation:${n}`, payload: ticketPayload(n) }
      : { kind: 'evaluation' as const, dedupKey: `evaluation:${n}`, payload: evaluationPayload(n, ((n % 5) + 1) as 1) };
  });
}

// The producer: this trial's facts, and the previous trial's again (a retried request).
await store.transaction(async (tx) => {
  for (const message of [...messagesOf(plan.trial), ...(plan.trial > 0 ? messagesOf(plan.trial - 1) : [])]) {
    await enqueue(tx, message);
  }
});

const seen = new Map<DeliveryPhase, number>();
const registry = new Registry();
const deliverer = startOutboxDeliverer({
  store,
  front,
  registry,
  autoStart: false,
  batchSize: plan.batchSize,
  // Only one deliverer runs at a time here, so a killed one's lease need not run out first.
  leaseMs: 0,
  maxAttempts: 10_000,
  async onPhase(phase, ids) {
    if (phase === 'marked') {
      // Re-sent rows the front already had, so far: the parent adds them up (a later kill loses no count).
      const duplicates = registry.getSingleMetric('govdock_outbox_duplicates_total') as Counter<string>;
      const values = (await duplicates.get()).values;
      process.stdout.write(JSON.stringify({ alreadyAtFrontSoFar: values.reduce((sum, v) => sum + v.value, 0) }) + '\n');
    }
    if (ids.length === 0 || !plan.killAt || plan.killAt.phase !== phase) return;
    const count = (seen.get(phase) ?? 0) + 1;
    seen.set(phase, count);
    if (count === plan.killAt.occurrence) {
      process.stdout.write(JSON.stringify({ killed: phase, ids }) + '\n');
      process.kill(process.pid, 'SIGKILL');
    }
  },
});
process.stdout.write(JSON.stringify({ ready: true }) + '\n');
await deliverer.deliverNow();
await deliverer.close();
await store.close();
await front.close();
