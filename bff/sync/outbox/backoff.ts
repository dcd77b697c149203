/**
 * Retry delays for a failed delivery: exponential (base · 2^(attempt−1), capped) with "equal jitter" —
 * half fixed, half spread — so many rows that failed together (the front was down) do not all come
 * back in the same second. The spread is derived from (row id, attempt), not Math.random, so a test
 * can predict the bounds and a replay gives the same schedule.
 */
import { createHash } from 'node:crypto';

export interface BackoffPolicy {
  /** Delay after the first failed attempt. */
  baseMs: number;
  /** No delay is longer than this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 3_600_000 };

/** The un-jittered ceiling for `attempt` (1-based). */
export function backoffCeilingMs(policy: BackoffPolicy, attempt: number): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 40);
  return Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
}

/** A delay in [ceiling/2, ceiling]. */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number, rowId: number | string): number {
  const ceiling = backoffCeilingMs(policy, attempt);
  const spread = createHash('sha256').update(`${rowId}:${attempt}`).digest().readUInt32BE(0) / 0x1_0000_0000;
  return Math.round(ceiling / 2 + spread * (ceiling / 2));
}
