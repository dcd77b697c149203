/**
 * /auth — the identity contract (architecture §6, issue 3):
 *   GET  /auth/login?return_to=&prompt=none   start a login (top-level navigation)
 *   GET  /auth/callback                       the platform returns the code here
 *   GET  /auth/session                        who am I (masked), level, logout URL; when anonymous,
 *                                             whether a roaming silent check is still due   [X-CSRF]
 *   GET  /auth/register?return_to=            the unified registration page
 *   POST /auth/logout                         our logout; answers where the browser goes  [X-CSRF]
 * CSRF headers are enforced by the app-level middleware (bff/http/csrf.ts), not here.
 * Each route works for the site the request's Host selects among the configured ones (sites.ts):
 * its redirect URI, return_to policy, logout URL and post-logout address.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { Config } from '../config.js';
import { AppError } from '../http/errors.js';
import type { Logger } from '../observability/logger.js';
import {
  clearFlowCookie,
  clearSessionCookie,
  markPlatformChecked,
  newestFlowId,
  platformChecked,
  readFlowBinding,
  readSessionCookie,
  setFlowCookie,
  setSessionCookie,
} from './cookies.js';
import type { LoginFlow, LoginFlowStore } from './login-flows.js';
import { loginErrorPage } from './pages.js';
import type { AuthProvider } from './providers/types.js';
import { levelOf, requestAuthOf } from './request-auth.js';
import type { SessionService } from './sessions.js';
import { UnknownSiteError, type Site, type SiteTable } from './sites.js';
import type { SessionRecord } from './session-store/types.js';

export interface AuthRouteContext {
  provider: AuthProvider;
  sessions: SessionService;
  flows: LoginFlowStore;
  /** Base URL, redirect URI, return_to policy … of the site a request belongs to. */
  sites: SiteTable;
  logger: Logger;
  deploymentMode: Config['deploymentMode'];
  /** The callback parameter carrying state back; oauth2 profiles may rename it (authorize.stateParam). */
  stateParam?: string;
  registerUrl?: string;
  realNameMinLevel: number;
  /** Keys the per-session value in logoutUrl. */
  piiHashKey: string;
  /** Told about each completed login (e.g. to keep user_profiles current); a failure is logged, never shown. */
  onLogin?: (session: SessionRecord) => Promise<void>;
  /** Other engineers' receivers (back-channel logout, logout-notify), mounted under /auth. */
  receivers?: Hono[];
  now?: () => number;
}

const FLOW_TTL_MS = 10 * 60 * 1000;
/** base64url of 16 random bytes: flow ids double as OAuth state and as part of a cookie name. */
const FLOW_ID = /^[A-Za-z0-9_-]{22}$/;
/** Platform answers that mean "no login now", not a fault: back to the page, anonymous. */
const USER_OUTCOMES = new Set([
  'access_denied',
  'login_required',
  'interaction_required',
  'consent_required',
  'account_selection_required',
]);

const token = (bytes: number): string => randomBytes(bytes).toString('base64url');

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function platformUnavailable(): AppError {
  return new AppError(503, 'auth_unavailable', '统一身份认证平台暂时无法访问，请稍后再试');
}

const UNKNOWN_SITE_MESSAGE = '本网站尚未接入统一身份认证服务，请联系网站管理员。';

