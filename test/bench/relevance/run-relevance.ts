/**
 * Runs the judged queries (queries.ts) through the real search service over a loaded library and
 * measures MRR@10 (1 / rank of the first relevant result, 0 beyond 10) and recall@10 (judged items
 * found in the top 10, out of at most 10 available: a query with 24 relevant items can reach 1).
 * Item hits only; a FAQ hit repeats its item and is skipped. Shared by the node test (a floor) and
 * test/bench/search-relevance.bench.ts (the figures).
 */
import { CATALOG } from '../../../bff/dev/generator/index.js';
import { createSearchContext, searchItems, type SearchContext } from '../../../bff/search/search-service.js';
import type { Sql } from '../../../bff/store/types.js';
import { JUDGED_QUERIES, type JudgedQuery, type QueryKind } from './queries.js';

export interface Score {
  n: number;
  mrr10: number;
  recall10: number;
}

export interface QueryOutcome {
  q: string;
  kind: QueryKind;
  firstRelevantRank: number | null;
  recall10: number;
  top: string[];
}

export interface RelevanceReport {
  overall: Score;
  perKind: Record<string, Score>;
  outcomes: QueryOutcome[];
}

function catalogCodesOf(query: JudgedQuery): Set<string> {
  const codes = new Set<string>();
  for (const name of query.relevant) {
    const item = CATALOG.find((candidate) => candidate.name === name);
    // A judgment naming an item the generator does not have is a broken suite, not a miss.
    if (!item) throw new Error(`relevance suite: "${query.q}" judges unknown item "${name}"`);
    codes.add(item.catalogCode);
  }
  return codes;
}

const mean = (values: number[]): number =>
  values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
const round = (value: number): number => +value.toFixed(4);

export async function runRelevance(
  sql: Sql,
  context: SearchContext = createSearchContext(sql),
): Promise<RelevanceReport> {
  const { rows: entries } = await sql.query<{ code: string; catalog_code: string; region_code: string | null }>(
    'SELECT i.code, i.catalog_code, i.region_code FROM items i JOIN item_search s ON s.item_code = i.code',
  );
  const entryOf = new Map(entries.map((row) => [row.code, row]));
  const { rows: regions } = await sql.query<{ code: string; parent_code: string | null }>(
    'SELECT code, parent_code FROM regions',
  );
  const parentOf = new Map(regions.map((row) => [row.code, row.parent_code]));
  const within = (code: string | null, ancestor: string): boolean => {
    for (let at = code; at; at = parentOf.get(at) ?? null) if (at === ancestor) return true;
    return false;
  };

  const outcomes: QueryOutcome[] = [];
  for (const query of JUDGED_QUERIES) {
    const judged = catalogCodesOf(query);
    const qualifies = (code: string): string | null => {
      const entry = entryOf.get(code);
      if (!entry || !judged.has(entry.catalog_code)) return null;
      return !query.region || within(entry.region_code, query.region) ? entry.catalog_code : null;
    };
    const available = new Set(entries.filter((e) => qualifies(e.code)).map((e) => e.catalog_code));
    if (available.size === 0)
      throw new Error(`relevance suite: nothing judged for "${query.q}" is in the loaded library`);
    const response = await searchItems(context, { q: query.q, filters: {}, limit: 10 });
    const codes = [...new Set(response.results.filter((hit) => hit.kind === 'item').map((hit) => hit.code))].slice(
      0,
      10,
    );
    const rank = codes.findIndex((code) => qualifies(code) !== null);
    const found = new Set(codes.map(qualifies).filter((code): code is string => code !== null));
    outcomes.push({
      q: query.q,
      kind: query.kind,
      firstRelevantRank: rank < 0 ? null : rank + 1,
      recall10: found.size / Math.min(10, available.size),
      top: response.results
        .filter((hit) => hit.kind === 'item')
        .slice(0, 3)
        .map((hit) => hit.name),
    });
  }
  const score = (list: QueryOutcome[]): Score => ({
    n: list.length,
    mrr10: round(mean(list.map((o) => (o.firstRelevantRank ? 1 / o.firstRelevantRank : 0)))),
    recall10: round(mean(list.map((o) => o.recall10))),
  });
  const kinds = [...new Set(outcomes.map((o) => o.kind))];
  return {
    overall: score(outcomes),
    perKind: Object.fromEntries(kinds.map((kind) => [kind, score(outcomes.filter((o) => o.kind === kind))])),
    outcomes,
  };
}
