/**
 * One log line per request: id, method, path, status, duration. The query string is kept (it is
 * how a lookup went wrong) and masked like everything else by the logger.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.js';
import type { Logger } from './logger.js';

/** Probed every few seconds by the orchestrator and Prometheus: only worth a line when they fail. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

export function accessLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async function accessLogMiddleware(c, next) {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const line = {
      reqId: c.var.requestId,
      method: c.req.method,
      url: c.req.url.slice(c.req.url.indexOf('/', c.req.url.indexOf('//') + 2)),
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    };
    if (status >= 500) logger.error(line, 'request');
    else if (PROBES.has(c.req.path) && status < 400) logger.debug(line, 'request');
    else logger.info(line, 'request');
  };
}
