/**
 * The whole way of a 差评 given through our API: its outbox message is delivered to the front
 * processor (out_evaluate_record), the simulated agency takes it on, rectifies it and revisits the
 * user under the same row_guid in up_evaluate_record, and the national layout's sync brings each
 * step back — onto the SAME evaluations row (source + source_row_guid), never as a second rating —
 * so "my evaluations" shows 整改中, then 已整改 with the agency's text, then 已回访.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadIndicatorList } from '../../../../bff/api/evaluations/indicators.js';
import { createEvaluationService, type EvaluationService } from '../../../../bff/api/evaluations/service.js';
import type { Caller } from '../../../../bff/api/shared/caller.js';
import { openFrontTarget, type FrontTarget } from '../../../../bff/dev/front-processor/open.js';
import { startSimulator, type Simulator } from '../../../../bff/dev/simulator/simulator.js';
import { applicantKeyHash } from '../../../../bff/privacy/pii.js';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../../bff/store/store.js';
import { defaultSyncConfig } from '../../../../bff/sync/config.js';
import type { SyncService } from '../../../../bff/sync/contracts.js';
import { createSyncService } from '../../../../bff/sync/index.js';
import { loadLayout } from '../../../../bff/sync/layouts/index.js';
import { outboundFrontOver, startOutboxDeliverer } from '../../../../bff/sync/outbox/index.js';
import { openFrontSource } from '../../../../bff/sync/sources/open.js';
import { caseRows, writeFrontCase } from '../../../support/case-fixtures.js';

const KEY = 'roundtrip-test-key-0123456789abcdef012345';
const ID_NUMBER = '230102199001011234';
const TICK_MS = 5000;

const caller: Caller = {
  issuer: 'https://idp.example.gov.cn',
  subject: 'zhangsan-sub',
  sessionId: 'session-1',
  user: { displayName: '张三', userType: 'natural', realNameLevel: 3, idType: '111' },
  caseKeys: [applicantKeyHash(ID_NUMBER, KEY)],
};

describe('a 差评 comes back rectified', () => {
  let store: Store;
  let front: FrontTarget;
  let simulator: Simulator;
  let sync: SyncService;
  let service: EvaluationService;
  // Ten minutes back: the sync reads only rows older than the front's own clock (safety lag).
  let clock = Date.now() - 10 * 60_000;

  before(async () => {
    store = await openStore({ dataDir: 'memory://' });
    await migrate(store);
    front = await openFrontTarget({ pgliteDir: 'memory://' });
    simulator = await startSimulator({
      front,
      seed: 'evaluation-roundtrip',
      items: 200,
      cases: 0,
      newCasesPerTick: 1,
      tickSeconds: TICK_MS / 1000,
      autoTick: false,
      now: () => clock,
    });
    await writeFrontCase(
      store,
      caseRows({
        projectNo: 'RT-EV-1',
        applicant: { name: '张三', type: '1', idNumber: ID_NUMBER, mobile: '13800451001' },
        situation: 'approved',
      }),
      { piiHashKey: KEY, idTailLength: 6 },
    );
    service = createEvaluationService({
      sql: store,
      indicators: loadIndicatorList('config/evaluation-indicators.json'),
      rules: { atServiceNodes: false, followUpWindowDays: 15, maxTextLength: 500 },
      sourceId: 'front',
    });
    const config = defaultSyncConfig({ safetyLagSeconds: 0, lookbackSeconds: 0 });
    sync = createSyncService({
      store,
      source: await openFrontSource({ front }, { sourceTimeZone: config.sourceTimeZone }),
      layout: loadLayout('national'),
      config,
      logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
      keyHash: (idNumber) => applicantKeyHash(idNumber, KEY),
    });
  });
  after(async () => {
    await sync?.close();
    await simulator?.close();
    await front?.close();
    await store?.close();
  });

  test('整改中 → 已整改 → 已回访 on the one row the user rated', async () => {
    const { evaluation } = await service.submit(
      caller,
      {
        projectNo: 'RT-EV-1',
        level: 1,
        indicatorCodes: ['102'],
        text: '材料要求前后说法不一',
        idempotencyKey: 'rt-key-0001',
      },
      'mobile',
    );
    assert.equal(evaluation.rectification?.statusLabel, '待整改');
    const deliverer = startOutboxDeliverer({
      store,
      front: outboundFrontOver(front),
      autoStart: false,
      now: () => clock,
    });
    assert.equal((await deliverer.deliverNow()).delivered, 1);
    await deliverer.close();

    const seen: string[] = [];
    for (let tick = 0; tick < 14; tick += 1) {
      clock += TICK_MS;
      await simulator.tick();
      const runs = await sync.run('up_evaluate_record');
      assert.ok(
        runs.every((run) => run.status === 'succeeded'),
        JSON.stringify(runs),
      );
      const { evaluations } = await service.mine(caller, { cursor: undefined, limit: 10 });
      assert.equal(evaluations.length, 1, 'the platform’s echo is the same rating, not a second one');
      const label = evaluations[0]?.rectification?.statusLabel ?? 'none';
      if (seen.at(-1) !== label) seen.push(label);
    }
    // 待整改 until the platform reviewed it and the department took it on (app_status 已审核).
    assert.deepEqual(seen, ['待整改', '整改中', '已整改', '已回访']);

    const { evaluations } = await service.mine(caller, { cursor: undefined, limit: 10 });
    const rated = evaluations[0];
    assert.equal(rated?.id, evaluation.id);
    assert.equal(rated?.level, 1);
    assert.equal(rated?.text, '材料要求前后说法不一');
    assert.ok(rated?.rectification?.text && rated.rectification.text.length > 5, 'the agency’s rectification text');
    assert.ok(rated?.rectification?.rectifiedAt);
    assert.match(rated?.rectification?.revisitResult ?? '', /回访/);
    // Still found as the user's own through user_issuer/subject, which the layout never writes. (The layout
    // maps evaluator_key_hash from cert_key_gov only, so the echo clears the key hash of an online rating.)
    const { rows } = await store.query<{ n: number; subjects: number }>(
      `SELECT count(*)::int AS n, count(user_subject)::int AS subjects FROM evaluations WHERE project_no = 'RT-EV-1'`,
    );
    assert.deepEqual(rows[0], { n: 1, subjects: 1 });
  });
});
