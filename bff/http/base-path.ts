/**
 * Routes are written relative to the BFF's base (architecture §6). A same-origin gateway mounts the
 * BFF at e.g. `/govdock/` and may or may not strip that prefix before forwarding; this path
 * function accepts both, so every middleware and route sees `/api/…`, `/auth/…` either way. One BFF
 * serving several sites (config `sites`) may be mounted at a different path on each; every
 * configured mount path is stripped, the longest first.
 */
import { getPath } from 'hono/utils/url';

export function basePathStripper(basePaths: string | readonly string[]): (request: Request) => string {
  const prefixes = (typeof basePaths === 'string' ? [basePaths] : [...basePaths])
    .map((path) => path.replace(/\/+$/, ''))
    .filter((path) => path !== '')
    // `/zwfw/govdock` before `/zwfw`, so the longer mount wins where one contains the other.
    .sort((a, b) => b.length - a.length);
  if (prefixes.length === 0) return getPath;
  return (request) => {
    const path = getPath(request);
    for (const prefix of prefixes) {
      if (path === prefix) return '/';
      if (path.startsWith(prefix + '/')) return path.slice(prefix.length);
    }
    return path;
  };
}
