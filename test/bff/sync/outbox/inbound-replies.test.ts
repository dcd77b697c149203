/**
 * The round trip of a consultation ticket, end to end on the embedded path: a producer saves the ticket
 * and enqueues it in one transaction, the deliverer writes it to the front, the simulated agency
 * answers into up_consult_reply, and the sync — the real engine with the configured layout
 * config/sync-layouts/national-replies.json — brings the replies into consultation_replies and moves
 * consultations.status, incrementally.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openFrontTarget, type FrontTarget } from '../../../../bff/dev/front-processor/open.js';
import { startSimulator, type Simulator } from '../../../../bff/dev/simulator/index.js';
import { applicantKeyHash } from '../../../../bff/privacy/pii.js';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../../bff/store/store.js';
import { defaultSyncConfig } from '../../../../bff/sync/config.js';
import { createSyncService, type SyncServiceWithKinds } from '../../../../bff/sync/index.js';
import { loadLayout } from '../../../../bff/sync/layouts/index.js';
import { enqueue, outboundFrontOver, startOutboxDeliverer } from '../../../../bff/sync/outbox/index.js';
import { openFrontSource } from '../../../../bff/sync/sources/open.js';
import { PII_KEY, ticketPayload } from './support.js';

const TICK_MS = 5000;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe('consultation replies come back through the sync (national-replies layout)', () => {
  let store: Store;
  let front: FrontTarget;
  let simulator: Simulator;
  let sync: SyncServiceWithKinds;
  // Real time minus ten minutes: the sync reads only below source-now minus its safety lag.
  let clock = Date.now() - 600_000;
  const ticket = ticketPayload(1, 'complaint');

  before(async () => {
    [store, front] = await Promise.all([
      openStore({ dataDir: 'memory://' }),
      openFrontTarget({ pgliteDir: 'memory://' }),
    ]);
    await migrate(store);
    simulator = await startSimulator({
      front,
      seed: 'replies-test',
      items: 200,
      cases: 0,
      tickSeconds: TICK_MS / 1000,
      autoTick: false,
      now: () => clock,
    });
    const source = await openFrontSource({ front }, { sourceTimeZone: '+08:00' });
    sync = createSyncService({
      store,
      source,
      layout: loadLayout('national-replies'),
      config: defaultSyncConfig(),
      logger: quiet,
      keyHash: (id) => applicantKeyHash(id, PII_KEY),
    });
  });
  after(async () => {
    await sync?.close();
    await simulator?.close();
    await front?.close();
    await store?.close();
  });

  async function tickUntil(done: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 20 && !(await done()); i += 1) {
      clock += TICK_MS;
      await simulator.tick();
    }
    assert.ok(await done(), 'the agency answered within 20 ticks');
  }

  const replyCount = async (): Promise<number> =>
    Number((await front.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM up_consult_reply'))[0]?.n);

  const consultation = async () =>
    (
      await store.query<Record<string, unknown>>(
        `SELECT status, status_raw, to_char(promised_reply_date, 'YYYY-MM-DD') AS promised, replied_at, closed_at
           FROM consultations WHERE tracking_no = $1`,
        [ticket.trackingNo],
      )
    ).rows[0];

  test('the producer saves and enqueues in one transaction; the deliverer sends it', async () => {
    await store.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO consultations (tracking_no, kind_raw, kind, user_issuer, user_subject, title, content, promised_reply_date)
         VALUES ($1, '2', 'complaint', 'https://auth.example', 'user-1', $2, $3, '2026-12-09')`,
        [ticket.trackingNo, ticket.title, ticket.content],
      );
      await enqueue(tx, { kind: 'consultation', dedupKey: `consultation:${ticket.trackingNo}`, payload: ticket });
    });
    const deliverer = startOutboxDeliverer({ store, front: outboundFrontOver(front), autoStart: false });
    assert.equal((await deliverer.deliverNow()).delivered, 1);
    await deliverer.close();
  });

  test('已受理 arrives first: one reply, status accepted', async () => {
    await tickUntil(async () => (await replyCount()) >= 1);
    const [summary] = await sync.run('replies');
    const quarantined = await store.query('SELECT reason_code, reason_text FROM sync_quarantine');
    assert.equal(summary?.status, 'succeeded', JSON.stringify([summary, quarantined.rows]));
    assert.equal(summary?.counts.quarantined, 0);
    const row = await consultation();
    assert.equal(row?.status, 'accepted');
    assert.equal(row?.replied_at, null);
    const replies = await store.query<{ body: string }>('SELECT body FROM consultation_replies');
    assert.match(
      replies.rows[0]?.body ?? '',
      /^您的投诉已受理，由哈尔滨市市场监督管理局负责办理，将于\d+月\d+日前答复您。$/,
    );
  });

  test('then the answer and the closing: three replies in order, status closed, times set', async () => {
    await tickUntil(async () => (await replyCount()) >= 3);
    const [summary] = await sync.run('replies');
    assert.equal(summary?.status, 'succeeded', JSON.stringify(summary));
    const row = await consultation();
    assert.equal(row?.status, 'closed');
    assert.equal(row?.status_raw, '3');
    assert.ok(row?.replied_at instanceof Date && row?.closed_at instanceof Date);
    assert.ok((row.closed_at as Date) > (row.replied_at as Date));
    assert.equal(row?.promised, '2026-03-09', 'the promised date as the platform sent it back');
    const replies = await store.query<{ body: string; is_final: boolean; seq: number }>(
      `SELECT r.body, r.is_final FROM consultation_replies r JOIN consultations c ON c.id = r.consultation_id
        WHERE c.tracking_no = $1 ORDER BY r.replied_at, r.id`,
      [ticket.trackingNo],
    );
    assert.deepEqual(
      replies.rows.map((r) => r.is_final),
      [false, true, false],
    );
    assert.match(replies.rows[1]?.body ?? '', /^您好！您投诉的“窗口办事效率太低”/);
    // A second run finds nothing new and changes nothing.
    const [again] = await sync.run('replies');
    assert.equal(again?.counts.inserted, 0);
    assert.equal((await store.query('SELECT 1 FROM consultation_replies')).rows.length, 3);
  });
});
