/**
 * Public statistics and the operators' export:
 *
 *   GET /api/v1/evaluation-stats?dept=&region=&item=&from=&to=&group=dept|region|item|month&limit=
 *       public, the same for everyone: cacheable by browsers and the site's gateway (max-age + ETag)
 *   GET /api/v1/evaluation-stats.csv?…same filters   operators only (the /admin/v1 bearer token)
 *
 * Shape: EvaluationStatsResponse (bff/api/contracts/evaluations.ts) plus `groupCount`, the number of
 * groups before `limit` cut the list.
 */
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { requireAdminToken } from '../../admin/admin-token.js';
import type { Sql } from '../../store/types.js';
import { csvFileName, statsCsv } from './stats-csv.js';
import { parseStatsQuery } from './stats-params.js';
import { evaluationStats } from './stats.js';

/** Ratings arrive with the sync every few minutes; five minutes of staleness is what 公示 pages accept. */
export const STATS_MAX_AGE_SECONDS = 300;

function etagOf(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}

/** Unlike items' publicJson, no `Vary: Cookie`: the answer is the same for every caller. */
function publicJson(c: Context, value: unknown): Response {
  const body = JSON.stringify(value);
  const etag = etagOf(body);
  const headers = { 'Cache-Control': `public, max-age=${STATS_MAX_AGE_SECONDS}`, ETag: etag };
  const ifNoneMatch = c.req.header('If-None-Match');
  if (ifNoneMatch?.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) {
    return c.body(null, 304, headers);
  }
  return c.body(body, 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
}

export interface StatsRouteDeps {
  sql: Sql;
  /** The operator token (config.adminToken); unset: the export answers 503 like /admin/v1. */
  adminToken: string | undefined;
  now?: () => number;
}

export function evaluationStatsRoutes(deps: StatsRouteDeps): { json: Hono; csv: Hono } {
  const now = deps.now ?? Date.now;

  const json = new Hono();
  json.get('/', async (c) => {
    const query = parseStatsQuery(c.req.query(), now());
    const stats = await evaluationStats(deps.sql, query);
    return publicJson(c, stats.response);
  });

  const csv = new Hono();
  csv.get('/', requireAdminToken(deps.adminToken), async (c) => {
    const query = parseStatsQuery(c.req.query(), now());
    const stats = await evaluationStats(deps.sql, query);
    const name = csvFileName(query);
    return c.body(statsCsv(stats, query), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name.ascii}"; filename*=UTF-8''${name.utf8}`,
      'Cache-Control': 'private, no-store',
    });
  });

  return { json, csv };
}
