/**
 * Every front-processor table the layout reads, compared with what the layout needs: the table
 * exists; required columns are there (a missing one stops that stream); columns the mapping does
 * not know (kept in `extra`); the cursor columns' types; types and lengths against a reference
 * column list when the layout has one; row count, newest change and its lag; and an index on
 * (change time, row id), without which every incremental read scans the table.
 */
import type { Layout, SourceColumn, SqlSource, StreamDefinition } from '../contracts.js';
import { tableFacts, type FrontSql, type TableFacts } from './front-metadata.js';
import { describeDuration, secondsBetween } from './source-time.js';
import { worstOf, type CheckResult, type CheckStatus } from './types.js';

export interface SqlFrontCheckOptions {
  layout: Layout;
  source: SqlSource;
  /** Catalogue connection for counts, newest change and indexes; without it those are not reported. */
  metadata?: FrontSql;
  /** Reference columns (types, lengths) of a table per the layout's standard, when known. */
  expectedColumns?: (table: string) => readonly SourceColumn[] | undefined;
  /** Newest change older than this is a warning: is anyone still pushing? Default one day. */
  staleAfterSeconds?: number;
  /** How first loads read (sync.initialLoad); `snapshot` (default) needs an index led by the id column. */
  initialLoad?: 'snapshot' | 'keyset';
}

const TIME_TYPES = /^(datetime|timestamp|timestamp without time zone|timestamp with time zone|timestamptz|date)/;
const TEXT_TYPES = /^(varchar|char|character varying|character|text|nvarchar|nchar|tinytext|mediumtext|longtext)/;
const NUMBER_TYPES = /^(int|integer|bigint|smallint|tinyint|mediumint|numeric|decimal|number)/;

function family(type: string): 'time' | 'text' | 'number' | 'other' {
  const lower = type.toLowerCase();
  if (TIME_TYPES.test(lower)) return 'time';
  if (TEXT_TYPES.test(lower)) return 'text';
  if (NUMBER_TYPES.test(lower)) return 'number';
  return 'other';
}

function describeColumn(column: SourceColumn): string {
  return `${column.name} ${column.type}${column.length ? `(${column.length})` : ''}${column.nullable ? '' : ' NOT NULL'}`;
}

interface Finding {
  status: CheckStatus;
  text: string;
}

function columnFindings(
  stream: StreamDefinition,
  columns: readonly SourceColumn[],
  expected: readonly SourceColumn[] | undefined,
): Finding[] {
  const findings: Finding[] = [];
  const byName = new Map(columns.map((column) => [column.name.toLowerCase(), column]));
  const has = (name: string) => byName.has(name.toLowerCase());

  const missingRequired = stream.requiredColumns.filter((name) => !has(name));
  if (missingRequired.length > 0) {
    findings.push({ status: 'fail', text: `缺少必需列 ${missingRequired.join('、')}：该数据流将停止同步` });
  }
  const missingKnown = stream.knownColumns.filter((name) => !has(name) && !stream.requiredColumns.includes(name));
  if (missingKnown.length > 0) {
    findings.push({ status: 'warn', text: `缺少可选列 ${missingKnown.join('、')}：相应字段将为空` });
  }
  const known = new Set(stream.knownColumns.map((name) => name.toLowerCase()));
  const added = columns.filter((column) => !known.has(column.name.toLowerCase())).map((column) => column.name);
  if (added.length > 0) {
    findings.push({ status: 'warn', text: `映射未使用的列 ${added.join('、')}：其值将原样保留在 extra 中` });
  }

  const timeColumn = byName.get(stream.cursor.timeColumn.toLowerCase());
  if (timeColumn) {
    const kind = family(timeColumn.type);
    if (kind === 'text') {
      findings.push({
        status: 'warn',
        text: `游标时间列 ${timeColumn.name} 为文本类型 ${timeColumn.type}：须保证格式统一（yyyy-MM-dd HH:mm:ss）才能按时间排序`,
      });
    } else if (kind !== 'time') {
      findings.push({ status: 'fail', text: `游标时间列 ${timeColumn.name} 的类型 ${timeColumn.type} 不是时间类型` });
    }
  }
  const idColumn = byName.get(stream.cursor.idColumn.toLowerCase());
  if (idColumn && !['text', 'number'].includes(family(idColumn.type))) {
    findings.push({ status: 'fail', text: `游标主键列 ${idColumn.name} 的类型 ${idColumn.type} 无法排序比较` });
  }

  for (const reference of expected ?? []) {
    const actual = byName.get(reference.name.toLowerCase());
    if (!actual) continue;
    const want = family(reference.type);
    const got = family(actual.type);
    if (want !== 'other' && got !== 'other' && want !== got) {
      findings.push({
        status: 'warn',
        text: `列 ${actual.name} 类型为 ${actual.type}，标准为 ${reference.type}`,
      });
    }
    // TEXT columns report their storage maximum (65,535), not a declared limit: only char types compare.
    const declared = /^(var)?char|^character|^nvarchar|^nchar/i.test(actual.type);
    if (declared && reference.length && actual.length && actual.length > reference.length) {
      findings.push({
        status: 'warn',
        text: `列 ${actual.name} 长度 ${actual.length} 超过标准 ${reference.length}：超长的值将被隔离（too_long）`,
      });
    }
  }
  return findings;
}

