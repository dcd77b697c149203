/**
 * Session settings every library connection on PostgreSQL starts with: the configured time zone and
 * jit off (postgres-store.ts says why), on pooled connections and inside transactions alike.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStore, type Store } from '../../../bff/store/store.js';
import { requireService } from '../../support/services.js';

const postgres = requireService('DATABASE_URL');

describe('PostgreSQL library session settings', { skip: postgres.skip }, () => {
  let store: Store;
  before(async () => {
    store = await openStore({ databaseUrl: postgres.url as string, timeZone: 'Asia/Shanghai', maxConnections: 3 });
  });
  after(async () => {
    await store?.close();
  });

  test('every pooled connection has jit off and the configured time zone', async () => {
    // Several at once, so more than one connection of the pool answers.
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        store.query<{ jit: string; zone: string }>(
          "SELECT current_setting('jit') AS jit, current_setting('TimeZone') AS zone FROM pg_sleep(0.05)",
        ),
      ),
    );
    for (const { rows } of answers) assert.deepEqual({ ...rows[0] }, { jit: 'off', zone: 'Asia/Shanghai' });
    const inside = await store.transaction((tx) => tx.query<{ jit: string }>("SELECT current_setting('jit') AS jit"));
    assert.equal(inside.rows[0]?.jit, 'off');
  });
});
