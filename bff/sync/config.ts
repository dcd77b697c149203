/**
 * The `sync` section of the config: how the exchange reads the front processor (前置机) and when.
 * Operators dock by configuration only (issue 4), so every knob the engine has is a key here.
 * The helpers below mirror those in bff/config.ts; they are repeated because config.ts imports this
 * file (an import back would be a cycle).
 */
import { z } from 'zod';

const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((value) => value === true || value === 'true' || value === '1' || value === 'yes');
const seconds = z.coerce.number().min(0);

/** croner patterns: 5 fields (minute precision) or 6 fields (with seconds). */
const cronPattern = z
  .string()
  .trim()
  .refine((value) => /^\S+(\s+\S+){4,5}$/.test(value), 'must be a cron pattern with 5 or 6 fields');

/** Source time zones are fixed offsets: China has no daylight saving, and an offset is unambiguous. */
export const SOURCE_TIME_ZONE_PATTERN = /^[+-](0\d|1[0-4]):[0-5]\d$/;

export const DEFAULT_SCHEDULES = {
  /** Items change rarely: 事项 and 实施清单 once an hour. */
  items: '0 7 * * * *',
  /** Departments move with the items they carry. */
  organisations: '0 7 * * * *',
  /** Cases drive the users' progress notices: every minute. */
  cases: '0 * * * * *',
  evaluations: '30 */5 * * * *',
  replies: '15 * * * * *',
  notices: '45 * * * * *',
} as const;

export const syncConfigSchema = z
  .object({
    /** Run the scheduler in this process. Every BFF instance may: one writer per stream is locked. */
    enabled: flag.default(true),
    /** Written to every library row's `source` column and part of the cursor key (`<sourceId>:<stream>`). */
    sourceId: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,40}$/, 'letters, digits, _ . - only (1–40)')
      .default('front'),
    /** The front processor's wall-clock zone: its `datetime` columns carry no offset (sync-anchors G7). */
    sourceTimeZone: z.string().regex(SOURCE_TIME_ZONE_PATTERN, "must be an offset like '+08:00'").default('+08:00'),
    /** A shipped layout name (`national`, …) or the path of a layout file (bff/sync/layouts). */
    layout: z.string().min(1).default('national'),
    /**
     * Layouts whose streams run with `layout` on the same front (layouts/sync-layout.ts): `default`, `none`,
     * or a comma list of layout names or paths.
     */
    companions: z.string().default('default'),
    /**
     * How a stream without a cursor (and a full run) reads its backlog: `snapshot` in row-id order
     * below an upper time fixed at the start, then by cursor — sequential on a table keyed by the row
     * id; `keyset` by the (time, id) cursor from the beginning — for a front whose row id has no index.
     */
    initialLoad: z.enum(['snapshot', 'keyset']).default('snapshot'),
    /**
     * Rows per page (one library transaction). 2,500 is as fast as 5,000 on the 1.2M-row bench and keeps
     * the process's peak memory ~30 MB lower; 10,000 does not fit a 128 MB heap (docs/operator.md).
     */
    pageSize: z.coerce.number().int().min(1).max(50_000).default(2500),
    /**
     * Upper bound of a run = source-now minus this (sync-anchors G1): at least the longest transaction
     * of the vendor's pusher plus any replica lag, or rows committed late with an earlier time are missed.
     */
    safetyLagSeconds: seconds.default(10),
    /** Every run re-reads [cursor − look-back, cursor] to catch commits later than the lag (G2). */
    lookbackSeconds: seconds.default(300),
    /** Children (steps, results, materials) waiting longer than this for their parent are quarantined. */
    orphanTimeoutSeconds: seconds.default(24 * 3600),
    /** Error budget per run (DataX errorLimit): above either, the run is failed; good rows are kept. */
    errorBudget: z
      .object({
        maxCount: z.coerce.number().int().min(0).default(1000),
        maxRatio: z.coerce.number().min(0).max(1).default(0.05),
      })
      .default({ maxCount: 1000, maxRatio: 0.05 }),
    /** Source reads that fail (dropped connection) are retried with exponential backoff. */
    retry: z
      .object({
        attempts: z.coerce.number().int().min(0).max(20).default(5),
        baseDelayMs: z.coerce.number().int().min(0).default(500),
        maxDelayMs: z.coerce.number().int().min(0).default(15_000),
      })
      .default({ attempts: 5, baseDelayMs: 500, maxDelayMs: 15_000 }),
    /** croner patterns per stream kind (seconds field optional). */
    schedules: z
      .object({
        items: cronPattern.default(DEFAULT_SCHEDULES.items),
        organisations: cronPattern.default(DEFAULT_SCHEDULES.organisations),
        cases: cronPattern.default(DEFAULT_SCHEDULES.cases),
        evaluations: cronPattern.default(DEFAULT_SCHEDULES.evaluations),
        replies: cronPattern.default(DEFAULT_SCHEDULES.replies),
        notices: cronPattern.default(DEFAULT_SCHEDULES.notices),
      })
      .default({ ...DEFAULT_SCHEDULES }),
  })
  .default({
    enabled: true,
    sourceId: 'front',
    sourceTimeZone: '+08:00',
    layout: 'national',
    companions: 'default',
    initialLoad: 'snapshot',
    pageSize: 2500,
    safetyLagSeconds: 10,
    lookbackSeconds: 300,
    orphanTimeoutSeconds: 24 * 3600,
    errorBudget: { maxCount: 1000, maxRatio: 0.05 },
    retry: { attempts: 5, baseDelayMs: 500, maxDelayMs: 15_000 },
    schedules: { ...DEFAULT_SCHEDULES },
  });

