/**
 * oidc-provider configuration of the development platform: code flow with PKCE S256 for every
 * client, refresh tokens, revocation, RP-initiated and back-channel logout, Chinese pages.
 */
import type { ClientMetadata, Configuration, Grant, KoaContextWithOIDC } from 'oidc-provider';
import { findPlatformAccount, PLATFORM_CLAIMS, PLATFORM_SCOPES } from './claims.js';
import type { PrivateJwks } from './jwks.js';
import { errorPage, loggedOutPage, logoutPage } from './pages.js';

/** Lifetimes in seconds. Short access tokens (the Epoint platforms use 1800 s) exercise refresh. */
export interface PlatformTtl {
  accessToken: number;
  idToken: number;
  refreshToken: number;
  session: number;
}

export const DEFAULT_TTL: PlatformTtl = {
  accessToken: 30 * 60,
  idToken: 60 * 60,
  refreshToken: 8 * 60 * 60,
  session: 8 * 60 * 60,
};

export interface ProviderConfigOptions {
  clients: ClientMetadata[];
  firstPartyClientIds: ReadonlySet<string>;
  cookieKeys: string[];
  jwks: PrivateJwks;
  ttl: PlatformTtl;
  pageHeaders: Record<string, string>;
}

function setPage(ctx: KoaContextWithOIDC, status: number, body: string, headers: Record<string, string>): void {
  ctx.set(headers);
  ctx.type = 'html';
  ctx.status = status;
  ctx.body = body;
}

/** Chinese text for errors a person can meet in the browser; the OAuth code stays visible. */
const ERROR_MESSAGES: Record<string, string> = {
  invalid_client: '发起登录的网站未在平台登记，请联系该网站的管理员。',
  invalid_redirect_uri: '登录完成后要返回的地址未在平台登记，请联系该网站的管理员。',
  invalid_request: '登录请求不完整或已失效，请返回原网站重新登录。',
  session_not_found: '登录请求已过期，请返回原网站重新登录。',
};

/**
 * First-party clients (our own sites) get their grant without a consent page, which also makes
 * `prompt=none` work for every one of them once a platform session exists (single sign-on).
 */
/**
 * oidc-provider's own outbound fetch refuses loopback addresses (SSRF protection), yet every
 * back-channel receiver of this platform is a local BFF. Its only outbound calls go to those
 * registered URIs, so we allow exactly them and nothing else.
 */
function makeFetch(clients: ClientMetadata[]): NonNullable<Configuration['fetch']> {
  const allowed = new Set(
    clients.flatMap((client) => (client.backchannel_logout_uri ? [new URL(client.backchannel_logout_uri).href] : [])),
  );
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input).href;
    if (!allowed.has(url)) throw new Error(`outbound request to an unregistered URL refused: ${url}`);
    // `dispatcher` is undici's extension of RequestInit: dropping it drops the loopback block.
    const { dispatcher: _dispatcher, ...rest } = (init ?? {}) as RequestInit & { dispatcher?: unknown };
    return globalThis.fetch(input, rest);
  };
}

function makeLoadExistingGrant(firstPartyClientIds: ReadonlySet<string>) {
  return async (ctx: KoaContextWithOIDC): Promise<Grant | undefined> => {
    const { client, session, result, provider } = ctx.oidc;
    if (!client) return undefined;
    const grantId = result?.consent?.grantId ?? session?.grantIdFor(client.clientId);
    const existing = grantId ? await provider.Grant.find(grantId) : undefined;
    const accountId = session?.accountId;
    if (!firstPartyClientIds.has(client.clientId) || !accountId) return existing;
    const grant = existing ?? new provider.Grant({ accountId, clientId: client.clientId });
    grant.addOIDCScope(ctx.oidc.requestParamOIDCScopes);
    grant.addOIDCClaims(ctx.oidc.requestParamClaims);
    await grant.save();
    return grant;
  };
}

export function buildProviderConfiguration(options: ProviderConfigOptions): Configuration {
  const { ttl, pageHeaders, firstPartyClientIds } = options;
  return {
    clients: options.clients,
    // oidc-provider's types want the generic JWK shape; jose's JWK is the same JSON.
    jwks: options.jwks as Configuration['jwks'],
    cookies: { keys: options.cookieKeys },
    findAccount: findPlatformAccount,
    scopes: [...PLATFORM_SCOPES],
    claims: PLATFORM_CLAIMS,
    // Keep ID tokens free of personal data (the BFF stores them for id_token_hint); claims come
    // from userinfo, where the BFF masks them at once.
    conformIdTokenClaims: true,
    responseTypes: ['code'],
    pkce: { required: () => true },
    fetch: makeFetch(options.clients),
    clientBasedCORS: (_ctx, origin, client) =>
      (client.redirectUris ?? []).some((uri) => URL.canParse(uri) && new URL(uri).origin === origin),
    // A refresh token for every client registered for the grant; without offline_access it ends
    // with the platform session, so single logout also ends the BFF's refresh.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    loadExistingGrant: makeLoadExistingGrant(firstPartyClientIds),
    ttl: {
      AccessToken: ttl.accessToken,
      AuthorizationCode: 60,
      IdToken: ttl.idToken,
      RefreshToken: ttl.refreshToken,
      Session: ttl.session,
      Grant: ttl.session,
      Interaction: 15 * 60,
    },
    features: {
      devInteractions: { enabled: false },
      revocation: {
        enabled: true,
        // A client revokes only its own tokens (RFC 7009 §2.1); others are silently ignored.
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          setPage(ctx, 200, logoutPage({ form, clientName: ctx.oidc.client?.clientName }), pageHeaders);
        },
        postLogoutSuccessSource: (ctx) => {
          setPage(ctx, 200, loggedOutPage(), pageHeaders);
        },
      },
    },
    renderError: (ctx, out) => {
      const code = String(out.error ?? 'server_error');
      const message = ERROR_MESSAGES[code] ?? '平台无法处理此请求，请返回原网站重试。';
      setPage(ctx, ctx.status >= 400 ? ctx.status : 400, errorPage({ title: '出错了', message, code }), pageHeaders);
    },
  };
}
