/**
 * The `oidc` dialect on openid-client 6: discovery or static metadata, code + PKCE S256 + state
 * + nonce, ID token validated by openid-client (signature, iss, aud, exp, nonce; `iss` in the
 * authorization response when advertised — RFC 9700 §4.4 mix-up defence), claims from userinfo.
 */
import * as oidc from 'openid-client';
import { mapUserClaims } from '../claims.js';
import type { AuthConfig } from '../config.js';
import { RefreshRefusedError, type AuthProvider, type CodeExchange, type ProviderTokens } from './types.js';

export interface OidcProviderOptions {
  config: AuthConfig;
  /** `${publicBaseUrl}/auth/callback`, registered at the platform; requests may name their site's. */
  redirectUri: string;
  postLogoutRedirectUri: string;
  piiHashKey: string;
}

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|\[::1\]|localhost)$/;

function clientAuth(config: AuthConfig): oidc.ClientAuth {
  return config.tokenEndpointAuthMethod === 'client_secret_post'
    ? oidc.ClientSecretPost(config.clientSecret)
    : oidc.ClientSecretBasic(config.clientSecret);
}

async function configure(config: AuthConfig): Promise<oidc.Configuration> {
  const issuer = new URL(config.issuer);
  // Plain http only for a platform on this machine (the development platform); never elsewhere.
  const insecure = issuer.protocol === 'http:' && LOOPBACK.test(issuer.hostname);
  if (config.discovery) {
    return oidc.discovery(issuer, config.clientId, undefined, clientAuth(config), {
      execute: insecure ? [oidc.allowInsecureRequests] : [],
    });
  }
  // superRefine in config.ts guarantees endpoints when discovery is off.
  const endpoints = config.endpoints!;
  const metadata: oidc.ServerMetadata = {
    issuer: config.issuer,
    authorization_endpoint: endpoints.authorization,
    token_endpoint: endpoints.token,
    userinfo_endpoint: endpoints.userinfo,
    jwks_uri: endpoints.jwks,
    end_session_endpoint: endpoints.endSession,
    revocation_endpoint: endpoints.revocation,
  };
  const configuration = new oidc.Configuration(metadata, config.clientId, undefined, clientAuth(config));
  if (insecure) oidc.allowInsecureRequests(configuration);
  return configuration;
}

function tokensOf(response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): ProviderTokens {
  const expiresIn = response.expiresIn();
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token,
    idToken: response.id_token,
    expiresAt: expiresIn === undefined ? undefined : Date.now() + expiresIn * 1000,
  };
}

export function createOidcProvider(options: OidcProviderOptions): AuthProvider {
  const { config, redirectUri, postLogoutRedirectUri, piiHashKey } = options;
  // Lazy and retried: a platform that is down at BFF start must not keep the BFF from starting,
  // and one failed discovery must not stick.
  let pending: Promise<oidc.Configuration> | undefined;
  const client = (): Promise<oidc.Configuration> =>
    (pending ??= configure(config).catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));

  return {
    dialect: 'oidc',
    issuer: config.issuer,

    async buildAuthorizationUrl({ state, codeVerifier, nonce, prompt, redirectUri: siteRedirectUri }) {
      const parameters: Record<string, string> = {
        redirect_uri: siteRedirectUri ?? redirectUri,
        scope: config.scopes.join(' '),
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      };
      if (prompt) parameters.prompt = prompt;
      return oidc.buildAuthorizationUrl(await client(), parameters);
    },

    // openid-client sends `callbackUrl` without its query as redirect_uri: the route builds it from
    // the flow's site, so `flow.redirectUri` needs no separate handling here.
    async exchangeCode(callbackUrl, flow): Promise<CodeExchange> {
      const response = await oidc.authorizationCodeGrant(await client(), callbackUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const claims = response.claims();
      if (!claims) throw new Error('no ID token claims');
      return {
        tokens: tokensOf(response),
        subject: claims.sub,
        sid: typeof claims.sid === 'string' ? claims.sid : undefined,
      };
    },

    async fetchUser(tokens, subject) {
      // The expected subject guards against a token substitution between ID token and userinfo.
      const info = await oidc.fetchUserInfo(await client(), tokens.accessToken, subject);
      return mapUserClaims(info, config.claims, piiHashKey);
    },

    async refresh(tokens) {
      if (!tokens.refreshToken) throw new RefreshRefusedError('no refresh token');
      let next: ProviderTokens;
      try {
        next = tokensOf(await oidc.refreshTokenGrant(await client(), tokens.refreshToken));
      } catch (error) {
        // An OAuth error body (invalid_grant …) is the platform's answer; anything else is transient.
        if (error instanceof oidc.ResponseBodyError) throw new RefreshRefusedError(error.error);
        throw error;
      }
      // Platforms that do not rotate refresh tokens omit them; keep the one we have, and the
      // ID token for id_token_hint at logout.
      return {
        ...next,
        refreshToken: next.refreshToken ?? tokens.refreshToken,
        idToken: next.idToken ?? tokens.idToken,
      };
    },

    async endSessionUrl({ idToken, state, postLogoutRedirectUri: sitePostLogout }) {
      const configuration = await client();
      if (!configuration.serverMetadata().end_session_endpoint) return undefined;
      const parameters: Record<string, string> = {
        post_logout_redirect_uri: sitePostLogout ?? postLogoutRedirectUri,
        client_id: config.clientId,
        state,
      };
      if (idToken) parameters.id_token_hint = idToken;
      return oidc.buildEndSessionUrl(configuration, parameters);
    },

    async jwksUri() {
      return (await client()).serverMetadata().jwks_uri;
    },

    async revoke(tokens) {
      const configuration = await client();
      if (!configuration.serverMetadata().revocation_endpoint) return;
      // The refresh token first: revoking it ends the grant; the access token is short-lived.
      if (tokens.refreshToken) {
        await oidc.tokenRevocation(configuration, tokens.refreshToken, { token_type_hint: 'refresh_token' });
      }
      await oidc.tokenRevocation(configuration, tokens.accessToken, { token_type_hint: 'access_token' });
    },
  };
}
