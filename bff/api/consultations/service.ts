/**
 * What the ticket routes call: the form options, uploads, a submission, a ticket's detail and an
 * attachment's bytes. No HTTP here.
 *
 * A submission writes the consultations row, links its attachments AND enqueues its outbox message
 * (`consultation`, to out_consult_ticket) in one transaction, so a ticket is never saved without being
 * sent, nor sent without being saved. The platform's answers come back through the sync
 * (config/sync-layouts/national-replies.json), which finds this row by tracking_no.
 *
 * Everything is the caller's own: a ticket, a case, a 差评 or an upload that belongs to someone else
 * gets the same answer as one that does not exist (404), so ids cannot be probed.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../http/errors.js';
import { maskName, maskPiiInText } from '../../privacy/pii.js';
import type { Sql } from '../../store/types.js';
import { enqueue } from '../../sync/outbox/enqueue.js';
import { buildConsultationPayload, type EvaluationChannel, type EvaluatorType } from '../../sync/outbox/payloads.js';
import { outboundRowGuid } from '../../sync/outbox/row-guid.js';
import type {
  AttachmentRef,
  ContactPreference,
  TicketDetail,
  TicketFormOptions,
  TicketKind,
} from '../contracts/consultations.js';
import { CONSULTATION_KIND_LABELS, CONSULTATION_STATUS_LABELS } from '../me/labels.js';
import type { Caller } from '../shared/caller.js';
import { addWorkingDays, beijingDate } from './calendar.js';
import type { ConsultationsConfig } from './config.js';
import { ACCEPTED_TYPES, cleanFileName, refusalFor, sniffType, type AcceptedType } from './file-type.js';
import { CONTENT_MAX, TITLE_MAX, type TicketField, type ValidTicket } from './submission.js';
import { newTrackingNo, TRACKING_NO } from './tracking-no.js';

export const CONTACT_PREFERENCE_LABELS: Readonly<Record<ContactPreference, string>> = {
  site: '网站答复',
  sms: '短信通知',
  phone: '电话联系',
};

/** A refusal of one field, with the same shape as a validation failure (400 invalid_ticket). */
export class TicketFieldError extends Error {
  constructor(readonly fields: Partial<Record<TicketField, string>>) {
    super(Object.values(fields)[0] ?? '提交的内容有误');
    this.name = 'TicketFieldError';
  }
}

const ticketNotFound = (): AppError => new AppError(404, 'not_found', '未找到该咨询投诉记录');
const attachmentNotFound = (): AppError => new AppError(404, 'not_found', '未找到该附件');

export interface ConsultationServiceDeps {
  sql: Sql;
  settings: ConsultationsConfig;
  now?: () => number;
  /** Called after a ticket's outbox row committed (e.g. deliverer.nudge()). */
  afterEnqueue?: () => void;
}

export interface StoredAttachment {
  name: string;
  type: AcceptedType;
  bytes: Uint8Array;
}

export interface ConsultationService {
  options(): TicketFormOptions;
  upload(caller: Caller, file: { name: string; bytes: Uint8Array }): Promise<AttachmentRef>;
  /** The caller's ticket submitted earlier with this clientToken, if any. */
  repeatOf(caller: Caller, clientToken: string): Promise<TicketDetail | null>;
  submit(
    caller: Caller,
    ticket: ValidTicket,
    channel: Extract<EvaluationChannel, 'pc' | 'mobile'>,
  ): Promise<{ ticket: TicketDetail; created: boolean }>;
  detail(caller: Caller, trackingNo: string): Promise<TicketDetail>;
  attachment(caller: Caller, trackingNo: string, id: string): Promise<StoredAttachment>;
  /** Removes uploads never attached within the configured hours; returns how many. */
  purgeStaleUploads(): Promise<number>;
}

interface TicketRow {
  id: string;
  tracking_no: string;
  kind: TicketKind;
  title: string;
  content: string;
  status: string;
  created_at: Date;
  promised_reply_date: string | null;
  replied_at: Date | null;
  item_code: string | null;
  item_name: string | null;
  dept_name: string | null;
  project_no: string | null;
  contact_preference: ContactPreference | null;
  is_public: boolean;
}

interface AttachmentRow {
  id: string;
  file_name: string;
  media_type: AcceptedType;
  size_bytes: number;
  sha256: string;
}

interface ReplyRow {
  id: number | string;
  replier_dept_name: string | null;
  body: string;
  is_final: boolean;
  replied_at: Date;
}

