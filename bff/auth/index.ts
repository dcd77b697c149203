/**
 * The identity area, assembled from config: what app.ts mounts at /auth, the middleware that
 * makes the session available to guards, and the SSE identity hook.
 *
 *   const sessions = await openSessionStore({ store, redisUrl });
 *   const auth = createAuth({ config, sessions, refreshLock: sessions.refreshLock,
 *                             replayCache: sessions.replayCache, flows: createSqlLoginFlowStore(store),
 *                             hub, logger, piiHashKey });
 *   createApp({ …, auth });
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { Config } from '../config.js';
import type { EventHub } from '../events/hub.js';
import type { Logger } from '../observability/logger.js';
import { readSessionCookie } from './cookies.js';
import type { ReplayCache } from './backchannel/replay-cache.js';
import type { RefreshLock } from './refresh-lock.js';
import type { LoginFlowStore } from './login-flows.js';
import { createOAuth2Provider } from './providers/oauth2/index.js';
import { createOidcProvider } from './providers/oidc.js';
import type { AuthProvider } from './providers/types.js';
import { logoutReceivers } from './receivers.js';
import { requestAuthOf, sessionContext } from './request-auth.js';
import { authRoutes, unconfiguredAuthRoutes } from './routes.js';
import { createSessionService, type SessionService } from './sessions.js';
import { buildSiteTable } from './sites.js';
import type { SessionRecord, SessionStore } from './session-store/types.js';

export interface Auth {
  /** Mounted at /auth. */
  routes: Hono;
  /** App-level: sets `c.var.auth` for requireUser. */
  sessionContext: MiddlewareHandler;
  /** For eventRoutes: the user key of the request's session, so `logout` reaches its streams. */
  resolveUserKey(c: Context): Promise<string | undefined>;
  /** Undefined when no platform is configured. */
  sessions?: SessionService;
}

export interface AuthDeps {
  config: Config;
  sessions: SessionStore;
  /** Serialises token refresh across instances (openSessionStore's); default in-process. */
  refreshLock?: RefreshLock;
  /**
   * The logout receivers' one-time values (openSessionStore's): with Redis shared by every instance,
   * so a logout token accepted by one is refused when replayed to another. Default in-process.
   */
  replayCache?: ReplayCache;
  flows: LoginFlowStore;
  hub: EventHub;
  logger: Logger;
  /** Config.piiHashKey, or the embedded secret (bff/embedded/secrets.ts). */
  piiHashKey: string;
  /** Replaces the provider built from config (other dialects, tests). */
  provider?: AuthProvider;
  /** Replaces the platform-to-BFF receivers built from config (back-channel, logout-notify). */
  receivers?: Hono[];
  /** Told about each completed login: start.ts records the user (user_profiles) so notices can find them. */
  onLogin?: (session: SessionRecord) => Promise<void>;
}

export function unconfiguredAuth(): Auth {
  return {
    routes: unconfiguredAuthRoutes(),
    sessionContext: async (_c, next) => next(),
    resolveUserKey: async () => undefined,
  };
}

export function createAuth(deps: AuthDeps): Auth {
  const { config, logger } = deps;
  const auth = config.auth;
  // One entry per site the BFF serves (publicBaseUrl and/or `sites`); config.ts requires one with auth.
  const sites = buildSiteTable(config);
  const primary = sites.sites[0];
  if (!auth || !primary) return unconfiguredAuth();
  // The provider's defaults; every request passes its own site's (routes.ts).
  const { redirectUri, postLogoutRedirectUri } = primary;
  let provider: AuthProvider;
  if (deps.provider) provider = deps.provider;
  else if (auth.dialect === 'oauth2') {
    // loadConfig loaded and validated the profile; a hand-built Config without it is a programming error.
    if (!auth.oauth2Profile)
      throw new Error('auth.dialect is oauth2 but the config carries no profile (use loadConfig)');
    provider = createOAuth2Provider(auth.oauth2Profile, {
      clientSecret: auth.clientSecret,
      redirectUri,
      postLogoutRedirectUri,
      piiHashKey: deps.piiHashKey,
    });
  } else {
    provider = createOidcProvider({ config: auth, redirectUri, postLogoutRedirectUri, piiHashKey: deps.piiHashKey });
  }
  const sessions = createSessionService({
    store: deps.sessions,
    provider,
    hub: deps.hub,
    logger,
    piiHashKey: deps.piiHashKey,
    idleMs: auth.sessionIdleMinutes * 60_000,
    absoluteMs: auth.sessionAbsoluteHours * 3_600_000,
    refreshLeewayMs: auth.refreshLeewaySeconds * 1000,
    ...(deps.refreshLock ? { refreshLock: deps.refreshLock } : {}),
  });
  const routes = authRoutes({
    provider,
    sessions,
    flows: deps.flows,
    sites,
    logger,
    deploymentMode: config.deploymentMode,
    stateParam: auth.oauth2Profile?.authorize.stateParam,
    registerUrl: auth.registerUrl,
    realNameMinLevel: auth.realNameMinLevel,
    piiHashKey: deps.piiHashKey,
    ...(deps.onLogin ? { onLogin: deps.onLogin } : {}),
    // The OIDC back-channel receiver is mounted for dialect oidc only; logout-notify whenever configured.
    receivers:
      deps.receivers ??
      logoutReceivers({
        auth,
        provider,
        sessions: deps.sessions,
        hub: deps.hub,
        logger,
        userKeyOf: (issuer, subject) => sessions.userKey({ issuer, subject }),
        ...(deps.replayCache ? { replayCache: deps.replayCache } : {}),
      }),
  });
  return {
    routes,
    sessions,
    sessionContext: sessionContext(sessions, auth.realNameMinLevel),
    async resolveUserKey(c) {
      if (readSessionCookie(c) === undefined) return undefined;
      const session = await requestAuthOf(c, sessions, auth.realNameMinLevel).session();
      return session ? sessions.userKey(session) : undefined;
    },
  };
}

export { requireUser, type AuthEnv, type UserLevel } from './guard.js';
export { userKeyOf } from './user-key.js';
export { createMemoryLoginFlowStore, createSqlLoginFlowStore, type LoginFlowStore } from './login-flows.js';
