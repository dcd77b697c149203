/**
 * Payload builders for the producers (issue 7: evaluations, issue 8: consultations). They turn the
 * library's normalised values into the national 好差评 interface shape (data-standards b.3, c.13) and
 * do the masking, so a producer cannot forget it:
 *
 *   - satisfaction in the interface scheme, 1 = 非常不满意 … 5 = 非常满意, labelled `hcp-national`
 *     (GB/T 39046 A.8 has the reverse order; c.13: label every value with its scheme);
 *   - the evaluator as a masked name plus GovDock's keyed hash (`certKey`), never an ID number;
 *   - ID numbers and mobiles that people type into free text masked (pii.maskPiiInText).
 *
 * Codes we had to choose where no national list exists (ticket type, contact way) are in
 * bff/dev/generator/README.md.
 */
import { maskName, maskPiiInText } from '../../privacy/pii.js';

/** The normalised channel of `evaluations.channel` → 评价渠道 pf (c.13, national order). */
const PF_OF_CHANNEL = {
  pc: '1',
  mobile: '2',
  qr_code: '3',
  hall_tablet: '4',
  hall_terminal: '5',
  phone: '6',
  sms: '7',
} as const;
export type EvaluationChannel = keyof typeof PF_OF_CHANNEL;

/** `evaluations.evaluator_type` → userProp (c.6, national 好差评 list). */
const USER_PROP_OF_TYPE = {
  natural: '1',
  enterprise: '2',
  institution: '3',
  social_org: '4',
  unincorporated: '5',
  government: '6',
  other_org: '9',
} as const;
export type EvaluatorType = keyof typeof USER_PROP_OF_TYPE;

/** Satisfaction level as `evaluations.satisfaction_level`: 5 非常满意 … 1 非常不满意. */
export type SatisfactionLevel = 1 | 2 | 3 | 4 | 5;

/** One 好差评 evaluation in the national interface shape (camelCase keys as the national JSON). */
export interface HcpEvaluationPayload {
  projectNo: string;
  pf: string;
  deptCode?: string | null;
  areaCode?: string | null;
  taskCode?: string | null;
  taskHandleItem?: string | null;
  taskName?: string | null;
  subMatter?: string | null;
  proStatus?: string | null;
  proDepart?: string | null;
  proDepartCode?: string | null;
  certKey?: string | null;
  userName: string;
  userProp: string;
  userPageType: string;
  handleUserName?: string | null;
  satisfaction: string;
  satisfactionScheme: 'hcp-national';
  evalDetail?: string | null;
  writingEvaluation?: string | null;
  assessTime: string;
  assessNumber: 1 | 2;
  serviceNumber?: string | null;
  promiseTime?: string | null;
  acceptDate?: string | null;
}

export interface EvaluationForPlatform {
  projectNo: string;
  level: SatisfactionLevel;
  channel: EvaluationChannel;
  /** 1 首次评价, 2 追评. */
  assessNumber: 1 | 2;
  /** 测评内容代码 from the configured indicator list (c.13: distributed by the national system). */
  indicatorCodes: readonly string[];
  text?: string | null;
  evaluatedAt: string | Date;
  evaluator: {
    /** The name as the platform returned it; masked here for natural persons. */
    name: string;
    /** applicantKeyHash of the evaluator's ID number (pii.ts). */
    keyHash?: string | null;
    type: EvaluatorType;
    /** 证件类型 c.8; default 111 for persons, 001 for organisations. */
    idType?: string | null;
    /** 经办人 of a legal person, masked here. */
    agentName?: string | null;
  };
  item?: {
    taskCode?: string | null;
    taskHandleItem?: string | null;
    taskName?: string | null;
    deptCreditCode?: string | null;
    deptName?: string | null;
    regionCode?: string | null;
    /** 事项主题 code (c.11). */
    theme?: string | null;
  };
  caseStatus?: 'pending' | 'in_progress' | 'done' | null;
  serviceNumber?: string | null;
  acceptedAt?: string | Date | null;
  projectType?: 'immediate' | 'promised' | 'other' | null;
}

const iso = (value: string | Date): string => (value instanceof Date ? value.toISOString() : value);
const text = (value: string | null | undefined): string | null => (value ? maskPiiInText(value) : null);

