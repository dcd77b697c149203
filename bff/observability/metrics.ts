/**
 * Prometheus metrics. Each app gets its own registry (not prom-client's global one) so tests can
 * build many apps in one process and other areas (sync, sessions) register on the same one.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { routePath } from 'hono/route';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  return {
    registry,
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to produce the response head (SSE streams: until the stream opened)',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

/**
 * The route *pattern* (`/api/v1/items/:code`), never the raw path: raw paths would give every
 * item code and every scanner probe its own time series. A wildcard means no route answered:
 * a middleware did (CSRF refusal), or the not-found handler (404, gallery pages).
 */
function routeLabel(c: Context): string {
  const pattern = routePath(c);
  if (pattern && pattern !== '*' && pattern !== '/*') return pattern;
  return c.res.status === 404 ? 'unmatched' : 'other';
}

export function httpMetrics(metrics: Metrics): MiddlewareHandler {
  return async function httpMetricsMiddleware(c, next) {
    const stopTimer = metrics.httpDuration.startTimer();
    await next();
    const labels = { method: c.req.method, route: routeLabel(c), status: String(c.res.status) };
    metrics.httpRequests.inc(labels);
    stopTimer(labels);
  };
}

export function metricsRoutes(metrics: Metrics): Hono {
  const app = new Hono();
  app.get('/metrics', async (c) => {
    const body = await metrics.registry.metrics();
    return c.body(body, 200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' });
  });
  return app;
}
