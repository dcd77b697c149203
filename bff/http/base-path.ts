/**
 * Routes are written relative to the BFF's base (architecture §6). A same-origin gateway mounts the
 * BFF at e.g. `/govdock/` and may or may not strip that prefix before forwarding; this path
 * function accepts both, so every middleware and route sees `/api/…`, `/auth/…` either way.
 */
import { getPath } from 'hono/utils/url';

export function basePathStripper(basePath: string): (request: Request) => string {
  if (basePath === '' || basePath === '/') return getPath;
  return (request) => {
    const path = getPath(request);
    if (path === basePath) return '/';
    return path.startsWith(basePath + '/') ? path.slice(basePath.length) : path;
  };
}
