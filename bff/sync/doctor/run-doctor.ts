/**
 * `govdock doctor` (standard §4.2.3 联调测试、验收): runs every check in order — configuration,
 * resource library, unified identity platform, front-processor tables, a dry incremental read —
 * and returns the report. A section that cannot run (no store, a layout that does not load, a
 * front processor that does not answer) becomes a failed check, never an exception: the report is
 * most useful exactly when something is wrong.
 */
import { hostname, platform, release, arch } from 'node:os';
import { PRODUCT_VERSION } from '../../api/meta/version.js';
import type { Config } from '../../config.js';
import { applicantKeyHash } from '../../privacy/pii.js';
import type { Store } from '../../store/store.js';
import type { FrontSource, KeysetCursor, Layout, SourceColumn, StreamDefinition } from '../contracts.js';
import { defaultSyncConfig, type SyncConfig } from '../config.js';
import { authChecks } from './auth-checks.js';
import { configChecks } from './config-checks.js';
import { dryReadFiles, dryReadSql } from './dry-read.js';
import { folderChecks } from './folder-checks.js';
import { sqlFrontChecks } from './front-checks.js';
import type { FrontSql } from './front-metadata.js';
import type { FetchLike } from './http-probe.js';
import { maskUrl } from './mask-url.js';
import { storeChecks } from './store-checks.js';
import { syncHistoryChecks } from './sync-checks.js';
import { summarize, type CheckResult, type DoctorReport } from './types.js';

export interface DoctorDeps {
  config: Config;
  /** The resource library: migrations, cursors for the dry read, the drop-folder ledger. */
  store?: Store;
  /** The configured layout (`loadLayout(config.sync.layout)`); a throw is reported as a failed check. */
  loadLayout: () => Promise<Layout> | Layout;
  /** The configured front processor (`openSource(config)`). */
  openSource: () => Promise<FrontSource>;
  /** Catalogue connection for SQL front processors (row counts, indexes). */
  openMetadata?: () => Promise<FrontSql | undefined>;
  /** Reference columns (types and lengths) of a front table per the layout's standard. */
  expectedColumns?: (table: string) => readonly SourceColumn[] | undefined;
  /** The drop folder (file:// front processors), for the folder check. */
  dropFolder?: string;
  /** `npm start` generated a PII key in the data directory. */
  embeddedPiiKey?: boolean;
  fetch?: FetchLike;
  now?: () => Date;
  /** Dry-read rows per stream; default the configured page size, at most 1000. */
  dryReadRows?: number;
}

