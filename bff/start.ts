/**
 * `npm start`: the whole product, embedded, in one process on 127.0.0.1 (docs/decisions/0002).
 * Composes the parts — build, resource library, development unified-auth platform, front-processor
 * simulator, BFF — prints where to click and the demo accounts, and on Ctrl-C closes them in
 * reverse order. Production deployments run the same BFF with DATABASE_URL / REDIS_URL / FRONT_URL
 * and the development parts switched off.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminServices } from './admin/services.js';
import { createApp } from './app.js';
import { caseKeysOf } from './api/shared/caller.js';
import { createUserRecorder } from './api/shared/remember-user.js';
import { PRODUCT_VERSION } from './api/meta/version.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createAuth, createSqlLoginFlowStore } from './auth/index.js';
import { openSessionStore } from './auth/session-store/open-session-store.js';
import { buildSiteTable } from './auth/sites.js';
import {
  BFF_CLIENT_ID,
  DEFAULT_BFF_CLIENT_SECRET,
  DEMO_ACCOUNTS,
  defaultDevClients,
  loadOrCreateJwks,
  startDevAuthPlatform,
} from './dev/auth-platform/index.js';
import { openFrontTarget, type FrontTarget } from './dev/front-processor/open.js';
import { startSimulator } from './dev/simulator/index.js';
import { buildIfStale } from './embedded/build-if-stale.js';
import { loadOrCreateEmbeddedSecrets } from './embedded/secrets.js';
import { openRateLimitStore } from './api/shared/rate-limit.js';
import { startEvaluationInvitations } from './api/evaluations/invitations.js';
import { startRecommendationJob } from './recommend/refresh.js';
import { openEventHub } from './events/open-hub.js';
import { createLogger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { startSearchIndexer } from './search/queue-indexer.js';
import { startServer } from './server.js';
import { startOutbox } from './sync/outbox/start.js';
import { applicantKeyHash } from './privacy/pii.js';
import { userKeyOf } from './auth/user-key.js';
import { createSyncService, openFrontSource, startSyncScheduler, type SyncServiceWithKinds } from './sync/index.js';
import { syncSettings } from './sync/doctor/run-doctor.js';
import { loadSyncLayout } from './sync/layouts/index.js';
import { startNoticeRetention } from './api/me/notices-retention.js';
import { migrate } from './store/migrate.js';
import { openStore } from './store/store.js';

type Closer = { name: string; close: () => Promise<void> };

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

function say(line: string): void {
  process.stdout.write(line + '\n');
}

/**
 * `npm start` is the developer's stack: rebuilt widget files must not stay cached for a year, and
 * when no province is configured the BFF docks onto the development platform it starts itself.
 */
function embeddedOverrides(config: Config): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  if (!process.env.WIDGET_CACHING) overrides.widgetCaching = 'revalidate';
  if (config.devAuthPlatform.enabled && !config.auth) {
    const issuer = `http://${config.host}:${config.devAuthPlatform.port}`;
    overrides.publicBaseUrl = config.publicBaseUrl ?? `http://${config.host}:${config.port}`;
    overrides['auth.issuer'] = issuer;
    overrides['auth.clientId'] = BFF_CLIENT_ID;
    overrides['auth.clientSecret'] = DEFAULT_BFF_CLIENT_SECRET;
    overrides['auth.registerUrl'] = `${issuer}/register`;
  }
  // The simulator ticks every few seconds: sync it as often, so the demo's data flows (issue 4).
  if (config.simulator.enabled && !config.frontUrl) {
    const demoSchedules = {
      CASES: '*/10 * * * * *',
      EVALUATIONS: '5,35 * * * * *',
      ITEMS: '20,50 * * * * *',
      ORGANISATIONS: '20,50 * * * * *',
      // Ticket replies and announcements: the agency answers within a few ticks (issue 8's live reply).
      REPLIES: '*/10 * * * * *',
      NOTICES: '15,45 * * * * *',
    };
    for (const [kind, pattern] of Object.entries(demoSchedules)) {
      if (!process.env[`SYNC_SCHEDULE_${kind}`]) overrides[`sync.schedules.${kind.toLowerCase()}`] = pattern;
    }
  }
  return overrides;
}

