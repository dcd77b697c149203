/**
 * The generic `oauth2` dialect: one AuthProvider driven entirely by an OAuth2Profile, so routes
 * and sessions treat an Epoint or Zhejiang platform exactly like an OIDC one.
 */
import { RefreshRefusedError, type AuthProvider, type CodeExchange, type ProviderTokens } from '../types.js';
import { buildAuthorizationUrl, flowRedirectUri, readCallback } from './authorize.js';
import { OAuth2PlatformError } from './errors.js';
import { textAt } from './json-path.js';
import { callPlatform, type FetchLike } from './platform-call.js';
import type { OAuth2Profile } from './profile-schema.js';
import { clientAuthParts, mergeParts, tokenParts, type Credentials } from './request-parts.js';
import { fillUrl, resolveParams, type Lookup } from './templates.js';
import { exchangeCodeForTokens, refreshTokens, type TokenContext } from './tokens.js';
import { createUserCache } from './user-cache.js';
import { isLegalPerson, mapPlatformUser, type MappedUser } from './user-map.js';

export interface OAuth2ProviderOptions {
  clientSecret: string;
  /** `${publicBaseUrl}/auth/callback`, registered at the platform; requests may name their site's. */
  redirectUri: string;
  piiHashKey: string;
  /** Where the platform's logout page sends the browser; defaults to the redirect URI's origin. */
  postLogoutRedirectUri?: string;
  fetch?: FetchLike;
  /** The clock for signatures and expiry (tests). */
  now?: () => number;
}

export interface OAuth2Provider extends AuthProvider {
  readonly dialect: 'oauth2';
  /**
   * false: the callback carries no state (unless `stateInRedirectUri`), so the login flow must be
   * found by its cookie alone. True whenever the callback URL does carry `state`.
   */
  readonly stateEchoed: boolean;
  readonly profile: OAuth2Profile;
}

