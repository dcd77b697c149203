/**
 * The exchange (sync) service: what the scheduler, the CLI and the operator API call
 * (contracts.ts SyncService). `createSyncService` wires a source, a layout and the resource library
 * into the engine; streams run one at a time in layout order, so parents (cases, items) are usually
 * written before their children (steps, materials) and few children have to wait.
 *
 * Takes an already validated SyncConfig (bff/sync/config.ts parses it): this module does not load the
 * schema library, so short-lived processes (CLI, crash tests) start fast.
 */
import type { EventHub } from '../events/hub.js';
import type { Metrics } from '../observability/metrics.js';
import type { Store } from '../store/types.js';
import type { SyncConfig } from './config.js';
import type { NoticeSettings } from './engine/case-progress.js';
import type { FrontSource, Layout, RunOptions, RunSummary, StreamDefinition, SyncService } from './contracts.js';
import {
  createStreamLocks,
  NO_FAULTS,
  retryStreamQuarantine,
  runStream,
  streamKeyOf,
  syncMetrics,
  type EngineContext,
  type FaultHooks,
  type StreamLocks,
  type SyncLogger,
} from './engine/index.js';

export interface SyncServiceDeps {
  store: Store;
  source: FrontSource;
  layout: Layout;
  config: SyncConfig;
  logger: SyncLogger;
  /** Keyed hash for ID numbers (pii.applicantKeyHash with the configured key). */
  keyHash: (idNumber: string) => string;
  /** Case-progress events go here after COMMIT (with `userKeyOf`). */
  hub?: EventHub;
  /** The SSE user key of an account (bff/auth/user-key.ts with the PII hash key). */
  userKeyOf?: (issuer: string, subject: string) => string;
  /** The app's registry: sync metrics are added to /metrics. */
  metrics?: Metrics;
  /** PostgreSQL library only: the lock connection's URL (stream-lock.ts explains why it is separate). */
  databaseUrl?: string;
  /** Injected clock (orphan timeout). */
  now?: () => Date;
  /** Crash-test hooks (engine/faults.ts). */
  faults?: FaultHooks;
  /** Links, retention and limits of the notices the sync writes (config.notices); defaults when absent. */
  notices?: NoticeSettings;
  /** caseLookup.idTailLength, for the lookup hash layouts compute (MapContext.caseLookupIdTailLength). */
  caseLookupIdTailLength?: number;
  /** Replaces the advisory locks (tests). */
  locks?: StreamLocks;
}

export interface SyncServiceWithKinds extends SyncService {
  /** Stream kinds present in the layout, for the scheduler. */
  readonly kinds: readonly StreamDefinition['kind'][];
}

export function createSyncService(deps: SyncServiceDeps): SyncServiceWithKinds {
  const locks = deps.locks ?? createStreamLocks(deps.store, deps.databaseUrl ? { databaseUrl: deps.databaseUrl } : {});
  const context: EngineContext & { source: FrontSource; locks: StreamLocks } = {
    store: deps.store,
    config: deps.config,
    logger: deps.logger,
    faults: deps.faults ?? NO_FAULTS,
    mapContext: {
      source: deps.config.sourceId,
      keyHash: deps.keyHash,
      sourceTimeZone: deps.config.sourceTimeZone,
      ...(deps.caseLookupIdTailLength === undefined ? {} : { caseLookupIdTailLength: deps.caseLookupIdTailLength }),
    },
    hub: deps.hub,
    userKeyOf: deps.userKeyOf,
    notices: deps.notices,
    metrics: deps.metrics ? syncMetrics(deps.metrics.registry) : undefined,
    now: deps.now ?? (() => new Date()),
    source: deps.source,
    locks,
  };
  const streams = deps.layout.streams;
  const closing = new AbortController();
  const running = new Set<Promise<unknown>>();
  // One run at a time per service: streams of one source share its connections and the library.
  let queue: Promise<unknown> = Promise.resolve();

  function select(target: string | undefined): StreamDefinition[] {
    if (!target) return [...streams];
    const chosen = streams.filter((stream) => stream.name === target || stream.kind === target);
    if (chosen.length === 0) {
      throw new Error(`没有名为 ${target} 的数据流或数据类别。可用的数据流：${streams.map((s) => s.name).join('、')}`);
    }
    return chosen;
  }

  function track<T>(work: () => Promise<T>): Promise<T> {
    const result = queue.then(work, work);
    queue = result.catch(() => undefined);
    running.add(result);
    void result.finally(() => running.delete(result)).catch(() => undefined);
    return result;
  }

  function withClose(options: RunOptions): RunOptions {
    const signals = [closing.signal, ...(options.signal ? [options.signal] : [])];
    return { ...options, signal: AbortSignal.any(signals) };
  }

  return {
    streams: streams.map((stream) => stream.name),
    kinds: [...new Set(streams.map((stream) => stream.kind))],
    async run(target, options = {}) {
      const chosen = select(target);
      return track(async () => {
        const summaries: RunSummary[] = [];
        for (const stream of chosen) {
          if (closing.signal.aborted) break;
          summaries.push(await runStream(context, stream, withClose(options)));
        }
        return summaries;
      });
    },
    async retryQuarantine(target) {
      const chosen = select(target);
      return track(async () => {
        const total = { retried: 0, resolved: 0, stillFailing: 0 };
        for (const stream of chosen) {
          const streamKey = streamKeyOf(deps.config.sourceId, stream);
          const lease = await locks.tryAcquire(streamKey);
          if (!lease) continue;
          try {
            const outcome = await retryStreamQuarantine(context, deps.source, stream, streamKey);
            total.retried += outcome.retried;
            total.resolved += outcome.resolved;
            total.stillFailing += outcome.stillFailing;
          } finally {
            await lease.release();
          }
        }
        return total;
      });
    },
    async close() {
      closing.abort(new Error('sync service closing'));
      await Promise.allSettled([...running]);
      await locks.close();
    },
  };
}
