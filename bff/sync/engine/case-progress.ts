/**
 * Notices the sync produces (issue 4 item 7, issue 9 item 1): what a page wrote becomes a notice
 * (消息提醒) for the user it concerns, in the SAME transaction as the page — a crash cannot lose it, and a
 * replayed page cannot duplicate it (notices.dedup_key, unique per user) — and events published only
 * after COMMIT (page-commit.ts):
 *
 *   case_process_steps / case_special_procedures / case_results (a new row)
 *        → `case_progress` notice for the applicant (user_profiles.id_key_hash = case_acceptances.
 *          applicant_key_hash); events `case-progress` and `notice`.
 *   consultation_replies / consultations (up_consult_reply)
 *        → `reply` notice for the ticket's user (consultations.user_issuer/user_subject); events
 *          `consultation-reply` (ConsultationReplyEvent) and `notice`. One notice per ticket state: the
 *          dedup key is (查询码, status, latest reply), so several steps in one page make one notice and a
 *          replay of an older page finds the current state's key already there.
 *   evaluations whose 差评 is now 已整改 / 已回访
 *        → `rectification` notice for the evaluator (user_issuer/user_subject of a rating given through
 *          GovDock, else user_profiles.id_key_hash = evaluator_key_hash); event `notice`.
 *   announcements (up_site_announcement)
 *        → the broadcast `announcement` event, once per announcement (announcements.announced_at);
 *          inboxes take announcements in on read (bff/api/me/notices-routes.ts).
 *
 * Every notice is judged by the library's state after the page's writes, never by the incoming
 * values: a stale row the version guard refused makes no notice. Replies and rectifications older than
 * the inbox retention make none either, so the retention purge never lets a replay bring one back.
 * Links come from same-site templates (config `notices`, registered per store with
 * `SyncServiceDeps.notices`), never from data.
 */
import type { ConsultationReplyEvent } from '../../api/contracts/consultations.js';
import type { AnnouncementEvent, NoticeEvent } from '../../api/contracts/push.js';
import { CONSULTATION_KIND_LABELS, CONSULTATION_STATUS_LABELS } from '../../api/me/labels.js';
import type { Sql } from '../../store/types.js';
import type { ProgressEvent, TracedRecord } from './types.js';

export interface ProgressTarget {
  /** `kind` in the event data. */
  kind: string;
  /** The column holding the case's 办件编号. */
  projectColumn: string;
  title: string;
}

export const CASE_PROGRESS_TARGETS: Readonly<Record<string, ProgressTarget>> = {
  case_process_steps: { kind: 'step', projectColumn: 'project_no', title: '您的办件有新进展' },
  case_special_procedures: { kind: 'special_procedure', projectColumn: 'project_no', title: '您的办件进入特别程序' },
  case_results: { kind: 'result', projectColumn: 'project_no', title: '您的办件已办结' },
};

export interface ProgressCandidate {
  target: string;
  projectNo: string;
  /** Identifies the progress record, so its notice is created once. */
  recordKey: string;
}

/** Where sync notices point and how far back they reach (config `notices`). */
export interface NoticeSettings {
  /** `{projectNo}` replaced. */
  caseLink: string;
  /** `{trackingNo}` replaced. */
  replyLink: string;
  /** `{projectNo}` replaced. */
  rectificationLink: string;
  retentionDays: number;
  /** Current announcements a signed-in inbox takes in at most (bff/api/me/notices-routes.ts). */
  announcementsInInbox: number;
}

export const DEFAULT_NOTICE_SETTINGS: NoticeSettings = {
  caseLink: '#case={projectNo}',
  replyLink: '#consultation={trackingNo}',
  rectificationLink: '#my-evaluations={projectNo}',
  retentionDays: 180,
  announcementsInInbox: 20,
};

function fill(template: string, key: string, value: string): string {
  return template.replaceAll(`{${key}}`, encodeURIComponent(value));
}

/** A notice for one user, to publish as `notice` after COMMIT. */
export interface UserNotice {
  issuer: string;
  subject: string;
  notice: NoticeEvent;
}

/** Everything a page has to tell after COMMIT. */
export interface PageEvents {
  /** `case-progress` (and what evaluation invitations listen to). */
  progress: ProgressEvent[];
  /** `notice`, one per inserted notice. */
  notices: UserNotice[];
  /** `consultation-reply`. */
  replies: { issuer: string; subject: string; reply: ConsultationReplyEvent }[];
  /** `announcement`, to every stream. */
  announcements: AnnouncementEvent[];
}

export function emptyPageEvents(): PageEvents {
  return { progress: [], notices: [], replies: [], announcements: [] };
}

interface InsertedNotice {
  id: string | number;
  issuer: string;
  subject: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  created_at: Date | string;
  project_no: string | null;
  tracking_no: string | null;
}

