/**
 * One run of a SQL stream (sync-anchors §4.1):
 *
 * 1. run_hi = source-now − safety lag, read once with the SOURCE clock (G1; airbyte #85918);
 * 2. a stream without a cursor (or a full run) first loads its backlog in row-id order below an upper
 *    time fixed when the load began (snapshot-store.ts; as Debezium's initial snapshot): on a table
 *    keyed by the row id this reads sequentially, where index-order reads cost one random lookup per
 *    row and fall to a fraction of the rate once the table outgrows the front's buffer pool. A load
 *    stopped or killed resumes after its last committed row under the same upper time;
 * 3. then keyset pages by the stored (time, id) cursor moved back by the look-back window, so late
 *    commits below the cursor are re-read every run (G2) — harmless, the merge is version-guarded
 *    (G4); pages ordered by (time, id), strictly after the previous page's last row, each committed
 *    in ONE library transaction with the cursor (G3). The cursor never moves backwards.
 *
 * When the load ends the cursor stands on the newest row it saw (snapshot-store.ts). Rows
 * changed while it ran get a change time above that, so the cursor reads them after it; rows
 * committed late below it are the look-back's, exactly as between two cursor runs.
 */
import type { KeysetCursor, SourceRow, SqlSource } from '../contracts.js';
import { secondsBetween } from '../sources/sql/source-time.js';
import { compareCursors, readCursor, writeCursor } from './cursor-store.js';
import { mapPage } from './map-page.js';
import { runPagePipeline, type ReadPage } from './page-pipeline.js';
import { hasOpenQuarantine } from './quarantine.js';
import { withRetry, type RetryOptions } from './retry.js';
import { setRunBounds } from './run-record.js';
import type { EngineContext, RunState } from './run-state.js';
import {
  clearSnapshot,
  finishSnapshot,
  laterPosition,
  readSnapshot,
  writeSnapshot,
  type SnapshotPosition,
} from './snapshot-store.js';
import type { PageRow } from './types.js';

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
  const retry: RetryOptions = {
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

  /** The newest (time, id) of a first-load page (its rows come in id order, not time order). */
  const newestOf = (rows: readonly SourceRow[]): KeysetCursor | null => {
    let newest: KeysetCursor | null = null;
    for (const row of rows) {
      const time = text(row[timeColumn]);
      if (time !== '') newest = laterPosition(newest, { time, id: text(row[idColumn]) });
    }
    return newest;
  };

  const sourceNow = await withRetry(() => source.now(), retry);
  const runHi = source.shiftTime(sourceNow, -config.safetyLagSeconds);
  let stored = await readCursor(store, streamKey);
  await setRunBounds(store, run.runId, runHi, stored?.time ?? null);
  const resolveQuarantine = await hasOpenQuarantine(store, streamKey);

  /** Reads and maps one page (either order); started for page N+1 while page N is being written. */
  const readRows = async <P>(
    load: () => Promise<SourceRow[]>,
    lastOf: (row: SourceRow, rows: readonly SourceRow[]) => P,
  ): Promise<ReadPage<P>> => {
    await context.faults.hit('read');
    const readStarted = performance.now();
    const rows = await withRetry(load, retry);
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
    return { read: rows.length, mapped, last: lastRow ? lastOf(lastRow, rows) : null };
  };

  // ---- 2. first load in row-id order
  /** Set when a load ended in this run: everything below it is read, the cursor pages go on from there. */
  let loadedBelow: string | null = null;
  const inProgress = await readSnapshot(store, streamKey);
  const wantsLoad = run.options.full === true || !stored;
  if (config.initialLoad === 'snapshot' && (inProgress || wantsLoad)) {
    // A full run starts over; otherwise a load in progress resumes under its own upper time.
    const snapshot: SnapshotPosition =
      inProgress && !run.options.full ? { ...inProgress } : { hi: runHi, afterId: null, newest: null };
    const complete = await runPagePipeline<{ id: string; newest: KeysetCursor | null }>(
      context,
      run,
      {
        first: snapshot.afterId === null ? null : { id: snapshot.afterId, newest: null },
        read: (after) =>
          readRows(
            () =>
              source.readSnapshotPage({
                table: stream.sourceTable,
                timeColumn,
                idColumn,
                afterId: after?.id ?? null,
                before: snapshot.hi,
                limit: config.pageSize,
              }),
            (row, rows) => ({ id: text(row[idColumn]), newest: newestOf(rows) }),
          ),
        position: (last) => {
          // Decided in page order, so the newest row written with page N covers pages 1…N.
          snapshot.afterId = last.id;
          snapshot.newest = laterPosition(snapshot.newest, last.newest);
          const position = { ...snapshot };
          return {
            cursorTo: null,
            write: (tx) => writeSnapshot(tx, streamKey, position),
            committed: () => undefined,
          };
        },
      },
      resolveQuarantine,
    );
    if (!complete) return { lagSeconds: null };
    if (snapshot.newest !== null) {
      const { newest } = snapshot;
      const reached = await store.transaction((tx) =>
        finishSnapshot(tx, streamKey, newest, stored, run.runId, config.sourceTimeZone),
      );
      stored = reached;
      run.newestTime = reached.time;
      loadedBelow = snapshot.hi;
    } else if (inProgress) {
      // A load begun on a table that has emptied since: nothing to stand on, the cursor starts over.
      await clearSnapshot(store, streamKey);
    }
  } else if (inProgress) {
    // The operator switched first loads to `keyset`: the cursor (or the start) covers everything.
    await clearSnapshot(store, streamKey);
  }

  // ---- 3. keyset pages by the (time, id) cursor
  const keysetFromStart = !stored || (config.initialLoad === 'keyset' && run.options.full === true);
  // Right after a load, neither the look-back nor the rows below its upper time need reading again
  // in this run; the next run's look-back covers late commits as usual.
  const start: KeysetCursor | null =
    loadedBelow !== null
      ? { time: loadedBelow, id: '' }
      : keysetFromStart
        ? null
        : stored && config.lookbackSeconds > 0
          ? { time: source.shiftTime(stored.time, -config.lookbackSeconds), id: '' }
          : stored;
  /** The furthest cursor handed to a page transaction; pages below it (look-back, full runs) keep it. */
  let dispatched = stored;
  await runPagePipeline<KeysetCursor>(
    context,
    run,
    {
      first: start,
      read: (after) =>
        readRows(
          () =>
            source.readPage({
              table: stream.sourceTable,
              timeColumn,
              idColumn,
              after,
              before: runHi,
              limit: config.pageSize,
            }),
          (row) => ({ time: text(row[timeColumn]), id: text(row[idColumn]) }),
        ),
      position: (last) => {
        const advance = !dispatched || compareCursors(last, dispatched) > 0;
        if (advance) dispatched = last;
        return {
          cursorTo: advance ? last.time : null,
          write: async (tx) => {
            if (advance) await writeCursor(tx, streamKey, last, run.runId, config.sourceTimeZone);
          },
          committed: () => {
            if (advance) stored = last;
            run.newestTime = stored?.time ?? run.newestTime;
          },
        };
      },
    },
    resolveQuarantine,
  );
  const lag = stored ? secondsBetween(stored.time, sourceNow) : null;
  return { lagSeconds: lag === null ? null : Math.max(0, lag) };
}
