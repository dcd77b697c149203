/**
 * The outbox deliverer: takes due outbox rows, writes them into the front processor's outbound tables
 * and marks them delivered — at least once, applied once by key at the front (front-writer.ts).
 *
 * One pass:
 *   1. lease: one statement picks due rows (`FOR UPDATE SKIP LOCKED`, so BFF instances on one
 *      PostgreSQL never take the same row; PGlite has one connection and no contention), counts the
 *      attempt and pushes next_attempt_at forward by the lease. No library transaction stays open
 *      while the front is written: on PGlite that would stall every other query behind a locked
 *      MariaDB table. A process killed mid-delivery leaves the lease, which simply runs out.
 *   2. write: rows grouped by table, one INSERT per table; when the front refuses something in one
 *      row the rows are retried one by one so the others still go.
 *   3. mark: delivered_at for the written rows; for failed ones attempts stay counted, next_attempt_at
 *      = now + exponential backoff (backoff.ts), last_error in plain Chinese with the driver code
 *      (front-errors.ts, never row values). After `maxAttempts` — or at once when the payload can
 *      never be written — the row is dead-lettered: kept with its reason, status 'dead_letter',
 *      until an operator re-queues it (operator.ts).
 *
 * A crash between 2 and 3 re-sends the row after the lease: the front already has its key and keeps
 * the first copy (crash test: test/bff/sync/outbox/crash.test.ts).
 */
import type { Registry } from 'prom-client';
import type { Sql } from '../../store/types.js';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { describeFrontError, type FrontFailure } from './front-errors.js';
import type { OutboundFront } from './front-writer.js';
import { createOutboxMetrics } from './metrics.js';
import { OutboundPayloadError, outboundRow, wallClock } from './outbound-row.js';
import { outboundRowGuid } from './row-guid.js';

export interface OutboxLogger {
  info(data: object, message?: string): void;
  warn(data: object, message?: string): void;
  error(data: object, message?: string): void;
}

/** Test hook: called at each step of a pass, e.g. to SIGKILL the process between write and mark. */
export type DeliveryPhase = 'leased' | 'written' | 'marked';

export interface OutboxDelivererOptions {
  store: Sql;
  front: OutboundFront;
  /** Close `front` on close() (true when the deliverer opened it from a URL). */
  ownsFront?: boolean;
  logger?: OutboxLogger;
  registry?: Registry;
  /** Idle poll interval, ms (default 1,000). */
  pollMs?: number;
  /** Rows leased per pass (default 50). */
  batchSize?: number;
  /** Attempts before a row is dead-lettered (default 25: with the default backoff, about half a day). */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  /** How long a leased row is left alone before another pass may take it again, ms (default 60,000). */
  leaseMs?: number;
  /** The front's wall-clock zone for its datetime columns (default +08:00). */
  frontTimeZone?: string;
  /** `data_source` written with every row (3 characters; default 'web', 来自网站). */
  dataSource?: string;
  /** Start the polling loop (default true); false: only deliverNow(). */
  autoStart?: boolean;
  /** Clock for cd_time/cd_batch (default Date.now); the outbox's own times are the database's now(). */
  now?: () => number;
  onPhase?: (phase: DeliveryPhase, ids: readonly number[]) => void | Promise<void>;
}

export interface DeliveryReport {
  leased: number;
  delivered: number;
  /** Of the delivered: rows the front already had (a re-send after a crash). Null parts when unknown. */
  alreadyAtFront: number;
  failed: number;
  deadLettered: number;
}

export interface OutboxDeliverer {
  /** Delivers everything due now (several passes), then resolves; runs after a pass in progress. */
  deliverNow(): Promise<DeliveryReport>;
  /** Wakes the polling loop now (after a producer committed). */
  nudge(): void;
  close(): Promise<void>;
}

interface LeasedRow {
  id: number;
  kind: string;
  dedupKey: string;
  payload: unknown;
  attempts: number;
}

interface Outcome {
  row: LeasedRow;
  failure?: FrontFailure | { reason: 'payload_invalid'; code: string; message: string; permanent: true };
  alreadyAtFront?: boolean;
}

interface Group {
  table: string;
  entries: { row: LeasedRow; values: Record<string, unknown> }[];
}

const emptyReport = (): DeliveryReport => ({ leased: 0, delivered: 0, alreadyAtFront: 0, failed: 0, deadLettered: 0 });

function addReports(into: DeliveryReport, part: DeliveryReport): void {
  into.leased += part.leased;
  into.delivered += part.delivered;
  into.alreadyAtFront += part.alreadyAtFront;
  into.failed += part.failed;
  into.deadLettered += part.deadLettered;
}

