/**
 * Case histories for the recommendation evaluation (test/bench/recommend.bench.ts and its floor in
 * test/bff/api/recommendations/offline-eval.test.ts): the generator's cases WITH journeys
 * (bff/dev/generator/journeys.ts), the last year up to now, written into case_acceptances the way
 * the sync leaves them (keyed-hash applicants, 基本编码, region, times), over the generator's
 * implementation list (test/support/library-fixtures.ts).
 *
 * The evaluation: every applicant with ≥ 2 cases has their last application held out (not written);
 * the aggregates are rebuilt from what remains; for each such applicant the recommender (as that
 * applicant, signed in without consent) and a popularity baseline each name 5 items, and a hit is
 * the held-out application's service (基本编码) among them.
 */
import { historicApplyTime, planCase, seedToInt } from '../../bff/dev/generator/index.js';
import { applicantKeyHash, maskName } from '../../bff/privacy/pii.js';
import type { RecommendationReason } from '../../bff/api/contracts/push.js';
import { loadLifeEvents } from '../../bff/recommend/life-events.js';
import { recommend } from '../../bff/recommend/recommender.js';
import { refreshRecommendations } from '../../bff/recommend/refresh.js';
import { recommendationsConfigSchema } from '../../bff/recommend/config.js';
import type { Sql } from '../../bff/store/types.js';
import { loadLibraryFixture } from '../support/library-fixtures.js';

export const EVAL_HASH_KEY = 'recommend-eval-pii-hash-key-0123456789abcdef';

export interface EvalCase {
  projectNo: string;
  itemCode: string;
  catalogCode: string;
  applyAt: number;
}

export interface EvalOptions {
  seed: string;
  cases: number;
  entryCount: number;
  windowDays?: number;
  followShare?: number;
}

export interface EvalData {
  /** Applicant key hash → cases, oldest first. */
  people: Map<string, EvalCase[]>;
  held: Map<string, EvalCase>;
  written: number;
}

/** Items, then every case except each multi-case applicant's last one. */
export async function loadEvalData(sql: Sql, options: EvalOptions): Promise<EvalData> {
  await loadLibraryFixture(sql, { entryCount: options.entryCount });
  const windowDays = options.windowDays ?? 365;
  const anchor = Date.now() - 60_000;
  const seed = seedToInt(options.seed);
  const people = new Map<string, EvalCase[]>();
  const rows: string[][] = [];
  for (let i = 0; i < options.cases; i += 1) {
    const plan = planCase(i, {
      seed,
      entryCount: options.entryCount,
      applyAt: historicApplyTime(i, options.cases, anchor, windowDays),
      mode: { kind: 'history' },
      journeys: {
        total: options.cases,
        windowDays,
        ...(options.followShare === undefined ? {} : { followShare: options.followShare }),
      },
    });
    const key = applicantKeyHash(plan.applicant.pageCode, EVAL_HASH_KEY);
    const evalCase: EvalCase = {
      projectNo: plan.projectNo,
      itemCode: plan.entry.taskCode,
      catalogCode: plan.entry.item.catalogCode,
      applyAt: plan.applyAt,
    };
    const list = people.get(key) ?? [];
    list.push(evalCase);
    people.set(key, list);
    rows.push([
      plan.projectNo,
      plan.entry.taskCode,
      plan.entry.item.catalogCode,
      plan.entry.taskName,
      plan.applicant.type === '1' ? maskName(plan.applicant.name) : plan.applicant.name,
      plan.applicant.type === '1' ? 'natural' : 'enterprise',
      key,
      plan.entry.dept.creditCode,
      plan.entry.dept.name,
      plan.entry.division.code,
      new Date(plan.applyAt).toISOString(),
    ]);
  }
  const held = new Map<string, EvalCase>();
  for (const [key, list] of people) {
    list.sort((a, b) => a.applyAt - b.applyAt);
    if (list.length >= 2) held.set(key, list[list.length - 1] as EvalCase);
  }
  const heldNos = new Set([...held.values()].map((c) => c.projectNo));
  const kept = rows.filter((row) => !heldNos.has(row[0] as string));
  for (let start = 0; start < kept.length; start += 2000) {
    const batch = kept.slice(start, start + 2000);
    const column = (index: number) => batch.map((row) => row[index] as string);
    await sql.query(
      `INSERT INTO case_acceptances (project_no, item_code, catalog_code, item_name, applicant_name_masked, applicant_type,
                                     applicant_key_hash, dept_credit_code, dept_name, region_code, applied_at,
                                     accepted_at, source, source_row_guid)
       SELECT p, i, c, n, m, t, k, d, dn, r, a::timestamptz, a::timestamptz, 'recommend-eval', p
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                     $9::text[], $10::text[], $11::text[]) AS x(p, i, c, n, m, t, k, d, dn, r, a)
       ON CONFLICT (project_no) DO NOTHING`,
      Array.from({ length: 11 }, (_, index) => column(index)),
    );
  }
  return { people, held, written: kept.length };
}

