/** From stored rows to the JSON of bff/api/contracts/evaluations.ts. */
import type { MyEvaluationSummary } from '../contracts/cases.js';
import type { MyEvaluation, RectificationStatus, SatisfactionLevel } from '../contracts/evaluations.js';
import { RECTIFICATION_LABELS, SATISFACTION_LABELS } from '../me/labels.js';
import type { IndicatorList } from './indicators.js';
import type { EvaluationRow } from './queries.js';

/**
 * A rating in "my evaluations": the contract's MyEvaluation plus `rectificationLabel`, so that
 * the same list also satisfies the personal space's MyEvaluationSummary (contracts/cases.ts).
 */
export type MyEvaluationItem = MyEvaluation & Pick<MyEvaluationSummary, 'rectificationLabel'>;

export function asLevel(value: number): SatisfactionLevel {
  return (value >= 1 && value <= 5 ? value : 3) as SatisfactionLevel;
}

/**
 * The 整改 state shown to the user. A 差评 without a status has not been taken up yet (待整改).
 * The national layout stores 待整改 until a result arrives; a 差评 the platform has already reviewed
 * (审核状态 已审核) is with the department, which the user should read as 整改中.
 */
export function rectificationStatusOf(
  row: Pick<EvaluationRow, 'rectification_status' | 'review_status'>,
): RectificationStatus {
  const stored = row.rectification_status;
  if (stored === 'in_progress' || stored === 'rectified' || stored === 'revisited') return stored;
  return row.review_status === 'approved' ? 'in_progress' : 'pending';
}

function indicatorLabels(indicators: IndicatorList, level: SatisfactionLevel, codes: readonly string[]): string[] {
  const known = new Map<string, string>();
  // The level's own list first; a code from another level (a list changed since) still gets its name.
  for (const each of [level, 5, 4, 3, 2, 1] as const) {
    for (const item of indicators[each]) if (!known.has(item.code)) known.set(item.code, item.label);
  }
  // Codes this deployment does not know (another province's list) are left out rather than shown raw.
  return codes.flatMap((code) => {
    const label = known.get(code);
    return label ? [label] : [];
  });
}

export function myEvaluation(row: EvaluationRow, indicators: IndicatorList): MyEvaluationItem {
  const level = asLevel(row.satisfaction_level);
  const status = row.is_negative ? rectificationStatusOf(row) : null;
  const statusLabel = status ? (RECTIFICATION_LABELS[status] ?? '待整改') : null;
  return {
    id: row.id,
    projectNo: row.project_no,
    itemName: row.item_name,
    level,
    levelLabel: SATISFACTION_LABELS[level] ?? String(level),
    indicatorLabels: indicatorLabels(indicators, level, row.indicator_codes ?? []),
    text: row.text,
    assessNumber: row.assess_number === 2 ? 2 : 1,
    evaluatedAt: row.evaluated_at.toISOString(),
    rectification:
      status && statusLabel
        ? {
            status,
            statusLabel,
            text: row.rectification_text,
            rectifiedAt: row.rectified_at?.toISOString() ?? null,
            revisitResult: row.revisit_result,
            revisitedAt: row.revisited_at?.toISOString() ?? null,
          }
        : null,
    rectificationLabel: statusLabel,
  };
}
