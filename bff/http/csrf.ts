/**
 * Anti-forgery header check (anchors §10; Duende's `X-CSRF: 1`). A custom header cannot be sent
 * cross-site without a CORS preflight, which our allow-list refuses, so its presence proves the
 * request came from our own widget code. `hono/csrf` is not enough: it skips JSON bodies and GETs.
 *
 * Runs before routing so that an unknown API path without the header is refused too: a route that
 * forgets to ask for the header (or a typo in a mount point) cannot open a hole.
 */
import type { MiddlewareHandler } from 'hono';
import { errorBody } from './errors.js';

export const CSRF_HEADER = 'X-CSRF';

/**
 * Server-to-server receivers: the unified auth platform posts here, not a browser, so there is no
 * header to ask for. They are verified otherwise (signed logout_token per OIDC Back-Channel Logout
 * 1.0; a configured signature/secret for logout-notify) by the identity area.
 */
const PLATFORM_RECEIVERS = new Set(['/auth/backchannel-logout', '/auth/logout-notify']);

function needsHeader(method: string, path: string): boolean {
  // Every method, GET included: a cross-site GET that reads data is as bad as a write.
  if (/^\/(api|admin)(\/|$)/.test(path)) return true;
  if (/^\/auth(\/|$)/.test(path)) {
    // GET /auth/login, /auth/callback, /auth/register are top-level navigations: no header possible.
    // GET /auth/session is read by widget code (fetch), so it needs the header like any API call.
    if (method === 'GET' || method === 'HEAD') return /^\/auth\/session\/?$/.test(path);
    return !(method === 'POST' && PLATFORM_RECEIVERS.has(path.replace(/\/+$/, '')));
  }
  return false;
}

export function requireCsrfHeader(): MiddlewareHandler {
  return async function csrfHeader(c, next) {
    if (needsHeader(c.req.method, c.req.path) && c.req.header(CSRF_HEADER) !== '1') {
      return c.json(errorBody('csrf_header_missing', '请求缺少安全校验头，已拒绝'), 403);
    }
    await next();
  };
}
