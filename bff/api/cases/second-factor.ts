/**
 * The second factor of the anonymous lookup (README.md § Second factor). Neither form needs a raw
 * ID number at lookup time:
 *
 * - 查询码 (query code): 8 characters derived from the 办件编号 with a keyed HMAC, so no table has
 *   to store it and nobody without the key can compute it. The owner sees it in their case detail;
 *   a province that prints its own code on the 受理通知书 maps it into case_acceptances.extra.queryCode
 *   and that one is used instead.
 * - 姓名 + 证件号码后 N 位: the sync stores applicant_lookup_hash = HMAC(name, tail) next to the
 *   applicant's key hash (migration 0012; the national layout's `caseLookupHash` compute). Where a
 *   layout leaves that column empty, the masked forms are compared instead — the first character of
 *   the name and the last four ID characters, which is weaker, and therefore rate-limited per case
 *   number.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { applicantKeyHash, maskName } from '../../privacy/pii.js';

/** No 0/O, 1/I/L: the code is read off paper and typed by elderly users. */
const QUERY_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const QUERY_CODE_LENGTH = 8;

export function queryCodeFor(projectNo: string, piiHashKey: string): string {
  const digest = createHmac('sha256', piiHashKey).update(`case-query-code:v1\n${projectNo}`).digest();
  let code = '';
  for (let i = 0; i < QUERY_CODE_LENGTH; i += 1)
    code += QUERY_CODE_ALPHABET[(digest[i] as number) % QUERY_CODE_ALPHABET.length];
  return code;
}

/** Spaces, dashes and case do not matter when a code is typed. */
export function normalizeQueryCode(code: string): string {
  return code.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
}

/** Full-width letters, spaces (also inside a name: 张 三) do not matter. */
export function normalizeApplicantName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '');
}

/** The last `tailLength` characters of an ID number, as the visitor is asked to type them. */
export function idTailOf(idNumber: string, tailLength: number): string {
  return idNumber.trim().toUpperCase().slice(-tailLength);
}

/**
 * What is hashed for "name + last N characters of the ID number". It goes through the same keyed
 * hash as ID numbers (pii.applicantKeyHash), so the sync computes it with the MapContext.keyHash it
 * already has (layout compute `caseLookupHash`) and the key only ever comes from config. The prefix
 * keeps it apart from ID-number hashes: no ID number contains a line break.
 */
export function lookupHashMessage(name: string, tail: string, tailLength: number): string {
  return `case-lookup:v2\n${tailLength}\n${normalizeApplicantName(name)}\n${tail.toUpperCase()}`;
}

/**
 * The stored form of "name + last N characters of the ID number". The sync computes it from the
 * raw row (it has the whole number) with the same N as caseLookup.idTailLength; changing N means
 * recomputing the column.
 */
export function applicantLookupHash(name: string, idNumber: string, tailLength: number, piiHashKey: string): string {
  return lookupHashOf(name, idTailOf(idNumber, tailLength), tailLength, piiHashKey);
}

function lookupHashOf(name: string, tail: string, tailLength: number, piiHashKey: string): string {
  return applicantKeyHash(lookupHashMessage(name, tail, tailLength), piiHashKey);
}

/** Constant-time for equal lengths; unequal lengths are compared against themselves to spend the same work. */
export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

export interface NameTailCandidate {
  applicantLookupHash: string | null;
  applicantNameMasked: string;
  applicantIdMasked: string | null;
  /** Legal persons keep their (public) name unmasked in the library. */
  naturalPerson: boolean;
}

export function nameTailMatches(
  candidate: NameTailCandidate,
  input: { applicantName: string; idTail: string },
  tailLength: number,
  piiHashKey: string | undefined,
): boolean {
  const name = normalizeApplicantName(input.applicantName);
  const tail = input.idTail.toUpperCase();
  if (candidate.applicantLookupHash && piiHashKey) {
    return sameText(candidate.applicantLookupHash, lookupHashOf(name, tail, tailLength, piiHashKey));
  }
  // Fallback on the masked forms (README): both must agree, compared without early exit.
  const storedName = normalizeApplicantName(candidate.applicantNameMasked);
  const nameOk = sameText(storedName, candidate.naturalPerson ? maskName(name) : name);
  const masked = candidate.applicantIdMasked ?? '';
  const visibleTail = /[0-9A-Za-z]{4}$/.test(masked) ? masked.slice(-4).toUpperCase() : '';
  const tailOk = visibleTail !== '' && sameText(visibleTail, tail.slice(-4));
  return nameOk && tailOk;
}
