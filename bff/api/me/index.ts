/**
 * The personal space's API, assembled for app.ts: my cases and the anonymous case lookup
 * (bff/api/cases), my profile, my notices, my evaluations and consultations (read side).
 */
import type { Hono } from 'hono';
import type { AuthEnv } from '../../auth/guard.js';
import type { Config } from '../../config.js';
import type { EventHub } from '../../events/hub.js';
import type { Logger } from '../../observability/logger.js';
import type { Sql } from '../../store/types.js';
import { caseRoutes } from '../cases/routes.js';
import { createMemoryRateLimitStore, type RateLimitStore } from '../shared/rate-limit.js';
import { createUserRecorder } from '../shared/remember-user.js';
import { myConsultationRoutes } from './my-consultations.js';
import { myEvaluationRoutes } from './my-evaluations.js';
import { noticeRoutes } from './notices-routes.js';
import { profileRoutes } from './profile-routes.js';

export interface PersonalSpaceDeps {
  sql: Sql;
  config: Pick<Config, 'caseLookup' | 'userSpace' | 'notices'> & Partial<Pick<Config, 'evaluations'>>;
  hub: EventHub;
  logger: Logger;
  /** Keyed-hash secret: config.piiHashKey or the embedded one. */
  piiHashKey: string | undefined;
  /** Attempt counters shared by instances (Redis); in-process when absent. */
  rateLimits?: RateLimitStore;
}

export interface PersonalSpaceApi {
  cases: Hono<AuthEnv>;
  caseLookup: Hono;
  me: Hono<AuthEnv>;
  notices: Hono<AuthEnv>;
  myEvaluations: Hono<AuthEnv>;
  myConsultations: Hono<AuthEnv>;
}

export function personalSpaceApi(deps: PersonalSpaceDeps): PersonalSpaceApi {
  const { sql, piiHashKey } = deps;
  const users = createUserRecorder(sql, deps.logger);
  const { cases, caseLookup } = caseRoutes({
    sql,
    piiHashKey,
    lookup: deps.config.caseLookup,
    ...(deps.config.evaluations ? { evaluationRules: deps.config.evaluations } : {}),
    rateLimits: deps.rateLimits ?? createMemoryRateLimitStore(),
    users,
  });
  return {
    cases,
    caseLookup,
    me: profileRoutes({ piiHashKey, profileUrl: deps.config.userSpace.profileUrl, users }),
    notices: noticeRoutes({
      sql,
      hub: deps.hub,
      logger: deps.logger,
      piiHashKey,
      users,
      settings: deps.config.notices,
    }),
    myEvaluations: myEvaluationRoutes({ sql, piiHashKey }),
    myConsultations: myConsultationRoutes({ sql, piiHashKey }),
  };
}
