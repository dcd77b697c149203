/**
 * The human-ticket area (issue 8 items 2, 3) assembled for app.ts: `/api/v1/consultations` with the
 * personal space's `?mine=1` list mounted behind it. Replies come back through the sync
 * (national-replies layout), not through this router.
 */
import type { Hono } from 'hono';
import type { AuthEnv } from '../../auth/guard.js';
import type { Config } from '../../config.js';
import type { Sql } from '../../store/types.js';
import { createMemoryRateLimitStore, type RateLimitStore } from '../shared/rate-limit.js';
import { consultationRoutes } from './routes.js';
import { createConsultationService, type ConsultationService } from './service.js';

export { consultationsConfigSchema, CONSULTATIONS_ENVIRONMENT_KEYS, type ConsultationsConfig } from './config.js';
export { createConsultationService, type ConsultationService } from './service.js';

export interface ConsultationApiDeps {
  sql: Sql;
  config: Pick<Config, 'consultations'>;
  piiHashKey: string | undefined;
  /** Submission and upload counters shared by instances (Redis); in-process when absent. */
  rateLimits?: RateLimitStore;
  /** The personal space's `?mine=1` reader for the same path (bff/api/me), mounted behind ours. */
  personalList?: Hono<AuthEnv>;
  /** After a ticket's outbox row committed: e.g. the deliverer's nudge(). */
  afterEnqueue?: () => void;
  now?: () => number;
}

export interface ConsultationApi {
  /** Mount at /api/v1/consultations. */
  consultations: Hono<AuthEnv>;
  service: ConsultationService;
}

export function consultationApi(deps: ConsultationApiDeps): ConsultationApi {
  const settings = deps.config.consultations;
  const service = createConsultationService({
    sql: deps.sql,
    settings,
    ...(deps.afterEnqueue ? { afterEnqueue: deps.afterEnqueue } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });
  const consultations = consultationRoutes({
    service,
    settings,
    piiHashKey: deps.piiHashKey,
    rateLimits: deps.rateLimits ?? createMemoryRateLimitStore(),
    ...(deps.personalList ? { personalList: deps.personalList } : {}),
  });
  return { consultations, service };
}
