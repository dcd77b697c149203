/**
 * The `sites` key of the config: the sites one BFF serves in same-origin mode (architecture §4).
 * The site-group gateway mounts `/govdock` on every hosted site (harbin.gov.cn/govdock,
 * hlj.gov.cn/govdock …), so one BFF answers for several origins. Each site brings what must differ
 * per origin: its public base URL, the redirect URI registered for it at the platform, where the
 * browser goes after logout, its home page and its return_to allow-list. Cookies are `__Host-`,
 * so each site's sessions and login flows live on its own origin anyway.
 *
 *   GOVDOCK_SITES='[{"publicBaseUrl":"https://harbin.gov.cn/govdock"},
 *                   {"publicBaseUrl":"https://hlj.gov.cn/govdock","returnTo":["https://hlj.gov.cn/zwfw/"]}]'
 *
 * `publicBaseUrl` alone stays what it was: a table of one site, chosen for every request. Once
 * `sites` lists any, every request's site is chosen by its `Host` header among the configured
 * ones (bff/auth/sites.ts); Host only selects, it never becomes part of a URL.
 */
import { z } from 'zod';
import { returnToEntry } from './return-to-entry.js';

const url = z.string().url();

/** An http(s) URL without query, fragment or credentials (they would not survive as a base). */
const plainUrl = url.refine((value) => {
  if (!URL.canParse(value)) return true; // `url` reported it already
  const parsed = new URL(value);
  return /^https?:$/.test(parsed.protocol) && !parsed.search && !parsed.hash && !parsed.username && !parsed.password;
}, 'must be an http(s) URL without query, fragment or user name');

/** `Host` header values: host or host:port, as a browser sends them. */
const hostValue = z
  .string()
  .min(1)
  .transform((value) => value.trim().toLowerCase())
  .refine((value) => /^[a-z0-9.\-[\]:]+$/.test(value), 'must be a host or host:port, as in the Host header');

const trimSlash = (value: string): string => value.replace(/\/+$/, '');

export const siteSchema = z
  .object({
    /** A short name for logs and login flows; defaults to the host of publicBaseUrl. */
    id: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'letters, digits, . _ : - only')
      .optional(),
    /** Origin plus the gateway's mount path, e.g. `https://harbin.gov.cn/govdock`. */
    publicBaseUrl: plainUrl,
    /**
     * Registered at the platform for this site; defaults to `${publicBaseUrl}/auth/callback`. It must
     * be that URL (the BFF's callback on this site's origin): listed here so operators see and
     * check what they registered, and a mismatch stops start-up instead of failing every login.
     */
    redirectUri: plainUrl.optional(),
    /** Registered at the platform too; where the platform's logout sends the browser. Default `${publicBaseUrl}/`. */
    postLogoutRedirectUri: url.optional(),
    /** Where the browser goes when return_to is missing or refused. Default auth.returnTo.home, else `${publicBaseUrl}/`. */
    home: url.optional(),
    /**
     * return_to allow-list on this site's origin (the whole origin, or path prefixes); default the
     * whole origin. Other origins are refused here: the session cookie would not be there.
     */
    returnTo: z.array(returnToEntry).optional(),
    /**
     * Further `Host` values that select this site, for gateways that rewrite Host (e.g.
     * `harbin-gw.internal:8080`). The host of publicBaseUrl always selects it.
     */
    hosts: z.array(hostValue).default([]),
  })
  .strict()
  .superRefine((site, ctx) => {
    if (!URL.canParse(site.publicBaseUrl)) return;
    const base = new URL(site.publicBaseUrl);
    const expectedCallback = `${base.origin}${trimSlash(base.pathname)}/auth/callback`;
    if (site.redirectUri !== undefined && URL.canParse(site.redirectUri) && site.redirectUri !== expectedCallback) {
      ctx.addIssue({
        code: 'custom',
        path: ['redirectUri'],
        message: `须为本站点的回调地址 ${expectedCallback} / must be this site's callback`,
      });
    }
    for (const [index, entry] of (site.returnTo ?? []).entries()) {
      if (URL.canParse(entry) && new URL(entry).origin !== base.origin) {
        ctx.addIssue({
          code: 'custom',
          path: ['returnTo', index],
          message: `须在本站点 ${base.origin} 之内 / must be on this site's origin`,
        });
      }
    }
  });

