/**
 * Date-time handling in 北京时间 (UTC+8, no DST). Front processors store `datetime` without a zone in
 * local time, formatted `yyyy-MM-dd HH:mm:ss` (data-standards f.6), so rows carry exactly that.
 */

const OFFSET_MS = 8 * 3600_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3600_000;
export const DAY_MS = 86_400_000;

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** Epoch ms → `yyyy-MM-dd HH:mm:ss` in Beijing time. */
export function formatBeijing(ms: number): string {
  const d = new Date(ms + OFFSET_MS);
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
  );
}

/** Epoch ms → `yyyyMMdd` in Beijing time (used inside 办件编号). */
export function compactDateBeijing(ms: number): string {
  const d = new Date(ms + OFFSET_MS);
  return `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}`;
}

/** Parses `yyyy-MM-dd HH:mm:ss` (Beijing) back to epoch ms. */
export function parseBeijing(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}+08:00`);
}

/** Day of week in Beijing, 0 = Sunday. */
function beijingWeekday(ms: number): number {
  return new Date(ms + OFFSET_MS).getUTCDay();
}

/** Adds working days (Mon–Fri; public holidays ignored — a simulator does not need the calendar). */
export function addWorkingDays(ms: number, days: number): number {
  let out = ms;
  let left = days;
  while (left > 0) {
    out += DAY_MS;
    const wd = beijingWeekday(out);
    if (wd !== 0 && wd !== 6) left -= 1;
  }
  return out;
}

/** Moves a time into office hours (09:00–16:30 Beijing) on a working day, keeping the date where possible. */
export function intoOfficeHours(ms: number, minuteOfDay: number): number {
  const local = ms + OFFSET_MS;
  let dayStart = local - (local % DAY_MS);
  let wd = new Date(dayStart).getUTCDay();
  while (wd === 0 || wd === 6) {
    dayStart += DAY_MS;
    wd = new Date(dayStart).getUTCDay();
  }
  const minute = 540 + (minuteOfDay % 450);
  return dayStart + minute * MINUTE_MS - OFFSET_MS;
}

/** The earliest office-hours moment (09:00–17:00, Mon–Fri, Beijing) at or after `ms`. */
export function nextOfficeTime(ms: number): number {
  let local = ms + OFFSET_MS;
  for (let guard = 0; guard < 10; guard += 1) {
    const dayStart = local - (local % DAY_MS);
    const wd = new Date(dayStart).getUTCDay();
    const minute = (local - dayStart) / MINUTE_MS;
    if (wd !== 0 && wd !== 6 && minute >= 540 && minute < 1020) return local - OFFSET_MS;
    local = wd !== 0 && wd !== 6 && minute < 540 ? dayStart + 540 * MINUTE_MS : dayStart + DAY_MS + 540 * MINUTE_MS;
  }
  return local - OFFSET_MS;
}
