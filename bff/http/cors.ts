/**
 * CORS for cross-site mode (architecture §4): an explicit allow-list of site origins, with
 * credentials, and nothing at all for anyone else. Our own middleware rather than `hono/cors`,
 * which defaults to `*` and sends Allow-Credentials to every origin (anchors §11.8).
 *
 * /widgets is the exception: static, public, cookie-free files. A site loads them cross-site as
 * `<script type="module" crossorigin integrity=…>`, and module scripts and SRI both need a CORS
 * response, so any origin may read them, without credentials.
 */
import type { MiddlewareHandler } from 'hono';
import { CSRF_HEADER } from './csrf.js';

const ALLOWED_METHODS = 'GET,HEAD,POST,PUT,PATCH,DELETE';
const ALLOWED_HEADERS = `Content-Type,${CSRF_HEADER},Last-Event-ID`;
const PREFLIGHT_MAX_AGE_SECONDS = '600';

function isPublicStatic(path: string): boolean {
  return path.startsWith('/widgets/');
}

export function corsAllowList(allowedOrigins: readonly string[]): MiddlewareHandler {
  // Origins compare as the browser serialises them: scheme://host[:port], no trailing slash.
  const allowed = new Set(allowedOrigins.map((origin) => origin.replace(/\/+$/, '').toLowerCase()));
  return async function corsAllowListMiddleware(c, next) {
    const origin = c.req.header('Origin');
    const preflight = c.req.method === 'OPTIONS' && c.req.header('Access-Control-Request-Method') !== undefined;

    if (isPublicStatic(c.req.path)) {
      if (preflight) {
        return new Response(null, {
          status: 204,
          headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET,HEAD' },
        });
      }
      await next();
      if (c.req.method === 'GET' || c.req.method === 'HEAD') c.res.headers.set('Access-Control-Allow-Origin', '*');
      return;
    }

    const listed = origin !== undefined && allowed.has(origin.toLowerCase());
    if (preflight) {
      // Unlisted: an empty 204 — the browser reads the missing Allow-Origin as a refusal.
      const headers = new Headers({ Vary: 'Origin' });
      if (listed) {
        headers.set('Access-Control-Allow-Origin', origin);
        headers.set('Access-Control-Allow-Credentials', 'true');
        headers.set('Access-Control-Allow-Methods', ALLOWED_METHODS);
        headers.set('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        headers.set('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_SECONDS);
      }
      return new Response(null, { status: 204, headers });
    }

    await next();
    // The answer depends on Origin, so shared caches must key on it.
    c.res.headers.append('Vary', 'Origin');
    if (listed) {
      c.res.headers.set('Access-Control-Allow-Origin', origin);
      c.res.headers.set('Access-Control-Allow-Credentials', 'true');
    }
  };
}
