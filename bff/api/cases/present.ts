/**
 * Library rows → the JSON of bff/api/contracts/cases.ts. Staff appear by role or department only
 * (handlerRole), never by personal name; applicant fields arrive masked from the sync.
 */
import type { CaseDetail, CaseLookupResponse, CaseSummary, CaseTimelineEntry } from '../contracts/cases.js';
import type { CaseDetailRow, CaseFactsRow, MaterialRow, SpecialProcedureRow, StepRow } from './queries.js';
import {
  ACTION_LABELS,
  APPLICANT_TYPE_LABELS,
  deriveStatus,
  RESULT_TYPE_LABELS,
  SPECIAL_PROCEDURE_LABELS,
} from './status.js';

/** Fields this API adds to the contract's CaseDetail (reported to the widget side). */
export interface OwnerCaseDetail extends CaseDetail {
  /** Plain Chinese of applicantType (which stays the library code: natural, enterprise …). */
  applicantTypeLabel: string | null;
  /** The 查询码 for the anonymous lookup, when that is the configured second factor; owners may share it. */
  queryCode?: string;
}

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

export function caseSummary(row: CaseFactsRow): CaseSummary {
  const derived = deriveStatus({
    stage: row.stage,
    resultType: row.result_type,
    acceptedAt: row.accepted_at,
    lastAction: row.last_action,
    reviewStarted: row.review_started,
  });
  return {
    projectNo: row.project_no,
    itemCode: row.item_code,
    itemName: row.item_name ?? '',
    deptName: row.dept_name,
    status: derived.status,
    statusLabel: derived.statusLabel,
    appliedAt: iso(row.applied_at),
    acceptedAt: iso(row.accepted_at),
    promisedAt: iso(row.promised_at),
    completedAt: iso(row.completed_at),
    overdue: row.overdue,
    // Filled in by service.ts from the 好差评 rules (bff/api/evaluations/evaluable.ts).
    canEvaluate: false,
    needsAction: derived.needsAction,
  };
}

const ENTRY_ORDER: Readonly<Record<CaseTimelineEntry['kind'], number>> = {
  accepted: 0,
  step: 1,
  special_procedure: 2,
  result: 3,
};

const joinText = (...parts: (string | null)[]): string | null => {
  const kept = parts.filter((part): part is string => Boolean(part?.trim()));
  return kept.length > 0 ? kept.join('；') : null;
};

export function caseTimeline(
  row: CaseDetailRow,
  steps: readonly StepRow[],
  specials: readonly SpecialProcedureRow[],
): CaseTimelineEntry[] {
  const entries: CaseTimelineEntry[] = [];
  if (row.accepted_at) {
    entries.push({
      kind: 'accepted',
      title: '已受理',
      at: iso(row.accepted_at),
      endedAt: null,
      handlerRole: row.dept_name,
      opinion: row.accept_doc_no ? `受理文书编号：${row.accept_doc_no}` : null,
      actionLabel: null,
    });
  }
  for (const step of steps) {
    entries.push({
      kind: 'step',
      title: step.node_name,
      at: iso(step.started_at ?? step.ended_at),
      endedAt: iso(step.ended_at),
      handlerRole: step.handler_role ?? step.dept_name ?? row.dept_name,
      opinion: step.opinion,
      actionLabel: step.action ? (ACTION_LABELS[step.action] ?? null) : null,
    });
  }
  for (const special of specials) {
    const typeLabel = SPECIAL_PROCEDURE_LABELS[special.type ?? 'other'] ?? '特别程序';
    entries.push({
      kind: 'special_procedure',
      title: special.name ?? typeLabel,
      at: iso(special.started_at),
      endedAt: iso(special.ended_at),
      handlerRole: row.dept_name,
      opinion: joinText(special.reason, special.explanation, special.result),
      actionLabel: typeLabel,
    });
  }
  if (row.completed_at) {
    entries.push({
      kind: 'result',
      title: '办结',
      at: iso(row.completed_at),
      endedAt: null,
      handlerRole: row.dept_name,
      opinion: row.result_description,
      actionLabel: RESULT_TYPE_LABELS[row.result_type ?? 'other'] ?? '办结',
    });
  }
  // Stable: entries without a time keep their kind order at the end.
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => {
      const at = (a.entry.at ? Date.parse(a.entry.at) : Infinity) - (b.entry.at ? Date.parse(b.entry.at) : Infinity);
      if (at !== 0 && !Number.isNaN(at)) return at;
      return ENTRY_ORDER[a.entry.kind] - ENTRY_ORDER[b.entry.kind] || a.index - b.index;
    })
    .map(({ entry }) => entry);
}

function caseResult(row: CaseDetailRow): CaseDetail['result'] {
  if (!row.completed_at) return null;
  return {
    typeLabel: RESULT_TYPE_LABELS[row.result_type ?? 'other'] ?? '办结',
    description: row.result_description,
    certificateName: row.certificate_name,
    certificateNo: row.certificate_no,
    delivery: row.delivery,
  };
}

export function ownerCaseDetail(
  row: CaseDetailRow,
  children: { steps: StepRow[]; specials: SpecialProcedureRow[]; materials: MaterialRow[] },
  queryCode: string | undefined,
): OwnerCaseDetail {
  const detail: OwnerCaseDetail = {
    ...caseSummary(row),
    summary: row.summary,
    applicantNameMasked: row.applicant_name_masked,
    applicantType: row.applicant_type,
    applicantTypeLabel: row.applicant_type ? (APPLICANT_TYPE_LABELS[row.applicant_type] ?? null) : null,
    timeline: caseTimeline(row, children.steps, children.specials),
    result: caseResult(row),
    materials: children.materials.map((material) => ({ name: material.name, receivedCount: material.received_count })),
  };
  if (queryCode !== undefined) detail.queryCode = queryCode;
  return detail;
}

/** What an anonymous visitor who proved the second factor sees: no applicant, no materials. */
export function lookupAnswer(
  row: CaseDetailRow,
  children: { steps: StepRow[]; specials: SpecialProcedureRow[] },
): CaseLookupResponse {
  const { canEvaluate: _canEvaluate, needsAction: _needsAction, ...summary } = caseSummary(row);
  return {
    ...summary,
    summary: null,
    applicantType: row.applicant_type,
    timeline: caseTimeline(row, children.steps, children.specials),
    result: caseResult(row),
  };
}
