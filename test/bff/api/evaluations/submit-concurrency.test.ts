/**
 * Submissions racing each other, on PGlite and on PostgreSQL — where two BFF instances (two
 * connection pools) really run at once: many different idempotency keys for one case give exactly one
 * 首次 and one 追评 and refuse the rest; many copies of one key give one rating; and every rating has
 * exactly one outbox message, committed with it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadIndicatorList } from '../../../../bff/api/evaluations/indicators.js';
import { createEvaluationService, type EvaluationService } from '../../../../bff/api/evaluations/service.js';
import type { Caller } from '../../../../bff/api/shared/caller.js';
import { AppError } from '../../../../bff/http/errors.js';
import { applicantKeyHash } from '../../../../bff/privacy/pii.js';
import { migrate } from '../../../../bff/store/migrate.js';
import type { Store } from '../../../../bff/store/store.js';
import { caseRows, writeFrontCase } from '../../../support/case-fixtures.js';
import { storeTargets, type TestDatabase } from '../../store/store-targets.js';

const KEY = 'concurrency-test-key-0123456789abcdef0123';
const ID_NUMBER = '230102199001011234';
const caller: Caller = {
  issuer: 'https://idp.example.gov.cn',
  subject: 'zs',
  sessionId: 's',
  user: { displayName: '张三', userType: 'natural', realNameLevel: 3 },
  caseKeys: [applicantKeyHash(ID_NUMBER, KEY)],
};
const indicators = loadIndicatorList('config/evaluation-indicators.json');
const rules = { atServiceNodes: false, followUpWindowDays: 15, maxTextLength: 500 };

for (const target of storeTargets()) {
  describe(`racing submissions on ${target.name}`, { skip: target.skip }, () => {
    let db: TestDatabase | undefined;
    let instances: EvaluationService[];
    let store: Store;

    before(async () => {
      db = await target.setup();
      store = db.store;
      await migrate(store);
      for (const no of ['RACE-KEYS', 'RACE-SAME']) {
        await writeFrontCase(
          store,
          caseRows({
            projectNo: no,
            applicant: { name: '张三', type: '1', idNumber: ID_NUMBER, mobile: '13800451001' },
            situation: 'approved',
          }),
          { piiHashKey: KEY, idTailLength: 6 },
        );
      }
      // PostgreSQL: a second pool, as a second BFF instance would have. PGlite has one connection.
      const second = target.name === 'postgres' ? await db.openAnother() : store;
      instances = [store, second].map((sql) => createEvaluationService({ sql, indicators, rules, sourceId: 'front' }));
    });
    after(async () => {
      await db?.teardown();
    });

    test('eight different keys at once: one 首次, one 追评, six refused', async () => {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, (_, n) =>
          (instances[n % 2] as EvaluationService).submit(
            caller,
            { projectNo: 'RACE-KEYS', level: 5, indicatorCodes: [], text: null, idempotencyKey: `race-key-${n}` },
            'pc',
          ),
        ),
      );
      const numbers = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.evaluation.assessNumber] : []));
      assert.deepEqual(numbers.sort(), [1, 2]);
      const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      assert.equal(refused.length, 6);
      assert.ok(refused.every((e) => e instanceof AppError && e.code === 'already_evaluated' && e.status === 409));
    });

    test('six copies of one key at once: one rating, the same answer six times', async () => {
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, n) =>
          (instances[n % 2] as EvaluationService).submit(
            caller,
            { projectNo: 'RACE-SAME', level: 2, indicatorCodes: ['202'], text: null, idempotencyKey: 'same-key-1' },
            'mobile',
          ),
        ),
      );
      assert.equal(results.filter((r) => r.created).length, 1);
      assert.equal(new Set(results.map((r) => JSON.stringify(r.evaluation))).size, 1);
    });

    test('every rating has exactly one outbox message', async () => {
      const { rows } = await store.query<{ ratings: number; messages: number; matched: number }>(
        `SELECT (SELECT count(*) FROM evaluations)::int AS ratings, (SELECT count(*) FROM outbox)::int AS messages,
                (SELECT count(*) FROM evaluations e JOIN outbox o ON o.dedup_key = 'evaluation:' || e.id)::int AS matched`,
      );
      assert.deepEqual(rows[0], { ratings: 3, messages: 3, matched: 3 });
    });
  });
}
