/**
 * The databases the store suites run against: PGlite in memory always, and PostgreSQL when
 * DATABASE_URL is set (always in CI). On PostgreSQL every setup() creates its own throw-away database
 * (govdock_test_<random>) and teardown() drops it, so parallel runs never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { openStore } from '../../../bff/store/store.js';
import type { Store } from '../../../bff/store/store.js';
import { requireService } from '../../support/services.js';

export interface StoreTarget {
  name: 'pglite' | 'postgres';
  /** For node:test's `{ skip }`; false when the target is available. */
  skip: string | false;
  setup(): Promise<TestDatabase>;
}

export interface TestDatabase {
  store: Store;
  /** Opens another, independent store on the same database (concurrency tests). */
  openAnother(): Promise<Store>;
  teardown(): Promise<void>;
}

const pgliteTarget: StoreTarget = {
  name: 'pglite',
  skip: false,
  async setup() {
    const store = await openStore({ dataDir: 'memory://' });
    return {
      store,
      async openAnother() {
        throw new Error('PGlite memory:// stores are private to one instance');
      },
      async teardown() {
        await store.close();
      },
    };
  },
};

function postgresTarget(adminUrl: string | undefined, skip: string | false): StoreTarget {
  return {
    name: 'postgres',
    skip,
    async setup() {
      if (!adminUrl) throw new Error('DATABASE_URL is not set');
      const databaseName = `govdock_test_${randomBytes(6).toString('hex')}`;
      const admin = await openStore({ databaseUrl: adminUrl, maxConnections: 1 });
      // CREATE/DROP DATABASE refuse to run in a transaction block, so one statement per exec.
      await admin.exec(`CREATE DATABASE ${databaseName}`);
      const url = new URL(adminUrl);
      url.pathname = `/${databaseName}`;
      const opened: Store[] = [];
      const open = async (): Promise<Store> => {
        const store = await openStore({ databaseUrl: url.toString() });
        opened.push(store);
        return store;
      };
      const store = await open();
      return {
        store,
        openAnother: open,
        async teardown() {
          for (const each of opened) await each.close();
          await admin.exec(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
          await admin.close();
        },
      };
    },
  };
}

export function storeTargets(): StoreTarget[] {
  const postgres = requireService('DATABASE_URL');
  return [pgliteTarget, postgresTarget(postgres.url, postgres.skip)];
}
