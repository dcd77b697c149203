/**
 * The recommendation API tests' stack: the shared API stack (../../support/api-stack.ts) over a
 * resource library that is either PGlite in memory or a throw-away PostgreSQL database (DATABASE_URL;
 * always in CI).
 */
import { randomBytes } from 'node:crypto';
import { migrate } from '../../../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../../../bff/store/store.js';
import { requireService } from '../../../../support/services.js';
import { PII_HASH_KEY, startApiStack, type ApiStack } from '../../support/api-stack.js';

export { PII_HASH_KEY };

export interface Library {
  name: 'pglite' | 'postgres';
  skip: string | false;
  open(): Promise<{ store: Store; drop(): Promise<void> }>;
}

export const pglite: Library = {
  name: 'pglite',
  skip: false,
  async open() {
    const store = await openStore({ dataDir: 'memory://' });
    await migrate(store);
    return { store, drop: () => store.close() };
  },
};

export function postgres(): Library {
  const service = requireService('DATABASE_URL');
  return {
    name: 'postgres',
    skip: service.skip,
    async open() {
      const adminUrl = service.url as string;
      // Our own database per run: parallel helpers and test files never share tables.
      const name = `govdock_recommend_${randomBytes(5).toString('hex')}`;
      const admin = await openStore({ databaseUrl: adminUrl, maxConnections: 1 });
      await admin.exec(`CREATE DATABASE ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const store = await openStore({ databaseUrl: url.toString(), maxConnections: 4 });
      await migrate(store);
      return {
        store,
        async drop() {
          await store.close().catch(() => undefined);
          await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await admin.close();
        },
      };
    },
  };
}

export type RecommendStack = ApiStack;

/** The shared API stack over the library's store; close() drops it. */
export async function startRecommendStack(
  library: Library,
  overrides: Record<string, unknown> = {},
): Promise<RecommendStack> {
  const { store, drop } = await library.open();
  return startApiStack({ store, overrides, releaseStore: drop });
}
