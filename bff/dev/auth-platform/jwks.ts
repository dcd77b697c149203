/**
 * Signing keys of the development platform. Kept in a file under the data dir by `npm start`, so a
 * restart does not invalidate ID tokens the BFF still holds (id_token_hint at logout).
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

/** A private JWKS in the shape oidc-provider's `jwks` option takes. */
export interface PrivateJwks {
  keys: JWK[];
}

const ALGORITHMS = ['RS256', 'ES256'] as const;

async function generateKey(alg: (typeof ALGORITHMS)[number]): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, alg, use: 'sig', kid: await calculateJwkThumbprint(jwk) };
}

/** RS256 first: oidc-provider signs ID tokens with the first key matching the client's alg (RS256 default). */
export async function generateJwks(): Promise<PrivateJwks> {
  return { keys: await Promise.all(ALGORITHMS.map(generateKey)) };
}

function assertPrivateJwks(value: unknown, path: string): asserts value is PrivateJwks {
  const keys = (value as { keys?: unknown } | null)?.keys;
  const ok =
    Array.isArray(keys) &&
    keys.length > 0 &&
    keys.every((key) => typeof key === 'object' && key !== null && typeof (key as JWK).d === 'string');
  if (!ok) throw new Error(`${path} is not a private JWKS (expected { keys: [...] } with private members)`);
}

async function readJwks(path: string): Promise<PrivateJwks> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  assertPrivateJwks(parsed, path);
  return parsed;
}

/**
 * Reads the JWKS at `path`, or creates it (mode 0600). Safe when two processes start together:
 * the file appears atomically through link(), and the loser reads the winner's keys.
 */
export async function loadOrCreateJwks(path: string): Promise<PrivateJwks> {
  try {
    return await readJwks(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dirname(path), { recursive: true });
  const jwks = await generateJwks();
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, JSON.stringify(jwks, null, 2) + '\n', { mode: 0o600 });
  try {
    await link(temporary, path);
    return jwks;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return await readJwks(path);
  } finally {
    await unlink(temporary);
  }
}
