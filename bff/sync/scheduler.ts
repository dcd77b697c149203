/**
 * Schedules per data kind (issue 4 item 5; croner): items hourly, cases every minute, evaluations
 * every five minutes by default, from config. Every BFF instance may run it: each stream has one
 * writer (advisory lock), so a second instance's run simply skips. Within a process a kind never
 * overlaps itself (croner `protect`), and the service runs one stream at a time.
 */
import { Cron } from 'croner';
import type { SyncConfig } from './config.js';
import type { StreamDefinition, SyncService } from './contracts.js';
import type { SyncLogger } from './engine/types.js';

export interface SyncScheduler {
  /** Next planned run per kind (operator view, tests). */
  nextRuns(): Record<string, string | null>;
  /** Stops the timers and waits for runs in progress. */
  stop(): Promise<void>;
}

export interface SyncSchedulerOptions {
  service: SyncService & { readonly kinds: readonly StreamDefinition['kind'][] };
  schedules: SyncConfig['schedules'];
  logger: SyncLogger;
  /** Run every kind once right away (npm start: data flows without waiting for the first tick). */
  runOnStart?: boolean;
}

export function startSyncScheduler(options: SyncSchedulerOptions): SyncScheduler {
  const { service, logger } = options;
  const inFlight = new Set<Promise<unknown>>();
  // Per kind, not only per cron job: the start-up run and the first scheduled tick must not overlap.
  const busyKinds = new Set<StreamDefinition['kind']>();
  let stopped = false;

  const runKind = async (kind: StreamDefinition['kind']): Promise<void> => {
    if (stopped) return;
    if (busyKinds.has(kind)) {
      logger.debug({ kind }, '上一次同步尚未结束，跳过本次');
      return;
    }
    busyKinds.add(kind);
    const work = service.run(kind).then(
      (summaries) => {
        for (const summary of summaries) {
          if (summary.status === 'failed') logger.warn({ stream: summary.stream, error: summary.error }, '同步失败');
        }
      },
      (error: unknown) => {
        logger.error({ kind, err: error instanceof Error ? error.message : String(error) }, '定时同步出错');
      },
    );
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
      busyKinds.delete(kind);
    }
  };

  const jobs = service.kinds.map(
    (kind) =>
      new Cron(
        options.schedules[kind],
        {
          name: `govdock-sync-${kind}-${Math.random().toString(36).slice(2)}`,
          protect: true,
          unref: true,
        },
        () => runKind(kind),
      ),
  );
  if (options.runOnStart) {
    void (async () => {
      for (const kind of service.kinds) await runKind(kind);
    })();
  }
  return {
    nextRuns: () =>
      Object.fromEntries(service.kinds.map((kind, i) => [kind, jobs[i]?.nextRun()?.toISOString() ?? null])),
    async stop() {
      stopped = true;
      for (const job of jobs) job.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}
