/**
 * Logout Token validation, OpenID Connect Back-Channel Logout 1.0 (errata set 1) §2.4 and §2.6.
 * Every failure is a LogoutTokenError: the route answers 400 (§2.8) with its description.
 */
import { errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/**
 * §2.6 step 3: validated "as an ID token", whose signature uses asymmetric keys from the OP's JWKS.
 * Listing them keeps `none` and HMAC (keyed with a public value) out, whatever the header says.
 */
export const LOGOUT_TOKEN_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

export class LogoutTokenError extends Error {
  override name = 'LogoutTokenError';
}

export interface LogoutTokenVerifierOptions {
  issuer: string;
  clientId: string;
  keys: JWTVerifyGetKey;
  clockSkewSeconds: number;
  now?: () => number;
}

export interface LogoutClaims {
  iss: string;
  jti: string;
  exp: number;
  sub?: string;
  sid?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * §2.4 recommends explicit typing (`logout+jwt`, RFC 8725 §3.11); Keycloak sends `JWT` and the
 * pre-2022 text had no `typ` at all, so those pass. Any other type (an ID token `at+jwt`, a
 * `secevent+jwt`…) is a different kind of token presented in the wrong place: refused.
 */
function checkType(typ: string | undefined): void {
  if (typ === undefined) return;
  const normalized = typ.toLowerCase().replace(/^application\//, '');
  if (normalized !== 'logout+jwt' && normalized !== 'jwt') {
    throw new LogoutTokenError(`unexpected typ header "${typ}"`);
  }
}

export function createLogoutTokenVerifier(
  options: LogoutTokenVerifierOptions,
): (token: string) => Promise<LogoutClaims> {
  const now = options.now ?? Date.now;
  return async (token) => {
    // §2.6 step 1 allows encrypted tokens; we register no encryption key, so only JWS (3 parts).
    if (token.split('.').length !== 3) throw new LogoutTokenError('logout_token is not a signed JWT');

    let payload: JWTPayload;
    try {
      const verified = await jwtVerify(token, options.keys, {
        issuer: options.issuer, // §2.6 step 3: iss exactly as configured
        audience: options.clientId, // aud contains our client_id
        algorithms: LOGOUT_TOKEN_ALGORITHMS,
        clockTolerance: options.clockSkewSeconds,
        currentDate: new Date(now()),
        // §2.4: iat, exp (errata 1) and jti are REQUIRED.
        requiredClaims: ['iat', 'exp', 'jti'],
      });
      checkType(verified.protectedHeader.typ);
      payload = verified.payload;
    } catch (error) {
      if (error instanceof LogoutTokenError) throw error;
      if (error instanceof joseErrors.JOSEError) throw new LogoutTokenError(describeJoseError(error));
      throw error;
    }

    const nowSeconds = now() / 1000;
    if (typeof payload.iat !== 'number' || payload.iat > nowSeconds + options.clockSkewSeconds) {
      throw new LogoutTokenError('iat is in the future');
    }
    // §2.4: the events member holds the back-channel logout event, whose value is a JSON object.
    if (!isObject(payload.events) || !isObject(payload.events[BACKCHANNEL_LOGOUT_EVENT])) {
      throw new LogoutTokenError(`events must contain ${BACKCHANNEL_LOGOUT_EVENT} as a JSON object`);
    }
    // §2.4: a Logout Token MUST NOT contain nonce, so an ID token can never pass as one.
    if ('nonce' in payload) throw new LogoutTokenError('a logout token must not contain nonce');
    const { sub, sid, jti } = payload;
    if (sub !== undefined && (typeof sub !== 'string' || sub === '')) throw new LogoutTokenError('invalid sub');
    if (sid !== undefined && (typeof sid !== 'string' || sid === '')) throw new LogoutTokenError('invalid sid');
    // §2.4: at least one of sub and sid.
    if (sub === undefined && sid === undefined) throw new LogoutTokenError('neither sub nor sid present');
    if (typeof jti !== 'string' || jti === '') throw new LogoutTokenError('invalid jti');

    const claims: LogoutClaims = { iss: options.issuer, jti, exp: payload.exp as number };
    if (sub !== undefined) claims.sub = sub;
    if (sid !== undefined) claims.sid = sid;
    return claims;
  };
}

function describeJoseError(error: InstanceType<typeof joseErrors.JOSEError>): string {
  if (error instanceof joseErrors.JWTExpired) return 'logout token expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return `claim check failed: ${error.claim} (${error.reason})`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature verification failed';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no matching key in the platform JWKS';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'signature algorithm not allowed';
  return `invalid logout token (${error.code})`;
}
