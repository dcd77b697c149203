/**
 * The site table built from config (sites-config.ts): for each site its base URL, the redirect URI
 * registered at the platform, the post-logout address, home page and return_to policy. The identity
 * routes ask `siteFor(request)` which site a request belongs to: by `Host`, among the configured
 * sites only. An unknown Host is refused (UnknownSiteError), never turned into a URL: that would
 * let anyone who can reach the BFF with a forged Host pick the redirect URI.
 *
 * Without `sites`, publicBaseUrl describes the one site, chosen for every request whatever its
 * Host, exactly as before the table existed (the BFF is often reached under an internal name).
 */
import type { Config } from '../config.js';
import { createReturnToPolicy, type ReturnToPolicy } from './return-to.js';

export interface Site {
  /** Names the site in logs and in login flows (a flow finishes on the site that started it). */
  id: string;
  /** `${origin}${mount path}`, no trailing slash: `https://harbin.gov.cn/govdock`. */
  baseUrl: string;
  origin: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  returnTo: ReturnToPolicy;
  /** Lower-case `Host` values that select this site; empty for the implicit one-site table. */
  hosts: readonly string[];
}

export interface SiteTable {
  readonly sites: readonly Site[];
  /** True when sites are chosen by Host (a `sites` table is configured). */
  readonly byHost: boolean;
  /** The site of a request; throws UnknownSiteError when its Host selects none. */
  siteFor(request: Request): Site;
}

export class UnknownSiteError extends Error {
  override name = 'UnknownSiteError';
  constructor(readonly host: string) {
    super(`no configured site for Host ${JSON.stringify(host)}`);
  }
}

const trimSlash = (value: string): string => value.replace(/\/+$/, '');

type SiteSource = Pick<Config, 'publicBaseUrl' | 'allowedOrigins' | 'sites' | 'auth'>;

/** The site publicBaseUrl describes, built as createAuth always did. */
function primarySite(config: SiteSource, publicBaseUrl: string): Omit<Site, 'hosts'> {
  const baseUrl = trimSlash(publicBaseUrl);
  const origin = new URL(baseUrl).origin;
  const auth = config.auth;
  // The BFF's own origin (same-origin mode serves the site), the CORS sites, and the listed pages.
  const allowed = [origin, ...config.allowedOrigins, ...(auth?.returnTo.allowed ?? [])];
  return {
    id: new URL(baseUrl).host,
    baseUrl,
    origin,
    redirectUri: `${baseUrl}/auth/callback`,
    postLogoutRedirectUri: auth?.postLogoutRedirectUri ?? `${baseUrl}/`,
    returnTo: createReturnToPolicy(allowed, auth?.returnTo.home ?? `${baseUrl}/`),
  };
}

export function buildSiteTable(config: SiteSource): SiteTable {
  const sites: Site[] = [];
  const byHost = config.sites.length > 0;
  if (config.publicBaseUrl) {
    const site = primarySite(config, config.publicBaseUrl);
    sites.push({ ...site, hosts: byHost ? [new URL(site.baseUrl).host] : [] });
  }
  for (const entry of config.sites) {
    const baseUrl = trimSlash(entry.publicBaseUrl);
    const url = new URL(baseUrl);
    sites.push({
      id: entry.id ?? url.host,
      baseUrl,
      origin: url.origin,
      redirectUri: entry.redirectUri ?? `${baseUrl}/auth/callback`,
      postLogoutRedirectUri: entry.postLogoutRedirectUri ?? `${baseUrl}/`,
      returnTo: createReturnToPolicy(
        entry.returnTo ?? [url.origin],
        entry.home ?? config.auth?.returnTo.home ?? `${baseUrl}/`,
      ),
      hosts: [...new Set([url.host, ...entry.hosts])],
    });
  }
  const byHostValue = new Map<string, Site>();
  for (const site of sites) for (const host of site.hosts) byHostValue.set(host, site);
  return {
    sites,
    byHost,
    siteFor(request) {
      const only = sites[0];
      if (!byHost && only) return only;
      const host = (request.headers.get('host') ?? '').trim().toLowerCase();
      const site = byHostValue.get(host);
      if (!site) throw new UnknownSiteError(host);
      return site;
    },
  };
}

/** Every mount path the gateway may forward with (`/govdock`), '' for a root mount. */
export function siteBasePaths(config: Pick<Config, 'publicBaseUrl' | 'sites'>): string[] {
  const bases = [config.publicBaseUrl, ...config.sites.map((site) => site.publicBaseUrl)].filter(
    (value): value is string => value !== undefined,
  );
  return [...new Set(bases.map((base) => trimSlash(new URL(base).pathname)))];
}
