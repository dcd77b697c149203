/**
 * Read access to one source row for validation and mapping together: a JSON column (a nested list in a
 * Guangdong drop, kept as JSON text by the source) is parsed at most once per row, however many fields
 * and checks look into it.
 */
import type { SourceRow, SourceValue } from '../contracts.js';
import { type JsonParse, parseJsonText } from './values.js';

export class RowReader {
  private parsed: Map<string, JsonParse> | undefined;

  constructor(readonly row: SourceRow) {}

  value(column: string): SourceValue | undefined {
    return this.row[column];
  }

  /** The column's JSON value; null when the column is empty. Non-text values are taken as they are. */
  json(column: string): JsonParse | null {
    const raw = this.row[column];
    if (raw === null || raw === undefined || raw === '') return null;
    if (typeof raw !== 'string') return { ok: true, value: raw };
    this.parsed ??= new Map();
    let result = this.parsed.get(column);
    if (!result) {
      result = parseJsonText(raw);
      this.parsed.set(column, result);
    }
    return result;
  }
}
