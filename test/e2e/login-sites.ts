/**
 * The pieces of the several-sites end-to-end test: a site page as a site of the group serves it
 * (its own HTML, the one loader line pointing at the gateway's `/govdock` mount, `<gov-login
 * silent-check>`), and a BFF composed in this process the way bff/start.ts composes it — config
 * from environment-style keys (GOVDOCK_SITES …), createAuth, createApp over the built widgets
 * and gallery — so the test can give each BFF its own sites and platform client. One PGlite store
 * serves every BFF of the file (sessions are keyed by issuer, and each BFF has its own hub, which
 * is what carries a logout).
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createApp } from '../../bff/app.js';
import { PRODUCT_VERSION } from '../../bff/api/meta/version.js';
import { createAuth, createSqlLoginFlowStore } from '../../bff/auth/index.js';
import { createStoreSessionStore } from '../../bff/auth/session-store/store-session-store.js';
import type { Config } from '../../bff/config.js';
import { createEventHub, type EventHub } from '../../bff/events/hub.js';
import { createLogger } from '../../bff/observability/logger.js';
import { startServer, type FetchApp, type RunningServer } from '../../bff/server.js';
import type { Store } from '../../bff/store/store.js';

export const PII_HASH_KEY = 'e2e-sites-pii-hash-key-0123456789abcdef0123';

const root = new URL('../..', import.meta.url);

function loaderIntegrity(): string | undefined {
  try {
    const sri = JSON.parse(readFileSync(new URL(`dist/widgets/${PRODUCT_VERSION}/sri.json`, root), 'utf8')) as Record<
      string,
      string
    >;
    return sri['loader.js'];
  } catch {
    return undefined;
  }
}

/**
 * A site of the group: one page at `/` and per path ending in `.html`, each with the loader from the gateway's
 * mount and `<gov-login silent-check>`; `/favicon.ico` answers 204 (a site has its own icon).
 */
export function sitePages(siteName: string): (req: IncomingMessage, res: ServerResponse) => void {
  const integrity = loaderIntegrity();
  const escape = (text: string) => text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (req.method !== 'GET' || !(path === '/' || path.endsWith('.html'))) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('未找到');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(`<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escape(path)} — ${escape(siteName)}（演示）</title>
    <script type="module" src="/govdock/widgets/${PRODUCT_VERSION}/loader.js"${
      integrity ? ` integrity="${integrity}"` : ''
    } crossorigin="anonymous"></script>
  </head>
  <body>
    <header>
      <p>${escape(siteName)}</p>
      <gov-login silent-check><a href="/govdock/auth/login">登录</a></gov-login>
    </header>
    <main id="main"><h1>政务服务</h1><p>${escape(siteName)}的演示页面 ${escape(path)}。</p></main>
  </body>
</html>
`);
  };
}

/** An HTTP server whose app is plugged in later: the platform needs the BFF's URL before the BFF its config. */
export async function startLateServer(): Promise<{ server: RunningServer; plug(app: FetchApp): void }> {
  const late: { app?: FetchApp } = {};
  const server = await startServer(
    { fetch: (request) => (late.app ? late.app.fetch(request) : new Response('starting', { status: 503 })) },
    { host: '127.0.0.1', port: 0 },
  );
  return {
    server,
    plug: (app) => {
      late.app = app;
    },
  };
}

/** The BFF as bff/start.ts builds it, over the built widgets and gallery (dist/), quiet logs. */
export function composeSiteBff(config: Config, store: Store): { app: FetchApp; hub: EventHub } {
  const logger = createLogger({ logLevel: process.env.AUTH_TEST_DEBUG ? 'debug' : 'silent' });
  const hub = createEventHub();
  const auth = createAuth({
    config,
    sessions: createStoreSessionStore(store),
    flows: createSqlLoginFlowStore(store),
    hub,
    logger,
    piiHashKey: PII_HASH_KEY,
  });
  const app = createApp({ config, store, logger, hub, auth, widgetsDir: 'dist/widgets', demoDir: 'dist/demo' });
  return { app, hub };
}
