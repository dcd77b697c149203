/**
 * One set of result-value parsers for both drivers, so a row read from PGlite and from PostgreSQL has
 * the same JavaScript shape (see docs/decisions/0001-store-dialect.md):
 *
 * | PostgreSQL type            | JS value                                                     |
 * |----------------------------|--------------------------------------------------------------|
 * | int2, int4                 | number (driver default on both)                              |
 * | int8 / bigint, count(*)    | number; bigint only beyond Number.MAX_SAFE_INTEGER           |
 * | numeric                    | string (exact: fees, amounts); numeric[] → string[]           |
 * | date                       | 'YYYY-MM-DD' string — a calendar day has no time zone         |
 * | timestamptz                | Date (driver default on both)                                 |
 * | timestamp (no time zone)   | Date read as UTC wall clock — avoid this type in the schema  |
 * | interval                   | PostgreSQL text, e.g. '1 day 02:00:00'                        |
 * | json, jsonb                | parsed value (driver default on both)                         |
 *
 * pg's defaults differ (int8 and numeric[] → string/float, date → local-midnight Date, interval →
 * object); PGlite's differ elsewhere (date → UTC-midnight Date). Arrays of these types get the same
 * element parser.
 */

export type ValueParser = (value: string) => unknown;

/** PostgreSQL type OIDs (pg_type.oid), stable across versions. */
export const TYPE_OID = {
  int8: 20,
  int8Array: 1016,
  numeric: 1700,
  numericArray: 1231,
  date: 1082,
  dateArray: 1182,
  timestamp: 1114,
  timestampArray: 1115,
  interval: 1186,
  intervalArray: 1187,
} as const;

export function parseInt8(value: string): number | bigint {
  const number = Number(value);
  // Identity ids and counts stay far below 2^53; a bigint beyond that must not silently lose digits.
  return Number.isSafeInteger(number) ? number : BigInt(value);
}

function keepText(value: string): string {
  return value;
}

export function parseTimestampWithoutZone(value: string): Date {
  if (value === 'infinity') return new Date(Number.POSITIVE_INFINITY);
  if (value === '-infinity') return new Date(Number.NEGATIVE_INFINITY);
  return new Date(`${value.replace(' ', 'T')}Z`);
}

/** Scalar parsers keyed by element OID; the array OIDs map to the same element parser. */
export const SCALAR_PARSERS: ReadonlyMap<number, ValueParser> = new Map<number, ValueParser>([
  [TYPE_OID.int8, parseInt8],
  [TYPE_OID.numeric, keepText],
  [TYPE_OID.date, keepText],
  [TYPE_OID.timestamp, parseTimestampWithoutZone],
  [TYPE_OID.interval, keepText],
]);

export const ARRAY_ELEMENT_OID: ReadonlyMap<number, number> = new Map<number, number>([
  [TYPE_OID.int8Array, TYPE_OID.int8],
  [TYPE_OID.numericArray, TYPE_OID.numeric],
  [TYPE_OID.dateArray, TYPE_OID.date],
  [TYPE_OID.timestampArray, TYPE_OID.timestamp],
  [TYPE_OID.intervalArray, TYPE_OID.interval],
]);

/** Applies `parse` to every non-null leaf of a (possibly multi-dimensional) array of text values. */
export function mapArrayLeaves(value: unknown, parse: ValueParser): unknown {
  if (Array.isArray(value)) return value.map((entry) => mapArrayLeaves(entry, parse));
  return typeof value === 'string' ? parse(value) : value;
}
