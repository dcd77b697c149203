/**
 * The ticket API tests' stack: the development unified-auth platform and the whole BFF (createAuth +
 * createApp) on loopback over a store the test chooses — PGlite in memory or a throw-away PostgreSQL
 * database (test/bff/store/store-targets.ts) — plus a debug-level logger whose lines the tests read
 * back (no raw ID number may reach a log). Logins go through the platform's form: real sessions.
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
import type { Store } from '../../../../../bff/store/store.js';
import { AuthTestBrowser } from '../../../auth/support/browser.js';
import { CSRF } from '../../../auth/support/flows.js';
import { HOME, HOST_SITE, PII_HASH_KEY, type AuthStack } from '../../../auth/support/stack.js';

export { PII_HASH_KEY };

export interface CallResult {
  status: number;
  text: string;
  json: unknown;
  headers: Headers;
  bytes: Uint8Array;
}

export interface TicketStack extends AuthStack {
  logText(): string;
  /** A request as `browser` with the CSRF header (JSON content type when the body is a string). */
  call(browser: AuthTestBrowser, path: string, init?: RequestInit): Promise<CallResult>;
}

/** Starts the stack over `store` (migrated here); close() leaves the store to its owner. */
export async function startTicketStack(store: Store, overrides: Record<string, unknown> = {}): Promise<TicketStack> {
  let logs = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs += chunk.toString();
      done();
    },
  });
  const logger = createLogger({ logLevel: 'debug' }, sink);
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
    },
  };
}

/** Minimal real files and liars, by their first bytes. */
export const FILES = {
  png: Uint8Array.from(
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    ),
  ),
  jpeg: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]),
  pdf: new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
  html: new TextEncoder().encode('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>'),
  svg: new TextEncoder().encode(
    '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
  ),
  exe: Uint8Array.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff]),
};

export function form(bytes: Uint8Array, name: string, type: string): FormData {
  const data = new FormData();
  data.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
  return data;
}
