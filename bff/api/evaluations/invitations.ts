/**
 * Evaluation invitations (issue 7 item 3): when a case reaches 办结, its applicant finds an
 * invitation to rate it in the inbox (消息提醒) and, when online, at once through their event stream.
 *
 * Listens on the event hub for the sync engine's `case-progress` events of kind `result` (published
 * after the page that wrote the result committed). For each account of the case's applicant —
 * user_profiles.id_key_hash = case_acceptances.applicant_key_hash, the same match as the engine's
 * progress notices — one notice is inserted with dedup_key `evaluation-invitation:<办件编号>`; the
 * unique (issuer, subject, dedup_key) makes it once per case however often the event comes (a
 * replayed page, several BFF instances on one Redis hub). Only an inserted notice is announced, as a
 * `notice` event for that user. A case already rated gets no invitation.
 */
import { userKeyOf } from '../../auth/user-key.js';
import type { EventHub, HubEvent } from '../../events/hub.js';
import type { Logger } from '../../observability/logger.js';
import type { Sql } from '../../store/types.js';
import type { NoticeItem } from '../contracts/cases.js';

export const INVITATION_KIND = 'evaluation_invitation';

export interface InvitationDeps {
  sql: Sql;
  hub: EventHub;
  logger: Pick<Logger, 'warn'>;
  /** Keyed-hash secret of the event user keys; without it nobody can be told live (notices still land). */
  piiHashKey: string | undefined;
  /** evaluations.invitationLink: a same-site path or #fragment with `{projectNo}`. */
  linkTemplate: string;
}

export interface InvitationListener {
  /** Creates the invitations for one case (what an event triggers); the notices created. */
  invite(projectNo: string): Promise<NoticeItem[]>;
  /** Resolves when every event received so far has been handled (tests, shutdown). */
  idle(): Promise<void>;
  stop(): void;
}

interface InsertedNotice {
  id: string | number;
  issuer: string;
  subject: string;
  title: string;
  body: string | null;
  link: string | null;
  created_at: Date;
}

function isResultEvent(event: HubEvent): event is HubEvent & { data: { projectNo: string; kind: 'result' } } {
  const data = event.data as { projectNo?: unknown; kind?: unknown } | null;
  return (
    event.type === 'case-progress' &&
    typeof data === 'object' &&
    data !== null &&
    data.kind === 'result' &&
    typeof data.projectNo === 'string' &&
    data.projectNo.length > 0 &&
    data.projectNo.length <= 50
  );
}

export function startEvaluationInvitations(deps: InvitationDeps): InvitationListener {
  // One at a time, in arrival order: the hub calls listeners synchronously and must not wait for SQL.
  let queue: Promise<void> = Promise.resolve();

  async function invite(projectNo: string): Promise<NoticeItem[]> {
    const link = deps.linkTemplate.replaceAll('{projectNo}', encodeURIComponent(projectNo));
    const { rows } = await deps.sql.query<InsertedNotice>(
      `INSERT INTO notices (issuer, subject, kind, title, body, link, dedup_key)
       SELECT u.issuer, u.subject, $2, '请为您已办结的事项评价',
              '办件编号：' || a.project_no || coalesce('，' || a.item_name, '') ||
              '。您的评价会帮助办理部门改进服务，差评会有专人核实整改。',
              $3, 'evaluation-invitation:' || a.project_no
         FROM case_acceptances a
         JOIN case_results r ON r.project_no = a.project_no
         JOIN user_profiles u ON u.id_key_hash = a.applicant_key_hash
        WHERE a.project_no = $1
          AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.project_no = a.project_no)
       ON CONFLICT (issuer, subject, dedup_key) DO NOTHING
       RETURNING id, issuer, subject, title, body, link, created_at`,
      [projectNo, INVITATION_KIND, link],
    );
    const notices: NoticeItem[] = [];
    for (const row of rows) {
      const notice: NoticeItem = {
        id: String(row.id),
        kind: INVITATION_KIND,
        title: row.title,
        body: row.body,
        link: row.link,
        read: false,
        createdAt: row.created_at.toISOString(),
      };
      notices.push(notice);
      if (!deps.piiHashKey) continue;
      try {
        await deps.hub.publish({
          type: 'notice',
          data: { ...notice, projectNo },
          userKey: userKeyOf(row.issuer, row.subject, deps.piiHashKey),
        });
      } catch (error) {
        // The notice is stored; the inbox shows it on the next refresh.
        deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, '评价邀请事件发布失败');
      }
    }
    return notices;
  }

  const unsubscribe = deps.hub.subscribe((event) => {
    if (!isResultEvent(event)) return;
    const projectNo = event.data.projectNo;
    queue = queue
      .then(() => invite(projectNo))
      .then(
        () => undefined,
        (error: unknown) => {
          deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, '评价邀请未能创建');
        },
      );
  });

  return {
    invite,
    idle: () => queue,
    stop: unsubscribe,
  };
}
