/**
 * Schema migrations: `migrations/NNNN_name.sql`, applied in order, each in its own transaction and
 * recorded in `schema_migrations` with a checksum. Idempotent; safe when several BFF instances start
 * at once (a transaction-scoped advisory lock serialises them; on PGlite the lock is trivially free).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Sql, Store } from './types.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Arbitrary constant shared by every GovDock instance: "migrating the resource library". */
const MIGRATION_LOCK_KEY = 4_771_062_901;

const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/;

export interface Migration {
  name: string;
  checksum: string;
  sql: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Line endings are normalised so a checkout with CRLF does not look like an edited migration. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  const seen = new Set<string>();
  const migrations: Migration[] = [];
  for (const name of names) {
    const match = FILE_PATTERN.exec(name);
    if (!match) {
      throw new MigrationError(
        `迁移文件名不符合 NNNN_name.sql：${name} / migration file name must be NNNN_name.sql: ${name}`,
      );
    }
    const number = match[1] as string;
    if (seen.has(number)) {
      throw new MigrationError(`迁移编号重复：${number} / duplicate migration number: ${number}`);
    }
    seen.add(number);
    const sql = await readFile(join(dir, name), 'utf8');
    migrations.push({ name, checksum: migrationChecksum(sql), sql });
  }
  return migrations;
}

const CREATE_LEDGER = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    name        text PRIMARY KEY,
    checksum    text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
  )`;

interface AppliedRow {
  name: string;
  checksum: string;
}

function assertUnchanged(migrations: Migration[], applied: AppliedRow[]): void {
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  for (const row of applied) {
    const file = byName.get(row.name);
    // A ledger entry without a file is a migration from a newer release; running it is not our job.
    if (file && file.checksum !== row.checksum) {
      throw new MigrationError(
        `已执行的迁移文件 ${row.name} 被修改（校验和不一致），拒绝继续。请新增迁移文件，不要修改已执行的迁移。` +
          ` / Applied migration ${row.name} has been changed (checksum ${row.checksum.slice(0, 12)}… in the database,` +
          ` ${file.checksum.slice(0, 12)}… on disk); refusing to migrate. Add a new migration instead of editing an applied one.`,
      );
    }
  }
}

/** One step under the lock: verify the ledger, then apply the first pending migration if any. */
async function applyNext(tx: Sql, migrations: Migration[]): Promise<string | undefined> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
  await tx.exec(CREATE_LEDGER);
  const { rows: applied } = await tx.query<AppliedRow>('SELECT name, checksum FROM schema_migrations');
  assertUnchanged(migrations, applied);
  const done = new Set(applied.map((row) => row.name));
  const next = migrations.find((migration) => !done.has(migration.name));
  if (!next) return undefined;
  try {
    await tx.exec(next.sql);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`迁移 ${next.name} 执行失败 / migration ${next.name} failed: ${reason}`, { cause: error });
  }
  await tx.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [next.name, next.checksum]);
  return next.name;
}

/**
 * Applies every pending migration. Returns the names applied by this call (empty when up to date).
 * Refuses to run when an applied file's checksum changed.
 */
export async function migrate(store: Store, options: { dir?: string } = {}): Promise<{ applied: string[] }> {
  const migrations = await loadMigrations(options.dir);
  const applied: string[] = [];
  for (;;) {
    const name = await store.transaction((tx) => applyNext(tx, migrations));
    if (name === undefined) return { applied };
    applied.push(name);
  }
}
