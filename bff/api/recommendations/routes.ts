/**
 * 猜你想办 (issue 9), shapes in bff/api/contracts/push.ts:
 *
 *   GET    /api/v1/recommendations?region&dept&limit   anyone; anonymous → popular only, nothing stored
 *   GET    /api/v1/recommendations/consent             signed in: my choice and the retention limit
 *   POST   /api/v1/recommendations/consent             { consent } — opting out deletes my activity (PUT too)
 *   POST   /api/v1/recommendations/activity            { kind, itemCode | query } — 204; stored only with consent
 *   GET    /api/v1/recommendations/activity            everything kept about me
 *   DELETE /api/v1/recommendations/activity            all of it gone → 204
 *
 * The anonymous answer never reads or writes anything about the caller and sets no cookie; it is the
 * same for everyone asking the same URL, so it may be cached like the navigation API's answers.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { requireUser, type AuthEnv, type RequestAuth } from '../../auth/guard.js';
import { userKeyOf } from '../../auth/user-key.js';
import { AppError } from '../../http/errors.js';
import type { Logger } from '../../observability/logger.js';
import { deleteActivity, listActivity, readConsent, recordActivity, writeConsent } from '../../recommend/activity.js';
import type { RecommendationsConfig } from '../../recommend/config.js';
import type { LifeEventBundle } from '../../recommend/life-events.js';
import { recommend } from '../../recommend/recommender.js';
import type { Sql } from '../../store/types.js';
import type { ActivityListResponse, RecommendationConsent, RecommendationResponse } from '../contracts/push.js';
import { publicJson } from '../items/http-cache.js';
import { caseKeysOf, callerOf, type Caller } from '../shared/caller.js';
import { jsonBody, parseInput } from '../shared/params.js';
import { privateJson } from '../shared/private-json.js';
import { checkRateLimits, type RateLimitStore } from '../shared/rate-limit.js';

const listParams = z.object({
  region: z
    .string()
    .regex(/^\d{6}(\d{6})?$/, '应为6位或12位行政区划代码')
    .transform((code) => code.padEnd(12, '0'))
    .optional(),
  dept: z
    .string()
    .regex(/^[0-9A-Z]{18}$/, '应为18位统一社会信用代码')
    .optional(),
  limit: z.coerce.number().int('应为整数').min(1, '至少为1').max(20, '不能超过20').default(6),
});

const consentBody = z.object({ consent: z.boolean('应为 true（同意）或 false（不同意）') });

const itemCode = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, '事项编码格式不正确');
const activityBody = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('view'), itemCode }),
    // Longer input is refused rather than silently cut: 200 is far beyond any search box.
    z.object({ kind: z.literal('search'), query: z.string().trim().min(1, '不能为空').max(200, '不能超过200个字') }),
  ],
  { error: '只能是 view（浏览）或 search（搜索）' },
);

const FIELD_NAMES = {
  region: '地区',
  dept: '部门',
  limit: '推荐条数',
  consent: '是否同意',
  kind: '记录类型',
  itemCode: '事项编码',
  query: '搜索内容',
};

export interface RecommendationApiDeps {
  sql: Sql;
  config: RecommendationsConfig;
  bundles: readonly LifeEventBundle[];
  piiHashKey: string | undefined;
  rateLimits: RateLimitStore;
  logger: Logger;
}

export function recommendationRoutes(deps: RecommendationApiDeps): Hono<AuthEnv> {
  const { sql, config } = deps;
  const app = new Hono<AuthEnv>();
  const owner = (caller: Caller) => ({ issuer: caller.issuer, subject: caller.subject });

  app.get('/', async (c) => {
    const query = parseInput(listParams, c.req.query(), FIELD_NAMES);
    // Optional sign-in: the session is looked up, never created (no cookie for anonymous callers).
    const auth = (c as Context<AuthEnv>).get('auth') as RequestAuth | undefined;
    const session = await auth?.session();
    if (!session) {
      const body: RecommendationResponse = {
        recommendations: await recommend(sql, deps.bundles, config, {
          region: query.region,
          dept: query.dept,
          limit: query.limit,
        }),
        mode: 'anonymous',
        consent: null,
      };
      return publicJson(c, body);
    }
    const who = { issuer: session.issuer, subject: session.subject };
    const { consent } = await readConsent(sql, who);
    const body: RecommendationResponse = {
      recommendations: await recommend(sql, deps.bundles, config, {
        region: query.region,
        dept: query.dept,
        limit: query.limit,
        user: { caseKeys: caseKeysOf(session.user, deps.piiHashKey), owner: who, consent },
      }),
      mode: consent ? 'personal' : 'basic',
      consent,
    };
    return privateJson(c, body);
  });

  const consentOf = (state: { consent: boolean; updatedAt: Date | null }): RecommendationConsent => ({
    consent: state.consent,
    retentionDays: config.retentionDays,
    updatedAt: state.updatedAt ? state.updatedAt.toISOString() : null,
  });

  app.get('/consent', requireUser(), async (c) => {
    const caller = callerOf(c, deps.piiHashKey);
    return privateJson(c, consentOf(await readConsent(sql, owner(caller))));
  });

  // POST as well as PUT: the widgets' runtime client sends GET/POST/DELETE only (its chunk is at its size budget).
  app.on(['POST', 'PUT'], '/consent', requireUser(), async (c) => {
    const body = parseInput(consentBody, await jsonBody(c.req), FIELD_NAMES);
    const caller = callerOf(c, deps.piiHashKey);
    const state = await writeConsent(sql, { ...owner(caller), userType: caller.user.userType }, body.consent);
    if (state.deleted > 0) deps.logger.info({ deleted: state.deleted }, 'recommendation activity deleted on opt-out');
    return privateJson(c, consentOf(state));
  });

  app.post('/activity', requireUser(), async (c) => {
    const caller = callerOf(c, deps.piiHashKey);
    // Counted per user (keyed, so the counter name says nothing about who), before any parsing.
    const userKey = deps.piiHashKey ? userKeyOf(caller.issuer, caller.subject, deps.piiHashKey) : caller.subject;
    const limited = await checkRateLimits(deps.rateLimits, [
      { key: `recommend-activity:${userKey}`, max: config.activityPerMinute, windowMs: 60_000 },
    ]);
    if (limited.limited) {
      c.header('Retry-After', String(limited.retryAfterSeconds));
      throw new AppError(429, 'too_many_requests', '操作太频繁了，请稍后再试');
    }
    const body = parseInput(activityBody, await jsonBody(c.req), FIELD_NAMES);
    await recordActivity(
      sql,
      owner(caller),
      body.kind === 'view' ? { kind: 'view', itemCode: body.itemCode } : { kind: 'search', query: body.query },
      config.maxActivityPerUser,
    );
    // The same answer whether or not it was stored: a page cannot probe the user's choice.
    return c.body(null, 204, { 'Cache-Control': 'no-store' });
  });

  app.get('/activity', requireUser(), async (c) => {
    const caller = callerOf(c, deps.piiHashKey);
    const rows = await listActivity(sql, owner(caller));
    const body: ActivityListResponse = {
      activity: rows.map((row) => ({
        id: row.id,
        kind: row.kind,
        itemCode: row.item_code,
        itemName: row.item_name,
        query: row.query,
        at: row.at.toISOString(),
      })),
      retentionDays: config.retentionDays,
    };
    return privateJson(c, body);
  });

  app.delete('/activity', requireUser(), async (c) => {
    const caller = callerOf(c, deps.piiHashKey);
    const deleted = await deleteActivity(sql, owner(caller));
    if (deleted > 0) deps.logger.info({ deleted }, 'recommendation activity deleted on request');
    return c.body(null, 204, { 'Cache-Control': 'no-store' });
  });

  return app;
}
