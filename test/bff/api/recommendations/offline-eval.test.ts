/**
 * The offline evaluation's floor (issue 9, item 3) on a small generated set: hold out each
 * applicant's last application, and the recommender's hit@5 must be at least 1.5× the popularity
 * baseline's in the same run. The full figure is test/bench/recommend.bench.ts (more cases, and each
 * source scored alone). PGlite: the recommender's SQL is the same on PostgreSQL, which the API test
 * covers.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { migrate } from '../../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../../bff/store/store.js';
import { evaluate, loadEvalData, type EvalData } from '../../../bench/recommend-fixture.js';

let store: Store;
let data: EvalData;

before(async () => {
  store = await openStore({ dataDir: 'memory://' });
  await migrate(store);
  data = await loadEvalData(store, { seed: 'recommend-floor', cases: 2500, entryCount: 600 });
});
after(async () => {
  await store?.close();
});

test('hit@5 of the recommender is at least 1.5× the popularity baseline on held-out applications', async () => {
  assert.ok(data.held.size >= 300, `only ${data.held.size} applicants with two or more cases`);
  // The held-out applications are really not in the library.
  const held = [...data.held.values()].map((c) => c.projectNo);
  const { rows } = await store.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM case_acceptances WHERE project_no = ANY($1::text[])',
    [held],
  );
  assert.equal(rows[0]?.n, 0);
  const scores = await evaluate(store, data, { perSource: false });
  assert.ok(scores.baseline > 0, 'the baseline found nothing: the comparison would be meaningless');
  assert.ok(
    scores.ratio >= 1.5,
    `hit@5 ${scores.recommender.toFixed(3)} vs baseline ${scores.baseline.toFixed(3)} (${scores.ratio.toFixed(2)}×)`,
  );
});
