/**
 * Token exchange and refresh against the profile's token endpoint, and the token response read
 * through the profile's envelope paths (access token, refresh token, expiry in s or ms).
 */
import type { ProviderTokens } from '../types.js';
import { OAuth2PlatformError, type PlatformStep } from './errors.js';
import { textAt } from './json-path.js';
import { callPlatform, type CallContext } from './platform-call.js';
import type { OAuth2Profile } from './profile-schema.js';
import { clientAuthParts, mergeParts, type Credentials, type RequestParts } from './request-parts.js';
import { fillUrl, resolveParams, type Lookup } from './templates.js';

export interface TokenResult {
  tokens: ProviderTokens;
  /** When the profile reads the subject from the token response. */
  subject?: string;
}

export interface TokenContext extends CallContext {
  profile: OAuth2Profile;
  credentials: Credentials;
  lookup: Lookup;
}

function readTokens(body: unknown, context: TokenContext, step: PlatformStep, now: number): TokenResult {
  const response = context.profile.token.response;
  const accessToken = textAt(body, response.accessToken);
  if (accessToken === undefined) {
    throw new OAuth2PlatformError(step, 200, textAt(body, response.errorMessage) ?? '应答中没有令牌 / no access token');
  }
  const tokens: ProviderTokens = { accessToken };
  const refreshToken = textAt(body, response.refreshToken);
  if (refreshToken !== undefined) tokens.refreshToken = refreshToken;
  if (response.expiresIn) {
    // Strings ("1800") as often as numbers.
    const amount = Number(textAt(body, response.expiresIn.path));
    if (Number.isFinite(amount) && amount > 0) {
      tokens.expiresAt = now + (response.expiresIn.unit === 'ms' ? amount : amount * 1000);
    }
  }
  const subject = textAt(body, response.subject);
  return subject === undefined ? { tokens } : { tokens, subject };
}

async function tokenCall(step: PlatformStep, grantParams: RequestParts, context: TokenContext): Promise<unknown> {
  const { profile } = context;
  const method = profile.token.method;
  const parts = mergeParts(clientAuthParts(profile, method, context.credentials), grantParams);
  return callPlatform(
    {
      step,
      url: fillUrl(profile.endpoints.token, context.lookup),
      method,
      ...parts,
      success: profile.token.response.success,
      errorMessage: profile.token.response.errorMessage,
    },
    context,
  );
}

export async function exchangeCodeForTokens(
  code: string,
  redirectUri: string,
  codeVerifier: string | undefined,
  context: TokenContext,
): Promise<TokenResult> {
  const { token } = context.profile;
  const params: Record<string, string> = {
    ...resolveParams(token.extraParams, context.lookup),
    [token.codeParam]: code,
  };
  if (token.grantType !== null) params.grant_type = token.grantType;
  if (token.sendRedirectUri) params[token.redirectUriParam] = redirectUri;
  if (codeVerifier !== undefined) params.code_verifier = codeVerifier;
  const now = context.credentials.now();
  const body = await tokenCall('token', { params, query: {}, headers: {} }, context);
  return readTokens(body, context, 'token', now);
}

export async function refreshTokens(refreshToken: string, context: TokenContext): Promise<ProviderTokens> {
  const refresh = context.profile.refresh;
  if (!refresh) throw new Error('refresh is not configured');
  const params: Record<string, string> = {
    ...resolveParams(refresh.extraParams, context.lookup),
    grant_type: refresh.grantType,
    [refresh.refreshTokenParam]: refreshToken,
  };
  const now = context.credentials.now();
  const body = await tokenCall('refresh', { params, query: {}, headers: {} }, context);
  return readTokens(body, context, 'refresh', now).tokens;
}
