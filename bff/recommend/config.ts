/**
 * The `recommendations` section of the config (mounted by bff/config.ts): 猜你想办's privacy limits
 * and the aggregates' thresholds. Defaults are the (90-day sequences, a retention limit,
 * a minimum support so that a rare pair cannot point at one person).
 */
import { z } from 'zod';

const days = (fallback: number, max = 3650) => z.coerce.number().int().min(1).max(max).default(fallback);

export const recommendationsConfigSchema = z
  .object({
    /** Days an activity record (view, search) is kept; older ones are purged by the refresh job. */
    retentionDays: days(90, 730),
    /** At most this many activity records per user; the oldest go first. */
    maxActivityPerUser: z.coerce.number().int().min(1).max(5000).default(200),
    /** Activity posts per user per minute; more are refused with 429. */
    activityPerMinute: z.coerce.number().int().min(1).max(1000).default(60),
    /** X then Y counts as a sequence when Y was applied for within this many days after X. */
    sequenceWindowDays: days(90, 365),
    /** Cases older than this do not feed sequences (bounds the refresh's work). */
    sequenceLookbackDays: days(730),
    /**
     * A pair is kept only when at least this many distinct applicants did X then Y; below that a
     * "people who did X then did Y" would describe a handful of identifiable people.
     */
    minSupport: z.coerce.number().int().min(2).max(1000).default(5),
    /** Popular = distinct applicants in this many days … */
    popularWindowDays: days(180),
    /** … at least this many (a county item applied for once is not "popular", it is someone). */
    minPopularApplicants: z.coerce.number().int().min(1).max(1000).default(3),
    /** Own cases this recent trigger life-event bundles and sequences. */
    historyDays: days(365),
    /** How often the refresh job rebuilds sequences and popularity and purges old activity; 0 = never. */
    refreshMinutes: z.coerce
      .number()
      .min(0)
      .max(7 * 24 * 60)
      .default(60),
    /** Life-event bundles (生活事件): JSON, relative to the project root. */
    lifeEvents: z.string().min(1).default('config/recommendations/life-events.json'),
  })
  .prefault({});

export type RecommendationsConfig = z.infer<typeof recommendationsConfigSchema>;

export const RECOMMENDATIONS_ENVIRONMENT_KEYS: Record<string, string> = {
  RECOMMEND_RETENTION_DAYS: 'recommendations.retentionDays',
  RECOMMEND_MIN_SUPPORT: 'recommendations.minSupport',
  RECOMMEND_REFRESH_MINUTES: 'recommendations.refreshMinutes',
  RECOMMEND_LIFE_EVENTS: 'recommendations.lifeEvents',
};
