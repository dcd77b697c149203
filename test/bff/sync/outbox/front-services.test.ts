/**
 * The outbox against the production databases: a MariaDB/MySQL front and a PostgreSQL front
 * (FRONT_MYSQL_URL, DATABASE_URL; required in CI), with the resource library on PostgreSQL when
 * DATABASE_URL is set. A locked front table and a killed connection are failed attempts that come
 * back after the backoff; two deliverers on one PostgreSQL library never take the same row.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { migrate } from '../../../../bff/store/migrate.js';
import type { Store } from '../../../../bff/store/store.js';
import {
  enqueue,
  listOutbox,
  openOutboundFront,
  outboundFrontOver,
  outboxCounts,
  startOutboxDeliverer,
  type OutboxDeliverer,
} from '../../../../bff/sync/outbox/index.js';
import { requireService } from '../../../support/services.js';
import { storeTargets, type TestDatabase } from '../../store/store-targets.js';
import { countRows, mysqlFront, postgresFront, ticketPayload, type TestFront } from './support.js';

const mysqlService = requireService('FRONT_MYSQL_URL');
const postgresService = requireService('DATABASE_URL');
const libraryTarget = storeTargets().find((t) => t.skip === false && t.name === 'postgres') ?? storeTargets()[0];

const BACKOFF = { baseMs: 300, maxMs: 2000 };

/** Holds a lock on the front table from a connection of its own, and can kill the deliverer's connection. */
interface FrontLocker {
  lock(table: string): Promise<void>;
  unlock(): Promise<void>;
  /** Kills the session waiting on the lock; resolves once one was found and killed. */
  killWaitingWriter(): Promise<void>;
  close(): Promise<void>;
}

