/**
 * The status a resident sees (issue 6; data-standards b.2: "status is derived from which records
 * exist"). The coarse stage follows the case_overview view's rules (accepted → in_progress →
 * special_procedure → completed, queries.ts); the result type and the process steps refine it:
 *
 *   result present          → by result type: 准予 / 不予许可 / 不予受理 / 退件 / 作废 / 办结
 *   特别程序 still running    → 特别程序/延期
 *   last step 退回, no result → 退回 (the applicant must 补正): needsAction
 *   a step past 收件/受理      → 审查中
 *   an acceptance time       → 已受理, otherwise 已申请
 */
import type { CaseStatus } from '../contracts/cases.js';

/** The values of case_overview.status. */
export type CaseStage = 'accepted' | 'in_progress' | 'special_procedure' | 'completed';

export interface CaseFacts {
  stage: CaseStage;
  /** case_results.result_type (per-source dictionary, c.7), null without a result or when unmapped. */
  resultType: string | null;
  acceptedAt: Date | null;
  /** 业务动作 of the latest step (pass / return / other). */
  lastAction: string | null;
  /** A step whose 环节 is not a reception step (收件, 受理 …) exists: review has begun. */
  reviewStarted: boolean;
}

export interface DerivedStatus {
  status: CaseStatus;
  statusLabel: string;
  needsAction: boolean;
}

export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  applied: '已申请',
  accepted: '已受理',
  in_review: '审查中',
  special_procedure: '特别程序（延期）',
  approved: '已办结（准予）',
  denied: '已办结（不予许可）',
  not_accepted: '不予受理',
  returned: '退回',
  completed: '已办结',
  voided: '已作废（撤回）',
};

/** Reception nodes: a step named like these is not yet 审查. Provinces name them differently. */
export const RECEPTION_NODE_PATTERN = '(收件|接件|受理|预审|申请|登记)';

const RESULT_STATUS: Readonly<Record<string, CaseStatus>> = {
  approved: 'approved',
  denied: 'denied',
  not_accepted: 'not_accepted',
  returned: 'returned',
  correction_timeout: 'returned',
  voided: 'voided',
  deleted: 'voided',
};

const label = (status: CaseStatus, text?: string): DerivedStatus => ({
  status,
  statusLabel: text ?? CASE_STATUS_LABELS[status],
  needsAction: false,
});

export function deriveStatus(facts: CaseFacts): DerivedStatus {
  if (facts.stage === 'completed') {
    const status = (facts.resultType && RESULT_STATUS[facts.resultType]) || 'completed';
    if (status === 'returned') {
      return label('returned', facts.resultType === 'correction_timeout' ? '已退回（补正超时）' : '已退件');
    }
    return label(status);
  }
  if (facts.stage === 'special_procedure') return label('special_procedure');
  if (facts.lastAction === 'return') {
    return { status: 'returned', statusLabel: '退回补正（请按告知补齐材料）', needsAction: true };
  }
  if (facts.reviewStarted) return label('in_review');
  return facts.acceptedAt ? label('accepted') : label('applied');
}

/** 业务动作 in plain Chinese (GB: 通过、退回、其他). */
export const ACTION_LABELS: Readonly<Record<string, string>> = { pass: '通过', return: '退回', other: '其他' };

/** 办结结果 (c.7; the library's per-source mapping of result_type). */
export const RESULT_TYPE_LABELS: Readonly<Record<string, string>> = {
  approved: '准予许可（出证办结）',
  denied: '不予许可',
  not_accepted: '不予受理',
  returned: '退件',
  correction_timeout: '补正超时驳回',
  voided: '作废（撤回）',
  deleted: '删除办结',
  forwarded: '转报办结',
  completed: '办结',
  other: '办结',
};

/** 特别程序种类 (GB/T 39046 A.7). */
export const SPECIAL_PROCEDURE_LABELS: Readonly<Record<string, string>> = {
  extension: '延长审批',
  other: '特别程序',
};

/** 申请人类型 (GB/T 39046 A.4). */
export const APPLICANT_TYPE_LABELS: Readonly<Record<string, string>> = {
  natural: '自然人',
  enterprise: '企业法人',
  institution: '事业法人',
  social_org: '社会组织法人',
  unincorporated: '非法人企业',
  government: '行政机关',
  other_org: '其他组织',
};
