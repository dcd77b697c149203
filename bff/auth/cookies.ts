/**
 * The kinds of cookie the identity area sets. All `__Host-` (Secure, Path=/, no Domain:
 * only this exact origin can set or read them) and HttpOnly (anchors §10):
 * - the session cookie: an opaque id, nothing else;
 * - one flow cookie per login in progress, named after the flow, so that several tabs or widgets
 *   logging in at once never overwrite each other's state (anchors §11.1), and bounded in number
 *   so that abandoned flows cannot pile up (anchors §11.10);
 * - the roaming marker: this browser session has been to the platform already (issue 3 point 6).
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import type { Config } from '../config.js';

export const SESSION_COOKIE = '__Host-govdock_session';
export const FLOW_COOKIE_PREFIX = '__Host-govdock_login_';
/** A new flow keeps at most this many older ones alive. */
const MAX_OLDER_FLOWS = 3;

type DeploymentMode = Config['deploymentMode'];

export function sessionCookieOptions(mode: DeploymentMode): CookieOptions {
  // Cross-site mode: the widgets' fetch to the BFF is a third-party request, so Lax would drop the
  // cookie; CHIPS partitions it per embedding site instead of blocking it (architecture §4).
  return mode === 'cross-site'
    ? { path: '/', secure: true, httpOnly: true, sameSite: 'None', partitioned: true }
    : { path: '/', secure: true, httpOnly: true, sameSite: 'Lax' };
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

export function setSessionCookie(c: Context, id: string, mode: DeploymentMode): void {
  setCookie(c, SESSION_COOKIE, id, sessionCookieOptions(mode));
}

export function clearSessionCookie(c: Context, mode: DeploymentMode): void {
  deleteCookie(c, SESSION_COOKIE, sessionCookieOptions(mode));
}

export const SILENT_CHECK_COOKIE = '__Host-govdock_platform_checked';

/**
 * Marks this browser session as having been to the platform (a silent check or a login started, or
 * a logout), so `<gov-login silent-check>` in any other tab makes no second round trip. A session
 * cookie (no Expires / Max-Age): it ends with the browser session, which is exactly the scope issue 3
 * point 6 gives the check. Same attributes as the session cookie, so it reaches the BFF wherever the
 * session cookie does (the widgets' fetch of /auth/session in both deployment modes).
 */
export function markPlatformChecked(c: Context, mode: DeploymentMode): void {
  setCookie(c, SILENT_CHECK_COOKIE, '1', sessionCookieOptions(mode));
}

export function platformChecked(c: Context): boolean {
  return getCookie(c, SILENT_CHECK_COOKIE) !== undefined;
}

/**
 * Flow cookies are SameSite=Lax in both modes: the callback is a top-level navigation from the
 * platform to the BFF, which Lax cookies accompany.
 */
const flowCookieOptions = (maxAgeSeconds: number): CookieOptions => ({
  path: '/',
  secure: true,
  httpOnly: true,
  sameSite: 'Lax',
  maxAge: maxAgeSeconds,
});

/** This browser's flow cookies, newest first. */
function flowCookies(c: Context): { flowId: string; createdAt: number }[] {
  return Object.entries(getCookie(c))
    .filter(([name]) => name.startsWith(FLOW_COOKIE_PREFIX))
    .map(([name, value]) => ({
      flowId: name.slice(FLOW_COOKIE_PREFIX.length),
      createdAt: parseInt(value.split('.')[0] ?? '', 36) || 0,
    }))
    .sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * The flow this browser started last, for platforms that do not echo `state`: the callback can
 * then only be tied to the browser, not to one of its flows (see routes.ts /callback).
 */
export function newestFlowId(c: Context): string | undefined {
  return flowCookies(c)[0]?.flowId;
}

/** Value: `<created, base36>.<binding>` — the age lets us drop the oldest flows first. */
export function setFlowCookie(
  c: Context,
  flowId: string,
  binding: string,
  createdAt: number,
  ttlSeconds: number,
): void {
  for (const stale of flowCookies(c).slice(MAX_OLDER_FLOWS)) {
    deleteCookie(c, FLOW_COOKIE_PREFIX + stale.flowId, flowCookieOptions(0));
  }
  setCookie(c, FLOW_COOKIE_PREFIX + flowId, `${createdAt.toString(36)}.${binding}`, flowCookieOptions(ttlSeconds));
}

/** The binding secret of the flow cookie for `flowId`, or undefined when this browser has none. */
export function readFlowBinding(c: Context, flowId: string): string | undefined {
  const value = getCookie(c, FLOW_COOKIE_PREFIX + flowId);
  return value?.split('.')[1];
}

export function clearFlowCookie(c: Context, flowId: string): void {
  deleteCookie(c, FLOW_COOKIE_PREFIX + flowId, flowCookieOptions(0));
}
