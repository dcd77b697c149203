import type { CaseLookupRequest } from '../../bff/api/contracts/cases.js';
import type { MessageParams } from '../runtime/i18n.js';

/**
 * The anonymous lookup's form: which fields the BFF's configured second factor needs, their checks (with the
 * Chinese messages the strings table holds), the request body, and how long a 429 asks to wait.
 */
export type LookupFactor = 'query-code' | 'name-id';

export interface LookupValues {
  projectNo: string;
  queryCode: string;
  applicantName: string;
  idTail: string;
}

export type LookupField = keyof LookupValues;
export type LookupErrors = Partial<Record<LookupField, string>>;

type Translate = (key: string, params?: MessageParams) => string;

export function lookupFields(factor: LookupFactor): LookupField[] {
  return factor === 'name-id' ? ['projectNo', 'applicantName', 'idTail'] : ['projectNo', 'queryCode'];
}

/** What each field accepts; lengths keep a pasted paragraph out of the request. */
// The BFF's own rules (bff/api/cases/params.ts): checked here too so the message comes at once, by the field.
const RULES: Record<LookupField, { pattern?: RegExp; max: number; message?: string }> = {
  projectNo: { pattern: /^[0-9A-Za-z_-]+$/, max: 50, message: 'badProjectNo' },
  queryCode: { pattern: /^[0-9A-Za-z]+$/, max: 32, message: 'badQueryCode' },
  applicantName: { max: 100 },
  idTail: { max: 18 },
};

/** Values as they are sent: spaces dropped from codes (people copy them with spaces), letters upper-cased. */
export function cleanValues(values: LookupValues): LookupValues {
  const compact = (value: string) => value.replace(/\s+/g, '');
  return {
    projectNo: compact(values.projectNo),
    // A printed 查询码 is often grouped with dashes (HX7K-2M9P); the BFF ignores them too.
    queryCode: compact(values.queryCode).replace(/-/g, '').toUpperCase(),
    applicantName: values.applicantName.trim(),
    idTail: compact(values.idTail).toUpperCase(),
  };
}

/** The fields' problems, keyed by field; empty when the form may be sent. `label(field)` names a field. */
export function validateLookup(
  values: LookupValues,
  factor: LookupFactor,
  tailLength: number,
  t: Translate,
  label: (field: LookupField) => string,
): LookupErrors {
  const clean = cleanValues(values);
  const errors: LookupErrors = {};
  for (const field of lookupFields(factor)) {
    const value = clean[field];
    const rule = RULES[field];
    if (!value) errors[field] = t('required', { field: label(field) });
    else if (field === 'idTail') {
      // Letters too: a 身份证号 may end in X, a 统一社会信用代码 (法人) in other letters.
      if (!new RegExp(`^[0-9A-Z]{${tailLength}}$`).test(value)) errors[field] = t('badIdTail', { n: tailLength });
    } else if (value.length > rule.max) errors[field] = t('tooLong', { field: label(field), max: rule.max });
    else if (rule.pattern && rule.message && !rule.pattern.test(value)) errors[field] = t(rule.message);
  }
  return errors;
}

export function lookupRequest(values: LookupValues, factor: LookupFactor): CaseLookupRequest {
  const clean = cleanValues(values);
  return factor === 'name-id'
    ? { projectNo: clean.projectNo, applicantName: clean.applicantName, idTail: clean.idTail }
    : { projectNo: clean.projectNo, queryCode: clean.queryCode };
}

/**
 * Seconds a 429 asks to wait. The runtime's client passes on the BFF's code and message but not the
 * Retry-After header, so the wait is read from the message ("请 30 秒后再试", "请 2 分钟后再试"); a message
 * without one gets `fallback`.
 */
export function waitSeconds(message: string, fallback = 60): number {
  const match = /(\d+)\s*(秒|分钟|s\b|seconds?|minutes?)/.exec(message);
  if (!match) return fallback;
  const amount = Number(match[1]);
  return Math.min(Math.max(/分|min/.test(match[2] as string) ? amount * 60 : amount, 1), 3600);
}