/** Accepts the array, or the array as JSON text (an environment variable). */
export const sitesConfigSchema = z
  .preprocess((value, ctx) => {
    if (typeof value !== 'string') return value;
    if (value.trim() === '') return [];
    try {
      return JSON.parse(value) as unknown;
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        input: value,
        message: `不是有效的 JSON 数组 / not a JSON array: ${(error as Error).message}`,
      });
      return z.NEVER;
    }
  }, z.array(siteSchema))
  .superRefine((sites, ctx) => {
    // Two sites on one origin would share one `__Host-` session cookie: they are one site.
    const origins = new Map<string, number>();
    const hosts = new Map<string, number>();
    sites.forEach((site, index) => {
      if (!URL.canParse(site.publicBaseUrl)) return;
      const base = new URL(site.publicBaseUrl);
      const seen = origins.get(base.origin);
      if (seen !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'publicBaseUrl'],
          message: `与第 ${seen + 1} 个站点同源 / same origin as site ${seen + 1}`,
        });
      }
      origins.set(base.origin, index);
      for (const host of new Set([base.host, ...site.hosts])) {
        const other = hosts.get(host);
        if (other !== undefined && other !== index) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'hosts'],
            message: `Host ${host} 已属于第 ${other + 1} 个站点 / already selects site ${other + 1}`,
          });
        }
        hosts.set(host, index);
      }
    });
  })
  .default([]);

export type SiteConfig = z.infer<typeof siteSchema>;

/** Environment variable of the site table (merged into ENVIRONMENT_KEYS in bff/config.ts). */
export const SITES_ENVIRONMENT_KEYS: Record<string, string> = { GOVDOCK_SITES: 'sites' };

interface SitesCheckInput {
  publicBaseUrl?: string | undefined;
  deploymentMode: 'same-origin' | 'cross-site';
  sites: readonly SiteConfig[];
  auth?: unknown;
}

/** Rules across keys, checked by loadConfig after parsing: `{ key, problem }` like ConfigError's. */
export function siteConfigIssues(config: SitesCheckInput): { key: string; problem: string }[] {
  const issues: { key: string; problem: string }[] = [];
  if (config.sites.length > 0 && config.deploymentMode === 'cross-site') {
    issues.push({
      key: 'sites (GOVDOCK_SITES)',
      problem:
        '仅用于同源部署（deploymentMode same-origin）；跨站模式只有 publicBaseUrl 一个地址 / only in same-origin mode',
    });
  }
  // Redirect URIs and cookies come from configuration, never from Host / X-Forwarded-*.
  if (config.auth !== undefined && !config.publicBaseUrl && config.sites.length === 0) {
    issues.push({
      key: 'publicBaseUrl (PUBLIC_BASE_URL)',
      problem: '配置统一身份认证时必须设置（或设置 sites）(required when auth is configured, unless sites are)',
    });
  }
  if (config.publicBaseUrl && URL.canParse(config.publicBaseUrl)) {
    const origin = new URL(config.publicBaseUrl).origin;
    const index = config.sites.findIndex(
      (site) => URL.canParse(site.publicBaseUrl) && new URL(site.publicBaseUrl).origin === origin,
    );
    if (index >= 0) {
      issues.push({
        key: `sites.${index}.publicBaseUrl`,
        problem: '与 publicBaseUrl 同源：同一来源只能是一个站点 / same origin as publicBaseUrl',
      });
    }
  }
  return issues;
}
