/**
 * The real thing on loopback: the development unified-auth platform (node-oidc-provider) and the
 * BFF (createApp + createAuth, PGlite in memory) on random ports. The platform must know the BFF's
 * URL (redirect_uri) and the BFF the platform's (issuer), so the BFF's server starts first with
 * its app plugged in once both URLs exist.
 */
import type { createApp } from '../../../../bff/app.js';
import type { Auth } from '../../../../bff/auth/index.js';
import type { EventHub } from '../../../../bff/events/hub.js';
import { composeBff } from '../../../support/compose-bff.js';
import type { SessionStore } from '../../../../bff/auth/session-store/types.js';
import { loadConfig, type Config } from '../../../../bff/config.js';
import {
  BFF_CLIENT_ID,
  DEFAULT_BFF_CLIENT_SECRET,
  defaultDevClients,
  startDevAuthPlatform,
  type DevAuthPlatform,
  type PlatformTtl,
} from '../../../../bff/dev/auth-platform/index.js';
import { startServer, type RunningServer } from '../../../../bff/server.js';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../../bff/store/store.js';
import { AuthTestBrowser } from './browser.js';

/** A host page on a listed site, with a query string that must survive the round trip. */
export const HOST_SITE = 'https://harbin.gov.cn';
export const HOST_PAGE = `${HOST_SITE}/zwfw/banshi.html?item=230100-0001&tab=2#top`;
export const HOME = 'https://www.hlj.gov.cn/';
export const PII_HASH_KEY = 'test-pii-hash-key-0123456789abcdef0123456789';

export interface AuthStack {
  bff: RunningServer;
  /** The BFF app: tests may add routes (guarded probes) before their first request. */
  app: ReturnType<typeof createApp>;
  platform: DevAuthPlatform;
  store: Store;
  sessions: SessionStore;
  hub: EventHub;
  auth: Auth;
  config: Config;
  newBrowser(): AuthTestBrowser;
  close(): Promise<void>;
}

export async function startAuthStack(
  overrides: Record<string, unknown> = {},
  options: { platformTtl?: Partial<PlatformTtl> } = {},
): Promise<AuthStack> {
  const store = await openStore({ dataDir: 'memory://' });
  await migrate(store);
  // Filled in once the platform's issuer is known; the server only needs it when requests come.
  const late: { app?: ReturnType<typeof createApp> } = {};
  const bff = await startServer(
    { fetch: (request) => (late.app ? late.app.fetch(request) : new Response('starting', { status: 503 })) },
    { host: '127.0.0.1', port: 0 },
  );
  const platform = await startDevAuthPlatform({
    port: 0,
    clients: defaultDevClients({ bffBaseUrl: bff.url, deptAppUrl: 'http://127.0.0.1:9/dept-app' }),
    ttl: options.platformTtl,
  });
  const config = loadConfig(
    {},
    {
      publicBaseUrl: bff.url,
      'auth.issuer': platform.issuer,
      'auth.clientId': BFF_CLIENT_ID,
      'auth.clientSecret': DEFAULT_BFF_CLIENT_SECRET,
      'auth.returnTo.allowed': `${HOST_SITE}/zwfw/`,
      'auth.returnTo.home': HOME,
      'auth.registerUrl': `${platform.issuer}/register`,
      ...overrides,
    },
  );
  const {
    app: built,
    auth,
    hub,
    sessions,
  } = composeBff({ config, store, piiHashKey: PII_HASH_KEY, heartbeatMs: 60_000 });
  late.app = built;
  return {
    bff,
    app: built,
    platform,
    store,
    sessions,
    hub,
    auth,
    config,
    newBrowser: () => new AuthTestBrowser([bff.url, platform.issuer]),
    async close() {
      await bff.close();
      await platform.close();
      await store.close();
    },
  };
}
