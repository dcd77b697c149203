/**
 * Parsers for the value formats of the data standard (data-standards b, c.10, f.6). Each returns the
 * normalised value or a reason, never throws: a mapping reports every problem of a row, not the first.
 * They run for every column of every row (≥ 25,000 rows/s), so they avoid allocation where they can.
 */

/** `yyyy-MM-dd HH:mm:ss` (also `T`), optional fraction and offset; practice in every exchange seen. */
const DASHED = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
/** `yyyyMMddHHmmss` (GB/T 7408 basic format, also with `T`), optional fraction and offset. */
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Years before this are sentinels (`0000-00-00`, `0001-01-01`, `1000-01-01`), not real dates here. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

export type DateParse = { ok: true; iso: string } | { ok: false; zero: boolean };

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * A source date-time → ISO-8601 with an explicit offset, keeping every fractional digit (G7). Text
 * without an offset is read in the source time zone. Zero dates (`0000-00-00 00:00:00`, MySQL's
 * "no date") and impossible dates (`2026-02-30`) are refused.
 */
export function parseSourceDateTime(text: string, zone: SourceZone): DateParse {
  const fast = fastDateTime(text, zone);
  if (fast !== null) return fast;
  const value = text.trim();
  const match = DASHED.exec(value) ?? COMPACT.exec(value);
  if (!match) return { ok: false, zero: false };
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction, offset] = match as unknown as string[];
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (year === 0 || month === 0 || day === 0) return { ok: false, zero: true };
  if (year < MIN_YEAR || year > MAX_YEAR || month > 12 || day > daysInMonth(year, month)) {
    return { ok: false, zero: false };
  }
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return { ok: false, zero: false };
  const local = `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction ? `.${fraction}` : ''}`;
  return { ok: true, iso: local + (offset ? normaliseOffset(offset) : zone.offsetAt(local)) };
}

function digitsAt(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i += 1) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

const DASHED_AT = [0, 5, 8, 11, 14, 17] as const;
const COMPACT_AT = [0, 4, 6, 8, 10, 12] as const;

/**
 * The two forms nearly every row carries, `yyyy-MM-dd HH:mm:ss` and `yyyyMMddHHmmss`, without a
 * regex: several dates per row at 25,000+ rows/s. Anything else (fractions, offsets) → null → regex.
 */
function fastDateTime(text: string, zone: SourceZone): DateParse | null {
  const dashed = text.length === 19;
  if (!dashed && text.length !== 14) return null;
  if (
    dashed &&
    (text.charCodeAt(4) !== 45 ||
      text.charCodeAt(7) !== 45 ||
      text.charCodeAt(10) !== 32 ||
      text.charCodeAt(13) !== 58 ||
      text.charCodeAt(16) !== 58)
  ) {
    return null;
  }
  const at = dashed ? DASHED_AT : COMPACT_AT;
  const year = digitsAt(text, at[0], 4);
  const month = digitsAt(text, at[1], 2);
  const day = digitsAt(text, at[2], 2);
  const hour = digitsAt(text, at[3], 2);
  const minute = digitsAt(text, at[4], 2);
  const second = digitsAt(text, at[5], 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
  if (year === 0 || month === 0 || day === 0) return { ok: false, zero: true };
  if (year < MIN_YEAR || year > MAX_YEAR || month > 12 || day > daysInMonth(year, month))
    return { ok: false, zero: false };
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, zero: false };
  const local = dashed
    ? `${text.slice(0, 10)}T${text.slice(11)}`
    : `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}T${text.slice(8, 10)}:${text.slice(10, 12)}:${text.slice(12, 14)}`;
  return { ok: true, iso: local + zone.offsetAt(local) };
}

function normaliseOffset(offset: string): string {
  if (offset === 'Z') return '+00:00';
  return offset.length === 5 ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset;
}

/** The source time zone: a fixed offset (`+08:00`, the usual case) or an IANA name. */
export interface SourceZone {
  readonly name: string;
  /** The offset (`+08:00`) in force at a local wall-clock time `yyyy-MM-ddTHH:mm:ss`. */
  offsetAt(local: string): string;
}

