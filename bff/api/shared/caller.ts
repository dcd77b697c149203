/**
 * The signed-in caller as the personal-space API sees it, after requireUser() has run: who they are
 * on the platform (issuer, subject — notices, evaluations and consultations are keyed by that) and
 * the keyed hashes their cases are filed under.
 *
 * Cases are matched ONLY through keyed hashes (pii.applicantKeyHash), never by name:
 *   - SessionUser.idKeyHash: the hash of the 身份证号 a 自然人 logged in with; for a 法人 account
 *     the platform's ID claim is the 统一社会信用代码, so it is that code's hash;
 *   - the 统一社会信用代码 claim itself, hashed here, for platforms that put the 经办人's own ID in
 *     the ID claim of a 法人 login.
 * A case matches when one of these is its applicant_key_hash (申请人) or its contact_key_hash
 * (经办人/联系人, cases the caller filed for someone else).
 */
import type { Context } from 'hono';
import type { AuthEnv } from '../../auth/guard.js';
import type { SessionRecord, SessionUser } from '../../auth/session-store/types.js';
import { applicantKeyHash } from '../../privacy/pii.js';

export interface Caller {
  issuer: string;
  subject: string;
  sessionId: string;
  user: SessionUser;
  /** Distinct keyed hashes; empty for an account without real-name data (no cases to find). */
  caseKeys: string[];
}

const KEY_HASH = /^[0-9a-f]{64}$/;
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export function caseKeysOf(user: SessionUser, piiHashKey: string | undefined): string[] {
  const keys = new Set<string>();
  if (typeof user.idKeyHash === 'string' && KEY_HASH.test(user.idKeyHash)) keys.add(user.idKeyHash);
  const creditCode = user.creditCode?.trim().toUpperCase();
  if (piiHashKey && user.userType === 'legal' && creditCode && CREDIT_CODE.test(creditCode)) {
    keys.add(applicantKeyHash(creditCode, piiHashKey));
  }
  return [...keys];
}

/** Only behind requireUser(): the session it set. */
export function callerOf(c: Context, piiHashKey: string | undefined): Caller {
  const session = (c as Context<AuthEnv>).get('session') as SessionRecord | undefined;
  // requireUser() ran before every handler that calls this; without it this is a wiring bug.
  if (!session) throw new Error('callerOf() used on a route without requireUser()');
  return {
    issuer: session.issuer,
    subject: session.subject,
    sessionId: session.id,
    user: session.user,
    caseKeys: caseKeysOf(session.user, piiHashKey),
  };
}
