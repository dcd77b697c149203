/**
 * What the CLI commands need, opened from the configuration exactly as `npm start` opens it: the
 * resource library (migrated), the layout, the front processor and the sync engine; and the doctor
 * with the same pieces. Behind an interface so the commands can be tested with doubles.
 *
 * The embedded store and simulator front are PGlite folders, which one process at a time may open;
 * when `npm start` is running on them the CLI refuses and points at the operator page instead of
 * risking the data.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { loadConfig, type Config } from '../config.js';
import { openFrontTarget, type FrontTarget } from '../dev/front-processor/open.js';
import { loadOrCreateEmbeddedSecrets } from '../embedded/secrets.js';
import { createLogger } from '../observability/logger.js';
import { applicantKeyHash } from '../privacy/pii.js';
import { migrate } from '../store/migrate.js';
import { openStore, type Store } from '../store/store.js';
import type { FrontSource, Layout, StreamDefinition, SyncService } from '../sync/contracts.js';
import {
  embeddedFrontSql,
  openFrontSql,
  rowsAfter,
  rowsAfterId,
  type FrontSql,
} from '../sync/doctor/front-metadata.js';
import { readSnapshot } from '../sync/engine/snapshot-store.js';
import { maskUrl } from '../sync/doctor/mask-url.js';
import { runDoctor, syncSettings } from '../sync/doctor/run-doctor.js';
import type { DoctorReport } from '../sync/doctor/types.js';
import { createSyncService, openFrontSource } from '../sync/index.js';
import { loadSyncLayout } from '../sync/layouts/index.js';
import { UsageError } from './errors.js';
import type { ProgressOutput } from './progress.js';

export interface CliIo {
  stdout: ProgressOutput;
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** An open configuration: store, layout and (on demand) the engine. */
export interface CliSession {
  config: Config;
  layout: Layout;
  sourceId: string;
  store: Store;
  /** The front processor for people: URL with the password masked, or the embedded simulator. */
  description: string;
  sync(): Promise<SyncService>;
  /**
   * Rows each stream still has to read (from its cursor, or all with `full`), when the front
   * processor can count them cheaply; for progress bars when the engine does not say. Call after sync().
   */
  estimateRows(streams: readonly StreamDefinition[], full: boolean): Promise<Map<string, number>>;
  close(): Promise<void>;
}

export interface CliServices {
  open(io: CliIo, options: { front?: string }): Promise<CliSession>;
  /** Runs the doctor; returns the store too (for the audit row) when it could be opened. */
  doctor(io: CliIo, options: { front?: string }): Promise<{ report: DoctorReport; store?: Store }>;
}

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The BFF's config plus `--front`; relative folders resolve against the project, as in `npm start`. */
function loadCliConfig(env: NodeJS.ProcessEnv, front: string | undefined): Config & { dataDirAbsolute: string } {
  const config = loadConfig(env, front ? { frontUrl: front } : {});
  return { ...config, dataDirAbsolute: resolve(projectRoot, config.dataDir) };
}

/** The embedded PGlite folders are in use when the BFF of this configuration answers. */
async function refuseIfEmbeddedInUse(config: Config, what: string): Promise<void> {
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}/healthz`;
  let answered = false;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(800) });
    answered = response.ok;
    await response.body?.cancel();
  } catch {
    answered = false;
  }
  if (answered) {
    throw new UsageError(
      `${what}正由运行中的 GovDock 服务使用（${url}），不能同时打开。\n` +
        `请在运维页面 http://${config.host}:${config.port}/operator/ 操作，或先停止服务（Ctrl-C）；` +
        '正式部署请配置 DATABASE_URL 和 FRONT_URL。\n' +
        `(the embedded store is in use by the running BFF: use the operator page, or stop it first)`,
    );
  }
}

function usesEmbedded(config: Config): boolean {
  return !config.databaseUrl || !config.frontUrl;
}

/** The simulator's front processor, when no FRONT_URL is configured. */
async function openEmbeddedFront(config: Config & { dataDirAbsolute: string }): Promise<FrontTarget> {
  const dir = join(config.dataDirAbsolute, 'front');
  if (!config.simulator.enabled || !existsSync(dir)) {
    throw new UsageError(
      '未配置前置机 FRONT_URL，且内置模拟前置机不存在（请先运行一次 npm start，或设置 FRONT_URL / --front）。\n' +
        '(no FRONT_URL and no embedded simulator front: run npm start once, or set FRONT_URL / --front)',
    );
  }
  return openFrontTarget({ pgliteDir: dir });
}

function describeFront(config: Config): string {
  return config.frontUrl ? `前置机 ${maskUrl(config.frontUrl)}` : '内置模拟前置机（embedded simulator）';
}

async function openLibrary(config: Config & { dataDirAbsolute: string }): Promise<Store> {
  return openStore({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDirAbsolute, 'library') });
}

function piiKeyOf(config: Config & { dataDirAbsolute: string }): string {
  // The same key as `npm start` uses, or the cases synced here would not match their applicants.
  return config.piiHashKey ?? loadOrCreateEmbeddedSecrets(config.dataDirAbsolute).piiHashKey;
}

