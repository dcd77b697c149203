/**
 * Text helpers shared by indexing and querying. Both sides must normalise the same way, or a
 * lexeme written by the index is never produced by a query.
 */

/** Punctuation and symbols (ASCII and CJK) that separate words; they never become lexemes. */
const SEPARATORS = /[\s\p{P}\p{S}]+/gu;

/**
 * Full-width → half-width (NFKC: ＡＢＣ１２３ → abc123), lower case, punctuation as spaces.
 * Chinese characters are unchanged.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(SEPARATORS, ' ').trim();
}

/** Only letters a–z (a pinyin or pinyin-initials query such as `gjj` or `gongjijin`). */
export function isLatinWord(text: string): boolean {
  return /^[a-z]+$/.test(text);
}

export function hasHan(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}

/** Overlapping character pairs of each run of non-space characters: 营业执照 → 营业 业执 执照. */
export function bigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of normalizeText(text).split(' ')) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i += 1) out.push(`${chars[i]}${chars[i + 1]}`);
  }
  return out;
}

/** A lexeme usable in a tsvector / tsquery literal: no separators, at most 200 characters. */
export function isIndexable(token: string): boolean {
  return token.length > 0 && token.length <= 200 && !/^[\s\p{P}\p{S}]+$/u.test(token);
}
