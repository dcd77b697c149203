/**
 * Source times as text (contracts.ts: values cross boundaries as the source's own text, never `Date`,
 * so no zone or precision is lost — sync-anchors G7, airbyte #76309, kafka-connect-jdbc #1397).
 * A source time looks like `2026-11-29 10:15:00`, optionally with up to six fractional digits and an
 * offset suffix (`+08`, `+08:00`, `Z`) when the column is zone-aware. Arithmetic keeps that shape.
 */

const SOURCE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

export interface ParsedSourceTime {
  /** Microseconds since 1970-01-01 00:00 of the wall clock as written (the suffix is not applied). */
  wallMicros: number;
  /** Number of fractional digits as written (0–6). */
  fractionDigits: number;
  /** Offset suffix as written ('' when none). */
  suffix: string;
}

export function parseSourceTime(text: string): ParsedSourceTime | null {
  const match = SOURCE_TIME.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction = '', suffix = ''] = match;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  // '0000-00-00 00:00:00' (MySQL zero date) and other impossible dates do not survive Date.UTC.
  const check = new Date(ms);
  if (Number.isNaN(ms) || check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return null;
  const micros = fraction ? Number(fraction.padEnd(6, '0')) : 0;
  return { wallMicros: ms * 1000 + micros, fractionDigits: fraction.length, suffix };
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

export function formatSourceTime(wallMicros: number, fractionDigits: number, suffix = ''): string {
  const micros = ((wallMicros % 1_000_000) + 1_000_000) % 1_000_000;
  const date = new Date((wallMicros - micros) / 1000);
  const base =
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const fraction = fractionDigits > 0 ? '.' + pad(micros, 6).slice(0, fractionDigits) : '';
  return base + fraction + suffix;
}

/**
 * Shifts a source time by seconds, keeping its precision and suffix. Text that is not a time (a
 * zero date) is returned unchanged: there is nothing earlier to look back to.
 */
export function shiftSourceTime(text: string, seconds: number): string {
  const parsed = parseSourceTime(text);
  if (!parsed) return text;
  const deltaMicros = Math.round(seconds * 1_000_000);
  // A shift finer than the text's precision needs more digits, or it would round back.
  const digits = deltaMicros % 10 ** (6 - parsed.fractionDigits) === 0 ? parsed.fractionDigits : 6;
  return formatSourceTime(parsed.wallMicros + deltaMicros, digits, parsed.suffix);
}

/** `+08:00` → seconds east of UTC. */
export function offsetSeconds(offset: string): number {
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset);
  if (!match) throw new Error(`invalid UTC offset ${offset}`);
  const [, sign, hours, minutes = '0'] = match;
  return (sign === '-' ? -1 : 1) * (Number(hours) * 3600 + Number(minutes) * 60);
}

/**
 * A source time as ISO-8601 with an explicit offset, for timestamptz: a suffix written by the source
 * wins; otherwise the configured source zone applies. Null for text that is not a time.
 */
export function sourceTimeToIso(text: string, sourceTimeZone: string): string | null {
  const parsed = parseSourceTime(text);
  if (!parsed) return null;
  const local = formatSourceTime(parsed.wallMicros, 6).replace(' ', 'T');
  if (!parsed.suffix) return local + sourceTimeZone;
  if (parsed.suffix === 'Z') return local + 'Z';
  const seconds = offsetSeconds(parsed.suffix);
  const sign = seconds < 0 ? '-' : '+';
  const abs = Math.abs(seconds);
  return `${local}${sign}${pad(Math.floor(abs / 3600))}:${pad(Math.floor((abs % 3600) / 60))}`;
}

/** Seconds from `earlier` to `later` (both source texts in the same zone); null when either is not a time. */
export function secondsBetween(earlier: string, later: string): number | null {
  const a = parseSourceTime(earlier);
  const b = parseSourceTime(later);
  if (!a || !b) return null;
  const shiftA = a.suffix && a.suffix !== 'Z' ? offsetSeconds(a.suffix) : 0;
  const shiftB = b.suffix && b.suffix !== 'Z' ? offsetSeconds(b.suffix) : 0;
  return (b.wallMicros - shiftB * 1e6 - (a.wallMicros - shiftA * 1e6)) / 1e6;
}

/**
 * Orders two source times. Times that do not parse (zero dates) sort first, as they do in MySQL.
 * Used only to keep a stored cursor from moving backwards; every read compares in the source itself.
 */
export function compareSourceTimes(a: string, b: string): number {
  const pa = parseSourceTime(a);
  const pb = parseSourceTime(b);
  if (!pa || !pb) return pa ? 1 : pb ? -1 : a < b ? -1 : a > b ? 1 : 0;
  const diff = pa.wallMicros - offsetOf(pa) - (pb.wallMicros - offsetOf(pb));
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}

function offsetOf(parsed: ParsedSourceTime): number {
  return parsed.suffix && parsed.suffix !== 'Z' ? offsetSeconds(parsed.suffix) * 1e6 : 0;
}
