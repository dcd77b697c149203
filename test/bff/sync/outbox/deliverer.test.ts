/**
 * The outbox on the embedded path (PGlite library, PGlite front as `npm start` runs it): enqueue in the
 * producer's transaction, delivery in the national shape, applied once by key, retries with backoff,
 * dead letters, the polling loop. The production databases are in front-services.test.ts, crashes in
 * crash.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Registry } from 'prom-client';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../../bff/store/store.js';
import {
  enqueue,
  listOutbox,
  OutboundPayloadError,
  outboundFrontOver,
  outboundRowGuid,
  outboxCounts,
  requeueDeadLetters,
  startOutbox,
  startOutboxDeliverer,
} from '../../../../bff/sync/outbox/index.js';
import { loadConfig } from '../../../../bff/config.js';
import { backoffCeilingMs } from '../../../../bff/sync/outbox/backoff.js';
import { applicantKeyHash } from '../../../../bff/privacy/pii.js';
import {
  countRows,
  embeddedFront,
  evaluationPayload,
  ID_NUMBER,
  PII_KEY,
  ticketPayload,
  type TestFront,
} from './support.js';

describe('outbox on the embedded store and front', () => {
  let store: Store;
  let front: TestFront;

  before(async () => {
    [store, front] = await Promise.all([openStore({ dataDir: 'memory://' }), embeddedFront()]);
    await migrate(store);
  });
  after(async () => {
    await store?.close();
    await front?.teardown();
  });

  async function reset(): Promise<void> {
    await store.query('DELETE FROM outbox');
    await front.target.exec('DELETE FROM out_evaluate_record; DELETE FROM out_consult_ticket;');
  }

  test('enqueue commits and rolls back with the producer’s transaction', async () => {
    await reset();
    await assert.rejects(
      store.transaction(async (tx) => {
        await enqueue(tx, { kind: 'evaluation', dedupKey: 'evaluation:rolled-back', payload: evaluationPayload(1) });
        throw new Error('the producer failed after enqueueing');
      }),
      /producer failed/,
    );
    await store.transaction((tx) =>
      enqueue(tx, { kind: 'evaluation', dedupKey: 'evaluation:committed', payload: evaluationPayload(2) }),
    );
    const keys = (await store.query<{ dedup_key: string }>('SELECT dedup_key FROM outbox')).rows.map(
      (r) => r.dedup_key,
    );
    assert.deepEqual(keys, ['evaluation:committed']);
  });

  test('a producer enqueueing the same fact twice gets one outbox row', async () => {
    await reset();
    const first = await store.transaction((tx) =>
      enqueue(tx, { kind: 'consultation', dedupKey: 'consultation:ZX1', payload: ticketPayload(1) }),
    );
    const again = await store.transaction((tx) =>
      enqueue(tx, { kind: 'consultation', dedupKey: 'consultation:ZX1', payload: ticketPayload(1) }),
    );
    const changed = await store.transaction((tx) =>
      enqueue(tx, { kind: 'consultation', dedupKey: 'consultation:ZX1', payload: ticketPayload(2) }),
    );
    assert.deepEqual(first, { id: first.id, created: true, samePayload: true });
    assert.deepEqual(again, { id: first.id, created: false, samePayload: true });
    assert.deepEqual(changed, { id: first.id, created: false, samePayload: false });
    assert.equal((await outboxCounts(store)).pending, 1);
    await assert.rejects(
      store.transaction((tx) =>
        enqueue(tx, { kind: 'evaluation', dedupKey: 'consultation:ZX1', payload: evaluationPayload(1) }),
      ),
      (error: unknown) => error instanceof OutboundPayloadError && /另一类发送/.test(error.message),
    );
  });

  test('refuses payloads the outbound table cannot take, in the producer’s transaction', async () => {
    await reset();
    const cases: [string, object, RegExp][] = [
      ['raw mobile', { ...ticketPayload(1), content: '请回电13812345678' }, /未脱敏/],
      ['raw ID number', { ...evaluationPayload(1, 1), writingEvaluation: `我的身份证${ID_NUMBER}` }, /未脱敏/],
      ['over-long title', { ...ticketPayload(1), title: '长'.repeat(201) }, /超过 200 个字/],
      ['missing required', { ...ticketPayload(1), title: '' }, /缺少必填字段 title/],
      ['unknown field', { ...ticketPayload(1), idNumber: ID_NUMBER }, /没有字段 idNumber/],
      ['local time without zone', { ...evaluationPayload(1), assessTime: '2026-03-02 10:15:00' }, /时间格式/],
    ];
    for (const [label, payload, message] of cases) {
      const kind = 'trackingNo' in payload ? 'consultation' : 'evaluation';
      await assert.rejects(
        store.transaction((tx) =>
          // The casts stand for a producer bypassing the builders: exactly what the check is for.
          enqueue(tx, { kind, dedupKey: `bad:${label}`, payload } as Parameters<typeof enqueue>[1]),
        ),
        (error: unknown) => error instanceof OutboundPayloadError && message.test(error.message),
        label,
      );
    }
    assert.equal((await outboxCounts(store)).pending, 0);
  });

  test('delivers evaluations and tickets in the national shape, each key once', async () => {
    await reset();
    const registry = new Registry();
    await store.transaction(async (tx) => {
      await enqueue(tx, { kind: 'evaluation', dedupKey: 'evaluation:good', payload: evaluationPayload(1, 5) });
      await enqueue(tx, { kind: 'evaluation', dedupKey: 'evaluation:bad', payload: evaluationPayload(2, 1) });
      await enqueue(tx, { kind: 'consultation', dedupKey: 'consultation:ZX7', payload: ticketPayload(7, 'complaint') });
    });
    const deliverer = startOutboxDeliverer({
      store,
      front: outboundFrontOver(front.target),
      autoStart: false,
      registry,
      now: () => Date.parse('2026-03-02T10:30:00+08:00'),
    });
    const report = await deliverer.deliverNow();
    assert.deepEqual(report, { leased: 3, delivered: 3, alreadyAtFront: 0, failed: 0, deadLettered: 0 });

    const [bad] = await front.target.query<Record<string, unknown>>(
      `SELECT row_guid, dedup_key, satisfaction, satisfaction_scheme, eval_detail, writing_evaluation, user_name, cert_key,
              user_prop, pf, to_char(assess_time, 'YYYY-MM-DD HH24:MI:SS') AS assess_time, assess_number, promise_time,
              cd_operation, to_char(cd_time, 'YYYY-MM-DD HH24:MI:SS') AS cd_time, cd_batch, data_source
         FROM out_evaluate_record WHERE dedup_key = 'evaluation:bad'`,
    );
    assert.deepEqual(bad, {
      row_guid: outboundRowGuid('evaluation:bad'),
      dedup_key: 'evaluation:bad',
      satisfaction: '1', // 非常不满意 in the interface scheme
      satisfaction_scheme: 'hcp-national',
      eval_detail: '501,503',
      writing_evaluation: '窗口让我跑了三趟，电话138****5678一直打不通（第2条）',
      user_name: '张**',
      cert_key: applicantKeyHash(ID_NUMBER, PII_KEY),
      user_prop: '1',
      pf: '1',
      assess_time: '2026-03-02 10:15:00', // 02:15Z in the front's +08:00 wall clock
      assess_number: 1,
      promise_time: '2',
      cd_operation: 'I',
      cd_time: '2026-03-02 10:30:00',
      cd_batch: 'O20260302T103000-00001',
      data_source: 'web',
    });
    const [ticket] = await front.target.query<Record<string, unknown>>(
      `SELECT ticket_type, content, contact_way, is_public, to_char(promise_reply_date, 'YYYY-MM-DD') AS promised
         FROM out_consult_ticket`,
    );
    assert.deepEqual(ticket, {
      ticket_type: '2',
      content: '我想把个体工商户的经营场所变更到新地址，请问需要准备哪些材料？身份证号2301**********123X',
      contact_way: '1',
      is_public: '2',
      promised: '2026-03-09',
    });
    assert.deepEqual(await outboxCounts(store), { pending: 0, retrying: 0, delivered: 3, dead_letter: 0 });
    const metrics = await registry.metrics();
    assert.match(metrics, /govdock_outbox_delivered_total\{kind="evaluation"\} 2/);
    assert.match(metrics, /govdock_outbox_rows\{status="delivered"\} 3/);

    // A re-send (as after a crash between writing and marking) leaves the front as it was.
    // (The lease would run out after a minute; the test does not wait for it.)
    await store.query('UPDATE outbox SET delivered_at = NULL, next_attempt_at = now()');
    const again = await deliverer.deliverNow();
    assert.equal(again.delivered, 3);
    assert.equal(again.alreadyAtFront, 3);
    assert.equal(await countRows(front.target, 'out_evaluate_record'), 2);
    assert.equal(await countRows(front.target, 'out_consult_ticket'), 1);
    assert.match(await registry.metrics(), /govdock_outbox_duplicates_total\{kind="evaluation"\} 2/);
    await deliverer.close();
  });

  test('a failing front: attempts counted, exponential backoff, reason in Chinese, dead letter after the last attempt', async () => {
    await reset();
    const backoff = { baseMs: 400, maxMs: 10_000 };
    await store.transaction((tx) =>
      enqueue(tx, { kind: 'consultation', dedupKey: 'consultation:ZX9', payload: ticketPayload(9) }),
    );
    await front.target.exec('ALTER TABLE out_consult_ticket RENAME TO out_consult_ticket_away');
    const deliverer = startOutboxDeliverer({
      store,
      front: outboundFrontOver(front.target),
      autoStart: false,
      maxAttempts: 3,
      backoff,
    });
    try {
      const delays: number[] = [];
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const report = await deliverer.deliverNow();
        assert.equal(report.failed, 1, `attempt ${attempt}`);
        const [row] = await listOutbox(store);
        assert.ok(row);
        assert.equal(row.attempts, attempt);
        assert.match(row.lastError ?? '', /前置机上没有发送表 out_consult_ticket.*42P01/);
        assert.doesNotMatch(row.lastError ?? '', /\d{11}|ZX2026/, 'no row values in the error');
        if (attempt < 3) {
          assert.equal(row.status, 'retrying');
          const delay = Date.parse(row.nextAttemptAt) - Date.parse(row.lastAttemptAt as string);
          const ceiling = backoffCeilingMs(backoff, attempt);
          assert.ok(delay >= ceiling / 2 - 5 && delay <= ceiling + 5, `attempt ${attempt}: ${delay} ms`);
          delays.push(delay);
          // Not due yet: a pass now leaves it alone.
          assert.equal((await deliverer.deliverNow()).leased, 0);
          await new Promise((resolve) => setTimeout(resolve, delay + 20));
        } else {
          assert.equal(row.status, 'dead_letter');
          assert.ok(row.deadLetteredAt);
          assert.match(row.lastError ?? '', /已尝试 3 次，转人工处理/);
        }
      }
      assert.ok((delays[1] as number) > (delays[0] as number) * 1.0, `growing: ${delays.join(', ')}`);
      // A dead letter is kept and never taken again by itself…
      assert.equal((await deliverer.deliverNow()).leased, 0);
      // …until the front is fixed and an operator re-queues it.
      await front.target.exec('ALTER TABLE out_consult_ticket_away RENAME TO out_consult_ticket');
      assert.equal(await requeueDeadLetters(store), 1);
      assert.equal((await deliverer.deliverNow()).delivered, 1);
      assert.equal(await countRows(front.target, 'out_consult_ticket'), 1);
    } finally {
      await front.target.exec('ALTER TABLE IF EXISTS out_consult_ticket_away RENAME TO out_consult_ticket');
      await deliverer.close();
    }
  });

  test('a payload that can never be written is dead-lettered at once; the others still go', async () => {
    await reset();
    await store.transaction(async (tx) => {
      await enqueue(tx, { kind: 'evaluation', dedupKey: 'evaluation:fine', payload: evaluationPayload(3) });
      // Written around enqueue's check, as a row from an older release with another table shape would be.
      await tx.query(
        `INSERT INTO outbox (kind, dedup_key, payload) VALUES ('evaluation', 'evaluation:broken', $1::jsonb)`,
        [JSON.stringify({ ...evaluationPayload(4), satisfactionText: '非常满意' })],
      );
    });
    const deliverer = startOutboxDeliverer({ store, front: outboundFrontOver(front.target), autoStart: false });
    const report = await deliverer.deliverNow();
    assert.deepEqual(report, { leased: 2, delivered: 1, alreadyAtFront: 0, failed: 1, deadLettered: 1 });
    const [dead] = await listOutbox(store, { status: 'dead_letter' });
    assert.equal(dead?.dedupKey, 'evaluation:broken');
    assert.equal(dead?.attempts, 1);
    assert.match(dead?.lastError ?? '', /发送内容不符合约定.*satisfactionText/);
    await deliverer.close();
  });

  test('the polling loop delivers by itself, a nudge delivers at once, close() stops it', async () => {
    await reset();
    const deliverer = startOutboxDeliverer({ store, front: outboundFrontOver(front.target), pollMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 200)); // the first, empty pass
    await store.transaction((tx) =>
      enqueue(tx, { kind: 'evaluation', dedupKey: 'evaluation:loop', payload: evaluationPayload(5) }),
    );
    deliverer.nudge();
    const started = Date.now();
    while ((await outboxCounts(store)).delivered < 1) {
      assert.ok(Date.now() - started < 10_000, 'delivered within 10 s of the nudge');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await deliverer.close();
    await store.transaction((tx) =>
      enqueue(tx, { kind: 'evaluation', dedupKey: 'evaluation:after-close', payload: evaluationPayload(6) }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await outboxCounts(store)).pending, 1, 'nothing delivered after close');
  });

  test('startOutbox: the embedded front by default, files for a drop folder, nothing when switched off', async () => {
    await reset();
    const lines: string[] = [];
    const logger = {
      info: (_: object, m?: string) => lines.push(m ?? ''),
      warn: (_: object, m?: string) => lines.push(m ?? ''),
      error() {},
    };
    const registry = new Registry();
    const off = await startOutbox({ config: loadConfig({ OUTBOX_ENABLED: 'false' }), store, logger });
    assert.equal(off, null);
    const dropFolder = await mkdtemp(join(tmpdir(), 'govdock-outbound-'));
    const folder = await startOutbox({
      config: loadConfig({ FRONT_URL: pathToFileURL(dropFolder).href, OUTBOX_POLL_MS: '100' }),
      store,
      logger,
    });
    assert.ok(folder, 'a drop folder gets a deliverer');
    await folder.close();
    await rm(dropFolder, { recursive: true, force: true });
    const unset = await startOutbox({ config: loadConfig({}), store, logger });
    assert.equal(unset, null);
    assert.match(lines.join('\n'), /外发已关闭[\s\S]*未配置前置机，无法外发/);
    const config = loadConfig({ OUTBOX_DATA_SOURCE: 'w23', OUTBOX_POLL_MS: '100' });
    const deliverer = await startOutbox({ config, store, logger, embeddedFront: front.target, registry });
    assert.ok(deliverer);
    await store.transaction((tx) =>
      enqueue(tx, { kind: 'evaluation', dedupKey: 'evaluation:started', payload: evaluationPayload(7) }),
    );
    for (let i = 0; i < 100 && (await outboxCounts(store)).delivered < 1; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await deliverer.close();
    const [row] = await front.target.query<{ data_source: string }>('SELECT data_source FROM out_evaluate_record');
    assert.equal(row?.data_source, 'w23');
    assert.match(await registry.metrics(), /govdock_outbox_delivered_total\{kind="evaluation"\} 1/);
    assert.equal(await front.target.query('SELECT 1').then((r) => r.length), 1, 'the shared front stays open');
  });
});
