/**
 * Checks a POST /api/v1/evaluations body and says, per field, what is wrong in plain Chinese — the
 * form shows each message next to its field. A value is never echoed back: free text may hold an ID
 * number typed in the wrong box.
 */
import type { EvaluationSubmission, SatisfactionLevel } from '../contracts/evaluations.js';
import type { IndicatorList } from './indicators.js';

/** 差评 = 不满意 + 非常不满意 (c.13): at or below this level a reason is required. */
export const DETAIL_REQUIRED_AT_OR_BELOW: SatisfactionLevel = 2;

export type SubmissionField = keyof EvaluationSubmission;

export interface ValidSubmission {
  projectNo: string;
  level: SatisfactionLevel;
  indicatorCodes: string[];
  /** Trimmed; null when empty. */
  text: string | null;
  idempotencyKey: string;
}

export type SubmissionCheck =
  { ok: true; value: ValidSubmission } | { ok: false; fields: Partial<Record<SubmissionField, string>> };

const PROJECT_NO = /^[0-9A-Za-z_-]{1,50}$/;
const IDEMPOTENCY_KEY = /^[0-9A-Za-z_.:-]{8,100}$/;
/** Control characters other than line breaks and tabs have no place in a comment. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function checkSubmission(
  body: Record<string, unknown>,
  indicators: IndicatorList,
  maxTextLength: number,
): SubmissionCheck {
  const fields: Partial<Record<SubmissionField, string>> = {};

  const projectNo = typeof body.projectNo === 'string' ? body.projectNo.trim() : '';
  if (!PROJECT_NO.test(projectNo)) fields.projectNo = '办件编号有误，请从办件列表重新进入评价';

  const rawLevel = body.level;
  const level =
    typeof rawLevel === 'number' && Number.isInteger(rawLevel) && rawLevel >= 1 && rawLevel <= 5
      ? (rawLevel as SatisfactionLevel)
      : null;
  if (level === null) fields.level = '请选择满意程度（一到五颗星）';

  let indicatorCodes: string[] = [];
  const rawCodes = body.indicatorCodes ?? [];
  if (!Array.isArray(rawCodes) || !rawCodes.every((code): code is string => typeof code === 'string')) {
    fields.indicatorCodes = '评价内容的格式不对，请重新勾选';
  } else {
    indicatorCodes = [...new Set(rawCodes)];
    if (level !== null) {
      const offered = new Set(indicators[level].map((item) => item.code));
      if (indicatorCodes.some((code) => !offered.has(code))) {
        fields.indicatorCodes = '所选的评价内容与满意程度不对应，请重新勾选';
      }
    }
  }

  let text: string | null = null;
  if (body.text !== undefined && body.text !== null) {
    if (typeof body.text !== 'string') {
      fields.text = '文字评价的格式不对';
    } else {
      text = body.text.replace(CONTROL, '').trim() || null;
      if (text && [...text].length > maxTextLength)
        fields.text = `文字评价不能超过 ${maxTextLength} 个字，请删减后再提交`;
    }
  }

  const idempotencyKey = typeof body.idempotencyKey === 'string' ? body.idempotencyKey : '';
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
    fields.idempotencyKey = '提交标识缺失或有误，请刷新页面后重新提交';
  }

  // c.13 / C-HCP: satisfaction < 3 must say why — an indicator or some text.
  if (
    level !== null &&
    level <= DETAIL_REQUIRED_AT_OR_BELOW &&
    !fields.indicatorCodes &&
    !fields.text &&
    indicatorCodes.length === 0 &&
    !text
  ) {
    fields.indicatorCodes = '选择“不满意”或“非常不满意”时，请至少勾选一项评价内容，或写几句文字说明原因';
  }

  if (Object.keys(fields).length > 0 || level === null) return { ok: false, fields };
  return { ok: true, value: { projectNo, level, indicatorCodes, text, idempotencyKey } };
}
