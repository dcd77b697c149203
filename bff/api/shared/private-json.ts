/**
 * Answers that belong to one person: never stored by a browser or a shared cache, and a cache
 * that ignores no-store must at least key on the cookie. (bff/api/items/http-cache.ts has the
 * same privateJson for its personal search answers.)
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export function privateJson(c: Context, value: unknown, status: ContentfulStatusCode = 200): Response {
  return c.json(value, status, { 'Cache-Control': 'private, no-store', Vary: 'Cookie' });
}