export function createOAuth2Provider(profile: OAuth2Profile, options: OAuth2ProviderOptions): OAuth2Provider {
  const now = options.now ?? Date.now;
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const redirectUri = options.redirectUri;
  const postLogoutRedirectUri = options.postLogoutRedirectUri ?? `${new URL(redirectUri).origin}/`;
  const credentials: Credentials = { clientId: profile.clientId, clientSecret: options.clientSecret, now };
  const base: Record<string, string> = {
    baseUrl: profile.baseUrl,
    clientId: profile.clientId,
    redirectUri,
    postLogoutRedirectUri,
  };
  const lookupWith =
    (extra: Record<string, string> = {}, info?: unknown): Lookup =>
    (name) =>
      extra[name] ?? base[name] ?? (info === undefined ? undefined : textAt(info, name));
  const call = { fetch: fetchImpl, timeoutMs: profile.timeoutMs };
  const tokenContext: TokenContext = { ...call, profile, credentials, lookup: lookupWith() };
  const cache = createUserCache(now);
  const { userinfo } = profile;

  async function loadUser(accessToken: string): Promise<MappedUser> {
    // Profiles without user info name the subject in the token answer (schema superRefine).
    if (!profile.endpoints.userinfo) {
      return { subject: undefined, user: { displayName: '用户', userType: 'natural', realNameLevel: 0 } };
    }
    const lookup = lookupWith({ accessToken });
    const info = await callPlatform(
      {
        step: 'userinfo',
        url: fillUrl(profile.endpoints.userinfo, lookup),
        method: userinfo.method,
        ...mergeParts(
          { params: resolveParams(userinfo.extraParams, lookup), query: {}, headers: {} },
          tokenParts(profile, userinfo, userinfo.method, accessToken, credentials),
        ),
        success: userinfo.success,
        errorMessage: userinfo.errorMessage,
      },
      call,
    );
    let legal: unknown;
    const second = userinfo.legalPerson;
    if (second && isLegalPerson(info, profile)) {
      // The second call is keyed by values of the first answer (`{custom.accountguid}`).
      const secondLookup = lookupWith({ accessToken }, info);
      legal = await callPlatform(
        {
          step: 'legal-person',
          url: fillUrl(second.endpoint, secondLookup),
          method: second.method,
          ...mergeParts(
            { params: resolveParams(second.extraParams, secondLookup), query: {}, headers: {} },
            tokenParts(profile, second, second.method, accessToken, credentials),
          ),
          success: second.success,
          errorMessage: second.errorMessage,
        },
        call,
      );
    }
    return mapPlatformUser(info, legal, profile, options.piiHashKey);
  }

  async function revokeAt(url: string, token: string, hint: string): Promise<void> {
    const method = profile.token.method === 'get' ? 'post-form' : profile.token.method;
    await callPlatform(
      {
        step: 'revoke',
        url: fillUrl(url, lookupWith()),
        method,
        ...mergeParts(clientAuthParts(profile, method, credentials), {
          params: { token, token_type_hint: hint },
          query: {},
          headers: {},
        }),
        errorMessage: profile.token.response.errorMessage,
      },
      call,
    );
  }

  return {
    dialect: 'oauth2',
    issuer: profile.issuer ?? profile.baseUrl,
    stateEchoed: profile.stateEchoed || profile.stateInRedirectUri,
    profile,

    async buildAuthorizationUrl(request) {
      const siteRedirectUri = request.redirectUri ?? redirectUri;
      return buildAuthorizationUrl(profile, lookupWith({ redirectUri: siteRedirectUri }), siteRedirectUri, request);
    },

    async exchangeCode(callbackUrl, flow): Promise<CodeExchange> {
      const code = readCallback(profile, callbackUrl, flow);
      const siteRedirectUri = flow.redirectUri ?? redirectUri;
      const result = await exchangeCodeForTokens(
        code,
        // OAuth requires the exact redirect_uri of the authorize request.
        flowRedirectUri(profile, siteRedirectUri, flow.state),
        profile.authorize.pkce ? flow.codeVerifier : undefined,
        { ...tokenContext, lookup: lookupWith({ redirectUri: siteRedirectUri }) },
      );
      if (result.subject !== undefined) return { tokens: result.tokens, subject: result.subject };
      const mapped = await loadUser(result.tokens.accessToken);
      if (mapped.subject === undefined) {
        throw new OAuth2PlatformError('userinfo', 200, '用户信息中没有用户标识 / no subject in user info');
      }
      cache.put(result.tokens.accessToken, mapped.subject, mapped.user);
      return { tokens: result.tokens, subject: mapped.subject };
    },

    async fetchUser(tokens, subject) {
      const cached = cache.take(tokens.accessToken, subject);
      if (cached) return cached;
      const mapped = await loadUser(tokens.accessToken);
      // Guards against a token substitution: the user info must name the user who logged in.
      if (mapped.subject !== undefined && mapped.subject !== subject) {
        throw new OAuth2PlatformError('userinfo', 200, '用户信息与登录用户不一致 / user info names another subject');
      }
      return mapped.user;
    },

    async refresh(tokens): Promise<ProviderTokens> {
      if (!profile.refresh || !tokens.refreshToken) throw new RefreshRefusedError('no refresh at this platform');
      let next: ProviderTokens;
      try {
        next = await refreshTokens(tokens.refreshToken, tokenContext);
      } catch (error) {
        // A definite answer (4xx, failed envelope) means the grant is gone; 5xx and network are transient.
        if (error instanceof OAuth2PlatformError && error.refused) throw new RefreshRefusedError(error.message);
        throw error;
      }
      // Platforms that do not rotate refresh tokens omit them; keep the one we have.
      return { ...next, refreshToken: next.refreshToken ?? tokens.refreshToken, idToken: tokens.idToken };
    },

    async endSessionUrl({ idToken, state, postLogoutRedirectUri: sitePostLogout }) {
      if (!profile.endpoints.logoutRedirect) return undefined;
      const extra = {
        state,
        idToken: idToken ?? '',
        ...(sitePostLogout ? { postLogoutRedirectUri: sitePostLogout } : {}),
      };
      return fillUrl(profile.endpoints.logoutRedirect, lookupWith(extra));
    },

    async revoke(tokens) {
      const attempts: Promise<void>[] = [];
      const { revoke, logoutApi } = profile.endpoints;
      if (revoke) {
        // The refresh token first: revoking it ends the grant; the access token is short-lived.
        attempts.push(
          (async () => {
            if (tokens.refreshToken) await revokeAt(revoke, tokens.refreshToken, 'refresh_token');
            await revokeAt(revoke, tokens.accessToken, 'access_token');
          })(),
        );
      }
      const api = profile.logoutApi;
      if (logoutApi && api) {
        const lookup = lookupWith({ accessToken: tokens.accessToken });
        attempts.push(
          callPlatform(
            {
              step: 'logout',
              url: fillUrl(logoutApi, lookup),
              method: api.method,
              ...mergeParts(
                { params: resolveParams(api.extraParams, lookup), query: {}, headers: {} },
                tokenParts(profile, api, api.method, tokens.accessToken, credentials),
              ),
              errorMessage: ['errmsg', 'message', 'msg', 'error'],
            },
            call,
          ).then(() => undefined),
        );
      }
      const failed = (await Promise.allSettled(attempts)).find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
