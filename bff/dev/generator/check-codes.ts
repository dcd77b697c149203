/**
 * Check characters of Chinese identity codes, so generated numbers pass the validators real systems run.
 * - 公民身份号码 GB 11643-1999: ISO 7064 MOD 11-2 over 17 digits.
 * - 统一社会信用代码 GB 32100-2015: MOD 31 over 17 chars from a 31-letter alphabet (no I, O, Z, S, V).
 * - 组织机构代码 GB 11714-1997: MOD 11 over 8 chars (positions 9–17 of a USCC are this code).
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += (first17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] as string;
}

export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  return idCheckDigit(id.slice(0, 17)) === id[17];
}

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = USCC_ALPHABET.indexOf(first17[i] as string);
    if (value < 0) throw new Error(`invalid USCC character ${first17[i]}`);
    sum += value * (USCC_WEIGHTS[i] as number);
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31] as string;
}

export function isValidUscc(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  return usccCheckChar(code.slice(0, 17)) === code[17];
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

function orgCharValue(char: string): number {
  const code = char.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 55; // A=10 … Z=35
}

export function orgCodeCheckChar(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += orgCharValue(first8[i] as string) * (ORG_WEIGHTS[i] as number);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * Builds a USCC: 登记管理部门码 + 机构类别码 + 6-digit area + 9-char body (8 + GB 11714 check) + check.
 * `body8` must use USCC_ALPHABET characters.
 */
export function buildUscc(department: string, category: string, area6: string, body8: string): string {
  const first17 = department + category + area6 + body8 + orgCodeCheckChar(body8);
  return first17 + usccCheckChar(first17);
}
