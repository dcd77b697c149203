/**
 * The BFF as one Hono app. This file only composes; each piece lives in its own module.
 * Routes are relative to the BFF's base (architecture §6): `/govdock/api/v1/meta` and
 * `/api/v1/meta` both reach the same route when publicBaseUrl ends in `/govdock`.
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { operatorPageRoutes } from './admin/page/routes.js';
import { adminRoutes, type AdminServices } from './admin/routes.js';
import { assistantApi } from './api/assistant/index.js';
import { createAnswerCache } from './api/items/answer-cache.js';
import { librarySqlOf, navigationApi } from './api/items/routes.js';
import { metaRoutes } from './api/meta/routes.js';
import { evaluationApi } from './api/evaluations/index.js';
import { consultationApi } from './api/consultations/index.js';
import { personalSpaceApi } from './api/me/index.js';
import { announcementRoutes } from './api/announcements/index.js';
import { recommendationApi } from './api/recommendations/index.js';
import type { RateLimitStore } from './api/shared/rate-limit.js';
import { unconfiguredAuth, type Auth } from './auth/index.js';
import { siteBasePaths } from './auth/sites.js';
import type { Config } from './config.js';
import type { EventHub } from './events/hub.js';
import { registerEventMetrics } from './events/metrics.js';
import { eventRoutes, type EventRouteOptions } from './events/routes.js';
import { basePathStripper } from './http/base-path.js';
import { corsAllowList } from './http/cors.js';
import { requireCsrfHeader } from './http/csrf.js';
import type { AppEnv } from './http/env.js';
import { createErrorHandler, notFoundHandler } from './http/errors.js';
import { govSecureHeaders } from './http/secure-headers.js';
import { demoPagesOr } from './http/static/demo.js';
import { widgetRoutes } from './http/static/widgets.js';
import { accessLog } from './observability/access-log.js';
import { healthRoutes, type ReadinessProbe } from './observability/health.js';
import type { Logger } from './observability/logger.js';
import { createMetrics, httpMetrics, metricsRoutes, type Metrics } from './observability/metrics.js';
import { searchGeneration } from './search/reindex.js';
import { createSearchContext } from './search/search-service.js';
import type { Sql } from './store/types.js';

export interface AppDeps {
  config: Config;
  /**
   * The resource library. Readiness needs only `query`; the navigation and search API (`/api/v1/items` …)
   * is mounted when this is a full `Sql` (a Store), so other areas' tests may still pass a bare probe.
   */
  store: ReadinessProbe | Sql;
  logger: Logger;
  hub: EventHub;
  /** Override config.widgetsDir / config.demoDir (tests). */
  widgetsDir?: string;
  demoDir?: string;
  /** Share a registry with workers (sync); a fresh one per app otherwise. */
  metrics?: Metrics;
  /** SSE tuning and the identity hook (`resolveUserKey`; defaults to the identity area's). */
  events?: EventRouteOptions;
  /** The identity area (`createAuth`); without it everyone is anonymous and login answers 503. */
  auth?: Auth;
  /** The operator API's store, sync engine, layout and doctor; without them `/admin/v1` answers 503. */
  admin?: AdminServices;
  /** Keyed-hash secret for the personal space (查询码, case keys): config.piiHashKey or the embedded one. */
  piiHashKey?: string;
  /** Attempt counters of the anonymous case lookup, shared by instances (Redis); in-process when absent. */
  rateLimits?: RateLimitStore;
  /** Keep public navigation answers in memory by index generation (default true; benches compare without). */
  cacheAnswers?: boolean;
}

