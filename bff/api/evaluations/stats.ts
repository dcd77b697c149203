/**
 * The public 好差评 statistics (好差评公示): counts per level, satisfaction rate, 差评整改率, and the
 * same per department, region, item or month. One grouped statement over the filtered ratings; the
 * totals are the sum of the groups (every rating falls in exactly one group, an unnamed one too),
 * so the headline and the table can never disagree.
 *
 * Every rating counts — 首次 and 追评, from the platform and through our widget (a widget rating and
 * the platform's echo of it are one row, see service.ts). Days and months are Beijing time.
 */
import type { Sql } from '../../store/types.js';
import type { EvaluationStatsResponse, SatisfactionLevel } from '../contracts/evaluations.js';
import { SATISFACTION_LABELS } from '../me/labels.js';
import type { StatsGroup, StatsQuery } from './stats-params.js';

/** One group with everything the CSV shows; the JSON answer carries the contract's subset. */
export interface StatsGroupRow {
  key: string;
  label: string;
  total: number;
  /** Index = level (1…5); [0] unused. */
  byLevel: [number, number, number, number, number, number];
  negative: number;
  /** 差评 whose 整改 is done (已整改 or 已回访). */
  rectified: number;
}

export interface EvaluationStats {
  response: EvaluationStatsResponse & { groupCount: number };
  /** All groups, not cut at `limit` (the CSV). */
  allGroups: StatsGroupRow[];
  totals: StatsGroupRow;
}

/** Fixed SQL per grouping: no request text ever reaches the statement. */
const GROUPING: Readonly<Record<StatsGroup, { key: string; label: string; join: string }>> = {
  dept: {
    key: 's.dept_credit_code',
    label: 'coalesce(max(o.name), max(s.dept_name))',
    join: 'LEFT JOIN organisations o ON o.credit_code = s.dept_credit_code',
  },
  region: {
    key: 's.region_code',
    label: 'max(rg.name)',
    join: 'LEFT JOIN regions rg ON rg.code = s.region_code',
  },
  item: {
    key: 's.item_code',
    label: 'coalesce(max(s.item_name), max(it.name))',
    join: 'LEFT JOIN items it ON it.code = s.item_code',
  },
  month: {
    key: "to_char(s.evaluated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')",
    label: 'NULL::text',
    join: '',
  },
};

interface GroupRecord {
  key: string | null;
  label: string | null;
  total: number;
  l1: number;
  l2: number;
  l3: number;
  l4: number;
  l5: number;
  negative: number;
  rectified: number;
}

const UNNAMED: Readonly<Record<StatsGroup, string>> = {
  dept: '未注明部门',
  region: '未注明地区',
  item: '未注明事项',
  month: '未注明时间',
};

/** Inclusive Beijing days → [start, end) instants. */
export function periodBounds(from: string, to: string): { start: Date; end: Date } {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000);
  return { start, end };
}

async function selectGroups(sql: Sql, query: StatsQuery): Promise<GroupRecord[]> {
  const grouping = GROUPING[query.group];
  const { start, end } = periodBounds(query.from, query.to);
  const { rows } = await sql.query<GroupRecord>(
    `WITH RECURSIVE region_tree (code) AS (
       SELECT $3::text WHERE $3::text IS NOT NULL
       UNION
       SELECT r.code FROM regions r JOIN region_tree t ON r.parent_code = t.code
     ), s AS (
       SELECT e.* FROM evaluations e
        WHERE e.evaluated_at >= $1::timestamptz AND e.evaluated_at < $2::timestamptz
          AND ($3::text IS NULL OR e.region_code IN (SELECT code FROM region_tree))
          AND ($4::text IS NULL OR e.dept_credit_code = $4::text)
          AND ($5::text IS NULL OR e.item_code = $5::text)
     )
     SELECT ${grouping.key} AS key, ${grouping.label} AS label,
            count(*)::int AS total,
            count(*) FILTER (WHERE s.satisfaction_level = 1)::int AS l1,
            count(*) FILTER (WHERE s.satisfaction_level = 2)::int AS l2,
            count(*) FILTER (WHERE s.satisfaction_level = 3)::int AS l3,
            count(*) FILTER (WHERE s.satisfaction_level = 4)::int AS l4,
            count(*) FILTER (WHERE s.satisfaction_level = 5)::int AS l5,
            count(*) FILTER (WHERE s.is_negative)::int AS negative,
            count(*) FILTER (WHERE s.is_negative AND s.rectification_status IN ('rectified', 'revisited'))::int AS rectified
       FROM s ${grouping.join}
      GROUP BY 1`,
    [start, end, query.region ?? null, query.dept ?? null, query.item ?? null],
  );
  return rows;
}

const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

function monthLabel(key: string): string {
  return `${key.slice(0, 4)}年${Number(key.slice(5, 7))}月`;
}

function toGroupRow(record: GroupRecord, group: StatsGroup): StatsGroupRow {
  const key = record.key ?? '';
  const label = group === 'month' && key ? monthLabel(key) : record.label?.trim() || (key ? key : UNNAMED[group]);
  return {
    key,
    label,
    total: record.total,
    byLevel: [0, record.l1, record.l2, record.l3, record.l4, record.l5],
    negative: record.negative,
    rectified: record.rectified,
  };
}

/** 满意率 = (非常满意 + 满意 + 基本满意) / total. */
export function satisfactionRateOf(row: Pick<StatsGroupRow, 'byLevel' | 'total'>): number | null {
  return rate(row.byLevel[3] + row.byLevel[4] + row.byLevel[5], row.total);
}

export async function evaluationStats(sql: Sql, query: StatsQuery): Promise<EvaluationStats> {
  const groups = (await selectGroups(sql, query)).map((record) => toGroupRow(record, query.group));
  // Months in time order (a trend); the rest by size, as a ranking, then by key for a stable order.
  groups.sort((a, b) =>
    query.group === 'month'
      ? a.key.localeCompare(b.key)
      : b.total - a.total || (a.key === '' ? 1 : b.key === '' ? -1 : a.key.localeCompare(b.key)),
  );
  const totals: StatsGroupRow = {
    key: '',
    label: '合计',
    total: 0,
    byLevel: [0, 0, 0, 0, 0, 0],
    negative: 0,
    rectified: 0,
  };
  for (const group of groups) {
    totals.total += group.total;
    totals.negative += group.negative;
    totals.rectified += group.rectified;
    for (let level = 1; level <= 5; level += 1)
      totals.byLevel[level] = (totals.byLevel[level] ?? 0) + (group.byLevel[level] ?? 0);
  }
  const response: EvaluationStatsResponse & { groupCount: number } = {
    period: { from: query.from, to: query.to },
    filters: {
      ...(query.dept ? { dept: query.dept } : {}),
      ...(query.region ? { region: query.region } : {}),
      ...(query.item ? { item: query.item } : {}),
    },
    total: totals.total,
    satisfactionRate: satisfactionRateOf(totals),
    byLevel: ([5, 4, 3, 2, 1] as SatisfactionLevel[]).map((level) => ({
      level,
      label: SATISFACTION_LABELS[level] ?? String(level),
      count: totals.byLevel[level] ?? 0,
    })),
    rectificationRate: rate(totals.rectified, totals.negative),
    groups: groups.slice(0, query.limit).map((group) => ({
      key: group.key,
      label: group.label,
      total: group.total,
      satisfactionRate: satisfactionRateOf(group),
      negative: group.negative,
    })),
    groupCount: groups.length,
  };
  return { response, allGroups: groups, totals };
}
