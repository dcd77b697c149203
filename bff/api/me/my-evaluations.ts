/**
 * GET /api/v1/evaluations?mine=1 — the caller's own 好差评 (read side only; issue 7 owns writing
 * and may mount its routes under the same path: without `mine=1` this handler steps aside).
 * Mine = given through our widget while signed in (user_issuer/subject), or received from the
 * platform for one of the caller's ID key hashes (evaluator_key_hash).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { requireUser, type AuthEnv } from '../../auth/guard.js';
import { badRequest } from '../../http/errors.js';
import type { Sql } from '../../store/types.js';
import type { MyEvaluationSummary } from '../contracts/cases.js';
import { callerOf } from '../shared/caller.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { cursorParam, pageLimit, parseInput } from '../shared/params.js';
import { privateJson } from '../shared/private-json.js';
import { RECTIFICATION_LABELS, SATISFACTION_LABELS } from './labels.js';

const params = z.object({ cursor: cursorParam, limit: pageLimit(50, 20) });
const FIELD_NAMES = { cursor: '翻页位置', limit: '每页条数' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface EvaluationRow {
  id: string;
  project_no: string;
  item_name: string | null;
  satisfaction_level: number;
  text: string | null;
  evaluated_at: Date;
  is_negative: boolean;
  rectification_status: string | null;
  sort_key: string;
}

export interface MyEvaluationsResponse {
  evaluations: MyEvaluationSummary[];
  nextCursor: string | null;
}

function summary(row: EvaluationRow): MyEvaluationSummary {
  return {
    id: row.id,
    projectNo: row.project_no,
    itemName: row.item_name,
    level: row.satisfaction_level,
    levelLabel: SATISFACTION_LABELS[row.satisfaction_level] ?? String(row.satisfaction_level),
    text: row.text,
    evaluatedAt: row.evaluated_at.toISOString(),
    // A 差评 with no status yet has not been taken up: 待整改.
    rectificationLabel: row.is_negative ? (RECTIFICATION_LABELS[row.rectification_status ?? 'pending'] ?? null) : null,
  };
}

export function myEvaluationRoutes(deps: { sql: Sql; piiHashKey: string | undefined }): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.get('/', async (c, next) => {
    if (c.req.query('mine') !== '1') return next();
    return requireUser()(c, async () => {
      const query = parseInput(params, c.req.query(), FIELD_NAMES);
      const caller = callerOf(c, deps.piiHashKey);
      const after = query.cursor ? decodeCursor(query.cursor, 'evaluations:mine', 2) : null;
      if (after && !UUID.test(String(after[1]))) throw badRequest('翻页位置无效，请回到第一页重新查看');
      const afterId = after ? String(after[1]) : null;
      const { rows } = await deps.sql.query<EvaluationRow>(
        `SELECT e.id, e.project_no, coalesce(e.item_name, a.item_name) AS item_name, e.satisfaction_level, e.text,
                e.evaluated_at, e.is_negative, e.rectification_status, e.evaluated_at::text AS sort_key
           FROM evaluations e
           LEFT JOIN case_acceptances a ON a.project_no = e.project_no
          WHERE ((e.user_issuer = $1 AND e.user_subject = $2) OR e.evaluator_key_hash = ANY($3::text[]))
            AND ($4::timestamptz IS NULL OR (e.evaluated_at, e.id) < ($4::timestamptz, $5::uuid))
          ORDER BY e.evaluated_at DESC, e.id DESC
          LIMIT $6`,
        [caller.issuer, caller.subject, caller.caseKeys, afterId ? String(after?.[0]) : null, afterId, query.limit + 1],
      );
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const body: MyEvaluationsResponse = {
        evaluations: page.map(summary),
        nextCursor:
          rows.length > query.limit && last ? encodeCursor('evaluations:mine', [last.sort_key, last.id]) : null,
      };
      c.res = privateJson(c, body);
    });
  });
  return app;
}
