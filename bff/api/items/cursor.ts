/**
 * Opaque keyset cursors: base64url JSON of the sort and the last row's key. Opaque so that clients
 * cannot build their own (the key format may change); checked on the way back because it is input.
 */
import { badRequest } from '../../http/errors.js';

export type ItemSort = 'relevance' | 'name' | 'updated';

export interface Cursor {
  sort: ItemSort;
  /** The last row's sort key and code: [sortKey | updatedAt text | rank, code]. */
  key: [string | number, string];
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ v: 1, s: cursor.sort, k: cursor.key })).toString('base64url');
}

const invalid = () => badRequest('翻页位置无效，请回到第一页重新查看');

export function decodeCursor(text: string, sort: ItemSort): Cursor {
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
    value.s !== sort ||
    !Array.isArray(key) ||
    key.length !== 2 ||
    !(typeof key[0] === 'string' || typeof key[0] === 'number') ||
    typeof key[1] !== 'string'
  ) {
    throw invalid();
  }
  return { sort, key: [key[0], key[1]] };
}