const FIXED = /^([+-])(\d{2}):?(\d{2})$/;
const zones = new Map<string, SourceZone>();

/** Parses a zone once; throws on a name neither an offset nor known to Intl (a configuration error). */
export function sourceZone(name: string): SourceZone {
  const cached = zones.get(name);
  if (cached) return cached;
  let zone: SourceZone;
  const fixed = FIXED.exec(name);
  if (fixed) {
    const offset = `${fixed[1]}${fixed[2]}:${fixed[3]}`;
    zone = { name, offsetAt: () => offset };
  } else if (name === 'Z' || name === 'UTC') {
    zone = { name, offsetAt: () => '+00:00' };
  } else {
    zone = ianaZone(name);
  }
  zones.set(name, zone);
  return zone;
}

/** IANA zones (e.g. Asia/Shanghai, which had DST in 1986–1991) through Intl; slower, so opt-in. */
function ianaZone(name: string): SourceZone {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: name, // throws RangeError for an unknown zone
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const offsetMinutesAt = (utcMs: number): number => {
    const parts = Object.fromEntries(format.formatToParts(utcMs).map((p) => [p.type, p.value]));
    const asUtc = Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
    );
    return Math.round((asUtc - utcMs) / 60_000);
  };
  return {
    name,
    offsetAt(local) {
      const wall = Date.parse(`${local.slice(0, 19)}Z`);
      // Two passes settle the offset for times next to a transition.
      let minutes = offsetMinutesAt(wall);
      minutes = offsetMinutesAt(wall - minutes * 60_000);
      const sign = minutes < 0 ? '-' : '+';
      const abs = Math.abs(minutes);
      return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    },
  };
}

/** 12-digit 行政区划代码 (c.10): 6 or 9 digits are right-padded with zeros; province 11–82. */
export function parseAreaCode(text: string): string | null {
  const value = text.trim();
  const length = value.length;
  if (length !== 6 && length !== 9 && length !== 12) return null;
  for (let i = 0; i < length; i += 1) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  const province = Number(value.slice(0, 2));
  if (province < 11 || province > 82) return null;
  return length === 12 ? value : value.padEnd(12, '0');
}

/**
 * 统一社会信用代码 (GB 32100): 18 characters from its alphabet (no I O Z S V), positions 3–8 the
 * registering area. The check character is not verified: 实施主体编码 in provincial data are not always
 * valid codes, and refusing a whole item over one wrong check character helps nobody.
 */
const USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export function isCreditCode(text: string): boolean {
  return USCC.test(text);
}

/** The registering area of a credit code as a 12-digit area code, or null. */
export function creditCodeRegion(text: string): string | null {
  if (!USCC.test(text)) return null;
  return parseAreaCode(text.slice(2, 8));
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** A 32-bit integer from a number or its text; null when it is not one. */
export function parseInteger(value: string | number): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) <= 2_147_483_647 ? value : null;
  const text = value.trim();
  if (!INTEGER.test(text)) return null;
  const n = Number(text);
  return Math.abs(n) <= 2_147_483_647 ? n : null;
}

export function parseDecimal(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = value.trim();
  return DECIMAL.test(text) ? Number(text) : null;
}

/**
 * Invalid UTF-8 decoded by a lenient decoder (mysql2, pg) leaves U+FFFD; no government text
 * carries that character on purpose, so its presence means the bytes were not UTF-8.
 */
export function hasReplacementCharacter(text: string): boolean {
  return text.indexOf('\uFFFD') !== -1;
}

/** Characters as MySQL's varchar(n) counts them (code points), cheaply when clearly short. */
export function characterLength(text: string): number {
  if (text.length < 2) return text.length;
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i += 1;
    }
    count += 1;
  }
  return count;
}

export function isLongerThan(text: string, max: number): boolean {
  if (text.length <= max) return false;
  return characterLength(text) > max;
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; reason: string };

export function parseJsonText(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
