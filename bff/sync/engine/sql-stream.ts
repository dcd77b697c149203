/**
 * The page loop of a SQL stream (sync-anchors §4.1):
 *
 * 1. run_hi = source-now − safety lag, read once with the SOURCE clock (G1; airbyte #85918);
 * 2. start at the stored (time, id) cursor moved back by the look-back window, so late commits below
 *    the cursor are re-read every run (G2) — harmless, the merge is version-guarded (G4);
 * 3. keyset pages ordered by (time, id), strictly after the previous page's last row, each committed
 *    in ONE library transaction with the cursor (G3). The cursor never moves backwards.
 *
 * The next page is read while the current one is written: reading has no side effects, so a crash
 * between the two loses nothing, and the two databases work in parallel.
 */
import type { KeysetCursor, SourceRow, SqlSource } from '../contracts.js';
import { secondsBetween } from '../sources/sql/source-time.js';
import { compareCursors, readCursor, writeCursor } from './cursor-store.js';
import { mapPage, type MappedPage } from './map-page.js';
import { OrderedCommits, overlapKeys } from './ordered-commits.js';
import { commitPage } from './page-commit.js';
import { hasOpenQuarantine } from './quarantine.js';
import { withRetry } from './retry.js';
import { setRunBounds } from './run-record.js';
import type { EngineContext, RunState } from './run-state.js';
import type { PageRow } from './types.js';

interface ReadPage {
  read: number;
  mapped: MappedPage;
  /** The page's last (time, id); null for an empty page. */
  last: KeysetCursor | null;
}

function text(value: SourceRow[string] | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

export async function runSqlStream(
  context: EngineContext,
  source: SqlSource,
  run: RunState,
): Promise<{ lagSeconds: number | null }> {
  const { config, store } = context;
  const { stream, streamKey } = run;
  const { timeColumn, idColumn } = stream.cursor;
  const retry = {
    attempts: config.retry.attempts,
    baseDelayMs: config.retry.baseDelayMs,
    maxDelayMs: config.retry.maxDelayMs,
    ...(run.options.signal ? { signal: run.options.signal } : {}),
    onRetry: (error: unknown, attempt: number, delayMs: number) => {
      run.retries += 1;
      context.logger.warn(
        { stream: stream.name, attempt, delayMs, err: error instanceof Error ? error.message : String(error) },
        '读取前置机失败，稍后重试',
      );
    },
  };

  const sourceNow = await withRetry(() => source.now(), retry);
  const runHi = source.shiftTime(sourceNow, -config.safetyLagSeconds);
  let stored = await readCursor(store, streamKey);
  const start: KeysetCursor | null =
    run.options.full || !stored
      ? null
      : config.lookbackSeconds > 0
        ? { time: source.shiftTime(stored.time, -config.lookbackSeconds), id: '' }
        : stored;
  await setRunBounds(store, run.runId, runHi, stored?.time ?? null);
  const resolveQuarantine = await hasOpenQuarantine(store, streamKey);

  /** Reads and maps one page; started for page N+1 while page N is being written. */
  const readAfter = async (after: KeysetCursor | null): Promise<ReadPage> => {
    await context.faults.hit('read');
    const readStarted = performance.now();
    const rows = await withRetry(
      () =>
        source.readPage({
          table: stream.sourceTable,
          timeColumn,
          idColumn,
          after,
          before: runHi,
          limit: config.pageSize,
        }),
      retry,
    );
    const mapStarted = performance.now();
    run.timings.readMs += mapStarted - readStarted;
    const pageRows: PageRow[] = rows.map((row) => {
      const cursorTime = text(row[timeColumn]);
      const rowId = text(row[idColumn]);
      return { row, sourceKey: rowId, position: { table: stream.sourceTable, cursorTime, rowId } };
    });
    const mapped = mapPage(stream, pageRows, context.mapContext);
    run.timings.mapMs += performance.now() - mapStarted;
    const lastRow = rows[rows.length - 1];
    const last = lastRow ? { time: text(lastRow[timeColumn]), id: text(lastRow[idColumn]) } : null;
    return { read: rows.length, mapped, last };
  };

  // PGlite has one connection: a second transaction would only queue behind the first.
  const commits = new OrderedCommits(store.dialect === 'postgres' ? 2 : 1);
  /** The furthest cursor handed to a page transaction; pages below it (look-back, full runs) keep it. */
  let dispatched = stored;
  let next: Promise<ReadPage> | null = readAfter(start);
  try {
    while (next) {
      const waitStarted = performance.now();
      const page: ReadPage = await next;
      // Only the part of read + map that the writes did not hide.
      run.timings.waitMs += performance.now() - waitStarted;
      next = null;
      const { last } = page;
      if (!last) break;
      if (page.read >= config.pageSize && !run.shouldStop(config)) next = readAfter(last);
      const advance = !dispatched || compareCursors(last, dispatched) > 0;
      if (advance) dispatched = last;
      if (run.lease.lost) run.shouldStop(config);
      if (run.stopReason) break;
      await commits.dispatch(overlapKeys(page.mapped.records), async (waitForPrevious) => {
        const writeStarted = performance.now();
        const committed = await commitPage(context, {
          streamKey,
          runId: run.runId,
          read: page.read,
          records: page.mapped.records,
          rejected: page.mapped.rejected,
          resolveQuarantine,
          redact: stream.redact?.bind(stream),
          cursorTo: advance ? last.time : null,
          countInRun: true,
          // The cursor and the run's counts are written, and the page commits, only after the page before.
          bookkeeping: async (tx) => {
            await waitForPrevious();
            if (advance) await writeCursor(tx, streamKey, last, run.runId, config.sourceTimeZone);
          },
        });
        run.timings.writeMs += performance.now() - writeStarted;
        if (advance) stored = last;
        run.newestTime = stored?.time ?? run.newestTime;
        run.addPage(page.read, committed.counts, context.metrics);
      });
      if (run.shouldStop(config)) break;
    }
    await commits.drain();
  } finally {
    // No page transaction may outlive the run (its lock and its run record end here).
    await commits.settle();
    // A page read ahead that nobody will write must not become an unhandled rejection.
    next?.catch(() => undefined);
  }
  const lag = stored ? secondsBetween(stored.time, sourceNow) : null;
  return { lagSeconds: lag === null ? null : Math.max(0, lag) };
}