interface NoticeDraft {
  issuer: string;
  subject: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  dedup_key: string;
  project_no?: string | null;
  tracking_no?: string | null;
}

/** Inserts drafts once per (user, dedup key); returns the ones inserted now. */
async function insertNotices(tx: Sql, drafts: readonly NoticeDraft[]): Promise<UserNotice[]> {
  if (drafts.length === 0) return [];
  const { rows } = await tx.query<InsertedNotice>(
    `INSERT INTO notices (issuer, subject, kind, title, body, link, dedup_key, project_no, tracking_no)
     SELECT d.issuer, d.subject, d.kind, d.title, d.body, d.link, d.dedup_key, d.project_no, d.tracking_no
       FROM json_to_recordset($1::json) AS d(issuer text, subject text, kind text, title text, body text,
                                             link text, dedup_key text, project_no text, tracking_no text)
     ON CONFLICT (issuer, subject, dedup_key) DO NOTHING
     RETURNING id, issuer, subject, kind, title, body, link, created_at, project_no, tracking_no`,
    [JSON.stringify(drafts)],
  );
  return rows.map((row) => ({
    issuer: row.issuer,
    subject: row.subject,
    notice: {
      id: String(row.id),
      kind: row.kind,
      title: row.title,
      body: row.body,
      link: row.link,
      read: false,
      createdAt: new Date(row.created_at).toISOString(),
      ...(row.project_no ? { projectNo: row.project_no } : {}),
      ...(row.tracking_no ? { trackingNo: row.tracking_no } : {}),
    },
  }));
}

/** Plain text cut to a notice body's length. */
function excerpt(text: string | null | undefined, max = 120): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// ── Case progress ────────────────────────────────────────────────────────────────────────────────

async function caseProgressNotices(
  tx: Sql,
  candidates: readonly ProgressCandidate[],
  settings: NoticeSettings,
): Promise<{ progress: ProgressEvent[]; notices: UserNotice[] }> {
  const payload = candidates.flatMap((candidate) => {
    const target = CASE_PROGRESS_TARGETS[candidate.target];
    if (!target) return [];
    return [
      {
        project_no: candidate.projectNo,
        kind: target.kind,
        title: target.title,
        body: `办件编号：${candidate.projectNo}`,
        link: fill(settings.caseLink, 'projectNo', candidate.projectNo),
        dedup_key: `case-progress:${candidate.target}:${candidate.recordKey}`,
      },
    ];
  });
  if (payload.length === 0) return { progress: [], notices: [] };
  // Nobody has signed in yet (a fresh library, a backfill): no applicant to tell.
  const { rows: anyUser } = await tx.query('SELECT 1 FROM user_profiles WHERE id_key_hash IS NOT NULL LIMIT 1');
  if (anyUser.length === 0) return { progress: [], notices: [] };
  const { rows } = await tx.query<InsertedNotice & { progress_kind: string }>(
    `WITH p AS (
       SELECT * FROM json_to_recordset($1::json)
         AS p(project_no text, kind text, title text, body text, link text, dedup_key text)
     ), added AS (
       INSERT INTO notices (issuer, subject, kind, title, body, link, dedup_key, project_no)
       SELECT u.issuer, u.subject, 'case_progress', p.title, p.body, p.link, p.dedup_key, p.project_no
         FROM p
         JOIN case_acceptances a ON a.project_no = p.project_no
         JOIN user_profiles u ON u.id_key_hash = a.applicant_key_hash
       ON CONFLICT (issuer, subject, dedup_key) DO NOTHING
       RETURNING id, issuer, subject, kind, title, body, link, created_at, project_no, tracking_no, dedup_key
     )
     SELECT added.id, added.issuer, added.subject, added.kind, added.title, added.body, added.link,
            added.created_at, added.project_no, added.tracking_no, p.kind AS progress_kind
       FROM added JOIN p USING (dedup_key)`,
    [JSON.stringify(payload)],
  );
  return {
    progress: rows.map((row) => ({
      issuer: row.issuer,
      subject: row.subject,
      projectNo: row.project_no as string,
      kind: row.progress_kind,
    })),
    notices: rows.map((row) => ({
      issuer: row.issuer,
      subject: row.subject,
      notice: {
        id: String(row.id),
        kind: row.kind,
        title: row.title,
        body: row.body,
        link: row.link,
        read: false,
        createdAt: new Date(row.created_at).toISOString(),
        projectNo: row.project_no as string,
      },
    })),
  };
}

