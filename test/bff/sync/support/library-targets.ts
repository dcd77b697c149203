/**
 * Resource libraries for sync tests: PGlite in memory (always) and a throw-away PostgreSQL database
 * (DATABASE_URL; always in CI), both migrated. One per test file: PGlite opens cost seconds.
 */
import { randomBytes } from 'node:crypto';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../../bff/store/store.js';
import { requireService } from '../../../support/services.js';

export interface TestLibrary {
  name: 'pglite' | 'postgres';
  store: Store;
  /** PostgreSQL only: the database's URL (lock connection, second store). */
  url?: string;
  /** Another independent store on the same database (PostgreSQL only). */
  openAnother(): Promise<Store>;
  teardown(): Promise<void>;
}

export interface LibraryTarget {
  name: 'pglite' | 'postgres';
  skip: string | false;
  setup(): Promise<TestLibrary>;
}

export const pgliteLibrary: LibraryTarget = {
  name: 'pglite',
  skip: false,
  async setup() {
    const store = await openStore({ dataDir: 'memory://' });
    await migrate(store);
    return {
      name: 'pglite',
      store,
      openAnother: () => Promise.reject(new Error('PGlite memory:// stores are private to one instance')),
      teardown: () => store.close(),
    };
  },
};

export function postgresLibrary(): LibraryTarget {
  const service = requireService('DATABASE_URL');
  return {
    name: 'postgres',
    skip: service.skip,
    async setup() {
      const adminUrl = service.url as string;
      const name = `govdock_sync_${randomBytes(5).toString('hex')}`;
      const admin = await openStore({ databaseUrl: adminUrl, maxConnections: 1 });
      await admin.exec(`CREATE DATABASE ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const opened: Store[] = [];
      const open = async (): Promise<Store> => {
        const store = await openStore({ databaseUrl: url.toString(), maxConnections: 4 });
        opened.push(store);
        return store;
      };
      const store = await open();
      await migrate(store);
      return {
        name: 'postgres',
        store,
        url: url.toString(),
        openAnother: open,
        async teardown() {
          for (const each of opened) await each.close().catch(() => undefined);
          await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await admin.close();
        },
      };
    },
  };
}
