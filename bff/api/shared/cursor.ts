/**
 * Opaque keyset cursors for the personal-space lists (cases, notices, my evaluations …): base64url
 * JSON of a scope and the last row's key. The scope names the list and its filter, so a cursor
 * from one tab cannot be replayed against another. Checked on the way back because it is input.
 *
 * bff/api/items/cursor.ts does the same for the navigation API with its own sort names; the two
 * could merge into this one once that area settles.
 */
import { badRequest } from '../../http/errors.js';

export type CursorKey = readonly (string | number)[];

export function encodeCursor(scope: string, key: CursorKey): string {
  return Buffer.from(JSON.stringify({ v: 1, s: scope, k: key })).toString('base64url');
}

const invalid = () => badRequest('翻页位置无效，请回到第一页重新查看');

/** The key of a cursor made by encodeCursor for the same scope and key length, else 400. */
export function decodeCursor(text: string, scope: string, length: number): (string | number)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const value = parsed as { v?: unknown; s?: unknown; k?: unknown };
  const key = value.k;
  if (
    value.v !== 1 ||
    value.s !== scope ||
    !Array.isArray(key) ||
    key.length !== length ||
    !key.every((part) => (typeof part === 'string' && part.length <= 200) || typeof part === 'number')
  ) {
    throw invalid();
  }
  return key as (string | number)[];
}
