/**
 * Opens the resource library (资源库): PostgreSQL when a URL is configured, embedded PGlite otherwise.
 * Both speak the same PostgreSQL dialect and return the same row shapes (value-parsers.ts).
 */
import type { Store, StoreOptions } from './types.js';

export type { QueryResult, Sql, Store, StoreDialect, StoreOptions } from './types.js';
export { StoreMisuseError } from './transaction-scope.js';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** IANA names only: the value ends up in a startup parameter / set_config, never in SQL text. */
const TIME_ZONE_PATTERN = /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/;

export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  if (!TIME_ZONE_PATTERN.test(timeZone)) {
    throw new Error(`时区名称无效 / invalid time zone name: ${timeZone}`);
  }
  if (options.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
      throw new Error(
        'databaseUrl 必须以 postgres:// 或 postgresql:// 开头 / must start with postgres:// or postgresql://',
      );
    }
    // Each store loads its driver only when chosen: PGlite's WebAssembly PostgreSQL alone takes about
    // 50 MB of a server process that never uses it.
    const { openPostgresStore } = await import('./postgres-store.js');
    return openPostgresStore(options.databaseUrl, timeZone, options.maxConnections);
  }
  const { openPgliteStore } = await import('./pglite-store.js');
  return openPgliteStore(options.dataDir ?? 'memory://', timeZone);
}
