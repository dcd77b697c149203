/**
 * The store contract (DEVELOPERS.md § Store). Every area talks to the resource library through
 * `Sql`, so the same code runs on embedded PGlite and on PostgreSQL.
 */

export interface QueryResult<T> {
  rows: T[];
  /** Rows changed by INSERT / UPDATE / DELETE / MERGE (with or without RETURNING); absent otherwise. */
  affectedRows?: number;
}

export interface Sql {
  /** One statement with `$1`-style parameters. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Several statements, no parameters (migrations, fixtures). */
  exec(text: string): Promise<void>;
  /**
   * Runs `fn` in a transaction: COMMIT when it resolves, ROLLBACK when it throws. Inside `fn` use only
   * `tx`; nested calls on `tx` become savepoints.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

export type StoreDialect = 'pglite' | 'postgres';

export interface Store extends Sql {
  readonly dialect: StoreDialect;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** postgres:// or postgresql:// — production. Wins over dataDir. */
  databaseUrl?: string;
  /** PGlite data directory, or 'memory://' (tests). Defaults to 'memory://' when neither is given. */
  dataDir?: string;
  /**
   * Session time zone for both dialects, so that `::date`, `date_trunc` and timestamp text render the
   * same everywhere. Defaults to Asia/Shanghai: every source and user of this data is in China.
   */
  timeZone?: string;
  /** pg pool size (PostgreSQL only). */
  maxConnections?: number;
}
