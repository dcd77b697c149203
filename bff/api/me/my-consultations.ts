/**
 * GET /api/v1/consultations?mine=1 — the caller's own 咨询/投诉/建议 (read side only; issue 8 owns
 * writing and may mount under the same path: without `mine=1` this handler steps aside).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { requireUser, type AuthEnv } from '../../auth/guard.js';
import { badRequest } from '../../http/errors.js';
import type { Sql } from '../../store/types.js';
import type { MyConsultationSummary } from '../contracts/cases.js';
import { callerOf } from '../shared/caller.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { cursorParam, pageLimit, parseInput } from '../shared/params.js';
import { privateJson } from '../shared/private-json.js';
import { CONSULTATION_KIND_LABELS, CONSULTATION_STATUS_LABELS } from './labels.js';

const params = z.object({ cursor: cursorParam, limit: pageLimit(50, 20) });
const FIELD_NAMES = { cursor: '翻页位置', limit: '每页条数' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface ConsultationRow {
  id: string;
  tracking_no: string;
  kind: MyConsultationSummary['kind'];
  title: string;
  status: string;
  created_at: Date;
  promised_reply_date: string | null;
  replied_at: Date | null;
  sort_key: string;
}

export interface MyConsultationsResponse {
  consultations: MyConsultationSummary[];
  nextCursor: string | null;
}

function summary(row: ConsultationRow): MyConsultationSummary {
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
  };
}

export function myConsultationRoutes(deps: { sql: Sql; piiHashKey: string | undefined }): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.get('/', async (c, next) => {
    if (c.req.query('mine') !== '1') return next();
    return requireUser()(c, async () => {
      const query = parseInput(params, c.req.query(), FIELD_NAMES);
      const caller = callerOf(c, deps.piiHashKey);
      const after = query.cursor ? decodeCursor(query.cursor, 'consultations:mine', 2) : null;
      if (after && !UUID.test(String(after[1]))) throw badRequest('翻页位置无效，请回到第一页重新查看');
      const afterId = after ? String(after[1]) : null;
      const { rows } = await deps.sql.query<ConsultationRow>(
        `SELECT id, tracking_no, kind, title, status, created_at, promised_reply_date, replied_at,
                created_at::text AS sort_key
           FROM consultations
          WHERE user_issuer = $1 AND user_subject = $2
            AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
          ORDER BY created_at DESC, id DESC
          LIMIT $5`,
        [caller.issuer, caller.subject, afterId ? String(after?.[0]) : null, afterId, query.limit + 1],
      );
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const body: MyConsultationsResponse = {
        consultations: page.map(summary),
        nextCursor:
          rows.length > query.limit && last ? encodeCursor('consultations:mine', [last.sort_key, last.id]) : null,
      };
      c.res = privateJson(c, body);
    });
  });
  return app;
}