interface ItemRow {
  code: string;
  name: string;
  dept_credit_code: string | null;
  dept_name: string | null;
  region_code: string | null;
}

interface CaseRow {
  project_no: string;
  item_code: string | null;
  item_name: string | null;
  dept_credit_code: string | null;
  dept_name: string | null;
  region_code: string | null;
}

interface EvaluationRow {
  id: string;
  project_no: string;
  item_code: string | null;
  item_name: string | null;
  dept_credit_code: string | null;
  dept_name: string | null;
  region_code: string | null;
  is_negative: boolean;
  source_row_guid: string | null;
}

const TICKET_COLUMNS = `id, tracking_no, kind, title, content, status, created_at, promised_reply_date, replied_at,
  item_code, item_name, dept_name, project_no, contact_preference, is_public`;
const OPEN_STATUSES = new Set(['submitted', 'accepted']);
const KEY_HASH = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** bytea: a Buffer from node-postgres, a Uint8Array from PGlite. */
function bytesOf(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw new Error('attachment content is not binary');
}

function attachmentRef(row: AttachmentRow): AttachmentRef {
  return { id: row.id, name: row.file_name, type: row.media_type, size: Number(row.size_bytes) };
}

export function createConsultationService(deps: ConsultationServiceDeps): ConsultationService {
  const { sql, settings } = deps;
  const now = deps.now ?? Date.now;
  const calendar = { holidays: settings.holidays, extraWorkdays: settings.extraWorkdays };

  async function present(db: Sql, row: TicketRow): Promise<TicketDetail> {
    const [attachments, replies] = await Promise.all([
      db.query<AttachmentRow>(
        `SELECT id, file_name, media_type, size_bytes, sha256 FROM consultation_attachments
          WHERE consultation_id = $1 ORDER BY position, created_at, id`,
        [row.id],
      ),
      db.query<ReplyRow>(
        `SELECT id, replier_dept_name, body, is_final, replied_at FROM consultation_replies
          WHERE consultation_id = $1 ORDER BY replied_at, id`,
        [row.id],
      ),
    ]);
    const preference = row.contact_preference ?? 'site';
    const today = beijingDate(now());
    return {
      id: row.id,
      trackingNo: row.tracking_no,
      kind: row.kind,
      kindLabel: CONSULTATION_KIND_LABELS[row.kind],
      title: row.title,
      status: row.status,
      statusLabel: CONSULTATION_STATUS_LABELS[row.status] ?? row.status,
      createdAt: row.created_at.toISOString(),
      promisedReplyDate: row.promised_reply_date,
      repliedAt: row.replied_at ? row.replied_at.toISOString() : null,
      content: row.content,
      itemCode: row.item_code,
      itemName: row.item_name,
      deptName: row.dept_name,
      projectNo: row.project_no,
      contactPreference: preference,
      contactPreferenceLabel: CONTACT_PREFERENCE_LABELS[preference],
      isPublic: row.is_public,
      attachments: attachments.rows.map(attachmentRef),
      replies: replies.rows.map((reply) => ({
        id: String(reply.id),
        deptName: reply.replier_dept_name,
        body: reply.body,
        isFinal: reply.is_final,
        repliedAt: reply.replied_at.toISOString(),
      })),
      overdue:
        row.promised_reply_date !== null &&
        row.promised_reply_date < today &&
        row.replied_at === null &&
        OPEN_STATUSES.has(row.status),
    };
  }

  async function mineByTrackingNo(db: Sql, caller: Caller, trackingNo: string): Promise<TicketRow | undefined> {
    if (!TRACKING_NO.test(trackingNo)) return undefined;
    const { rows } = await db.query<TicketRow>(
      `SELECT ${TICKET_COLUMNS} FROM consultations
        WHERE tracking_no = $1 AND user_issuer = $2 AND user_subject = $3`,
      [trackingNo, caller.issuer, caller.subject],
    );
    return rows[0];
  }

  async function mineById(db: Sql, id: string): Promise<TicketRow> {
    const { rows } = await db.query<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM consultations WHERE id = $1`, [id]);
    const row = rows[0];
    if (!row) throw new Error('ticket vanished inside its own transaction');
    return row;
  }

  async function item(db: Sql, code: string): Promise<ItemRow | undefined> {
    const { rows } = await db.query<ItemRow>(
      'SELECT code, name, dept_credit_code, dept_name, region_code FROM items WHERE code = $1',
      [code],
    );
    return rows[0];
  }

  async function department(db: Sql, creditCode: string): Promise<string | undefined> {
    const { rows } = await db.query<{ name: string }>(
      `SELECT name FROM organisations WHERE credit_code = $1
       UNION ALL
       SELECT dept_name AS name FROM items WHERE dept_credit_code = $1
       LIMIT 1`,
      [creditCode],
    );
    return rows[0]?.name;
  }

  async function myCase(db: Sql, caller: Caller, projectNo: string): Promise<CaseRow | undefined> {
    if (caller.caseKeys.length === 0) return undefined;
    const { rows } = await db.query<CaseRow>(
      `SELECT project_no, item_code, item_name, dept_credit_code, dept_name, region_code FROM case_acceptances
        WHERE project_no = $1 AND (applicant_key_hash = ANY($2::text[]) OR contact_key_hash = ANY($2::text[]))`,
      [projectNo, caller.caseKeys],
    );
    return rows[0];
  }

  async function myEvaluation(db: Sql, caller: Caller, id: string): Promise<EvaluationRow | undefined> {
    const { rows } = await db.query<EvaluationRow>(
      `SELECT id, project_no, item_code, item_name, dept_credit_code, dept_name, region_code, is_negative,
              source_row_guid
         FROM evaluations
        WHERE id = $1
          AND ((user_issuer = $2 AND user_subject = $3) OR evaluator_key_hash = ANY($4::text[]))`,
      [id, caller.issuer, caller.subject, caller.caseKeys],
    );
    return rows[0];
  }

  async function purgeStale(db: Sql): Promise<number> {
    const { rows } = await db.query<{ id: string }>(
      `DELETE FROM consultation_attachments
        WHERE consultation_id IS NULL AND created_at < now() - make_interval(hours => $1::int)
       RETURNING id`,
      [settings.unattachedTtlHours],
    );
    return rows.length;
  }

  return {
    options() {
      return {
        kinds: (['consult', 'complaint', 'suggestion'] as const).map((value) => ({
          value,
          label: CONSULTATION_KIND_LABELS[value],
        })),
        contactPreferences: (['site', 'sms', 'phone'] as const).map((value) => ({
          value,
          label: CONTACT_PREFERENCE_LABELS[value],
        })),
        titleMaxLength: TITLE_MAX,
        contentMaxLength: CONTENT_MAX,
        maxAttachments: settings.maxAttachments,
        maxAttachmentBytes: settings.maxAttachmentBytes,
        acceptedTypes: [...ACCEPTED_TYPES],
        replyDays: { ...settings.replyDays },
      };
    },

    async upload(caller, file) {
      if (settings.maxAttachments === 0) throw new AppError(403, 'attachments_disabled', '本站暂不接收附件');
      if (file.bytes.length === 0) throw new AppError(400, 'empty_file', '文件是空的，请重新选择');
      if (file.bytes.length > settings.maxAttachmentBytes) throw tooLarge(settings.maxAttachmentBytes);
      const type = sniffType(file.bytes);
      if (!type) throw new AppError(415, 'unsupported_file_type', refusalFor(file.bytes));
      const name = cleanFileName(file.name, type);
      await purgeStale(sql);
      const { rows: held } = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM consultation_attachments
          WHERE user_issuer = $1 AND user_subject = $2 AND consultation_id IS NULL`,
        [caller.issuer, caller.subject],
      );
      if ((held[0]?.n ?? 0) >= settings.maxPendingUploads) {
        throw new AppError(409, 'too_many_uploads', '未提交的附件太多了，请先提交工单，或一天后再上传');
      }
      const { rows } = await sql.query<AttachmentRow>(
        `INSERT INTO consultation_attachments (user_issuer, user_subject, file_name, media_type, size_bytes, sha256, content)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, file_name, media_type, size_bytes, sha256`,
        [caller.issuer, caller.subject, name, type, file.bytes.length, sha256(file.bytes), file.bytes],
      );
      const row = rows[0];
      if (!row) throw new Error('attachment insert returned nothing');
      return attachmentRef(row);
    },

    async repeatOf(caller, clientToken) {
      const { rows } = await sql.query<TicketRow>(
        `SELECT ${TICKET_COLUMNS} FROM consultations
          WHERE user_issuer = $1 AND user_subject = $2 AND client_token = $3`,
        [caller.issuer, caller.subject, clientToken],
      );
      return rows[0] ? present(sql, rows[0]) : null;
    },

    async submit(caller, ticket, channel) {
      // Stored and sent masked: an ID number typed into the text never reaches the library.
      const title = maskPiiInText(ticket.title);
      const content = maskPiiInText(ticket.content);
      const digest = sha256(`${title}\n${content}`);
      const result = await sql.transaction(async (tx) => {
        // One submission per user at a time: the duplicate checks below then see every earlier ticket.
        await tx.query("SELECT pg_advisory_xact_lock(hashtext('govdock:consultations'), hashtext($1))", [
          `${caller.issuer}\n${caller.subject}`,
        ]);
        const repeated = await tx.query<TicketRow>(
          `SELECT ${TICKET_COLUMNS} FROM consultations
            WHERE user_issuer = $1 AND user_subject = $2
              AND (client_token = $3
                   OR (content_digest = $4 AND created_at > now() - make_interval(secs => $5::int)))
            ORDER BY (client_token = $3) IS TRUE DESC, created_at DESC
            LIMIT 1`,
          [caller.issuer, caller.subject, ticket.clientToken, digest, settings.duplicateWindowSeconds],
        );
        if (repeated.rows[0]) return { ticket: await present(tx, repeated.rows[0]), created: false };

        // Links: each must exist, and a case or a 差评 must be the caller's own.
        const evaluation = ticket.evaluationId ? await myEvaluation(tx, caller, ticket.evaluationId) : undefined;
        if (ticket.evaluationId && !evaluation) throw new AppError(404, 'not_found', '未找到该评价记录');
        if (evaluation && !evaluation.is_negative) {
          throw new TicketFieldError({ evaluationId: '只有差评（不满意、非常不满意）可以转为投诉' });
        }
        const projectNo = ticket.projectNo ?? evaluation?.project_no ?? null;
        const found = projectNo ? await myCase(tx, caller, projectNo) : undefined;
        // Someone else's case and a case that does not exist get the same answer.
        if (ticket.projectNo && !found) throw new AppError(404, 'not_found', '未找到该办件');
        const chosen = ticket.itemCode ? await item(tx, ticket.itemCode) : undefined;
        if (ticket.itemCode && !chosen) throw new TicketFieldError({ itemCode: '未找到该事项，请从事项页面重新进入' });
        const itemCode = chosen?.code ?? found?.item_code ?? evaluation?.item_code ?? null;
        const linked = chosen ?? (itemCode ? await item(tx, itemCode) : undefined);
        const itemName = linked?.name ?? found?.item_name ?? evaluation?.item_name ?? null;
        let deptCode = linked?.dept_credit_code ?? found?.dept_credit_code ?? evaluation?.dept_credit_code ?? null;
        let deptName = linked?.dept_name ?? found?.dept_name ?? evaluation?.dept_name ?? null;
        if (ticket.deptCode) {
          const name = await department(tx, ticket.deptCode);
          if (!name) throw new TicketFieldError({ deptCode: '未找到该部门，请重新选择' });
          deptCode = ticket.deptCode;
          deptName = name;
        }
        const regionCode = linked?.region_code ?? found?.region_code ?? evaluation?.region_code ?? null;

        const attachments =
          ticket.attachmentIds.length === 0
            ? []
            : (
                await tx.query<AttachmentRow>(
                  `SELECT id, file_name, media_type, size_bytes, sha256 FROM consultation_attachments
                    WHERE id = ANY($1::uuid[]) AND user_issuer = $2 AND user_subject = $3 AND consultation_id IS NULL
                      AND created_at >= now() - make_interval(hours => $4::int)
                    FOR UPDATE`,
                  [ticket.attachmentIds, caller.issuer, caller.subject, settings.unattachedTtlHours],
                )
              ).rows;
        if (attachments.length !== ticket.attachmentIds.length) {
          throw new TicketFieldError({ attachmentIds: '有附件已失效或不存在，请重新上传后再提交' });
        }
        const ordered = ticket.attachmentIds.map((id) => attachments.find((a) => a.id === id) as AttachmentRow);

        // Seconds only: the front processor's datetime has no fractions.
        const submittedMs = Math.floor(now() / 1000) * 1000;
        const promisedReplyDate = addWorkingDays(submittedMs, settings.replyDays[ticket.kind], calendar);
        const person = caller.user.userType === 'natural';
        const askerType: EvaluatorType = person ? 'natural' : 'enterprise';
        const askerName = (person ? caller.user.displayName : caller.user.orgName || caller.user.displayName) ?? '';
        const maskedMobile =
          ticket.contactPreference !== 'site' && caller.user.maskedMobile?.includes('*')
            ? caller.user.maskedMobile
            : null;
        const keyHash = KEY_HASH.test(caller.user.idKeyHash ?? '') ? (caller.user.idKeyHash as string) : null;

        let id: string | undefined;
        let trackingNo = '';
        // A clash of random tracking numbers is rare; draw again rather than fail the submission.
        for (let attempt = 0; attempt < 5 && !id; attempt += 1) {
          trackingNo = newTrackingNo(ticket.kind, submittedMs);
          const inserted = await tx.query<{ id: string }>(
            `INSERT INTO consultations (tracking_no, kind_raw, kind, user_issuer, user_subject, contact_name_masked,
                                        contact_mobile_masked, title, content, status, promised_reply_date, item_code,
                                        item_name, dept_credit_code, dept_name, project_no, channel, is_public,
                                        contact_preference, evaluation_id, client_token, content_digest, source,
                                        source_row_guid, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'submitted', $10::date, $11, $12, $13, $14, $15, $16, $17,
                     $18, $19, $20, $21, 'govdock', $22, to_timestamp($23::double precision / 1000),
                     to_timestamp($23::double precision / 1000))
             ON CONFLICT DO NOTHING
             RETURNING id`,
            [
              trackingNo,
              { consult: '1', complaint: '2', suggestion: '3' }[ticket.kind],
              ticket.kind,
              caller.issuer,
              caller.subject,
              askerName ? maskName(askerName) : null,
              maskedMobile,
              title,
              content,
              promisedReplyDate,
              itemCode,
              itemName,
              deptCode,
              deptName,
              projectNo,
              channel,
              ticket.isPublic,
              ticket.contactPreference,
              evaluation?.id ?? null,
              ticket.clientToken,
              digest,
              outboundRowGuid(`consultation:${trackingNo}`),
              submittedMs,
            ],
          );
          id = inserted.rows[0]?.id;
        }
        if (!id) throw new Error('no free tracking number after 5 draws');

        for (const [position, attachment] of ordered.entries()) {
          await tx.query(
            `UPDATE consultation_attachments SET consultation_id = $1, attached_at = now(), position = $2 WHERE id = $3`,
            [id, position, attachment.id],
          );
        }

        const payload = buildConsultationPayload({
          trackingNo,
          kind: ticket.kind,
          title,
          content,
          item: {
            taskCode: itemCode && itemCode.length <= 36 ? itemCode : null,
            taskName: itemName,
            deptCreditCode: deptCode,
            deptName,
            regionCode,
          },
          projectNo,
          evaluationRowGuid: evaluation?.source_row_guid ?? null,
          asker: { name: askerName || '用户', keyHash, type: askerType },
          contactPreference: ticket.contactPreference,
          contactMobileMasked: maskedMobile,
          isPublic: ticket.isPublic,
          attachments: ordered.map((a) => ({
            name: a.file_name,
            type: a.media_type,
            size: Number(a.size_bytes),
            sha256: a.sha256,
          })),
          channel,
          submittedAt: new Date(submittedMs),
          promisedReplyDate,
        });
        await enqueue(tx, { kind: 'consultation', dedupKey: `consultation:${trackingNo}`, payload });
        return { ticket: await present(tx, await mineById(tx, id)), created: true };
      });
      if (result.created) deps.afterEnqueue?.();
      return result;
    },

    async detail(caller, trackingNo) {
      const row = await mineByTrackingNo(sql, caller, trackingNo);
      if (!row) throw ticketNotFound();
      return present(sql, row);
    },

    async attachment(caller, trackingNo, id) {
      if (!UUID.test(id) || !TRACKING_NO.test(trackingNo)) throw attachmentNotFound();
      const { rows } = await sql.query<{ file_name: string; media_type: AcceptedType; content: unknown }>(
        `SELECT a.file_name, a.media_type, a.content
           FROM consultation_attachments a JOIN consultations c ON c.id = a.consultation_id
          WHERE a.id = $1 AND c.tracking_no = $2
            AND c.user_issuer = $3 AND c.user_subject = $4
            AND a.user_issuer = $3 AND a.user_subject = $4`,
        [id, trackingNo, caller.issuer, caller.subject],
      );
      const row = rows[0];
      if (!row) throw attachmentNotFound();
      return { name: row.file_name, type: row.media_type, bytes: bytesOf(row.content) };
    },

    purgeStaleUploads: () => purgeStale(sql),
  };
}

export function tooLarge(maxBytes: number): AppError {
  const size =
    maxBytes >= 1024 * 1024
      ? `${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB`
      : `${Math.round(maxBytes / 1024)} KB`;
  return new AppError(413, 'file_too_large', `文件太大了：每个附件不能超过 ${size}`);
}
