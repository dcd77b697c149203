/**
 * Two page transactions in flight on PostgreSQL, committed strictly in page order. The resource
 * library's write (not the read, not the mapping) bounds a sync on two cores; a second backend
 * writing the next page doubles what the server can do (measured 1.8× for two 5,000-row upserts side
 * by side). Each page still commits its rows, quarantine entries, waiting children and cursor in
 * ONE transaction (G3), and page N+1 writes its cursor and commits only after page N committed — so
 * a cursor is never ahead of the rows it covers, and a failed page N rolls page N+1 back.
 *
 * Two pages may only overlap when neither can block the other: pages of plain upserts with disjoint
 * keys. A page with deletes, parents (foreign keys), set replacements or update-only writes, or one
 * sharing a key with the page before, waits for that page's commit first. As a last guard against a
 * lock the engine cannot foresee (page N waiting for a row page N+1 holds while N+1 waits for N), the
 * wait gives up after a while: N+1 rolls back, releasing its locks, and is redone after N.
 */
import { recordKey } from './record-keys.js';
import type { TracedRecord } from './types.js';

const WAIT_LIMIT_MS = 30_000;

export class PipelineWaitTimeout extends Error {
  override name = 'PipelineWaitTimeout';
}

/** The keys a page writes when it may overlap its neighbour, or null when it must not. */
export function overlapKeys(records: readonly TracedRecord[]): Set<string> | null {
  const keys = new Set<string>();
  for (const { record } of records) {
    if (record.parent || record.operation === 'delete' || record.replaceScope || record.write === 'update') return null;
    keys.add(`${record.target}\u0000${recordKey(record)}`);
  }
  return keys;
}

function overlap(a: Set<string> | null, b: Set<string> | null): boolean {
  if (!a || !b) return true;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const key of small) if (large.has(key)) return true;
  return false;
}

function settled(promise: Promise<unknown>): Promise<void> {
  return promise.then(
    () => undefined,
    () => undefined,
  );
}

/** Resolves when `previous` committed, rejects when it failed or the wait runs too long. */
function waitFor(previous: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PipelineWaitTimeout('等待上一页提交超时')), WAIT_LIMIT_MS);
  });
  return Promise.race([previous, timeout]).finally(() => clearTimeout(timer));
}

export class OrderedCommits {
  private inFlight: { done: Promise<void>; keys: Set<string> | null }[] = [];
  /** The last dispatched page's commit: resolves when it committed, rejects when it failed. */
  private last: Promise<void> = Promise.resolve();

  /** `depth` 1 writes page after page; 2 lets a page's write overlap the previous page's. */
  constructor(private readonly depth: number) {}

  /**
   * Dispatches a page. `commit` gets `waitForPrevious`, which it must await inside its transaction
   * before writing the cursor and committing. Resolves once there is room for another page.
   */
  async dispatch(
    keys: Set<string> | null,
    commit: (waitForPrevious: () => Promise<void>) => Promise<void>,
  ): Promise<void> {
    const previous = this.inFlight[this.inFlight.length - 1];
    if (previous && (this.depth === 1 || overlap(previous.keys, keys))) await settled(previous.done);
    const before = this.last;
    const done = commit(() => waitFor(before)).catch(async (error: unknown) => {
      if (!(error instanceof PipelineWaitTimeout)) throw error;
      await before;
      return commit(() => before);
    });
    // Observed by `drain` or the next page; never an unhandled rejection on its own.
    done.catch(() => undefined);
    this.last = done;
    this.inFlight.push({ done, keys });
    while (this.inFlight.length >= this.depth) {
      const oldest = this.inFlight.shift() as { done: Promise<void> };
      await oldest.done;
    }
  }

  /** Waits until no page is in flight, whatever the outcome (before a run record is finished). */
  async settle(): Promise<void> {
    const pending = this.inFlight;
    this.inFlight = [];
    await Promise.all(pending.map((page) => settled(page.done)));
  }

  /** Waits for every dispatched page; throws the first failure. */
  async drain(): Promise<void> {
    const pending = this.inFlight;
    this.inFlight = [];
    for (const page of pending) await page.done;
  }
}
