/**
 * The notices tests' stack: the real BFF (createApp + createAuth with the development unified-auth
 * platform, real logins through its form) over a library the test chooses — PGlite in memory or a
 * throw-away PostgreSQL database (test/bff/sync/support/library-targets.ts) — an embedded PGlite front
 * processor with the simulator (its agency answers tickets), and a sync service over the national
 * layouts with the hub and the SSE user keys wired as `npm start` wires them.
 */
import { createApp } from '../../../../bff/app.js';
import { createAuth, createSqlLoginFlowStore } from '../../../../bff/auth/index.js';
import { userKeyOf } from '../../../../bff/auth/user-key.js';
import { createStoreSessionStore } from '../../../../bff/auth/session-store/store-session-store.js';
import { loadConfig } from '../../../../bff/config.js';
import {
  BFF_CLIENT_ID,
  DEFAULT_BFF_CLIENT_SECRET,
  defaultDevClients,
  startDevAuthPlatform,
  type DevAuthPlatform,
} from '../../../../bff/dev/auth-platform/index.js';
import { openFrontTarget, type FrontTarget } from '../../../../bff/dev/front-processor/open.js';
import { startSimulator, type Simulator } from '../../../../bff/dev/simulator/index.js';
import { createEventHub, type EventHub, type HubEvent } from '../../../../bff/events/hub.js';
import { createLogger } from '../../../../bff/observability/logger.js';
import { applicantKeyHash } from '../../../../bff/privacy/pii.js';
import { startServer } from '../../../../bff/server.js';
import type { Store } from '../../../../bff/store/store.js';
import { defaultSyncConfig } from '../../../../bff/sync/config.js';
import { createSyncService, type SyncServiceWithKinds } from '../../../../bff/sync/index.js';
import { loadLayout } from '../../../../bff/sync/layouts/index.js';
import { openFrontSource } from '../../../../bff/sync/sources/open.js';
import { AuthTestBrowser } from '../../auth/support/browser.js';
import { CSRF } from '../../auth/support/flows.js';
import { HOME, HOST_SITE, PII_HASH_KEY } from '../../auth/support/stack.js';

export { PII_HASH_KEY };

export const TICK_MS = 5000;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export interface NoticeStack {
  /** The BFF on loopback (what test/bff/auth/support/flows.ts logIn needs). */
  bff: { url: string };
  store: Store;
  front: FrontTarget;
  simulator: Simulator;
  sync: SyncServiceWithKinds;
  hub: EventHub;
  platform: DevAuthPlatform;
  /** Every hub event since the stack started. */
  heard: HubEvent[];
  /** The simulator's clock (ms), moved by `tick`. */
  clock(): number;
  tick(): Promise<void>;
  userKey(issuer: string, subject: string): string;
  newBrowser(): AuthTestBrowser;
  call(
    browser: AuthTestBrowser | null,
    path: string,
    init?: RequestInit,
  ): Promise<{ status: number; text: string; json: unknown; headers: Headers }>;
  close(): Promise<void>;
}

export async function startNoticeStack(
  store: Store,
  options: { databaseUrl?: string | undefined; overrides?: Record<string, unknown> } = {},
): Promise<NoticeStack> {
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
      // Not the default: proves the configured links reach the engine (createSyncService({ notices })).
      'notices.caseLink': '/zwfw/my.html#case={projectNo}',
      ...options.overrides,
    },
  );
  const logger = createLogger({ logLevel: 'silent' });
  const hub = createEventHub({ bufferSize: 1000, firstId: 1 });
  const heard: HubEvent[] = [];
  hub.subscribe((event) => heard.push(event));
  const auth = createAuth({
    config,
    sessions: createStoreSessionStore(store),
    flows: createSqlLoginFlowStore(store),
    hub,
    logger,
    piiHashKey: PII_HASH_KEY,
  });
  late.app = createApp({
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

  // The sync reads only rows older than the front's clock minus the lag: the simulator runs ten minutes back.
  let clock = Date.now() - 10 * 60_000;
  const front = await openFrontTarget({ pgliteDir: 'memory://' });
  const simulator = await startSimulator({
    front,
    seed: 'notices-test',
    items: 200,
    cases: 0,
    newCasesPerTick: 1,
    tickSeconds: TICK_MS / 1000,
    autoTick: false,
    announcements: false,
    now: () => clock,
  });
  const syncConfig = defaultSyncConfig({ safetyLagSeconds: 0, lookbackSeconds: 0 });
  const layouts = ['national', 'national-replies', 'national-announcements'].map((name) => loadLayout(name));
  const source = await openFrontSource({ front }, { sourceTimeZone: syncConfig.sourceTimeZone });
  const sync = createSyncService({
    store,
    source,
    layout: { name: 'national+companions', streams: layouts.flatMap((layout) => layout.streams) },
    config: syncConfig,
    logger: quiet,
    hub,
    keyHash: (idNumber) => applicantKeyHash(idNumber, PII_HASH_KEY),
    userKeyOf: (issuer, subject) => userKeyOf(issuer, subject, PII_HASH_KEY),
    notices: config.notices,
    // PostgreSQL: the stream locks need their own connection's URL.
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
  });

  return {
    bff,
    store,
    front,
    simulator,
    sync,
    hub,
    platform,
    heard,
    clock: () => clock,
    async tick() {
      clock += TICK_MS;
      await simulator.tick();
    },
    userKey: (issuer, subject) => userKeyOf(issuer, subject, PII_HASH_KEY),
    newBrowser: () => new AuthTestBrowser([bff.url, platform.issuer]),
    async call(browser, path, init = {}) {
      const headers = {
        ...CSRF,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.headers as Record<string, string> | undefined),
      };
      const url = new URL(path, bff.url);
      const response = browser
        ? await browser.fetch(url, { ...init, headers })
        : await fetch(url, { ...init, headers });
      const text = await response.text();
      let json: unknown = undefined;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON
      }
      return { status: response.status, text, json, headers: response.headers };
    },
    async close() {
      await sync.close().catch(() => undefined);
      await source.close().catch(() => undefined);
      await simulator.close().catch(() => undefined);
      await front.close().catch(() => undefined);
      await bff.close().catch(() => undefined);
      await platform.close().catch(() => undefined);
    },
  };
}
