/**
 * JSON Lines drop files: one JSON object per line, keys = front-table column names (architecture §7).
 * Scalars stay scalars; a nested object or list (a Guangdong AUDIT_ITEM's materials) is kept as its
 * JSON text, because a SourceValue is text or a number — the layout parses it again by path.
 */
import type { DropLine, SourceRow } from '../../contracts.js';
import { readByteLines } from './byte-lines.js';
import { decodeUtf8, lineError, lossyText, messages } from './drop-lines.js';

function toRow(value: Record<string, unknown>): SourceRow {
  const row: SourceRow = {};
  for (const key of Object.keys(value)) {
    const field = value[key];
    if (field === null || field === undefined) row[key] = null;
    else if (typeof field === 'string' || typeof field === 'number') row[key] = field;
    else if (typeof field === 'boolean') row[key] = field ? 'true' : 'false';
    else row[key] = JSON.stringify(field);
  }
  return row;
}

export async function* readJsonlLines(path: string, maxLineBytes: number): AsyncGenerator<DropLine> {
  for await (const { number, bytes, truncated } of readByteLines(path, maxLineBytes)) {
    if (truncated) {
      yield lineError(number, 'too_long', messages.tooLong(number, maxLineBytes), lossyText(bytes));
      continue;
    }
    const text = decodeUtf8(bytes);
    if (text === null) {
      yield lineError(number, 'bad_encoding', messages.encoding(number), lossyText(bytes));
      continue;
    }
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield lineError(number, 'bad_json', messages.badJson(number, (error as Error).message), text);
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield lineError(number, 'bad_json', messages.notObject(number), text);
      continue;
    }
    yield { line: number, row: toRow(value as Record<string, unknown>) };
  }
}
