/** Signing keys, a JWKS served over HTTP (port 0) and logout tokens for the receiver tests. */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { BACKCHANNEL_LOGOUT_EVENT } from '../../../../bff/auth/backchannel/verify-logout-token.js';

export interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function signingKey(alg = 'ES256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomUUID();
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** Serves whichever keys `keys` holds at the moment of each request, and counts the fetches. */
export async function startJwksServer(
  keys: SigningKey[],
): Promise<{ uri: string; fetches: () => number; close(): Promise<void> }> {
  let fetches = 0;
  const server: Server = createServer((_req, res) => {
    fetches += 1;
    res.writeHead(200, { 'content-type': 'application/jwk-set+json' });
    res.end(JSON.stringify({ keys: keys.map((key) => key.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    uri: `http://127.0.0.1:${port}/jwks`,
    fetches: () => fetches,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface TokenOptions {
  /** Claims to set; `undefined` removes a default claim. */
  claims?: Record<string, unknown>;
  header?: Record<string, unknown>;
  key?: SigningKey;
}

export function defaultClaims(issuer: string, audience: string): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: issuer,
    aud: audience,
    iat: now,
    exp: now + 120,
    jti: randomUUID(),
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
  };
}

export async function signLogoutToken(key: SigningKey, base: JWTPayload, options: TokenOptions = {}): Promise<string> {
  const payload: Record<string, unknown> = { ...base };
  for (const [name, value] of Object.entries(options.claims ?? {})) {
    if (value === undefined) delete payload[name];
    else payload[name] = value;
  }
  const header: Record<string, unknown> = { alg: key.alg, kid: key.kid, typ: 'logout+jwt' };
  for (const [name, value] of Object.entries(options.header ?? {})) {
    if (value === undefined) delete header[name];
    else header[name] = value;
  }
  return new SignJWT(payload as JWTPayload).setProtectedHeader(header as { alg: string }).sign(key.privateKey);
}

export function post(token: string | undefined, contentType = 'application/x-www-form-urlencoded'): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: token === undefined ? '' : new URLSearchParams({ logout_token: token, ignored: 'x' }).toString(),
  };
}