export type SyncConfig = z.infer<typeof syncConfigSchema>;
export type ScheduleKind = keyof SyncConfig['schedules'];

/** The defaults, for tests and callers that build a config by hand. */
export function defaultSyncConfig(overrides: Partial<SyncConfig> = {}): SyncConfig {
  return { ...syncConfigSchema.parse(undefined), ...overrides };
}

/** Environment variable → config path (merged into bff/config.ts ENVIRONMENT_KEYS). */
export const SYNC_ENVIRONMENT_KEYS: Record<string, string> = {
  SYNC_ENABLED: 'sync.enabled',
  SYNC_SOURCE_ID: 'sync.sourceId',
  SYNC_SOURCE_TIME_ZONE: 'sync.sourceTimeZone',
  SYNC_LAYOUT: 'sync.layout',
  SYNC_COMPANIONS: 'sync.companions',
  SYNC_INITIAL_LOAD: 'sync.initialLoad',
  SYNC_PAGE_SIZE: 'sync.pageSize',
  SYNC_SAFETY_LAG_SECONDS: 'sync.safetyLagSeconds',
  SYNC_LOOKBACK_SECONDS: 'sync.lookbackSeconds',
  SYNC_ORPHAN_TIMEOUT_SECONDS: 'sync.orphanTimeoutSeconds',
  SYNC_ERROR_MAX_COUNT: 'sync.errorBudget.maxCount',
  SYNC_ERROR_MAX_RATIO: 'sync.errorBudget.maxRatio',
  SYNC_RETRY_ATTEMPTS: 'sync.retry.attempts',
  SYNC_SCHEDULE_ITEMS: 'sync.schedules.items',
  SYNC_SCHEDULE_ORGANISATIONS: 'sync.schedules.organisations',
  SYNC_SCHEDULE_CASES: 'sync.schedules.cases',
  SYNC_SCHEDULE_EVALUATIONS: 'sync.schedules.evaluations',
  SYNC_SCHEDULE_REPLIES: 'sync.schedules.replies',
  SYNC_SCHEDULE_NOTICES: 'sync.schedules.notices',
};