/** Inserts notices for applicants who have an account; returns what to publish as `case-progress`. */
export async function recordCaseProgress(
  tx: Sql,
  candidates: readonly ProgressCandidate[],
  settings: NoticeSettings = DEFAULT_NOTICE_SETTINGS,
): Promise<ProgressEvent[]> {
  if (candidates.length === 0) return [];
  return (await caseProgressNotices(tx, candidates, settings)).progress;
}

// ── Consultation replies and status ──────────────────────────────────────────────────────────────

const REPLY_TITLES: Readonly<Record<string, (kind: string) => string>> = {
  accepted: (kind) => `您的${kind}已受理`,
  replied: (kind) => `您的${kind}有了答复`,
  closed: (kind) => `您的${kind}已办结`,
  rejected: (kind) => `您的${kind}未予受理`,
};

interface TicketState {
  tracking_no: string;
  kind: string;
  status: string;
  user_issuer: string;
  user_subject: string;
  reply_id: string | null;
  reply_body: string | null;
}

async function replyNotices(
  tx: Sql,
  keys: { replies: { source: unknown; source_row_guid: unknown }[]; trackingNos: string[] },
  settings: NoticeSettings,
): Promise<{ notices: UserNotice[]; replies: PageEvents['replies'] }> {
  if (keys.replies.length === 0 && keys.trackingNos.length === 0) return { notices: [], replies: [] };
  // The ticket's state now, with its latest reply: one notice per state however many steps arrived.
  const { rows } = await tx.query<TicketState>(
    `WITH touched AS (
       SELECT r.consultation_id AS id
         FROM json_to_recordset($1::json) AS k(source text, source_row_guid text)
         JOIN consultation_replies r ON r.source = k.source AND r.source_row_guid = k.source_row_guid
       UNION
       SELECT c.id FROM consultations c WHERE c.tracking_no = ANY($2::text[])
     )
     SELECT c.tracking_no, c.kind, c.status, c.user_issuer, c.user_subject,
            last.id::text AS reply_id, last.body AS reply_body
       FROM touched JOIN consultations c ON c.id = touched.id
       LEFT JOIN LATERAL (
         SELECT r.id, r.body, r.replied_at FROM consultation_replies r
          WHERE r.consultation_id = c.id ORDER BY r.replied_at DESC, r.id DESC LIMIT 1
       ) last ON true
      WHERE c.user_subject IS NOT NULL AND c.status <> 'submitted'
        AND coalesce(last.replied_at, c.updated_at) > now() - make_interval(days => $3::int)`,
    [JSON.stringify(keys.replies), keys.trackingNos, settings.retentionDays],
  );
  const drafts: NoticeDraft[] = rows.map((row) => {
    const kindLabel = CONSULTATION_KIND_LABELS[row.kind as keyof typeof CONSULTATION_KIND_LABELS] ?? '诉求';
    const title = REPLY_TITLES[row.status]?.(kindLabel) ?? `您的${kindLabel}有新进展`;
    const reply = excerpt(row.reply_body);
    return {
      issuer: row.user_issuer,
      subject: row.user_subject,
      kind: 'reply',
      title,
      body: `查询码：${row.tracking_no}${reply ? `。${reply}` : ''}`,
      link: fill(settings.replyLink, 'trackingNo', row.tracking_no),
      dedup_key: `reply:${row.tracking_no}:${row.status}:${row.reply_id ?? '0'}`,
      tracking_no: row.tracking_no,
    };
  });
  const notices = await insertNotices(tx, drafts);
  const statusOf = new Map(rows.map((row) => [row.tracking_no, row.status]));
  const replies = notices.map(({ issuer, subject, notice }) => {
    const status = statusOf.get(notice.trackingNo as string) as string;
    return {
      issuer,
      subject,
      reply: {
        trackingNo: notice.trackingNo as string,
        status,
        statusLabel: CONSULTATION_STATUS_LABELS[status] ?? status,
      },
    };
  });
  return { notices, replies };
}

// ── 差评 rectification and 回访 ──────────────────────────────────────────────────────────────────

interface RectifiedRow {
  id: string;
  project_no: string;
  item_name: string | null;
  rectification_status: 'rectified' | 'revisited';
  rectification_text: string | null;
  revisit_result: string | null;
  issuer: string;
  subject: string;
}

