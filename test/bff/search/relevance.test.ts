/**
 * The relevance suite as a guard: the judged queries of test/bench/relevance must keep finding their
 * items near the top. The bench (test/bench/search-relevance.bench.ts) prints the figures; this test
 * fails the build when they fall below the floor.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rebuildSearchIndex } from '../../../bff/search/reindex.js';
import { migrate } from '../../../bff/store/migrate.js';
import { openStore, type Store } from '../../../bff/store/store.js';
import { RELEVANCE_ENTRY_COUNT } from '../../bench/relevance/fixture-size.js';
import { JUDGED_QUERIES } from '../../bench/relevance/queries.js';
import { runRelevance, type RelevanceReport } from '../../bench/relevance/run-relevance.js';
import { loadLibraryFixture } from '../../support/library-fixtures.js';

/** The goal is MRR@10 ≥ 0.85; the floor sits there. */
const MRR_FLOOR = 0.85;
const RECALL_FLOOR = 0.85;
const KIND_FLOOR = 0.75;

describe('search relevance (judged queries)', () => {
  let store: Store;
  let report: RelevanceReport;
  before(async () => {
    store = await openStore({ dataDir: 'memory://' });
    await migrate(store);
    await loadLibraryFixture(store, { entryCount: RELEVANCE_ENTRY_COUNT });
    await rebuildSearchIndex(store);
    report = await runRelevance(store);
  });
  after(() => store.close());

  it('has at least 100 judged queries of every kind', () => {
    assert.ok(JUDGED_QUERIES.length >= 100);
    for (const kind of ['colloquial', 'partial', 'typo', 'pinyin', 'region', 'company']) {
      assert.ok(JUDGED_QUERIES.filter((q) => q.kind === kind).length >= 8, kind);
    }
  });

  it(`reaches MRR@10 ≥ ${MRR_FLOOR} and recall@10 ≥ ${RECALL_FLOOR} overall`, () => {
    const misses = report.outcomes
      .filter((o) => o.firstRelevantRank !== 1)
      .map((o) => `${o.q} → ${o.firstRelevantRank ?? '–'} (${o.top.join(' / ')})`);
    assert.ok(report.overall.mrr10 >= MRR_FLOOR, `MRR@10 ${report.overall.mrr10}; not first: ${misses.join('; ')}`);
    assert.ok(report.overall.recall10 >= RECALL_FLOOR, `recall@10 ${report.overall.recall10}`);
  });

  it(`keeps every kind of query at MRR@10 ≥ ${KIND_FLOOR}`, () => {
    for (const [kind, score] of Object.entries(report.perKind))
      assert.ok(score.mrr10 >= KIND_FLOOR, `${kind}: ${score.mrr10}`);
  });
});