export function authRoutes(ctx: AuthRouteContext): Hono {
  const { provider, sessions, flows, logger } = ctx;
  const now = ctx.now ?? Date.now;
  const app = new Hono();
  const logoutValue = (sessionId: string): string =>
    createHmac('sha256', ctx.piiHashKey).update(`logout\n${sessionId}`).digest('base64url').slice(0, 32);

  for (const receiver of ctx.receivers ?? []) app.route('/', receiver);

  /**
   * The request's site. A Host that selects no configured site is refused (421: this server does
   * not serve that site), never answered with URLs made from it; JSON for scripts, a page for people.
   */
  const siteOf = (c: Context): Site => {
    try {
      return ctx.sites.siteFor(c.req.raw);
    } catch (error) {
      if (!(error instanceof UnknownSiteError)) throw error;
      logger.warn({ host: error.host.slice(0, 200) }, 'identity request for a Host that selects no configured site');
      throw new AppError(421, 'unknown_site', UNKNOWN_SITE_MESSAGE);
    }
  };
  /** For top-level navigations (login, callback, register): a person reads the answer. */
  const pageSiteOf = (c: Context): Site | Response => {
    try {
      return siteOf(c);
    } catch (error) {
      if (error instanceof AppError && error.code === 'unknown_site') {
        return loginErrorPage(c, 421, UNKNOWN_SITE_MESSAGE, undefined);
      }
      throw error;
    }
  };

  app.get('/login', async (c) => {
    const site = pageSiteOf(c);
    if (site instanceof Response) return site;
    const prompt = c.req.query('prompt') === 'none' ? 'none' : undefined;
    const createdAt = now();
    const flow: LoginFlow = {
      id: token(16),
      binding: token(16),
      // 32 random bytes in base64url are a valid PKCE verifier (RFC 7636 §4.1: 43 characters).
      codeVerifier: token(32),
      nonce: token(16),
      returnTo: site.returnTo.resolve(c.req.query('return_to')),
      site: site.id,
      createdAt,
      expiresAt: createdAt + FLOW_TTL_MS,
    };
    let url: URL;
    try {
      url = await provider.buildAuthorizationUrl({
        state: flow.id,
        codeVerifier: flow.codeVerifier,
        nonce: flow.nonce,
        prompt,
        redirectUri: site.redirectUri,
      });
    } catch (error) {
      logger.error({ err: error }, 'cannot reach the identity platform (discovery)');
      throw platformUnavailable();
    }
    await flows.put(flow);
    setFlowCookie(c, flow.id, flow.binding, createdAt, FLOW_TTL_MS / 1000);
    // Any trip to the platform (silent or not) settles this browser session's roaming check.
    markPlatformChecked(c, ctx.deploymentMode);
    c.header('Cache-Control', 'no-store');
    return c.redirect(url.href, 302);
  });

  app.get('/callback', async (c) => {
    const site = pageSiteOf(c);
    if (site instanceof Response) return site;
    const home = site.returnTo.home;
    // A platform that does not echo state (Zhejiang's ticket) leaves only the browser to go by:
    // the callback is bound to the newest flow cookie of this browser, still single-use and still
    // refused without a cookie. Residual risk (login CSRF): an attacker who makes a victim's
    // browser open the callback with the attacker's own ticket, while the victim has a login in
    // progress (a flow cookie younger than FLOW_TTL_MS), logs the victim in as the attacker. Two
    // logins in progress in one browser cannot be told apart either: the first callback to
    // arrive takes the newest flow (its return_to). config/auth-profiles/README.md says the same.
    const stateEchoed = provider.stateEchoed !== false;
    const state = stateEchoed ? c.req.query(ctx.stateParam ?? 'state') : newestFlowId(c);
    if (state === undefined || !FLOW_ID.test(state)) {
      return loginErrorPage(c, 400, '登录请求无效，请返回原网站重新登录。', home);
    }
    // The cookie proves this browser started the flow: a state injected into someone else's
    // browser (login CSRF) has no cookie there.
    const binding = readFlowBinding(c, state);
    clearFlowCookie(c, state);
    if (binding === undefined) return loginErrorPage(c, 400, '登录请求无效或已过期，请返回原网站重新登录。', home);
    // Taken before anything else: a replayed state or code finds nothing, whatever happens next.
    const flow = await flows.take(state);
    if (!flow || !sameSecret(flow.binding, binding)) {
      return loginErrorPage(c, 400, '登录请求无效或已过期，请返回原网站重新登录。', home);
    }
    // A login finishes on the site it started on (sites on one host share cookies across ports);
    // flows stored before sites existed carry none and belong to the first site.
    if ((flow.site ?? ctx.sites.sites[0]?.id) !== site.id) {
      logger.warn({ started: flow.site, callback: site.id }, 'login callback on another site than its start');
      return loginErrorPage(c, 400, '登录请求无效，请返回原网站重新登录。', home);
    }

    const platformError = c.req.query('error');
    if (platformError !== undefined) {
      logger.info({ error: platformError }, 'platform ended the login without a code');
      if (USER_OUTCOMES.has(platformError)) return c.redirect(flow.returnTo, 302);
      return loginErrorPage(c, 502, '统一身份认证平台未能完成登录，请稍后重试。', flow.returnTo);
    }

    // The URL the platform redirected to, rebuilt from configuration (never Host / X-Forwarded-*):
    // the redirect URI registered for this site, which the authorization request carried.
    const callbackUrl = new URL(site.redirectUri);
    callbackUrl.search = new URL(c.req.url).search;
    let record: SessionRecord;
    try {
      const exchange = await provider.exchangeCode(callbackUrl, {
        state: flow.id,
        codeVerifier: flow.codeVerifier,
        nonce: flow.nonce,
        redirectUri: site.redirectUri,
      });
      const user = await provider.fetchUser(exchange.tokens, exchange.subject);
      // Session fixation: whatever session id this browser brought is never the one it leaves with.
      const previous = readSessionCookie(c);
      if (previous !== undefined) await sessions.discard(previous);
      record = await sessions.create(exchange, user);
    } catch (error) {
      logger.warn({ err: error }, 'login callback refused');
      return loginErrorPage(c, 400, '登录未能完成（登录凭证无效或已使用），请返回原网站重新登录。', flow.returnTo);
    }
    if (ctx.onLogin) {
      try {
        await ctx.onLogin(record);
      } catch (error) {
        logger.error({ err: error }, 'onLogin hook failed; the login itself succeeded');
      }
    }
    setSessionCookie(c, record.id, ctx.deploymentMode);
    c.header('Cache-Control', 'no-store');
    return c.redirect(flow.returnTo, 302);
  });

  app.get('/session', async (c) => {
    c.header('Cache-Control', 'no-store');
    const site = siteOf(c);
    const session = await requestAuthOf(c, sessions, ctx.realNameMinLevel).session();
    if (!session) {
      // A cookie naming a session that is gone (expired, logged out elsewhere) is just noise now.
      if (readSessionCookie(c) !== undefined) clearSessionCookie(c, ctx.deploymentMode);
      // <gov-login silent-check> asks before it leaves: false once any tab of this browser session
      // has been to the platform (or logged out), so a second tab makes no round trip. Widgets that
      // predate the field ignore it and keep their per-tab marker.
      return c.json({ authenticated: false, silentCheckDue: !platformChecked(c) });
    }
    const { user } = session;
    return c.json({
      authenticated: true,
      user: {
        displayName: user.displayName,
        userType: user.userType,
        level: levelOf(user, ctx.realNameMinLevel),
        realNameLevel: user.realNameLevel,
        maskedId: user.maskedId,
        maskedMobile: user.maskedMobile,
        orgName: user.orgName,
        creditCode: user.creditCode,
        agentName: user.agentName,
        // Epoch ms when this session ends unless used again (the sooner of idle and absolute), so
        // <gov-login> can warn before it lapses. Inside `user` because the widget runtime's session
        // store passes `user` through as sent (and across tabs) but keeps no other field.
        expiresAt: Math.min(session.idleExpiresAt, session.expiresAt),
      },
      logoutUrl: `${site.baseUrl}/auth/logout?sid=${logoutValue(session.id)}`,
    });
  });

  app.get('/register', (c) => {
    const site = pageSiteOf(c);
    if (site instanceof Response) return site;
    if (!ctx.registerUrl) return loginErrorPage(c, 404, '本站未配置统一注册页面。', site.returnTo.home);
    const url = new URL(ctx.registerUrl);
    url.searchParams.set('return_to', site.returnTo.resolve(c.req.query('return_to')));
    return c.redirect(url.href, 302);
  });

  app.post('/logout', async (c) => {
    c.header('Cache-Control', 'no-store');
    const site = siteOf(c);
    const id = readSessionCookie(c);
    const sid = c.req.query('sid');
    // The per-session value from logoutUrl, when given, must belong to this browser's session.
    if (sid !== undefined && (id === undefined || !sameSecret(sid, logoutValue(id)))) {
      throw new AppError(400, 'bad_request', '退出请求无效，请刷新页面后重试');
    }
    // Server records first, then the cookie (anchors §10): a failure in between leaves no session.
    // The user's sessions on the other sites of this browser (same platform session) end with it.
    const loggedOut = id === undefined ? undefined : await sessions.logout(id);
    const ended = loggedOut?.ended;
    clearSessionCookie(c, ctx.deploymentMode);
    // Logged out on purpose: no silent check may sign this browser back in during its session.
    markPlatformChecked(c, ctx.deploymentMode);
    for (const record of loggedOut ? [loggedOut.ended, ...loggedOut.siblings] : []) {
      provider.revoke(record.tokens).catch((error: unknown) => logger.warn({ err: error }, 'token revocation failed'));
    }
    let redirect = site.returnTo.home;
    try {
      const url = await provider.endSessionUrl({
        idToken: ended?.tokens.idToken,
        state: token(16),
        postLogoutRedirectUri: site.postLogoutRedirectUri,
      });
      if (url) redirect = url.href;
    } catch (error) {
      logger.warn({ err: error }, 'no platform logout URL');
    }
    return c.json({ redirect });
  });

  return app;
}

/** /auth without an identity platform: everyone is anonymous, login says why it cannot start. */
export function unconfiguredAuthRoutes(): Hono {
  const app = new Hono();
  const notConfigured = (c: Context): never => {
    void c;
    throw new AppError(503, 'auth_not_configured', '本站尚未接入统一身份认证平台，暂时无法登录');
  };
  app.get('/session', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ authenticated: false });
  });
  app.get('/login', notConfigured);
  app.get('/register', notConfigured);
  app.post('/logout', notConfigured);
  return app;
}
