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
import { createApp } from './app.js';
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
import { openFrontTarget } from './dev/front-processor/open.js';
import { startSimulator } from './dev/simulator/index.js';
import { buildIfStale } from './embedded/build-if-stale.js';
import { loadOrCreateEmbeddedSecrets } from './embedded/secrets.js';
import { openEventHub } from './events/open-hub.js';
import { createLogger } from './observability/logger.js';
import { startServer } from './server.js';
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

  if (config.simulator.enabled && !config.frontUrl) {
    const front = await openFrontTarget({ pgliteDir: join(dataDir, 'front') });
    closers.push({ name: 'front processor', close: () => front.close() });
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

  const hub = await openEventHub({ redisUrl: config.redisUrl });
  closers.push({ name: 'event hub', close: () => hub.close() });
  const sessions = await openSessionStore({ store, redisUrl: config.redisUrl });
  closers.push({ name: 'session store', close: async () => sessions.close?.() });
  const auth = createAuth({
    config,
    sessions,
    refreshLock: sessions.refreshLock,
    flows: createSqlLoginFlowStore(store),
    hub,
    logger,
    piiHashKey: config.piiHashKey ?? secrets.piiHashKey,
  });
  const app = createApp({ config, store, logger, hub, auth });
  const server = await startServer(app, { host: config.host, port: config.port });
  closers.push({ name: 'bff', close: () => server.close() });

  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  say('');
  say(`GovDock 已启动 — GovDock is running (${seconds} s, version ${PRODUCT_VERSION})`);
  say(`  演示库 gallery          ${server.url}/`);
  say(`  示例宿主页 host pages   ${server.url}/hosts/plain.html`);
  say(`  BFF API                 ${server.url}/api/v1/meta   健康 ${server.url}/healthz   指标 ${server.url}/metrics`);
  say(`  组件 widgets            ${server.url}/widgets/${PRODUCT_VERSION}/loader.js`);
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