/** `B…` batches are the platform's; GovDock's deliveries are `O<yyyyMMddTHHmmss>-<pass>` (≤ 32 chars). */
function deliveryBatch(ms: number, zone: string, pass: number): string {
  const text = wallClock(ms, zone).replace(/[-: ]/g, '');
  return `O${text.slice(0, 8)}T${text.slice(8)}-${String(pass % 100000).padStart(5, '0')}`;
}

export function startOutboxDeliverer(options: OutboxDelivererOptions): OutboxDeliverer {
  const { store, front, logger } = options;
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? 50;
  const maxAttempts = options.maxAttempts ?? 25;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const leaseMs = options.leaseMs ?? 60_000;
  const zone = options.frontTimeZone ?? '+08:00';
  const dataSource = options.dataSource ?? 'web';
  const now = options.now ?? Date.now;
  const metrics = createOutboxMetrics(options.registry, store);
  let passNo = 0;

  /** Rows leased for their last attempt whose process died: no attempt is left, so they are dead letters. */
  async function deadLetterAbandoned(): Promise<number> {
    const { rows } = await store.query<{ kind: string }>(
      `UPDATE outbox SET dead_lettered_at = now(),
         last_error = COALESCE(last_error || '；', '') || '最后一次投递中断，未能确认结果（已达最大尝试次数）'
       WHERE delivered_at IS NULL AND dead_lettered_at IS NULL AND attempts >= $1 AND next_attempt_at <= now()
       RETURNING kind`,
      [maxAttempts],
    );
    for (const row of rows) metrics.deadLettered(row.kind, 1);
    return rows.length;
  }

  async function lease(): Promise<LeasedRow[]> {
    const { rows } = await store.query<{
      id: string | number;
      kind: string;
      dedup_key: string;
      payload: unknown;
      attempts: number;
    }>(
      `WITH due AS (
         SELECT id FROM outbox
         WHERE delivered_at IS NULL AND dead_lettered_at IS NULL AND attempts < $2 AND next_attempt_at <= now()
         ORDER BY next_attempt_at, id
         LIMIT $1
         FOR UPDATE SKIP LOCKED
       )
       UPDATE outbox o
          SET attempts = o.attempts + 1,
              last_attempt_at = now(),
              next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
         FROM due
        WHERE o.id = due.id
       RETURNING o.id, o.kind, o.dedup_key, o.payload, o.attempts`,
      [batchSize, maxAttempts, leaseMs],
    );
    return rows
      .map((r) => ({
        id: Number(r.id),
        kind: r.kind,
        dedupKey: r.dedup_key,
        payload: r.payload,
        attempts: Number(r.attempts),
      }))
      .sort((a, b) => a.id - b.id);
  }

  /** Writes one table's rows; on a row-level refusal, one by one. */
  async function writeGroup(
    table: string,
    entries: Group['entries'],
    batch: string,
    cdTime: string,
  ): Promise<Outcome[]> {
    const payloadColumns = Object.keys((entries[0] as (typeof entries)[number]).values);
    const columns = [...payloadColumns, 'dedup_key', 'row_guid', 'cd_batch', 'cd_operation', 'cd_time', 'data_source'];
    const tupleOf = (entry: (typeof entries)[number]): unknown[] => [
      ...payloadColumns.map((c) => entry.values[c] ?? null),
      entry.row.dedupKey,
      outboundRowGuid(entry.row.dedupKey),
      batch,
      'I',
      cdTime,
      dataSource,
    ];
    try {
      const { inserted } = await front.insertOnce(table, columns, entries.map(tupleOf));
      // Which rows were duplicates is not reported by MySQL, only how many; all rows of a group are
      // one kind, so the count is what the metrics and the report need.
      const duplicates = inserted === null ? 0 : entries.length - inserted;
      return entries.map((entry, i) => ({ row: entry.row, alreadyAtFront: i < duplicates }));
    } catch (error) {
      const failure = describeFrontError(error, table);
      if (failure.scope === 'row' && entries.length > 1) {
        const outcomes: Outcome[] = [];
        for (const entry of entries) outcomes.push(...(await writeGroup(table, [entry], batch, cdTime)));
        return outcomes;
      }
      return entries.map((entry) => ({ row: entry.row, failure }));
    }
  }

  async function markDelivered(outcomes: Outcome[]): Promise<void> {
    const ids = outcomes.map((o) => o.row.id);
    if (ids.length === 0) return;
    await store.query('UPDATE outbox SET delivered_at = now() WHERE id = ANY($1::bigint[]) AND delivered_at IS NULL', [
      ids,
    ]);
  }

  async function markFailed(outcome: Outcome): Promise<boolean> {
    const failure = outcome.failure as NonNullable<Outcome['failure']>;
    const permanent = 'permanent' in failure;
    const dead = permanent || outcome.row.attempts >= maxAttempts;
    const delay = backoffDelayMs(backoff, outcome.row.attempts, outcome.row.id);
    const message =
      dead && !permanent ? `${failure.message}；已尝试 ${outcome.row.attempts} 次，转人工处理` : failure.message;
    await store.query(
      `UPDATE outbox SET last_error = $2,
              next_attempt_at = now() + make_interval(secs => $3::double precision / 1000),
              dead_lettered_at = CASE WHEN $4::boolean THEN now() END
        WHERE id = $1 AND delivered_at IS NULL`,
      [outcome.row.id, message, delay, dead],
    );
    return dead;
  }

  /** Checks each leased payload; valid rows grouped by (table, column set), one INSERT per group. */
  function groupPayloads(leased: LeasedRow[]): { groups: Map<string, Group>; invalid: Outcome[] } {
    const groups = new Map<string, Group>();
    const invalid: Outcome[] = [];
    for (const row of leased) {
      try {
        const { table, values } = outboundRow(row.kind, row.payload, zone);
        const key = `${table}|${Object.keys(values).join(',')}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { table, entries: [] }));
        group.entries.push({ row, values });
      } catch (error) {
        if (!(error instanceof OutboundPayloadError)) throw error;
        const message = `发送内容不符合约定，无法发送：${error.message}`;
        invalid.push({ row, failure: { reason: 'payload_invalid', code: error.code, message, permanent: true } });
      }
    }
    return { groups, invalid };
  }

  /** Marks and counts what a pass did; returns the report. */
  async function record(leased: number, outcomes: Outcome[]): Promise<DeliveryReport> {
    const report = { ...emptyReport(), leased };
    const written = outcomes.filter((o) => !o.failure);
    await markDelivered(written);
    for (const outcome of written) {
      metrics.delivered(outcome.row.kind, 1);
      if (outcome.alreadyAtFront) metrics.duplicates(outcome.row.kind, 1);
    }
    report.delivered = written.length;
    report.alreadyAtFront = written.filter((o) => o.alreadyAtFront).length;
    const failures = outcomes.filter((o) => o.failure);
    for (const outcome of failures) {
      const dead = await markFailed(outcome);
      metrics.failed(outcome.row.kind, (outcome.failure as { reason: string }).reason, 1);
      if (dead) {
        metrics.deadLettered(outcome.row.kind, 1);
        report.deadLettered += 1;
      }
    }
    report.failed = failures.length;
    const first = failures[0]?.failure;
    if (first) {
      logger?.warn(
        { failed: failures.length, code: first.code, front: front.description },
        `外发失败：${first.message}`,
      );
    }
    if (written.length > 0) logger?.info({ delivered: written.length, front: front.description }, '已发送到前置机');
    return report;
  }

  async function pass(): Promise<DeliveryReport> {
    const abandoned = await deadLetterAbandoned();
    const leased = await lease();
    if (leased.length === 0) return { ...emptyReport(), deadLettered: abandoned };
    await options.onPhase?.(
      'leased',
      leased.map((r) => r.id),
    );

    passNo += 1;
    const at = now();
    const batch = deliveryBatch(at, zone, passNo);
    const { groups, invalid } = groupPayloads(leased);
    const outcomes: Outcome[] = [...invalid];
    for (const group of groups.values())
      outcomes.push(...(await writeGroup(group.table, group.entries, batch, wallClock(at, zone))));
    await options.onPhase?.(
      'written',
      outcomes.filter((o) => !o.failure).map((o) => o.row.id),
    );

    const report = await record(leased.length, outcomes);
    report.deadLettered += abandoned;
    await options.onPhase?.(
      'marked',
      outcomes.map((o) => o.row.id),
    );
    return report;
  }

  // Passes run one at a time: the loop and deliverNow() share this chain.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };

  async function drain(): Promise<DeliveryReport> {
    const total = emptyReport();
    // Bounded: a row failing every time is leased again only after its backoff, so this ends.
    for (let i = 0; i < 1000; i += 1) {
      const report = await pass();
      addReports(total, report);
      if (report.leased < batchSize) break;
    }
    return total;
  }

  let closed = false;
  let closing: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let wake: (() => void) | null = null;

  async function loop(): Promise<void> {
    while (!closed) {
      try {
        await serial(drain);
      } catch (error) {
        // The library itself failed (not the front): log and keep polling.
        logger?.error({ err: error instanceof Error ? error.message : String(error) }, '外发队列处理出错');
      }
      if (closed) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, pollMs);
      });
      wake = null;
    }
  }

  const running = options.autoStart === false ? Promise.resolve() : loop();

  return {
    deliverNow: () => serial(drain),
    nudge() {
      if (timer) clearTimeout(timer);
      wake?.();
    },
    close() {
      closing ??= (async () => {
        closed = true;
        if (timer) clearTimeout(timer);
        wake?.();
        await running;
        await chain;
        if (options.ownsFront) await front.close();
      })();
      return closing;
    },
  };
}
