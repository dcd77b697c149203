/**
 * The key that names one user across sessions, BFF instances and SSE streams: `logout` and other
 * per-user events carry it (EventInput.userKey) and every stream of that user matches on it.
 * Keyed (HMAC with the PII hash key) rather than plain `issuer + subject`, so event buffers, Redis
 * channels and logs never hold the platform's user id.
 */
import { createHmac } from 'node:crypto';

export function userKeyOf(issuer: string, subject: string, piiHashKey: string): string {
  return createHmac('sha256', piiHashKey).update(`${issuer}\n${subject}`).digest('hex');
}
