/**
 * The 好差评 API for signed-in users (issue 7; shapes: bff/api/contracts/evaluations.ts):
 *
 *   GET  /api/v1/evaluations/form?case=<办件编号>   what the form may offer; a refusal is data (200)
 *   POST /api/v1/evaluations                        rate a case → 201 MyEvaluation (200 on a repeat)
 *   GET  /api/v1/evaluations?mine=1&cursor&limit    my ratings with their 整改 state
 *
 * The personal space (bff/api/me/my-evaluations.ts) serves a summary list on the same path; both are
 * mounted here under one router, ours first. Our `?mine=1` answer is a superset of its
 * MyEvaluationSummary (rectificationLabel included), so its consumers keep working; its handler is
 * still mounted behind ours for anything we step aside from.
 *
 * A refused submission: 404 not_found (not the caller's case — the same answer as a case that does
 * not exist), 403 not_applicant (the caller is only the 经办人), 409 not_finished / already_evaluated,
 * 400 invalid_evaluation with `error.fields` (one Chinese message per field), 429 too_many_requests.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { requireUser, type AuthEnv } from '../../auth/guard.js';
import { userKeyOf } from '../../auth/user-key.js';
import { AppError, badRequest, errorBody } from '../../http/errors.js';
import { callerOf, type Caller } from '../shared/caller.js';
import { cursorParam, jsonBody, pageLimit, parseInput } from '../shared/params.js';
import { privateJson } from '../shared/private-json.js';
import { checkRateLimits, type RateLimitStore } from '../shared/rate-limit.js';
import { channelOf } from './channel.js';
import type { IndicatorList } from './indicators.js';
import type { EvaluationService } from './service.js';
import { checkSubmission } from './submission.js';

export interface EvaluationRouteDeps {
  service: EvaluationService;
  indicators: IndicatorList;
  maxTextLength: number;
  piiHashKey: string | undefined;
  rateLimits: RateLimitStore;
  submitLimit: { max: number; windowSeconds: number };
  /** The personal space's read handler for this path, mounted behind ours. */
  personalList?: Hono<AuthEnv>;
}

const PROJECT_NO = /^[0-9A-Za-z_-]{1,50}$/;
const mineParams = z.object({ cursor: cursorParam, limit: pageLimit(50, 20) });
const MINE_FIELD_NAMES = { cursor: '翻页位置', limit: '每页条数' };

/** Counter key per person: keyed like the event hub's user key, never the platform's raw subject. */
function rateKeyOf(caller: Caller, piiHashKey: string | undefined): string {
  const who = piiHashKey
    ? userKeyOf(caller.issuer, caller.subject, piiHashKey)
    : createHash('sha256').update(`${caller.issuer}\n${caller.subject}`).digest('hex');
  return `evaluations:submit:${who}`;
}

export function evaluationRoutes(deps: EvaluationRouteDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get('/form', requireUser(), async (c) => {
    const projectNo = (c.req.query('case') ?? '').trim();
    if (!PROJECT_NO.test(projectNo)) throw badRequest('“办件编号”有误：请从办件列表重新进入评价');
    const caller = callerOf(c, deps.piiHashKey);
    return privateJson(c, await deps.service.form(caller, projectNo));
  });

  app.post('/', requireUser(), async (c) => {
    const caller = callerOf(c, deps.piiHashKey);
    const limited = await checkRateLimits(deps.rateLimits, [
      {
        key: rateKeyOf(caller, deps.piiHashKey),
        max: deps.submitLimit.max,
        windowMs: deps.submitLimit.windowSeconds * 1000,
      },
    ]);
    if (limited.limited) {
      c.header('Retry-After', String(limited.retryAfterSeconds));
      throw new AppError(429, 'too_many_requests', '提交太频繁了，请稍等几分钟再试');
    }
    const body = (await jsonBody(c.req)) as Record<string, unknown>;
    const checked = checkSubmission(body, deps.indicators, deps.maxTextLength);
    if (!checked.ok) {
      const first = Object.values(checked.fields)[0] ?? '提交的内容有误，请检查后重试';
      const answer = errorBody('invalid_evaluation', first);
      return c.json({ error: { ...answer.error, fields: checked.fields } }, 400, {
        'Cache-Control': 'private, no-store',
      });
    }
    const { evaluation, created } = await deps.service.submit(caller, checked.value, channelOf(c.req.raw.headers));
    if (!created) c.header('Idempotent-Replayed', 'true');
    return privateJson(c, evaluation, created ? 201 : 200);
  });

  app.get('/', async (c, next) => {
    if (c.req.query('mine') !== '1') return next();
    return requireUser()(c, async () => {
      const query = parseInput(mineParams, c.req.query(), MINE_FIELD_NAMES);
      const caller = callerOf(c, deps.piiHashKey);
      c.res = privateJson(c, await deps.service.mine(caller, { cursor: query.cursor, limit: query.limit }));
    });
  });

  if (deps.personalList) app.route('/', deps.personalList);
  return app;
}
