/**
 * JSON shapes of the case-tracking API (`/api/v1/cases`, `/cases/:no`, `/case-lookup`). Produced by
 * bff/api/cases and consumed by `<gov-case-tracker>` / `<gov-user-space>` with `import type`.
 * Nothing here ever carries a raw ID number or mobile: applicant fields are masked by the sync.
 */

/** Derived from which records exist (case_overview) plus the result type and special procedures. */
export type CaseStatus =
  | 'applied' // 已申请
  | 'accepted' // 已受理
  | 'in_review' // 审查中
  | 'special_procedure' // 特别程序/延期
  | 'approved' // 已办结–准予
  | 'denied' // 已办结–不予许可
  | 'not_accepted' // 不予受理
  | 'returned' // 退回
  | 'completed' // 已办结 (other result types)
  | 'voided'; // 作废/撤销

export interface CaseSummary {
  /** 办件编号. */
  projectNo: string;
  itemCode: string;
  itemName: string;
  deptName: string | null;
  status: CaseStatus;
  /** Plain Chinese label of status. */
  statusLabel: string;
  appliedAt: string | null;
  acceptedAt: string | null;
  /** 承诺办结时间. */
  promisedAt: string | null;
  completedAt: string | null;
  /** Not completed and past promisedAt. */
  overdue: boolean;
  /** The user may evaluate now (issue 7 fills the rules; false until then). */
  canEvaluate: boolean;
  /** The applicant must act (e.g. 补正 after 退回). */
  needsAction: boolean;
}

export interface CaseListResponse {
  cases: CaseSummary[];
  /** Opaque keyset cursor, null on the last page. */
  nextCursor: string | null;
  /** Counts per filter tab: all, in progress, completed, needs my action. */
  counts: { all: number; inProgress: number; completed: number; needsAction: number };
}

export interface CaseTimelineEntry {
  kind: 'accepted' | 'step' | 'special_procedure' | 'result';
  /** 环节名称 or a label for the kind. */
  title: string;
  at: string | null;
  endedAt: string | null;
  /** The handler's role or department, never a personal name of staff beyond what the platform publishes. */
  handlerRole: string | null;
  opinion: string | null;
  /** 通过 / 退回 / … in plain Chinese. */
  actionLabel: string | null;
}

export interface CaseDetail extends CaseSummary {
  summary: string | null;
  applicantNameMasked: string;
  applicantType: string | null;
  timeline: CaseTimelineEntry[];
  result: {
    typeLabel: string;
    description: string | null;
    certificateName: string | null;
    certificateNo: string | null;
    delivery: boolean | null;
  } | null;
  materials: { name: string; receivedCount: number | null }[];
}

/** POST /api/v1/case-lookup body: a case number and one second factor (which one is configured). */
export interface CaseLookupRequest {
  projectNo: string;
  /** 查询码 printed on the acceptance notice. */
  queryCode?: string;
  /** Applicant name plus the last digits of the ID number (configured count, default 6). */
  applicantName?: string;
  idTail?: string;
}

/** Anonymous lookup answers less than the owner sees: no applicant, no materials. */
export type CaseLookupResponse = Omit<CaseDetail, 'applicantNameMasked' | 'materials' | 'canEvaluate' | 'needsAction'>;

/** `GET /api/v1/notices` (issue 9 extends it): the signed-in user's inbox. */
export interface NoticeItem {
  id: string;
  /** 'case_progress' | 'reply' | 'evaluation_invitation' | 'rectification' | 'announcement' | … */
  kind: string;
  title: string;
  body: string | null;
  /** A same-site link (a case, a ticket), never an external URL from data. */
  link: string | null;
  read: boolean;
  createdAt: string;
}

export interface NoticeListResponse {
  notices: NoticeItem[];
  unread: number;
  nextCursor: string | null;
}

/** `GET /api/v1/evaluations?mine=1` summary (issue 7 owns writing). */
export interface MyEvaluationSummary {
  id: string;
  projectNo: string;
  itemName: string | null;
  /** 1 = 非常不满意 … 5 = 非常满意 (normalised level). */
  level: number;
  levelLabel: string;
  text: string | null;
  evaluatedAt: string;
  /** 待整改 / 整改中 / 已整改 / 已回访 for a 差评, null otherwise. */
  rectificationLabel: string | null;
}

/** `GET /api/v1/consultations?mine=1` summary (issue 8 owns writing). */
export interface MyConsultationSummary {
  id: string;
  trackingNo: string;
  kind: 'consult' | 'complaint' | 'suggestion';
  kindLabel: string;
  title: string;
  status: string;
  statusLabel: string;
  createdAt: string;
  promisedReplyDate: string | null;
  repliedAt: string | null;
}

/** `GET /api/v1/me`: the profile as the user space shows it, masked, plus where to edit it. */
export interface MyProfile {
  displayName: string;
  userType: 'natural' | 'legal';
  realNameLevelLabel: string;
  maskedId: string | null;
  maskedMobile: string | null;
  orgName: string | null;
  creditCode: string | null;
  agentName: string | null;
  /** The unified platform's profile page (configured), null when none. */
  profileUrl: string | null;
}
