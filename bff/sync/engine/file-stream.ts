/**
 * A drop-folder stream (G12; architecture §7): complete files (`.ok` marker) of the stream's table, in
 * name order, each applied exactly once. A file is read in pages like a SQL stream; each page commits
 * with the file's progress (the last line applied, kept in sync_state under `<stream>#file:<hash>`), so
 * a crash resumes after the last committed line, and the last page commits the ledger row
 * (applied_files, by content hash). The file is archived only after that commit.
 */
import type { DropFile, DropFolderSource, DropLine, RowProblem } from '../contracts.js';
import type { Sql } from '../../store/types.js';
import { deleteCursor, readCursor, writeCursor } from './cursor-store.js';
import { mapPage } from './map-page.js';
import { commitPage } from './page-commit.js';
import { hasOpenQuarantine } from './quarantine.js';
import type { EngineContext, RunState } from './run-state.js';
import type { PageRow, RejectedRow } from './types.js';

const KNOWN_CODES = new Set<RowProblem['code']>([
  'missing_required',
  'too_long',
  'unknown_code',
  'bad_date',
  'bad_number',
  'bad_area_code',
  'bad_credit_code',
  'bad_json',
  'bad_csv',
  'bad_encoding',
  'duplicate_in_page',
  'unknown_operation',
  'orphan_timeout',
  'write_failed',
]);

/** A drop line's error code as a quarantine reason (unknown codes count as unreadable JSON). */
export function problemCode(code: string): RowProblem['code'] {
  return KNOWN_CODES.has(code as RowProblem['code']) ? (code as RowProblem['code']) : 'bad_json';
}

async function isApplied(sql: Sql, hash: string): Promise<boolean> {
  const { rows } = await sql.query('SELECT 1 FROM applied_files WHERE content_hash = $1', [hash]);
  return rows.length > 0;
}

export async function runFileStream(context: EngineContext, source: DropFolderSource, run: RunState): Promise<void> {
  const { store, config } = context;
  const { stream } = run;
  const files = (await source.listReady((hash) => isApplied(store, hash))).filter(
    (file) => file.table === stream.sourceTable,
  );
  for (const file of files) {
    if (run.shouldStop(config)) return;
    await applyFile(context, source, run, file);
  }
}

async function applyFile(context: EngineContext, source: DropFolderSource, run: RunState, file: DropFile) {
  const { store, config } = context;
  const { stream, streamKey } = run;
  const progressKey = `${streamKey}#file:${file.hash}`;
  // Another instance may have applied it between listing and locking.
  if (await isApplied(store, file.hash)) return;
  const done = Number((await readCursor(store, progressKey))?.id ?? 0);
  const resolveQuarantine = await hasOpenQuarantine(store, streamKey);
  let batch: DropLine[] = [];
  let lines = done;

  const commit = async (final: boolean): Promise<void> => {
    const pageRows: PageRow[] = [];
    const rejected: RejectedRow[] = [];
    for (const line of batch) {
      const position = { table: stream.sourceTable, file: file.name, fileHash: file.hash, line: line.line };
      if ('error' in line) {
        rejected.push({
          sourceKey: `${file.name}:${line.line}`,
          position,
          row: { raw: line.raw },
          problems: [{ code: problemCode(line.error.code), message: line.error.message }],
        });
        continue;
      }
      const id = line.row[stream.cursor.idColumn];
      const sourceKey = id === null || id === undefined || id === '' ? `${file.name}:${line.line}` : String(id);
      pageRows.push({ row: line.row, sourceKey, position: { ...position, rowId: sourceKey } });
    }
    const mapped = mapPage(stream, pageRows, context.mapContext);
    const lastLine = batch.length > 0 ? (batch[batch.length - 1] as DropLine).line : lines;
    const committed = await commitPage(context, {
      streamKey,
      runId: run.runId,
      read: batch.length,
      records: mapped.records,
      rejected: [...rejected, ...mapped.rejected],
      resolveQuarantine,
      redact: stream.redact?.bind(stream),
      cursorTo: `${file.name}:${lastLine}`,
      countInRun: true,
      bookkeeping: async (tx) => {
        if (!final) {
          await writeCursor(
            tx,
            progressKey,
            { time: file.name, id: String(lastLine) },
            run.runId,
            config.sourceTimeZone,
          );
          return;
        }
        await deleteCursor(tx, progressKey);
        await tx.query(
          `INSERT INTO applied_files (content_hash, name, stream, row_count) VALUES ($1, $2, $3, $4)
           ON CONFLICT (content_hash) DO NOTHING`,
          [file.hash, file.name, streamKey, lastLine],
        );
      },
    });
    run.addPage(batch.length, committed.counts, context.metrics);
    lines = lastLine;
    batch = [];
  };

  for await (const line of source.readLines(file)) {
    if (line.line <= done) continue;
    batch.push(line);
    if (batch.length >= config.pageSize) {
      await commit(false);
      if (run.shouldStop(config)) return;
    }
  }
  await commit(true);
  try {
    await source.archive(file);
  } catch (error) {
    // The ledger already prevents a second application; the file only stays visible in the folder.
    context.logger.warn(
      { stream: stream.name, file: file.name, err: error instanceof Error ? error.message : String(error) },
      '已应用的文件无法移入 done/ 目录',
    );
  }
}
