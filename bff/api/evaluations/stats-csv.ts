/**
 * The statistics as CSV for operators (RFC 4180), opened directly by Excel: UTF-8 with a byte-order
 * mark (without it Excel reads Chinese as the ANSI code page), CRLF line ends, and cells that Excel
 * would run as a formula (= + - @ at the start, data from the platform) neutralised with a quote.
 */
import type { EvaluationStats, StatsGroupRow } from './stats.js';
import { satisfactionRateOf } from './stats.js';
import type { StatsGroup, StatsQuery } from './stats-params.js';

const BOM = '\uFEFF';

const GROUP_HEADING: Readonly<Record<StatsGroup, [string, string]>> = {
  dept: ['部门编码', '部门'],
  region: ['行政区划代码', '地区'],
  item: ['事项编码', '事项'],
  month: ['月份', '月份名称'],
};

function cell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const percent = (value: number | null): string => (value === null ? '' : `${(value * 100).toFixed(2)}%`);

function line(row: StatsGroupRow): string {
  return [
    row.key,
    row.label,
    row.total,
    row.byLevel[5],
    row.byLevel[4],
    row.byLevel[3],
    row.byLevel[2],
    row.byLevel[1],
    percent(satisfactionRateOf(row)),
    row.negative,
    row.rectified,
    percent(row.negative > 0 ? row.rectified / row.negative : null),
  ]
    .map((value) => cell(value))
    .join(',');
}

export function statsCsv(stats: EvaluationStats, query: StatsQuery): string {
  const [keyHeading, labelHeading] = GROUP_HEADING[query.group];
  const header = [
    keyHeading,
    labelHeading,
    '评价总数',
    '非常满意',
    '满意',
    '基本满意',
    '不满意',
    '非常不满意',
    '满意率',
    '差评数',
    '已整改（含已回访）',
    '差评整改率',
  ].join(',');
  const lines = [header, ...stats.allGroups.map(line), line(stats.totals)];
  return BOM + lines.join('\r\n') + '\r\n';
}

/** `好差评统计_2026-01-01_2026-12-31_按月.csv`, with an ASCII fallback for old clients. */
export function csvFileName(query: StatsQuery): { ascii: string; utf8: string } {
  const by = { dept: '按部门', region: '按地区', item: '按事项', month: '按月' }[query.group];
  return {
    ascii: `evaluation-stats_${query.from}_${query.to}_${query.group}.csv`,
    utf8: encodeURIComponent(`好差评统计_${query.from}_${query.to}_${by}.csv`),
  };
}