function engineLogger(config: Config, env: NodeJS.ProcessEnv) {
  // stderr, and quiet unless LOG_LEVEL asks: stdout carries the progress bars, and every run's
  // failure is printed from its summary, so the engine's own log lines would only repeat it.
  return createLogger({ logLevel: env.LOG_LEVEL ? config.logLevel : 'fatal' }, pino.destination(2));
}

async function openSource(
  config: Config & { dataDirAbsolute: string },
): Promise<{ source: FrontSource; embedded?: FrontTarget }> {
  const sync = syncSettings(config);
  if (config.frontUrl) {
    return { source: await openFrontSource(config.frontUrl, { sourceTimeZone: sync.sourceTimeZone }) };
  }
  const embedded = await openEmbeddedFront(config);
  try {
    return { source: await openFrontSource({ front: embedded }, { sourceTimeZone: sync.sourceTimeZone }), embedded };
  } catch (error) {
    await embedded.close();
    throw error;
  }
}

async function storedCursor(store: Store, key: string): Promise<{ time: string; id: string } | null> {
  const { rows } = await store.query<{ time: string | null; id: string | null }>(
    'SELECT coalesce(cursor_text, cursor_time::text) AS time, cursor_id AS id FROM sync_state WHERE stream = $1',
    [key],
  );
  const row = rows[0];
  return row?.time && row.id ? { time: row.time, id: row.id } : null;
}

export function defaultCliServices(): CliServices {
  return {
    async open(io, options) {
      const config = loadCliConfig(io.env, options.front);
      const sync = syncSettings(config);
      const layout = loadSyncLayout(sync);
      if (usesEmbedded(config)) await refuseIfEmbeddedInUse(config, '嵌入式资源库或模拟前置机');
      const store = await openLibrary(config);
      await migrate(store);
      let opened: { service: SyncService; source: FrontSource; embedded?: FrontTarget } | undefined;
      return {
        config,
        layout,
        sourceId: sync.sourceId,
        store,
        description: describeFront(config),
        async sync() {
          if (opened) return opened.service;
          const { source, embedded } = await openSource(config);
          const key = piiKeyOf(config);
          const service = createSyncService({
            store,
            source,
            layout,
            config: sync,
            logger: engineLogger(config, io.env),
            keyHash: (idNumber) => applicantKeyHash(idNumber, key),
            databaseUrl: config.databaseUrl,
            notices: config.notices,
            caseLookupIdTailLength: config.caseLookup.idTailLength,
          });
          opened = { service, source, embedded };
          return service;
        },
        async estimateRows(streams, full) {
          const estimates = new Map<string, number>();
          let front: FrontSql | undefined;
          try {
            if (config.frontUrl && /^(mysql|mariadb|postgres|postgresql):/.test(config.frontUrl)) {
              front = await openFrontSql(config.frontUrl, sync.sourceTimeZone);
            } else if (opened?.embedded) {
              front = embeddedFrontSql(opened.embedded, sync.sourceTimeZone);
            }
            if (!front) return estimates;
            for (const stream of streams) {
              const key = `${sync.sourceId}:${stream.name}`;
              // A first load that was stopped resumes after its last row: only the rest is ahead.
              const load = full ? null : await readSnapshot(store, key);
              if (load?.afterId) {
                estimates.set(
                  stream.name,
                  await rowsAfterId(front, stream.sourceTable, stream.cursor.idColumn, load.afterId),
                );
                continue;
              }
              const cursor = full ? null : await storedCursor(store, key);
              estimates.set(stream.name, await rowsAfter(front, stream.sourceTable, stream.cursor, cursor));
            }
          } catch {
            // Only the bar's length is lost; the run itself reports any real problem.
          } finally {
            await front?.close().catch(() => undefined);
          }
          return estimates;
        },
        async close() {
          await opened?.service.close();
          await opened?.source.close();
          await opened?.embedded?.close();
          await store.close();
        },
      };
    },

    async doctor(io, options) {
      const config = loadCliConfig(io.env, options.front);
      const sync = syncSettings(config);
      if (usesEmbedded(config)) await refuseIfEmbeddedInUse(config, '嵌入式资源库或模拟前置机');
      let store: Store | undefined;
      try {
        store = await openLibrary(config);
      } catch {
        // Reported by the checks that need it; the rest of the report is still worth having.
        store = undefined;
      }
      let embedded: FrontTarget | undefined;
      try {
        const report = await runDoctor({
          config,
          store,
          loadLayout: () => loadSyncLayout(sync),
          openSource: async () => {
            const opened = await openSource(config);
            embedded = opened.embedded;
            return opened.source;
          },
          openMetadata: async (): Promise<FrontSql | undefined> => {
            if (config.frontUrl && /^(mysql|mariadb|postgres|postgresql):/.test(config.frontUrl)) {
              return openFrontSql(config.frontUrl, sync.sourceTimeZone);
            }
            if (embedded) return embeddedFrontSql(embedded, sync.sourceTimeZone);
            return undefined;
          },
          dropFolder: config.frontUrl?.startsWith('file://') ? fileURLToPath(config.frontUrl) : undefined,
          embeddedPiiKey: existsSync(join(config.dataDirAbsolute, 'secrets.json')),
        });
        return { report, store };
      } finally {
        await embedded?.close();
      }
    },
  };
}
