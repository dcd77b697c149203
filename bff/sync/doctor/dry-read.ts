/**
 * The dry incremental read: one page per stream, read exactly as the sync would read it (from the
 * stream's cursor, below source-now minus the safety lag) and passed through the layout's map(),
 * counting the rows that would be written and those that would be quarantined, with their
 * reasons. Nothing is written anywhere: map() is pure, and no cursor, ledger or file moves.
 */
import type {
  DropFolderSource,
  KeysetCursor,
  Layout,
  MapContext,
  RowProblem,
  SourceRow,
  SqlSource,
  StreamDefinition,
} from '../contracts.js';
import { maskPiiInText } from '../../privacy/pii.js';
import type { CheckResult, CheckStatus } from './types.js';

export interface DryReadOptions {
  layout: Layout;
  mapContext: MapContext;
  /** Rows per stream (the sync's page size). */
  pageSize?: number;
  /** Seconds below source-now that the sync leaves alone (late commits). */
  safetyLagSeconds?: number;
  /** The stream's committed cursor, when the resource library has one. */
  cursorOf?: (stream: StreamDefinition) => Promise<KeysetCursor | null>;
  /** A ratio of would-be quarantines above this fails the check (the run's error budget). */
  errorBudgetRatio?: number;
}

interface Tally {
  read: number;
  good: number;
  records: Map<string, number>;
  children: number;
  problems: Map<string, number>;
  examples: string[];
}

const MAX_EXAMPLES = 5;

function newTally(): Tally {
  return { read: 0, good: 0, records: new Map(), children: 0, problems: new Map(), examples: [] };
}

/** Problems from map() (RowProblem) and from the drop-file reader (any code) alike. */
type Problem = Pick<RowProblem, 'field' | 'message'> & { code: string };

function addProblems(tally: Tally, problems: readonly Problem[], where: string) {
  for (const problem of problems) {
    const key = problem.field ? `${problem.code}（${problem.field}）` : problem.code;
    tally.problems.set(key, (tally.problems.get(key) ?? 0) + 1);
  }
  if (tally.examples.length < MAX_EXAMPLES) {
    // Messages may quote a value; the report leaves the building, so personal data is masked.
    tally.examples.push(maskPiiInText(`${where}：${problems.map((problem) => problem.message).join('；')}`));
  }
}

function mapRow(stream: StreamDefinition, row: SourceRow, context: MapContext, tally: Tally, where: string): void {
  tally.read += 1;
  let result;
  try {
    result = stream.map(row, context);
  } catch (error) {
    addProblems(tally, [{ code: 'write_failed', message: `映射出错：${(error as Error).message}` }], where);
    return;
  }
  if (!result.ok) {
    addProblems(tally, result.problems, where);
    return;
  }
  tally.good += 1;
  for (const record of result.records) {
    tally.records.set(record.target, (tally.records.get(record.target) ?? 0) + 1);
    if (record.parent) tally.children += 1;
  }
}

function verdict(tally: Tally, header: string[], budget: number): Pick<CheckResult, 'status' | 'summary' | 'evidence'> {
  const refused = tally.read - tally.good;
  const evidence = [...header, `读取 ${tally.read} 行：可写入 ${tally.good} 行，将被隔离 ${refused} 行`];
  if (tally.records.size > 0) {
    evidence.push(
      `将生成记录：${[...tally.records].map(([target, count]) => `${target} ${count} 条`).join('，')}` +
        (tally.children > 0 ? `（其中 ${tally.children} 条依赖父记录，父记录未到时将等待）` : ''),
    );
  }
  if (tally.problems.size > 0) {
    evidence.push(`隔离原因：${[...tally.problems].map(([reason, count]) => `${reason} ${count} 行`).join('，')}`);
    evidence.push(...tally.examples.map((example) => `示例 ${example}`));
  }
  let status: CheckStatus = 'pass';
  let summary = tally.read === 0 ? '当前没有待同步的新数据' : `${tally.read} 行全部可以写入`;
  if (refused > 0) {
    const ratio = refused / tally.read;
    status = ratio > budget ? 'fail' : 'warn';
    summary =
      `${tally.read} 行中有 ${refused} 行（${(ratio * 100).toFixed(1)}%）将被隔离` +
      (status === 'fail' ? `，超过错误预算 ${(budget * 100).toFixed(1)}%：请先修正数据或映射` : '');
  }
  return { status, summary, evidence };
}

function failure(stream: StreamDefinition, error: unknown): CheckResult {
  return {
    group: 'dry-read',
    id: `dry-read.${stream.name}`,
    title: `试读 ${stream.name}`,
    status: 'fail',
    summary: '读取失败',
    evidence: [maskPiiInText(error instanceof Error ? error.message : String(error))],
  };
}

