/**
 * Checks a POST /api/v1/consultations body and says, per field, what is wrong in plain Chinese — the
 * form shows each message next to its field. A value is never echoed back: free text may hold an ID
 * number typed in the wrong box.
 *
 * Text is kept as the person typed it (plain text, never interpreted as HTML: `<script>` stays those
 * characters); only control characters are dropped and, for the title, runs of white space folded.
 * ID numbers and mobiles typed into the text are masked later, before storing (service.ts).
 */
import type { ContactPreference, TicketKind, TicketSubmission } from '../contracts/consultations.js';

export const TITLE_MIN = 2;
export const TITLE_MAX = 50;
export const CONTENT_MIN = 5;
export const CONTENT_MAX = 2000;

export const KIND_VALUES: readonly TicketKind[] = ['consult', 'complaint', 'suggestion'];
export const CONTACT_VALUES: readonly ContactPreference[] = ['site', 'sms', 'phone'];

export type TicketField = keyof TicketSubmission;

export interface ValidTicket {
  kind: TicketKind;
  title: string;
  content: string;
  itemCode: string | null;
  deptCode: string | null;
  projectNo: string | null;
  evaluationId: string | null;
  attachmentIds: string[];
  contactPreference: ContactPreference;
  isPublic: boolean;
  clientToken: string;
}

export type TicketCheck =
  { ok: true; value: ValidTicket } | { ok: false; fields: Partial<Record<TicketField, string>> };

/** Control characters other than line breaks and tabs, and bidi overrides that disguise text. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;
const CLIENT_TOKEN = /^[0-9A-Za-z_.:-]{8,100}$/;
const ITEM_CODE = /^[0-9A-Za-z_-]{1,64}$/;
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const PROJECT_NO = /^[0-9A-Za-z_-]{1,50}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const length = (text: string): number => [...text].length;

/** An optional code: absent, null or '' means "not linked". */
function optionalCode(
  value: unknown,
  pattern: RegExp,
  normalise: (text: string) => string = (text) => text,
): { ok: true; value: string | null } | { ok: false } {
  if (value === undefined || value === null || value === '') return { ok: true, value: null };
  if (typeof value !== 'string') return { ok: false };
  const text = normalise(value.trim());
  return pattern.test(text) ? { ok: true, value: text } : { ok: false };
}

/** The first message, for `error.message`; the form shows each one next to its field. */
export function firstMessage(fields: Partial<Record<TicketField, string>>): string {
  return Object.values(fields)[0] ?? '提交的内容有误，请检查后重试';
}

export function checkTicket(body: Record<string, unknown>, maxAttachments: number): TicketCheck {
  const fields: Partial<Record<TicketField, string>> = {};

  const kind = KIND_VALUES.find((value) => value === body.kind);
  if (!kind) fields.kind = '请选择类型：咨询、投诉或建议';

  let title = '';
  if (typeof body.title !== 'string') fields.title = '请填写标题';
  else {
    title = body.title.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
    if (length(title) < TITLE_MIN) fields.title = `标题至少 ${TITLE_MIN} 个字`;
    else if (length(title) > TITLE_MAX) fields.title = `标题不能超过 ${TITLE_MAX} 个字，请删减后再提交`;
  }

  let content = '';
  if (typeof body.content !== 'string') fields.content = '请填写具体内容';
  else {
    content = body.content.replace(/\r\n?/g, '\n').replace(CONTROL, '').trim();
    if (length(content) < CONTENT_MIN) fields.content = `内容至少 ${CONTENT_MIN} 个字，请写明具体事项和遇到的问题`;
    else if (length(content) > CONTENT_MAX) fields.content = `内容不能超过 ${CONTENT_MAX} 个字，请删减后再提交`;
  }

  const itemCode = optionalCode(body.itemCode, ITEM_CODE);
  if (!itemCode.ok) fields.itemCode = '事项编码有误，请从事项页面重新进入';
  const deptCode = optionalCode(body.deptCode, CREDIT_CODE, (text) => text.toUpperCase());
  if (!deptCode.ok) fields.deptCode = '部门编码（统一社会信用代码）有误，请重新选择部门';
  const projectNo = optionalCode(body.projectNo, PROJECT_NO);
  if (!projectNo.ok) fields.projectNo = '办件编号有误，请从我的办件重新进入';
  const evaluationId = optionalCode(body.evaluationId, UUID, (text) => text.toLowerCase());
  if (!evaluationId.ok) fields.evaluationId = '关联的评价有误，请从我的评价重新进入';
  else if (evaluationId.value && kind && kind !== 'complaint') {
    fields.evaluationId = '只有“投诉”可以关联差评，请把类型改为投诉';
  }

  let attachmentIds: string[] = [];
  const rawIds = body.attachmentIds ?? [];
  if (!Array.isArray(rawIds) || !rawIds.every((id): id is string => typeof id === 'string' && UUID.test(id))) {
    fields.attachmentIds = '附件信息有误，请重新上传附件';
  } else {
    attachmentIds = [...new Set(rawIds)];
    if (attachmentIds.length > maxAttachments) fields.attachmentIds = `附件最多 ${maxAttachments} 个`;
  }

  const contactPreference = CONTACT_VALUES.find((value) => value === body.contactPreference);
  if (!contactPreference) fields.contactPreference = '请选择答复方式：网站答复、短信通知或电话联系';

  if (body.isPublic !== undefined && typeof body.isPublic !== 'boolean') fields.isPublic = '“是否公开”的格式不对';

  const clientToken = typeof body.clientToken === 'string' ? body.clientToken : '';
  if (!CLIENT_TOKEN.test(clientToken)) fields.clientToken = '提交标识缺失或有误，请刷新页面后重新提交';

  if (Object.keys(fields).length > 0 || !kind || !contactPreference) return { ok: false, fields };
  return {
    ok: true,
    value: {
      kind,
      title,
      content,
      itemCode: itemCode.ok ? itemCode.value : null,
      deptCode: deptCode.ok ? deptCode.value : null,
      projectNo: projectNo.ok ? projectNo.value : null,
      evaluationId: evaluationId.ok ? evaluationId.value : null,
      attachmentIds,
      contactPreference,
      isPublic: body.isPublic === true,
      clientToken,
    },
  };
}

export const isClientToken = (value: unknown): value is string => typeof value === 'string' && CLIENT_TOKEN.test(value);