async function rectificationNotices(
  tx: Sql,
  keys: { source: unknown; source_row_guid: unknown }[],
  settings: NoticeSettings,
): Promise<UserNotice[]> {
  if (keys.length === 0) return [];
  const { rows } = await tx.query<RectifiedRow>(
    `SELECT e.id::text AS id, e.project_no, e.item_name, e.rectification_status, e.rectification_text,
            e.revisit_result, coalesce(e.user_issuer, u.issuer) AS issuer, coalesce(e.user_subject, u.subject) AS subject
       FROM json_to_recordset($1::json) AS k(source text, source_row_guid text)
       JOIN evaluations e ON e.source = k.source AND e.source_row_guid = k.source_row_guid
       LEFT JOIN user_profiles u
         ON e.user_subject IS NULL AND e.evaluator_key_hash IS NOT NULL AND u.id_key_hash = e.evaluator_key_hash
      WHERE e.is_negative AND e.rectification_status IN ('rectified', 'revisited')
        AND coalesce(e.user_subject, u.subject) IS NOT NULL
        AND coalesce(CASE WHEN e.rectification_status = 'revisited' THEN e.revisited_at END,
                     CASE WHEN e.rectification_status = 'rectified' THEN e.rectified_at END,
                     e.source_changed_at, now()) > now() - make_interval(days => $2::int)`,
    [JSON.stringify(keys), settings.retentionDays],
  );
  const drafts: NoticeDraft[] = rows.map((row) => {
    const revisited = row.rectification_status === 'revisited';
    const about = `办件编号：${row.project_no}${row.item_name ? `（${excerpt(row.item_name, 40)}）` : ''}`;
    const detail = revisited
      ? excerpt(row.revisit_result)
      : row.rectification_text
        ? `整改情况：${excerpt(row.rectification_text)}`
        : '';
    return {
      issuer: row.issuer,
      subject: row.subject,
      kind: 'rectification',
      title: revisited ? '您的差评已回访' : '您反映的问题已整改',
      body: detail ? `${about}。${detail}` : about,
      link: fill(settings.rectificationLink, 'projectNo', row.project_no),
      dedup_key: `rectification:${row.id}:${row.rectification_status}`,
      project_no: row.project_no,
    };
  });
  return insertNotices(tx, drafts);
}

// ── Announcements ────────────────────────────────────────────────────────────────────────────────

async function announcementEvents(
  tx: Sql,
  keys: { source: unknown; source_row_guid: unknown }[],
): Promise<AnnouncementEvent[]> {
  if (keys.length === 0) return [];
  // Once per announcement: a replayed page finds announced_at set. One not yet published (scheduled)
  // or already expired is not broadcast; the public list shows it when it is current.
  const { rows } = await tx.query<{ id: string; title: string; region_code: string | null }>(
    `UPDATE announcements a SET announced_at = now()
       FROM json_to_recordset($1::json) AS k(source text, source_row_guid text)
      WHERE a.source = k.source AND a.source_row_guid = k.source_row_guid AND a.announced_at IS NULL
        AND a.published_at <= now() AND (a.expires_at IS NULL OR a.expires_at > now())
      RETURNING a.id::text AS id, a.title, a.region_code`,
    [JSON.stringify(keys)],
  );
  return rows.map((row) => ({ id: row.id, title: row.title, regionCode: row.region_code }));
}

// ── A page ───────────────────────────────────────────────────────────────────────────────────────

function traceKeys(records: readonly TracedRecord[], target: string) {
  const seen = new Set<string>();
  const keys: { source: unknown; source_row_guid: unknown }[] = [];
  for (const { record } of records) {
    if (record.target !== target || record.operation === 'delete') continue;
    const { source, source_row_guid: guid } = record.values;
    if (source === undefined || guid === undefined || guid === null) continue;
    const text = JSON.stringify([source, guid]);
    if (seen.has(text)) continue;
    seen.add(text);
    keys.push({ source, source_row_guid: guid });
  }
  return keys;
}

/**
 * All notices and events of one page, inside its transaction. `records` are the page's records that
 * were written (or found unchanged); `progress` the new case-progress rows (write-records.ts).
 */
export async function recordPageNotices(
  tx: Sql,
  page: { records: readonly TracedRecord[]; progress: readonly ProgressCandidate[]; settings: NoticeSettings },
): Promise<PageEvents> {
  const events = emptyPageEvents();
  const { settings, records } = page;
  if (page.progress.length > 0) {
    const progress = await caseProgressNotices(tx, page.progress, settings);
    events.progress.push(...progress.progress);
    events.notices.push(...progress.notices);
  }
  const trackingNos = [
    ...new Set(
      records
        .filter(({ record }) => record.target === 'consultations' && record.operation !== 'delete')
        .map(({ record }) => record.values.tracking_no)
        .filter((value): value is string => typeof value === 'string' && value.length > 0),
    ),
  ];
  const replies = await replyNotices(
    tx,
    { replies: traceKeys(records, 'consultation_replies'), trackingNos },
    settings,
  );
  events.notices.push(...replies.notices);
  events.replies.push(...replies.replies);
  events.notices.push(...(await rectificationNotices(tx, traceKeys(records, 'evaluations'), settings)));
  events.announcements.push(...(await announcementEvents(tx, traceKeys(records, 'announcements'))));
  return events;
}