async function mysqlLocker(url: string): Promise<FrontLocker> {
  const locker = await mysql.createConnection(url);
  const killer = await mysql.createConnection(url);
  return {
    async lock(table) {
      await locker.query(`LOCK TABLES ${table} WRITE`);
    },
    async unlock() {
      await locker.query('UNLOCK TABLES');
    },
    async killWaitingWriter() {
      for (let i = 0; i < 200; i += 1) {
        const [rows] = await killer.query(
          "SELECT id FROM information_schema.processlist WHERE info LIKE 'INSERT INTO out_%' AND db = DATABASE()",
        );
        const id = (rows as { id: number }[])[0]?.id;
        if (id) {
          await killer.query(`KILL ${Number(id)}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error('no waiting writer found');
    },
    async close() {
      await locker.end();
      await killer.end();
    },
  };
}

async function postgresLocker(url: string): Promise<FrontLocker> {
  const locker = new pg.Client({ connectionString: url });
  const killer = new pg.Client({ connectionString: url });
  await Promise.all([locker.connect(), killer.connect()]);
  return {
    async lock(table) {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    },
    async unlock() {
      await locker.query('COMMIT');
    },
    async killWaitingWriter() {
      for (let i = 0; i < 200; i += 1) {
        const { rows } = await killer.query(
          `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
            WHERE application_name = 'govdock-outbox' AND query LIKE 'INSERT INTO out_%' AND wait_event_type = 'Lock'
              AND datname = current_database()`,
        );
        if (rows.length > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error('no waiting writer found');
    },
    async close() {
      await locker.end();
      await killer.end();
    },
  };
}

const fronts = [
  {
    name: 'MariaDB/MySQL',
    skip: mysqlService.skip,
    open: () => mysqlFront(mysqlService.url as string),
    locker: mysqlLocker,
  },
  {
    name: 'PostgreSQL',
    skip: postgresService.skip,
    open: () => postgresFront(postgresService.url as string),
    locker: postgresLocker,
  },
];

for (const frontKind of fronts) {
  describe(`outbox into a ${frontKind.name} front (library: ${libraryTarget?.name})`, { skip: frontKind.skip }, () => {
    let db: TestDatabase;
    let store: Store;
    let front: TestFront;
    let locker: FrontLocker;

    before(async () => {
      [db, front] = await Promise.all([(libraryTarget as NonNullable<typeof libraryTarget>).setup(), frontKind.open()]);
      store = db.store;
      await migrate(store);
      locker = await frontKind.locker(front.url as string);
    });
    after(async () => {
      await locker?.close();
      await front?.teardown();
      await db?.teardown();
    });

    const started: OutboxDeliverer[] = [];
    const start = (options: Parameters<typeof startOutboxDeliverer>[0]): OutboxDeliverer => {
      const deliverer = startOutboxDeliverer(options);
      started.push(deliverer);
      return deliverer;
    };
    afterEach(async () => {
      for (const deliverer of started.splice(0)) await deliverer.close();
    });

    async function reset(): Promise<void> {
      await store.query('DELETE FROM outbox');
      await front.target.exec('DELETE FROM out_consult_ticket');
    }

    async function waitForStatus(deliverer: OutboxDeliverer, status: string): Promise<void> {
      for (let i = 0; i < 100; i += 1) {
        await deliverer.deliverNow();
        if ((await listOutbox(store))[0]?.status === status) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`outbox row never became ${status}`);
    }

    test('delivers each key once, also when re-sent', async () => {
      await reset();
      await store.transaction(async (tx) => {
        for (let n = 0; n < 30; n += 1) {
          await enqueue(tx, { kind: 'consultation', dedupKey: `consultation:${n}`, payload: ticketPayload(n) });
        }
      });
      const outbound = await openOutboundFront(front.url as string);
      const deliverer = start({
        store,
        front: outbound,
        ownsFront: true,
        autoStart: false,
        batchSize: 7,
      });
      assert.equal((await deliverer.deliverNow()).delivered, 30);
      await store.query('UPDATE outbox SET delivered_at = NULL, next_attempt_at = now() WHERE id % 2 = 0');
      const again = await deliverer.deliverNow();
      assert.equal(again.delivered, 15);
      assert.equal(again.alreadyAtFront, 15, 'the front reports the re-sent rows as already there');
      assert.equal(await countRows(front.target, 'out_consult_ticket'), 30);
      const [text] = await front.target.query<{ title: string; content: string }>(
        "SELECT title, content FROM out_consult_ticket WHERE dedup_key = 'consultation:3'",
      );
      assert.equal(text?.title, '营业执照变更需要带什么材料', 'Chinese text survives the front round trip');
      await deliverer.close();
    });

    test('a locked front table is a failed attempt, retried after the backoff', async () => {
      await reset();
      await store.transaction((tx) =>
        enqueue(tx, { kind: 'consultation', dedupKey: 'consultation:locked', payload: ticketPayload(1) }),
      );
      const outbound = await openOutboundFront(front.url as string, { timeoutMs: 1000 });
      const deliverer = start({
        store,
        front: outbound,
        ownsFront: true,
        autoStart: false,
        backoff: BACKOFF,
      });
      await locker.lock('out_consult_ticket');
      try {
        const started = Date.now();
        const report = await deliverer.deliverNow();
        assert.equal(report.failed, 1);
        assert.ok(Date.now() - started < 8000, 'the write gave up after its timeout');
        const [row] = await listOutbox(store);
        assert.equal(row?.status, 'retrying');
        assert.match(
          row?.lastError ?? '',
          /被锁定或响应超时（(ER_LOCK_WAIT_TIMEOUT|55P03|PROTOCOL_SEQUENCE_TIMEOUT)）/,
        );
      } finally {
        await locker.unlock();
      }
      await waitForStatus(deliverer, 'delivered');
      assert.equal((await listOutbox(store))[0]?.attempts, 2);
      assert.equal(await countRows(front.target, 'out_consult_ticket'), 1);
      await deliverer.close();
    });

    test('a connection killed during the write is a failed attempt; the next one reconnects', async () => {
      await reset();
      await store.transaction((tx) =>
        enqueue(tx, { kind: 'consultation', dedupKey: 'consultation:killed', payload: ticketPayload(2) }),
      );
      const outbound = await openOutboundFront(front.url as string, { timeoutMs: 30_000 });
      const deliverer = start({
        store,
        front: outbound,
        ownsFront: true,
        autoStart: false,
        backoff: BACKOFF,
      });
      await locker.lock('out_consult_ticket');
      let pass: Promise<unknown>;
      try {
        pass = deliverer.deliverNow();
        await locker.killWaitingWriter();
        const report = (await pass) as { failed: number };
        assert.equal(report.failed, 1);
      } finally {
        await locker.unlock();
      }
      const [row] = await listOutbox(store);
      assert.match(row?.lastError ?? '', /连接在写入时中断/);
      await waitForStatus(deliverer, 'delivered');
      assert.equal(await countRows(front.target, 'out_consult_ticket'), 1);
      await deliverer.close();
    });

    test(
      'two deliverers on one PostgreSQL library never lease the same row (SKIP LOCKED)',
      { skip: libraryTarget?.name === 'postgres' ? false : 'needs DATABASE_URL for a shared library' },
      async () => {
        await reset();
        await store.transaction(async (tx) => {
          for (let n = 0; n < 120; n += 1) {
            await enqueue(tx, { kind: 'consultation', dedupKey: `consultation:pair:${n}`, payload: ticketPayload(n) });
          }
        });
        const other = await db.openAnother();
        const deliverers = [store, other].map((library) =>
          start({
            store: library,
            // Both share the test front's pool; the library connections are what is contended.
            front: outboundFrontOver(front.target),
            autoStart: false,
            batchSize: 5,
          }),
        );
        const [first, second] = await Promise.all(deliverers.map((d) => d.deliverNow()));
        assert.ok(first && second);
        assert.equal(first.delivered + second.delivered, 120);
        assert.ok(first.delivered > 0 && second.delivered > 0, `both worked: ${first.delivered}, ${second.delivered}`);
        const { rows } = await store.query<{ n: string }>('SELECT count(*) AS n FROM outbox WHERE attempts <> 1');
        assert.equal(Number(rows[0]?.n), 0, 'no row was leased twice');
        assert.deepEqual(await outboxCounts(store), { pending: 0, retrying: 0, delivered: 120, dead_letter: 0 });
        assert.equal(await countRows(front.target, 'out_consult_ticket'), 120);
        for (const d of deliverers) await d.close();
      },
    );
  });
}
