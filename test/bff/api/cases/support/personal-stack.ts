/**
 * The personal-space API tests' stack: test/bff/auth/support/stack.ts's real thing (the development
 * unified-auth platform + the BFF with createAuth, PGlite in memory, on loopback), composed here
 * because these tests also read back every log line the BFF writes (at debug level), to prove that
 * no raw ID number or mobile ever reaches a log. Logins go through the platform's login form
 * (flows.logIn): real sessions, nothing faked in requireUser.
 */
import { Writable } from 'node:stream';
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
import { openStore } from '../../../../../bff/store/store.js';
import type { RateLimitStore } from '../../../../../bff/api/shared/rate-limit.js';
import { AuthTestBrowser } from '../../../auth/support/browser.js';
import { CSRF } from '../../../auth/support/flows.js';
import { HOME, HOST_SITE, PII_HASH_KEY, type AuthStack } from '../../../auth/support/stack.js';

export { PII_HASH_KEY };

export interface PersonalStack extends AuthStack {
  /** Every log line written so far (raw JSON lines, after the logger's own masking). */
  logText(): string;
  /** GET/POST as `browser` with the CSRF header; the body parsed when JSON. */
  call(
    browser: AuthTestBrowser,
    path: string,
    init?: RequestInit,
  ): Promise<{ status: number; text: string; json: unknown; headers: Headers }>;
}

export async function startPersonalStack(
  overrides: Record<string, unknown> = {},
  options: { rateLimits?: RateLimitStore } = {},
): Promise<PersonalStack> {
  let logs = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs += chunk.toString();
      done();
    },
  });
  const logger = createLogger({ logLevel: 'debug' }, sink);
  const store = await openStore({ dataDir: 'memory://' });
  await migrate(store);
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
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    widgetsDir: '/nonexistent/widgets',
    demoDir: '/nonexistent/demo',
    events: { heartbeatMs: 60_000 },
  });
  late.app = app;
  const stack: PersonalStack = {
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
          ...(init.body ? { 'content-type': 'application/json' } : {}),
          ...(init.headers as Record<string, string> | undefined),
        },
      });
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
      await bff.close();
      await platform.close();
      await store.close();
    },
  };
  return stack;
}
