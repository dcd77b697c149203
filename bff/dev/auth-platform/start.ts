/**
 * Starts the development unified-auth platform: oidc-provider on its own loopback HTTP server
 * (a separate origin, like the real provincial platform), plus its Chinese pages.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { DevClient } from './clients.js';
import { pageSecurityHeaders, sendHtml } from './http-util.js';
import { handleInteraction, type InteractionDeps } from './interactions.js';
import { generateJwks, type PrivateJwks } from './jwks.js';
import { silentLogger, type PlatformLogger } from './logger.js';
import { FAVICON_PATH, FAVICON_SVG, homePage, registerPage, STYLESHEET_PATH } from './pages.js';
import { buildProviderConfiguration, DEFAULT_TTL, type PlatformTtl } from './provider-config.js';

export interface DevAuthPlatformOptions {
  /** Loopback only: the platform has public demo passwords. */
  host?: string;
  /** 0 picks a free port; the issuer then uses the real one. */
  port: number;
  /** External origin when something fronts the server (no path); defaults to `http://host:port`. */
  issuer?: string;
  clients: DevClient[];
  /** Cookie signing keys; random per start when omitted (platform sessions then end at restart). */
  cookieKeys?: string[];
  /** Private signing keys, e.g. from `loadOrCreateJwks()`; generated per start when omitted. */
  jwks?: PrivateJwks;
  ttl?: Partial<PlatformTtl>;
  logger?: PlatformLogger;
}

export interface DevAuthPlatform {
  issuer: string;
  close(): Promise<void>;
}

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|::1|localhost)$/;

function resolveIssuer(issuer: string | undefined, host: string, port: number): string {
  if (!issuer) return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const url = new URL(issuer);
  // oidc-provider serves its routes at the server root, so an issuer path would not match them.
  if (url.pathname !== '/' || url.search || url.hash) throw new Error(`issuer must be an origin: ${issuer}`);
  return url.origin;
}

/**
 * Origins of every registered redirect (and each client's return_origins), for CSP form-action and
 * the register page's back link: derived from the registrations, so a site added to a client is
 * allowed without a second list to keep in step.
 */
export function clientOrigins(clients: readonly DevClient[]): string[] {
  const uris = clients.flatMap((client) => [
    ...(client.redirect_uris ?? []),
    ...(client.post_logout_redirect_uris ?? []),
    ...(client.return_origins ?? []),
  ]);
  return [...new Set(uris.filter((uri) => URL.canParse(uri)).map((uri) => new URL(uri).origin))];
}

/** Splits our own fields off (`first_party`, `return_origins`): oidc-provider rejects metadata it does not know. */
function splitClients(clients: DevClient[]) {
  const firstPartyClientIds = new Set<string>();
  const metadata = clients.map(({ first_party: firstParty, return_origins: _returnOrigins, ...client }) => {
    if (firstParty && client.client_id) firstPartyClientIds.add(client.client_id);
    return client;
  });
  return { metadata, firstPartyClientIds };
}

async function listen(server: ReturnType<typeof createServer>, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export async function startDevAuthPlatform(options: DevAuthPlatformOptions): Promise<DevAuthPlatform> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.test(host)) throw new Error(`the development auth platform listens on loopback only, not ${host}`);
  const logger = options.logger ?? silentLogger;
  const stylesheet = await readFile(new URL('./platform.css', import.meta.url));
  const origins = clientOrigins(options.clients);
  const pageHeaders = pageSecurityHeaders(origins);
  const { metadata, firstPartyClientIds } = splitClients(options.clients);

  // The issuer needs the real port, so the server listens before the provider exists.
  const routes: { dispatch?: (req: IncomingMessage, res: ServerResponse) => Promise<void> } = {};
  const server = createServer((req, res) => {
    if (!routes.dispatch) {
      res.writeHead(503).end();
      return;
    }
    routes.dispatch(req, res).catch((error: unknown) => {
      logger.error({ err: String(error), url: req.url }, 'auth platform request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const port = await listen(server, host, options.port);
  const issuer = resolveIssuer(options.issuer, host, port);

  const provider = new Provider(
    issuer,
    buildProviderConfiguration({
      clients: metadata,
      firstPartyClientIds,
      cookieKeys: options.cookieKeys ?? [randomBytes(32).toString('base64url')],
      jwks: options.jwks ?? (await generateJwks()),
      ttl: { ...DEFAULT_TTL, ...options.ttl },
      pageHeaders,
    }),
  );
  provider.on('server_error', (_ctx, error) => logger.error({ err: String(error) }, 'oidc-provider server error'));
  provider.on('backchannel.error', (_ctx, error, client, accountId, sid) =>
    logger.warn({ err: String(error), clientId: client.clientId, accountId, sid }, 'back-channel logout failed'),
  );
  provider.on('backchannel.success', (_ctx, client, accountId, sid) =>
    logger.info({ clientId: client.clientId, accountId, sid }, 'back-channel logout delivered'),
  );

  const deps: InteractionDeps = { provider, firstPartyClientIds, pageHeaders, logger };
  const oidc = provider.callback();
  routes.dispatch = async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const isRead = req.method === 'GET' || req.method === 'HEAD';
    if (isRead && url.pathname === STYLESHEET_PATH) {
      res.writeHead(200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
      res.end(req.method === 'HEAD' ? undefined : stylesheet);
    } else if (isRead && (url.pathname === FAVICON_PATH || url.pathname === '/favicon.ico')) {
      // Browsers ask for /favicon.ico on pages without an icon link (oidc-provider's JSON errors);
      // a 404 there is a console error in every end-to-end run.
      res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' });
      res.end(req.method === 'HEAD' ? undefined : FAVICON_SVG);
    } else if (isRead && url.pathname === '/') {
      sendHtml(res, 200, homePage(), pageHeaders);
    } else if (isRead && url.pathname === '/register') {
      const back = url.searchParams.get('return_to');
      const safeBack = back && URL.canParse(back) && origins.includes(new URL(back).origin) ? back : '/';
      sendHtml(res, 200, registerPage(safeBack), pageHeaders);
    } else if (!(await handleInteraction(deps, req, res, url.pathname))) {
      await oidc(req, res);
    }
  };

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Browsers and fetch keep connections alive; without this close() waits for them.
        server.closeAllConnections();
      }),
  };
}
