/**
 * The 好差评 API tests' stack: the development unified-auth platform and the whole BFF (createAuth +
 * createApp over PGlite in memory) on loopback, as test/bff/auth/support/stack.ts builds it, plus a
 * debug-level logger whose lines the tests read back (no raw ID number or mobile may reach a log)
 * and an operator token. Logins go through the platform's form (flows.logIn): real sessions.
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
import { AuthTestBrowser } from '../../../auth/support/browser.js';
import { CSRF } from '../../../auth/support/flows.js';
import { HOME, HOST_SITE, PII_HASH_KEY, type AuthStack } from '../../../auth/support/stack.js';

export { PII_HASH_KEY };
export const ADMIN_TOKEN = 'evaluation-test-admin-token-0123456789abcdef';

export interface CallResult {
  status: number;
  text: string;
  json: unknown;
  headers: Headers;
}

export interface EvaluationStack extends AuthStack {
  logText(): string;
  /** A request as `browser` with the CSRF header (and JSON content type when there is a body). */
  call(browser: AuthTestBrowser, path: string, init?: RequestInit): Promise<CallResult>;
}

export async function startEvaluationStack(overrides: Record<string, unknown> = {}): Promise<EvaluationStack> {
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
      adminToken: ADMIN_TOKEN,
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
}

/** Raw personal numbers in text: the known ones verbatim, and anything shaped like a full 身份证号 or mobile. */
export function rawPiiIn(text: string, known: readonly string[]): string[] {
  const found = new Set<string>();
  for (const value of known) if (text.includes(value)) found.add(value);
  for (const match of text.matchAll(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g)) found.add(match[0]);
  for (const match of text.matchAll(/(?<!\d)1[3-9]\d{9}(?!\d)/g)) found.add(match[0]);
  return [...found];
}
