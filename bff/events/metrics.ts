/** Open SSE streams, read at scrape time: the number to watch against per-instance connection limits. */
import { Gauge } from 'prom-client';
import type { Metrics } from '../observability/metrics.js';
import type { EventHub } from './hub.js';

export function registerEventMetrics(metrics: Metrics, hub: EventHub): void {
  new Gauge({
    name: 'govdock_event_subscribers',
    help: 'Open event-hub subscriptions (one per SSE stream)',
    registers: [metrics.registry],
    collect() {
      this.set(hub.listenerCount());
    },
  });
}
