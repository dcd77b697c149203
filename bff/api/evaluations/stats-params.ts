/**
 * Query parameters of the public statistics (`/api/v1/evaluation-stats`, and its CSV): filters by
 * department, region (with its descendants), item, and a period of whole days in Beijing time.
 * `from`/`to` take a day (2026-03-15) or a month (2026-03 = the whole month), as 好差评公示 pages
 * publish by month. Without a period: the last twelve months up to today.
 */
import { z } from 'zod';
import { badRequest } from '../../http/errors.js';
import { parseInput } from '../shared/params.js';

export type StatsGroup = 'dept' | 'region' | 'item' | 'month';

export interface StatsQuery {
  /** Inclusive days, YYYY-MM-DD (Asia/Shanghai). */
  from: string;
  to: string;
  dept?: string;
  region?: string;
  item?: string;
  group: StatsGroup;
  limit: number;
}

const DAY_OR_MONTH = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** YYYY-MM-DD of an instant in Beijing time (China has no daylight saving). */
export function beijingDay(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A day or month as the first (or last) day it covers; undefined when it is no calendar date. */
function dayOf(value: string, end: 'first' | 'last'): string | undefined {
  const match = DAY_OR_MONTH.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (year < 1990 || year > 2200 || month < 1 || month > 12) return undefined;
  const last = daysInMonth(year, month);
  const day = match[3] === undefined ? (end === 'first' ? 1 : last) : Number(match[3]);
  if (day < 1 || day > last) return undefined;
  return `${match[1]}-${match[2]}-${String(day).padStart(2, '0')}`;
}

const dayParam = (end: 'first' | 'last') =>
  z
    .string()
    .transform((value, context) => {
      const day = dayOf(value.trim(), end);
      if (!day) context.addIssue({ code: 'custom', message: '应为日期（如 2026-03-15）或月份（如 2026-03）' });
      return day ?? '';
    })
    .optional();

const schema = z.object({
  dept: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[0-9A-Z]{18}$/, '应为 18 位统一社会信用代码')
    .optional(),
  // GB/T 2260 six digits are right-padded to the library's 12-digit layout.
  region: z
    .string()
    .trim()
    .regex(/^\d{6}(\d{6})?$/, '应为 6 位或 12 位行政区划代码')
    .transform((code) => code.padEnd(12, '0'))
    .optional(),
  item: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z_-]{1,60}$/, '应为事项编码')
    .optional(),
  from: dayParam('first'),
  to: dayParam('last'),
  group: z.enum(['dept', 'region', 'item', 'month'], '只能是 dept、region、item 或 month').default('month'),
  limit: z.coerce.number().int('应为整数').min(1, '至少为1').max(1000, '不能超过1000').default(200),
});

const FIELD_NAMES = {
  dept: '部门',
  region: '行政区划',
  item: '事项',
  from: '开始日期',
  to: '结束日期',
  group: '分组方式',
  limit: '分组条数',
};

export function parseStatsQuery(input: Record<string, string>, nowMs: number): StatsQuery {
  const parsed = parseInput(schema, input, FIELD_NAMES);
  const today = beijingDay(nowMs);
  const to = parsed.to ?? today;
  const toYear = Number(to.slice(0, 4));
  const toMonth = Number(to.slice(5, 7));
  // Twelve whole months ending with the month of `to`.
  const startMonth = toMonth === 12 ? 1 : toMonth + 1;
  const startYear = toMonth === 12 ? toYear : toYear - 1;
  const from = parsed.from ?? `${startYear}-${String(startMonth).padStart(2, '0')}-01`;
  if (from > to) throw badRequest('“开始日期”不能晚于“结束日期”');
  return {
    from,
    to,
    group: parsed.group,
    limit: parsed.limit,
    ...(parsed.dept ? { dept: parsed.dept } : {}),
    ...(parsed.region ? { region: parsed.region } : {}),
    ...(parsed.item ? { item: parsed.item } : {}),
  };
}