/** Whether a table exists with every required column: dry-reading it otherwise only repeats that failure. */
async function readable(source: SqlSource, stream: StreamDefinition): Promise<string | undefined> {
  const columns = await source.columns(stream.sourceTable);
  if (!columns) return `表 ${stream.sourceTable} 不存在`;
  const names = new Set(columns.map((column) => column.name.toLowerCase()));
  const missing = stream.requiredColumns.filter((name) => !names.has(name.toLowerCase()));
  return missing.length > 0 ? `缺少必需列 ${missing.join('、')}` : undefined;
}

export async function dryReadSql(source: SqlSource, options: DryReadOptions): Promise<CheckResult[]> {
  const pageSize = options.pageSize ?? 500;
  const lag = options.safetyLagSeconds ?? 5;
  const budget = options.errorBudgetRatio ?? 0.05;
  const results: CheckResult[] = [];
  for (const stream of options.layout.streams) {
    const id = `dry-read.${stream.name}`;
    const title = `试读 ${stream.name}`;
    try {
      const blocked = await readable(source, stream);
      if (blocked) {
        results.push({ group: 'dry-read', id, title, status: 'fail', summary: `无法试读：${blocked}`, evidence: [] });
        continue;
      }
      const after = (await options.cursorOf?.(stream)) ?? null;
      const before = source.shiftTime(await source.now(), -lag);
      const rows = await source.readPage({
        table: stream.sourceTable,
        timeColumn: stream.cursor.timeColumn,
        idColumn: stream.cursor.idColumn,
        after,
        before,
        limit: pageSize,
      });
      const tally = newTally();
      const seen = new Set<string>();
      for (const row of rows) {
        const rowId = String(row[stream.cursor.idColumn] ?? '');
        const where = `${stream.sourceTable} ${stream.cursor.idColumn}=${rowId} ${stream.cursor.timeColumn}=${String(
          row[stream.cursor.timeColumn] ?? '',
        )}`;
        if (seen.has(rowId)) {
          tally.read += 1;
          addProblems(
            tally,
            [{ code: 'duplicate_in_page', field: stream.cursor.idColumn, message: '同一页中主键重复' }],
            where,
          );
          continue;
        }
        seen.add(rowId);
        mapRow(stream, row, options.mapContext, tally, where);
      }
      const header = [
        `起点 ${after ? `游标 (${after.time}, ${after.id})` : '表的开头（尚无游标）'}，上限 ${before}（前置机时间减 ${lag} 秒），每页 ${pageSize} 行`,
      ];
      results.push({ group: 'dry-read', id, title, ...verdict(tally, header, budget) });
    } catch (error) {
      results.push(failure(stream, error));
    }
  }
  return results;
}

export async function dryReadFiles(
  source: DropFolderSource,
  options: DryReadOptions & {
    isApplied?: (hash: string) => Promise<boolean>;
  },
): Promise<CheckResult[]> {
  const pageSize = options.pageSize ?? 500;
  const budget = options.errorBudgetRatio ?? 0.05;
  const files = await source.listReady(options.isApplied ?? (async () => false));
  const results: CheckResult[] = [];
  for (const stream of options.layout.streams) {
    const id = `dry-read.${stream.name}`;
    const title = `试读 ${stream.name}`;
    const mine = files.filter((file) => file.table.toLowerCase() === stream.sourceTable.toLowerCase());
    const tally = newTally();
    const read: string[] = [];
    try {
      for (const file of mine) {
        if (tally.read >= pageSize) break;
        read.push(`${file.name}（${file.size} 字节，SHA-256 ${file.hash.slice(0, 12)}…）`);
        for await (const line of source.readLines(file)) {
          if (tally.read >= pageSize) break;
          const where = `${file.name} 第 ${line.line} 行`;
          if ('error' in line) {
            tally.read += 1;
            addProblems(tally, [{ code: line.error.code, message: line.error.message }], where);
          } else {
            mapRow(stream, line.row, options.mapContext, tally, where);
          }
        }
      }
    } catch (error) {
      results.push(failure(stream, error));
      continue;
    }
    const header = [
      mine.length === 0
        ? `待处理文件：无（${stream.sourceTable}.*.jsonl / .csv，须有 .ok 标记）`
        : `待处理文件 ${mine.length} 个，试读：${read.join('，')}`,
    ];
    results.push({ group: 'dry-read', id, title, ...verdict(tally, header, budget) });
  }
  return results;
}