function factFindings(
  facts: TableFacts,
  stream: StreamDefinition,
  staleAfterSeconds: number,
  initialLoad: 'snapshot' | 'keyset',
): Finding[] {
  const findings: Finding[] = [];
  if (facts.rowCount === 0) findings.push({ status: 'warn', text: '表中没有数据' });
  if (facts.newestChange) {
    const lag = secondsBetween(facts.newestChange, facts.sourceNow);
    if (lag !== undefined && lag > staleAfterSeconds) {
      findings.push({ status: 'warn', text: `最近一次变更在 ${describeDuration(lag)}前：请确认数据推送是否正常` });
    }
    if (lag !== undefined && lag < -60) {
      findings.push({
        status: 'warn',
        text: `最新变更时间比前置机当前时间晚 ${describeDuration(-lag)}：请检查前置机时钟或时区`,
      });
    }
  }
  if (facts.cursorIndex === false) {
    findings.push({
      status: 'warn',
      text: `缺少 (${stream.cursor.timeColumn}, ${stream.cursor.idColumn}) 索引：每次增量读取都会扫描全表`,
    });
  }
  if (facts.idIndex === false && initialLoad === 'snapshot') {
    findings.push({
      status: 'warn',
      text:
        `缺少以 ${stream.cursor.idColumn} 开头的索引（最好是主键）：首次全量读取按该列顺序分页，每页都要扫描全表；` +
        '请让前置机厂商建索引，或设置 SYNC_INITIAL_LOAD=keyset',
    });
  }
  return findings;
}

function factEvidence(facts: TableFacts, stream: StreamDefinition): string[] {
  const lag = facts.newestChange ? secondsBetween(facts.newestChange, facts.sourceNow) : undefined;
  return [
    `行数 ${facts.rowCount}`,
    `最新变更 ${stream.cursor.timeColumn} = ${facts.newestChange ?? '（无）'}，前置机当前时间 ${facts.sourceNow}` +
      (lag === undefined ? '' : `，延迟 ${describeDuration(lag)}`),
    facts.cursorIndex === undefined
      ? '索引：无法从前置机目录读取'
      : `索引：${facts.indexes.length > 0 ? facts.indexes.join('；') : '无'}`,
  ];
}

async function tableCheck(stream: StreamDefinition, options: SqlFrontCheckOptions): Promise<CheckResult> {
  const id = `front.table.${stream.name}`;
  const title =
    stream.name === stream.sourceTable
      ? `前置机表 ${stream.sourceTable}`
      : `前置机表 ${stream.sourceTable}（数据流 ${stream.name}）`;
  let columns: SourceColumn[] | null;
  try {
    columns = await options.source.columns(stream.sourceTable);
  } catch (error) {
    return {
      group: 'front',
      id,
      title,
      status: 'fail',
      summary: '无法读取表结构',
      evidence: [error instanceof Error ? error.message : String(error)],
    };
  }
  if (!columns) {
    return {
      group: 'front',
      id,
      title,
      status: 'fail',
      summary: `表 ${stream.sourceTable} 不存在：该数据流无法同步`,
      evidence: [`${options.source.description} 中没有表 ${stream.sourceTable}`],
    };
  }
  const findings = columnFindings(
    stream,
    columns,
    stream.expectedColumns ?? options.expectedColumns?.(stream.sourceTable),
  );
  const evidence = [`列（${columns.length}）：${columns.map(describeColumn).join('，')}`];
  if (options.metadata) {
    try {
      const facts = await tableFacts(options.metadata, stream.sourceTable, stream.cursor);
      findings.push(
        ...factFindings(facts, stream, options.staleAfterSeconds ?? 86_400, options.initialLoad ?? 'snapshot'),
      );
      evidence.push(...factEvidence(facts, stream));
    } catch (error) {
      findings.push({ status: 'warn', text: `无法统计行数和最新变更：${(error as Error).message}` });
    }
  }
  const status = worstOf(findings.map((finding) => finding.status));
  const problems = findings.filter((finding) => finding.status === status);
  return {
    group: 'front',
    id,
    title,
    status,
    summary:
      status === 'pass'
        ? `表结构与映射一致（必需列 ${stream.requiredColumns.length} 个齐全）`
        : problems.map((finding) => finding.text).join('；'),
    evidence: [
      ...findings.map((finding) => `${finding.status === 'fail' ? '失败' : '警告'}：${finding.text}`),
      ...evidence,
    ],
  };
}

export async function sqlFrontChecks(options: SqlFrontCheckOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  try {
    const now = await options.source.now();
    results.push({
      group: 'front',
      id: 'front.connect',
      title: '连接前置机',
      status: 'pass',
      summary: '已连接',
      evidence: [options.source.description, `前置机当前时间 ${now}`],
    });
  } catch (error) {
    return [
      {
        group: 'front',
        id: 'front.connect',
        title: '连接前置机',
        status: 'fail',
        summary: '无法连接前置机',
        evidence: [options.source.description, error instanceof Error ? error.message : String(error)],
      },
    ];
  }
  // One at a time: the front processor belongs to someone else and may be small.
  for (const stream of options.layout.streams) results.push(await tableCheck(stream, options));
  return results;
}
