/**
 * The simulated agency: what GovDock sends out (through the real outbox and deliverer) is answered a
 * few ticks later — tickets get 已受理 → 已答复 → 已办结 in up_consult_reply, a 差评 gets 整改中 →
 * 已整改 → 已回访 in up_evaluate_record under its own row_guid with a newer cd_time each time — the
 * same way for the same seed; and the reply rows map to consultation_replies / consultations.status.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openFrontTarget, type FrontTarget } from '../../../../bff/dev/front-processor/open.js';
import { startSimulator } from '../../../../bff/dev/simulator/simulator.js';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../../bff/store/store.js';
import type { SourceRow } from '../../../../bff/sync/contracts.js';
import {
  enqueue,
  outboundFrontOver,
  outboundRowGuid,
  startOutboxDeliverer,
} from '../../../../bff/sync/outbox/index.js';
import { requireService } from '../../../support/services.js';
import { loadLayout } from '../../../../bff/sync/layouts/index.js';
import { evaluationPayload, ticketPayload } from '../../sync/outbox/support.js';

const T0 = Date.parse('2026-03-02T10:00:00+08:00');
const TICK_MS = 5000;
const TICKS = 14;

interface World {
  replies: SourceRow[];
  /** The 差评's up_evaluate_record row after each tick (null before the agency touched it). */
  rectificationByTick: (Record<string, unknown> | null)[];
  goodEvaluationEchoed: boolean;
}

/** A datetime column as `yyyy-MM-dd HH:mm:ss` text on every dialect (as the sync's sources read it). */
function time(front: FrontTarget, column: string): string {
  return front.dialect === 'mysql'
    ? `DATE_FORMAT(${column}, '%Y-%m-%d %H:%i:%s') AS ${column}`
    : `to_char(${column}, 'YYYY-MM-DD HH24:MI:SS') AS ${column}`;
}

function replyColumns(front: FrontTarget): string {
  return (
    'row_guid, tracking_no, ticket_row_guid, reply_seq, status, reply_content, reply_dept_name, reply_dept_code, ' +
    `reply_user_name, ${time(front, 'reply_time')}, is_final, ${time(front, 'promise_reply_date')}, cd_batch, ` +
    `${time(front, 'replied_time')}, ${time(front, 'closed_time')}, cd_operation, ${time(front, 'cd_time')}, data_source`
  );
}

/** Sends the same five facts through the outbox, then lets the simulator run TICKS ticks. */
async function runWorld(store: Store, front: FrontTarget): Promise<World> {
  await store.query('DELETE FROM outbox');
  await store.transaction(async (tx) => {
    await enqueue(tx, { kind: 'consultation', dedupKey: 'consultation:ask', payload: ticketPayload(1, 'consult') });
    await enqueue(tx, {
      kind: 'consultation',
      dedupKey: 'consultation:complain',
      payload: ticketPayload(2, 'complaint'),
    });
    await enqueue(tx, {
      kind: 'consultation',
      dedupKey: 'consultation:empty',
      payload: { ...ticketPayload(3, 'suggestion'), content: '好' },
    });
    await enqueue(tx, { kind: 'evaluation', dedupKey: 'evaluation:bad', payload: evaluationPayload(4, 1) });
    await enqueue(tx, { kind: 'evaluation', dedupKey: 'evaluation:good', payload: evaluationPayload(5, 5) });
  });
  let clock = T0;
  const simulator = await startSimulator({
    front,
    seed: 'agency-test',
    items: 200,
    cases: 0,
    tickSeconds: TICK_MS / 1000,
    autoTick: false,
    now: () => clock,
  });
  const deliverer = startOutboxDeliverer({
    store,
    front: outboundFrontOver(front),
    autoStart: false,
    now: () => clock,
  });
  assert.equal((await deliverer.deliverNow()).delivered, 5);
  await deliverer.close();

  const rectificationByTick: World['rectificationByTick'] = [];
  for (let i = 0; i < TICKS; i += 1) {
    clock += TICK_MS;
    await simulator.tick();
    const [row] = await front.query<Record<string, unknown>>(
      `SELECT satisfaction, user_name, app_status, rectification, answer, answer_status, cd_operation,
              ${time(front, 'rectification_date')}, ${time(front, 'cd_time')}, cd_batch
         FROM up_evaluate_record WHERE row_guid = ${front.param(1)}`,
      [outboundRowGuid('evaluation:bad')],
    );
    rectificationByTick.push(row ?? null);
  }
  assert.ok(simulator.stats().agencyReplies >= 7, JSON.stringify(simulator.stats()));
  await simulator.close();
  const replies = await front.query<SourceRow>(
    `SELECT ${replyColumns(front)} FROM up_consult_reply ORDER BY tracking_no, reply_seq`,
  );
  const good = await front.query(`SELECT 1 FROM up_evaluate_record WHERE row_guid = ${front.param(1)}`, [
    outboundRowGuid('evaluation:good'),
  ]);
  return { replies, rectificationByTick, goodEvaluationEchoed: good.length > 0 };
}

