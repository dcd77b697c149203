/**
 * The whole way of a ticket filed through our API: its outbox message is delivered to the front
 * processor (out_consult_ticket), the simulated agency accepts it (with the promised date), answers it
 * and closes it in up_consult_reply, and the national-replies layout's sync writes each step back onto
 * the SAME consultations row (by tracking_no) with its replies — so GET /:trackingNo shows 已受理, then
 * the agency's answer, oldest reply first, and the promised reply date throughout. The library is
 * PGlite and, with DATABASE_URL, PostgreSQL; the front processor is the simulator's PGlite.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { TicketDetail } from '../../../../bff/api/contracts/consultations.js';
import { openFrontTarget, type FrontTarget } from '../../../../bff/dev/front-processor/open.js';
import { startSimulator, type Simulator } from '../../../../bff/dev/simulator/simulator.js';
import { applicantKeyHash } from '../../../../bff/privacy/pii.js';
import type { Store } from '../../../../bff/store/store.js';
import { defaultSyncConfig } from '../../../../bff/sync/config.js';
import type { SyncService } from '../../../../bff/sync/contracts.js';
import { createSyncService } from '../../../../bff/sync/index.js';
import { loadLayout } from '../../../../bff/sync/layouts/index.js';
import { outboundFrontOver, startOutboxDeliverer } from '../../../../bff/sync/outbox/index.js';
import { openFrontSource } from '../../../../bff/sync/sources/open.js';
import type { AuthTestBrowser } from '../../auth/support/browser.js';
import { pgliteLibrary, postgresLibrary, type TestLibrary } from '../../sync/support/library-targets.js';
import { logIn } from '../../auth/support/flows.js';
import { PII_HASH_KEY, startTicketStack, type TicketStack } from './support/ticket-stack.js';

const TICK_MS = 5000;
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

for (const target of [pgliteLibrary, postgresLibrary()])
  describe(`a ticket goes out and its replies come back (library on ${target.name})`, { skip: target.skip }, () => {
    let db: TestLibrary | undefined;
    let store: Store;
    let stack: TicketStack;
    let front: FrontTarget;
    let simulator: Simulator;
    let sync: SyncService;
    let zs: AuthTestBrowser;
    // Ten minutes back: the sync reads only rows older than the front's own clock (safety lag).
    let clock = Date.now() - 10 * 60_000;

    before(async () => {
      db = await target.setup();
      store = db.store;
      stack = await startTicketStack(store);
      front = await openFrontTarget({ pgliteDir: 'memory://' });
      simulator = await startSimulator({
        front,
        seed: 'ticket-roundtrip',
        items: 200,
        cases: 0,
        newCasesPerTick: 1,
        tickSeconds: TICK_MS / 1000,
        autoTick: false,
        now: () => clock,
      });
      const config = defaultSyncConfig({ safetyLagSeconds: 0, lookbackSeconds: 0 });
      sync = createSyncService({
        store,
        source: await openFrontSource({ front }, { sourceTimeZone: config.sourceTimeZone }),
        layout: loadLayout('national-replies'),
        config,
        logger: quiet,
        ...(db.url ? { databaseUrl: db.url } : {}),
        keyHash: (idNumber) => applicantKeyHash(idNumber, PII_HASH_KEY),
      });
      zs = stack.newBrowser();
      await logIn(stack, zs, 'zhangsan');
    });
    after(async () => {
      await sync?.close();
      await simulator?.close();
      await front?.close();
      await stack?.close();
      await db?.teardown();
    });

    test('已受理 with the promised date, then the answer, then 已办结', async () => {
      const submitted = await stack.call(zs, '/api/v1/consultations', {
        method: 'POST',
        body: JSON.stringify({
          kind: 'consult',
          title: '个体户营业执照怎么办',
          content: '请问个体工商户营业执照需要准备哪些材料？能否网上办理？',
          contactPreference: 'site',
          clientToken: randomUUID(),
        }),
      });
      assert.equal(submitted.status, 201, submitted.text);
      const ticket = submitted.json as TicketDetail;
      const path = `/api/v1/consultations/${ticket.trackingNo}`;

      const deliverer = startOutboxDeliverer({
        store,
        front: outboundFrontOver(front),
        autoStart: false,
        now: () => clock,
      });
      assert.equal((await deliverer.deliverNow()).delivered, 1);
      await deliverer.close();
      const [out] = await front.query<{ tracking_no: string; title: string }>(
        'SELECT tracking_no, title FROM out_consult_ticket',
      );
      assert.deepEqual(out, { tracking_no: ticket.trackingNo, title: '个体户营业执照怎么办' });

      const seen: string[] = [];
      let detail = ticket;
      for (let tick = 0; tick < 14 && detail.status !== 'closed'; tick += 1) {
        clock += TICK_MS;
        await simulator.tick();
        const runs = await sync.run('up_consult_reply');
        assert.ok(
          runs.every((run) => run.status === 'succeeded'),
          JSON.stringify(runs),
        );
        const answer = await stack.call(zs, path);
        assert.equal(answer.status, 200);
        detail = answer.json as TicketDetail;
        if (seen.at(-1) !== detail.statusLabel) seen.push(detail.statusLabel);
        if (detail.status === 'accepted') {
          assert.equal(detail.replies.length, 1);
          assert.match(detail.replies[0]?.body ?? '', /已受理/);
          assert.equal(detail.promisedReplyDate, ticket.promisedReplyDate, 'the agency keeps our promised date');
          assert.equal(detail.repliedAt, null);
        }
      }
      // The agency takes a tick or two to notice the ticket: it may still be 已提交 after the first.
      assert.deepEqual(
        seen.filter((label) => label !== '已提交，等待受理'),
        ['已受理，正在办理', '已答复', '已办结'],
      );
      assert.equal(detail.status, 'closed');
      assert.equal(detail.promisedReplyDate, ticket.promisedReplyDate);
      assert.ok(detail.repliedAt, 'the 正式答复 time');
      assert.equal(detail.overdue, false);
      // Oldest first: 受理, 答复 (正式), 办结.
      assert.deepEqual(
        detail.replies.map((r) => r.isFinal),
        [false, true, false],
      );
      assert.match(detail.replies[1]?.body ?? '', /个体户营业执照怎么办/);
      const times = detail.replies.map((r) => Date.parse(r.repliedAt));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
      );
      // Still one ticket: the echo updated our row, it did not add the platform's copy.
      const { rows } = await store.query<{ n: number }>('SELECT count(*)::int AS n FROM consultations');
      assert.equal(rows[0]?.n, 1);
      const mine = await stack.call(zs, '/api/v1/consultations?mine=1');
      const list = (mine.json as { consultations: { trackingNo: string; statusLabel: string }[] }).consultations;
      assert.deepEqual(
        list.map((c) => [c.trackingNo, c.statusLabel]),
        [[ticket.trackingNo, '已办结']],
      );
    });
  });
