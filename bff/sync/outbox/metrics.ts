/**
 * Prometheus metrics of the outbox, on the registry the BFF exposes at /metrics (when one is passed).
 * Counters count events of this process; the row gauges are read from the outbox table at scrape time,
 * so every instance reports the same shared backlog.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Sql } from '../../store/types.js';

export interface OutboxMetrics {
  delivered(kind: string, count: number): void;
  duplicates(kind: string, count: number): void;
  failed(kind: string, reason: string, count: number): void;
  deadLettered(kind: string, count: number): void;
}

const NOOP: OutboxMetrics = { delivered() {}, duplicates() {}, failed() {}, deadLettered() {} };

function counter(registry: Registry, name: string, help: string, labelNames: string[]): Counter<string> {
  // Two deliverers on one registry (tests, a restart in-process) share the series instead of throwing.
  return (
    (registry.getSingleMetric(name) as Counter<string> | undefined) ??
    new Counter({ name, help, labelNames, registers: [registry] })
  );
}

export function createOutboxMetrics(registry: Registry | undefined, store: Sql): OutboxMetrics {
  if (!registry) return NOOP;
  const delivered = counter(registry, 'govdock_outbox_delivered_total', 'Outbox rows written to the front processor', [
    'kind',
  ]);
  const duplicates = counter(
    registry,
    'govdock_outbox_duplicates_total',
    'Outbox rows the front processor already had (re-sent after a crash; applied once by key)',
    ['kind'],
  );
  const failed = counter(registry, 'govdock_outbox_failed_attempts_total', 'Failed delivery attempts by reason', [
    'kind',
    'reason',
  ]);
  const dead = counter(
    registry,
    'govdock_outbox_dead_lettered_total',
    'Outbox rows given up on after the last attempt',
    ['kind'],
  );
  if (!registry.getSingleMetric('govdock_outbox_rows')) {
    new Gauge({
      name: 'govdock_outbox_rows',
      help: 'Outbox rows by status (pending, retrying, delivered, dead_letter)',
      labelNames: ['status'],
      registers: [registry],
      async collect() {
        try {
          const { rows } = await store.query<{ status: string; n: string | number }>(
            'SELECT status, count(*) AS n FROM outbox GROUP BY status',
          );
          this.reset();
          for (const status of ['pending', 'retrying', 'delivered', 'dead_letter']) this.set({ status }, 0);
          for (const row of rows) this.set({ status: row.status }, Number(row.n));
        } catch {
          // A scrape during shutdown must not fail the whole /metrics answer.
        }
      },
    });
    new Gauge({
      name: 'govdock_outbox_oldest_undelivered_seconds',
      help: 'Age of the oldest outbox row not yet delivered (dead letters excluded)',
      registers: [registry],
      async collect() {
        try {
          const { rows } = await store.query<{ age: string | number | null }>(
            `SELECT EXTRACT(EPOCH FROM now() - min(created_at)) AS age FROM outbox
             WHERE delivered_at IS NULL AND dead_lettered_at IS NULL`,
          );
          this.set(Number(rows[0]?.age ?? 0));
        } catch {
          // As above.
        }
      },
    });
  }
  return {
    delivered: (kind, count) => count > 0 && delivered.inc({ kind }, count),
    duplicates: (kind, count) => count > 0 && duplicates.inc({ kind }, count),
    failed: (kind, reason, count) => count > 0 && failed.inc({ kind, reason }, count),
    deadLettered: (kind, count) => count > 0 && dead.inc({ kind }, count),
  };
}
