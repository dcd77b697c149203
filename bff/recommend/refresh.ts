/**
 * The recommendation job: rebuilds the two aggregates the recommender reads and applies the
 * activity retention limit. A periodic full rebuild (not incremental) because both aggregates are
 * "distinct applicants over a sliding window": a case leaving the window must lower a count, which
 * an incremental counter cannot do without remembering who. One statement per aggregate, inside one
 * transaction, so readers see the old tables until the new ones are complete.
 *
 * Several BFF instances may run the job; a transaction-scoped advisory lock lets one rebuild while
 * the others skip that round.
 */
import type { Logger } from '../observability/logger.js';
import type { Sql } from '../store/types.js';
import type { RecommendationsConfig } from './config.js';

/** Arbitrary constant shared by every GovDock instance: "rebuilding recommendations". */
const REFRESH_LOCK_KEY = 4_771_062_915;

export type RefreshSettings = Pick<
  RecommendationsConfig,
  | 'retentionDays'
  | 'sequenceWindowDays'
  | 'sequenceLookbackDays'
  | 'minSupport'
  | 'popularWindowDays'
  | 'minPopularApplicants'
>;

export interface RefreshResult {
  /** false when another instance held the lock. */
  ran: boolean;
  sequences: number;
  popular: number;
  purged: number;
}

/** The 基本编码 when the row has one, else the 实施编码 (see migration 0015). */
export const SERVICE_KEY = (table: string, codeColumn: string): string =>
  `COALESCE(NULLIF(${table}.catalog_code, ''), ${table}.${codeColumn})`;

const SEQUENCES = `
  WITH c AS (
    SELECT ca.applicant_key_hash AS who, ${SERVICE_KEY('ca', 'item_code')} AS k,
           COALESCE(ca.applied_at, ca.accepted_at) AS t
      FROM case_acceptances ca
     WHERE COALESCE(ca.applied_at, ca.accepted_at) >= now() - make_interval(days => $1::int)
  ),
  pairs AS (
    SELECT DISTINCT a.who, a.k AS from_key, b.k AS to_key
      FROM c a
      JOIN c b ON b.who = a.who AND b.k <> a.k AND b.t > a.t AND b.t <= a.t + make_interval(days => $2::int)
  ),
  froms AS (SELECT k, count(DISTINCT who)::int AS n FROM c GROUP BY k)
  INSERT INTO recommendation_sequences (from_key, to_key, support, from_support, refreshed_at)
  SELECT p.from_key, p.to_key, count(*)::int, f.n, now()
    FROM pairs p JOIN froms f ON f.k = p.from_key
   GROUP BY p.from_key, p.to_key, f.n
  HAVING count(*) >= $3::int`;

const POPULARITY = `
  INSERT INTO recommendation_popularity (item_code, service_key, region_code, dept_credit_code, applicants, refreshed_at)
  SELECT i.code, ${SERVICE_KEY('i', 'code')}, i.region_code, i.dept_credit_code, x.n, now()
    FROM (SELECT ca.item_code, count(DISTINCT ca.applicant_key_hash)::int AS n
            FROM case_acceptances ca
           WHERE COALESCE(ca.applied_at, ca.accepted_at) >= now() - make_interval(days => $1::int)
           GROUP BY ca.item_code
          HAVING count(DISTINCT ca.applicant_key_hash) >= $2::int) x
    JOIN items i ON i.code = x.item_code
   WHERE i.state IS NULL OR i.state = 'active'`;

/**
 * Old activity, and any activity of a user who no longer consents (an opt-out deletes at once;
 * this also catches a consent withdrawn by other means, e.g. an operator editing user_profiles).
 */
const PURGE = `
  DELETE FROM recommendation_activity a
   WHERE a.at < now() - make_interval(days => $1::int)
      OR NOT EXISTS (SELECT 1 FROM user_profiles u
                      WHERE u.issuer = a.issuer AND u.subject = a.subject AND u.consent_recommendations)`;

export async function refreshRecommendations(sql: Sql, settings: RefreshSettings): Promise<RefreshResult> {
  return sql.transaction(async (tx) => {
    const { rows } = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [
      REFRESH_LOCK_KEY,
    ]);
    if (!rows[0]?.locked) return { ran: false, sequences: 0, popular: 0, purged: 0 };
    await tx.query('DELETE FROM recommendation_sequences');
    const sequences = await tx.query(SEQUENCES, [
      settings.sequenceLookbackDays,
      settings.sequenceWindowDays,
      settings.minSupport,
    ]);
    await tx.query('DELETE FROM recommendation_popularity');
    const popular = await tx.query(POPULARITY, [settings.popularWindowDays, settings.minPopularApplicants]);
    const purged = await tx.query(PURGE, [settings.retentionDays]);
    const result = {
      ran: true,
      sequences: sequences.affectedRows ?? 0,
      popular: popular.affectedRows ?? 0,
      purged: purged.affectedRows ?? 0,
    };
    await tx.query(
      `INSERT INTO recommendation_refresh (id, refreshed_at, sequences, popular, purged)
       VALUES (true, now(), $1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET refreshed_at = now(), sequences = $1, popular = $2, purged = $3`,
      [result.sequences, result.popular, result.purged],
    );
    return result;
  });
}

export interface RecommendationJob {
  /** Runs one refresh now (also what the interval calls); never throws — failures are logged. */
  runNow(): Promise<RefreshResult | undefined>;
  close(): Promise<void>;
}

/** Refreshes at start and every `refreshMinutes` (0: only when runNow() is called). */
export function startRecommendationJob(options: {
  sql: Sql;
  settings: RefreshSettings & { refreshMinutes: number };
  logger: Logger;
  runOnStart?: boolean;
}): RecommendationJob {
  const { sql, settings, logger } = options;
  let running: Promise<RefreshResult | undefined> | undefined;
  let closed = false;
  const runNow = (): Promise<RefreshResult | undefined> => {
    if (running) return running;
    running = refreshRecommendations(sql, settings)
      .then((result) => {
        if (result.ran) logger.info(result, 'recommendations refreshed');
        return result;
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'recommendation refresh failed');
        return undefined;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer =
    settings.refreshMinutes > 0
      ? setInterval(() => {
          if (!closed) void runNow();
        }, settings.refreshMinutes * 60_000)
      : undefined;
  // The job must never keep a process alive on its own (tests, the CLI).
  timer?.unref();
  if (options.runOnStart !== false && settings.refreshMinutes > 0) void runNow();
  return {
    runNow,
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