/** The development platform's origin when auth is docked onto it (`npm start`), else nothing. */
function devPlatformConnectSrc(config: Config): string[] {
  const issuer = config.auth?.issuer;
  if (!config.devAuthPlatform.enabled || !issuer || !URL.canParse(issuer)) return [];
  const origin = new URL(issuer).origin;
  return origin === `http://${config.host}:${config.devAuthPlatform.port}` ? [origin] : [];
}

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { config, logger, hub } = deps;
  const metrics = deps.metrics ?? createMetrics();
  const auth = deps.auth ?? unconfiguredAuth();
  // Configured but not built (the caller forgot createAuth): say so rather than fail silently.
  if (!deps.auth && config.auth) logger.warn('auth is configured but createApp got no identity area; login is off');
  registerEventMetrics(metrics, hub);
  // Relative folders are relative to the project, not the shell's cwd, so `npm start` works anywhere.
  const widgetsDir = resolve(projectRoot, deps.widgetsDir ?? config.widgetsDir);
  const demoDir = resolve(projectRoot, deps.demoDir ?? config.demoDir);

  const app = new Hono<AppEnv>({ getPath: basePathStripper(siteBasePaths(config)) });

  // Middleware order matters and is tested (test/bff/app.test.ts):
  // 1. request id first, so every later line (log, error) can name the request;
  app.use(requestId());
  // 2. access log + metrics wrap everything below, so refusals (403, 404) are counted too;
  app.use(accessLog(logger));
  app.use(httpMetrics(metrics));
  // 3. security headers on every answer, including refusals;
  //    with the embedded development platform, our pages may also call it: demo/dept-app is an
  //    oidc-client-ts SPA (discovery, token, userinfo) served from here;
  app.use(govSecureHeaders({ connectSrc: devPlatformConnectSrc(config) }));
  // 4. CORS before CSRF: a preflight carries no X-CSRF and must be answered here;
  app.use(corsAllowList(config.allowedOrigins));
  // 5. CSRF before routing, so an unknown or misspelled API path is refused, not just unmatched.
  app.use(requireCsrfHeader());
  // 6. who is calling, looked up lazily: requireUser() in any API reads it.
  app.use(auth.sessionContext);

  // Operations.
  app.route('/', healthRoutes(deps.store, logger));
  app.route('/', metricsRoutes(metrics));
  // JSON API (versioned) — other areas mount here: app.route('/api/v1/items', items) …
  app.route('/api/v1/meta', metaRoutes(config));
  const library = librarySqlOf(deps.store);
  if (library) {
    const searchContext = createSearchContext(library);
    const navigation = navigationApi(
      searchContext,
      deps.cacheAnswers === false ? undefined : createAnswerCache({ generation: () => searchGeneration(library) }),
    );
    app.route('/api/v1/items', navigation.items);
    app.route('/api/v1/facets', navigation.facets);
    app.route('/api/v1/search', navigation.search);
    app.route('/api/v1/suggest', navigation.suggest);
    // The intelligent assistant (issue 8): open to everyone, rate-limited per client address.
    app.route(
      '/api/v1/assistant',
      assistantApi({ search: searchContext, config, ...(deps.rateLimits ? { rateLimits: deps.rateLimits } : {}) }),
    );
    // Personal space: my cases (+ the anonymous lookup), profile, notices, my evaluations/consultations.
    const personal = personalSpaceApi({
      sql: library,
      config,
      hub,
      logger,
      piiHashKey: deps.piiHashKey ?? config.piiHashKey,
      ...(deps.rateLimits ? { rateLimits: deps.rateLimits } : {}),
    });
    app.route('/api/v1/cases', personal.cases);
    app.route('/api/v1/case-lookup', personal.caseLookup);
    app.route('/api/v1/me', personal.me);
    app.route('/api/v1/notices', personal.notices);
    // 站点公告 (public).
    app.route('/api/v1/announcements', announcementRoutes({ sql: library }));
    // 好差评: form, submit and my ratings (the personal space's reader mounted behind ours), statistics.
    const evaluations = evaluationApi({
      sql: library,
      config,
      piiHashKey: deps.piiHashKey ?? config.piiHashKey,
      personalList: personal.myEvaluations,
      ...(deps.rateLimits ? { rateLimits: deps.rateLimits } : {}),
    });
    app.route('/api/v1/evaluations', evaluations.evaluations);
    app.route('/api/v1/evaluation-stats', evaluations.stats);
    app.route('/api/v1/evaluation-stats.csv', evaluations.statsCsv);
    // 咨询/投诉/建议: options, uploads, submit, detail (the personal space's `?mine=1` list mounted behind ours).
    const consultations = consultationApi({
      sql: library,
      config,
      piiHashKey: deps.piiHashKey ?? config.piiHashKey,
      personalList: personal.myConsultations,
      ...(deps.rateLimits ? { rateLimits: deps.rateLimits } : {}),
    });
    app.route('/api/v1/consultations', consultations.consultations);
    // 猜你想办: anyone may ask (popular only when anonymous); consent and activity are the user's own.
    app.route(
      '/api/v1/recommendations',
      recommendationApi({
        sql: library,
        config,
        logger,
        piiHashKey: deps.piiHashKey ?? config.piiHashKey,
        ...(deps.rateLimits ? { rateLimits: deps.rateLimits } : {}),
      }),
    );
  }
  // Identity: login, callback, session, register, logout (+ the platform's logout receivers).
  app.route('/auth', auth.routes);
  // Push: a user's events (logout …) reach only that user's streams.
  app.route('/events', eventRoutes(hub, { resolveUserKey: auth.resolveUserKey, ...deps.events }));
  // Versioned widget bundles.
  app.route('/widgets', widgetRoutes(widgetsDir, config.widgetCaching));
  // Operators: the API (bearer token + the CSRF header above) and the page that calls it.
  app.route('/admin/v1', adminRoutes({ token: config.adminToken, logger, services: deps.admin }));
  app.route('/operator', operatorPageRoutes());

  // Last: errors as `{ error: { code, message } }`; unrouted GETs outside the API try the gallery.
  app.onError(createErrorHandler(logger));
  app.notFound(demoPagesOr(demoDir, notFoundHandler));
  return app;
}
