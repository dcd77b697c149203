import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS_DIR, MigrationError, loadMigrations, migrate } from '../../../bff/store/migrate.js';
import type { Store } from '../../../bff/store/store.js';
import { storeTargets, type TestDatabase } from './store-targets.js';

/** A scratch copy of the real migrations directory that a test may edit. */
async function copyMigrations(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'govdock-migrations-'));
  for (const name of await readdir(MIGRATIONS_DIR)) await copyFile(join(MIGRATIONS_DIR, name), join(dir, name));
  return dir;
}

for (const target of storeTargets()) {
  describe(`migrate on ${target.name}`, { skip: target.skip }, () => {
    let db: TestDatabase | undefined;
    let store: Store;
    const scratchDirs: string[] = [];

    before(async () => {
      db = await target.setup();
      store = db.store;
    });
    after(async () => {
      await db?.teardown();
      for (const dir of scratchDirs) await rm(dir, { recursive: true, force: true });
    });

    test('applies every migration once, in order, even when two instances start together', async () => {
      // On PostgreSQL the second caller is a separate pool (another BFF instance); PGlite has one connection.
      assert.ok(db);
      const other = target.name === 'postgres' ? await db.openAnother() : store;
      const [first, second] = await Promise.all([migrate(store), migrate(other)]);
      const expected = (await loadMigrations()).map((migration) => migration.name);
      assert.deepEqual([...first.applied, ...second.applied].sort(), expected);
      const { rows } = await store.query<{ name: string; checksum: string; applied_at: Date }>(
        'SELECT name, checksum, applied_at FROM schema_migrations ORDER BY name',
      );
      assert.deepEqual(
        rows.map((row) => row.name),
        expected,
      );
      for (const row of rows) {
        assert.match(row.checksum, /^[0-9a-f]{64}$/);
        assert.ok(row.applied_at instanceof Date);
      }
    });

    test('is idempotent: a second run applies nothing', async () => {
      assert.deepEqual(await migrate(store), { applied: [] });
      assert.deepEqual(await migrate(store), { applied: [] });
    });

    test('refuses to run when an applied migration file was edited', async () => {
      const dir = await copyMigrations();
      scratchDirs.push(dir);
      const edited = join(dir, '0002_items.sql');
      await writeFile(edited, (await readFile(edited, 'utf8')) + '\n-- an innocent-looking edit\n');
      await writeFile(join(dir, '0999_never_runs.sql'), 'CREATE TABLE t_never (a int);');
      await assert.rejects(migrate(store, { dir }), (error: unknown) => {
        assert.ok(error instanceof MigrationError);
        assert.match(error.message, /0002_items\.sql/);
        assert.match(error.message, /校验和不一致/);
        assert.match(error.message, /checksum/);
        return true;
      });
      const { rows } = await store.query(`SELECT to_regclass('t_never') AS found`);
      assert.deepEqual(rows, [{ found: null }]);
    });

    test('does not treat CRLF line endings as an edit', async () => {
      const dir = await copyMigrations();
      scratchDirs.push(dir);
      const file = join(dir, '0001_reference_data.sql');
      await writeFile(file, (await readFile(file, 'utf8')).replace(/\n/g, '\r\n'));
      assert.deepEqual(await migrate(store, { dir }), { applied: [] });
    });

    test('a failing migration leaves no trace and is not recorded', async () => {
      const dir = await copyMigrations();
      scratchDirs.push(dir);
      await writeFile(join(dir, '0998_broken.sql'), 'CREATE TABLE t_half (a int);\nSELECT * FROM no_such_table;\n');
      await assert.rejects(migrate(store, { dir }), /0998_broken\.sql/);
      const { rows } = await store.query(
        `SELECT to_regclass('t_half') AS found, (SELECT count(*) FROM schema_migrations WHERE name = '0998_broken.sql') AS recorded`,
      );
      assert.deepEqual(rows, [{ found: null, recorded: 0 }]);
    });

    test('applies a new migration added later, and only that one', async () => {
      const dir = await copyMigrations();
      scratchDirs.push(dir);
      await writeFile(join(dir, '0997_later.sql'), 'CREATE TABLE t_later (a int);');
      assert.deepEqual(await migrate(store, { dir }), { applied: ['0997_later.sql'] });
      assert.deepEqual(await migrate(store, { dir }), { applied: [] });
    });
  });
}

describe('migration files', () => {
  test('are named NNNN_name.sql with unique numbers', async () => {
    const migrations = await loadMigrations();
    assert.ok(migrations.length > 0);
    for (const migration of migrations) assert.match(migration.name, /^\d{4}_[a-z0-9_]+\.sql$/);
  });

  test('a badly named file is refused before anything runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'govdock-migrations-'));
    try {
      await writeFile(join(dir, '1_oops.sql'), 'SELECT 1;');
      await assert.rejects(loadMigrations(dir), /NNNN_name\.sql/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
