/**
 * Keeps the search index current while the BFF runs: triggers on the item tables put changed item
 * codes into search_queue (0010_search.sql), and this loop drains it with reindexItems(). Polling the
 * queue rather than calling reindex from the sync keeps the two areas apart: any writer of items (the
 * sync, a fixture, an operator's SQL) is picked up the same way. An empty queue costs one small query.
 */
import type { Logger } from '../observability/logger.js';
import type { Sql } from '../store/types.js';
import { reindexItems } from './reindex.js';

export interface SearchIndexer {
  /** Drains the queue now (single-flight: a call during a drain waits for that drain). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export function startSearchIndexer(sql: Sql, logger: Logger, options: { intervalMs?: number } = {}): SearchIndexer {
  const intervalMs = options.intervalMs ?? 5_000;
  let running: Promise<void> | undefined;
  let closed = false;

  const drain = (): Promise<void> => {
    running ??= (async () => {
      try {
        const result = await reindexItems(sql);
        if (result.indexed > 0 || result.removed > 0) logger.info(result, 'search index updated');
      } catch (error) {
        // Retried on the next tick; the queue keeps the codes until a drain succeeds.
        logger.error({ err: error }, 'search index update failed');
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const timer = setInterval(() => {
    if (!closed) void drain();
  }, intervalMs);
  timer.unref();
  void drain();

  return {
    drain,
    async close() {
      closed = true;
      clearInterval(timer);
      await running;
    },
  };
}
