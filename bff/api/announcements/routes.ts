/**
 * `GET /api/v1/announcements?region=&limit=` (public, issue 9): the current site announcements — 系统维护,
 * 政策发布, 办事提醒 pushed by the service management platform through the sync — for the whole province
 * and the region (and the areas above it), newest first; expired and not-yet-published ones hidden.
 * New ones are also broadcast as the SSE `announcement` event (bff/sync/engine/case-progress.ts), and a
 * signed-in user finds them in the inbox (bff/api/me/notices-routes.ts).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AnnouncementListResponse } from '../contracts/push.js';
import { publicJson } from '../items/http-cache.js';
import { pageLimit, parseInput } from '../shared/params.js';
import type { Sql } from '../../store/types.js';
import { selectCurrentAnnouncements } from './queries.js';

/** A 6-digit GB/T 2260 code or a 12-digit area code. */
export const regionParam = z
  .string()
  .regex(/^(\d{6}|\d{12})$/, '应为 6 位或 12 位行政区划代码')
  .optional();

const listParams = z.object({ region: regionParam, limit: pageLimit(50, 10) });
const FIELD_NAMES = { region: '地区', limit: '条数' };

export function announcementRoutes(deps: { sql: Sql }): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const query = parseInput(listParams, c.req.query(), FIELD_NAMES);
    const body: AnnouncementListResponse = {
      announcements: await selectCurrentAnnouncements(deps.sql, { region: query.region ?? null, limit: query.limit }),
    };
    return publicJson(c, body);
  });
  return app;
}
