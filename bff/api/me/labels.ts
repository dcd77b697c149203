/** Plain Chinese for the codes the personal space shows (data-standards c.13 and the 0004/0005 schemas). */

/** Normalised satisfaction_level (5 = 非常满意), whatever scheme the row came in. */
export const SATISFACTION_LABELS: Readonly<Record<number, string>> = {
  1: '非常不满意',
  2: '不满意',
  3: '基本满意',
  4: '满意',
  5: '非常满意',
};

/** 差评整改 progress. */
export const RECTIFICATION_LABELS: Readonly<Record<string, string>> = {
  pending: '待整改',
  in_progress: '整改中',
  rectified: '已整改',
  revisited: '已回访',
};

export const CONSULTATION_KIND_LABELS: Readonly<Record<'consult' | 'complaint' | 'suggestion', string>> = {
  consult: '咨询',
  complaint: '投诉',
  suggestion: '建议',
};

export const CONSULTATION_STATUS_LABELS: Readonly<Record<string, string>> = {
  submitted: '已提交，等待受理',
  accepted: '已受理，正在办理',
  replied: '已答复',
  closed: '已办结',
  rejected: '不予受理',
};
