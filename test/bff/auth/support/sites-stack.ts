/**
 * One BFF serving two sites in same-origin mode, on loopback: site A behind a gateway on
 * 127.0.0.1 (prefix kept), site B behind one on 127.0.0.2 (prefix stripped), both mounting
 * `/govdock` and forwarding to the same BFF; the development platform has the BFF client registered
 * with both sites' redirect URIs (as an operator registers them). No publicBaseUrl: the site
 * table alone configures the BFF.
 */
import type { Auth } from '../../../../bff/auth/index.js';
import type { SessionStore } from '../../../../bff/auth/session-store/types.js';
import { loadConfig, type Config } from '../../../../bff/config.js';
import {
  BFF_CLIENT_ID,
  DEFAULT_BFF_CLIENT_SECRET,
  defaultDevClients,
  startDevAuthPlatform,
  type DevAuthPlatform,
} from '../../../../bff/dev/auth-platform/index.js';
import type { EventHub } from '../../../../bff/events/hub.js';
import { startServer, type RunningServer } from '../../../../bff/server.js';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../../bff/store/store.js';
import { composeBff } from '../../../support/compose-bff.js';
import { AuthTestBrowser } from './browser.js';
import { startGateway, type Gateway } from './gateway.js';
import { PII_HASH_KEY } from './stack.js';

export interface SitesStack {
  bff: RunningServer;
  /** The BFF app, for requests with a Host no browser would send. */
  app: ReturnType<typeof composeBff>['app'];
  siteA: Gateway;
  siteB: Gateway;
  platform: DevAuthPlatform;
  store: Store;
  sessions: SessionStore;
  hub: EventHub;
  auth: Auth;
  config: Config;
  /** A browser that follows redirects between both sites and the platform. */
  newBrowser(): AuthTestBrowser;
  close(): Promise<void>;
}

export async function startSitesStack(): Promise<SitesStack> {
  const store = await openStore({ dataDir: 'memory://' });
  await migrate(store);
  const late: { fetch?: (request: Request) => Response | Promise<Response> } = {};
  const bff = await startServer(
    { fetch: (request) => (late.fetch ? late.fetch(request) : new Response('starting', { status: 503 })) },
    { host: '127.0.0.1', port: 0 },
  );
  const siteA = await startGateway({ host: '127.0.0.1' });
  const siteB = await startGateway({ host: '127.0.0.2', stripPrefix: true });
  siteA.upstream = bff.url;
  siteB.upstream = bff.url;
  const sites = [
    // Site A lists path prefixes; site B allows its whole origin (the default).
    { id: 'site-a', publicBaseUrl: siteA.baseUrl, home: `${siteA.origin}/`, returnTo: [`${siteA.origin}/zwfw/`] },
    { id: 'site-b', publicBaseUrl: siteB.baseUrl, postLogoutRedirectUri: `${siteB.origin}/bye.html` },
  ];
  const platform = await startDevAuthPlatform({
    port: 0,
    clients: defaultDevClients({
      bffBaseUrl: siteA.baseUrl,
      deptAppUrl: 'http://127.0.0.1:9/dept-app',
      bffSites: [
        { redirectUri: `${siteA.baseUrl}/auth/callback`, postLogoutRedirectUri: `${siteA.baseUrl}/` },
        { redirectUri: `${siteB.baseUrl}/auth/callback`, postLogoutRedirectUri: `${siteB.origin}/bye.html` },
      ],
    }),
  });
  const config = loadConfig(
    {},
    {
      sites,
      'auth.issuer': platform.issuer,
      'auth.clientId': BFF_CLIENT_ID,
      'auth.clientSecret': DEFAULT_BFF_CLIENT_SECRET,
      'auth.registerUrl': `${platform.issuer}/register`,
    },
  );
  const composed = composeBff({ config, store, piiHashKey: PII_HASH_KEY, heartbeatMs: 60_000 });
  late.fetch = (request) => composed.app.fetch(request);
  return {
    bff,
    app: composed.app,
    siteA,
    siteB,
    platform,
    store,
    sessions: composed.sessions,
    hub: composed.hub,
    auth: composed.auth,
    config,
    newBrowser: () => new AuthTestBrowser([siteA.origin, siteB.origin, platform.issuer]),
    async close() {
      await siteA.close();
      await siteB.close();
      await bff.close();
      await platform.close();
      await store.close();
    },
  };
}