/** `config.sync` once the sync area has added it to the schema; its defaults before. */
export function syncSettings(config: Config): SyncConfig {
  return (config as Config & { sync?: SyncConfig }).sync ?? defaultSyncConfig();
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function environmentOf(config: Config, layout: string): DoctorReport['environment'] {
  const sync = syncSettings(config);
  return {
    product: 'GovDock',
    version: PRODUCT_VERSION,
    node: process.version,
    hostname: hostname(),
    platform: `${platform()} ${release()} ${arch()}`,
    deploymentMode: config.deploymentMode,
    publicBaseUrl: config.publicBaseUrl ?? null,
    store: config.databaseUrl
      ? `PostgreSQL ${maskUrl(config.databaseUrl)}`
      : `嵌入式 PGlite（${config.dataDir}/library）`,
    front: config.frontUrl ? maskUrl(config.frontUrl) : `内置模拟前置机（${config.dataDir}/front）`,
    auth: config.auth ? `${config.auth.dialect}，${config.auth.issuer}` : '未配置',
    layout,
    sourceTimeZone: sync.sourceTimeZone,
  };
}

/** The committed cursor of a stream, as the engine keeps it (`<sourceId>:<stream>`). */
async function committedCursor(store: Store, key: string): Promise<KeysetCursor | null> {
  try {
    const { rows } = await store.query<{ time: string | null; id: string | null }>(
      'SELECT coalesce(cursor_text, cursor_time::text) AS time, cursor_id AS id FROM sync_state WHERE stream = $1',
      [key],
    );
    const row = rows[0];
    return row?.time && row.id ? { time: row.time, id: row.id } : null;
  } catch {
    return null;
  }
}

export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  const { config } = deps;
  const sync = syncSettings(config);
  const checks: CheckResult[] = [];

  checks.push(...configChecks(config, { embeddedPiiKey: deps.embeddedPiiKey ?? false }));
  let layout: Layout | undefined;
  try {
    layout = await deps.loadLayout();
    checks.push({
      group: 'config',
      id: 'config.layout',
      title: `数据映射布局（${sync.layout}）`,
      status: 'pass',
      summary: `已加载，${layout.streams.length} 个数据流`,
      evidence: layout.streams.map((stream) => `${stream.name}（${stream.kind}）← ${stream.sourceTable}`),
    });
  } catch (error) {
    checks.push({
      group: 'config',
      id: 'config.layout',
      title: `数据映射布局（${sync.layout}）`,
      status: 'fail',
      summary: '映射布局无法加载',
      evidence: [describeError(error)],
    });
  }

  if (deps.store) {
    const storeResults = await storeChecks(deps.store);
    checks.push(...storeResults);
    // The history needs the sync tables, i.e. the migrations this version expects.
    if (layout && storeResults.every((check) => check.status !== 'fail')) {
      checks.push(...(await syncHistoryChecks(deps.store, layout, sync.sourceId)));
    }
  }
  checks.push(...(await authChecks(config, { fetch: deps.fetch, now: deps.now?.().getTime() })));

  if (layout) checks.push(...(await frontAndDryRead(deps, layout, sync)));

  return {
    generatedAt: (deps.now?.() ?? new Date()).toISOString(),
    environment: environmentOf(config, layout ? `${layout.name}（${sync.layout}）` : sync.layout),
    checks,
    summary: summarize(checks),
  };
}

async function frontAndDryRead(deps: DoctorDeps, layout: Layout, sync: SyncConfig): Promise<CheckResult[]> {
  const checks: CheckResult[] = [];
  let source: FrontSource;
  try {
    source = await deps.openSource();
  } catch (error) {
    return [
      {
        group: 'front',
        id: 'front.connect',
        title: '连接前置机',
        status: 'fail',
        summary: '无法打开前置机',
        evidence: [deps.config.frontUrl ? maskUrl(deps.config.frontUrl) : '内置模拟前置机', describeError(error)],
      },
    ];
  }
  const store = deps.store;
  const mapContext = {
    source: sync.sourceId,
    // Nothing is written, so any key maps the same way; the configured one when there is one.
    keyHash: (idNumber: string) => applicantKeyHash(idNumber, deps.config.piiHashKey ?? 'govdock-doctor-dry-read'),
    sourceTimeZone: sync.sourceTimeZone,
  };
  const dryRead = {
    layout,
    mapContext,
    pageSize: Math.min(deps.dryReadRows ?? sync.pageSize, 1000),
    safetyLagSeconds: sync.safetyLagSeconds,
    errorBudgetRatio: sync.errorBudget.maxRatio,
    cursorOf: async (stream: StreamDefinition) =>
      store ? committedCursor(store, `${sync.sourceId}:${stream.name}`) : null,
  };
  try {
    if (source.kind === 'file') {
      if (deps.dropFolder) checks.push(...(await folderChecks(deps.dropFolder, layout)));
      const isApplied = async (hash: string) => {
        if (!store) return false;
        const { rows } = await store.query('SELECT 1 FROM applied_files WHERE content_hash = $1', [hash]);
        return rows.length > 0;
      };
      checks.push(...(await dryReadFiles(source, { ...dryRead, isApplied })));
      return checks;
    }
    let metadata: FrontSql | undefined;
    try {
      metadata = await deps.openMetadata?.();
    } catch {
      metadata = undefined;
    }
    try {
      checks.push(
        ...(await sqlFrontChecks({
          layout,
          source,
          metadata,
          expectedColumns: deps.expectedColumns,
          initialLoad: sync.initialLoad,
        })),
      );
      if (!checks.some((check) => check.id === 'front.connect' && check.status === 'fail')) {
        checks.push(...(await dryReadSql(source, dryRead)));
      }
    } finally {
      await metadata?.close().catch(() => undefined);
    }
    return checks;
  } finally {
    await source.close().catch(() => undefined);
  }
}
