/**
 * The page loop every SQL read mode shares (cursor pages and first-load pages): the next page is
 * read and mapped while the current one is written — reading has no side effects, so a crash between
 * the two loses nothing, and the two databases work in parallel — and on PostgreSQL two page
 * transactions may be in flight, committed strictly in page order (ordered-commits.ts). Each page
 * commits its rows with its position (the mode's `bookkeeping`) in one transaction (G3).
 */
import type { Sql } from '../../store/types.js';
import type { MappedPage } from './map-page.js';
import { OrderedCommits, overlapKeys } from './ordered-commits.js';
import { commitPage } from './page-commit.js';
import type { EngineContext, RunState } from './run-state.js';

export interface ReadPage<P> {
  read: number;
  mapped: MappedPage;
  /** Where the page ends; null for an empty page. */
  last: P | null;
}

/** What one page's transaction records besides its rows, decided in page order. */
export interface PagePosition {
  /** Text the run record shows as the cursor reached (null: unchanged). */
  cursorTo: string | null;
  /** Writes the position inside the page's transaction, after the page before committed. */
  write(tx: Sql): Promise<void>;
  /** After COMMIT. */
  committed(): void;
}

export interface PagePlan<P> {
  first: P | null;
  read(after: P | null): Promise<ReadPage<P>>;
  position(last: P): PagePosition;
}

/**
 * Reads and commits pages until a page comes back short (true: the mode reached its end) or the run
 * must stop (false).
 */
export async function runPagePipeline<P>(
  context: EngineContext,
  run: RunState,
  plan: PagePlan<P>,
  resolveQuarantine: boolean,
): Promise<boolean> {
  const { config, store } = context;
  const { stream, streamKey } = run;
  // PGlite has one connection: a second transaction would only queue behind the first.
  const commits = new OrderedCommits(store.dialect === 'postgres' ? 2 : 1);
  let next: Promise<ReadPage<P>> | null = plan.read(plan.first);
  let reachedEnd = false;
  try {
    while (next) {
      const waitStarted = performance.now();
      const page: ReadPage<P> = await next;
      // Only the part of read + map that the writes did not hide.
      run.timings.waitMs += performance.now() - waitStarted;
      next = null;
      const { last } = page;
      if (!last) {
        reachedEnd = true;
        break;
      }
      if (page.read < config.pageSize) reachedEnd = true;
      else if (!run.shouldStop(config)) next = plan.read(last);
      const position = plan.position(last);
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
          cursorTo: position.cursorTo,
          countInRun: true,
          // The position and the run's counts are written, and the page commits, only after the page before.
          bookkeeping: async (tx) => {
            await waitForPrevious();
            await position.write(tx);
          },
        });
        run.timings.writeMs += performance.now() - writeStarted;
        position.committed();
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
  return reachedEnd && !run.stopReason;
}
