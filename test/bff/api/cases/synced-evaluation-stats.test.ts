/**
 * Issue 7 "Done when": the public statistics show the GENERATED data correctly. The simulator fills a
 * front processor, the national layout syncs its 好差评 (up_evaluate_record) into the library, and
 * GET /api/v1/evaluation-stats over a real socket must equal a count made directly on the front
 * processor's raw rows — total, per level (hcp-national: 1 = 非常不满意 … 5 = 非常满意), 满意率 and
 * per month (assess_time is Beijing time there) — so neither the layout, the sync nor the statistics
 * may lose, double or misfile a rating. (Lives with the case tests because this area owns it; the
 * widget's figures are compared with the same API in test/e2e/live-cases.e2e.ts.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EvaluationStatsResponse } from '../../../../bff/api/contracts/evaluations.js';
import { beijingDay } from '../../../../bff/api/evaluations/stats-params.js';
import { createApp } from '../../../../bff/app.js';
import { loadConfig } from '../../../../bff/config.js';
import type { FrontTarget } from '../../../../bff/dev/front-processor/open.js';
import type { Simulator } from '../../../../bff/dev/simulator/simulator.js';
import { createEventHub } from '../../../../bff/events/hub.js';
import { createLogger } from '../../../../bff/observability/logger.js';
import { startServer, type RunningServer } from '../../../../bff/server.js';
import type { Store } from '../../../../bff/store/store.js';
import type { RunSummary } from '../../../../bff/sync/contracts.js';
import { syncedSimulator } from '../../sync/support/synced-simulator.js';

const KEY = 'synced-stats-test-key-0123456789abcdef0123';

interface FrontRating {
  row_guid: string;
  satisfaction: string;
  month: string;
}

describe('public 好差评 statistics of synced generator data', () => {
  let store: Store;
  let front: FrontTarget;
  let simulator: Simulator;
  let server: RunningServer;
  let ratings: FrontRating[] = [];
  const to = beijingDay(Date.now());

  before(async () => {
    let runs: RunSummary[];
    ({ store, front, simulator, runs } = await syncedSimulator({
      seed: 'synced-stats',
      cases: 600,
      piiKey: KEY,
      kinds: ['cases', 'evaluations'],
    }));
    assert.ok(
      runs.every((run) => run.status === 'succeeded' && run.counts.quarantined === 0),
      JSON.stringify(runs.map((run) => [run.stream, run.status, run.counts])),
    );
    // The latest state of each rating as the front processor holds it (the agency re-pushes rows).
    ratings = await front.query<FrontRating>(
      `SELECT row_guid, satisfaction, to_char(assess_time, 'YYYY-MM') AS month
         FROM up_evaluate_record WHERE cd_operation <> 'D'`,
    );
    const app = createApp({
      config: loadConfig({}, { piiHashKey: KEY }),
      store,
      logger: createLogger({ logLevel: 'silent' }),
      hub: createEventHub({ bufferSize: 10, firstId: 1 }),
      widgetsDir: '/nonexistent',
      demoDir: '/nonexistent',
    });
    server = await startServer(app, { host: '127.0.0.1', port: 0 });
  });
  after(async () => {
    await server?.close();
    await simulator?.close();
    await front?.close();
    await store?.close();
  });

  async function stats(query: string): Promise<EvaluationStatsResponse> {
    const response = await fetch(`${server.url}/api/v1/evaluation-stats?${query}`, { headers: { 'X-CSRF': '1' } });
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as EvaluationStatsResponse;
  }

  test('total, per level and 满意率 equal a count of the front processor’s rows', async () => {
    assert.ok(ratings.length >= 50, `the generator rated ${ratings.length} cases`);
    const answer = await stats(`from=2000-01&to=${to}&group=dept&limit=1000`);
    assert.equal(answer.total, ratings.length);
    for (const level of [1, 2, 3, 4, 5]) {
      const expected = ratings.filter((rating) => Number(rating.satisfaction) === level).length;
      assert.equal(answer.byLevel.find((entry) => entry.level === level)?.count ?? 0, expected, `level ${level}`);
    }
    const satisfied = ratings.filter((rating) => Number(rating.satisfaction) >= 3).length;
    assert.ok(Math.abs((answer.satisfactionRate ?? -1) - satisfied / ratings.length) < 1e-9);
    assert.equal(
      answer.groups.reduce((sum, group) => sum + group.total, 0),
      ratings.length,
      'every rating is in exactly one department group',
    );
  });

  test('per month equals the front processor’s count by Beijing month of assess_time', async () => {
    const answer = await stats(`from=2000-01&to=${to}&group=month&limit=1000`);
    const expected = new Map<string, number>();
    for (const rating of ratings) expected.set(rating.month, (expected.get(rating.month) ?? 0) + 1);
    const shown = new Map(answer.groups.map((group) => [group.key.slice(0, 7), group.total]));
    assert.deepEqual(Object.fromEntries([...shown].sort()), Object.fromEntries([...expected].sort()));
  });
});