function loadConfigOrExit(): Config {
  try {
    const first = loadConfig(process.env);
    return loadConfig(process.env, embeddedOverrides(first));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(error.message + '\n');
      process.exit(2);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfigOrExit();
  const logger = createLogger(config);
  const dataDir = resolve(projectRoot, config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const closers: Closer[] = [];

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say(`\n收到 ${signal}，正在停止… (stopping)`);
    for (const part of closers.reverse()) {
      try {
        await part.close();
      } catch (error) {
        logger.error({ err: error, part: part.name }, 'failed to stop cleanly');
      }
    }
    say('已停止 (stopped)');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  buildIfStale(projectRoot, PRODUCT_VERSION, say);

  const secrets = loadOrCreateEmbeddedSecrets(dataDir);
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: join(dataDir, 'library') });
  closers.push({ name: 'store', close: () => store.close() });
  const { applied } = await migrate(store);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const noticeRetention = startNoticeRetention({
    sql: store,
    retentionDays: config.notices.retentionDays,
    intervalMinutes: config.notices.purgeIntervalMinutes,
    logger,
  });
  closers.push({ name: 'notice retention', close: () => noticeRetention.stop() });
  // Items reach the library through the sync; their search documents follow from the queue.
  const searchIndexer = startSearchIndexer(store, logger);
  closers.push({ name: 'search indexer', close: () => searchIndexer.close() });

  const bffUrl = `http://${config.host}:${config.port}`;
  const publicBase = config.publicBaseUrl ?? bffUrl;

  let authIssuer: string | undefined;
  if (config.devAuthPlatform.enabled) {
    const platform = await startDevAuthPlatform({
      host: config.host,
      port: config.devAuthPlatform.port,
      clients: defaultDevClients({
        bffBaseUrl: publicBase,
        deptAppUrl: `${publicBase}/dept-app`,
        // Every site of the table (GOVDOCK_SITES) gets its redirect URI registered, as an operator would.
        bffSites: buildSiteTable(config).sites,
        bffReturnOrigins: config.allowedOrigins,
      }),
      jwks: await loadOrCreateJwks(join(dataDir, 'dev-auth-jwks.json')),
    });
    closers.push({ name: 'dev auth platform', close: () => platform.close() });
    authIssuer = platform.issuer;
  }

  let embeddedFront: FrontTarget | undefined;
  if (config.simulator.enabled && !config.frontUrl) {
    const front = await openFrontTarget({ pgliteDir: join(dataDir, 'front') });
    closers.push({ name: 'front processor', close: () => front.close() });
    embeddedFront = front;
    const simulator = await startSimulator({
      front,
      seed: config.simulator.seed,
      items: config.simulator.items,
      cases: config.simulator.cases,
      tickSeconds: config.simulator.tickSeconds,
      // A line every tick would bury the URLs printed below; the ticks are there at LOG_LEVEL=debug.
      logger: {
        info: (data, message) => logger.debug(data, message),
        error: (data, message) => logger.error(data, message),
      },
    });
    // Registered after the front processor so that it stops first (reverse order).
    closers.push({ name: 'simulator', close: () => simulator.close() });
  }
  // Evaluations and tickets to the front processor; stops before it (registered after it).
  // One registry for /metrics, shared by the app and the workers (outbox; sync when it is started here).
  const metrics = createMetrics();
  const outbox = await startOutbox({ config, store, logger, embeddedFront, registry: metrics.registry });
  if (outbox) closers.push({ name: 'outbox', close: () => outbox.close() });

  const hub = await openEventHub({ redisUrl: config.redisUrl });
  closers.push({ name: 'event hub', close: () => hub.close() });
  const sessions = await openSessionStore({ store, redisUrl: config.redisUrl });
  closers.push({ name: 'session store', close: async () => sessions.close?.() });
  const loginRecorder = createUserRecorder(store, logger);
  const auth = createAuth({
    config,
    sessions,
    refreshLock: sessions.refreshLock,
    replayCache: sessions.replayCache,
    flows: createSqlLoginFlowStore(store),
    hub,
    logger,
    piiHashKey: config.piiHashKey ?? secrets.piiHashKey,
    // Record each user at login (masked and hashed) so case-progress notices find them at once.
    onLogin: async (session) => {
      const piiHashKey = config.piiHashKey ?? secrets.piiHashKey;
      await loginRecorder.remember({
        issuer: session.issuer,
        subject: session.subject,
        sessionId: session.id,
        user: session.user,
        caseKeys: caseKeysOf(session.user, piiHashKey),
      });
    },
  });
  // The sync (issue 4): front processor → resource library on the schedules of config.sync. Every
  // instance may run it (one writer per stream); it stops before the front processor and the hub.
  const syncConfig = syncSettings(config);
  let syncService: SyncServiceWithKinds | undefined;
  if (syncConfig.enabled && (config.frontUrl || embeddedFront)) {
    const source = config.frontUrl
      ? await openFrontSource(config.frontUrl, { sourceTimeZone: syncConfig.sourceTimeZone })
      : await openFrontSource({ front: embeddedFront as FrontTarget }, { sourceTimeZone: syncConfig.sourceTimeZone });
    const syncKey = config.piiHashKey ?? secrets.piiHashKey;
    const service = createSyncService({
      store,
      source,
      layout: loadSyncLayout(syncConfig),
      config: syncConfig,
      logger,
      hub,
      metrics,
      keyHash: (idNumber) => applicantKeyHash(idNumber, syncKey),
      userKeyOf: (issuer, subject) => userKeyOf(issuer, subject, syncKey),
      notices: config.notices,
      caseLookupIdTailLength: config.caseLookup.idTailLength,
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    });
    const scheduler = startSyncScheduler({ service, schedules: syncConfig.schedules, logger, runOnStart: true });
    closers.push({
      name: 'sync',
      close: async () => {
        await Promise.all([scheduler.stop(), service.close()]);
        await source.close();
      },
    });
    syncService = service;
  }
  // The operator API and page (/admin/v1, /operator/): the configured token, or the generated one.
  const adminToken = config.adminToken ?? secrets.adminToken;
  const admin = adminServices({
    config,
    store,
    layout: loadSyncLayout(syncSettings(config)),
    embeddedFront,
    dataDir,
    ...(syncService ? { sync: syncService } : {}),
  });
  // The anonymous case lookup's attempt counters: shared through Redis when instances share it.
  const rateLimits = await openRateLimitStore({
    redisUrl: config.redisUrl,
    onError: (error) => logger.warn({ err: error }, 'rate-limit counters fell back to this process'),
  });
  closers.push({ name: 'rate limits', close: () => rateLimits.close() });
  const piiHashKey = config.piiHashKey ?? secrets.piiHashKey;
  // 好差评 invitations: a case's 办结 (the sync's case-progress event) invites its applicant to rate it.
  const invitations = startEvaluationInvitations({
    sql: store,
    hub,
    logger,
    piiHashKey,
    linkTemplate: config.evaluations.invitationLink,
  });
  closers.push({
    name: 'evaluation invitations',
    close: async () => {
      invitations.stop();
      await invitations.idle();
    },
  });
  // 猜你想办: sequences and popularity rebuilt, old activity purged (at start, then every refreshMinutes).
  const recommendationJob = startRecommendationJob({ sql: store, settings: config.recommendations, logger });
  closers.push({ name: 'recommendations', close: () => recommendationJob.close() });
  const app = createApp({
    config: { ...config, adminToken },
    store,
    logger,
    hub,
    auth,
    admin,
    piiHashKey,
    rateLimits,
    metrics,
  });
  const server = await startServer(app, { host: config.host, port: config.port });
  closers.push({ name: 'bff', close: () => server.close() });

  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  say('');
  say(`GovDock 已启动 — GovDock is running (${seconds} s, version ${PRODUCT_VERSION})`);
  say(`  演示库 gallery          ${server.url}/`);
  say(`  示例宿主页 host pages   ${server.url}/hosts/plain.html`);
  say(`  BFF API                 ${server.url}/api/v1/meta   健康 ${server.url}/healthz   指标 ${server.url}/metrics`);
  say(`  组件 widgets            ${server.url}/widgets/${PRODUCT_VERSION}/loader.js`);
  say(
    `  运维页面 operator       ${server.url}/operator/   令牌 token ${config.adminToken ? '见 ADMIN_TOKEN' : adminToken}`,
  );
  if (authIssuer) {
    say(`  统一身份认证 (开发)     ${authIssuer}/.well-known/openid-configuration`);
    say('  演示账号 demo accounts (密码 password: ' + (DEMO_ACCOUNTS[0]?.password ?? '') + ')');
    for (const account of DEMO_ACCOUNTS) say(`    ${account.username.padEnd(12)} ${account.description}`);
  }
  say(`  数据目录 data           ${dataDir}${config.databaseUrl ? ' (resource library: DATABASE_URL)' : ''}`);
  say('按 Ctrl-C 停止 (Ctrl-C stops everything)');
}

main().catch((error: unknown) => {
  process.stderr.write(`GovDock 启动失败 (failed to start): ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
