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
import { returnToEntry } from './return-to-entry.js';
import { AuthProfileError, loadAuthProfile, type OAuth2Profile } from './providers/oauth2/index.js';

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
    /**
     * `oidc`: a standard OpenID Provider. `oauth2`: a provincial dialect described by `profile`
     * (config/auth-profiles/README.md); the OIDC-only keys below (discovery, endpoints,
     * tokenEndpointAuthMethod, scopes, claims, backchannel) do not apply to it.
     */
    dialect: z.enum(['oidc', 'oauth2']).default('oidc'),
    /**
     * oidc (required): the issuer identifier; discovery reads `${issuer}/.well-known/openid-configuration`.
     * oauth2 (optional): overrides the profile's `issuer` (default its baseUrl). Either way the parsed
     * config carries the issuer sessions are indexed by, so logoutNotify.issuer can be checked against it.
     */
    issuer: url.optional(),
    /** oauth2 (required): a shipped profile name (`epoint`, `zhejiang`) or the path of a JSON profile. */
    profile: z.string().min(1).optional(),
    /** oauth2: merged over the profile key by key (`baseUrl`, an endpoint on another gateway…). */
    profileOverrides: z.record(z.string(), z.unknown()).default({}),
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
    /** The publicBaseUrl site's return_to allow-list, besides its own origin and allowedOrigins (`sites` list their own). */
    returnTo: z
      .object({
        allowed: z
          .union([z.array(returnToEntry), z.string().transform((value, ctx) => parseEntries(value, ctx))])
          .default([]),
        /**
         * Where the browser goes when return_to is missing or refused; defaults to `${publicBaseUrl}/`.
         * Also the default home of every entry in `sites` that names none.
         */
        home: url.optional(),
      })
      .default({ allowed: [] }),
    /** The unified registration page; `{return_to}` is replaced by the encoded home URL when present. */
    registerUrl: url.optional(),
    /** Registered at the platform; defaults to `${publicBaseUrl}/`. The `sites` entries carry their own. */
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
    if (value.dialect === 'oidc') {
      if (value.issuer === undefined) ctx.addIssue({ code: 'custom', path: ['issuer'], message: 'required' });
      if (!value.discovery && !value.endpoints) {
        ctx.addIssue({
          code: 'custom',
          path: ['endpoints'],
          message: 'required when discovery is false (static metadata)',
        });
      }
      // Silently ignored keys would leave an operator believing a profile is in force.
      if (value.profile !== undefined || Object.keys(value.profileOverrides).length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: [value.profile !== undefined ? 'profile' : 'profileOverrides'],
          message: '仅用于 dialect "oauth2" / only for dialect "oauth2"',
        });
      }
      return;
    }
    if (value.profile === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['profile'],
        message: 'dialect 为 oauth2 时必须设置（epoint | zhejiang | JSON 文件路径）/ required for dialect oauth2',
      });
    }
    if (value.endpoints) {
      ctx.addIssue({
        code: 'custom',
        path: ['endpoints'],
        message: 'oauth2 的地址来自 profile，请用 profileOverrides.endpoints / oauth2 endpoints come from the profile',
      });
    }
  })
  // The oauth2 profile is loaded and validated here, inside synchronous config loading, so a bad
  // profile (a typo'd key, a missing file) is a ConfigError before the BFF listens, and what
  // createAuth builds is exactly what was validated.
  .transform((value, ctx) => {
    // `issuer` is always set afterwards: what the provider indexes sessions by.
    const resolved = (issuer: string, oauth2Profile?: OAuth2Profile) => ({ ...value, issuer, oauth2Profile });
    // superRefine has required the issuer for oidc; transforms only run when no issue was raised.
    if (value.dialect === 'oidc') return resolved(value.issuer as string);
    let profile: OAuth2Profile;
    try {
      profile = loadAuthProfile(value.profile as string, oauth2ProfileOverrides(value));
    } catch (error) {
      if (!(error instanceof AuthProfileError)) throw error;
      ctx.addIssue({ code: 'custom', path: ['profile'], message: error.message.replace(/\n/g, '\n      ') });
      return z.NEVER;
    }
    return resolved(profile.issuer ?? profile.baseUrl, profile);
  });

/**
 * What the deployment contributes to an oauth2 profile: the operator's overrides, then the app id
 * (one key, AUTH_CLIENT_ID, for both dialects) and the issuer when one is configured.
 */
function oauth2ProfileOverrides(value: {
  profileOverrides: Record<string, unknown>;
  clientId: string;
  issuer?: string;
}): Record<string, unknown> {
  return {
    ...value.profileOverrides,
    clientId: value.clientId,
    ...(value.issuer === undefined ? {} : { issuer: value.issuer }),
  };
}

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
  AUTH_PROFILE: 'auth.profile',
  AUTH_PROFILE_BASE_URL: 'auth.profileOverrides.baseUrl',
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
