/**
 * Caching of public navigation data. Items change when the sync runs (hourly by default), so a
 * short max-age is safe and spares the library; the ETag (index generation + body hash) lets a
 * browser revalidate for the cost of a 304. Personal answers (search with "my cases") are never
 * stored anywhere.
 */
import type { Context } from 'hono';
import { etagOf, type CachedAnswer } from './answer-cache.js';

export const PUBLIC_MAX_AGE_SECONDS = 60;

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
}

/** JSON for everyone: Cache-Control public, ETag, 304 on a matching If-None-Match. */
export function publicJson(c: Context, value: unknown): Response {
  const body = JSON.stringify(value);
  return publicAnswer(c, { body, etag: etagOf(body) });
}

/** An answer already serialised (answer-cache.ts), with the same headers as publicJson. */
export function publicAnswer(c: Context, { body, etag }: CachedAnswer): Response {
  const headers = {
    'Cache-Control': `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`,
    ETag: etag,
    // Search answers differ for a logged-in caller: a shared cache must key on the cookie.
    Vary: 'Cookie',
  };
  if (matches(c.req.header('If-None-Match'), etag)) return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
}

/** JSON for one person only. */
export function privateJson(c: Context, value: unknown): Response {
  return c.json(value, 200, { 'Cache-Control': 'private, no-store', Vary: 'Cookie' });
}
