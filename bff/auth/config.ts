/**
 * The `auth` section of the config: how this BFF docks onto the unified identity platform
 * (统一身份认证平台). Operators dock a province by configuration only (issue 3), so every
 * platform difference is a key here, never a code branch. Optional as a whole: without it the BFF
 * serves anonymous users and `/auth/login` answers 503 `auth_not_configured`.
 *
 * The helpers below mirror those in bff/config.ts; they are repeated because config.ts imports
 * this file (an import back would be a cycle).
 */
import { z } from 'zod';
import { backchannelConfigSchema } from './backchannel/config.js';
import { logoutNotifyConfigSchema } from './logout-notify/config.js';

const url = z.string().url();
const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((value) => value === true || value === 'true' || value === '1' || value === 'yes');
const list = (separator: RegExp) =>
  z.union([z.array(z.string()), z.string()]).transform((value) =>
    Array.isArray(value)
      ? value
      : value
          .split(separator)
          .map((part) => part.trim())
          .filter(Boolean),
  );

/**
 * A return_to allow-list entry: an origin (`https://harbin.gov.cn`) or an origin plus a path
 * prefix (`https://hlj.gov.cn/zwfw/`). Nothing else: no wildcards, no query, no fragment.
 */
const returnToEntry = url.refine((value) => {
  // Refinements run even after `url` failed; that failure is already reported.
  if (!URL.canParse(value)) return true;
  const parsed = new URL(value);
  return /^https?:$/.test(parsed.protocol) && !parsed.search && !parsed.hash && !parsed.username && !parsed.password;
}, 'must be an http(s) origin, optionally with a path prefix, without query or fragment');

/** Where each SessionUser field is found in the platform's user info (provinces rename them). */
const claimMapSchema = z
  .object({
    displayName: z.string().default('name'),
    /** Fallback name when the display name is missing (an unverified account has no 姓名). */
    username: z.string().default('preferred_username'),
    userType: z.string().default('user_type'),
    realNameLevel: z.string().default('real_name_level'),
    idType: z.string().default('id_type'),
    idNumber: z.string().default('id_number'),
    mobile: z.string().default('phone_number'),
    orgName: z.string().default('org_name'),
    creditCode: z.string().default('credit_code'),
    agentName: z.string().default('agent_name'),
    /** Values of the user-type claim that mean 法人; anything else is 自然人. */
    legalValues: list(/,/).default(['legal', '2', '法人']),
  })
  .default({
    displayName: 'name',
    username: 'preferred_username',
    userType: 'user_type',
    realNameLevel: 'real_name_level',
    idType: 'id_type',
    idNumber: 'id_number',
    mobile: 'phone_number',
    orgName: 'org_name',
    creditCode: 'credit_code',
    agentName: 'agent_name',
    legalValues: ['legal', '2', '法人'],
  });

/** Endpoints for a platform without discovery (static metadata). */
const staticEndpointsSchema = z.object({
  authorization: url,
  token: url,
  userinfo: url.optional(),
  jwks: url.optional(),
  endSession: url.optional(),
  revocation: url.optional(),
});

export const authConfigSchema = z
  .object({
    /** `oidc` today; the provincial `oauth2` dialect slots in as another provider (providers/types.ts). */
    dialect: z.enum(['oidc']).default('oidc'),
    /** The platform's issuer identifier; discovery reads `${issuer}/.well-known/openid-configuration`. */
    issuer: url,
    /** false: use `endpoints` instead of discovery. */
    discovery: flag.default(true),
    endpoints: staticEndpointsSchema.optional(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    /** Some platforms do not percent-decode basic credentials (anchors §11.12): `client_secret_post` then. */
    tokenEndpointAuthMethod: z.enum(['client_secret_basic', 'client_secret_post']).default('client_secret_basic'),
    scopes: list(/[\s,]+/).default(['openid', 'profile', 'phone', 'govdock']),
    claims: claimMapSchema,
    /** realNameLevel at or above which a user counts as 实名 (§6.1); dev platform: 1 注册, 2 初级, 3 高级. */
    realNameMinLevel: z.coerce.number().int().min(0).default(2),
    returnTo: z
      .object({
        allowed: z
          .union([z.array(returnToEntry), z.string().transform((value, ctx) => parseEntries(value, ctx))])
          .default([]),
        /** Where the browser goes when return_to is missing or refused; defaults to `${publicBaseUrl}/`. */
        home: url.optional(),
      })
      .default({ allowed: [] }),
    /** The unified registration page; `{return_to}` is replaced by the encoded home URL when present. */
    registerUrl: url.optional(),
    /** Registered at the platform; defaults to `${publicBaseUrl}/`. */
    postLogoutRedirectUri: url.optional(),
    /** Idle timeout (default 30 min) and absolute lifetime (default 8 h) of a BFF session. */
    sessionIdleMinutes: z.coerce.number().positive().default(30),
    sessionAbsoluteHours: z.coerce.number().positive().default(8),
    /** Refresh the access token when it has fewer than this many seconds left. */
    refreshLeewaySeconds: z.coerce.number().int().min(0).default(60),
    /** POST /auth/backchannel-logout knobs (oidc dialect; the route is always mounted there). */
    backchannel: backchannelConfigSchema,
    /** POST /auth/logout-notify for non-OIDC platforms; absent = not mounted. */
    logoutNotify: logoutNotifyConfigSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (!value.discovery && !value.endpoints) {
      ctx.addIssue({
        code: 'custom',
        path: ['endpoints'],
        message: 'required when discovery is false (static metadata)',
      });
    }
  });

function parseEntries(value: string, ctx: z.RefinementCtx): string[] {
  const entries = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const checked = returnToEntry.safeParse(entry);
    if (!checked.success) ctx.addIssue({ code: 'custom', message: `${entry}: ${checked.error.issues[0]?.message}` });
  }
  return entries;
}

export type AuthConfig = z.infer<typeof authConfigSchema>;
export type ClaimMap = AuthConfig['claims'];

/** Environment variables of the auth section (merged into ENVIRONMENT_KEYS in bff/config.ts). */
export const AUTH_ENVIRONMENT_KEYS: Record<string, string> = {
  AUTH_DIALECT: 'auth.dialect',
  AUTH_ISSUER: 'auth.issuer',
  AUTH_DISCOVERY: 'auth.discovery',
  AUTH_CLIENT_ID: 'auth.clientId',
  AUTH_CLIENT_SECRET: 'auth.clientSecret',
  AUTH_TOKEN_AUTH_METHOD: 'auth.tokenEndpointAuthMethod',
  AUTH_SCOPES: 'auth.scopes',
  AUTH_REAL_NAME_MIN_LEVEL: 'auth.realNameMinLevel',
  AUTH_RETURN_TO_ALLOWED: 'auth.returnTo.allowed',
  AUTH_HOME_URL: 'auth.returnTo.home',
  AUTH_REGISTER_URL: 'auth.registerUrl',
  AUTH_POST_LOGOUT_REDIRECT_URI: 'auth.postLogoutRedirectUri',
  AUTH_SESSION_IDLE_MINUTES: 'auth.sessionIdleMinutes',
  AUTH_SESSION_ABSOLUTE_HOURS: 'auth.sessionAbsoluteHours',
};
