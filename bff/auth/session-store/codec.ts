/**
 * What a store keeps of a session beyond its index columns: the user (already masked, pii.ts) and
 * the tokens. Tokens may be encrypted at rest (AES-256-GCM, key from config): a leaked database or
 * Redis dump then yields no usable access or refresh token (anchors §10 "tokens stay server-side").
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SessionRecord, SessionTokens, SessionUser } from './types.js';

export interface SessionPayload {
  user: SessionUser;
  /** Plain tokens, or `enc:v1:<iv>.<tag>.<ciphertext>` (base64url) when a key is configured. */
  tokens: SessionTokens | string;
}

export interface SessionCodecOptions {
  /** Secret for encrypting tokens at rest (≥ 32 characters). Unset: tokens stored as plain JSON. */
  tokenEncryptionKey?: string;
}

export interface SessionCodec {
  encode(record: SessionRecord): SessionPayload;
  /** undefined when the tokens do not decrypt (key changed or data tampered with). */
  decodeTokens(tokens: SessionTokens | string, sessionId: string): SessionTokens | undefined;
}

const PREFIX = 'enc:v1:';

export function createSessionCodec(options: SessionCodecOptions = {}): SessionCodec {
  const secret = options.tokenEncryptionKey;
  if (secret !== undefined && secret.length < 32) {
    throw new Error('tokenEncryptionKey must be at least 32 characters');
  }
  // A fixed-length key from any configured string; the secret itself carries the entropy.
  const key =
    secret === undefined ? undefined : createHash('sha256').update(`govdock-session-tokens:${secret}`).digest();

  return {
    encode(record) {
      if (!key) return { user: record.user, tokens: record.tokens };
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      // The session id as AAD: a ciphertext copied onto another session row does not decrypt.
      cipher.setAAD(Buffer.from(record.id));
      const body = Buffer.concat([cipher.update(JSON.stringify(record.tokens), 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'));
      return { user: record.user, tokens: `${PREFIX}${parts.join('.')}` };
    },
    decodeTokens(tokens, sessionId) {
      if (typeof tokens !== 'string') return tokens;
      if (!key) return undefined;
      const [iv, tag, body] = tokens
        .slice(PREFIX.length)
        .split('.')
        .map((part) => Buffer.from(part, 'base64url'));
      if (!tokens.startsWith(PREFIX) || !iv || !tag || !body) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(Buffer.from(sessionId));
        decipher.setAuthTag(tag);
        const plain = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
        return JSON.parse(plain) as SessionTokens;
      } catch {
        return undefined;
      }
    },
  };
}
