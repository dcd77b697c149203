/**
 * The `outbox` section of the config (mounted by bff/config.ts): how evaluations and consultation
 * tickets are delivered to the front processor's outbound tables. The defaults suit both `npm start`
 * and production; an operator mostly sets `dataSource` (the code the platform knows GovDock by) or
 * switches delivery off until the platform has created its tables.
 */
import { z } from 'zod';

const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((value) => value === true || value === 'true' || value === '1' || value === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const outboxConfigSchema = z
  .object({
    /** Run the deliverer in this process (every BFF instance may: rows are leased with SKIP LOCKED). */
    enabled: flag.default(true),
    /** Idle poll interval; a producer's nudge delivers at once anyway. */
    pollMs: int(100, 60_000).default(1000),
    /** Attempts before a row becomes a dead letter for an operator (about half a day with the defaults). */
    maxAttempts: int(1, 1000).default(25),
    /** First retry delay; doubled per attempt up to backoffMaxMs. */
    backoffBaseMs: int(100, 3_600_000).default(5000),
    backoffMaxMs: int(1000, 86_400_000).default(3_600_000),
    /** Longest a front write may wait for a lock or the server. */
    writeTimeoutMs: int(500, 300_000).default(10_000),
    /** `data_source` of every outbound row (3 characters, as the front tables declare it). */
    dataSource: z
      .string()
      .regex(/^[A-Za-z0-9]{1,3}$/, '1–3 letters or digits')
      .default('web'),
  })
  .prefault({});

export type OutboxConfig = z.infer<typeof outboxConfigSchema>;

export const OUTBOX_ENVIRONMENT_KEYS: Record<string, string> = {
  OUTBOX_ENABLED: 'outbox.enabled',
  OUTBOX_POLL_MS: 'outbox.pollMs',
  OUTBOX_MAX_ATTEMPTS: 'outbox.maxAttempts',
  OUTBOX_BACKOFF_BASE_MS: 'outbox.backoffBaseMs',
  OUTBOX_BACKOFF_MAX_MS: 'outbox.backoffMaxMs',
  OUTBOX_WRITE_TIMEOUT_MS: 'outbox.writeTimeoutMs',
  OUTBOX_DATA_SOURCE: 'outbox.dataSource',
};
