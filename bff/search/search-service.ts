/**
 * /search: understand the query, rank names, expand each name to one entry under the filters (the
 * entry a site's visitor would use: the site's region, else the highest level), fall back to guide
 * text when names alone find too little, add FAQ answers for question words, and the caller's own
 * cases. No HTTP types here.
 */
import type { MyCaseHit, SearchHit, SearchResponse } from '../api/contracts/items.js';
import type { Sql } from '../store/types.js';
import { type SearchDictionaries, searchDictionaries } from './dictionaries.js';
import { excerpt, highlight } from './highlight.js';
import { andClause, filterPredicates, hasFilters, type ResolvedFilters, SqlParams } from './item-filters.js';
import { term, tsAnd, tsOr } from './lexemes.js';
import { findMyCases } from './my-cases.js';
import { rankNames } from './name-ranker.js';
import { matchStrings, understandQuery, type UnderstoodQuery } from './query.js';
import { loadRegionLexicon, type RegionLexicon, regionWithDescendants } from './regions.js';
import { searchTokens } from './segmenter.js';
import { REGION_JOINS, REGION_NAME } from './sql-fragments.js';

/** What the search needs, built once per app: dictionaries and the region words (reloaded now and then). */
export interface SearchContext {
  sql: Sql;
  dictionaries: SearchDictionaries;
  regionLexicon(): Promise<RegionLexicon>;
  understand(q: string): Promise<UnderstoodQuery>;
  /** `region` → the region and its descendants. */
  resolveFilters(filters: ResolvedFilters, understood?: UnderstoodQuery): Promise<ResolvedFilters>;
}

const REGION_WORDS_TTL_MS = 5 * 60_000;

export function createSearchContext(sql: Sql, dictionaries: SearchDictionaries = searchDictionaries()): SearchContext {
  let lexicon: { value: Promise<RegionLexicon>; at: number } | undefined;
  const descendants = new Map<string, { codes: string[]; at: number }>();
  const context: SearchContext = {
    sql,
    dictionaries,
    regionLexicon() {
      if (!lexicon || Date.now() - lexicon.at > REGION_WORDS_TTL_MS) {
        const value = loadRegionLexicon(sql, dictionaries);
        // A failed load is not cached: the next search tries again.
        value.catch(() => (lexicon = undefined));
        lexicon = { value, at: Date.now() };
      }
      return lexicon.value;
    },
    async understand(q) {
      return understandQuery(q, dictionaries, await context.regionLexicon());
    },
    async resolveFilters(filters, understood) {
      const region = filters.region ?? understood?.region?.code;
      if (!region) return { ...filters };
      let cached = descendants.get(region);
      if (!cached || Date.now() - cached.at > REGION_WORDS_TTL_MS) {
        cached = { codes: await regionWithDescendants(sql, region), at: Date.now() };
        if (descendants.size > 1000) descendants.clear();
        descendants.set(region, cached);
      }
      return { ...filters, region, regionCodes: cached.codes };
    },
  };
  return context;
}

interface EntryRow {
  ord: number;
  code: string;
  name: string;
  dept_name: string;
  region_name: string | null;
  accept_conditions: string | null;
}

/** One entry per name, in the names' order, under the filters; names without such an entry drop out. */
export async function representatives(
  sql: Sql,
  names: readonly string[],
  filters: ResolvedFilters,
  limit: number,
): Promise<EntryRow[]> {
  if (names.length === 0 || limit <= 0) return [];
  const params = new SqlParams();
  const namesParam = params.add(names);
  // The entry is chosen on the index rows alone (they carry the filter values); items are read
  // only for the chosen entries.
  const { rows } = await sql.query<EntryRow>(
    `SELECT n.ord::int AS ord, i.code, i.name, i.dept_name, ${REGION_NAME} AS region_name, i.accept_conditions
       FROM unnest(${namesParam}::text[]) WITH ORDINALITY AS n(name, ord)
      CROSS JOIN LATERAL (
        SELECT s.item_code FROM item_search s
         WHERE s.name = n.name ${andClause(filterPredicates(filters, params, 's'))}
         ORDER BY s.region_code NULLS LAST, s.item_code
         LIMIT 1
      ) e
       JOIN items i ON i.code = e.item_code ${REGION_JOINS}
      ORDER BY n.ord
      LIMIT ${params.add(limit)}`,
    params.values,
  );
  return rows;
}

