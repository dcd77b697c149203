/**
 * Where the browser goes after login ("the cached page"). Only absolute http(s) URLs on a listed
 * origin (and under its path prefix, if the entry has one) are accepted; anything else — `//host`,
 * `/\host`, `javascript:`, user-info tricks, unlisted sites — falls back to the configured home
 * page. The accepted value is kept server-side with the login flow (anchors §10), never echoed
 * through the platform.
 */

interface AllowedEntry {
  origin: string;
  /** '' for a whole origin; otherwise a path prefix ending in '/' or an exact path. */
  path: string;
}

export interface ReturnToPolicy {
  /** The URL to go back to: `candidate` when allowed, the home page otherwise. */
  resolve(candidate: string | undefined): string;
  isAllowed(candidate: string): boolean;
  readonly home: string;
}

function parseEntry(entry: string): AllowedEntry {
  const url = new URL(entry);
  return { origin: url.origin, path: url.pathname === '/' ? '' : url.pathname };
}

function underPrefix(pathname: string, prefix: string): boolean {
  if (prefix === '') return true;
  if (prefix.endsWith('/')) return pathname.startsWith(prefix);
  // `/zwfw` allows `/zwfw` and `/zwfw/...`, not `/zwfwevil`.
  return pathname === prefix || pathname.startsWith(prefix + '/');
}

export function createReturnToPolicy(allowed: readonly string[], home: string): ReturnToPolicy {
  const entries = allowed.map(parseEntry);
  const isAllowed = (candidate: string): boolean => {
    // The raw string must itself be absolute: the URL parser would otherwise repair
    // `https:/\evil.example` or `https:evil.example` into something we never meant to allow.
    if (!/^https?:\/\/[^/\\]/i.test(candidate)) return false;
    // Backslashes, whitespace and control characters have no place in a return URL; browsers
    // normalise them in ways a server-side parser may not.
    if (/[\\\s\u0000-\u001f\u007f]/.test(candidate)) return false;
    if (!URL.canParse(candidate)) return false;
    const url = new URL(candidate);
    if (url.username || url.password) return false;
    return entries.some((entry) => entry.origin === url.origin && underPrefix(url.pathname, entry.path));
  };
  return {
    home,
    isAllowed,
    resolve: (candidate) =>
      candidate !== undefined && candidate.length <= 2048 && isAllowed(candidate) ? candidate : home,
  };
}