export interface EvalScores {
  users: number;
  recommender: number;
  baseline: number;
  /** Hit rate of each source alone (same users), to show where the lift comes from. */
  bySource: Record<'life_event' | 'sequence' | 'popular', number>;
  ratio: number;
}

const K = 5;

/** Rebuilds the aggregates from the written cases, then scores hit@5 per held-out application. */
export async function evaluate(
  sql: Sql,
  data: EvalData,
  /** perSource: also score each source alone (4× the work). */
  options: { minSupport?: number; perSource?: boolean } = {},
): Promise<EvalScores> {
  const settings = recommendationsConfigSchema.parse({
    ...(options.minSupport === undefined ? {} : { minSupport: options.minSupport }),
  });
  await refreshRecommendations(sql, settings);
  const bundles = loadLifeEvents(settings.lifeEvents);
  const catalogOf = new Map<string, string>();
  const { rows } = await sql.query<{ code: string; catalog_code: string }>('SELECT code, catalog_code FROM items');
  for (const row of rows) catalogOf.set(row.code, row.catalog_code);

  // Baseline: the globally most applied-for services, minus what the user already applied for.
  const { rows: popular } = await sql.query<{ service_key: string }>(
    `SELECT service_key FROM recommendation_popularity GROUP BY service_key ORDER BY sum(applicants) DESC, service_key`,
  );
  const popularKeys = popular.map((row) => row.service_key);

  let hits = 0;
  let baselineHits = 0;
  const sourceHits = { life_event: 0, sequence: 0, popular: 0 };
  const only = (reason: RecommendationReason) =>
    Object.fromEntries(
      (['life_event', 'sequence', 'history', 'popular'] as const).map((r) => [r, r === reason]),
    ) as Record<RecommendationReason, boolean>;
  for (const [key, target] of data.held) {
    const history = new Set((data.people.get(key) ?? []).filter((c) => c !== target).map((c) => c.catalogCode));
    const user = { caseKeys: [key], owner: { issuer: 'eval', subject: key.slice(0, 16) }, consent: false };
    const services = async (sources?: Record<RecommendationReason, boolean>) =>
      (
        await recommend(sql, bundles, settings, {
          limit: K,
          user,
          asOf: new Date(target.applyAt - 1000),
          ...(sources ? { sources } : {}),
        })
      ).map((r) => catalogOf.get(r.itemCode) ?? r.itemCode);
    if ((await services()).includes(target.catalogCode)) hits += 1;
    for (const reason of options.perSource === false ? [] : (['life_event', 'sequence', 'popular'] as const)) {
      if ((await services(only(reason))).includes(target.catalogCode)) sourceHits[reason] += 1;
    }
    const baseline = popularKeys.filter((k) => !history.has(k)).slice(0, K);
    if (baseline.includes(target.catalogCode)) baselineHits += 1;
  }
  const users = data.held.size;
  const rate = (n: number) => (users === 0 ? 0 : n / users);
  return {
    users,
    recommender: rate(hits),
    baseline: rate(baselineHits),
    bySource: {
      life_event: rate(sourceHits.life_event),
      sequence: rate(sourceHits.sequence),
      popular: rate(sourceHits.popular),
    },
    ratio: baselineHits === 0 ? Infinity : hits / baselineHits,
  };
}
