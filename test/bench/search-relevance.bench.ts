/**
 * Search relevance: the judged queries of test/bench/relevance through the real search service over
 * the generator's items, MRR@10 and recall@10 per kind and overall (goal MRR@10 ≥ 0.85).
 *   node --import tsx test/bench/search-relevance.bench.ts      (PostgreSQL when DATABASE_URL is set)
 */
import { randomBytes } from 'node:crypto';
import { rebuildSearchIndex } from '../../bff/search/reindex.js';
import { migrate } from '../../bff/store/migrate.js';
import { openStore, type Store } from '../../bff/store/store.js';
import { loadLibraryFixture } from '../support/library-fixtures.js';
import { RELEVANCE_ENTRY_COUNT } from './relevance/fixture-size.js';
import { runRelevance } from './relevance/run-relevance.js';

async function openBenchStore(): Promise<{ store: Store; dialect: string; close(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const store = await openStore({ dataDir: 'memory://' });
    return { store, dialect: 'pglite', close: () => store.close() };
  }
  const name = `govdock_bench_${randomBytes(5).toString('hex')}`;
  const admin = await openStore({ databaseUrl: url, maxConnections: 1 });
  await admin.exec(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: target.toString() });
  return {
    store,
    dialect: 'postgres',
    async close() {
      await store.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

const { store, dialect, close } = await openBenchStore();
try {
  await migrate(store);
  await loadLibraryFixture(store, { entryCount: RELEVANCE_ENTRY_COUNT });
  await rebuildSearchIndex(store);
  const started = performance.now();
  const report = await runRelevance(store);
  const perQueryMs = (performance.now() - started) / report.outcomes.length;
  console.log(`queries ${report.overall.n} on ${dialect}, ${RELEVANCE_ENTRY_COUNT} entries`);
  console.log('kind        n    MRR@10  recall@10');
  for (const [kind, score] of Object.entries(report.perKind)) {
    console.log(
      `${kind.padEnd(11)} ${String(score.n).padStart(3)}  ${score.mrr10.toFixed(3)}   ${score.recall10.toFixed(3)}`,
    );
  }
  console.log(
    `overall     ${String(report.overall.n).padStart(3)}  ${report.overall.mrr10.toFixed(3)}   ${report.overall.recall10.toFixed(3)}   (goal MRR@10 ≥ 0.85)`,
  );
  for (const miss of report.outcomes.filter((o) => o.firstRelevantRank !== 1)) {
    console.log(`  not first: ${miss.q} → ${miss.firstRelevantRank ?? 'none in top 10'} (${miss.top.join(' / ')})`);
  }
  console.log(
    `BENCH ${JSON.stringify({
      name: 'search-relevance',
      dialect,
      entries: RELEVANCE_ENTRY_COUNT,
      queries: report.overall.n,
      mrr10: report.overall.mrr10,
      recall10: report.overall.recall10,
      goalMrr10: 0.85,
      perKind: report.perKind,
      msPerQuery: +perQueryMs.toFixed(2),
    })}`,
  );
} finally {
  await close();
}
