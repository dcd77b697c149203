/**
 * The JSON API tests' stack, shared by every area (cases, evaluations, tickets, recommendations …):
 * the development unified-auth platform and the whole BFF (createAuth + createApp, SQL sessions) on
 * loopback over a store the caller gives (PGlite in memory or a throw-away PostgreSQL database), plus
 * a debug-level logger whose lines the tests read back (no raw ID number or mobile may reach a log).
 * Logins go through the platform's form (flows.logIn): real sessions, nothing faked in requireUser.
 */
import { Writable } from 'node:stream';
import { createApp } from '../../../../bff/app.js';
import { createAuth, createSqlLoginFlowStore } from '../../../../bff/auth/index.js';
import { createStoreSessionStore } from '../../../../bff/auth/session-store/store-session-store.js';
import { loadConfig } from '../../../../bff/config.js';
import {
  BFF_CLIENT_ID,
  DEFAULT_BFF_CLIENT_SECRET,
  defaultDevClients,
  startDevAuthPlatform,
} from '../../../../bff/dev/auth-platform/index.js';
import { createEventHub } from '../../../../bff/events/hub.js';
import { createLogger } from '../../../../bff/observability/logger.js';
import { startServer } from '../../../../bff/server.js';
import { migrate } from '../../../../bff/store/migrate.js';
import type { Store } from '../../../../bff/store/store.js';
import type { RateLimitStore } from '../../../../bff/api/shared/rate-limit.js';
import { AuthTestBrowser } from '../../auth/support/browser.js';
import { CSRF } from '../../auth/support/flows.js';
import { HOME, HOST_SITE, PII_HASH_KEY, type AuthStack } from '../../auth/support/stack.js';

export { PII_HASH_KEY };

export interface CallResult {
  status: number;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON (204, a download). */
  json: unknown;
  headers: Headers;
  bytes: Uint8Array;
}

export interface ApiStack extends AuthStack {
  /** Every log line written so far (raw JSON lines, after the logger's own masking). */
  logText(): string;
  /**
   * A request as `browser` with the CSRF header; a string body is sent as JSON, anything else
   * (FormData, bytes) with the type fetch gives it.
   */
  call(browser: AuthTestBrowser, path: string, init?: RequestInit): Promise<CallResult>;
}

export interface ApiStackOptions {
  /** Migrated here. */
  store: Store;
  /** Config overrides (dotted keys as loadConfig takes them). */
  overrides?: Record<string, unknown>;
  /** Called by close() after the servers stopped: closing or dropping the store when the stack owns it. */
  releaseStore?: () => Promise<void>;
  /** Attempt counters shared with the test (e.g. to see or reset them); in-process when absent. */
  rateLimits?: RateLimitStore;
}

export async function startApiStack(options: ApiStackOptions): Promise<ApiStack> {
  const { store } = options;
  let logs = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs += chunk.toString();
      done();
    },
  });
  const logger = createLogger({ logLevel: 'debug' }, sink);
  await migrate(store);
  // The platform needs the BFF's URL for its client registration, the BFF needs the platform's
  // issuer: listen first, answer once the app exists.
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
      ...options.overrides,
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
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
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
    logText: () => logs,
    async call(browser, path, init = {}) {
      const response = await browser.fetch(new URL(path, bff.url), {
        ...init,
        headers: {
          ...CSRF,
          ...(typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}),
          ...(init.headers as Record<string, string> | undefined),
        },
      });
      const bytes = new Uint8Array(await response.arrayBuffer());
      const text = new TextDecoder().decode(bytes);
      let json: unknown = undefined;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON
      }
      return { status: response.status, text, json, headers: response.headers, bytes };
    },
    async close() {
      await bff.close();
      await platform.close();
      await options.releaseStore?.();
    },
  };
}
