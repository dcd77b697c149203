/**
 * Personal data helpers (个人信息保护). Every ID number (身份证号), 统一社会信用代码 of a person's
 * application and mobile number passes through here before it is stored, logged or answered.
 * The raw value is never kept: a keyed hash for matching and a masked form for display.
 */
import { createHmac } from 'node:crypto';

/** 110101199003071234 → 1101**********1234 (first 4, last 4; GB/T 35273 style display). */
export function maskIdNumber(idNumber: string): string {
  const value = idNumber.trim();
  if (value.length <= 8) return '*'.repeat(value.length);
  return value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4);
}

/** 13812345678 → 138****5678. Landlines and odd lengths keep only the last 4 digits. */
export function maskPhone(phone: string): string {
  const value = phone.trim();
  if (/^1\d{10}$/.test(value)) return value.slice(0, 3) + '****' + value.slice(-4);
  if (value.length <= 4) return '*'.repeat(value.length);
  return '*'.repeat(value.length - 4) + value.slice(-4);
}

/** 张三丰 → 张**; one visible character is enough to recognise oneself. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  return chars[0] + '*'.repeat(chars.length - 1);
}

/**
 * Keyed hash used to match an applicant's cases to the logged-in user without storing the ID
 * number. Upper-cased first so that a trailing x/X in 身份证号 matches either way.
 */
export function applicantKeyHash(idNumber: string, key: string): string {
  return createHmac('sha256', key).update(idNumber.trim().toUpperCase()).digest('hex');
}

/** 18-digit 身份证号 (last char may be X), 15-digit legacy, or 18-char 统一社会信用代码. */
const ID_NUMBER_PATTERN =
  /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15}|[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Za-z])/g;
const MOBILE_PATTERN = /(?<!\d)(1[3-9]\d{9})(?!\d)/g;

/** Masks ID numbers and mobile numbers found anywhere in free text (log lines, error messages). */
export function maskPiiInText(text: string): string {
  return text
    .replace(ID_NUMBER_PATTERN, (match) => (/^\d+[Xx]?$/.test(match) ? maskIdNumber(match) : match))
    .replace(MOBILE_PATTERN, (match) => maskPhone(match));
}
