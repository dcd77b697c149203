/**
 * The front processor drops the connection in the middle of a page read (sync-anchors §4.4 "source
 * flakiness"): the page read is blocked by a table lock held elsewhere, its server connection is
 * killed (MariaDB `KILL`, PostgreSQL `pg_terminate_backend`), and the engine must retry with backoff,
 * count the retry in the run record, commit no partial page, and finish with every row exactly once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { FaultHooks } from '../../../../bff/sync/engine/types.js';
import { mariadbFront, postgresFront, type FrontTarget, type TestFront } from '../support/front-targets.js';
import { postgresLibrary, type TestLibrary } from '../support/library-targets.js';
import {
  acceptRow,
  expectedSnapshot,
  librarySnapshot,
  resetLibrary,
  testService,
  timeAt,
} from '../support/scenario.js';
import { freshTables } from '../support/stacks.js';
import { testLayout } from '../support/test-layout.js';

/** Takes a lock that blocks readers, then kills the first blocked reader of the table and unlocks. */
interface Saboteur {
  lockAndKillNextReader(table: string): Promise<{ killed: Promise<number> }>;
  close(): Promise<void>;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function mariadbSaboteur(url: string): Promise<Saboteur> {
  const locker = await mysql.createConnection({ uri: url });
  const killer = await mysql.createConnection({ uri: url });
  return {
    async lockAndKillNextReader(table) {
      await locker.query(`LOCK TABLES ${table} WRITE`);
      const killed = (async () => {
        try {
          const id = await waitFor(async () => {
            const [rows] = (await killer.query(
              'SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND INFO LIKE ? AND ID <> CONNECTION_ID()',
              [`SELECT % FROM \`${table}\` WHERE%`],
            )) as [{ id: number }[], unknown];
            return rows[0]?.id;
          }, 'the blocked page read');
          await killer.query(`KILL ${Number(id)}`);
          return Number(id);
        } finally {
          await locker.query('UNLOCK TABLES');
        }
      })();
      return { killed };
    },
    async close() {
      await locker.end();
      await killer.end();
    },
  };
}

async function postgresSaboteur(url: string): Promise<Saboteur> {
  const locker = new pg.Client({ connectionString: url });
  const killer = new pg.Client({ connectionString: url });
  await Promise.all([locker.connect(), killer.connect()]);
  return {
    async lockAndKillNextReader(table) {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
      const killed = (async () => {
        try {
          const pid = await waitFor(async () => {
            const { rows } = await killer.query<{ pid: number }>(
              `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE $1 AND pid <> pg_backend_pid()`,
              [`SELECT % FROM "${table}" WHERE%`],
            );
            return rows[0]?.pid;
          }, 'the blocked page read');
          await killer.query('SELECT pg_terminate_backend($1)', [pid]);
          return pid;
        } finally {
          await locker.query('ROLLBACK');
        }
      })();
      return { killed };
    },
    async close() {
      await locker.end();
      await killer.end();
    },
  };
}

const library = postgresLibrary();
const fronts: { target: FrontTarget; saboteur: (url: string) => Promise<Saboteur> }[] = [
  { target: mariadbFront(), saboteur: mariadbSaboteur },
  { target: postgresFront(), saboteur: postgresSaboteur },
];

for (const { target, saboteur } of fronts) {
  describe(`a ${target.name} front drops the connection mid-page`, { skip: target.skip || library.skip }, () => {
    let lib: TestLibrary;
    let front: TestFront;

    before(async () => {
      [lib, front] = await Promise.all([library.setup(), target.setup()]);
    });
    after(async () => {
      await Promise.allSettled([lib?.teardown(), front?.teardown()]);
    });

    test('the page is retried with backoff, counted, and nothing is lost or duplicated', async () => {
      await resetLibrary(lib.store);
      const tables = freshTables();
      await front.createTables(tables);
      const accepts = Array.from({ length: 20 }, (_, i) => acceptRow(i, timeAt(i)));
      await front.upsert(tables.accept, accepts);
      const source = await front.openSource('+08:00');
      const sabotage = await saboteur(front.url as string);
      let reads = 0;
      let killed: Promise<number> | undefined;
      const faults: FaultHooks = {
        async hit(phase) {
          if (phase !== 'read') return;
          reads += 1;
          // Before the third page read: block it, then kill its connection while it waits.
          if (reads === 3) ({ killed } = await sabotage.lockAndKillNextReader(tables.accept));
        },
      };
      try {
        const service = testService(
          { store: lib.store, source, layout: testLayout(tables), databaseUrl: lib.url, faults },
          { pageSize: 5 },
        );
        const [run] = await service.run(tables.accept);
        await service.close();
        assert.ok(killed, 'the saboteur ran');
        assert.ok((await killed) > 0);
        assert.equal(run?.status, 'succeeded', run?.error ?? '');
        assert.equal(run?.counts.read, 20);
        assert.equal(run?.counts.inserted, 20);
        const { rows } = await lib.store.query<{ retries: number; pages: number }>(
          'SELECT retries, pages FROM sync_runs WHERE id = $1',
          [run?.runId],
        );
        assert.ok((rows[0]?.retries ?? 0) >= 1, 'the retry is in the run record');
        assert.equal(rows[0]?.pages, 4);
        assert.deepEqual((await librarySnapshot(lib.store)).cases, expectedSnapshot(accepts, []).cases);
        // The reconnected session has its time zone set again.
        const now = await source.now();
        assert.ok(Math.abs(Date.parse(now.replace(' ', 'T') + 'Z') - (Date.now() + 8 * 3600_000)) < 10_000);
      } finally {
        await sabotage.close();
        await source.close();
      }
    });
  });
}
