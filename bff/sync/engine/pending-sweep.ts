/**
 * End of every run: children of this stream whose parent has arrived in the meantime (through any
 * stream) are written, and those that waited past the orphan timeout go to quarantine (G9).
 */
import type { Store } from '../../store/types.js';
import { libraryTable } from './library-tables.js';
import { commitPage, type PageCommitDeps } from './page-commit.js';
import { pendingParentGroups, takeOrphans, takeResolvable } from './pending.js';
import { addWriteCounts, emptyWriteCounts, type RejectedRow, type WriteCounts } from './types.js';

export interface SweepOptions {
  streamKey: string;
  runId: number | null;
  batchSize: number;
  orphanTimeoutSeconds: number;
  now: () => Date;
}

export async function sweepPending(
  deps: PageCommitDeps & { store: Store },
  options: SweepOptions,
): Promise<WriteCounts> {
  const total = emptyWriteCounts();
  const page = {
    streamKey: options.streamKey,
    runId: options.runId,
    read: 0,
    records: [],
    rejected: [],
    resolveQuarantine: false,
    cursorTo: null,
    countInRun: true,
    isPage: false,
  };
  const groups = await pendingParentGroups(deps.store, options.streamKey);
  // Nothing waits for this stream: no sweep, no orphan check.
  if (groups.length === 0) return total;
  for (const group of groups) {
    const parent = await libraryTable(deps.store, deps.store, group.parentTarget);
    for (;;) {
      const committed = await commitPage(deps, {
        ...page,
        take: async (tx) => ({
          records: await takeResolvable(tx, options.streamKey, parent, group.columns, options.batchSize),
          rejected: [],
        }),
      });
      addWriteCounts(total, committed.counts);
      // Records whose parent exists but was refused again go back to wait: stop instead of looping.
      if (committed.taken < options.batchSize || committed.counts.pending >= committed.taken) break;
    }
  }
  const olderThan = new Date(options.now().getTime() - options.orphanTimeoutSeconds * 1000);
  const hours = Math.round((options.orphanTimeoutSeconds / 3600) * 10) / 10;
  for (;;) {
    const committed = await commitPage(deps, {
      ...page,
      take: async (tx) => {
        const orphans = await takeOrphans(tx, options.streamKey, olderThan, options.batchSize);
        const rejected: RejectedRow[] = orphans.map((traced) => ({
          sourceKey: traced.origin.sourceKey,
          position: traced.origin.position,
          row: traced.record.values,
          problems: [
            {
              code: 'orphan_timeout',
              field: Object.keys(traced.record.parent?.key ?? {}).join(','),
              message:
                `该记录所属的上级记录（${traced.record.parent?.target ?? ''} ` +
                `${JSON.stringify(traced.record.parent?.key ?? {})}）等待超过 ${hours} 小时仍未到达，已转入隔离区；` +
                '上级记录到达后可在隔离区重试。',
            },
          ],
        }));
        return { records: [], rejected };
      },
    });
    addWriteCounts(total, committed.counts);
    if (committed.taken < options.batchSize) break;
  }
  return total;
}
