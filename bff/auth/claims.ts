/**
 * Platform user info → SessionUser. The raw ID number and mobile exist only inside this function:
 * what leaves it is masked for display plus a keyed hash for matching cases (bff/privacy/pii.ts).
 */
import { applicantKeyHash, maskIdNumber, maskPhone } from '../privacy/pii.js';
import type { ClaimMap } from './config.js';
import type { SessionUser } from './session-store/types.js';

function text(claims: Record<string, unknown>, name: string): string | undefined {
  const value = claims[name];
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function mapUserClaims(claims: Record<string, unknown>, map: ClaimMap, piiHashKey: string): SessionUser {
  const idNumber = text(claims, map.idNumber);
  const mobile = text(claims, map.mobile);
  const userTypeRaw = text(claims, map.userType);
  const level = Number(text(claims, map.realNameLevel) ?? 0);
  const user: SessionUser = {
    // An unverified account may have no 姓名; its login name is still better than nothing.
    displayName: text(claims, map.displayName) ?? text(claims, map.username) ?? '用户',
    userType: userTypeRaw !== undefined && map.legalValues.includes(userTypeRaw) ? 'legal' : 'natural',
    realNameLevel: Number.isFinite(level) ? level : 0,
  };
  const optional: Partial<SessionUser> = {
    idType: text(claims, map.idType),
    maskedId: idNumber === undefined ? undefined : maskIdNumber(idNumber),
    idKeyHash: idNumber === undefined ? undefined : applicantKeyHash(idNumber, piiHashKey),
    maskedMobile: mobile === undefined ? undefined : maskPhone(mobile),
    orgName: text(claims, map.orgName),
    creditCode: text(claims, map.creditCode),
    agentName: text(claims, map.agentName),
  };
  // Absent rather than undefined: the record is stored as JSON and compared in tests.
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(user, { [key]: value });
  }
  return user;
}