export function buildEvaluationPayload(input: EvaluationForPlatform): HcpEvaluationPayload {
  const person = input.evaluator.type === 'natural';
  return {
    projectNo: input.projectNo,
    pf: PF_OF_CHANNEL[input.channel],
    deptCode: input.item?.deptCreditCode ?? null,
    areaCode: input.item?.regionCode ?? null,
    taskCode: input.item?.taskCode ?? null,
    taskHandleItem: input.item?.taskHandleItem ?? null,
    taskName: input.item?.taskName ?? null,
    subMatter: input.item?.theme ?? null,
    proStatus: input.caseStatus ? { pending: '1', in_progress: '2', done: '3' }[input.caseStatus] : null,
    proDepart: input.item?.deptName ?? null,
    proDepartCode: input.item?.deptCreditCode ?? null,
    certKey: input.evaluator.keyHash ?? null,
    // An organisation's name is public (as in case_acceptances); a person's is masked.
    userName: person ? maskName(input.evaluator.name) : maskPiiInText(input.evaluator.name),
    userProp: USER_PROP_OF_TYPE[input.evaluator.type],
    userPageType: input.evaluator.idType ?? (person ? '111' : '001'),
    handleUserName: input.evaluator.agentName ? maskName(input.evaluator.agentName) : null,
    // Our level is already 5 = 非常满意, the interface's order.
    satisfaction: String(input.level),
    satisfactionScheme: 'hcp-national',
    evalDetail: input.indicatorCodes.length > 0 ? [...new Set(input.indicatorCodes)].join(',') : null,
    writingEvaluation: text(input.text),
    assessTime: iso(input.evaluatedAt),
    assessNumber: input.assessNumber,
    serviceNumber: input.serviceNumber ?? null,
    // 办件类型 per GB/T 39046 A.6 (c.7: provinces disagree; A.6 unless the provider documents otherwise).
    promiseTime: input.projectType ? { immediate: '1', promised: '2', other: '9' }[input.projectType] : null,
    acceptDate: input.acceptedAt ? iso(input.acceptedAt) : null,
  };
}

/** Ticket types (咨询/投诉/建议) → ticket_type codes; no national list exists (README). */
const TICKET_TYPE_OF_KIND = { consult: '1', complaint: '2', suggestion: '3' } as const;
export type TicketKind = keyof typeof TICKET_TYPE_OF_KIND;

/** How the asker wants the answer: 1 网站答复 (site), 2 短信通知 (sms), 3 电话联系 (phone). */
const CONTACT_WAY_OF_PREFERENCE = { site: '1', sms: '2', phone: '3' } as const;
export type ContactPreference = keyof typeof CONTACT_WAY_OF_PREFERENCE;

export interface ConsultationTicketPayload {
  trackingNo: string;
  ticketType: string;
  title: string;
  content: string;
  taskCode?: string | null;
  taskName?: string | null;
  deptCode?: string | null;
  deptName?: string | null;
  areaCode?: string | null;
  projectNo?: string | null;
  evaluateRowGuid?: string | null;
  certKey?: string | null;
  userName: string;
  userProp?: string | null;
  contactWay: string;
  contactMobile?: string | null;
  isPublic: string;
  attachments?: string | null;
  pf?: string | null;
  submitTime: string;
  promiseReplyDate?: string | null;
}

export interface AttachmentMeta {
  name: string;
  /** Media type as checked by content. */
  type: string;
  size: number;
  sha256: string;
}

export interface TicketForPlatform {
  trackingNo: string;
  kind: TicketKind;
  title: string;
  content: string;
  item?: {
    taskCode?: string | null;
    taskName?: string | null;
    deptCreditCode?: string | null;
    deptName?: string | null;
    regionCode?: string | null;
  };
  projectNo?: string | null;
  /** outboundRowGuid(dedup key of the evaluation) when a 差评 became this complaint. */
  evaluationRowGuid?: string | null;
  asker: { name: string; keyHash?: string | null; type: EvaluatorType };
  contactPreference: ContactPreference;
  /** Already masked (pii.maskPhone): the platform reaches the person through the identity platform. */
  contactMobileMasked?: string | null;
  isPublic: boolean;
  attachments?: readonly AttachmentMeta[];
  channel?: EvaluationChannel | null;
  submittedAt: string | Date;
  /** 承诺答复日期, `YYYY-MM-DD`. */
  promisedReplyDate?: string | null;
}

export function buildConsultationPayload(input: TicketForPlatform): ConsultationTicketPayload {
  const person = input.asker.type === 'natural';
  return {
    trackingNo: input.trackingNo,
    ticketType: TICKET_TYPE_OF_KIND[input.kind],
    title: maskPiiInText(input.title),
    content: maskPiiInText(input.content),
    taskCode: input.item?.taskCode ?? null,
    taskName: input.item?.taskName ?? null,
    deptCode: input.item?.deptCreditCode ?? null,
    deptName: input.item?.deptName ?? null,
    areaCode: input.item?.regionCode ?? null,
    projectNo: input.projectNo ?? null,
    evaluateRowGuid: input.evaluationRowGuid ?? null,
    certKey: input.asker.keyHash ?? null,
    userName: person ? maskName(input.asker.name) : maskPiiInText(input.asker.name),
    userProp: USER_PROP_OF_TYPE[input.asker.type],
    contactWay: CONTACT_WAY_OF_PREFERENCE[input.contactPreference],
    contactMobile: input.contactMobileMasked ?? null,
    isPublic: input.isPublic ? '1' : '2',
    attachments:
      input.attachments && input.attachments.length > 0
        ? JSON.stringify(
            input.attachments.map((a) => ({
              name: maskPiiInText(a.name),
              type: a.type,
              size: a.size,
              sha256: a.sha256,
            })),
          )
        : null,
    pf: input.channel ? PF_OF_CHANNEL[input.channel] : null,
    submitTime: iso(input.submittedAt),
    promiseReplyDate: input.promisedReplyDate ?? null,
  };
}
