/**
 * One library transaction per page (G3): the page's records, its quarantine entries, the children
 * that must wait, the notices the page produces (case progress, replies, rectifications: case-progress.ts),
 * the cursor (or the drop file's progress and ledger row) and the run's counts are committed together
 * or not at all. Events go to the hub only after COMMIT, so no widget ever hears of a change that was
 * rolled back.
 */
import type { SourceRow } from '../contracts.js';
import type { EventHub } from '../../events/hub.js';
import type { Sql, Store } from '../../store/types.js';
import { DEFAULT_NOTICE_SETTINGS, recordPageNotices, type NoticeSettings, type PageEvents } from './case-progress.js';
import { quarantineRows, resolveSuperseded } from './quarantine.js';
import { addPageCounts } from './run-record.js';
import type { FaultHooks, RejectedRow, SyncLogger, TracedRecord, WriteCounts } from './types.js';
import { emptyWriteCounts } from './types.js';
import { isDataError, writeRecords, type WriteContext } from './write-records.js';

export interface PageCommitDeps {
  store: Store;
  faults: FaultHooks;
  logger: SyncLogger;
  hub?: EventHub | undefined;
  userKeyOf?: ((issuer: string, subject: string) => string) | undefined;
  /** Links and limits of the notices a page produces (config.notices); the defaults when absent. */
  notices?: NoticeSettings | undefined;
}

export interface PageToCommit {
  streamKey: string;
  runId: number | null;
  /** Source rows this page read (counted in the run record). */
  read: number;
  records: readonly TracedRecord[];
  rejected: readonly RejectedRow[];
  /** Resolve open quarantine entries of rows written in a good version (skipped when none are open). */
  resolveQuarantine: boolean;
  /** Cursor text the run record shows as reached. */
  cursorTo: string | null;
  /**
   * Extra writes that must commit with the page: cursor, drop-file progress, ledger. `refused` holds
   * the source keys the page quarantined (mapping or write failures).
   */
  bookkeeping?: (tx: Sql, outcome: { refused: ReadonlySet<string> }) => Promise<void>;
  /** Whether to add the counts to the run record (not for retry-quarantine batches). */
  countInRun: boolean;
  /** False for the end-of-run sweep: counted in the run, but not a page read from the source. */
  isPage?: boolean;
  /** The layout's redaction of a source row for quarantine (StreamDefinition.redact), before pii masking. */
  redact?: ((row: SourceRow) => SourceRow) | undefined;
  /** Records and rejects taken inside the transaction (waiting children out of sync_pending). */
  take?: (tx: Sql) => Promise<{ records: TracedRecord[]; rejected: RejectedRow[] }>;
}

export interface CommittedPage {
  counts: WriteCounts;
  events: PageEvents;
  /** How many records and rejects `take` produced. */
  taken: number;
}

export async function commitPage(deps: PageCommitDeps, page: PageToCommit): Promise<CommittedPage> {
  let result: CommittedPage;
  try {
    result = await pageTransaction(deps, page, false);
  } catch (error) {
    if (!isDataError(error)) throw error;
    // Some record is refused by the database: redo the page, isolating the records at fault.
    result = await pageTransaction(deps, page, true);
  }
  await deps.faults.hit('commit');
  await publishEvents(deps, result.events);
  return result;
}

function pageTransaction(deps: PageCommitDeps, page: PageToCommit, careful: boolean): Promise<CommittedPage> {
  return deps.store.transaction(async (tx) => {
    await deps.faults.hit('stage');
    const counts = emptyWriteCounts();
    const taken = page.take ? await page.take(tx) : { records: [], rejected: [] };
    const records = [...page.records, ...taken.records];
    const redacted = (rows: readonly RejectedRow[]): RejectedRow[] =>
      page.redact ? rows.map((row) => ({ ...row, row: redactRow(page.redact, row.row) })) : [...rows];
    counts.quarantined += await quarantineRows(
      tx,
      page.streamKey,
      page.runId,
      redacted([...page.rejected, ...taken.rejected]),
    );
    const context: WriteContext = {
      tx,
      owner: deps.store,
      stream: page.streamKey,
      runId: page.runId,
      counts,
      failed: [],
      progress: [],
      written: new Set(),
      careful,
    };
    await writeRecords(context, records);
    if (context.failed.length > 0) {
      counts.quarantined += await quarantineRows(tx, page.streamKey, page.runId, redacted(context.failed));
      for (const failed of context.failed) context.written.delete(failed.sourceKey);
    }
    if (page.resolveQuarantine) await resolveSuperseded(tx, page.streamKey, [...context.written]);
    const events = await recordPageNotices(tx, {
      // Records the database refused are quarantined, not stored: they tell nobody anything.
      records: records.filter((traced) => context.written.has(traced.origin.sourceKey)),
      progress: context.progress,
      settings: deps.notices ?? DEFAULT_NOTICE_SETTINGS,
    });
    await deps.faults.hit('merge');
    if (page.bookkeeping) {
      const refused = new Set([...page.rejected, ...taken.rejected, ...context.failed].map((row) => row.sourceKey));
      await page.bookkeeping(tx, { refused });
    }
    if (page.countInRun && page.runId !== null) {
      await addPageCounts(tx, page.runId, {
        read: page.read,
        counts,
        cursorTo: page.cursorTo,
        isPage: page.isPage ?? true,
      });
    }
    return { counts, events, taken: taken.records.length + taken.rejected.length };
  });
}

/** A layout's redaction applies to source rows; a waiting record's values are already mapped (masked). */
function redactRow(redact: ((row: SourceRow) => SourceRow) | undefined, row: RejectedRow['row']): RejectedRow['row'] {
  if (!redact) return row;
  try {
    return redact(row as SourceRow);
  } catch {
    // pii masking in quarantineRows still applies; a failing redaction must not lose the entry.
    return row;
  }
}

/** Publishes what the committed page produced; a failure is logged, never undoes the committed page. */
async function publishEvents(deps: PageCommitDeps, events: PageEvents): Promise<void> {
  if (!deps.hub) return;
  const hub = deps.hub;
  const publish = async (type: string, data: unknown, userKey?: string): Promise<void> => {
    try {
      await hub.publish(userKey === undefined ? { type, data } : { type, data, userKey });
    } catch (error) {
      // The notice is committed; a widget that missed the event finds it on its next refresh.
      deps.logger.warn({ err: error instanceof Error ? error.message : String(error), type }, '同步事件发布失败');
    }
  };
  // Site announcements go to every stream, signed in or not.
  for (const announcement of events.announcements) await publish('announcement', announcement);
  const userKeyOf = deps.userKeyOf;
  if (!userKeyOf) return;
  for (const event of events.progress) {
    await publish(
      'case-progress',
      { projectNo: event.projectNo, kind: event.kind },
      userKeyOf(event.issuer, event.subject),
    );
  }
  for (const event of events.replies) {
    await publish('consultation-reply', event.reply, userKeyOf(event.issuer, event.subject));
  }
  for (const event of events.notices) await publish('notice', event.notice, userKeyOf(event.issuer, event.subject));
}
