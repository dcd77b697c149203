/**
 * Prometheus metrics of the sync (sync-anchors §4.2), on the app's registry when one is passed in
 * (bff/observability/metrics.ts): rows by stream and outcome, run duration, lag behind the source
 * (Debezium's lag-behind-source idea) and the time of the last successful run per stream.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface SyncMetrics {
  rows: Counter<'stream' | 'outcome'>;
  runs: Counter<'stream' | 'status'>;
  duration: Histogram<'stream' | 'status'>;
  lag: Gauge<'stream'>;
  lastSuccess: Gauge<'stream'>;
}

/** Several services may share one registry (tests, CLI inside the BFF): reuse what is registered. */
function reuse<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

export function syncMetrics(registry: Registry): SyncMetrics {
  const registers = [registry];
  return {
    rows: reuse(
      registry,
      'govdock_sync_rows_total',
      () =>
        new Counter({
          name: 'govdock_sync_rows_total',
          help: 'Source rows and library records by stream and outcome (read, inserted, updated, unchanged, deleted, quarantined, pending)',
          labelNames: ['stream', 'outcome'],
          registers,
        }),
    ),
    runs: reuse(
      registry,
      'govdock_sync_runs_total',
      () =>
        new Counter({
          name: 'govdock_sync_runs_total',
          help: 'Stream runs by final status (succeeded, failed, skipped)',
          labelNames: ['stream', 'status'],
          registers,
        }),
    ),
    duration: reuse(
      registry,
      'govdock_sync_run_duration_seconds',
      () =>
        new Histogram({
          name: 'govdock_sync_run_duration_seconds',
          help: 'Duration of a stream run',
          labelNames: ['stream', 'status'],
          buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
          registers,
        }),
    ),
    lag: reuse(
      registry,
      'govdock_sync_lag_seconds',
      () =>
        new Gauge({
          name: 'govdock_sync_lag_seconds',
          help: 'Source clock minus the newest change time merged, per stream, at the end of the last run',
          labelNames: ['stream'],
          registers,
        }),
    ),
    lastSuccess: reuse(
      registry,
      'govdock_sync_last_success_timestamp_seconds',
      () =>
        new Gauge({
          name: 'govdock_sync_last_success_timestamp_seconds',
          help: 'Unix time of the last successful run per stream',
          labelNames: ['stream'],
          registers,
        }),
    ),
  };
}
