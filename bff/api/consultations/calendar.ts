/**
 * Dates as the asker reads them — in Beijing time (China has one zone and no daylight saving): the
 * tracking number's date, the promised reply date (承诺答复日期) counted in working days, and whether
 * a ticket is overdue. Holidays and make-up working days (调休) come from the config, because the
 * State Council publishes them each year; without them only weekends are skipped.
 */
const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** `YYYY-MM-DD` of the Beijing calendar day containing `ms`. */
export function beijingDate(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

export interface WorkCalendar {
  holidays: readonly string[];
  extraWorkdays: readonly string[];
}

export function isWorkingDay(date: string, calendar: WorkCalendar): boolean {
  if (calendar.extraWorkdays.includes(date)) return true;
  if (calendar.holidays.includes(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The day `days` working days after the day of `fromMs` (the submission day itself is not counted,
 * as 12345 counts: a ticket of Friday evening with 5 days is due the next Friday).
 */
export function addWorkingDays(fromMs: number, days: number, calendar: WorkCalendar): string {
  let date = beijingDate(fromMs);
  let left = days;
  // Bounded: a misconfigured calendar listing every day as a holiday must not loop forever.
  for (let guard = 0; left > 0 && guard < 3660; guard += 1) {
    date = new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
    if (isWorkingDay(date, calendar)) left -= 1;
  }
  return date;
}
