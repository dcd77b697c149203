/**
 * The operator API's guard: `Authorization: Bearer <adminToken>` from config. Operators are not
 * residents: they do not log in at the unified identity platform, so the API has its own secret,
 * compared in constant time (hashes of equal length, so neither length nor prefix leaks). Without a
 * configured token the API is off (503), never open.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../http/errors.js';

export const adminNotConfigured = (): AppError =>
  new AppError(503, 'admin_not_configured', '运维接口未启用：请先配置运维令牌 ADMIN_TOKEN');

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** True when `presented` is the configured token; time does not depend on where they differ. */
export function adminTokenMatches(configured: string, presented: string): boolean {
  return timingSafeEqual(digest(configured), digest(presented));
}

/**
 * A short, non-secret name for a token in audit rows (the first 8 hex of its SHA-256), so a
 * rotated token shows up as a different actor without the audit log ever holding the secret.
 */
export function adminTokenFingerprint(token: string): string {
  return digest(token).toString('hex').slice(0, 8);
}

export function requireAdminToken(configured: string | undefined): MiddlewareHandler {
  return async function adminTokenGuard(c, next) {
    if (!configured) throw adminNotConfigured();
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (!match) {
      c.header('WWW-Authenticate', 'Bearer realm="govdock-admin"');
      throw new AppError(401, 'admin_token_missing', '缺少运维令牌，请在请求头 Authorization 中提供 Bearer 令牌');
    }
    if (!adminTokenMatches(configured, match[1] as string)) {
      c.header('WWW-Authenticate', 'Bearer realm="govdock-admin", error="invalid_token"');
      throw new AppError(401, 'admin_token_invalid', '运维令牌不正确');
    }
    await next();
  };
}
