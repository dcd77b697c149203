/**
 * What the login, session and logout code needs from a unified identity platform. One
 * implementation per dialect: `oidc` (openid-client) now; the provincial `oauth2` profile
 * (renamed parameters, envelopes, signed requests, ticket flows) implements the same interface,
 * so routes and sessions never learn which dialect they talk to.
 */
import type { SessionUser } from '../session-store/types.js';

/** Per-flow secrets generated at /auth/login and kept server-side until the callback. */
export interface FlowSecrets {
  state: string;
  /** PKCE S256 verifier; sent on every flow even if a platform ignores it (RFC 9700 §2.1.1). */
  codeVerifier: string;
  /** OIDC only; other dialects ignore it. */
  nonce: string;
}

export interface AuthorizationRequest extends FlowSecrets {
  /** `none` for a silent check at the platform (roaming SSO, issue 3 point 6). */
  prompt?: 'none' | 'login';
  /**
   * The redirect URI registered for the site the login started on (bff/auth/sites.ts); default the
   * one the provider was built with. The code exchange must send the same one back.
   */
  redirectUri?: string;
}

/** What the code exchange needs of the flow: its secrets and the redirect URI the login used. */
export interface CodeExchangeRequest extends FlowSecrets {
  redirectUri?: string;
}

export interface ProviderTokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** Epoch ms. */
  expiresAt?: number;
}

/** The result of a successful callback: who logged in, at which platform session. */
export interface CodeExchange {
  tokens: ProviderTokens;
  subject: string;
  /** The platform session id (OIDC `sid`), for back-channel logout by (issuer, sid). */
  sid?: string;
}

export interface EndSessionRequest {
  idToken?: string;
  /** Echoed back by the platform; proves the post-logout landing belongs to this logout. */
  state: string;
  /** The logging-out site's registered post-logout address; default the one the provider was built with. */
  postLogoutRedirectUri?: string;
}

export interface AuthProvider {
  readonly dialect: string;
  /** Stable identifier of the platform (sessions are indexed by issuer + subject). */
  readonly issuer: string;
  /**
   * false: the platform's callback carries no `state` (Zhejiang's ticket), so /auth/callback finds
   * the login flow by this browser's flow cookie alone. Undefined means true.
   */
  readonly stateEchoed?: boolean;
  buildAuthorizationUrl(request: AuthorizationRequest): Promise<URL>;
  /**
   * Exchanges the code of `callbackUrl` (the configured redirect_uri plus the query that came
   * back), checking state, PKCE, and for OIDC the ID token (signature, iss, aud, nonce).
   */
  exchangeCode(callbackUrl: URL, flow: CodeExchangeRequest): Promise<CodeExchange>;
  /** User info mapped to a SessionUser, ID number and mobile masked before this returns. */
  fetchUser(tokens: ProviderTokens, subject: string): Promise<SessionUser>;
  /** Throws when the platform refuses (expired or revoked refresh token): the session then ends. */
  refresh(tokens: ProviderTokens): Promise<ProviderTokens>;
  /** Where the browser goes to end the platform session; undefined when the platform has no such page. */
  endSessionUrl(request: EndSessionRequest): Promise<URL | undefined>;
  /** Best effort; resolves even when the platform has no revocation endpoint. */
  revoke(tokens: ProviderTokens): Promise<void>;
  /** The platform's signing keys (OIDC jwks_uri), for back-channel logout tokens; absent elsewhere. */
  jwksUri?(): Promise<string | undefined>;
}

/**
 * The platform refused a refresh (invalid_grant and the like): the grant is gone and the session
 * must end. Other failures (network, 5xx) are transient and keep the session.
 */
export class RefreshRefusedError extends Error {
  override name = 'RefreshRefusedError';
}
