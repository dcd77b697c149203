/**
 * Finds raw personal numbers in text: the fixtures' own ID numbers and mobiles verbatim, and
 * anything shaped like a full 身份证号 or mobile number. Masked forms (1101**********1234,
 * 138****5678) do not match; longer digit runs (event ids, epoch times) and digits inside ids do
 * not either — the fixtures' own numbers are still found anywhere, verbatim.
 */
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
// Letters count as a boundary too: a request id (UUID) may hold eleven digits after a hex letter.
const MOBILE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g;

export function rawPiiIn(text: string, known: readonly string[]): string[] {
  const found = new Set<string>();
  for (const value of known) if (text.includes(value)) found.add(value);
  for (const match of text.matchAll(ID_NUMBER)) found.add(match[0]);
  for (const match of text.matchAll(MOBILE)) found.add(match[0]);
  return [...found];
}