describe('the simulated agency', () => {
  let store: Store;
  let first: World;

  before(async () => {
    store = await openStore({ dataDir: 'memory://' });
    await migrate(store);
    const front = await openFrontTarget({ pgliteDir: 'memory://' });
    try {
      first = await runWorld(store, front);
    } finally {
      await front.close();
    }
  });
  after(async () => {
    await store?.close();
  });

  test('answers a consultation: 已受理 with the promised date, 已答复, 已办结, in plain Chinese', () => {
    const ask = first.replies.filter((r) => r.tracking_no === ticketPayload(1).trackingNo);
    assert.deepEqual(
      ask.map((r) => [r.reply_seq, r.status, r.is_final]),
      [
        [1, '1', '0'],
        [2, '2', '1'],
        [3, '3', '0'],
      ],
    );
    assert.match(
      String(ask[0]?.reply_content),
      /^您的咨询已受理，由哈尔滨市市场监督管理局负责办理，将于3月9日前答复您。$/,
    );
    assert.equal(ask[0]?.promise_reply_date, '2026-03-09 00:00:00');
    assert.match(
      String(ask[1]?.reply_content),
      /关于您咨询的“营业执照变更需要带什么材料”，哈尔滨市市场监督管理局答复如下/,
    );
    assert.match(String(ask[2]?.reply_content), /本件已办结/);
    assert.ok(ask.every((r) => r.ticket_row_guid === outboundRowGuid('consultation:ask')));
    const times = ask.map((r) => String(r.cd_time));
    assert.deepEqual([...times].sort(), times);
    assert.equal(new Set(times).size, 3, 'each step in its own tick, with its own cd_time');
  });

  test('a complaint is answered as a complaint; a ticket with no real content is 不予受理', () => {
    const complaint = first.replies.filter((r) => r.tracking_no === ticketPayload(2).trackingNo);
    assert.match(
      String(complaint[1]?.reply_content),
      /^您好！您投诉的“窗口办事效率太低”，哈尔滨市市场监督管理局已调查核实：/,
    );
    const empty = first.replies.filter((r) => r.tracking_no === ticketPayload(3).trackingNo);
    assert.deepEqual(
      empty.map((r) => [r.status, r.is_final]),
      [['4', '1']],
    );
    assert.match(String(empty[0]?.reply_content), /无法受理/);
  });

  test('rectifies a 差评 under its own row_guid: taken on → 已整改 → 已回访, each a newer cd_time', () => {
    const states = first.rectificationByTick.filter((row): row is Record<string, unknown> => row !== null);
    const steps = states.filter((row, i) => i === 0 || row.cd_time !== states[i - 1]?.cd_time);
    assert.deepEqual(
      steps.map((s) => [s.answer_status, s.rectification === null, s.cd_operation]),
      [
        ['0', true, 'I'], // taken on: reviewed, no result yet (待整改 in the national layout)
        ['0', false, 'U'], // 已整改
        ['1', false, 'U'], // 已回访
      ],
    );
    const [takenOn, rectified, revisited] = steps as [
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    assert.equal(takenOn.app_status, '2', 'the platform reviewed the 差评');
    assert.equal(takenOn.rectification_date, null);
    assert.ok(rectified.rectification_date, 'rectification date set when rectified');
    assert.equal(rectified.answer, null);
    assert.match(String(revisited.answer), /^回访结果：.*回访/);
    assert.equal(revisited.rectification, rectified.rectification);
    assert.equal(revisited.rectification_date, rectified.rectification_date);
    assert.ok(
      String(rectified.cd_time) > String(takenOn.cd_time) && String(revisited.cd_time) > String(rectified.cd_time),
    );
    assert.equal(revisited.satisfaction, '1');
    assert.equal(revisited.user_name, '张**', 'the evaluator stays masked');
    assert.equal(first.goodEvaluationEchoed, false, 'a good evaluation needs no rectification');
  });

  test('the same seed and the same outbound rows give the same answers', async () => {
    const front = await openFrontTarget({ pgliteDir: 'memory://' });
    try {
      const second = await runWorld(store, front);
      assert.deepEqual(second, first);
    } finally {
      await front.close();
    }
  });

  test(
    'a MariaDB/MySQL front gets the same answers, word for word',
    { skip: requireService('FRONT_MYSQL_URL').skip },
    async () => {
      const base = new URL(requireService('FRONT_MYSQL_URL').url as string);
      const name = `govdock_agency_${process.pid}_${Date.now() % 100000}`;
      const admin = await openFrontTarget(base.toString());
      await admin.exec(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
      const url = new URL(base.toString());
      url.pathname = `/${name}`;
      const front = await openFrontTarget(url.toString());
      try {
        assert.deepEqual(await runWorld(store, front), first);
      } finally {
        await front.close();
        await admin.exec(`DROP DATABASE IF EXISTS ${name}`);
        await admin.close();
      }
    },
  );

  test('reply rows map to consultation_replies and consultations.status (national-replies layout)', () => {
    const [stream] = loadLayout('national-replies').streams;
    assert.ok(stream);
    const context = { source: 'front', sourceTimeZone: '+08:00', keyHash: () => 'unused' };
    const ask = first.replies.filter((r) => r.tracking_no === ticketPayload(1).trackingNo);
    const mapped = ask.map((row) => stream.map(row, context));
    const states = mapped.map((m) => {
      assert.ok(m.ok, JSON.stringify(m));
      const state = m.records.find((r) => r.target === 'consultations')?.values ?? {};
      return [state.status, state.replied_at !== null, state.closed_at !== null];
    });
    assert.deepEqual(states, [
      ['accepted', false, false],
      ['replied', true, false],
      ['closed', true, true],
    ]);
    const reply = mapped[1];
    assert.ok(reply?.ok);
    const [replyRecord, statusRecord] = reply.records;
    assert.equal(replyRecord?.target, 'consultation_replies');
    assert.deepEqual(replyRecord?.parent, {
      target: 'consultations',
      key: { tracking_no: ticketPayload(1).trackingNo },
      fill: { consultation_id: 'id' },
    });
    assert.equal(replyRecord?.values.is_final, true);
    assert.match(String(replyRecord?.values.replied_at), /^2026-03-02T10:0\d:\d\d\+08:00$/);
    assert.equal(statusRecord?.write, 'update');
    assert.equal(statusRecord?.values.replied_at, replyRecord?.values.replied_at);
    assert.equal(statusRecord?.values.promised_reply_date, '2026-03-09T00:00:00+08:00');
    // The closing row carries the reply time forward, so the last row alone says where the ticket stands.
    const closing = mapped[2];
    assert.ok(closing?.ok);
    assert.equal(closing.records[1]?.values.replied_at, replyRecord?.values.replied_at);
  });
});
