/**
 * retry-quarantine (issue 4 item 3): after a mapping fix, open entries are re-applied by re-reading
 * their rows at the SOURCE — by id from a SQL front, by file and line from a drop folder — because the
 * quarantined copy has its ID numbers masked and cannot be re-mapped faithfully. A row that maps and
 * writes now closes its entry ('retried'); a row that is gone at the source closes it too
 * ('gone_at_source'); one that still fails stays open with the new reason and one more attempt.
 */
import type { DropFolderSource, SourcePosition, SqlSource, StreamDefinition } from '../contracts.js';
import { problemCode } from './file-stream.js';
import { mapPage } from './map-page.js';
import { commitPage } from './page-commit.js';
import type { EngineContext } from './run-state.js';
import type { PageRow, RejectedRow } from './types.js';

export interface RetryOutcome {
  retried: number;
  resolved: number;
  stillFailing: number;
}

interface OpenEntry {
  id: number;
  source_key: string;
  source_position: string | null;
}

/** What the source still holds for some entries: rows to map, and lines that are still unreadable. */
interface Reread {
  rows: PageRow[];
  unreadable: RejectedRow[];
}

function positionOf(entry: OpenEntry): SourcePosition | null {
  try {
    return entry.source_position ? (JSON.parse(entry.source_position) as SourcePosition) : null;
  } catch {
    return null;
  }
}

async function rereadSql(source: SqlSource, stream: StreamDefinition, entries: readonly OpenEntry[]): Promise<Reread> {
  const rows = await source.readByIds(
    stream.sourceTable,
    stream.cursor.idColumn,
    entries.map((entry) => entry.source_key),
  );
  return {
    rows: rows.map((row) => {
      const rowId = String(row[stream.cursor.idColumn] ?? '');
      const cursorTime = String(row[stream.cursor.timeColumn] ?? '');
      return { row, sourceKey: rowId, position: { table: stream.sourceTable, cursorTime, rowId } };
    }),
    unreadable: [],
  };
}

async function rereadFile(
  source: DropFolderSource,
  stream: StreamDefinition,
  entries: readonly OpenEntry[],
): Promise<Reread> {
  const reread: Reread = { rows: [], unreadable: [] };
  for (const entry of entries) {
    const position = positionOf(entry);
    if (!position?.file || !position.fileHash || !position.line) continue;
    const line = await source.readLine?.({ name: position.file, hash: position.fileHash }, position.line);
    if (!line) continue;
    if ('error' in line) {
      reread.unreadable.push({
        sourceKey: entry.source_key,
        position,
        row: { raw: line.raw },
        problems: [{ code: problemCode(line.error.code), message: line.error.message }],
      });
      continue;
    }
    reread.rows.push({
      row: line.row,
      sourceKey: entry.source_key,
      position: { ...position, table: stream.sourceTable },
    });
  }
  return reread;
}

export async function retryStreamQuarantine(
  context: EngineContext,
  source: SqlSource | DropFolderSource,
  stream: StreamDefinition,
  streamKey: string,
): Promise<RetryOutcome> {
  const outcome: RetryOutcome = { retried: 0, resolved: 0, stillFailing: 0 };
  if (source.kind === 'file' && !source.readLine) {
    // This drop-folder reader cannot re-read an applied file: nothing can be retried, nothing resolved.
    const { rows } = await context.store.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM sync_quarantine WHERE stream = $1 AND resolved_at IS NULL',
      [streamKey],
    );
    outcome.stillFailing = Number(rows[0]?.n ?? 0);
    return outcome;
  }
  let afterId = 0;
  for (;;) {
    const { rows: entries } = await context.store.query<OpenEntry>(
      `SELECT id, source_key, source_position FROM sync_quarantine
        WHERE stream = $1 AND resolved_at IS NULL AND source_key IS NOT NULL AND id > $2
        ORDER BY id LIMIT $3`,
      [streamKey, afterId, context.config.pageSize],
    );
    if (entries.length === 0) return outcome;
    afterId = Number(entries[entries.length - 1]?.id);
    outcome.retried += entries.length;
    const reread =
      source.kind === 'file' ? await rereadFile(source, stream, entries) : await rereadSql(source, stream, entries);
    const found = new Set([...reread.rows, ...reread.unreadable].map((row) => row.sourceKey));
    const mapped = mapPage(stream, reread.rows, context.mapContext);
    let stillFailing = 0;
    await commitPage(context, {
      streamKey,
      runId: null,
      read: reread.rows.length,
      records: mapped.records,
      rejected: [...reread.unreadable, ...mapped.rejected],
      resolveQuarantine: false,
      redact: stream.redact?.bind(stream),
      cursorTo: null,
      countInRun: false,
      bookkeeping: async (tx, { refused }) => {
        // Entries whose rows failed again were refreshed by the page (same open entry); count the attempt.
        const failing = entries.filter((entry) => refused.has(entry.source_key)).map((entry) => entry.id);
        const gone = entries.filter((entry) => !found.has(entry.source_key)).map((entry) => entry.id);
        const retried = entries
          .filter((entry) => found.has(entry.source_key) && !refused.has(entry.source_key))
          .map((entry) => entry.id);
        stillFailing = failing.length;
        await tx.query(
          'UPDATE sync_quarantine SET attempts = attempts + 1, updated_at = now() WHERE id = ANY($1::bigint[])',
          [failing],
        );
        await tx.query(
          `UPDATE sync_quarantine SET resolved_at = now(), updated_at = now(), attempts = attempts + 1,
                  resolution = CASE WHEN id = ANY($2::bigint[]) THEN 'gone_at_source' ELSE 'retried' END
            WHERE id = ANY($1::bigint[]) AND resolved_at IS NULL`,
          [[...gone, ...retried], gone],
        );
      },
    });
    outcome.stillFailing += stillFailing;
    outcome.resolved += entries.length - stillFailing;
  }
}
