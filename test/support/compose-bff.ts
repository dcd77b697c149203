/**
 * The BFF as the auth tests and benchmarks run it: createAuth + createApp over a migrated store,
 * the SQL session store, an in-process hub and a quiet logger, no widget or gallery files. One
 * place, so a new dependency of createApp/createAuth is added once for every test stack.
 */
import { createApp } from '../../bff/app.js';
import { createAuth, createSqlLoginFlowStore, type Auth } from '../../bff/auth/index.js';
import { createStoreSessionStore } from '../../bff/auth/session-store/store-session-store.js';
import type { SessionStore } from '../../bff/auth/session-store/types.js';
import type { Config } from '../../bff/config.js';
import { createEventHub, type EventHub } from '../../bff/events/hub.js';
import { createLogger } from '../../bff/observability/logger.js';
import type { Store } from '../../bff/store/store.js';

export interface ComposedBff {
  app: ReturnType<typeof createApp>;
  auth: Auth;
  hub: EventHub;
  sessions: SessionStore;
}

export function composeBff(options: {
  config: Config;
  store: Store;
  piiHashKey: string;
  hubBufferSize?: number;
  /** SSE tuning; tests keep heartbeats out of the way. */
  heartbeatMs?: number;
}): ComposedBff {
  const { config, store } = options;
  const logger = createLogger({ logLevel: process.env.AUTH_TEST_DEBUG ? 'debug' : 'silent' });
  const hub = createEventHub({ bufferSize: options.hubBufferSize ?? 100, firstId: 1 });
  const sessions = createStoreSessionStore(store);
  const auth = createAuth({
    config,
    sessions,
    flows: createSqlLoginFlowStore(store),
    hub,
    logger,
    piiHashKey: options.piiHashKey,
  });
  const app = createApp({
    config,
    store,
    logger,
    hub,
    auth,
    widgetsDir: '/nonexistent/widgets',
    demoDir: '/nonexistent/demo',
    ...(options.heartbeatMs === undefined ? {} : { events: { heartbeatMs: options.heartbeatMs } }),
  });
  return { app, auth, hub, sessions };
}
