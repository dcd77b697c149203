/**
 * Authenticates a logout notice and reads who it is about (anchors §9 item 7). Two schemes, chosen
 * by config: an HMAC-SHA256 signature with a shared secret, or an AES-encrypted payload
 * (`{"notify_type":"logout","user_no":…,"timestamp":…}`) that only the holder of the app secret
 * can produce. Then the timestamp must be within the replay window.
 *
 * AES-CBC/ECB has no integrity check of its own: a notice counts as authentic only when it decrypts
 * with valid padding to a JSON object carrying the expected fields and a fresh timestamp. Pair it
 * with the IP allow-list. All decryption failures look the same to the sender (no padding oracle).
 */
import { createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { LogoutNotifyConfig } from './config.js';

export class NoticeError extends Error {
  override name = 'NoticeError';
  constructor(
    readonly status: 400 | 403,
    readonly code: string,
    /** Plain Chinese (errors.ts convention); the platform's operators read it in their logs. */
    message: string,
  ) {
    super(message);
  }
}

export interface VerifiedNotice {
  userId: string;
  timestampMs: number;
  /** What the replay cache remembers: the nonce when configured, else a hash of the signature / ciphertext. */
  replayKey: string;
}

type Params = Record<string, unknown>;

const sha256 = (value: string | Buffer): string => createHash('sha256').update(value).digest('hex');

/** An exact key first (`user.no` as a form field name), then a dotted path into JSON. */
export function readField(params: Params, path: string): unknown {
  if (Object.hasOwn(params, path)) return params[path];
  let node: unknown = params;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Params)[part];
  }
  return node;
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

const refused = (code: string, message: string) => new NoticeError(400, code, message);

export function createNoticeVerifier(
  config: LogoutNotifyConfig,
  now: () => number = Date.now,
): (params: Params) => VerifiedNotice {
  const { fields, verification } = config;

  const authenticate: (params: Params) => { source: Params; replayKey: string } =
    verification.method === 'hmac-sha256'
      ? (params) => {
          const signature = scalar(readField(params, fields.signature));
          if (!signature) throw refused('signature_missing', '缺少签名');
          const canonical =
            verification.canonical === 'sorted-params'
              ? Object.keys(params)
                  .filter((name) => name !== fields.signature && (scalar(params[name]) ?? '') !== '')
                  .sort()
                  .map((name) => `${name}=${scalar(params[name])}`)
                  .join('&')
              : verification.template.replace(/\$\{([^}]+)\}/g, (_match, name: string) => {
                  const logical: Record<string, string | undefined> = {
                    userId: fields.userId,
                    timestamp: fields.timestamp,
                    nonce: fields.nonce,
                  };
                  return scalar(readField(params, logical[name] ?? name)) ?? '';
                });
          const expected = createHmac('sha256', verification.secret).update(canonical, 'utf8').digest();
          const given = Buffer.from(
            verification.signatureEncoding === 'hex' ? signature.toLowerCase() : signature,
            verification.signatureEncoding,
          );
          // Compare bytes in constant time; a length mismatch is a mismatch too.
          if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
            throw refused('signature_invalid', '签名校验失败');
          }
          return { source: params, replayKey: `sig:${sha256(expected)}` };
        }
      : aesAuthenticator(config, verification);

  return (params) => {
    const { source, replayKey } = authenticate(params);
    if (fields.notifyType !== undefined && scalar(readField(source, fields.notifyType)) !== config.notifyTypeValue) {
      throw refused('unsupported_notice', '不支持的通知类型');
    }
    const userId = scalar(readField(source, fields.userId));
    if (!userId) throw refused('user_missing', '缺少用户标识');

    const rawTimestamp = Number(scalar(readField(source, fields.timestamp)));
    if (!Number.isFinite(rawTimestamp) || rawTimestamp <= 0) throw refused('timestamp_missing', '缺少时间戳');
    const unit = config.timestampUnit === 'auto' ? (rawTimestamp > 1e12 ? 'ms' : 's') : config.timestampUnit;
    const timestampMs = unit === 'ms' ? rawTimestamp : rawTimestamp * 1000;
    if (Math.abs(now() - timestampMs) > config.maxSkewSeconds * 1000) {
      throw refused('timestamp_stale', '请求已过期，请检查时间戳');
    }
    const nonce = fields.nonce === undefined ? undefined : scalar(readField(source, fields.nonce));
    if (fields.nonce !== undefined && !nonce) throw refused('nonce_missing', '缺少随机数');
    return { userId, timestampMs, replayKey: nonce ? `nonce:${sha256(nonce)}` : replayKey };
  };
}

type AesConfig = Exclude<LogoutNotifyConfig['verification'], { method: 'hmac-sha256' }>;

function aesAuthenticator(
  config: LogoutNotifyConfig,
  verification: AesConfig,
): (params: Params) => { source: Params; replayKey: string } {
  const keyLength = verification.method.startsWith('aes-256') ? 32 : 16;
  const secret = Buffer.from(verification.secret, verification.keyEncoding);
  const key =
    verification.keyDerivation === 'md5'
      ? createHash('md5').update(secret).digest()
      : verification.keyDerivation === 'sha256'
        ? createHash('sha256').update(secret).digest()
        : secret;
  // A misconfigured key must stop start-up, not turn every notice into a 400.
  if (key.length !== keyLength) {
    throw new Error(`logoutNotify: ${verification.method} needs a ${keyLength}-byte key, got ${key.length}`);
  }
  const cbc = verification.method.endsWith('-cbc');
  const fixedIv = !cbc
    ? null
    : verification.ivMode === 'key-prefix'
      ? key.subarray(0, 16)
      : verification.ivMode === 'zero'
        ? Buffer.alloc(16)
        : verification.ivMode === 'configured'
          ? Buffer.from(
              (verification.iv ?? '').replace(/^hex:/, ''),
              verification.iv?.startsWith('hex:') ? 'hex' : 'utf8',
            )
          : undefined; // prefixed: read per message

  return (params) => {
    const encoded = scalar(readField(params, config.fields.encrypted));
    if (!encoded) throw refused('payload_missing', '缺少加密数据');
    let source: unknown;
    try {
      let data = Buffer.from(encoded, verification.cipherTextEncoding);
      let iv = fixedIv;
      if (iv === undefined) {
        iv = data.subarray(0, 16);
        data = data.subarray(16);
      }
      const decipher = createDecipheriv(verification.method, key, iv);
      source = JSON.parse(Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8'));
    } catch {
      source = undefined;
    }
    if (typeof source !== 'object' || source === null || Array.isArray(source)) {
      throw refused('payload_invalid', '通知数据无法解密');
    }
    return { source: source as Params, replayKey: `enc:${sha256(encoded)}` };
  };
}
