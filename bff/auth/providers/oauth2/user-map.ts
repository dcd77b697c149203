/**
 * Platform user info → SessionUser through the profile's field map. The raw ID number and mobile
 * exist only inside mapPlatformUser: what leaves is masked for display plus a keyed hash for
 * matching cases (bff/privacy/pii.ts), exactly as the oidc dialect does in claims.ts.
 */
import { applicantKeyHash, maskIdNumber, maskPhone } from '../../../privacy/pii.js';
import type { SessionUser } from '../../session-store/types.js';
import { textAt } from './json-path.js';
import type { OAuth2Profile } from './profile-schema.js';

type FieldName = keyof NonNullable<OAuth2Profile['userinfo']['legalPerson']>['fields'];

export interface MappedUser {
  /** Undefined when the subject path finds nothing; the caller refuses the login then. */
  subject: string | undefined;
  user: SessionUser;
}

export function isLegalPerson(info: unknown, profile: OAuth2Profile): boolean {
  const raw = textAt(info, profile.userinfo.fields.userType);
  return raw !== undefined && profile.userinfo.legalUserTypes.some((value) => String(value) === raw);
}

export function subjectOf(info: unknown, profile: OAuth2Profile): string | undefined {
  return textAt(info, profile.userinfo.fields.subject);
}

/** `legal` is the second call's answer (法人 data); its fields win over the first call's. */
export function mapPlatformUser(info: unknown, legal: unknown, profile: OAuth2Profile, piiHashKey: string): MappedUser {
  const { fields, realNameLevels, idTypes } = profile.userinfo;
  const legalFields = profile.userinfo.legalPerson?.fields;
  const read = (name: FieldName): string | undefined =>
    (legal !== undefined ? textAt(legal, legalFields?.[name]) : undefined) ?? textAt(info, fields[name]);

  const idNumber = read('idNumber');
  const mobile = read('mobile');
  const levelRaw = read('realNameLevel');
  // With a mapping, an unlisted value is unknown and grants nothing (least privilege).
  const mappedLevel = levelRaw === undefined ? 0 : realNameLevels ? (realNameLevels[levelRaw] ?? 0) : Number(levelRaw);
  const idTypeRaw = read('idType');

  const user: SessionUser = {
    // An unverified account may have no 姓名; its login name is still better than nothing.
    displayName: read('displayName') ?? read('username') ?? '用户',
    userType: isLegalPerson(info, profile) ? 'legal' : 'natural',
    realNameLevel: Number.isFinite(mappedLevel) ? mappedLevel : 0,
  };
  const optional: Partial<SessionUser> = {
    idType: idTypeRaw === undefined ? undefined : (idTypes?.[idTypeRaw] ?? idTypeRaw),
    maskedId: idNumber === undefined ? undefined : maskIdNumber(idNumber),
    idKeyHash: idNumber === undefined ? undefined : applicantKeyHash(idNumber, piiHashKey),
    maskedMobile: mobile === undefined ? undefined : maskPhone(mobile),
    orgName: read('orgName'),
    creditCode: read('creditCode'),
    agentName: read('agentName'),
  };
  // Absent rather than undefined: the record is stored as JSON and compared in tests.
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(user, { [key]: value });
  }
  return { subject: subjectOf(info, profile), user };
}