/** How many of the ranked names have at least one entry under the filters. */
export async function countNamesUnderFilters(
  sql: Sql,
  names: readonly string[],
  filters: ResolvedFilters,
): Promise<number> {
  if (!hasFilters(filters)) return names.length;
  if (names.length === 0) return 0;
  const params = new SqlParams();
  const namesParam = params.add(names);
  const exists = `SELECT 1 FROM item_search s WHERE s.name = n.name ${andClause(filterPredicates(filters, params, 's'))}`;
  const { rows } = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM unnest(${namesParam}::text[]) AS n(name) WHERE EXISTS (${exists})`,
    params.values,
  );
  return rows[0]?.n ?? 0;
}

/** Every concept present (each through any of its forms): for guide text, where names fell short. */
function guideTextQuery(query: UnderstoodQuery): string {
  const concepts = query.concepts.filter((concept) => !concept.latin && [...concept.text].length > 1);
  return tsAnd(
    concepts.map((concept) =>
      tsOr(
        [concept.text, ...concept.targets].map((alt) => {
          const tokens = [...new Set(searchTokens(alt))].filter((token) => [...token].length > 1);
          return tsAnd((tokens.length > 0 ? tokens : [alt]).map(term));
        }),
      ),
    ),
  );
}

/** Below this many name hits the guide text is searched as well (it is the expensive part). */
const FEW_RESULTS = 3;
/** Guide-text matches examined per query: each costs reading a whole document. */
const GUIDE_SCAN_LIMIT = 300;

async function guideTextNames(
  sql: Sql,
  query: UnderstoodQuery,
  filters: ResolvedFilters,
  exclude: readonly string[],
  limit: number,
): Promise<string[]> {
  const tsquery = guideTextQuery(query);
  if (tsquery === '') return [];
  const params = new SqlParams();
  const q = params.add(tsquery);
  const excluded = params.add(exclude);
  const conditions = andClause(filterPredicates(filters, params, 's'));
  // The inner LIMIT bounds the work for words every guide contains (原件, 委托 …).
  const { rows } = await sql.query<{ name: string }>(
    `SELECT name FROM (
        SELECT s.name FROM item_search s
         WHERE s.document @@ ${q}::tsquery AND NOT (s.name = ANY(${excluded}::text[])) ${conditions}
         LIMIT ${GUIDE_SCAN_LIMIT}
      ) m GROUP BY name ORDER BY count(*) DESC, name LIMIT ${params.add(limit)}`,
    params.values,
  );
  return rows.map((row) => row.name);
}

/** SearchHit plus what this API adds to the contract: the FAQ answer on `kind: 'faq'` hits. */
export type SearchHitOut = SearchHit & { answer?: string };
export type SearchResponseOut = Omit<SearchResponse, 'results'> & { results: SearchHitOut[] };

/** FAQ cue words: what a question word looks like in FAQ questions. */
const QUESTION_CUES: ReadonlyArray<readonly string[]> = [
  ['收费', '费用', '多少钱', '钱'],
  ['多久', '多长时间', '时间', '几天', '时限', '期限'],
  ['现场', '本人', '网上', '网办', '线上'],
  ['委托', '代办', '代理'],
];

function cuesOf(words: readonly string[]): string[] {
  const cues = new Set<string>();
  for (const word of words) {
    cues.add(word);
    for (const group of QUESTION_CUES) if (group.includes(word)) group.forEach((cue) => cues.add(cue));
  }
  return [...cues];
}

async function faqHits(
  sql: Sql,
  items: readonly SearchHit[],
  query: UnderstoodQuery,
  needles: readonly string[],
): Promise<Map<string, SearchHitOut[]>> {
  const out = new Map<string, SearchHitOut[]>();
  if (query.questionWords.length === 0 || items.length === 0) return out;
  const cues = cuesOf(query.questionWords);
  const top = items.slice(0, 3);
  const { rows } = await sql.query<{ item_code: string; question: string; answer: string }>(
    'SELECT item_code, question, answer FROM item_faqs WHERE item_code = ANY($1::text[]) ORDER BY item_code, sort_order, id',
    [top.map((hit) => hit.code)],
  );
  for (const item of top) {
    const faq = rows.find((row) => row.item_code === item.code && cues.some((cue) => row.question.includes(cue)));
    if (!faq) continue;
    out.set(item.code, [
      {
        kind: 'faq',
        code: item.code,
        name: item.name,
        nameParts: item.nameParts,
        snippet: highlight(faq.question, [...cues, ...needles]),
        answer: faq.answer,
        deptName: item.deptName,
        regionName: item.regionName,
        score: +(item.score - 0.01).toFixed(4),
      },
    ]);
  }
  return out;
}

export interface SearchInput {
  q: string;
  filters: ResolvedFilters;
  limit: number;
  /** undefined: anonymous (myCases null); null: logged in without a key (myCases []). */
  userKeyHash?: string | null;
}

export async function searchItems(context: SearchContext, input: SearchInput): Promise<SearchResponseOut> {
  const { sql } = context;
  const understood = await context.understand(input.q);
  const filters = await context.resolveFilters(input.filters, understood);
  const ranking = await rankNames(sql, understood);
  const ranked = ranking.names;
  const needles = [...new Set([...matchStrings(understood), ...ranked.flatMap((r) => r.matched)])].sort(
    (a, b) => b.length - a.length,
  );
  const byName = new Map(ranked.map((r) => [r.name, r]));

  // A word no name holds (火化 in 火化证明) but a guide might: items whose guide has everything asked
  // for come first, before names that hold only part of it.
  const guideFirst = ranking.unmatched.some((concept) => concept.weight >= 1 && !concept.latin)
    ? await guideTextNames(sql, understood, filters, [], input.limit)
    : [];
  const names = [...guideFirst, ...ranked.map((r) => r.name).filter((name) => !guideFirst.includes(name))];
  const rows = await representatives(sql, names, filters, input.limit);
  let total =
    guideFirst.length +
    (await countNamesUnderFilters(
      sql,
      ranked.map((r) => r.name),
      filters,
    ));
  const toHit = (row: EntryRow, score: number): SearchHit => ({
    kind: 'item',
    code: row.code,
    name: row.name,
    nameParts: highlight(row.name, needles),
    snippet: highlight(excerpt(row.accept_conditions ?? '', needles), needles),
    deptName: row.dept_name,
    regionName: row.region_name,
    score,
  });
  const hits = rows.map((row) => toHit(row, byName.get(row.name)?.score ?? 20));
  if (hits.length < Math.min(input.limit, FEW_RESULTS) && guideFirst.length === 0) {
    // Names found next to nothing: items whose guide (materials, FAQ …) has every asked-for thing.
    const extra = await guideTextNames(sql, understood, filters, names, input.limit - hits.length);
    const extraRows = await representatives(sql, extra, filters, extra.length);
    hits.push(...extraRows.map((row) => toHit(row, 1)));
    total += extraRows.length;
  }
  const faqs = await faqHits(sql, hits, understood, needles);
  const results: SearchHitOut[] = hits.flatMap((hit) => [hit, ...(faqs.get(hit.code) ?? [])]);

  let myCases: MyCaseHit[] | null = null;
  if (input.userKeyHash !== undefined) {
    myCases = await findMyCases(
      sql,
      input.userKeyHash,
      [...needles, ...ranked.slice(0, 5).map((r) => r.name)],
      input.q,
    );
  }
  return {
    query: input.q,
    understood: {
      terms: [...understood.concepts.map((c) => c.text), ...understood.questionWords],
      expandedTo: [
        ...new Set([
          ...understood.concepts.flatMap((c) => c.targets),
          ...understood.corrections.map(([, right]) => right),
        ]),
      ],
      region:
        understood.region && !input.filters.region
          ? { code: understood.region.code, name: understood.region.name }
          : null,
    },
    results,
    total,
    myCases,
  };
}
