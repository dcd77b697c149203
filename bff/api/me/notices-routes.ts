/**
 * The inbox (消息提醒; issue 9 extends it):
 *
 *   GET  /api/v1/notices?cursor&limit&unread=1&region=   newest first, with the unread count
 *   POST /api/v1/notices/:id/read                one notice read → { unread }
 *   POST /api/v1/notices/read-all                all read        → { unread: 0, marked }
 *
 * Writes need the X-CSRF header like every API call (enforced app-wide). After a write the caller's
 * other tabs hear `notices-read` on their SSE stream, so every bell shows the same count.
 *
 * Site announcements reach the inbox on read: the first page of a GET copies the current ones for the
 * whole province and `region` (12- or 6-digit area code the widget is configured with; without it,
 * province-wide ones only) into the caller's notices, once each, so that they are read and unread like
 * any notice (bff/api/announcements/queries.ts takeInAnnouncements).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { requireUser, type AuthEnv } from '../../auth/guard.js';
import { userKeyOf } from '../../auth/user-key.js';
import type { EventHub } from '../../events/hub.js';
import { AppError } from '../../http/errors.js';
import type { Logger } from '../../observability/logger.js';
import type { Sql } from '../../store/types.js';
import type { NoticeItem, NoticeListResponse } from '../contracts/cases.js';
import { callerOf, type Caller } from '../shared/caller.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { cursorParam, pageLimit, parseInput } from '../shared/params.js';
import { privateJson } from '../shared/private-json.js';
import { regionParam } from '../announcements/routes.js';
import { takeInAnnouncements } from '../announcements/queries.js';
import type { NoticeSettings } from '../../sync/engine/case-progress.js';
import type { UserRecorder } from '../shared/remember-user.js';
import { countUnread, markAllRead, markRead, selectNotices, type NoticeRow } from './notices-queries.js';

const listParams = z.object({
  cursor: cursorParam,
  limit: pageLimit(50, 20),
  unread: z.enum(['1', '0'], '只能是 1（只看未读）').optional(),
  region: regionParam,
});
const noticeId = z.string().regex(/^\d{1,15}$/, '格式不正确');
const FIELD_NAMES = { cursor: '翻页位置', limit: '每页条数', unread: '只看未读', region: '地区', '': '消息编号' };

const noticeNotFound = (): AppError => new AppError(404, 'notice_not_found', '没有找到这条消息，可能已被删除');

/**
 * Only a same-site path (or an in-page #fragment) is passed on: a notice's link comes from data,
 * and an external or javascript: URL there must never become a link on a government page.
 */
export function safeNoticeLink(link: string | null): string | null {
  if (!link) return null;
  return /^(\/(?![/\\])|#)[^\s\\]*$/.test(link) ? link : null;
}

function noticeItem(row: NoticeRow): NoticeItem {
  return {
    id: String(row.id),
    // Rows written before migration 0014 say 'case-progress'; the contract spells kinds with underscores.
    kind: row.kind.replace(/-/g, '_'),
    title: row.title,
    body: row.body,
    link: safeNoticeLink(row.link),
    read: row.read_at !== null,
    createdAt: row.created_at.toISOString(),
  };
}

export function noticeRoutes(deps: {
  sql: Sql;
  hub: EventHub;
  logger: Logger;
  piiHashKey: string | undefined;
  users: UserRecorder;
  /** config.notices: how many current announcements an inbox takes in, and for how long. */
  settings: NoticeSettings;
}): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const owner = (caller: Caller) => ({ issuer: caller.issuer, subject: caller.subject });

  /** Tells the caller's other tabs; a failure to tell them does not undo the write. */
  async function announce(caller: Caller, unread: number): Promise<void> {
    if (!deps.piiHashKey) return;
    try {
      await deps.hub.publish({
        type: 'notices-read',
        data: { unread },
        userKey: userKeyOf(caller.issuer, caller.subject, deps.piiHashKey),
      });
    } catch (error) {
      deps.logger.warn({ err: error }, 'notices-read event not published');
    }
  }

  app.get('/', requireUser(), async (c) => {
    const query = parseInput(listParams, c.req.query(), FIELD_NAMES);
    const caller = callerOf(c, deps.piiHashKey);
    await deps.users.remember(caller);
    const unreadOnly = query.unread === '1';
    const scope = `notices:${unreadOnly ? 'unread' : 'all'}`;
    const after = query.cursor ? decodeCursor(query.cursor, scope, 2) : null;
    if (after && !/^\d{1,15}$/.test(String(after[1]))) throw decodeCursorError();
    if (!after) {
      const { settings } = deps;
      await takeInAnnouncements(deps.sql, owner(caller), {
        region: query.region ?? null,
        limit: settings.announcementsInInbox,
        retentionDays: settings.retentionDays,
      });
    }
    const [rows, unread] = await Promise.all([
      selectNotices(deps.sql, owner(caller), {
        unreadOnly,
        after: after ? { sortKey: String(after[0]), id: Number(after[1]) } : null,
        limit: query.limit + 1,
      }),
      countUnread(deps.sql, owner(caller)),
    ]);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const body: NoticeListResponse = {
      notices: page.map(noticeItem),
      unread,
      nextCursor: rows.length > query.limit && last ? encodeCursor(scope, [last.sort_key, String(last.id)]) : null,
    };
    return privateJson(c, body);
  });

  app.post('/read-all', requireUser(), async (c) => {
    const caller = callerOf(c, deps.piiHashKey);
    const marked = await markAllRead(deps.sql, owner(caller));
    await announce(caller, 0);
    return privateJson(c, { unread: 0, marked });
  });

  app.post('/:id/read', requireUser(), async (c) => {
    const id = Number(parseInput(noticeId, c.req.param('id'), FIELD_NAMES));
    const caller = callerOf(c, deps.piiHashKey);
    if (!(await markRead(deps.sql, owner(caller), id))) throw noticeNotFound();
    const unread = await countUnread(deps.sql, owner(caller));
    await announce(caller, unread);
    return privateJson(c, { unread });
  });

  return app;
}

function decodeCursorError(): AppError {
  return new AppError(400, 'bad_request', '翻页位置无效，请回到第一页重新查看');
}
