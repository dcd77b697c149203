/**
 * /healthz answers while the process runs (the orchestrator restarts us when it does not);
 * /readyz also needs the store, so a gateway stops sending traffic to an instance whose database
 * is unreachable instead of letting it answer 500s.
 */
import { Hono } from 'hono';
import type { Logger } from './logger.js';

/** The part of the Store readiness needs; any `Store` fits. */
export interface ReadinessProbe {
  query(text: string): Promise<unknown>;
}

const PING_TIMEOUT_MS = 2000;

async function ping(store: ReadinessProbe): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`store ping timed out after ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
  });
  try {
    await Promise.race([store.query('select 1'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(store: ReadinessProbe, logger: Logger): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }, 200, { 'Cache-Control': 'no-store' }));
  app.get('/readyz', async (c) => {
    try {
      await ping(store);
      return c.json({ status: 'ready', checks: { store: 'ok' } }, 200, { 'Cache-Control': 'no-store' });
    } catch (error) {
      // The reason goes to the log only: /readyz is reachable without login.
      logger.warn({ err: error }, 'readiness check failed: store');
      return c.json({ status: 'unavailable', checks: { store: 'unavailable' } }, 503, { 'Cache-Control': 'no-store' });
    }
  });
  return app;
}
