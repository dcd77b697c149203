/** A day or a month, as the BFF's `from`/`to` take them (2026-03-15, 2026-03). */
const DAY_OR_MONTH = '\\d{4}-\\d{2}(?:-\\d{2})?';
const SINGLE = new RegExp(`^${DAY_OR_MONTH}$`);
const RANGE = new RegExp(`^(${DAY_OR_MONTH})\\s*(?:/|~|至|--)\\s*(${DAY_OR_MONTH})$`);

const pad = (month: number) => String(month).padStart(2, '0');

/**
 * The `period` attribute as `from`/`to`: a year (`2026`), a quarter (`2026-Q3`), a month (`2026-10`), a day, or
 * a range of those (`2026-01/2026-06`). Null for none or anything else: the BFF then counts the last twelve
 * months, which is what most 好差评公示 pages show.
 */
export function periodRange(period: string | undefined): { from: string; to: string } | null {
  const value = (period ?? '').trim();
  const year = /^(\d{4})$/.exec(value);
  if (year) return { from: `${year[1]}-01`, to: `${year[1]}-12` };
  const quarter = /^(\d{4})-?Q([1-4])$/i.exec(value);
  if (quarter) {
    const start = (Number(quarter[2]) - 1) * 3 + 1;
    return { from: `${quarter[1]}-${pad(start)}`, to: `${quarter[1]}-${pad(start + 2)}` };
  }
  if (SINGLE.test(value)) return { from: value, to: value };
  const range = RANGE.exec(value);
  return range ? { from: range[1] as string, to: range[2] as string } : null;
}
