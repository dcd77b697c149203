/**
 * One production-shaped BFF process for tests:
 *   node --import tsx test/bff/auth/support/bff-process.ts
 * The parts bff/start.ts composes when DATABASE_URL and REDIS_URL are set — PostgreSQL store (flows),
 * Redis sessions, refresh lock and event hub, createAuth, createApp — without the development
 * platform, the simulator or a widget build, so a test can run several as a cluster would.
 * Configured by the environment exactly like the product (loadConfig); TEST_REDIS_PREFIX keeps its
 * Redis keys and channels apart from other runs. Prints `listening <url>` when ready; SIGTERM stops it.
 */
import { createApp } from '../../../../bff/app.js';
import { createAuth, createSqlLoginFlowStore } from '../../../../bff/auth/index.js';
import { openSessionStore } from '../../../../bff/auth/session-store/open-session-store.js';
import { loadConfig } from '../../../../bff/config.js';
import { openEventHub } from '../../../../bff/events/open-hub.js';
import { createLogger } from '../../../../bff/observability/logger.js';
import { startServer } from '../../../../bff/server.js';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore } from '../../../../bff/store/store.js';

const config = loadConfig(process.env);
if (!config.databaseUrl || !config.redisUrl || !config.piiHashKey) {
  throw new Error('bff-process needs DATABASE_URL, REDIS_URL and PII_HASH_KEY');
}
const redisPrefix = process.env.TEST_REDIS_PREFIX ?? 'govdock:';
const logger = createLogger(config);
const store = await openStore({ databaseUrl: config.databaseUrl });
await migrate(store);
const hub = await openEventHub({ redisUrl: config.redisUrl, redisPrefix });
const sessions = await openSessionStore({ store, redisUrl: config.redisUrl, redisPrefix });
const auth = createAuth({
  config,
  sessions,
  refreshLock: sessions.refreshLock,
  replayCache: sessions.replayCache,
  flows: createSqlLoginFlowStore(store),
  hub,
  logger,
  piiHashKey: config.piiHashKey,
});
const app = createApp({
  config,
  store,
  logger,
  hub,
  auth,
  widgetsDir: '/nonexistent/widgets',
  demoDir: '/nonexistent/demo',
  // Heartbeats would only add noise to the streams the test reads.
  events: { heartbeatMs: 60_000 },
});
const server = await startServer(app, { host: config.host, port: config.port });
process.stdout.write(`listening ${server.url}\n`);

process.once('SIGTERM', () => {
  void (async () => {
    await server.close();
    await sessions.close?.();
    await hub.close();
    await store.close();
    process.exit(0);
  })();
});
