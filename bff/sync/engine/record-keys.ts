/**
 * Keys and versions of library records, computed the same way everywhere in the engine: page dedup,
 * pending children and their parents.
 */
import type { LibraryRecord } from '../contracts.js';
import type { TracedRecord } from './types.js';

function keyPart(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Canonical text of some column values, in the given order. */
export function keyText(values: Record<string, unknown>, columns: readonly string[]): string {
  return JSON.stringify(columns.map((column) => keyPart(values[column])));
}

/**
 * The record's conflict-key values as text. A key column the parent fills in later (`parent.fill`)
 * is not known yet: the parent's key stands in for it, so records of different parents stay apart.
 */
export function recordKey(record: LibraryRecord): string {
  const fill = record.parent?.fill;
  if (!fill || record.conflictKey.every((column) => record.values[column] !== undefined || !(column in fill))) {
    return keyText(record.values, record.conflictKey);
  }
  const parent = parentKeyOf(record)?.key ?? '';
  return JSON.stringify(
    record.conflictKey.map((column) =>
      record.values[column] === undefined && column in fill ? `@parent${parent}` : keyPart(record.values[column]),
    ),
  );
}

/** Parent key columns in a stable order, and the parent key's canonical text. */
export function parentKeyOf(record: LibraryRecord): { columns: string[]; key: string } | null {
  if (!record.parent) return null;
  const columns = Object.keys(record.parent.key).sort();
  return { columns, key: keyText(record.parent.key, columns) };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * A record version as one comparable number: microseconds since the epoch. Date.parse would drop
 * the microseconds that timestamptz keeps, and two updates within a millisecond must still order.
 */
export function changedAtMicros(iso: string): number {
  const match = ISO.exec(iso.trim());
  if (!match) return Number.NaN;
  const [, y, mo, d, h, mi, s, fraction = '', zone = 'Z'] = match;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (zone !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
    if (z) ms -= (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 3600_000 + Number(z[3] ?? 0) * 60_000);
  }
  return ms * 1000 + Number(fraction.padEnd(6, '0').slice(0, 6));
}

/** Negative when a is older than b, by (changedAt, sourceVersion); a missing version counts as −1. */
export function compareVersions(a: LibraryRecord['version'], b: LibraryRecord['version']): number {
  const diff = changedAtMicros(a.changedAt) - changedAtMicros(b.changedAt);
  if (diff !== 0 && !Number.isNaN(diff)) return diff < 0 ? -1 : 1;
  return (a.sourceVersion ?? -1) - (b.sourceVersion ?? -1);
}

/**
 * Keeps the newest version per (target, key) — PostgreSQL refuses an upsert that touches a row twice
 * ("ON CONFLICT DO UPDATE command cannot affect row a second time", sync-anchors §2.5). On a tie the
 * later record wins: it was read later from the source. Returns the survivors in first-seen order and
 * how many were superseded.
 */
export function newestPerKey(records: readonly TracedRecord[]): { kept: TracedRecord[]; superseded: number } {
  const byKey = new Map<string, TracedRecord>();
  for (const traced of records) {
    const { record } = traced;
    // Update-only and upsert records of one row are different writes; so are different key columns.
    const key = `${record.target}\u0000${record.write ?? 'upsert'}\u0000${record.conflictKey.join(',')}\u0000${recordKey(record)}`;
    const current = byKey.get(key);
    if (!current || compareVersions(current.record.version, record.version) <= 0) {
      // Delete and re-set: a replaced entry moves to the position of its newest version.
      byKey.delete(key);
      byKey.set(key, traced);
    }
  }
  return { kept: [...byKey.values()], superseded: records.length - byKey.size };
}
