/**
 * The 好差评 area assembled for app.ts: the signed-in API (form, submit, mine), the public
 * statistics and the operators' CSV. The invitation listener is started by start.ts (invitations.ts),
 * because it lives as long as the process, not as long as a router.
 */
import type { Hono } from 'hono';
import type { AuthEnv } from '../../auth/guard.js';
import type { Config } from '../../config.js';
import type { Sql } from '../../store/types.js';
import { defaultSyncConfig } from '../../sync/config.js';
import { createMemoryRateLimitStore, type RateLimitStore } from '../shared/rate-limit.js';
import { loadIndicatorList } from './indicators.js';
import { evaluationRoutes } from './routes.js';
import { createEvaluationService } from './service.js';
import { evaluationStatsRoutes } from './stats-routes.js';

export { evaluableCases } from './evaluable.js';
export { startEvaluationInvitations, type InvitationListener } from './invitations.js';
export { evaluationsConfigSchema, EVALUATIONS_ENVIRONMENT_KEYS, type EvaluationsConfig } from './config.js';

export interface EvaluationApiDeps {
  sql: Sql;
  config: Config;
  piiHashKey: string | undefined;
  /** Submission counters shared by instances (Redis); in-process when absent. */
  rateLimits?: RateLimitStore;
  /** The personal space's `?mine=1` reader for the same path (bff/api/me), mounted behind ours. */
  personalList?: Hono<AuthEnv>;
  /** After a rating's outbox row committed: e.g. the deliverer's nudge(). */
  afterEnqueue?: () => void;
}

export interface EvaluationApi {
  /** Mount at /api/v1/evaluations. */
  evaluations: Hono<AuthEnv>;
  /** Mount at /api/v1/evaluation-stats. */
  stats: Hono;
  /** Mount at /api/v1/evaluation-stats.csv. */
  statsCsv: Hono;
}

/** The source the national layout writes evaluations under (config.sync.sourceId, default 'front'). */
export function syncSourceIdOf(config: Config): string {
  const sync = (config as Config & { sync?: { sourceId?: string } }).sync;
  return sync?.sourceId ?? defaultSyncConfig().sourceId;
}

export function evaluationApi(deps: EvaluationApiDeps): EvaluationApi {
  const settings = deps.config.evaluations;
  const indicators = loadIndicatorList(settings.indicatorsFile);
  const service = createEvaluationService({
    sql: deps.sql,
    indicators,
    rules: settings,
    sourceId: syncSourceIdOf(deps.config),
    ...(deps.afterEnqueue ? { afterEnqueue: deps.afterEnqueue } : {}),
  });
  const evaluations = evaluationRoutes({
    service,
    indicators,
    maxTextLength: settings.maxTextLength,
    piiHashKey: deps.piiHashKey,
    rateLimits: deps.rateLimits ?? createMemoryRateLimitStore(),
    submitLimit: { max: settings.submitMax, windowSeconds: settings.submitWindowSeconds },
    ...(deps.personalList ? { personalList: deps.personalList } : {}),
  });
  const { json, csv } = evaluationStatsRoutes({ sql: deps.sql, adminToken: deps.config.adminToken });
  return { evaluations, stats: json, statsCsv: csv };
}
