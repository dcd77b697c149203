/**
 * Offline evaluation of 猜你想办 (issue 9, item 3) on the generator's case histories:
 *   node --import tsx test/bench/recommend.bench.ts [--cases 10000] [--entries 600] [--seed recommend-bench]
 *
 * Each applicant with ≥ 2 cases has their last application held out; the aggregates (sequences,
 * popularity) are rebuilt from the rest; hit@5 of the recommender (as that applicant, signed in,
 * no consent: life events + sequences + popular) is compared with a popularity baseline (the 5 most
 * applied-for services the applicant has not applied for yet) in the same run. Hits are counted per
 * service (基本编码): the same service in another county is the same thing to do next.
 * Goal: recommender ≥ 1.5 × baseline. Embedded PGlite (the SQL is the same on PostgreSQL).
 *
 * Caveat printed with the figures: the histories come from bff/dev/generator/journeys.ts, written
 * by the same hand as config/recommendations/life-events.json, so life events are partly
 * self-fulfilling; the per-source lines show how much each source finds on its own.
 */
import { migrate } from '../../bff/store/migrate.js';
import { openStore } from '../../bff/store/store.js';
import { evaluate, loadEvalData } from './recommend-fixture.js';
import { numberFlag } from './support/stats.js';

const CASES = numberFlag('cases', 10_000);
const ENTRIES = numberFlag('entries', 600);
const SEED = ((i) => (i >= 0 ? (process.argv[i + 1] ?? 'recommend-bench') : 'recommend-bench'))(
  process.argv.indexOf('--seed'),
);
const GOAL = 1.5;

const store = await openStore({ dataDir: 'memory://' });
try {
  await migrate(store);
  const started = performance.now();
  const data = await loadEvalData(store, { seed: SEED, cases: CASES, entryCount: ENTRIES });
  const loadedMs = performance.now() - started;
  const multi = [...data.people.values()].filter((list) => list.length >= 2).length;
  const evalStarted = performance.now();
  const scores = await evaluate(store, data);
  const evalMs = performance.now() - evalStarted;
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  console.log(`cases ${CASES}, people ${data.people.size} (${multi} with ≥ 2 cases), held out ${scores.users}`);
  console.log(`hit@5 recommender ${pct(scores.recommender)}   popularity baseline ${pct(scores.baseline)}`);
  console.log(`ratio ${scores.ratio.toFixed(2)}× (goal ≥ ${GOAL}×)`);
  console.log(
    `each source alone: life events ${pct(scores.bySource.life_event)}, sequences ${pct(scores.bySource.sequence)}, ` +
      `popular ${pct(scores.bySource.popular)}`,
  );
  console.log(
    'note: histories follow bff/dev/generator/journeys.ts; life events overlap it by construction, sequences are learnt',
  );
  console.log(`load ${(loadedMs / 1000).toFixed(1)} s, evaluate ${(evalMs / 1000).toFixed(1)} s (PGlite)`);
  console.log(
    'BENCH ' +
      JSON.stringify({
        name: 'recommend-hit-at-5',
        cases: CASES,
        heldOut: scores.users,
        hitAt5: Number(scores.recommender.toFixed(4)),
        baselineHitAt5: Number(scores.baseline.toFixed(4)),
        ratio: Number(scores.ratio.toFixed(2)),
        goalRatio: GOAL,
        lifeEventsOnly: Number(scores.bySource.life_event.toFixed(4)),
        sequencesOnly: Number(scores.bySource.sequence.toFixed(4)),
        popularOnly: Number(scores.bySource.popular.toFixed(4)),
      }),
  );
  if (!(scores.ratio >= GOAL)) process.exitCode = 1;
} finally {
  await store.close();
}
