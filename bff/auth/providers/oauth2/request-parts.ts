/**
 * The parts every back-channel call shares: how the client proves itself (basic / post / query /
 * signed) and how a call carries the user's access token (bearer / query / form, optionally signed).
 */
import type { OAuth2Profile, RequestMethod } from './profile-schema.js';
import { signedParams } from './signing.js';

export interface RequestParts {
  params: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
}

export interface Credentials {
  clientId: string;
  clientSecret: string;
  now: () => number;
}

export const emptyParts = (): RequestParts => ({ params: {}, query: {}, headers: {} });

/** Raw `id:secret` in base64: percent-encoding them first breaks platforms that never decode (anchors §11.12). */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')}`;
}

export function signingParts(profile: OAuth2Profile, credentials: Credentials): Record<string, string> {
  // The schema refuses a signed request without `signing`; this guards hand-built profiles.
  if (!profile.signing) throw new Error('signing is not configured');
  return signedParams(profile.signing, credentials.clientId, credentials.clientSecret, credentials.now());
}

/** Client authentication for the token endpoint (exchange, refresh, revoke). */
export function clientAuthParts(profile: OAuth2Profile, method: RequestMethod, credentials: Credentials): RequestParts {
  const parts = emptyParts();
  const { clientIdParam, clientSecretParam } = profile.token;
  switch (profile.token.clientAuth) {
    case 'basic':
      parts.headers.authorization = basicAuthorization(credentials.clientId, credentials.clientSecret);
      break;
    case 'post': {
      // For GET there is no body: the query is the only place left.
      const target = method === 'get' ? parts.query : parts.params;
      target[clientIdParam] = credentials.clientId;
      target[clientSecretParam] = credentials.clientSecret;
      break;
    }
    case 'query':
      parts.query[clientIdParam] = credentials.clientId;
      parts.query[clientSecretParam] = credentials.clientSecret;
      break;
    case 'signed':
      Object.assign(parts.params, signingParts(profile, credentials));
      break;
  }
  return parts;
}

export interface TokenCarrier {
  tokenPlacement: 'bearer' | 'query' | 'form' | 'none';
  tokenParam: string;
  signed: boolean;
}

/** How a user-info (or logout) call carries the access token. */
export function tokenParts(
  profile: OAuth2Profile,
  carrier: TokenCarrier,
  method: RequestMethod,
  accessToken: string,
  credentials: Credentials,
): RequestParts {
  const parts = emptyParts();
  if (carrier.tokenPlacement === 'bearer') parts.headers.authorization = `Bearer ${accessToken}`;
  if (carrier.tokenPlacement === 'query') parts.query[carrier.tokenParam] = accessToken;
  if (carrier.tokenPlacement === 'form') {
    (method === 'get' ? parts.query : parts.params)[carrier.tokenParam] = accessToken;
  }
  if (carrier.signed) Object.assign(parts.params, signingParts(profile, credentials));
  return parts;
}

export function mergeParts(...all: RequestParts[]): RequestParts {
  const merged = emptyParts();
  for (const parts of all) {
    Object.assign(merged.params, parts.params);
    Object.assign(merged.query, parts.query);
    Object.assign(merged.headers, parts.headers);
  }
  return merged;
}
