/**
 * Masks personal data in anything about to be logged, at any depth: values under known PII keys
 * are masked by kind (ID number, phone, name), secrets are dropped, and every other string passes
 * through maskPiiInText so an ID number inside a URL or a free-text field is caught as well.
 */
import { maskIdNumber, maskName, maskPhone, maskPiiInText } from '../privacy/pii.js';

type Masker = (value: string) => string;

/** Keys compared lower-cased with `_`/`-` removed, so `applyer_page_code` = `ApplyerPageCode`. */
const ID_NUMBER_KEYS = new Set([
  'idnumber',
  'idnum',
  'idcard',
  'idno',
  'certno',
  'certnum',
  'certkeygov',
  'applyerpagecode',
  'contactcode',
  'legalcertno',
  'legalidnumber',
  'agentcert',
  'agentidnumber',
  'handleuserpagecode',
  'applicantcardnumber',
]);
const NAME_KEYS = new Set([
  'applyername',
  'applicantname',
  'contactname',
  'legalname',
  'agentname',
  'clientname',
  'realname',
  'username',
]);
const SECRET_KEYS = new Set([
  'password',
  'secret',
  'clientsecret',
  'authorization',
  'cookie',
  'setcookie',
  'piihashkey',
]);

const REDACTED = '[redacted]';
const MAX_DEPTH = 8;

function normalise(key: string): string {
  return key.replace(/[_-]/g, '').toLowerCase();
}

function maskerForKey(key: string): Masker | 'secret' | undefined {
  const name = normalise(key);
  if (SECRET_KEYS.has(name) || name.endsWith('token')) return 'secret';
  if (ID_NUMBER_KEYS.has(name)) return maskIdNumber;
  if (name.endsWith('mobile') || name.endsWith('phone') || name === 'tel' || name === 'telephone') return maskPhone;
  if (NAME_KEYS.has(name)) return maskName;
  return undefined;
}

export function maskLogValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPiiInText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[depth limit]';
  // Errors keep their class for pino's serializer; their text is masked on the finished line.
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => maskLogValue(item, depth + 1));
  if (value instanceof Date) return value;
  const masked: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const masker = maskerForKey(key);
    if (masker === 'secret') masked[key] = REDACTED;
    else if (masker && (typeof item === 'string' || typeof item === 'number')) masked[key] = masker(String(item));
    else masked[key] = maskLogValue(item, depth + 1);
  }
  return masked;
}
