/**
 * Configuration of POST /auth/logout-notify, the logout notice receiver for provincial platforms
 * that do not speak OIDC (anchors §9 item 7). Every platform difference is a key here: the payload
 * format, field names, how the notice is authenticated, who may send it, and what to answer.
 * Mounted under `auth.logoutNotify` by config.ts (optional: absent = route not mounted).
 */
import { z } from 'zod';

const list = z.union([z.array(z.string()), z.string()]).transform((value) =>
  Array.isArray(value)
    ? value
    : value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
);

const hmacSchema = z.object({
  method: z.literal('hmac-sha256'),
  /** Shared secret agreed with the platform. */
  secret: z.string().min(16, 'must be at least 16 characters'),
  /**
   * `template`: HMAC over `template` with `${userId}`, `${timestamp}`, `${nonce}` (the configured
   * fields) or `${<any field name>}` substituted. `sorted-params`: every parameter except the
   * signature, empty ones dropped, sorted by name, as `a=1&b=2`.
   */
  canonical: z.enum(['template', 'sorted-params']).default('template'),
  template: z.string().min(1).default('${userId}${timestamp}'),
  signatureEncoding: z.enum(['hex', 'base64']).default('hex'),
});

const aesSchema = z.object({
  method: z.enum(['aes-256-cbc', 'aes-128-ecb', 'aes-128-cbc', 'aes-256-ecb']),
  /** The app secret the platform encrypts with. */
  secret: z.string().min(1),
  /** How the secret becomes the key: its bytes as they are (`raw`), or an md5 (16 B) / sha256 (32 B) of it. */
  keyDerivation: z.enum(['raw', 'md5', 'sha256']).default('raw'),
  keyEncoding: z.enum(['utf8', 'base64', 'hex']).default('utf8'),
  /** CBC only: IV before the ciphertext (`prefixed`), the key's first 16 bytes, zeros, or `iv`. */
  ivMode: z.enum(['prefixed', 'key-prefix', 'zero', 'configured']).default('prefixed'),
  /** With ivMode `configured`: 16 bytes, UTF-8 (or hex when prefixed `hex:`). */
  iv: z.string().optional(),
  cipherTextEncoding: z.enum(['base64', 'hex']).default('base64'),
});

export const logoutNotifyConfigSchema = z
  .object({
    /** The issuer the sessions were created under: the notice's user id is looked up as (issuer, subject). */
    issuer: z.string().min(1),
    /** Where the notice's fields are: urlencoded body, JSON body or the query string (GET or POST). */
    format: z.enum(['form', 'json', 'query']).default('form'),
    fields: z
      .object({
        /** The platform's user id (dotted path into JSON, e.g. `data.user_no`): our session subject. */
        userId: z.string().min(1).default('user_no'),
        timestamp: z.string().min(1).default('timestamp'),
        /** HMAC only. */
        signature: z.string().min(1).default('sign'),
        /** Optional one-time value; without it the signature itself is the replay key. */
        nonce: z.string().min(1).optional(),
        /** Optional: a field that must equal `notifyTypeValue` (`notify_type: "logout"`). */
        notifyType: z.string().min(1).optional(),
        /** AES only: the field carrying the ciphertext; its plaintext is a JSON object with the fields above. */
        encrypted: z.string().min(1).default('data'),
      })
      .default({ userId: 'user_no', timestamp: 'timestamp', signature: 'sign', encrypted: 'data' }),
    notifyTypeValue: z.string().default('logout'),
    verification: z.discriminatedUnion('method', [hmacSchema, aesSchema]),
    /** Seconds or milliseconds since the epoch; `auto` reads values above 10^12 as ms. */
    timestampUnit: z.enum(['auto', 's', 'ms']).default('auto'),
    /** Accept notices whose timestamp is within ± this many seconds of our clock. */
    maxSkewSeconds: z.coerce.number().int().positive().default(300),
    /** Sender addresses or CIDR ranges (IPv4/IPv6). Empty: any sender (authentication still applies). */
    allowedIps: list.default([]),
    /**
     * Reverse proxies in front of the BFF. Only when the socket peer is one of these is
     * X-Forwarded-For read (right to left, skipping trusted hops); never otherwise.
     */
    trustedProxies: list.default([]),
    /** What the platform expects back on success. */
    successBody: z.string().default('{"code":0,"message":"ok"}'),
    successContentType: z.string().default('application/json; charset=UTF-8'),
  })
  .superRefine((value, ctx) => {
    const verification = value.verification;
    if (verification.method !== 'hmac-sha256' && verification.ivMode === 'configured' && !verification.iv) {
      ctx.addIssue({ code: 'custom', path: ['verification', 'iv'], message: 'required when ivMode is configured' });
    }
  });

export type LogoutNotifyConfig = z.infer<typeof logoutNotifyConfigSchema>;
export type LogoutNotifyConfigInput = z.input<typeof logoutNotifyConfigSchema>;
