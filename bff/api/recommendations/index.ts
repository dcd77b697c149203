/**
 * 猜你想办's API assembled for app.ts: the life-event bundles are read (and validated) once here,
 * so a broken config/recommendations file stops start-up instead of recommending nothing.
 */
import type { Hono } from 'hono';
import type { AuthEnv } from '../../auth/guard.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../observability/logger.js';
import { recommendationsConfigSchema } from '../../recommend/config.js';
import { loadLifeEvents } from '../../recommend/life-events.js';
import type { Sql } from '../../store/types.js';
import { createMemoryRateLimitStore, type RateLimitStore } from '../shared/rate-limit.js';
import { recommendationRoutes } from './routes.js';

export function recommendationApi(deps: {
  sql: Sql;
  config: Pick<Config, 'recommendations'>;
  logger: Logger;
  piiHashKey: string | undefined;
  rateLimits?: RateLimitStore;
}): Hono<AuthEnv> {
  // Hand-built configs in other areas' tests may lack the section: the defaults then.
  const config = deps.config.recommendations ?? recommendationsConfigSchema.parse({});
  return recommendationRoutes({
    sql: deps.sql,
    config,
    bundles: loadLifeEvents(config.lifeEvents),
    piiHashKey: deps.piiHashKey,
    rateLimits: deps.rateLimits ?? createMemoryRateLimitStore(),
    logger: deps.logger,
  });
}
