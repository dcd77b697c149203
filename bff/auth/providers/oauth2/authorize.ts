/**
 * The browser leg: the authorization URL in the platform's parameter names, and the callback
 * read back (code or ticket, platform error, state when the platform echoes it).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthorizationRequest, FlowSecrets } from '../types.js';
import { maskPiiInText } from '../../../privacy/pii.js';
import { OAuth2CallbackError } from './errors.js';
import type { OAuth2Profile } from './profile-schema.js';
import { fillUrl, resolveParams, type Lookup } from './templates.js';

export function pkceChallenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier).digest('base64url');
}

/** The redirect URL as sent for this flow: with the state inside when the profile carries it there. */
export function flowRedirectUri(profile: OAuth2Profile, redirectUri: string, state: string): string {
  if (!profile.stateInRedirectUri) return redirectUri;
  const url = new URL(redirectUri);
  url.searchParams.set(profile.authorize.stateParam, state);
  return url.href;
}

export function buildAuthorizationUrl(
  profile: OAuth2Profile,
  lookup: Lookup,
  redirectUri: string,
  request: AuthorizationRequest,
): URL {
  const { authorize } = profile;
  const url = fillUrl(profile.endpoints.authorize, lookup);
  // Fixed parameters first: some platforms dispatch on the first one (`usp.do?action=ssoLogin…`).
  const parameters: Record<string, string> = { ...resolveParams(authorize.extraParams, lookup) };
  parameters[authorize.clientIdParam] = profile.clientId;
  const redirect = flowRedirectUri(profile, redirectUri, request.state);
  // Encoded once here and once more by URLSearchParams, for platforms that decode twice.
  parameters[authorize.redirectUriParam] = authorize.doubleEncodeRedirect ? encodeURIComponent(redirect) : redirect;
  if (authorize.responseType !== null) parameters.response_type = authorize.responseType;
  if (profile.stateEchoed) parameters[authorize.stateParam] = request.state;
  if (authorize.pkce) {
    parameters.code_challenge = pkceChallenge(request.codeVerifier);
    parameters.code_challenge_method = 'S256';
  }
  if (request.prompt === 'none' && authorize.silentParams) {
    Object.assign(parameters, resolveParams(authorize.silentParams, lookup));
  }
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  return url;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The code (or ticket) of the callback, after the platform-error and state checks. */
export function readCallback(profile: OAuth2Profile, callbackUrl: URL, flow: FlowSecrets): string {
  const query = callbackUrl.searchParams;
  const { callback } = profile;
  const error = query.get(callback.errorParam);
  if (error !== null) {
    const description = query.get(callback.errorDescriptionParam);
    throw new OAuth2CallbackError(
      // The query is the platform's (or an attacker's) text: masked like any other logged message.
      maskPiiInText(
        `统一身份认证平台返回错误 / platform returned an error: ${error}${description ? ` (${description})` : ''}`,
      ).slice(0, 300),
    );
  }
  if (profile.stateEchoed || profile.stateInRedirectUri) {
    const state = query.get(profile.authorize.stateParam);
    if (state === null || !sameText(state, flow.state)) {
      throw new OAuth2CallbackError('回调中的 state 不匹配 / state mismatch in the callback');
    }
  }
  const code = query.get(callback.codeParam);
  if (code === null || code.trim() === '') {
    throw new OAuth2CallbackError(`回调中缺少参数 ${callback.codeParam} / callback has no ${callback.codeParam}`);
  }
  return code;
}
