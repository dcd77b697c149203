/**
 * The recommendation API tests' stack: the development unified-auth platform + the real BFF
 * (createApp + createAuth, SQL sessions) on loopback, over a resource library that is either PGlite
 * in memory or a throw-away PostgreSQL database (DATABASE_URL; always in CI). Logins go through the
 * platform's login form (flows.logIn): real sessions, nothing faked in requireUser.
 */
import { randomBytes } from 'node:crypto';
import { createApp } from '../../../../../bff/app.js';
import { createAuth, createSqlLoginFlowStore } from '../../../../../bff/auth/index.js';
import { createStoreSessionStore } from '../../../../../bff/auth/session-store/store-session-store.js';
import { loadConfig } from '../../../../../bff/config.js';
import {
  BFF_CLIENT_ID,
  DEFAULT_BFF_CLIENT_SECRET,
  defaultDevClients,
  startDevAuthPlatform,
} from '../../../../../bff/dev/auth-platform/index.js';
import { createEventHub } from '../../../../../bff/events/hub.js';
import { createLogger } from '../../../../../bff/observability/logger.js';
import { startServer } from '../../../../../bff/server.js';
import { migrate } from '../../../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../../../bff/store/store.js';
import { requireService } from '../../../../support/services.js';
import { AuthTestBrowser } from '../../../auth/support/browser.js';
import { CSRF } from '../../../auth/support/flows.js';
import { HOME, HOST_SITE, PII_HASH_KEY, type AuthStack } from '../../../auth/support/stack.js';

export { PII_HASH_KEY };

export interface Library {
  name: 'pglite' | 'postgres';
  skip: string | false;
  open(): Promise<{ store: Store; drop(): Promise<void> }>;
}

export const pglite: Library = {
  name: 'pglite',
  skip: false,
  async open() {
    const store = await openStore({ dataDir: 'memory://' });
    await migrate(store);
    return { store, drop: () => store.close() };
  },
};

export function postgres(): Library {
  const service = requireService('DATABASE_URL');
  return {
    name: 'postgres',
    skip: service.skip,
    async open() {
      const adminUrl = service.url as string;
      // Our own database per run: parallel helpers and test files never share tables.
      const name = `govdock_recommend_${randomBytes(5).toString('hex')}`;
      const admin = await openStore({ databaseUrl: adminUrl, maxConnections: 1 });
      await admin.exec(`CREATE DATABASE ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const store = await openStore({ databaseUrl: url.toString(), maxConnections: 4 });
      await migrate(store);
      return {
        store,
        async drop() {
          await store.close().catch(() => undefined);
          await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await admin.close();
        },
      };
    },
  };
}

export interface RecommendStack extends AuthStack {
  call(
    browser: AuthTestBrowser,
    path: string,
    init?: RequestInit,
  ): Promise<{ status: number; text: string; json: unknown; headers: Headers }>;
}

export async function startRecommendStack(
  library: Library,
  overrides: Record<string, unknown> = {},
): Promise<RecommendStack> {
  const { store, drop } = await library.open();
  const logger = createLogger({ logLevel: 'silent' });
  const late: { app?: ReturnType<typeof createApp> } = {};
  const bff = await startServer(
    { fetch: (request) => (late.app ? late.app.fetch(request) : new Response('starting', { status: 503 })) },
    { host: '127.0.0.1', port: 0 },
  );
  const platform = await startDevAuthPlatform({
    port: 0,
    clients: defaultDevClients({ bffBaseUrl: bff.url, deptAppUrl: 'http://127.0.0.1:9/dept-app' }),
  });
  const config = loadConfig(
    {},
    {
      publicBaseUrl: bff.url,
      piiHashKey: PII_HASH_KEY,
      'auth.issuer': platform.issuer,
      'auth.clientId': BFF_CLIENT_ID,
      'auth.clientSecret': DEFAULT_BFF_CLIENT_SECRET,
      'auth.returnTo.allowed': `${HOST_SITE}/zwfw/`,
      'auth.returnTo.home': HOME,
      ...overrides,
    },
  );
  const hub = createEventHub({ bufferSize: 100, firstId: 1 });
  const sessions = createStoreSessionStore(store);
  const auth = createAuth({
    config,
    sessions,
    flows: createSqlLoginFlowStore(store),
    hub,
    logger,
    piiHashKey: PII_HASH_KEY,
  });
  const app = createApp({
    config,
    store,
    logger,
    hub,
    auth,
    piiHashKey: PII_HASH_KEY,
    widgetsDir: '/nonexistent/widgets',
    demoDir: '/nonexistent/demo',
    events: { heartbeatMs: 60_000 },
  });
  late.app = app;
  return {
    bff,
    app,
    platform,
    store,
    sessions,
    hub,
    auth,
    config,
    newBrowser: () => new AuthTestBrowser([bff.url, platform.issuer]),
    async call(browser, path, init = {}) {
      const response = await browser.fetch(new URL(path, bff.url), {
        ...init,
        headers: {
          ...CSRF,
          ...(init.body ? { 'content-type': 'application/json' } : {}),
          ...(init.headers as Record<string, string> | undefined),
        },
      });
      const text = await response.text();
      let json: unknown = undefined;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON (204)
      }
      return { status: response.status, text, json, headers: response.headers };
    },
    async close() {
      await bff.close();
      await platform.close();
      await drop();
    },
  };
}
